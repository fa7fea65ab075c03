"""Russian-aware search: Ё/Е and case do not matter in any name search, and
the header search finds people, pairs, orders and roadmaps within access."""

import pytest
from django.db import connection

from mentoring.factories import ConsentFactory, ParticipantFactory, make_pair, mentee_participant
from mentoring.models import OrderKind, Participant
from mentoring.search import fold, person_q
from mentoring.services.orders import order_create, order_defaults


@pytest.fixture
def people(cast):
    return {
        "semyon": ParticipantFactory(
            organization=cast.school, last_name="Соловьёв", first_name="Семён", patronymic="Ильич"
        ),
        "elena": ParticipantFactory(
            organization=cast.school, last_name="Ёлкина", first_name="Елена", patronymic=""
        ),
        "other": ParticipantFactory(
            organization=cast.other_school, last_name="Соловьев", first_name="Семен"
        ),
    }


def test_fold_maps_yo_to_ye_and_case():
    assert fold("Семён") == fold("семен") == "СЕМЕН"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Семен", {"semyon"}),
        ("семён", {"semyon"}),
        ("СОЛОВЬЕВ", {"semyon"}),
        ("соловьёв семен", {"semyon"}),
        ("елкина", {"elena"}),
        ("ЁЛКИНА Елена", {"elena"}),
        ("Соловьев Петр", set()),
    ],
)
def test_person_search_ignores_yo_and_case(people, cast, query, found):
    rows = set(
        Participant.objects.of(cast.school).filter(person_q(query)).values_list("pk", flat=True)
    )
    assert rows == {people[key].pk for key in found}


def test_person_search_does_not_join_the_end_of_one_name_part_to_the_next(people, cast):
    # "СОЛОВЬЕВ СЕМЕН" is stored with a space between the parts.
    found = Participant.objects.of(cast.school).filter(person_q("евсем"))
    assert not found.exists()


def test_folded_name_follows_a_bulk_rename_without_save(people, cast):
    # QuerySet.update sends no signals: the database keeps the column current.
    Participant.objects.filter(pk=people["semyon"].pk).update(last_name="Шмелёв")
    of_school = Participant.objects.of(cast.school)
    assert list(of_school.filter(person_q("шмелев")).values_list("pk", flat=True)) == [
        people["semyon"].pk
    ]
    assert not of_school.filter(person_q("соловьев")).exists()
    assert of_school.values_list("search_name", flat=True).get(pk=people["semyon"].pk).upper() == (
        "ШМЕЛЕВ СЕМЕН ИЛЬИЧ"
    )


def test_bank_search_count_is_cached_and_follows_a_new_participant(people, cast, client_for):
    from django.test.utils import CaptureQueriesContext

    people["semyon"].is_mentee = True
    people["semyon"].save()
    staff = client_for(cast.methodist)
    first = staff.get("/bank/mentees/", {"q": "семен"})
    assert first.context["page"].paginator.count == 1
    with CaptureQueriesContext(connection) as captured:
        again = staff.get("/bank/mentees/", {"q": "семен", "page": "1"})
    assert again.context["page"].paginator.count == 1
    # The folded-name scan of the count does not run again.
    assert not [q for q in captured if "COUNT(" in q["sql"] and "search_name" in q["sql"]]
    ParticipantFactory(
        organization=cast.school, last_name="Семёнов", first_name="Пётр", is_mentee=True
    )
    assert staff.get("/bank/mentees/", {"q": "семен"}).context["page"].paginator.count == 2


def test_bank_pair_and_order_lists_find_with_e_for_yo(people, cast, client_for):
    staff = client_for(cast.methodist)
    bank = staff.get("/bank/mentees/", {"q": "соловьев семен"})
    assert "Соловьёв Семён" in bank.text
    assert "Ёлкина" not in bank.text
    mentor = ParticipantFactory(
        organization=cast.school,
        last_name="Фёдорова",
        is_mentor=True,
        is_mentee=False,
        mentor_status="approved",
        capacity=2,
    )
    for kind in ("processing", "duties"):
        ConsentFactory(participant=mentor, kind=kind)
    pair = make_pair(cast.school, by=cast.methodist, mentor=mentor, agreed=True)
    pairs = staff.get("/mentorships/", {"q": "федорова"})
    assert f"/mentorships/{pair.pk}/" in pairs.text
    order = order_create(
        organization=cast.school,
        kind=OrderKind.PAIRING,
        data=order_defaults(OrderKind.PAIRING),
        mentorships=[pair],
        by=cast.methodist,
    )
    orders = staff.get("/orders/", {"q": "ФЕДОРОВА"})
    assert f"/orders/{order.pk}/" in orders.text
    none = staff.get("/orders/", {"q": "Пушкин"})
    assert f"/orders/{order.pk}/" not in none.text


def test_team_page_search_ignores_yo(cast, client_for):
    cast.mentor.last_name = "Пётрова"
    cast.mentor.save()
    page = client_for(cast.director).get(f"/organizations/{cast.school.slug}/", {"q": "петрова"})
    assert "Пётрова" in page.text
    assert "Директорова" not in page.text.split("members-title")[1]


def test_header_search_finds_people_pairs_and_orders_of_own_organisation(people, cast, client_for):
    page = client_for(cast.methodist).get("/search/", {"q": "семен"})
    assert f"/participants/{people['semyon'].pk}/" in page.text
    assert f"/participants/{people['other'].pk}/" not in page.text
    other = client_for(cast.other_methodist).get("/search/", {"q": "семен"})
    assert f"/participants/{people['other'].pk}/" in other.text
    assert f"/participants/{people['semyon'].pk}/" not in other.text


def test_header_search_gives_a_mentor_only_own_pairs(cast, client_for):
    mine = make_pair(cast.school, by=cast.methodist)
    lead = mine.lead_mentor
    lead.user = cast.mentor
    lead.save()
    theirs = make_pair(cast.school, by=cast.methodist)
    query = mine.mentees[0].last_name[:6]
    page = client_for(cast.mentor).get("/search/", {"q": query})
    assert f"/mentorships/{mine.pk}/" in page.text
    assert f"/mentorships/{theirs.pk}/" not in page.text
    assert "/participants/" not in page.text


def test_header_search_finds_roadmaps_through_the_registry(cast, client_for):
    from roadmaps.models import Roadmap

    roadmap = Roadmap.objects.create(
        organization=cast.school,
        title="Дорожная карта наставничества на 2026–2027 учебный год",
        period_start=2026,
        period_end=2027,
    )
    foreign = Roadmap.objects.create(
        organization=cast.other_school, title="Дорожная карта", period_start=2026, period_end=2027
    )
    page = client_for(cast.methodist).get("/search/", {"q": "ДОРОЖНАЯ учебный"})
    assert f"/roadmaps/{roadmap.pk}/" in page.text
    assert f"/roadmaps/{foreign.pk}/" not in page.text
    specialist = client_for(cast.specialist).get("/search/", {"q": "дорожная"})
    assert f"/roadmaps/{roadmap.pk}/" in specialist.text
    assert f"/roadmaps/{foreign.pk}/" in specialist.text
    assert client_for(cast.mentee).get("/search/", {"q": "дорожная"}).text.count("/roadmaps/") == 0


def test_mentee_bank_shows_the_mentor_in_constant_queries(
    cast, client_for, django_assert_max_num_queries
):
    staff = client_for(cast.methodist)

    def count():
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = staff.get("/bank/mentees/")
        return response, len(ctx.captured_queries)

    pair = make_pair(cast.school, by=cast.methodist)
    count()  # warm up the session
    response, few = count()
    assert pair.lead_mentor.full_name in response.text
    for _ in range(6):
        make_pair(cast.school, by=cast.methodist)
    mentee_participant(cast.school)
    count()  # the writes moved the cached figures (bank totals): warm them again
    _response, many = count()
    assert many == few


def test_second_card_of_the_same_person_is_refused_whatever_the_yo(cast, client_for):
    ParticipantFactory(
        organization=cast.school,
        last_name="Соловьёв",
        first_name="Семён",
        patronymic="Ильич",
        birth_date=None,
    )
    response = client_for(cast.methodist).post(
        "/participants/new/",
        {
            "last_name": "соловьев",
            "first_name": "Семен",
            "patronymic": "Ильич",
            "target_group": "teacher",
            "is_mentee": "on",
            "capacity": 1,
        },
    )
    assert response.status_code == 200
    assert "уже есть в банке" in response.text
    assert Participant.objects.filter(organization=cast.school).count() == 1
