"""Public pages, no login: the personal link of a questionnaire and the
application "Стать наставником".

The personal link never logs anybody in and never looks at request.user: it
opens this one questionnaire and nothing else. An altered or unknown token is
the same 404 as a page that does not exist (no oracle for guessing).
"""

from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from mentoring.access import client_ip
from mentoring.models import ConsentKind, ConsentText, Organization
from mentoring.services.consents import consent_text_default
from mentoring.submit_once import submit_once

from . import services
from .forms import ApplyForm
from .services import LinkState
from .views import _fill_sections

BUSY_MESSAGE = (
    "Сервер сейчас занят другими заявками, ваша не сохранена. Отправьте форму ещё раз через минуту."
)


def _private(response):
    # The token is in the address: keep it out of Referer headers sent to other
    # sites, caches and search engines. Not "no-referrer": with it browsers
    # send "Origin: null" on the form's POST and the CSRF check refuses it.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _message(request, title, text, *, status, campaign=None):
    return _private(
        render(
            request,
            "surveys/respond_message.html",
            {"title": title, "text": text, "campaign": campaign},
            status=status,
        )
    )


def _posted(data):
    """What the respondent typed, to show it again next to the errors."""
    return {int(k[1:]): data.getlist(k) for k in data if k[:1] == "q" and k[1:].isdigit()}


@never_cache
def respond(request, token):
    state, invitation = services.link_resolve(token)
    if state == LinkState.UNKNOWN:
        return _message(
            request,
            "Ссылка не найдена",
            "Такой ссылки на анкету нет. Проверьте, что адрес скопирован полностью, "
            "или попросите у методиста новую ссылку.",
            status=404,
        )
    campaign = invitation.campaign
    if state == LinkState.REVOKED:
        return _message(
            request,
            "Ссылка заменена новой",
            "Эта ссылка больше не действует: вместо неё выдана новая. Воспользуйтесь "
            "последним письмом или обратитесь к методисту. Ваши ответы сохранены.",
            status=410,
            campaign=campaign,
        )
    if state == LinkState.STOPPED:
        return _message(
            request,
            "Анкета больше не принимает ответов",
            "Согласие на обработку персональных данных отозвано: новые сведения о вас не "
            "собираются (ч. 5 ст. 21 Федерального закона № 152-ФЗ). Если это ошибка, "
            "обратитесь к методисту.",
            status=410,
            campaign=campaign,
        )
    response = services.response_find(invitation, token)
    initial = services.answers_initial(response)
    errors, notice, missing = {}, "", []
    read_only = state == LinkState.EXPIRED
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if read_only:
            notice = services.CLOSED_MESSAGE
        else:
            try:
                response, missing = services.response_save(
                    invitation=invitation, data=request.POST, submit=action == "submit", raw=token
                )
            except services.CampaignClosedError as exc:
                read_only, notice = True, exc.messages[0]
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    errors = {k: v[0] for k, v in exc.message_dict.items()}
                    notice = "Ответы не сохранены: исправьте отмеченные вопросы."
                else:
                    notice = exc.messages[0]
                initial = _posted(request.POST)
            else:
                if request.headers.get("HX-Request"):
                    return render(
                        request,
                        "surveys/includes/autosave_status.html",
                        {"saved_at": timezone.localtime()},
                    )
                if not missing:
                    done = "sent" if action == "submit" else "saved"
                    return redirect(f"{request.path}?{done}=1")
                initial = services.answers_initial(response)
            if request.headers.get("HX-Request"):
                return render(
                    request,
                    "surveys/includes/autosave_status.html",
                    {"error": notice or "Не сохранено."},
                )
    elif read_only:
        notice = (
            "Приём ответов завершён. Ниже — ваши ответы, изменить их уже нельзя."
            if response
            else "Приём ответов на эту анкету завершён."
        )
    if read_only and response is None:
        return _message(request, "Срок ответа истёк", notice, status=410, campaign=campaign)
    return _private(
        render(
            request,
            "surveys/respond.html",
            {
                "campaign": campaign,
                "survey": campaign.version.survey,
                "organization": campaign.organization,
                "sections": _fill_sections(campaign.version, initial, errors),
                "response": response,
                "read_only": read_only,
                "notice": notice,
                "missing": missing,
                "errors": errors,
                "sent": request.GET.get("sent") and response is not None,
                "saved": request.GET.get("saved"),
            },
        )
    )


@submit_once
def apply(request, slug):
    """The public application "Стать наставником": a potential mentor in the
    bank together with the processing consent given on this form."""
    organization = get_object_or_404(Organization.objects.exclude(kind="department"), slug=slug)
    # The public section's settings (reports app) may switch the form off;
    # getattr: no settings row means the defaults.
    public = getattr(organization, "public_settings", None)
    if public is not None and not (public.is_enabled and public.show_apply):
        raise Http404
    page = {"organization": organization, "public": public, "active": "apply"}
    if request.GET.get("sent"):
        return render(request, "public/apply.html", {**page, "sent": True})
    current = consent_text_default(organization, ConsentKind.PROCESSING)
    form = ApplyForm(request.POST or None, initial={"consent_text": current.pk})
    shown_text = current
    if request.method == "POST":
        if request.POST.get("website"):
            # A bot filled the hidden field: answer as if all went well.
            return redirect(f"{request.path}?sent=1")
        if form.is_valid():
            shown_text = ConsentText.objects.filter(
                pk=form.cleaned_data["consent_text"],
                organization=organization,
                kind=ConsentKind.PROCESSING,
            ).first()
            ip = client_ip(request)
            if shown_text is None:
                shown_text = current
                form.add_error(None, "Текст согласия обновился: прочитайте его и отметьте ещё раз.")
            else:
                # The rate limit is checked inside, under a lock.
                try:
                    services.mentor_application_submit(
                        organization=organization,
                        data=form.cleaned_data,
                        consent_text=shown_text,
                        ip=ip,
                    )
                except OperationalError:
                    # SQLite under a burst of parallel posts: "database is
                    # locked" after the timeout. Nothing was saved.
                    form.add_error(None, BUSY_MESSAGE)
                except ValidationError as exc:
                    for field, errs in getattr(exc, "message_dict", {None: exc.messages}).items():
                        form.add_error(field if field in form.fields else None, errs)
                else:
                    return redirect(f"{request.path}?sent=1")
    return render(
        request,
        "public/apply.html",
        {**page, "form": form, "consent_text": shown_text},
    )
