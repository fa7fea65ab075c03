"""Writes of the documents app: the Положение and its versions, the
agreements with mentors, signed scans, and the payment register (a read).
Keyword-only arguments, atomic, ``full_clean`` before saving."""

import datetime
import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q

from mentoring.files import store
from mentoring.models import (
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    Order,
    OrderKind,
    OrderStatus,
    Organization,
    Participant,
    TargetGroup,
)
from mentoring.services import STALE_MESSAGE, StaleEditError
from mentoring.services.orders import (
    clean_register_number,
    order_create,
    order_defaults,
    register_number_taken,
)
from reports.public_cache import public_cache_bump

from .models import (
    AgreementKind,
    DocumentSettings,
    DocumentStatus,
    MentorAgreement,
    OrderAppendix,
    Regulation,
    RegulationVersion,
    SignedScan,
)
from .regulation_templates import regulation_sections

# Target groups whose members are the organisation's employees (ТК РФ ст. 351.8
# applies); the others (partners' representatives, students) mentor under a
# volunteer or civil-law agreement.
EMPLOYEE_GROUPS = frozenset({TargetGroup.TEACHER, TargetGroup.YOUNG_SPECIALIST, TargetGroup.HEAD})


def settings_for(organization):
    """The organisation's DocumentSettings (created with defaults)."""
    found, _ = DocumentSettings.objects.get_or_create(organization=organization)
    return found


def is_employee(participant):
    return participant.target_group in EMPLOYEE_GROUPS


def _freeze(instance, pdf_bytes, name):
    instance.frozen_pdf.save(name, ContentFile(pdf_bytes), save=False)
    instance.frozen_sha256 = hashlib.sha256(pdf_bytes).hexdigest()


# --- the Положение -------------------------------------------------------------------


@transaction.atomic
def regulation_create(*, organization, by):
    """A new draft Положение from the template of the organisation's kind,
    filled with its data (documents.regulation_templates). While a draft
    exists it is returned instead: a repeated request never makes a second
    draft (the organisation's row is the lock)."""
    Organization.objects.select_for_update().get(pk=organization.pk)
    draft = (
        Regulation.objects.filter(organization=organization, status=DocumentStatus.DRAFT)
        .order_by("-pk")
        .first()
    )
    if draft is not None:
        return draft
    pay = settings_for(organization).monthly_pay
    regulation = Regulation(organization=organization, created_by=by)
    regulation.full_clean()
    regulation.save()
    RegulationVersion.objects.create(
        regulation=regulation,
        number=1,
        sections=regulation_sections(organization, monthly_pay=pay or None),
        comment="Создано по шаблону",
        created_by=by,
    )
    return regulation


@transaction.atomic
def regulation_section_update(*, regulation, key, heading, text, version, by):
    """A new version with one section changed. ``version`` is the number of
    the version the editor saw (StaleEditError when another edit came
    first); an approved Положение is frozen (ValidationError)."""
    locked = Regulation.objects.select_for_update().get(pk=regulation.pk)
    if locked.is_approved:
        raise ValidationError("Утверждённое Положение изменить нельзя: создайте новую редакцию.")
    if locked.order_id and locked.order.status == OrderStatus.SUBMITTED:
        raise ValidationError("Приказ об утверждении Положения на утверждении: правка закрыта.")
    current = locked.current_version()
    if current.number != version:
        raise StaleEditError(STALE_MESSAGE)
    heading, text = " ".join(heading.split()), text.strip().replace("\r\n", "\n")
    if not heading or not text:
        raise ValidationError("Заголовок и текст раздела не могут быть пустыми.")
    sections = [dict(s) for s in current.sections]
    for section in sections:
        if section["key"] == key:
            if section["heading"] == heading and section["text"] == text:
                return current
            section["heading"], section["text"] = heading, text
            break
    else:
        raise ValidationError("Такого раздела в Положении нет.")
    return RegulationVersion.objects.create(
        regulation=locked,
        number=current.number + 1,
        sections=sections,
        comment=f"Изменён раздел «{heading}»",
        created_by=by,
    )


@transaction.atomic
def regulation_order_create(*, regulation, by):
    """Draft the order «Об утверждении Положения о наставничестве» that
    carries the Положение as its appendix; the draft order already made is
    returned again."""
    locked = Regulation.objects.select_for_update().get(pk=regulation.pk)
    if locked.is_approved:
        raise ValidationError("Положение уже утверждено.")
    if locked.order_id and locked.order.status != OrderStatus.APPROVED:
        return locked.order
    order = order_create(
        organization=locked.organization,
        kind=OrderKind.REGULATION,
        data=order_defaults(OrderKind.REGULATION),
        by=by,
    )
    locked.order = order
    locked.save(update_fields=["order"])
    return order


def regulation_approved_by_order(*, order, by=None):
    """Effect of approving a "regulation" order (registered in
    documents/orders.py): its Положение's current version becomes the
    approved one, and the PDF is rendered once and stored with SHA-256."""
    from .exports import regulation_pdf

    for regulation in Regulation.objects.select_for_update().filter(
        order=order, status=DocumentStatus.DRAFT
    ):
        regulation.approved_version = regulation.current_version()
        regulation.approved_on = order.signed_on
        regulation.status = DocumentStatus.APPROVED
        _freeze(regulation, regulation_pdf(regulation), f"polozhenie-{regulation.pk}.pdf")
        regulation.full_clean()
        regulation.save()
        public_cache_bump(order.organization_id)


# --- agreements with mentors (ТК РФ ст. 351.8) ----------------------------------------


def _mentee_words(mentorship):
    mentees = mentorship.mentees
    adults = [p for p in mentees if p.target_group in EMPLOYEE_GROUPS]
    if adults and len(adults) == len(mentees):
        names = ", ".join(p.short_name for p in adults)
        return f"наставляемому(-ым) {names}"
    return f"наставляемым наставнической {'группы' if len(mentees) > 1 else 'пары'}"


def agreement_defaults(*, organization, mentor, mentorship=None, starts_on=None, ends_on=None):
    """The terms an agreement starts with: from the pair (term, form, mentees)
    or, for an agreement for the year, from the given term; pay from the
    organisation's settings. Kind: an additional agreement for an employee,
    a volunteer agreement for an outside mentor."""
    settings = settings_for(organization)
    employee = is_employee(mentor)
    if mentorship is not None:
        starts_on = mentorship.planned_start or mentorship.activated_on
        ends_on = mentorship.planned_end
        form = mentorship.form.name
        content = (
            f"Оказание помощи {_mentee_words(mentorship)} в овладении навыками работы и "
            "достижении целей персонализированной программы наставничества: "
            "разработка программы совместно с наставляемым, регулярные встречи, "
            "консультации, контроль выполнения плана, участие в мониторинге."
        )
    else:
        if starts_on is None:
            # An agreement for the year: the academic year now running.
            today = datetime.date.today()
            year = today.year if today.month >= 9 else today.year - 1
            starts_on, ends_on = datetime.date(year, 9, 1), datetime.date(year + 1, 5, 31)
        form = (
            ", ".join(
                sorted(
                    {
                        m.mentorship.form.name
                        for m in MentorshipMember.objects.filter(
                            participant=mentor, role=MentorshipMember.Role.LEAD
                        ).select_related("mentorship__form")
                    }
                )
            )
            or "педагог – педагог"
        )
        content = (
            "Наставничество в отношении наставляемых, закреплённых приказами руководителя "
            "в течение срока соглашения, по персонализированным программам наставничества."
        )
    return {
        "kind": AgreementKind.ADDITIONAL if employee else AgreementKind.VOLUNTEER,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "form": form,
        "content": content,
        "monthly_pay": settings.monthly_pay if employee else Decimal("0"),
        "pay_terms": settings.pay_terms if employee else "",
    }


@transaction.atomic
def agreement_create(*, organization, mentor, mentorship=None, data=None, by):
    """A draft agreement with ``mentor`` (per pair when ``mentorship`` is
    given, else for the term in ``data``). An additional agreement to an
    employment contract is refused for a mentor who is not an employee
    (ValidationError): ТК РФ ст. 351.8 covers employees only."""
    if mentor.organization_id != organization.pk:
        raise ValidationError("Наставник другой организации.")
    if mentorship is not None:
        if mentorship.organization_id != organization.pk:
            raise ValidationError("Пара другой организации.")
        if mentor not in mentorship.mentors:
            raise ValidationError("Этот участник не наставник выбранной пары.")
    values = agreement_defaults(
        organization=organization,
        mentor=mentor,
        mentorship=mentorship,
        starts_on=(data or {}).get("starts_on"),
        ends_on=(data or {}).get("ends_on"),
    )
    values.update({k: v for k, v in (data or {}).items() if v not in (None, "")})
    if values["kind"] == AgreementKind.ADDITIONAL and not is_employee(mentor):
        raise ValidationError(
            f"{mentor.full_name} не работник организации: дополнительное соглашение к "
            "трудовому договору не заключается. Оформите соглашение о добровольческой "
            "деятельности или гражданско-правовой договор."
        )
    if values["kind"] == AgreementKind.VOLUNTEER:
        values["monthly_pay"] = Decimal("0")
    if not values.get("starts_on") or not values.get("ends_on"):
        raise ValidationError("Укажите срок наставничества.")
    # One agreement per pair, one agreement for the year per term: a second
    # one (a repeated request) would be paid twice in the payment register.
    Participant.objects.select_for_update().get(pk=mentor.pk)
    # An agreement for the year pays every pair of the mentor
    # (payment_register), so it may not overlap a per-pair one either.
    same = MentorAgreement.objects.filter(organization=organization, mentor=mentor)
    overlapping = Q(starts_on__lte=values["ends_on"], ends_on__gte=values["starts_on"])
    if mentorship is not None:
        same = same.filter(Q(mentorship=mentorship) | (Q(mentorship__isnull=True) & overlapping))
    else:
        same = same.filter(overlapping)
    existing = same.order_by("pk").first()
    if existing is not None:
        raise ValidationError(
            f"{mentor.full_name}: соглашение "
            + ("на этот срок" if existing.mentorship_id is None else "по этой паре")
            + " уже есть"
            + (f" (№ {existing.number})" if existing.number else " (проект)")
            + ": откройте его в списке соглашений."
        )
    agreement = MentorAgreement(
        organization=organization, mentor=mentor, mentorship=mentorship, created_by=by, **values
    )
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_approve(*, agreement, number, signed_on, by):
    """Register a signed agreement (number, date) and store the text as
    rendered (PDF, SHA-256). A number used by another agreement of the
    organisation raises ValidationError; approving twice changes nothing."""
    from .exports import agreement_pdf

    locked = MentorAgreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.is_approved:
        return locked
    number = clean_register_number(number)
    if not number or signed_on is None:
        raise ValidationError("Укажите номер и дату соглашения.")
    if register_number_taken(
        MentorAgreement.objects.filter(organization=locked.organization).exclude(pk=locked.pk),
        number,
    ):
        raise ValidationError(f"Соглашение № {number} уже есть: укажите другой номер.")
    locked.number, locked.signed_on, locked.status = number, signed_on, DocumentStatus.APPROVED
    _freeze(locked, agreement_pdf(locked), f"soglashenie-{locked.pk}.pdf")
    locked.full_clean()
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        raise ValidationError(f"Соглашение № {number} уже есть: укажите другой номер.") from None
    return locked


# --- signed scans ---------------------------------------------------------------------


def _is_approved(document):
    if isinstance(document, Order):
        return document.status == OrderStatus.APPROVED
    return getattr(document, "is_approved", False)


@transaction.atomic
def scan_attach(*, document, upload, by):
    """Attach the scan of the signed paper to an approved document (an order,
    a Положение, an agreement). The content is checked (PDF, JPEG, PNG);
    a draft gets no scan (ValidationError)."""
    if not _is_approved(document):
        raise ValidationError(
            "Скан подписанного документа прикрепляется к утверждённому документу."
        )
    scan = SignedScan(organization_id=document.organization_id, document=document, uploaded_by=by)
    scan.original_name = store(scan.file, upload, "scan")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    scan.sha256 = digest.hexdigest()
    scan.save()
    return scan


# --- extra appendices of orders ------------------------------------------------------


def _editable_order(order):
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not locked.is_editable:
        raise ValidationError(
            "Приложения меняются только в проекте приказа (черновик или возвращённый)."
        )
    return locked


@transaction.atomic
def order_appendix_add(*, order, title, upload=None, regulation=None, by):
    """Add an extra appendix to a draft order: an uploaded file (content
    checked, "document" limits of mentoring.files) or a Положение of the same
    organisation. Raises ValidationError; nothing is stored then."""
    locked = _editable_order(order)
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("Укажите заголовок приложения.")
    if (upload is None) == (regulation is None):
        raise ValidationError("Загрузите файл или выберите Положение — что-то одно.")
    appendix = OrderAppendix(order=locked, title=title[:300], created_by=by)
    if regulation is not None:
        if regulation.organization_id != locked.organization_id:
            raise ValidationError("Положение другой организации.")
        appendix.regulation = regulation
    else:
        appendix.original_name = store(appendix.file, upload, "document")
        upload.seek(0)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        appendix.sha256 = digest.hexdigest()
    appendix.full_clean()
    appendix.save()
    return appendix


@transaction.atomic
def order_appendix_delete(*, appendix, by):
    _editable_order(appendix.order)
    if appendix.file:
        appendix.file.delete(save=False)
    appendix.delete()


# --- the payment register -------------------------------------------------------------


def _months(start, end, period_start, period_end):
    """Calendar months of [period_start, period_end] in which the term
    [start, end] has at least one day."""
    lo, hi = max(start, period_start), min(end, period_end)
    if lo > hi:
        return 0
    return (hi.year - lo.year) * 12 + hi.month - lo.month + 1


def payment_register(organization, period_start, period_end):
    """Rows for the accountant: one per mentor with a paid signed agreement in
    the period — {"mentor", "position", "pairs", "months", "amount"} — and
    the totals. ``months`` counts pair-months (an agreement per pair covers
    one pair; an agreement for the year covers the mentor's pairs active in
    the period); a pair ended early (``Mentorship.ended_on``) stops its
    agreement's months there; amount = monthly pay × months of each agreement. Fixed
    number of queries."""
    if period_end < period_start:
        raise ValidationError("Конец периода раньше начала.")
    agreements = list(
        MentorAgreement.objects.filter(
            organization=organization,
            status=DocumentStatus.APPROVED,
            monthly_pay__gt=0,
            starts_on__lte=period_end,
            ends_on__gte=period_start,
        )
        .exclude(kind=AgreementKind.VOLUNTEER)
        .select_related("mentor", "mentorship")
        .order_by("mentor__last_name", "mentor__first_name", "pk")
    )
    yearly_mentors = [a.mentor_id for a in agreements if a.mentorship_id is None]
    pairs_of = {}
    for member in MentorshipMember.objects.filter(
        participant_id__in=yearly_mentors,
        role=MentorshipMember.Role.LEAD,
        mentorship__status__in=[MentorshipStatus.ACTIVE, MentorshipStatus.COMPLETED],
    ).select_related("mentorship"):
        pairs_of.setdefault(member.participant_id, []).append(member.mentorship)
    rows = {}
    for a in agreements:
        row = rows.setdefault(
            a.mentor_id or ("destroyed", a.pk),
            {
                "mentor": a.mentor_name,
                "position": a.mentor.position if a.mentor_id else "",
                "pairs": 0,
                "months": 0,
                "amount": Decimal("0"),
            },
        )
        if a.mentorship_id:
            # Mentoring ends with the pair (completed or terminated early).
            end = min(a.ends_on, a.mentorship.ended_on or a.ends_on)
            months = _months(a.starts_on, end, period_start, period_end)
            row["pairs"] += 1
            row["months"] += months
            row["amount"] += a.monthly_pay * months
        else:
            for m in pairs_of.get(a.mentor_id, []):
                end = m.ended_on or m.planned_end or a.ends_on
                start = m.activated_on or m.planned_start or a.starts_on
                months = _months(
                    max(start, a.starts_on), min(end, a.ends_on), period_start, period_end
                )
                if months:
                    row["pairs"] += 1
                    row["months"] += months
                    row["amount"] += a.monthly_pay * months
    rows = list(rows.values())
    totals = {
        "pairs": sum(r["pairs"] for r in rows),
        "months": sum(r["months"] for r in rows),
        "amount": sum((r["amount"] for r in rows), Decimal("0")),
    }
    return rows, totals


def mentors_for_year_agreements(organization):
    """Mentors of the bank (approved) for an agreement for the year."""
    from mentoring.models import Participant

    return Participant.objects.filter(
        organization=organization, is_mentor=True, anonymized_at__isnull=True
    ).order_by("last_name", "first_name")


def mentorships_without_agreement(organization):
    """Active and agreed pairs whose lead mentor has no agreement for them."""
    covered = MentorAgreement.objects.filter(organization=organization).values("mentorship_id")
    return (
        Mentorship.objects.filter(
            organization=organization,
            status__in=[MentorshipStatus.AGREED, MentorshipStatus.ACTIVE],
        )
        .exclude(pk__in=covered)
        .with_people()
        .order_by("pk")
    )


def parse_date(value):
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)
