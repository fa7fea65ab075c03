"""Training of mentors, events, news, the bank of practices, the methodical
library, the honour board, and the files of all of them (internal and
public). See mentoring/urls.py for the URL patterns.

Who may do what:
- training, events, news, honour board: the director, coordinator and
  methodist read; the coordinator and methodist write;
- practices: everybody of the organisation submits; mentors and mentees see
  their own and the published ones; the coordinator and methodist approve,
  return, publish and mark winners; the municipal specialist reads the
  department's organisations' practices and collects approved ones into the
  municipal bank;
- library: every member reads their organisation's materials and what the
  department's other organisations share; the coordinator and methodist
  write;
- public files: anybody, only while the news item or practice is published,
  the material public, the photo allowed by the publication consent;
  otherwise 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ..access import (
    get_attachment_for,
    get_event_for,
    get_group_for,
    get_material_for,
    get_news_for,
    get_participant_for,
    get_practice_for,
    manager_required,
    materials_visible,
    my_participants,
    practices_visible,
    role_required,
    staff_required,
)
from ..files import file_response
from ..forms_activities import (
    AttachmentForm,
    AwardForm,
    ConsultationForm,
    EventForm,
    ExternalCourseForm,
    MaterialCategoryForm,
    MaterialForm,
    NewsForm,
    PortraitForm,
    PracticeForm,
    PracticeReturnForm,
    TrainingGroupForm,
    TrainingSessionForm,
    WinnerForm,
)
from ..models import (
    MANAGER_ROLES,
    PARTICIPANT_ROLES,
    STAFF_ROLES,
    Attachment,
    Award,
    Event,
    EventKind,
    ExternalCourse,
    Material,
    MaterialCategory,
    MaterialVisibility,
    News,
    Participant,
    Portrait,
    Practice,
    PracticeStatus,
    Role,
)
from ..services import activities as services
from ..services.publication import still_public
from ..submit_once import submit_once
from .banks import current_academic_year

PER_PAGE = 25
SPECIALIST_ONLY = (Role.SPECIALIST,)


def _errors_to_form(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _form_page(request, form, *, title, crumbs, cancel_url, submit="Сохранить", intro=""):
    return render(
        request,
        "mentoring/activity_form.html",
        {
            "form": form,
            "title": title,
            "crumbs": crumbs,
            "cancel_url": cancel_url,
            "submit": submit,
            "intro": intro,
        },
    )


def _role(request):
    membership = request.membership
    return membership.role if membership else None


def _period(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = current_academic_year()
    year = min(max(year, 2000), 2100)
    return year, services.academic_year_period(year)


# --- training ----------------------------------------------------------------


@staff_required
def training_list(request):
    year, period = _period(request)
    indicator = services.sessions_per_group(request.org, period)
    courses = ExternalCourse.objects.filter(participant__organization=request.org).select_related(
        "participant"
    )[:20]
    consultations = request.org.consultations.annotate(people=Count("participants")).order_by(
        "-held_on", "-pk"
    )[:10]
    return render(
        request,
        "mentoring/training_list.html",
        {
            "indicator": indicator,
            "year": year,
            "years": range(current_academic_year() + 1, current_academic_year() - 5, -1),
            "courses": courses,
            "consultations": consultations,
            "can_edit": request.membership.is_manager,
        },
    )


@manager_required
@submit_once
def training_group_create(request):
    form = TrainingGroupForm(request.POST or None, organization=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.training_group_save(
                organization=request.org,
                data=form.data_for_service(),
                members=form.cleaned_data["members"],
                by=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"Группа «{group.title}» создана.")
            return redirect(group)
    return _form_page(
        request,
        form,
        title="Новая группа обучения наставников",
        crumbs=[("Обучение наставников", reverse("mentoring:training_list"))],
        cancel_url=reverse("mentoring:training_list"),
    )


@staff_required
def training_group_detail(request, pk):
    group = get_group_for(request, pk)
    sessions = group.sessions.prefetch_related("attendees")
    members = list(group.members.all())
    return render(
        request,
        "mentoring/training_group_detail.html",
        {
            "group": group,
            "sessions": sessions,
            "members": members,
            "can_edit": request.membership.is_manager,
            "min_sessions": services.MIN_SESSIONS_PER_GROUP,
        },
    )


@manager_required
def training_group_edit(request, pk):
    group = get_group_for(request, pk, write=True)
    form = TrainingGroupForm(request.POST or None, instance=group, organization=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_group_save(
                organization=request.org,
                data=form.data_for_service(),
                members=form.cleaned_data["members"],
                by=request.user,
                group=group,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Группа сохранена.")
            return redirect(group)
    return _form_page(
        request,
        form,
        title=f"Группа «{group.title}»",
        crumbs=[
            ("Обучение наставников", reverse("mentoring:training_list")),
            (group.title, group.get_absolute_url()),
        ],
        cancel_url=group.get_absolute_url(),
    )


def _session_form(request, group, session=None):
    form = TrainingSessionForm(
        request.POST or None,
        instance=session,
        group=group,
        initial=None if session else {"held_on": timezone.localdate(), "trainer": group.trainer},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.training_session_save(
                group=group,
                data=form.data_for_service(),
                attendees=form.cleaned_data["attendees"],
                by=request.user,
                session=session,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Занятие записано.")
            return redirect(group)
    return _form_page(
        request,
        form,
        title="Занятие группы" if session else "Новое занятие",
        crumbs=[
            ("Обучение наставников", reverse("mentoring:training_list")),
            (group.title, group.get_absolute_url()),
        ],
        cancel_url=group.get_absolute_url(),
    )


@manager_required
@submit_once
def training_session_create(request, pk):
    return _session_form(request, get_group_for(request, pk, write=True))


@manager_required
def training_session_edit(request, pk, session_pk):
    group = get_group_for(request, pk, write=True)
    session = get_object_or_404(group.sessions, pk=session_pk)
    return _session_form(request, group, session)


@manager_required
@submit_once
def consultation_create(request):
    form = ConsultationForm(
        request.POST or None, organization=request.org, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_record(
                organization=request.org,
                data=form.data_for_service(),
                participants=form.cleaned_data["participants"],
                by=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Консультация записана.")
            return redirect("mentoring:training_list")
    return _form_page(
        request,
        form,
        title="Консультация наставников",
        crumbs=[("Обучение наставников", reverse("mentoring:training_list"))],
        cancel_url=reverse("mentoring:training_list"),
    )


@manager_required
@submit_once
def external_course_create(request, pk):
    participant = get_participant_for(request, pk, write=True)
    form = ExternalCourseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_course_add(
                participant=participant,
                data=form.data_for_service(),
                certificate=form.cleaned_data.get("certificate_upload"),
                by=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Курс повышения квалификации записан.")
            return redirect(f"{participant.get_absolute_url()}#training")
    return _form_page(
        request,
        form,
        title=f"Курс повышения квалификации: {participant.full_name}",
        crumbs=[(participant.full_name, participant.get_absolute_url())],
        cancel_url=participant.get_absolute_url(),
    )


@require_GET
@staff_required
def external_course_certificate(request, pk):
    course = get_object_or_404(
        ExternalCourse.objects.filter(participant__organization=request.org), pk=pk
    )
    return file_response(course.certificate, filename=course.certificate_name or "certificate")


# --- events ------------------------------------------------------------------


@staff_required
def event_list(request):
    year, period = _period(request)
    events = (
        Event.objects.filter(
            organization=request.org, held_on__gte=period[0], held_on__lte=period[1]
        )
        .annotate(
            people=Count("participants", distinct=True),
            reps=Count("representatives", distinct=True),
            files=Count("attachments", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )
    kind = request.GET.get("kind", "")
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/event_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": EventKind.choices,
            "year": year,
            "years": range(current_academic_year() + 1, current_academic_year() - 5, -1),
            "reach": services.class_hour_reach(request.org, period),
            "representatives": services.regional_representatives(request.org, period),
            "can_edit": request.membership.is_manager,
        },
    )


def _event_form(request, event=None):
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        instance=event,
        organization=request.org,
        initial=None if event else {"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            # One save: a refused file must not leave the event saved
            # without it (a second submit would then duplicate the event).
            with transaction.atomic():
                saved = services.event_save(
                    organization=request.org,
                    data=form.data_for_service(),
                    participants=form.cleaned_data["participants"],
                    representatives=form.cleaned_data["representatives"],
                    by=request.user,
                    event=event,
                )
                upload = form.cleaned_data.get("upload")
                if upload:
                    services.attachments_add(
                        owner=saved,
                        files=[upload],
                        title=form.cleaned_data.get("upload_title", ""),
                        by=request.user,
                    )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Мероприятие сохранено.")
            return redirect(saved)
    crumbs = [("Мероприятия", reverse("mentoring:event_list"))]
    if event:
        crumbs.append((event.title, event.get_absolute_url()))
    return _form_page(
        request,
        form,
        title=event.title if event else "Новое мероприятие",
        crumbs=crumbs,
        cancel_url=event.get_absolute_url() if event else reverse("mentoring:event_list"),
    )


@manager_required
@submit_once
def event_create(request):
    return _event_form(request)


@manager_required
def event_edit(request, pk):
    return _event_form(request, get_event_for(request, pk, write=True))


@staff_required
def event_detail(request, pk):
    event = get_event_for(request, pk)
    return render(
        request,
        "mentoring/event_detail.html",
        {
            "event": event,
            "participants": event.participants.all(),
            "representatives": event.representatives.all(),
            "attachments": event.attachments.all(),
            "news": event.news.all(),
            "winners": event.winning_practices.all(),
            "attachment_form": AttachmentForm(),
            "can_edit": request.membership.is_manager,
        },
    )


@require_POST
@manager_required
@submit_once
def event_attachment_add(request, pk):
    event = get_event_for(request, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachments_add(
                owner=event,
                files=[form.cleaned_data["file"]],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Файл добавлен.")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(event)


@require_POST
@manager_required
@submit_once
def event_news(request, pk):
    """A news draft about the event, in one click."""
    event = get_event_for(request, pk, write=True)
    news = services.news_from_event(event=event, by=request.user)
    messages.success(request, "Черновик новости создан: проверьте текст, добавьте иллюстрацию.")
    return redirect("mentoring:news_edit", news.pk)


# --- files -------------------------------------------------------------------


@require_GET
def attachment_download(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if request.membership is None:
        raise PermissionDenied
    attachment = get_attachment_for(request, pk)
    return file_response(attachment.file, filename=attachment.original_name)


@require_POST
@role_required()
def attachment_delete(request, pk):
    attachment = get_attachment_for(request, pk, write=True)
    owner = attachment.owner
    if (
        attachment.practice_id
        and not attachment.practice.is_editable
        and request.membership.role not in MANAGER_ROLES
    ):
        # An approved practice's files change only by the coordinator/methodist.
        raise PermissionDenied
    services.attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, "Файл удалён.")
    return redirect(owner)


@require_GET
def public_file_attachment(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("news", "practice"), pk=pk)
    if not attachment.is_public or not still_public(attachment.news or attachment.practice):
        raise Http404
    return file_response(attachment.file, filename=attachment.original_name, public=True)


@require_GET
def public_file_news_picture(request, pk):
    news = get_object_or_404(News.objects.published(), pk=pk)
    if not still_public(news):
        raise Http404
    return file_response(news.picture, filename="news", public=True)


@require_GET
def public_file_material(request, pk):
    material = get_object_or_404(
        Material.objects.filter(visibility=MaterialVisibility.PUBLIC), pk=pk
    )
    if not still_public(material):
        raise Http404
    return file_response(material.file, filename=material.file_name, public=True)


@require_GET
def public_file_portrait(request, pk):
    portrait = get_object_or_404(
        Portrait.objects.select_related("participant").prefetch_related("participant__consents"),
        participant_id=pk,
    )
    if not services.portrait_is_public(portrait.participant):
        raise Http404
    return file_response(portrait.photo, filename="photo", public=True)


# --- news --------------------------------------------------------------------


@staff_required
def news_list(request):
    items = (
        News.objects.filter(organization=request.org)
        .select_related("author", "event")
        .annotate(files=Count("attachments"))
        .order_by("-created_at", "-pk")
    )
    status = request.GET.get("status", "")
    if status in News.Status.values:
        items = items.filter(status=status)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/news_list.html",
        {
            "page": page,
            "status": status,
            "statuses": News.Status.choices,
            "can_edit": request.membership.is_manager,
        },
    )


def _news_form(request, news=None):
    form = NewsForm(request.POST or None, request.FILES or None, instance=news)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("upload")
        try:
            saved = services.news_save(
                organization=request.org,
                data=form.data_for_service(),
                by=request.user,
                news=news,
                picture=form.cleaned_data.get("picture_upload"),
                clear_picture=form.cleaned_data.get("clear_picture", False),
                files=[upload] if upload else [],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Новость сохранена.")
            return redirect(saved)
    crumbs = [("Новости", reverse("mentoring:news_list"))]
    if news:
        crumbs.append((news.title, news.get_absolute_url()))
    return _form_page(
        request,
        form,
        title=news.title if news else "Новая новость",
        crumbs=crumbs,
        cancel_url=news.get_absolute_url() if news else reverse("mentoring:news_list"),
        intro="Новость сохраняется черновиком; в публичный раздел она попадёт после "
        "кнопки «Опубликовать».",
    )


@manager_required
@submit_once
def news_create(request):
    return _news_form(request)


@manager_required
def news_edit(request, pk):
    return _news_form(request, get_news_for(request, pk, write=True))


@staff_required
def news_detail(request, pk):
    news = get_news_for(request, pk)
    return render(
        request,
        "mentoring/news_detail.html",
        {
            "news": news,
            "attachments": news.attachments.all(),
            "can_edit": request.membership.is_manager,
        },
    )


@require_POST
@manager_required
def news_publish(request, pk):
    news = services.news_publish(news=get_news_for(request, pk, write=True), by=request.user)
    messages.success(request, "Новость опубликована в разделе «Наставничество».")
    return redirect(news)


@require_POST
@manager_required
def news_unpublish(request, pk):
    news = services.news_unpublish(news=get_news_for(request, pk, write=True), by=request.user)
    messages.success(request, "Новость снята с публикации.")
    return redirect(news)


@require_GET
@staff_required
def news_picture(request, pk):
    news = get_news_for(request, pk)
    return file_response(news.picture, filename="news")


# --- practices ---------------------------------------------------------------


@role_required()
def practice_list(request):
    practices = (
        practices_visible(request)
        .select_related("organization", "form", "submitted_by", "municipal_bank")
        .annotate(files=Count("attachments"))
        .order_by("-submitted_at", "-pk")
    )
    status = request.GET.get("status", "")
    if status in PracticeStatus.values:
        practices = practices.filter(status=status)
    page = Paginator(practices, PER_PAGE).get_page(request.GET.get("page"))
    role = _role(request)
    return render(
        request,
        "mentoring/practice_list.html",
        {
            "page": page,
            "status": status,
            "statuses": PracticeStatus.choices,
            "can_submit": role != Role.SPECIALIST,
            "is_specialist": role == Role.SPECIALIST,
            "is_participant": role in PARTICIPANT_ROLES,
            "counts": dict(
                practices_visible(request).values_list("status").annotate(n=Count("pk")).order_by()
            ),
        },
    )


def _practice_form(request, practice=None):
    role = _role(request)
    is_staff = role in STAFF_ROLES
    initial = None
    if practice is None and not is_staff:
        initial = {"authors": request.user.full_name}
    form = PracticeForm(
        request.POST or None,
        request.FILES or None,
        instance=practice,
        organization=request.org,
        pick_authors=is_staff,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        authors = (
            form.cleaned_data.get("author_participants", [])
            if is_staff
            else list(my_participants(request))
        )
        upload = form.cleaned_data.get("upload")
        try:
            if practice is None:
                saved = services.practice_submit(
                    organization=request.org,
                    data=form.data_for_service(),
                    authors=authors,
                    files=[upload] if upload else [],
                    by=request.user,
                )
                messages.success(
                    request, "Практика направлена на рассмотрение куратору и методисту."
                )
            else:
                saved = services.practice_update(
                    practice=practice,
                    data=form.data_for_service(),
                    authors=authors if is_staff else list(practice.author_participants.all()),
                    files=[upload] if upload else [],
                    by=request.user,
                )
                messages.success(request, "Практика сохранена.")
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(saved)
    crumbs = [("Практики", reverse("mentoring:practice_list"))]
    if practice:
        crumbs.append((practice.title, practice.get_absolute_url()))
    return _form_page(
        request,
        form,
        title=practice.title if practice else "Новая практика наставничества",
        crumbs=crumbs,
        cancel_url=practice.get_absolute_url() if practice else reverse("mentoring:practice_list"),
        submit="Сохранить" if practice else "Направить на рассмотрение",
        intro=""
        if practice
        else "Опишите практику: что делали наставник и наставляемый, "
        "какие получились результаты. Куратор или методист рассмотрит её, одобрит и "
        "опубликует в банке успешных практик.",
    )


@role_required(*STAFF_ROLES, *PARTICIPANT_ROLES)
@submit_once
def practice_create(request):
    return _practice_form(request)


@role_required(*STAFF_ROLES, *PARTICIPANT_ROLES)
def practice_edit(request, pk):
    practice = get_practice_for(request, pk, action="edit")
    if not practice.is_editable:
        messages.error(request, "Одобренную практику изменить нельзя.")
        return redirect(practice)
    return _practice_form(request, practice)


@role_required()
def practice_detail(request, pk):
    practice = get_practice_for(request, pk)
    role = _role(request)
    manager = role in MANAGER_ROLES and practice.organization_id == request.org.pk
    author = practice.submitted_by_id == request.user.pk and role != Role.SPECIALIST
    return render(
        request,
        "mentoring/practice_detail.html",
        {
            "practice": practice,
            "attachments": practice.attachments.all(),
            # The public link only while the public page serves the file.
            "files_public": practice.is_published and still_public(practice),
            "authors": practice.author_participants.all(),
            "manager": manager,
            "can_edit": practice.is_editable and (manager or author),
            "is_specialist": role == Role.SPECIALIST,
            "return_form": PracticeReturnForm(),
            "winner_form": WinnerForm(organization=practice.organization) if manager else None,
            "history": practice.history.select_related("history_user").order_by("history_date"),
        },
    )


def _decide(request, pk, action, success):
    practice = get_practice_for(request, pk, action="decide")
    try:
        action(practice=practice, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(practice)


@require_POST
@manager_required
def practice_approve(request, pk):
    return _decide(request, pk, services.practice_approve, "Практика одобрена.")


@require_POST
@manager_required
def practice_publish(request, pk):
    return _decide(
        request,
        pk,
        services.practice_publish,
        "Практика опубликована в разделе «Наставничество».",
    )


@require_POST
@manager_required
def practice_unpublish(request, pk):
    return _decide(request, pk, services.practice_unpublish, "Практика снята с публикации.")


@manager_required
def practice_return(request, pk):
    practice = get_practice_for(request, pk, action="decide")
    form = PracticeReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_return(
                practice=practice, comment=form.cleaned_data["comment"], by=request.user
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Практика возвращена автору на доработку.")
            return redirect(practice)
    return _form_page(
        request,
        form,
        title=f"Вернуть на доработку: «{practice.title}»",
        crumbs=[
            ("Практики", reverse("mentoring:practice_list")),
            (practice.title, practice.get_absolute_url()),
        ],
        cancel_url=practice.get_absolute_url(),
        submit="Вернуть",
    )


@require_POST
@manager_required
def practice_winner(request, pk):
    practice = get_practice_for(request, pk, action="decide")
    winner = request.POST.get("winner") != "0"
    event = None
    if winner:
        form = WinnerForm(request.POST, organization=practice.organization)
        if not form.is_valid():
            messages.error(request, "Выберите итоговое мероприятие.")
            return redirect(practice)
        event = form.cleaned_data["event"]
    try:
        services.practice_mark_winner(
            practice=practice, event=event, winner=winner, by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            "Практика отмечена как победитель итогового мероприятия."
            if winner
            else "Отметка о победе снята.",
        )
    return redirect(practice)


@require_POST
@role_required(*SPECIALIST_ONLY)
def practice_bank_add(request, pk):
    practice = get_practice_for(request, pk, action="bank")
    try:
        services.practice_bank_add(practice=practice, department=request.org, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Практика добавлена в муниципальный банк.")
    return redirect(practice)


@require_POST
@role_required(*SPECIALIST_ONLY)
def practice_bank_remove(request, pk):
    practice = get_practice_for(request, pk, action="bank")
    services.practice_bank_remove(practice=practice, department=request.org, by=request.user)
    messages.success(request, "Практика убрана из муниципального банка.")
    return redirect(practice)


def _department_of(request):
    org = request.org
    if org.is_department:
        return org
    return org.parent if org.parent_id and org.parent.is_department else None


@role_required(*STAFF_ROLES, Role.SPECIALIST)
def practice_bank(request):
    """The municipal bank: practices the department collected from its
    organisations. The specialist keeps it; staff of the organisations read it."""
    department = _department_of(request)
    practices = (
        Practice.objects.in_municipal_bank(department)
        .select_related("organization", "form")
        .annotate(files=Count("attachments"))
        .order_by("-is_winner", "organization__short_name", "title")
        if department
        else Practice.objects.none()
    )
    page = Paginator(practices, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/practice_bank.html",
        {
            "page": page,
            "department": department,
            "is_specialist": _role(request) == Role.SPECIALIST,
        },
    )


# --- methodical library ------------------------------------------------------


@role_required()
def material_list(request):
    materials = materials_visible(request).select_related("category", "organization")
    category = request.GET.get("category", "")
    if category.isdigit():
        materials = materials.filter(category_id=int(category))
    query = request.GET.get("q", "").strip()
    if query:
        materials = materials.filter(Q(title__icontains=query) | Q(description__icontains=query))
    page = Paginator(
        materials.order_by("category__position", "category__name", "title", "pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    categories = MaterialCategory.objects.filter(
        pk__in=materials_visible(request).values("category_id")
    ).order_by("position", "name")
    return render(
        request,
        "mentoring/material_list.html",
        {
            "page": page,
            "categories": categories,
            "category": category,
            "query": query,
            "can_edit": _role(request) in MANAGER_ROLES,
        },
    )


def _material_form(request, material=None):
    form = MaterialForm(
        request.POST or None, request.FILES or None, instance=material, organization=request.org
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.material_save(
                organization=request.org,
                data=form.data_for_service(),
                by=request.user,
                material=material,
                upload=form.cleaned_data.get("upload"),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Материал сохранён.")
            return redirect("mentoring:material_list")
    if not MaterialCategory.objects.filter(organization=request.org).exists():
        messages.info(request, "Сначала создайте раздел копилки.")
        return redirect("mentoring:material_categories")
    return _form_page(
        request,
        form,
        title=material.title if material else "Новый материал",
        crumbs=[("Методическая копилка", reverse("mentoring:material_list"))],
        cancel_url=reverse("mentoring:material_list"),
        intro="Загрузите файл или укажите ссылку. «Всем» — материал появится в публичном "
        "разделе «Наставничество».",
    )


@manager_required
@submit_once
def material_create(request):
    return _material_form(request)


@manager_required
def material_edit(request, pk):
    return _material_form(request, get_material_for(request, pk, write=True))


@require_POST
@manager_required
def material_delete(request, pk):
    material = get_material_for(request, pk, write=True)
    services.material_delete(material=material, by=request.user)
    messages.success(request, "Материал удалён.")
    return redirect("mentoring:material_list")


@require_GET
@role_required()
def material_file(request, pk):
    material = get_material_for(request, pk)
    return file_response(material.file, filename=material.file_name or "material")


@manager_required
@submit_once
def material_categories(request):
    form = MaterialCategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_category_create(
                organization=request.org, name=form.cleaned_data["name"], by=request.user
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Раздел создан.")
            return redirect("mentoring:material_categories")
    categories = (
        MaterialCategory.objects.filter(organization=request.org)
        .annotate(n=Count("materials"))
        .order_by("position", "name")
    )
    return render(
        request,
        "mentoring/material_categories.html",
        {"form": form, "categories": categories},
    )


# --- honour board ------------------------------------------------------------


@staff_required
def honour_board(request):
    """The internal view: every mentor with awards, and what the public
    board shows of them (the publication consent decides)."""
    mentors = (
        Participant.objects.of(request.org)
        .active()
        .mentors()
        .select_related("portrait")
        .prefetch_related(
            Prefetch("awards", Award.objects.order_by("-awarded_on", "-pk")), "consents"
        )
        .annotate(award_count=Count("awards"))
        .order_by("-award_count", "last_name", "first_name")
    )
    page = Paginator(mentors, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for mentor in page.object_list:
        mentor.public = mentor.public_fields(today)
    return render(
        request,
        "mentoring/honour_board.html",
        {
            "page": page,
            "public_count": len(services.honour_board(request.org, today)),
            "can_edit": request.membership.is_manager,
        },
    )


@manager_required
@submit_once
def award_create(request):
    initial = {"awarded_on": timezone.localdate()}
    if request.GET.get("participant", "").isdigit():
        initial["participant"] = int(request.GET["participant"])
    form = AwardForm(request.POST or None, organization=request.org, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_add(
                participant=form.cleaned_data["participant"],
                data=form.data_for_service(),
                by=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Награда записана.")
            return redirect("mentoring:honour_board")
    return _form_page(
        request,
        form,
        title="Награда или достижение наставника",
        crumbs=[("Доска почёта", reverse("mentoring:honour_board"))],
        cancel_url=reverse("mentoring:honour_board"),
    )


@require_POST
@manager_required
def award_delete(request, pk):
    award = get_object_or_404(Award.objects.filter(participant__organization=request.org), pk=pk)
    services.award_delete(award=award, by=request.user)
    messages.success(request, "Награда удалена.")
    return redirect("mentoring:honour_board")


@manager_required
@submit_once
def portrait_upload(request):
    initial = {}
    if request.GET.get("participant", "").isdigit():
        initial["participant"] = int(request.GET["participant"])
    form = PortraitForm(
        request.POST or None, request.FILES or None, organization=request.org, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.portrait_set(
                participant=form.cleaned_data["participant"],
                upload=form.cleaned_data["photo"],
                by=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Фотография сохранена.")
            return redirect("mentoring:honour_board")
    return _form_page(
        request,
        form,
        title="Фотография наставника для доски почёта",
        crumbs=[("Доска почёта", reverse("mentoring:honour_board"))],
        cancel_url=reverse("mentoring:honour_board"),
        intro="На публичной доске почёта фотография появится, только если наставник дал "
        "согласие на публикацию фотографии.",
    )


@require_GET
@staff_required
def portrait(request, pk):
    item = get_object_or_404(
        Portrait.objects.filter(participant__organization=request.org), participant_id=pk
    )
    return file_response(item.photo, filename="photo")
