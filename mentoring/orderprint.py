"""What a printed order shows, built once for the PDF (and the frozen copy):
requisites, points with their responsible persons and deadlines, the
appendices (the base app's own and those registered by other apps), the
acquaintance sheet and the executor mark.

Layout: ГОСТ Р 7.0.97-2016 (п. 5.1–5.27: organisation, kind of document,
date and registration number, place, title, text, signature, appendix mark
«Приложение к приказу … от … № …», executor mark п. 5.27); the sheet «С
приказом ознакомлены» follows ТК РФ ст. 22 ч. 2 (employees are acquainted
under signature with the local acts that concern them).
"""

import datetime
import re

from django.template.loader import render_to_string

from .models import Membership, Mentorship, Role
from .models.participants import STUDENT_GROUPS
from .orderkinds import Appendix, appendices_for
from .typography import lower_first, nbsp

PLACE = re.compile(
    r"(?:^|[\s,])(г|город|с|село|пгт|п|пос|рп)\.?\s+([А-ЯЁ][А-Яа-яЁё\- ]*[а-яё])", re.UNICODE
)
PLACE_ABBREVIATIONS = {"город": "г", "село": "с"}


def place_of(address):
    """'г. Энск' from '123456, Энская обл., г. Энск, ул. Мира, д. 1'."""
    match = PLACE.search(address or "")
    if not match:
        return ""
    kind = PLACE_ABBREVIATIONS.get(match.group(1), match.group(1))
    return f"{kind}. {match.group(2).strip()}"


def initials_first(user):
    """'Е. В. Ростовская': the signature line of Russian documents."""
    if user is None:
        return ""
    if not user.last_name:
        return user.get_username()
    initials = " ".join(f"{part[0]}." for part in (user.first_name, user.patronymic) if part)
    return f"{initials} {user.last_name}".strip()


def _head_membership(organization):
    """The organisation's director membership (the head of a department is a
    director membership there), the earliest one; ``None`` if there is none."""
    return (
        Membership.objects.filter(organization=organization, role=Role.DIRECTOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )


def organization_signer(organization):
    """The user who signs the organisation's documents (its director or the
    head of a department); ``None`` if there is none."""
    membership = _head_membership(organization)
    return membership.user if membership else None


def signer_of(order):
    """The director who signed (or will sign) the order."""
    if order.is_approved and order.decided_by is not None:
        return order.decided_by
    return organization_signer(order.organization)


def default_signer_position(organization):
    """The post printed when the signer's membership states none."""
    return "Руководитель" if organization.is_department else "Директор"


def signature_of(order):
    """{"position", "name"}: the signature line of the order, one rule for
    the page, the PDF and every other copy. The name is the signer's
    initials and surname; the position is the signer's post as their
    membership in the order's organisation states it («Начальник
    департамента образования»), else the post of the head of such an
    organisation (``default_signer_position``)."""
    organization = order.organization
    if order.is_approved and order.decided_by is not None:
        user = order.decided_by
        membership = Membership.objects.filter(organization=organization, user=user).first()
    else:
        membership = _head_membership(organization)
        user = membership.user if membership else None
    position = (membership.position if membership else "").strip()
    if not position:
        position = default_signer_position(organization)
    return {"position": position[:1].upper() + position[1:], "name": initials_first(user)}


def _date(value):
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return value.strftime("%d.%m.%Y")


def points_with_assignments(order):
    """[{"text", "list": bool, "people": [{"name", "position", "deadline"}]}]."""
    by_point = {}
    for a in order.assignments or []:
        by_point.setdefault(a["point"], []).append(
            {
                **a,
                "name": nbsp(a["name"]),
                "position": lower_first(a.get("position") or ""),
                "deadline": _date(a.get("deadline")),
            }
        )
    return [
        {
            "text": nbsp(text),
            "list": text.rstrip().endswith(":"),
            "people": by_point.get(n, []),
        }
        for n, text in enumerate(order.points, start=1)
    ]


def order_mentorships(order):
    return list(Mentorship.objects.filter(orders=order).with_people().order_by("pk"))


def acquaintance_rows(order, mentorships):
    """The persons the order names (responsible persons of points, the
    mentors of the pairs it fixes and their mentees who are employees, the
    commission of a final event), each once. Students are not acquainted
    under signature: ТК РФ ст. 22 concerns employees."""
    rows, seen = [], set()

    def add(name, position):
        if name and name not in seen:
            seen.add(name)
            rows.append({"name": nbsp(name), "position": position or ""})

    for a in order.assignments or []:
        add(a["name"], a.get("position"))
    if order.kind == "pairing":
        for m in mentorships:
            for p in m.mentors:
                add(p.short_name, p.position)
            for p in m.mentees:
                if p.target_group not in STUDENT_GROUPS:
                    add(p.short_name, p.position)
    for c in (order.details or {}).get("commission", []):
        add(c["name"], c.get("position"))
    return rows


def _own_appendices(order, mentorships):
    spec = order.spec
    found = []
    if spec.mentorship_status and mentorships:
        found.append(
            Appendix(
                title=order.appendix_title or spec.appendix_title,
                html=render_to_string(
                    "pdf/order_appendix_pairs.html", {"mentorships": mentorships}
                ),
            )
        )
    if spec.details == "award" and order.details.get("awards"):
        found.append(
            Appendix(
                title=order.appendix_title or spec.appendix_title,
                html=render_to_string(
                    "pdf/order_appendix_award.html", {"awards": order.details["awards"]}
                ),
            )
        )
    if spec.details == "final_event" and order.details:
        found.append(
            Appendix(
                title=order.appendix_title or spec.appendix_title,
                html=render_to_string(
                    "pdf/order_appendix_final_event.html",
                    {"details": order.details, "date": _date(order.details.get("date"))},
                ),
            )
        )
    return found


def order_print_context(order, *, place=""):
    """The context of templates/pdf/order.html for ``order``."""
    organization = order.organization
    mentorships = order_mentorships(order) if order.spec.mentorship_status else []
    appendices = [*_own_appendices(order, mentorships), *appendices_for(order)]
    signature = signature_of(order)
    return {
        "order": order,
        "org": organization,
        "founder": organization.parent.name if organization.parent_id else "",
        "place": place,
        "title": nbsp(order.title),
        "preamble": nbsp(order.preamble),
        "points": points_with_assignments(order),
        "signer": nbsp(signature["name"]),
        "signer_position": signature["position"],
        "appendices": appendices,
        "numbered": len(appendices) > 1,
        "acquaintance": acquaintance_rows(order, mentorships) if order.spec.acquaintance else [],
        "executor": nbsp(order.executor),
        "mentorships": mentorships,
    }


def order_pdf_bytes(order):
    """The printed order (with its appendices) as PDF bytes, from live data.
    An approved order is rendered by this once, at approval
    (services.orders.order_freeze); its downloads serve the stored file."""
    from .pdf import render_pdf

    context = order_print_context(order, place=place_of(order.organization.address))
    return render_pdf("pdf/order.html", context)
