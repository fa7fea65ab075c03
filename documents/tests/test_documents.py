"""The documents of the cycle out of the system (issue 15): every kind of
order printed with its requisites in order, its appendix and the
acquaintance sheet; the Положение of each kind of organisation as PDF and
DOCX; the roadmap as the roadmap order's appendix with УТВЕРЖДЕНА; the ТК
351.8 agreements and the volunteer agreement; the payment register; signed
scans; the register number entered on approval."""

import datetime
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook

from documents.exports import (
    agreement_pdf,
    consent_pdf,
    payment_register_xlsx,
    regulation_docx,
    regulation_pdf,
)
from documents.models import AgreementKind, DocumentStatus, MentorAgreement, SignedScan
from documents.services import (
    agreement_approve,
    agreement_create,
    payment_register,
    regulation_create,
    regulation_order_create,
    regulation_section_update,
    scan_attach,
    settings_for,
)
from mentoring.factories import (
    MembershipFactory,
    MentoringFormFactory,
    OrganizationFactory,
    UserFactory,
    make_pair,
    mentor_participant,
)
from mentoring.models import Membership, Order, OrderStatus, Organization, Role, TargetGroup
from mentoring.orderkinds import KINDS
from mentoring.orderprint import order_print_context
from mentoring.pdf import render_pdf
from mentoring.services.orders import (
    order_approve,
    order_create,
    order_defaults,
    order_number_suggestion,
    order_submit,
)
from mentoring.typography import NBSP, nbsp, normalize_title
from roadmaps.services import roadmap_approval_point, roadmap_from_template, roadmap_order_create

ON = datetime.date.today()
ON_TEXT = ON.strftime("%d.%m.%Y")


def pdf_text(pdf):
    tool = shutil.which("pdftotext")
    assert tool, "poppler-utils (pdftotext) is required"
    out = subprocess.run(  # noqa: S603 - a fixed local tool on our own bytes
        [tool, "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    out = re.sub("\u2010\\n\\s*", "", out).replace(NBSP, " ")
    return " ".join(out.split())


def assert_in_order(text, *parts):
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} not found after position {position} in: {text[:3000]}"
        position = found + len(part)


@pytest.fixture
def school(cast):
    """Demo-like data: an address, a coordinator with a position, a form, an
    agreed pair of teachers, a second mentor."""
    org = cast.school
    org.name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 11»"
    org.address = "123456, Энская обл., г. Энск, ул. Мира, д. 11"
    org.save()
    Membership.objects.filter(user=cast.coordinator).update(position="заместитель директора")
    cast.coordinator.first_name, cast.coordinator.patronymic = "Елена", "Викторовна"
    cast.coordinator.save()
    cast.director.first_name, cast.director.patronymic = "Ирина", "Петровна"
    cast.director.save()
    form = MentoringFormFactory(organization=org, name="Педагог – молодой специалист")
    mentor = mentor_participant(
        org,
        last_name="Ростовская",
        first_name="Елена",
        patronymic="Валерьевна",
        position="учитель математики",
        target_group=TargetGroup.TEACHER,
    )
    pair = make_pair(org, by=cast.methodist, form=form, mentor=mentor, agreed=True)
    return {"org": org, "form": form, "mentor": mentor, "pair": pair}


def _details(kind, data, cast):
    spec = KINDS[kind]
    if spec.details == "award":
        return {
            "awards": [{"participant_id": data["mentor"].pk, "award": "Объявить благодарность"}]
        }
    if spec.details == "final_event":
        return {
            "date": "2027-05-20",
            "place": "актовый зал, ул. Мира, д. 11",
            "programme": ["Открытие", "Презентации пар", "Подведение итогов"],
            "commission_ids": [cast.director.pk, cast.coordinator.pk],
        }
    return {}


def build_order(kind, cast, data, *, number="57-о"):
    """An approved order of ``kind`` from the demo-like data."""
    values = order_defaults(kind)
    if kind == "free":
        values["title"] = "О проведении установочной сессии для наставников"
    values["assignments"] = [{"point": 1, "user_id": cast.coordinator.pk, "deadline": "2026-12-01"}]
    values["details"] = _details(kind, data, cast)
    values["executor"] = "Методистова М. М., 8 (800) 000-00-00"
    mentorships = [data["pair"]] if kind == "pairing" else []
    if kind == "change":
        pairing = order_create(
            organization=data["org"],
            kind="pairing",
            data=order_defaults("pairing"),
            mentorships=[data["pair"]],
            by=cast.methodist,
        )
        order_submit(order=pairing, by=cast.methodist)
        order_approve(order=pairing, by=cast.director, on_date=ON, number="1-о")
        data["pair"].refresh_from_db()
        mentorships = [data["pair"]]
    order = order_create(
        organization=data["org"], kind=kind, data=values, mentorships=mentorships, by=cast.methodist
    )
    if kind == "regulation":
        regulation = regulation_create(organization=data["org"], by=cast.methodist)
        regulation.order = order
        regulation.save(update_fields=["order"])
    if kind == "roadmap":
        roadmap = roadmap_from_template(organization=data["org"], academic_year=2026)
        roadmap.order = order
        roadmap.save(update_fields=["order"])
    order_submit(order=order, by=cast.methodist)
    return order_approve(order=order, by=cast.director, on_date=ON, number=number)


BASE_KINDS = list(KINDS)


@pytest.mark.parametrize("kind", BASE_KINDS)
def test_every_kind_of_order_prints_its_requisites_in_order(kind, cast, school):
    order = build_order(kind, cast, school)
    context = order_print_context(order, place="г. Энск")
    text = pdf_text(render_pdf("pdf/order.html", context))
    assert_in_order(
        text,
        "Средняя школа № 11",
        "ПРИКАЗ",
        ON_TEXT,
        "№ 57-о",
        "г. Энск",
        order.title[:30],
        "Р-145",
        "ПРИКАЗЫВАЮ:",
        "1. ",
        "Ответственный" if not order.points[0].endswith(":") else "— Кураторова Е. В.",
        "Директор",
        "И. П. Директорова",
    )
    assert "Исп. Методистова М. М." in text
    # The acquaintance sheet names the person the order assigns.
    assert_in_order(text, "С приказом ознакомлены", "Кураторова Е. В.", "заместитель директора")
    if context["appendices"]:
        assert_in_order(text, "ПРИКАЗЫВАЮ", "к приказу", f"от {ON_TEXT} № 57-о")


def test_pairing_order_keeps_its_table_and_acquaints_the_mentor(cast, school):
    order = build_order("pairing", cast, school)
    text = pdf_text(render_pdf("pdf/order.html", order_print_context(order)))
    assert_in_order(
        text, "Приложение", "к приказу", "Список наставнических пар", "Ростовская Елена Валерьевна"
    )
    assert_in_order(text, "С приказом ознакомлены", "Ростовская Е. В.")


def test_award_and_final_event_orders_name_mentors_date_place_commission(cast, school):
    award = pdf_text(
        render_pdf("pdf/order.html", order_print_context(build_order("award", cast, school)))
    )
    assert_in_order(
        award,
        "Список поощряемых наставников",
        "Ростовская Елена Валерьевна",
        "Объявить благодарность",
    )
    final = pdf_text(
        render_pdf(
            "pdf/order.html",
            order_print_context(build_order("final_event", cast, school, number="58-о")),
        )
    )
    assert_in_order(
        final, "Дата проведения: 20.05.2027", "актовый зал", "Презентации пар", "Директорова"
    )


def test_award_order_without_mentors_is_not_approved(cast, school):
    order = order_create(
        organization=school["org"], kind="award", data=order_defaults("award"), by=cast.methodist
    )
    with pytest.raises(ValidationError, match="поощряемых"):
        order_submit(order=order, by=cast.methodist)
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT
    # One submitted otherwise (before the rule, a direct write) is refused
    # at the approval all the same.
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SUBMITTED)
    order.refresh_from_db()
    with pytest.raises(ValidationError, match="поощряемых"):
        order_approve(order=order, by=cast.director, on_date=ON)
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED and order.number == ""


def test_order_names_a_person_once_per_list(cast, school):
    """QA: the award order took the same mentor twice (two rows of the
    appendix, two awards); a point took the same responsible person twice;
    the commission could list a member twice."""
    mentor = school["mentor"].pk
    before = Order.objects.count()
    with pytest.raises(ValidationError, match="дважды"):
        order_create(
            organization=school["org"],
            kind="award",
            data={
                **order_defaults("award"),
                "details": {
                    "awards": [
                        {"participant_id": mentor, "award": "Объявить благодарность"},
                        {"participant_id": str(mentor), "award": "Грамота"},
                    ]
                },
            },
            by=cast.methodist,
        )
    with pytest.raises(ValidationError, match="дважды"):
        order_create(
            organization=school["org"],
            kind="free",
            data={
                **order_defaults("free"),
                "assignments": [
                    {"point": 1, "user_id": cast.coordinator.pk, "deadline": ""},
                    {"point": 1, "user_id": cast.coordinator.pk, "deadline": "2026-12-01"},
                ],
            },
            by=cast.methodist,
        )
    assert Order.objects.count() == before
    final = order_create(
        organization=school["org"],
        kind="final_event",
        data={
            **order_defaults("final_event"),
            "details": {
                **_details("final_event", school, cast),
                "commission_ids": [cast.director.pk, cast.director.pk, cast.coordinator.pk],
            },
        },
        by=cast.methodist,
    )
    assert [c["user_id"] for c in final.details["commission"]] == [
        cast.director.pk,
        cast.coordinator.pk,
    ]


def test_register_number_is_entered_and_unique_per_organisation_and_year(cast, school):
    org = school["org"]
    assert order_number_suggestion(org, ON.year) == "1-о"
    first = build_order("coordinator", cast, school, number="57-о")
    assert (first.number, first.sequence) == ("57-о", 57)
    assert order_number_suggestion(org, ON.year) == "58-о"
    second = order_create(
        organization=org, kind="free", data=order_defaults("free"), by=cast.methodist
    )
    order_submit(order=second, by=cast.methodist)
    with pytest.raises(ValidationError, match="уже есть в журнале"):
        order_approve(order=second, by=cast.director, on_date=ON, number="57-о")
    second.refresh_from_db()
    assert second.status == OrderStatus.SUBMITTED
    # The same number next year is another register.
    again = order_approve(
        order=second, by=cast.director, on_date=ON.replace(year=ON.year + 1), number="57-о"
    )
    assert (again.year, again.number) == (ON.year + 1, "57-о")


def test_register_number_differing_only_in_case_or_sign_is_taken(cast, school):
    """QA: '1-О' or '№ 1-о' slipped past the register check for '1-о' (the
    comparison was exact, and SQLite compares Cyrillic case-sensitively)."""
    org = school["org"]
    build_order("coordinator", cast, school, number="57-о")
    for typed in ("57-О", "№ 57-о", "№57-о", "57 -о"):
        second = order_create(
            organization=org, kind="free", data=order_defaults("free"), by=cast.methodist
        )
        order_submit(order=second, by=cast.methodist)
        with pytest.raises(ValidationError, match="уже есть в журнале"):
            order_approve(order=second, by=cast.director, on_date=ON, number=typed)
        second.refresh_from_db()
        assert second.status == OrderStatus.SUBMITTED and second.number == ""
    # A leading "№" typed from the register is not printed twice ("№ № 58-о").
    third = order_create(
        organization=org, kind="free", data=order_defaults("free"), by=cast.methodist
    )
    order_submit(order=third, by=cast.methodist)
    third = order_approve(order=third, by=cast.director, on_date=ON, number="№ 58-о")
    assert (third.number, third.sequence) == ("58-о", 58)


def _lines(pdf):
    """Lines of the PDF as laid out (pdftotext -layout), NBSP read as a space."""
    out = subprocess.run(  # noqa: S603 - a fixed local tool on our own bytes
        [shutil.which("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return [line.replace(NBSP, " ").rstrip() for line in out.splitlines() if line.strip()]


def test_organisation_name_keeps_number_sign_with_its_number_in_headers(cast, school):
    """QA: the demo school's order printed «…школа №» on one line and «11» on
    the next: the organisation's name in the header had no non-breaking space
    (nor had the founder, the place, the portfolio's header)."""
    from reports.portfolio import mentor_portfolio

    org = school["org"]
    org.name = (
        "Муниципальное бюджетное общеобразовательное учреждение "
        "«Средняя общеобразовательная школа № 11» (демо)"
    )
    org.save()
    order = build_order("coordinator", cast, school)
    printed = _lines(render_pdf("pdf/order.html", order_print_context(order)))
    portfolio = _lines(
        render_pdf(
            "pdf/portfolio.html",
            {
                "mentor": school["mentor"],
                "organization": org,
                "portfolio": mentor_portfolio(school["mentor"], start=ON, end=ON),
                "today": ON,
            },
        )
    )
    for lines in (printed, portfolio):
        assert any("№ 11»" in line for line in lines)
        assert not [line for line in lines if line.endswith("№")]


def test_an_unbreakable_long_word_wraps_instead_of_leaving_the_page(cast, school):
    """QA: a title or point with a long unbroken string (a pasted link, a
    file name) ran off the right edge of the order: the frozen PDF lost it."""
    word = "Я" * 300
    data = {**order_defaults("free"), "title": f"О {word}", "points": [f"Пункт {word}"]}
    order = order_create(organization=school["org"], kind="free", data=data, by=cast.methodist)
    width = None
    for line in _lines(render_pdf("pdf/order.html", order_print_context(order))):
        if "ЯЯЯЯ" in line:
            width = max(width or 0, len(line))
    assert width is not None and width < 100
    assert pdf_text(render_pdf("pdf/order.html", order_print_context(order))).count("Я") >= 600


def test_department_issues_its_own_order(cast):
    boss = UserFactory(username="dep-head", last_name="Главная")
    MembershipFactory(user=boss, organization=cast.department, role=Role.DIRECTOR)
    order = order_create(
        organization=cast.department,
        kind="free",
        data={**order_defaults("free"), "title": "О парах руководителей"},
        by=boss,
    )
    order_submit(order=order, by=boss)
    order = order_approve(order=order, by=boss, on_date=ON, number="12/01-05")
    text = pdf_text(render_pdf("pdf/order.html", order_print_context(order)))
    assert_in_order(text, "Департамент образования", "ПРИКАЗ", "№ 12/01-05", "Руководитель")


def test_roadmap_order_carries_the_roadmap_with_utverzhdena(cast, school):
    from roadmaps.exports import roadmap_pdf
    from roadmaps.models import Roadmap

    order = build_order("roadmap", cast, school)
    standalone = pdf_text(roadmap_pdf(Roadmap.objects.get(order=order)))
    assert_in_order(standalone, "Приложение", "к приказу", "№ 57-о", "УТВЕРЖДЕНА")
    text = pdf_text(render_pdf("pdf/order.html", order_print_context(order)))
    assert_in_order(
        text, "ПРИКАЗЫВАЮ", "УТВЕРЖДЕНА", "приказом", f"от {ON_TEXT} № 57-о", "Дорожная карта"
    )
    assert "Подготовка условий" in text or "1.1" in text


def test_roadmap_point_normalises_an_imported_title(cast, school):
    roadmap = roadmap_from_template(organization=school["org"], academic_year=2021)
    roadmap.title = "«Дорожная карта» Реализации целевой модели наставничества на 2021-2024 год."
    roadmap.period_start, roadmap.period_end = 2021, 2024
    point = roadmap_approval_point(roadmap)
    assert point == (
        "Утвердить дорожную карту реализации целевой модели наставничества "
        "на 2021–2024 годы (приложение)."
    )
    # The sample's real title: three lines of a table heading.
    roadmap.title = (
        "«Дорожная карта»\nРеализации целевой модели наставничества\nВ МАОУ «СОШ № 11» "
        "на 2021-2024 год"
    )
    assert roadmap_approval_point(roadmap) == (
        "Утвердить дорожную карту реализации целевой модели наставничества в МАОУ „СОШ № 11“ "
        "на 2021–2024 годы (приложение)."
    )
    roadmap.title = "ДОРОЖНАЯ КАРТА (ПЛАН МЕРОПРИЯТИЙ)\nпо реализации Положения о наставничестве"
    roadmap.period_start, roadmap.period_end = 2025, 2026
    assert roadmap_approval_point(roadmap) == (
        "Утвердить дорожную карту (план мероприятий) по реализации Положения о наставничестве "
        "на 2025–2026 годы (приложение)."
    )
    order = roadmap_order_create(roadmap=roadmap, by=cast.methodist)
    assert "««" not in order.points[0] and point.count("2021") == 1


def test_roadmap_appendix_heading_is_the_normalised_title(cast, school):
    """QA: the point was normalised but the appendix (and the roadmap PDF)
    printed the imported heading as is: «Дорожная карта» Реализации … В МАОУ
    … на 2021-2024 год (capitals of table lines, a hyphen between years)."""
    from roadmaps.exports import roadmap_pdf
    from roadmaps.models import Roadmap

    order = build_order("roadmap", cast, school)
    roadmap = Roadmap.objects.get(order=order)
    roadmap.title = (
        "«Дорожная карта»\nРеализации целевой модели наставничества\nВ МАОУ «СОШ № 11» "
        "на 2021-2024 год."
    )
    roadmap.save()
    heading = (
        "«Дорожная карта» реализации целевой модели наставничества в МАОУ «СОШ № 11» "
        "на 2021–2024 год"
    )
    for pdf in (
        render_pdf("pdf/order.html", order_print_context(order)),
        roadmap_pdf(roadmap),
    ):
        text = pdf_text(pdf)
        assert heading in text
        assert "Реализации" not in text and "2021-2024" not in text


def test_typography_keeps_numbers_initials_and_addresses_together():
    text = nbsp("Приказ № 11, Ростовская Е. В., Е. В. Ростовская, г. Энск, д. 11, 2026 г.")
    for joined in ("№ 11", "Ростовская Е. В.", "Е. В. Ростовская", "г. Энск", "д. 11", "2026 г."):
        assert joined.replace(" ", NBSP) in text
    assert normalize_title('"Программа "Успех каждого" наставничества."') == (
        "Программа „Успех каждого“ наставничества"
    )


# --- the Положение ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind,name,word",
    [
        (Organization.Kind.SCHOOL, "МБОУ «Средняя школа № 11»", "обучающихся"),
        (Organization.Kind.COLLEGE, "ГБПОУ «Музыкальный колледж»", "студентов"),
        (Organization.Kind.CENTRE, "МБУ ДО «Дом детского творчества»", "объединений"),
    ],
)
def test_regulation_of_each_kind_renders_to_pdf_and_docx(kind, name, word, cast):
    org = OrganizationFactory(kind=kind, name=name, short_name=name[:20], slug=f"org-{kind}")
    MentoringFormFactory(organization=org, name="Педагог – педагог")
    MentoringFormFactory(organization=org, name="Работодатель – студент", position=2)
    regulation = regulation_create(organization=org, by=cast.methodist)
    text = pdf_text(regulation_pdf(regulation))
    assert_in_order(
        text,
        "УТВЕРЖДЕНО",
        "ПОЛОЖЕНИЕ О НАСТАВНИЧЕСТВЕ",
        name,
        "Формы наставничества",
        "Педагог – педагог",
        "Работодатель – студент",
        "351.8",
        "Мотивация",
    )
    assert word in text
    document = Document(io.BytesIO(regulation_docx(regulation)))
    docx_text = "\n".join(p.text for p in document.paragraphs)
    assert name in docx_text
    assert "Педагог – педагог" in docx_text and "Работодатель – студент" in docx_text


def test_regulation_is_edited_by_sections_with_versions_and_frozen_on_approval(cast, school):
    regulation = regulation_create(organization=school["org"], by=cast.methodist)
    version = regulation_section_update(
        regulation=regulation,
        key="final",
        heading="9. Заключительные положения",
        text="9.1. Положение действует бессрочно.",
        version=1,
        by=cast.methodist,
    )
    assert version.number == 2 and regulation.versions.count() == 2
    order = regulation_order_create(regulation=regulation, by=cast.methodist)
    order_submit(order=order, by=cast.methodist)
    order_approve(order=order, by=cast.director, on_date=ON, number="3-о")
    regulation.refresh_from_db()
    assert regulation.status == DocumentStatus.APPROVED
    assert regulation.approved_version.number == 2
    assert len(regulation.frozen_sha256) == 64
    frozen = pdf_text(regulation.frozen_pdf.read())
    assert_in_order(frozen, "УТВЕРЖДЕНО", f"от {ON_TEXT} № 3-о", "действует бессрочно")
    with pytest.raises(ValidationError):
        regulation_section_update(
            regulation=regulation, key="final", heading="x", text="y", version=2, by=cast.methodist
        )
    assert regulation.versions.count() == 2
    # The approving order prints the Положение as its appendix.
    text = pdf_text(
        render_pdf("pdf/order.html", order_print_context(Order.objects.get(pk=order.pk)))
    )
    assert_in_order(
        text, "ПРИКАЗЫВАЮ", "УТВЕРЖДЕНО", f"от {ON_TEXT} № 3-о", "ПОЛОЖЕНИЕ О НАСТАВНИЧЕСТВЕ"
    )


# --- ТК 351.8 agreements, the payment register, scans -----------------------------------


def test_employee_mentor_gets_an_additional_agreement_with_content_term_form_pay(cast, school):
    settings = settings_for(school["org"])
    settings.monthly_pay = Decimal("2500.00")
    settings.save()
    agreement = agreement_create(
        organization=school["org"],
        mentor=school["mentor"],
        mentorship=school["pair"],
        by=cast.methodist,
    )
    assert agreement.kind == AgreementKind.ADDITIONAL
    text = pdf_text(agreement_pdf(agreement))
    pair = school["pair"]
    assert_in_order(
        text,
        "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ",
        "к трудовому договору",
        "351.8",
        "Содержание наставничества",
        "Срок наставничества: с " + pair.planned_start.strftime("%d.%m.%Y"),
        "Форма наставничества: Педагог – молодой специалист",
        "2 500,00 руб. в месяц",
    )
    consent = pdf_text(consent_pdf(agreement))
    assert_in_order(
        consent, "СОГЛАСИЕ", "на выполнение работы по наставничеству", "351.8", "Ростовская"
    )


def test_outside_mentor_gets_a_volunteer_agreement_never_an_employment_text(cast, school):
    outsider = mentor_participant(
        school["org"],
        last_name="Солистова",
        first_name="Анна",
        target_group=TargetGroup.EMPLOYER,
        position="солистка филармонии",
    )
    form = MentoringFormFactory(
        organization=school["org"], name="Работодатель – педагог", mentor_groups=["employer"]
    )
    pair = make_pair(school["org"], by=cast.methodist, form=form, mentor=outsider, agreed=True)
    agreement = agreement_create(
        organization=school["org"], mentor=outsider, mentorship=pair, by=cast.methodist
    )
    assert agreement.kind == AgreementKind.VOLUNTEER and agreement.monthly_pay == 0
    text = pdf_text(agreement_pdf(agreement))
    assert "добровольческой" in text and "не состоит с Организацией в трудовых отношениях" in text
    for word in ("(далее — Работник)", "трудовому договору", "(далее — Работодатель)", "351.8"):
        assert word not in text
    before = MentorAgreement.objects.count()
    with pytest.raises(ValidationError, match="не работник"):
        agreement_create(
            organization=school["org"],
            mentor=outsider,
            mentorship=pair,
            data={"kind": AgreementKind.ADDITIONAL},
            by=cast.methodist,
        )
    assert MentorAgreement.objects.count() == before


def test_payment_register_totals_are_pairs_times_months(cast, school):
    org = school["org"]
    settings = settings_for(org)
    settings.monthly_pay = Decimal("1000")
    settings.save()
    second = make_pair(org, by=cast.methodist, mentor=school["mentor"], agreed=True)
    terms = [
        (school["pair"], datetime.date(2026, 9, 1), datetime.date(2027, 5, 31)),  # 9 months
        (second, datetime.date(2026, 11, 15), datetime.date(2027, 2, 10)),  # Nov..Feb: 4
    ]
    for n, (pair, start, end) in enumerate(terms, start=1):
        a = agreement_create(
            organization=org,
            mentor=school["mentor"],
            mentorship=pair,
            data={"starts_on": start, "ends_on": end},
            by=cast.methodist,
        )
        a.starts_on, a.ends_on = start, end
        a.save()
        agreement_approve(agreement=a, number=f"ДС-{n}", signed_on=start, by=cast.director)
    rows, totals = payment_register(org, datetime.date(2026, 9, 1), datetime.date(2027, 8, 31))
    assert [(r["mentor"], r["pairs"], r["months"]) for r in rows] == [
        ("Ростовская Елена Валерьевна", 2, 13)
    ]
    assert totals["amount"] == Decimal("13000")
    sheet = load_workbook(
        io.BytesIO(
            payment_register_xlsx(
                rows, totals, datetime.date(2026, 9, 1), datetime.date(2027, 8, 31)
            )
        )
    ).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][1:] == ["Ростовская Елена Валерьевна", "учитель математики", 2, 13, 13000]
    assert values[-1][1:] == ["Итого", None, 2, 13, 13000] or values[-1][1:] == [
        "Итого",
        "",
        2,
        13,
        13000,
    ]


def test_payment_register_stops_at_the_end_of_a_terminated_pair(cast, school):
    """QA: an agreement per pair was paid to its own end date although the
    pair was terminated in December (the agreement for the year already
    stopped at the pair's end)."""
    from mentoring.services.mentorships import mentorship_end

    org = school["org"]
    settings = settings_for(org)
    settings.monthly_pay = Decimal("1000")
    settings.save()
    start, end = datetime.date(2026, 9, 1), datetime.date(2027, 5, 31)
    a = agreement_create(
        organization=org,
        mentor=school["mentor"],
        mentorship=school["pair"],
        data={"starts_on": start, "ends_on": end},
        by=cast.methodist,
    )
    a.starts_on, a.ends_on = start, end
    a.save()
    agreement_approve(agreement=a, number="ДС-1", signed_on=start, by=cast.director)
    mentorship_end(
        mentorship=school["pair"],
        status="terminated",
        reason="наставник уволился",
        on_date=datetime.date(2026, 12, 10),
        by=cast.methodist,
    )
    rows, totals = payment_register(org, start, datetime.date(2027, 8, 31))
    assert [(r["pairs"], r["months"]) for r in rows] == [(1, 4)]  # Sep, Oct, Nov, Dec
    assert totals["amount"] == Decimal("4000")


def test_a_pair_gets_one_agreement_and_a_mentor_one_yearly_agreement_per_term(cast, school):
    """QA: a repeated POST made two agreements for the same pair, and the
    payment register then paid the pair twice."""
    org, mentor = school["org"], school["mentor"]
    agreement_create(organization=org, mentor=mentor, mentorship=school["pair"], by=cast.methodist)
    before = MentorAgreement.objects.count()
    with pytest.raises(ValidationError, match="уже есть"):
        agreement_create(
            organization=org, mentor=mentor, mentorship=school["pair"], by=cast.methodist
        )
    term = {"starts_on": datetime.date(2026, 9, 1), "ends_on": datetime.date(2027, 5, 31)}
    # The agreement for the year pays every pair: not beside a per-pair one.
    with pytest.raises(ValidationError, match="по этой паре уже есть"):
        agreement_create(organization=org, mentor=mentor, data=term, by=cast.methodist)
    MentorAgreement.objects.filter(mentorship=school["pair"]).delete()
    before -= 1
    agreement_create(organization=org, mentor=mentor, data=term, by=cast.methodist)
    overlapping = {"starts_on": datetime.date(2027, 1, 1), "ends_on": datetime.date(2027, 8, 31)}
    with pytest.raises(ValidationError, match="уже есть"):
        agreement_create(organization=org, mentor=mentor, data=overlapping, by=cast.methodist)
    assert MentorAgreement.objects.count() == before + 1
    # The agreement for the year pays every pair: no per-pair one beside it.
    second = make_pair(org, by=cast.methodist, mentor=mentor, agreed=True)
    with pytest.raises(ValidationError, match="на этот срок уже есть"):
        agreement_create(organization=org, mentor=mentor, mentorship=second, by=cast.methodist)
    assert MentorAgreement.objects.count() == before + 1
    # The next year is another term.
    next_year = {"starts_on": datetime.date(2027, 9, 1), "ends_on": datetime.date(2028, 5, 31)}
    agreement_create(organization=org, mentor=mentor, data=next_year, by=cast.methodist)


def test_agreement_number_differing_only_in_case_or_sign_is_taken(cast, school):
    """QA: 'дс-1' was registered next to 'ДС-1'."""
    org = school["org"]
    second = make_pair(org, by=cast.methodist, mentor=school["mentor"], agreed=True)
    first = agreement_create(
        organization=org, mentor=school["mentor"], mentorship=school["pair"], by=cast.methodist
    )
    agreement_approve(agreement=first, number="ДС-1", signed_on=ON, by=cast.director)
    other = agreement_create(
        organization=org, mentor=school["mentor"], mentorship=second, by=cast.methodist
    )
    for typed in ("дс-1", "№ ДС-1"):
        with pytest.raises(ValidationError, match="уже есть"):
            agreement_approve(agreement=other, number=typed, signed_on=ON, by=cast.director)
    other.refresh_from_db()
    assert other.status != DocumentStatus.APPROVED and other.number == ""
    assert (
        agreement_approve(agreement=other, number="№ ДС-2", signed_on=ON, by=cast.director).number
        == "ДС-2"
    )


def test_signed_scan_attaches_to_approved_documents_only_and_content_is_checked(cast, school):
    order = order_create(
        organization=school["org"], kind="free", data=order_defaults("free"), by=cast.methodist
    )
    pdf = render_pdf("pdf/order.html", order_print_context(order))
    with pytest.raises(ValidationError, match="утверждённому"):
        scan_attach(document=order, upload=SimpleUploadedFile("s.pdf", pdf), by=cast.methodist)
    order_submit(order=order, by=cast.methodist)
    order = order_approve(order=order, by=cast.director, on_date=ON, number="9")
    with pytest.raises(ValidationError):
        scan_attach(
            document=order,
            upload=SimpleUploadedFile("s.pdf", b"<html>not a pdf"),
            by=cast.methodist,
        )
    assert SignedScan.objects.count() == 0
    scan = scan_attach(document=order, upload=SimpleUploadedFile("s.pdf", pdf), by=cast.methodist)
    assert scan.document == order and len(scan.sha256) == 64


def test_any_order_carries_extra_appendices_uploaded_or_generated(cast, school):
    from documents.models import OrderAppendix
    from documents.services import order_appendix_add

    regulation = regulation_create(organization=school["org"], by=cast.methodist)
    order = order_create(
        organization=school["org"],
        kind="programme",
        data=order_defaults("programme"),
        by=cast.methodist,
    )
    programme = render_pdf("pdf/order.html", order_print_context(order))  # any real PDF
    with pytest.raises(ValidationError):
        order_appendix_add(
            order=order,
            title="Программа",
            upload=SimpleUploadedFile("p.pdf", b"<html><script>"),
            by=cast.methodist,
        )
    assert OrderAppendix.objects.count() == 0
    order_appendix_add(
        order=order,
        title="Программа наставничества",
        upload=SimpleUploadedFile("p.pdf", programme),
        by=cast.methodist,
    )
    order_appendix_add(order=order, title="Положение", regulation=regulation, by=cast.methodist)
    order_submit(order=order, by=cast.methodist)
    order = order_approve(order=order, by=cast.director, on_date=ON, number="8-о")
    text = pdf_text(render_pdf("pdf/order.html", order_print_context(order)))
    assert_in_order(
        text,
        "ПРИКАЗЫВАЮ",
        "Приложение 1",
        f"от {ON_TEXT} № 8-о",
        "Программа наставничества",
        "SHA-256",
        "Приложение 2",
        "ПОЛОЖЕНИЕ О НАСТАВНИЧЕСТВЕ",
    )
    with pytest.raises(ValidationError, match="только в проекте"):
        order_appendix_add(order=order, title="Ещё", regulation=regulation, by=cast.methodist)
