"""Orders: drafting, the director's decision, numbering, the register, the
printed order. Access per role is in access_orders.py (the sweep)."""

import datetime
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.factories import MembershipFactory, ParticipantFactory, UserFactory
from mentoring.models import (
    ApprovedOrderError,
    Consent,
    ConsentKind,
    ConsentText,
    MentoringForm,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    MentorStatus,
    Order,
    OrderKind,
    OrderStatus,
    Role,
    TargetGroup,
)
from mentoring.orderprint import initials_first, place_of
from mentoring.services.mentorships import STALE_MESSAGE, mentorship_agree, mentorship_propose
from mentoring.services.orders import (
    order_approve,
    order_create,
    order_defaults,
    order_delete,
    order_return,
    order_submit,
    order_update,
)
from mentoring.views.orders import order_home_card

TODAY = timezone.localdate()


# --- set-up helpers -------------------------------------------------------------


def consent_text(org, kind):
    return ConsentText.objects.get_or_create(
        organization=org,
        kind=kind,
        version=1,
        defaults={"title": "t", "purpose": "p", "data_list": "d", "actions": "a", "term": "t"},
    )[0]


def give(participant, kind=ConsentKind.PROCESSING):
    return Consent.objects.create(
        participant=participant,
        kind=kind,
        text=consent_text(participant.organization, kind),
        given_on=TODAY - datetime.timedelta(days=30),
    )


@pytest.fixture
def form(cast):
    return MentoringForm.objects.create(organization=cast.school, name="Педагог – педагог")


def agreed_pair(cast, form, mentor_name, mentee_name, *, organization=None, by=None):
    """An agreed pair with every consent activation needs."""
    organization = organization or cast.school
    mentor = ParticipantFactory(
        organization=organization,
        last_name=mentor_name,
        first_name="Анна",
        patronymic="Ивановна",
        is_mentor=True,
        is_mentee=False,
        mentor_status=MentorStatus.APPROVED,
    )
    mentee = ParticipantFactory(
        organization=organization,
        last_name=mentee_name,
        first_name="Олег",
        patronymic="Петрович",
        target_group=TargetGroup.YOUNG_SPECIALIST,
    )
    give(mentor)
    give(mentor, ConsentKind.DUTIES)
    give(mentee)
    mentorship = mentorship_propose(
        organization=organization,
        form=form,
        lead_mentor=mentor,
        mentees=[mentee],
        planned_start=TODAY,
        planned_end=TODAY + datetime.timedelta(days=180),
        by=by or cast.methodist,
    )
    return mentorship_agree(mentorship=mentorship, by=by or cast.methodist)


def draft(cast, kind=OrderKind.REGULATION, *, mentorships=(), organization=None, by=None):
    return order_create(
        organization=organization or cast.school,
        kind=kind,
        data=order_defaults(kind),
        mentorships=mentorships,
        by=by or cast.methodist,
    )


def submitted(cast, kind=OrderKind.REGULATION, **kwargs):
    order = draft(cast, kind, **kwargs)
    return order_submit(order=order, by=kwargs.get("by") or cast.methodist)


def post_data(*, title=None, points=None, mentorships=(), version=None, kind=OrderKind.PAIRING):
    defaults = order_defaults(kind)
    data = {
        "title": title or defaults["title"],
        "preamble": defaults["preamble"],
        "points": points if points is not None else defaults["points"],
        "appendix_title": defaults["appendix_title"],
        "mentorships": [m.pk for m in mentorships],
    }
    if version is not None:
        data["version"] = version
    return data


def confirm(order):
    """What the order page's approval form sends: the ticked confirmation
    and the version the director read."""
    order.refresh_from_db()
    return {"confirmed": "1", "version": order.version}


def page_text(response):
    return response.content.decode()


def pdf_text(pdf, name=None, *, layout=True):
    """The PDF's text: ``layout`` keeps lines as printed (the body);
    without it, a table cell's lines come out together (the appendix)."""
    if name and os.environ.get("ORDER_PDF_DIR"):
        # Keep the file to look at it: ORDER_PDF_DIR=/tmp/pdfs pytest -k pdf
        Path(os.environ["ORDER_PDF_DIR"], f"{name}.pdf").write_bytes(pdf)
    tool = shutil.which("pdftotext")
    assert tool, "poppler-utils (pdftotext) is required"
    result = subprocess.run(  # noqa: S603 - a fixed local tool on our own bytes
        [tool, *(["-layout"] if layout else []), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    # Words hyphenated at a line end (WeasyPrint puts U+2010) are joined back.
    return re.sub("\u2010\\n\\s*", "", result.stdout.decode())


# --- the whole workflow through the pages -----------------------------------------


def test_pairing_order_goes_from_draft_to_approval_and_activates_its_pairs(cast, client_for, form):
    cast.school.order_number_format = "{n}/01-08"
    cast.school.save()
    first = agreed_pair(cast, form, "Соколова", "Белов")
    second = agreed_pair(cast, form, "Орлова", "Зайцев")

    client = client_for(cast.methodist)
    page = client.get("/orders/new/pairing/")
    assert page.status_code == 200
    assert "О закреплении наставнических пар (групп)" in page_text(page)
    assert "Соколова Анна Ивановна" in page_text(page)
    assert "Белов Олег Петрович" in page_text(page)

    response = client.post("/orders/new/pairing/", post_data(mentorships=[first, second]))
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{order.pk}/"
    assert order.status == OrderStatus.DRAFT
    assert order.created_by == cast.methodist
    assert set(order.mentorships.all()) == {first, second}
    assert order.points[0] == "Закрепить наставнические пары (группы) согласно приложению."

    response = client.post(f"/orders/{order.pk}/submit/", follow=True)
    assert "Приказ направлен директору на утверждение." in page_text(response)
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED

    client = client_for(cast.director)
    inbox = client.get("/orders/inbox/")
    assert order.title in page_text(inbox)
    response = client.post(
        f"/orders/{order.pk}/approve/", {"next": "inbox", **confirm(order)}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/orders/inbox/"
    assert f"Приказ утверждён: № 1/01-08 от {TODAY:%d.%m.%Y}." in page_text(response)

    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED
    assert (order.number, order.sequence, order.year) == ("1/01-08", 1, TODAY.year)
    assert order.signed_on == TODAY
    assert order.decided_by == cast.director
    for mentorship in (first, second):
        mentorship.refresh_from_db()
        assert mentorship.status == MentorshipStatus.ACTIVE
        assert mentorship.activated_on == TODAY
        assert mentorship.order == order
    assert not MentorshipMember.objects.filter(active=False).exists()

    detail = page_text(client.get(f"/orders/{order.pk}/"))
    assert "Приказ № 1/01-08 от" in detail
    assert "Направлен на утверждение" in detail
    assert f"Утверждён, № 1/01-08 от {TODAY:%d.%m.%Y}" in detail
    assert "Директорова М. П." in detail  # who decided, in the history
    assert "Утвердить" not in detail.split("История статусов")[0].split("Скачать PDF")[1]


def test_director_returns_with_a_comment_and_the_methodist_resubmits(cast, client_for):
    order = submitted(cast)
    client = client_for(cast.director)

    response = client.post(f"/orders/{order.pk}/return/", {"comment": "   "})
    assert response.status_code == 200
    assert "Напишите, что исправить: комментарий обязателен." in page_text(response)
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED

    response = client.post(
        f"/orders/{order.pk}/return/", {"comment": "Уточните срок в пункте 2.", "next": "inbox"}
    )
    assert response["Location"] == "/orders/inbox/"
    order.refresh_from_db()
    assert order.status == OrderStatus.RETURNED
    assert order.return_comment == "Уточните срок в пункте 2."

    client = client_for(cast.methodist)
    home = page_text(client.get("/"))
    assert "Возвращённые приказы" in home
    assert "Уточните срок в пункте 2." in home
    edit = client.get(f"/orders/{order.pk}/edit/")
    assert "Уточните срок в пункте 2." in page_text(edit)
    points = ["Утвердить Положение (приложение).", "", "Ознакомить педагогов до 01.12."]
    response = client.post(
        f"/orders/{order.pk}/edit/",
        post_data(kind=OrderKind.REGULATION, points=points, version=order.version),
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.points == ["Утвердить Положение (приложение).", "Ознакомить педагогов до 01.12."]

    client.post(f"/orders/{order.pk}/submit/")
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    history = page_text(client.get(f"/orders/{order.pk}/"))
    assert "Возвращён на доработку" in history
    assert "«Уточните срок в пункте 2.»" in history


def test_order_without_points_is_refused(cast, client_for):
    response = client_for(cast.methodist).post(
        "/orders/new/award/", post_data(kind=OrderKind.AWARD, points=["", "  "])
    )
    assert response.status_code == 200
    assert "В приказе должен быть хотя бы один пункт." in page_text(response)
    assert not Order.objects.exists()


def test_unknown_kind_of_order_is_404(cast, client_for):
    assert client_for(cast.methodist).get("/orders/new/martian/").status_code == 404


def test_pairing_order_offers_only_agreed_pairs(cast, client_for, form):
    agreed = agreed_pair(cast, form, "Соколова", "Белов")
    mentor = ParticipantFactory(organization=cast.school, last_name="Предложенова", is_mentor=True)
    mentee = ParticipantFactory(organization=cast.school, last_name="Ждущий")
    give(mentor)
    give(mentee)
    proposed = mentorship_propose(
        organization=cast.school, form=form, lead_mentor=mentor, mentees=[mentee], by=cast.methodist
    )
    client = client_for(cast.methodist)

    page = page_text(client.get("/orders/new/pairing/"))
    assert "Соколова" in page
    assert "Предложенова" not in page

    response = client.post("/orders/new/pairing/", post_data(mentorships=[agreed, proposed]))
    assert response.status_code == 200
    assert "Выберите корректный вариант" in page_text(response)
    assert not Order.objects.exists()


def test_pairing_order_cannot_be_submitted_without_pairs(cast, client_for):
    order = draft(cast, OrderKind.PAIRING)
    response = client_for(cast.methodist).post(f"/orders/{order.pk}/submit/", follow=True)
    assert "Добавьте в приложение хотя бы одну пару или группу." in page_text(response)
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT


# --- bad input and concurrency --------------------------------------------------------


def test_consent_withdrawn_after_submission_blocks_the_approval_and_names_the_person(
    cast, client_for, form
):
    first = agreed_pair(cast, form, "Соколова", "Белов")
    second = agreed_pair(cast, form, "Орлова", "Зайцев")
    order = submitted(cast, OrderKind.PAIRING, mentorships=[first, second])
    Consent.objects.filter(participant__last_name="Зайцев").update(withdrawn_on=TODAY)

    client = client_for(cast.director)
    detail = page_text(client.get(f"/orders/{order.pk}/"))
    assert "Утвердить сейчас не получится" in detail
    assert "Зайцев Олег Петрович" in detail

    response = client.post(f"/orders/{order.pk}/approve/", confirm(order), follow=True)
    text = page_text(response)
    assert "Приказ не утверждён, пары не активированы." in text
    assert "у участника Зайцев Олег Петрович отозвано согласие" in text

    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    assert (order.number, order.sequence, order.signed_on) == ("", None, None)
    for mentorship in (first, second):
        mentorship.refresh_from_db()
        assert mentorship.status == MentorshipStatus.AGREED
        assert mentorship.activated_on is None
        assert mentorship.order is None
    assert not MentorshipMember.objects.filter(active=True).exists()


def test_approving_twice_registers_the_order_once(cast, client_for, form):
    pair = agreed_pair(cast, form, "Соколова", "Белов")
    order = submitted(cast, OrderKind.PAIRING, mentorships=[pair])
    client = client_for(cast.director)

    client.post(f"/orders/{order.pk}/approve/", confirm(order))
    order.refresh_from_db()
    number, decided_at = order.number, order.decided_at
    response = client.post(f"/orders/{order.pk}/approve/", confirm(order), follow=True)
    assert f"Приказ уже утверждён: № {number}" in page_text(response)
    # The service called directly is idempotent too.
    order_approve(order=order, by=cast.director)

    order.refresh_from_db()
    assert (order.number, order.sequence, order.decided_at) == (number, 1, decided_at)
    assert Order.objects.filter(sequence__isnull=False).count() == 1
    assert order.history.filter(status=OrderStatus.APPROVED).count() == 1
    assert pair.history.filter(status=MentorshipStatus.ACTIVE).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_register_the_order_once(cast, form):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite has no row locks (SELECT … FOR UPDATE is ignored) and fails concurrent "
            "writers at once; this test runs on PostgreSQL, as in CI."
        )
    pairs = [agreed_pair(cast, form, f"Наставник{i}", f"Наставляемый{i}") for i in range(3)]
    order = submitted(cast, OrderKind.PAIRING, mentorships=pairs)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def approve():
        try:
            barrier.wait(timeout=10)
            results.append(order_approve(order=Order.objects.get(pk=order.pk), by=cast.director))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert [r.number for r in results] == ["1-о", "1-о"]
    order.refresh_from_db()
    assert (order.status, order.sequence, order.number) == (OrderStatus.APPROVED, 1, "1-о")
    assert Order.objects.filter(organization=cast.school, year=TODAY.year).count() == 1
    assert order.history.filter(status=OrderStatus.APPROVED).count() == 1
    for pair in pairs:
        assert pair.history.filter(status=MentorshipStatus.ACTIVE).count() == 1
        pair.refresh_from_db()
        assert (pair.status, pair.order_id) == (MentorshipStatus.ACTIVE, order.pk)


# --- an approved order never changes ------------------------------------------------


@pytest.fixture
def approved(cast):
    return order_approve(order=submitted(cast), by=cast.director)


def test_approved_order_cannot_be_edited_through_the_form(cast, client_for, approved):
    client = client_for(cast.methodist)
    response = client.get(f"/orders/{approved.pk}/edit/", follow=True)
    assert "Утверждённый приказ изменить нельзя." in page_text(response)
    response = client.post(
        f"/orders/{approved.pk}/edit/",
        post_data(kind=OrderKind.REGULATION, title="О другом", version=approved.version),
        follow=True,
    )
    assert "Утверждённый приказ изменить нельзя." in page_text(response)
    approved.refresh_from_db()
    assert approved.title == order_defaults(OrderKind.REGULATION)["title"]
    detail = page_text(client.get(f"/orders/{approved.pk}/"))
    assert f"/orders/{approved.pk}/edit/" not in detail


def test_approved_order_cannot_be_changed_through_the_services(cast, approved):
    with pytest.raises(ValidationError, match="Утверждённый приказ изменить нельзя"):
        order_update(
            order=approved,
            data={"title": "О другом"},
            mentorships=[],
            version=approved.version,
            by=cast.methodist,
        )
    with pytest.raises(ValidationError):
        order_submit(order=approved, by=cast.methodist)
    with pytest.raises(ValidationError):
        order_return(order=approved, comment="Иначе", by=cast.director)
    with pytest.raises(ValidationError):
        order_delete(order=approved, by=cast.methodist)
    approved.refresh_from_db()
    assert approved.title == order_defaults(OrderKind.REGULATION)["title"]


def test_approved_order_cannot_be_saved_or_deleted_through_the_model(approved):
    approved.title = "О другом"
    with pytest.raises(ApprovedOrderError):
        approved.save()
    with pytest.raises(ApprovedOrderError):
        approved.delete()
    assert Order.objects.get(pk=approved.pk).title != "О другом"


def test_approved_order_is_read_only_in_the_admin(cast, admin_client, approved):
    url = f"/admin/mentoring/order/{approved.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page_text(page)
    response = admin_client.post(url, {"title": "О другом", "points": '["x"]'})
    assert response.status_code == 403
    assert admin_client.post(f"/admin/mentoring/order/{approved.pk}/delete/").status_code == 403
    history = approved.history.earliest()
    revert = f"/admin/mentoring/order/{approved.pk}/history/{history.history_id}/"
    assert admin_client.post(revert, {"title": "О другом"}).status_code == 403
    approved.refresh_from_db()
    assert approved.title != "О другом"


def test_draft_is_edited_in_the_admin_through_the_service(cast, admin_client):
    order = draft(cast)
    url = f"/admin/mentoring/order/{order.pk}/change/"
    response = admin_client.post(
        url,
        {
            "title": "О Положении",
            "preamble": "",
            "points": '["Утвердить."]',
            "appendix_title": "",
            "return_comment": "",
            "_save": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    order.refresh_from_db()
    assert (order.title, order.points, order.version) == ("О Положении", ["Утвердить."], 2)


# --- drafting details ------------------------------------------------------------------


def test_stale_edit_gets_a_conflict_message_and_the_first_edit_survives(cast, client_for):
    order = draft(cast)
    loaded = order.version
    client = client_for(cast.methodist)
    client.post(
        f"/orders/{order.pk}/edit/",
        post_data(kind=OrderKind.REGULATION, title="О Положении (первая правка)", version=loaded),
    )
    response = client_for(cast.coordinator).post(
        f"/orders/{order.pk}/edit/",
        post_data(kind=OrderKind.REGULATION, title="О Положении (вторая правка)", version=loaded),
    )
    assert response.status_code == 200
    assert STALE_MESSAGE in page_text(response)
    order.refresh_from_db()
    assert order.title == "О Положении (первая правка)"


def test_submitted_order_waits_for_the_decision(cast, client_for):
    order = submitted(cast)
    response = client_for(cast.methodist).get(f"/orders/{order.pk}/edit/", follow=True)
    assert "Приказ на утверждении: изменить его можно после возврата." in page_text(response)


def test_only_drafts_are_deleted(cast, client_for, approved):
    order = draft(cast)
    client = client_for(cast.methodist)
    response = client.post(f"/orders/{order.pk}/delete/", follow=True)
    assert "удалён" in page_text(response)
    assert not Order.objects.filter(pk=order.pk).exists()
    response = client.post(f"/orders/{approved.pk}/delete/", follow=True)
    assert "Удалить можно только черновик или возвращённый приказ." in page_text(response)
    assert Order.objects.filter(pk=approved.pk).exists()


def test_methodist_cannot_approve_and_director_cannot_draft(cast, client_for):
    order = submitted(cast)
    assert client_for(cast.methodist).post(f"/orders/{order.pk}/approve/").status_code == 403
    assert client_for(cast.coordinator).post(f"/orders/{order.pk}/return/").status_code == 403
    client = client_for(cast.director)
    assert client.get("/orders/new/award/").status_code == 403
    assert client.post(f"/orders/{order.pk}/edit/", {"title": "x"}).status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_another_organisations_order_is_404(cast, client_for):
    order = submitted(cast)
    other_director = UserFactory(username="other_director")
    MembershipFactory(user=other_director, organization=cast.other_school, role=Role.DIRECTOR)
    client = client_for(other_director)
    assert client.get(f"/orders/{order.pk}/").status_code == 404
    assert client.post(f"/orders/{order.pk}/approve/").status_code == 404
    assert client.get(f"/orders/{order.pk}/order.pdf").status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


# --- numbering -------------------------------------------------------------------------


def test_numbers_run_per_organisation_and_restart_each_year(cast):
    cast.school.order_number_format = "{n}/01-08"
    cast.school.save()
    cast.other_school.order_number_format = "{yy}-{n}"
    cast.other_school.save()

    def approve(org, on_date, by):
        order = submitted(cast, organization=org, by=by)
        return order_approve(order=order, by=cast.director, on_date=on_date)

    december = datetime.date(2026, 12, 30)
    a1 = approve(cast.school, december, cast.methodist)
    a2 = approve(cast.school, december + datetime.timedelta(days=1), cast.methodist)
    b1 = approve(cast.other_school, december, cast.other_methodist)
    a3 = approve(cast.school, datetime.date(2027, 1, 11), cast.methodist)

    assert [(o.number, o.year, o.sequence) for o in (a1, a2, a3)] == [
        ("1/01-08", 2026, 1),
        ("2/01-08", 2026, 2),
        ("1/01-08", 2027, 1),
    ]
    assert (b1.number, b1.year, b1.sequence) == ("26-1", 2026, 1)
    assert a2.signed_on == datetime.date(2026, 12, 31)


# --- the register, the inbox, the home page ---------------------------------------------


def make_orders(cast, n):
    for i in range(n):
        order = draft(cast, OrderKind.COORDINATOR if i % 2 else OrderKind.REGULATION)
        if i % 3 == 0:
            order_approve(order=order_submit(order=order, by=cast.methodist), by=cast.director)
        elif i % 3 == 1:
            order_submit(order=order, by=cast.methodist)


def test_register_query_count_does_not_grow_with_the_orders(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.coordinator)
    client.get("/")  # the first request of a session stores the current organisation
    make_orders(cast, 5)
    with CaptureQueriesContext(connection) as five:
        assert client.get("/orders/").status_code == 200
    make_orders(cast, 45)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get("/orders/")
    assert len(response.context["page"].object_list) == 25
    assert len(five.captured_queries) == len(fifty.captured_queries)
    with django_assert_max_num_queries(12):
        client.get("/orders/", {"page": 2})


def test_register_filters_by_year_kind_and_status(cast, client_for):
    old = order_approve(
        order=submitted(cast), by=cast.director, on_date=datetime.date(TODAY.year - 1, 5, 1)
    )
    award = draft(cast, OrderKind.AWARD)
    client = client_for(cast.methodist)

    def listed(**params):
        return [o.pk for o in client.get("/orders/", params).context["page"].object_list]

    assert listed() == [award.pk, old.pk]  # drafts first, then the register
    assert listed(year=TODAY.year - 1) == [old.pk]
    assert listed(year=TODAY.year) == [award.pk]
    assert listed(kind="award") == [award.pk]
    assert listed(status="approved") == [old.pk]
    text = page_text(client.get("/orders/"))
    assert f"{old.signed_on:%d.%m.%Y}" in text
    assert old.number in text


def test_inbox_lists_this_organisations_submitted_orders_oldest_first(cast, client_for):
    first = submitted(cast)
    draft(cast, OrderKind.AWARD)
    final_event = draft(cast, OrderKind.FINAL_EVENT)
    final_event.details = {
        "date": "2027-05-20",
        "place": "Актовый зал",
        "programme": ["Открытие"],
        "commission": [{"user_id": cast.director.pk, "name": "Д", "position": "директор"}],
    }
    final_event.save()
    second = order_submit(order=final_event, by=cast.methodist)
    order_approve(order=submitted(cast, OrderKind.ROADMAP), by=cast.director)
    submitted(cast, organization=cast.other_school, by=cast.other_methodist)

    response = client_for(cast.director).get("/orders/inbox/")
    assert [o.pk for o in response.context["orders"]] == [first.pk, second.pk]


def test_an_order_missing_its_details_is_not_submitted(cast):
    """The details the approval asks for (a final event's date, place,
    programme, commission; an award's mentors) are asked at submission:
    the director never gets an order he cannot sign."""
    order = draft(cast, OrderKind.FINAL_EVENT)
    with pytest.raises(ValidationError, match="дату, место, программу, состав комиссии"):
        order_submit(order=order, by=cast.methodist)
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT


def test_home_cards_show_orders_awaiting_a_decision_and_returned_ones(cast, client_for):
    for _ in range(6):
        submitted(cast)
    returned = order_return(order=submitted(cast), comment="Нет основания.", by=cast.director)

    with CaptureQueriesContext(connection) as queries:
        card = order_home_card(cast.school, Role.DIRECTOR)
    assert len(queries.captured_queries) == 1
    assert card["count"] == 6
    assert len(card["orders"]) == 5

    home = page_text(client_for(cast.director).get("/"))
    assert "Приказы на утверждение" in home
    home = page_text(client_for(cast.methodist).get("/"))
    assert "Возвращённые приказы" in home
    assert "Нет основания." in home
    assert order_home_card(cast.school, Role.METHODIST)["orders"] == [returned]
    assert order_home_card(cast.school, Role.MENTOR) is None


# --- speed -----------------------------------------------------------------------------


def test_approving_an_order_of_100_pairs_activates_them_all(cast, client_for, form):
    pairs = [agreed_pair(cast, form, f"Наставникова{i}", f"Наставляемов{i}") for i in range(100)]
    order = submitted(cast, OrderKind.PAIRING, mentorships=pairs)
    client = client_for(cast.director)

    started = time.perf_counter()
    response = client.post(f"/orders/{order.pk}/approve/", confirm(order))
    elapsed = time.perf_counter() - started
    print(f"\nApproval of an order with 100 pairs ({connection.vendor}): {elapsed:.3f} s")

    assert response.status_code == 302
    assert Mentorship.objects.filter(status=MentorshipStatus.ACTIVE, order=order).count() == 100
    print(f"approval: {elapsed:.2f} s (budgets are checked by make bench)")


# --- the printed order -------------------------------------------------------------


def test_order_pdf_has_the_requisites_and_the_table_of_pairs(cast, client_for, form):
    cast.school.name = "Муниципальное бюджетное общеобразовательное учреждение «Школа № 1»"
    cast.school.address = "123456, Энская обл., г. Энск, ул. Мира, д. 1"
    cast.school.order_number_format = "{n}/01-08"
    cast.school.save()
    cast.director.first_name, cast.director.patronymic = "Елена", "Викторовна"
    cast.director.save()
    first = agreed_pair(cast, form, "Соколова", "Белов")
    second = agreed_pair(cast, form, "Орлова", "Зайцев")
    order = order_approve(
        order=submitted(cast, OrderKind.PAIRING, mentorships=[first, second]), by=cast.director
    )

    response = client_for(cast.methodist).get(f"/orders/{order.pk}/order.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, "order-approved")
    flat = " ".join(text.split())

    assert "Департамент образования (тест)" in text
    assert "«Школа № 1»" in flat
    assert "ПРИКАЗ" in text
    assert f"{TODAY:%d.%m.%Y}" in text
    assert "№ 1/01-08" in text
    assert "г. Энск" in text
    assert "О закреплении наставнических пар (групп)" in flat
    assert "ПРИКАЗЫВАЮ:" in text
    assert "1. Закрепить наставнические пары (группы) согласно приложению." in flat
    assert "Е. В. Директорова" in text
    assert "Приложение" in text
    assert f"от {TODAY:%d.%m.%Y} № 1/01-08" in flat
    assert "Наставляемый(е)" in text
    appendix = " ".join(pdf_text(response.content, layout=False).split("\f")[1].split())
    for name in ("Соколова Анна Ивановна", "Белов Олег Петрович", "Орлова Анна", "Зайцев Олег"):
        assert name in appendix
    assert "Педагог – педагог" in text
    assert "ПРОЕКТ" not in text
    assert "Соколова" not in text.split("\f")[0]  # the appendix starts a new page


def test_draft_pdf_is_marked_as_a_project_without_number(cast, client_for):
    order = draft(cast)
    pdf = client_for(cast.director).get(f"/orders/{order.pk}/order.pdf").content
    text = " ".join(pdf_text(pdf, "order-draft").split())
    assert "ПРОЕКТ" in text
    assert "Об утверждении Положения о наставничестве" in text
    assert "1-о" not in text  # no number before approval


def test_pdf_embeds_a_cyrillic_font(cast, client_for, tmp_path):
    tool = shutil.which("pdffonts")
    if tool is None:
        pytest.skip("poppler-utils (pdffonts) is not installed")
    path = tmp_path / "order.pdf"
    path.write_bytes(client_for(cast.director).get(f"/orders/{draft(cast).pk}/order.pdf").content)
    fonts = subprocess.run(  # noqa: S603 - a fixed local tool on our own file
        [tool, str(path)], capture_output=True, check=True
    ).stdout.decode()
    assert "Order-Serif" in fonts  # DejaVu Serif under the @font-face name
    assert all(" yes " in line for line in fonts.splitlines()[2:] if line.strip())


def test_place_and_signature_helpers():
    assert place_of("123456, Энская обл., г. Энск, ул. Мира, д. 1") == "г. Энск"
    assert place_of("город Нижний Новгород, ул. Минина, 1") == "г. Нижний Новгород"
    assert place_of("с. Покровское, ул. Школьная, д. 3") == "с. Покровское"
    assert place_of("") == ""
    user = UserFactory.build(last_name="Ростовская", first_name="Елена", patronymic="Викторовна")
    assert initials_first(user) == "Е. В. Ростовская"
    assert initials_first(None) == ""
