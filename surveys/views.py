"""Staff pages of surveys (builder, campaigns, results) and the mentor's and
mentee's "Мои анкеты". The public pages (personal links, the application
form) are in views_public.py."""

import datetime
import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring.access import (
    manager_required,
    my_participants,
    role_required,
    staff_required,
)
from mentoring.models import PARTICIPANT_ROLES
from mentoring.pdf import render_pdf
from mentoring.submit_once import submit_once
from reports.xlsx import table_xlsx

from . import results as report
from . import services
from .access import (
    can_write,
    get_campaign_for,
    get_my_invitation_for,
    get_question_for,
    get_section_for,
    get_survey_for,
)
from .forms import (
    CampaignForm,
    ExtendForm,
    QuestionForm,
    ResultsFilterForm,
    SectionForm,
    SurveyForm,
    TemplateForm,
)
from .models import (
    Campaign,
    Invitation,
    Moment,
    Question,
    QuestionKind,
    Section,
    Survey,
    SurveyKind,
)
from .templates_builtin import TEMPLATES


def _base_url(request):
    return request.build_absolute_uri("/")[:-1]


def _error_text(exc):
    if hasattr(exc, "message_dict"):
        return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(exc.messages)


# --- Surveys and the builder -------------------------------------------------


@staff_required
def survey_list(request):
    surveys = (
        Survey.objects.filter(organization=request.org)
        .annotate(
            version_number=Max("versions__number"),
            campaign_count=Count("campaigns", distinct=True),
        )
        .order_by("is_archived", "title")
    )
    return render(
        request,
        "surveys/survey_list.html",
        {
            "surveys": surveys,
            "templates": TEMPLATES,
            "template_form": TemplateForm(),
            "can_edit": can_write(request),
        },
    )


@manager_required
@submit_once
def survey_create(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_create(
            organization=request.org, data=form.cleaned_data, by=request.user
        )
        messages.success(request, "Анкета создана. Добавьте вопросы.")
        return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": None})


@manager_required
@require_POST
@submit_once
def survey_from_template(request):
    form = TemplateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Выберите типовую анкету.")
        return redirect("surveys:survey_list")
    survey = services.survey_from_template(
        organization=request.org, code=form.cleaned_data["template"], by=request.user
    )
    messages.success(request, f"Создана анкета «{survey.title}» по типовой. Её можно изменить.")
    return redirect(survey)


def _builder_context(request, survey):
    version = survey.current_version()
    sections = list(version.sections.all())
    questions = list(version.questions.prefetch_related("options"))
    for section in sections:
        section.items = [q for q in questions if q.section_id == section.pk]
    return {
        "survey": survey,
        "version": version,
        "sections": sections,
        "has_responses": version.has_responses(),
        "versions": survey.versions.annotate(
            response_count=Count("responses", distinct=True),
            campaigns_count=Count("campaigns", distinct=True),
        ),
        "can_edit": can_write(request),
        "kinds": QuestionKind.choices,
        "campaigns": survey.campaigns.order_by("-created_at")[:10],
    }


@staff_required
def survey_detail(request, pk):
    survey = get_survey_for(request, pk)
    return render(request, "surveys/survey_detail.html", _builder_context(request, survey))


@manager_required
def survey_edit(request, pk):
    survey = get_survey_for(request, pk, write=True)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        services.survey_update(survey=survey, data=form.cleaned_data, by=request.user)
        messages.success(request, "Сведения об анкете сохранены.")
        return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@staff_required
def survey_preview(request, pk):
    survey = get_survey_for(request, pk)
    version = survey.current_version()
    return render(
        request,
        "surveys/preview.html",
        {"survey": survey, "version": version, "sections": _fill_sections(version, {}, {})},
    )


def _fill_sections(version, initial, errors):
    """Sections with their questions, each carrying the values to show and
    its error: what the filling template renders."""
    sections = list(version.sections.all())
    questions = list(version.questions.prefetch_related("options"))
    number = 0
    for section in sections:
        section.items = []
        for q in questions:
            if q.section_id != section.pk:
                continue
            number += 1
            q.number = number
            q.values = initial.get(q.pk, [])
            q.value = q.values[0] if q.values else ""
            q.error = errors.get(q.pk, "")
            section.items.append(q)
    return [s for s in sections if s.items]


@manager_required
@submit_once
def question_add(request, pk):
    survey = get_survey_for(request, pk, write=True)
    version = survey.current_version()
    initial = {"kind": request.GET.get("kind", QuestionKind.SCALE), "section": None}
    section_id = request.GET.get("section") or request.POST.get("section")
    if section_id:
        initial["section"] = version.sections.filter(pk=section_id).first()
    form = QuestionForm(request.POST or None, version=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(
                survey=survey,
                section=form.cleaned_data["section"],
                data=form.service_data(),
                by=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Вопрос добавлен.")
            return redirect(survey)
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "survey": survey, "question": None, **_version_flags(version)},
    )


def _version_flags(version):
    return {"has_responses": version.has_responses(), "version": version}


def _form_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@manager_required
def question_edit(request, pk):
    question = get_question_for(request, pk)
    survey = question.version.survey
    form = QuestionForm(request.POST or None, instance=question, version=question.version)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        data["section"] = form.cleaned_data["section"]
        # The form wrote into the instance: reload, so the service sees the
        # stored question (and forks a version when it has answers).
        stored = Question.objects.select_related("version__survey").get(pk=question.pk)
        try:
            services.question_update(question=stored, data=data, by=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Вопрос сохранён.")
            return redirect(survey)
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "survey": survey, "question": question, **_version_flags(question.version)},
    )


@manager_required
@require_POST
def question_delete(request, pk):
    question = get_question_for(request, pk)
    survey = question.version.survey
    forked = question.version.has_responses()
    try:
        services.question_delete(question=question, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            "Вопрос убран из новой версии анкеты; ответы на него в прежней версии сохранены."
            if forked
            else "Вопрос удалён.",
        )
    return redirect(survey)


@manager_required
@require_POST
def question_move(request, pk):
    question = get_question_for(request, pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.question_move(question=question, direction=direction, by=request.user)
    return redirect(f"{question.version.survey.get_absolute_url()}#section-builder")


@manager_required
@require_POST
def questions_reorder(request, pk):
    """Drag and drop in the builder posts the section's ids in order."""
    section = get_section_for(request, pk)
    try:
        ids = [int(i) for i in request.POST.getlist("ids")]
        services.questions_reorder(section=section, ids=ids, by=request.user)
    except (ValueError, ValidationError) as exc:
        message = _error_text(exc) if isinstance(exc, ValidationError) else "Неверный порядок."
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return HttpResponse("Порядок сохранён", content_type="text/plain; charset=utf-8")


@manager_required
@submit_once
def section_add(request, pk):
    survey = get_survey_for(request, pk, write=True)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.section_add(survey=survey, data=form.cleaned_data, by=request.user)
        messages.success(request, "Раздел добавлен.")
        return redirect(survey)
    return render(
        request,
        "surveys/section_form.html",
        {"form": form, "survey": survey, **_version_flags(survey.current_version())},
    )


@manager_required
def section_edit(request, pk):
    section = get_section_for(request, pk)
    survey = section.version.survey
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        stored = Section.objects.select_related("version__survey").get(pk=section.pk)
        services.section_update(section=stored, data=form.cleaned_data, by=request.user)
        messages.success(request, "Раздел сохранён.")
        return redirect(survey)
    return render(
        request,
        "surveys/section_form.html",
        {"form": form, "survey": survey, "section": section, **_version_flags(section.version)},
    )


@manager_required
@require_POST
def section_delete(request, pk):
    section = get_section_for(request, pk)
    try:
        services.section_delete(section=section, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "Раздел удалён.")
    return redirect(section.version.survey)


@manager_required
@require_POST
def section_move(request, pk):
    section = get_section_for(request, pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.section_move(section=section, direction=direction, by=request.user)
    return redirect(section.version.survey)


# --- Campaigns ---------------------------------------------------------------


@staff_required
def campaign_list(request):
    campaigns = (
        Campaign.objects.of(request.org)
        .select_related("survey")
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count("invitations", filter=Q(invitations__responded=True), distinct=True),
        )
    )
    for c in campaigns:
        c.rate = round(100 * c.answered / c.invited) if c.invited else 0
    return render(
        request,
        "surveys/campaign_list.html",
        {"campaigns": campaigns, "today": timezone.localdate(), "can_edit": can_write(request)},
    )


@manager_required
def campaign_create(request, pk):
    survey = get_survey_for(request, pk, write=True)
    initial = {
        "title": survey.title,
        "deadline": timezone.localdate() + datetime.timedelta(days=14),
        "moment": survey.moment,
        "audience_kind": {"mentor": "mentors", "mentee": "mentees"}.get(survey.audience, "form"),
        "is_anonymous": survey.kind == SurveyKind.SATISFACTION,
    }
    initial["submit_token"] = secrets.token_urlsafe(24)
    form = CampaignForm(request.POST or None, organization=request.org, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {
            k: form.cleaned_data.get(k)
            for k in ("title", "deadline", "is_anonymous", "moment", "baseline", "submit_token")
        }
        try:
            campaign, without_email = services.campaign_create(
                survey=survey,
                data=data,
                audience=form.audience(),
                by=request.user,
                base_url=_base_url(request),
                confirm_repeat=form.cleaned_data.get("confirm_repeat", False),
            )
        except services.CampaignAlreadyCreated as repeated:
            messages.info(request, "Эта рассылка уже создана: повторно письма не отправлялись.")
            return redirect(repeated.campaign)
        except services.CampaignRecentlySent as recent:
            # Nothing sent: the same form, asking whether to send again.
            return render(
                request,
                "surveys/campaign_form.html",
                {
                    "form": form,
                    "survey": survey,
                    "repeat_of": recent.campaign,
                    "repeat_at": timezone.localtime(recent.campaign.created_at),
                },
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                f"Рассылка создана: приглашено {campaign.invitations.count()}, "
                f"письма отправлены всем, у кого указана почта.",
            )
            if without_email:
                # Shown once on the campaign page (post/redirect/get): only
                # hashes of the links are stored, the session holds them
                # until that page is opened.
                _links_for_once(request, campaign, without_email)
            return redirect(campaign)
    return render(request, "surveys/campaign_form.html", {"form": form, "survey": survey})


def _progress_context(campaign):
    totals = campaign.invitations.aggregate(
        invited=Count("pk"), responded=Count("pk", filter=Q(responded=True))
    )
    rate = round(100 * totals["responded"] / totals["invited"]) if totals["invited"] else 0
    return {"campaign": campaign, **totals, "rate": rate}


@staff_required
def campaign_detail(request, pk):
    campaign = get_campaign_for(request, pk)
    waiting = (
        campaign.invitations.filter(responded=False)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name")
    )
    return render(
        request,
        "surveys/campaign_detail.html",
        {
            **_progress_context(campaign),
            "links": _links_once(request, campaign),
            "reissued": request.GET.get("reissued") == "1",
            "waiting": waiting,
            "can_edit": can_write(request),
            "is_open": campaign.is_open(),
            "extend_form": ExtendForm(initial={"deadline": campaign.deadline}),
            "class_groups": sorted(
                {g for g in waiting.values_list("participant__class_group", flat=True) if g}
            ),
        },
    )


@staff_required
def campaign_progress(request, pk):
    """The response-rate block, polled by htmx on the campaign page."""
    campaign = get_campaign_for(request, pk)
    return render(request, "surveys/campaign_progress.html", _progress_context(campaign))


@manager_required
@require_POST
def campaign_remind(request, pk):
    campaign = get_campaign_for(request, pk, write=True)
    try:
        sent = services.campaign_remind(
            campaign=campaign,
            by=request.user,
            base_url=_base_url(request),
            confirm_repeat=request.POST.get("confirm_repeat") == "1",
        )
    except services.RemindersRecentlySent as recent:
        return render(
            request,
            "surveys/campaign_remind_confirm.html",
            {"campaign": campaign, "sent_at": timezone.localtime(recent.sent_at)},
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request, f"Напоминаний отправлено: {sent} (тем, кто не ответил и у кого есть почта)."
        )
    return redirect(campaign)


@manager_required
@require_POST
def campaign_close(request, pk):
    campaign = get_campaign_for(request, pk, write=True)
    services.campaign_close(campaign=campaign, by=request.user)
    messages.success(request, "Рассылка завершена: персональные ссылки больше не принимают ответы.")
    return redirect(campaign)


@manager_required
@require_POST
def campaign_extend(request, pk):
    campaign = get_campaign_for(request, pk, write=True)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            revoked = services.campaign_extend(
                campaign=campaign, deadline=form.cleaned_data["deadline"], by=request.user
            )
            sent = (
                services.campaign_remind(
                    campaign=campaign, by=request.user, base_url=_base_url(request)
                )
                if revoked
                else 0
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            text = f"Срок продлён до {campaign.deadline:%d.%m.%Y}."
            if revoked:
                text += (
                    " Прежние ссылки истекли и больше не действуют. Новые ссылки отправлены "
                    f"по почте: {sent}. Тем, у кого нет почты, выдайте новую ссылку в списке "
                    "приглашённых."
                )
            messages.success(request, text)
    else:
        messages.error(request, "Укажите новый срок.")
    return redirect(campaign)


@manager_required
@require_POST
def invitation_link(request, pk):
    """A new personal link for one person, shown once; earlier links of the
    person stop working."""
    try:
        invitation = Invitation.objects.select_related("campaign", "participant").get(
            pk=pk, campaign__organization=request.org
        )
    except Invitation.DoesNotExist:
        raise Http404 from None
    if not invitation.campaign.is_open():
        messages.error(request, "Рассылка завершена: новая ссылка не нужна.")
        return redirect(invitation.campaign)
    raw = services.invitation_issue_link(invitation=invitation, revoke=True)
    link = services.respond_url(raw, _base_url(request))
    _links_for_once(request, invitation.campaign, [(invitation, link)])
    return redirect(invitation.campaign.get_absolute_url() + "?reissued=1#links")


LINKS_SESSION_KEY = "survey_links_once"


def _links_for_once(request, campaign, links):
    """Keep fresh personal links in the (server-side) session until the
    campaign page shows them once: ``links`` is ``[(invitation, url), …]``."""
    request.session[LINKS_SESSION_KEY] = {
        "campaign": campaign.pk,
        "links": [[invitation.pk, url] for invitation, url in links],
    }


def _links_once(request, campaign):
    """The links kept by ``_links_for_once`` for this campaign, removed from
    the session: ``[(invitation, url), …]`` or ``[]``."""
    kept = request.session.get(LINKS_SESSION_KEY)
    if not kept or kept.get("campaign") != campaign.pk:
        return []
    del request.session[LINKS_SESSION_KEY]
    invitations = campaign.invitations.select_related("participant").in_bulk(
        [pk for pk, _url in kept["links"]]
    )
    return [(invitations[pk], url) for pk, url in kept["links"] if pk in invitations]


# --- Results -----------------------------------------------------------------


@staff_required
def campaign_results(request, pk):
    campaign = get_campaign_for(request, pk)
    filter_form = ResultsFilterForm(request.GET or None, campaign=campaign)
    results = report.campaign_results(campaign, filter_form.filters())
    charts = {
        res.question.pk: res.chart
        for res in results.questions
        if res.distribution and res.question.kind != QuestionKind.NUMBER
    }
    return render(
        request,
        "surveys/campaign_results.html",
        {
            "campaign": campaign,
            "results": results,
            "filter_form": filter_form,
            "charts": charts,
            "followups": campaign.followups.all(),
        },
    )


@staff_required
def campaign_export(request, pk):
    campaign = get_campaign_for(request, pk)
    content = report.export_xlsx(campaign)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}.xlsx"'
    return response


@staff_required
def campaign_compare(request, pk):
    """'Expected vs actual': this campaign (the 'after' one) against its
    baseline, or against the campaign chosen in ?before=."""
    campaign = get_campaign_for(request, pk)
    candidates = Campaign.objects.of(request.org).exclude(pk=campaign.pk)
    before = campaign.baseline
    if request.GET.get("before"):
        before = candidates.filter(pk=request.GET["before"]).first() or before
    by = request.GET.get("by", "form")
    if by not in report.GROUPINGS:
        by = "form"
    anonymous = campaign.is_anonymous or (before is not None and before.is_anonymous)
    if anonymous and by != "form":
        by = "form"
    context = {
        "campaign": campaign,
        "before": before,
        "by": by,
        "groupings": [
            (key, label)
            for key, (label, _f) in report.GROUPINGS.items()
            if not anonymous or key == "form"
        ],
        "candidates": candidates.filter(moment=Moment.EXPECTED) or candidates,
    }
    if before is not None:
        codes, rows, total = report.before_after(before, campaign, by=by)
        context.update(codes=codes, rows=rows, total=total, group_label=report.GROUPINGS[by][0])
    return render(request, "surveys/campaign_compare.html", context)


@staff_required
def survey_change(request, pk):
    """Change between campaigns of one survey (quarterly diagnostics)."""
    survey = get_survey_for(request, pk)
    campaigns, table = report.diagnostics_change(list(survey.campaigns.all()))
    chart = {
        "labels": [f"{c.title} ({c.deadline:%d.%m.%Y})" for c in campaigns],
        "datasets": [
            {
                "label": row["text"],
                "data": [float(a) if a is not None else None for a in row["averages"]],
            }
            for row in table
        ],
    }
    return render(
        request,
        "surveys/survey_change.html",
        {"survey": survey, "campaigns": campaigns, "table": table, "chart": chart},
    )


# --- Mentor's and mentee's surveys --------------------------------------------


def waiting_invitations(request):
    """The signed-in participant's invitations of open campaigns, one query."""
    today = timezone.localdate()
    return (
        Invitation.objects.filter(
            participant__in=my_participants(request),
            campaign__status="open",
            campaign__deadline__gte=today,
        )
        .select_related("campaign__survey")
        .order_by("responded", "campaign__deadline")
    )


def waiting_surveys_panel(request):
    """The mentor's and mentee's home page panel (mentoring.panels):
    questionnaires waiting for their answer, or "" when there are none."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in PARTICIPANT_ROLES:
        return ""
    waiting = list(waiting_invitations(request).filter(responded=False))
    if not waiting:
        return ""
    return render_to_string(
        "surveys/cabinet_surveys.html", {"waiting_surveys": waiting}, request=request
    )


@role_required(*PARTICIPANT_ROLES)
def my_surveys(request):
    invitations = (
        Invitation.objects.filter(participant__in=my_participants(request))
        .select_related("campaign__survey")
        .order_by("-campaign__deadline")
    )
    today = timezone.localdate()
    for inv in invitations:
        inv.is_open = inv.campaign.is_open(today)
    return render(request, "surveys/my_surveys.html", {"invitations": invitations})


@role_required(*PARTICIPANT_ROLES)
@require_POST
def my_survey_open(request, pk):
    """Open one of my surveys: a fresh personal link of my own, then the same
    filling page as from the e-mail (earlier links keep working)."""
    invitation = get_my_invitation_for(request, pk)
    raw = services.invitation_issue_link(invitation=invitation)
    return redirect("surveys:respond", token=raw)


# --- personal links on paper and in a table -----------------------------------


def _waiting_with_new_links(request, campaign):
    """A new personal link for each person who has not answered (optionally
    one class or group): ``[(invitation, url), …]`` sorted by class and name.
    Earlier links keep working (like the e-mail reminders)."""
    waiting = (
        campaign.invitations.filter(responded=False)
        .select_related("participant")
        .order_by("participant__class_group", "participant__last_name", "participant__first_name")
    )
    class_group = request.POST.get("class_group", "").strip()
    if class_group:
        waiting = waiting.filter(participant__class_group=class_group)
    base_url = _base_url(request)
    return [
        (
            invitation,
            services.respond_url(services.invitation_issue_link(invitation=invitation), base_url),
        )
        for invitation in waiting
    ]


@manager_required
@require_POST
def campaign_slips(request, pk):
    """Printable slips, one per person: name, class, the link and its QR
    code (segno, SVG), for handing out in a class."""
    import segno

    campaign = get_campaign_for(request, pk, write=True)
    if not campaign.is_open():
        messages.error(request, "Рассылка завершена: листки не нужны.")
        return redirect(campaign)
    rows = _waiting_with_new_links(request, campaign)
    if not rows:
        messages.info(request, "Все ответили: листки не нужны.")
        return redirect(campaign)
    slips = [
        (invitation, url, segno.make(url, error="m").svg_inline(scale=3, border=1, omitsize=True))
        for invitation, url in rows
    ]
    pdf = render_pdf(
        "surveys/pdf/link_slips.html",
        {"campaign": campaign, "slips": slips, "org": request.org},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="links-{campaign.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@manager_required
@require_POST
def campaign_links_xlsx(request, pk):
    """The new personal links of everyone who has not answered, as XLSX."""
    campaign = get_campaign_for(request, pk, write=True)
    if not campaign.is_open():
        messages.error(request, "Рассылка завершена: ссылки не нужны.")
        return redirect(campaign)
    rows = _waiting_with_new_links(request, campaign)
    content = table_xlsx(
        title="Ссылки",
        columns=[("ФИО", 36), ("Класс или группа", 16), ("Почта", 28), ("Ссылка", 70)],
        rows=(
            [i.participant.full_name, i.participant.class_group, i.participant.email, url]
            for i, url in rows
        ),
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="links-{campaign.pk}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
