"""Results: distributions and averages, expected vs actual, quarterly change,
XLSX, constant queries and speed."""

import io
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from surveys import results, services
from surveys.models import Answer, Response

from .helpers import answer, deadline, pair, person, send, survey_with

pytestmark = pytest.mark.django_db


def test_distribution_and_average_of_each_kind(cast):
    survey, (scale, yn, single, num, text) = survey_with(
        cast.school,
        [
            {"kind": "scale", "text": "Комфорт", "scale_max": 5},
            {"kind": "yes_no", "text": "Продолжить?"},
            {"kind": "single", "text": "Формат", "options": ["Очно", "Онлайн"]},
            {"kind": "number", "text": "Встреч"},
            {"kind": "long_text", "text": "Отзыв"},
        ],
    )
    people = [person(cast.school) for _ in range(4)]
    campaign, tokens = send(survey, people)
    online = single.options.get(text="Онлайн")
    offline = single.options.get(text="Очно")
    rows = [
        ("5", "yes", online, "4", "Отлично"),
        ("4", "yes", online, "6", ""),
        ("2", "no", offline, "2", "Мало встреч"),
    ]
    for p, (s, y, o, n, t) in zip(people, rows, strict=False):
        answer(
            campaign,
            tokens[p.pk],
            {
                f"q{scale.pk}": [s],
                f"q{yn.pk}": [y],
                f"q{single.pk}": [str(o.pk)],
                f"q{num.pk}": [n],
                f"q{text.pk}": [t],
            },
        )
    res = results.campaign_results(campaign)
    assert (res.invited, res.responded, res.rate, res.count) == (4, 3, 75, 3)
    by_q = {r.question.pk: r for r in res.questions}
    assert by_q[scale.pk].average == Decimal("11") / 3
    assert by_q[scale.pk].average_display == "3,67"
    # Parts of one whole: the shares add up to 100 (largest remainder, the
    # first of equal remainders gets the missing unit).
    assert by_q[scale.pk].distribution == [
        ("1", 0, 0),
        ("2", 1, 34),
        ("3", 0, 0),
        ("4", 1, 33),
        ("5", 1, 33),
    ]
    assert by_q[yn.pk].distribution == [("Да", 2, 67), ("Нет", 1, 33)]
    assert round(by_q[yn.pk].average, 2) == Decimal("66.67")
    assert by_q[single.pk].distribution == [("Очно", 1, 33), ("Онлайн", 2, 67)]
    assert by_q[num.pk].average == 4
    assert sorted(by_q[text.pk].texts) == ["Мало встреч", "Отлично"]
    assert by_q[text.pk].answered == 2


def test_drafts_are_not_counted(cast):
    survey, (q,) = survey_with(cast.school, [{"kind": "scale", "text": "Комфорт"}])
    a, b = person(cast.school), person(cast.school)
    campaign, tokens = send(survey, [a, b])
    answer(campaign, tokens[a.pk], {f"q{q.pk}": ["8"]})
    answer(campaign, tokens[b.pk], {f"q{q.pk}": ["2"]}, submit=False)
    res = results.campaign_results(campaign)
    assert res.count == 1
    assert res.questions[0].average == 8


def test_anonymous_results_are_hidden_below_three_responses(cast, client_for):
    survey, (q,) = survey_with(cast.school, [{"kind": "scale", "text": "Комфорт"}])
    people = [person(cast.school) for _ in range(3)]
    campaign, tokens = send(survey, people, is_anonymous=True)
    for p in people[:2]:
        answer(campaign, tokens[p.pk], {f"q{q.pk}": ["7"]})
    assert results.campaign_results(campaign).hidden
    page = client_for(cast.methodist).get(f"/surveys/campaigns/{campaign.pk}/results/")
    assert "результаты показываются, когда ответов не меньше трёх" in page.text
    answer(campaign, tokens[people[2].pk], {f"q{q.pk}": ["7"]})
    assert not results.campaign_results(campaign).hidden


def test_filters_by_form_target_group_mentorship_and_role(cast):
    survey, (q,) = survey_with(cast.school, [{"kind": "scale", "text": "Комфорт"}])
    ms1, mentor1, mentee1 = pair(cast.school)
    ms2, mentor2, mentee2 = pair(cast.school, ms1.form)
    campaign, _ = services.campaign_create(
        survey=survey,
        data={"deadline": deadline()},
        audience={"kind": "mentorships", "mentorships": [ms1.pk, ms2.pk], "role": "all"},
        by=None,
    )
    scores = {mentor1: 10, mentee1: 8, mentor2: 4, mentee2: 2}
    for who, score in scores.items():
        inv = campaign.invitations.get(participant=who)
        raw = services.invitation_issue_link(invitation=inv)
        answer(campaign, raw, {f"q{q.pk}": [str(score)]})

    def avg(**filters):
        return results.campaign_results(campaign, filters).questions[0].average

    assert avg() == 6
    assert avg(mentorship=ms1.pk) == 9
    assert avg(role="mentee") == 5
    assert avg(form=ms1.form.pk) == 6
    assert avg(target_group="young_specialist") == 5


def _before_after_setup(cast):
    before_survey, (b1, b2) = survey_with(
        cast.school,
        [
            {"kind": "scale", "text": "Ожидаемый комфорт", "code": "comfort"},
            {"kind": "scale", "text": "Ожидаемая польза", "code": "usefulness"},
        ],
    )
    after_survey, (a1, a2) = survey_with(
        cast.school,
        [
            {"kind": "scale", "text": "Комфорт", "code": "comfort"},
            {"kind": "scale", "text": "Польза", "code": "usefulness"},
        ],
    )
    ms1, _mentor1, mentee1 = pair(cast.school)
    ms2, _mentor2, mentee2 = pair(cast.school, ms1.form)
    audience = {"kind": "mentorships", "mentorships": [ms1.pk, ms2.pk], "role": "mentee"}
    before, _ = services.campaign_create(
        survey=before_survey,
        data={"deadline": deadline(), "moment": "expected"},
        audience=audience,
        by=None,
    )
    after, _ = services.campaign_create(
        survey=after_survey,
        data={"deadline": deadline(), "moment": "actual", "baseline": before},
        audience=audience,
        by=None,
    )

    def fill(campaign, who, q1, q2, v1, v2):
        raw = services.invitation_issue_link(invitation=campaign.invitations.get(participant=who))
        answer(campaign, raw, {f"q{q1.pk}": [str(v1)], f"q{q2.pk}": [str(v2)]})

    # mentee1: before (6, 8), after (9, 10); mentee2: before (4, 5), after (4, 8)
    fill(before, mentee1, b1, b2, 6, 8)
    fill(after, mentee1, a1, a2, 9, 10)
    fill(before, mentee2, b1, b2, 4, 5)
    fill(after, mentee2, a1, a2, 4, 8)
    return before, after, (ms1, mentee1), (ms2, mentee2)


def test_expected_vs_actual_per_person(cast):
    before, after, (_ms1, mentee1), (_ms2, mentee2) = _before_after_setup(cast)
    codes, rows, total = results.before_after(before, after, by="person")
    assert [c for c, _t in codes] == ["comfort", "usefulness"]
    assert [t for _c, t in codes] == ["Комфорт", "Польза"]
    by_label = {r.label: r for r in rows}
    first = by_label[mentee1.full_name]
    assert [(c.before, c.after, c.delta) for c in first.cells] == [
        (6, 9, Decimal("3.00")),
        (8, 10, Decimal("2.00")),
    ]
    assert (first.overall.before, first.overall.after, first.overall.delta) == (
        7,
        Decimal("9.5"),
        Decimal("2.50"),
    )
    second = by_label[mentee2.full_name]
    assert second.cells[0].delta == 0
    assert second.overall.delta == Decimal("1.50")  # (4+5)/2=4.5 → (4+8)/2=6
    # All answers: comfort (6+4)/2=5 → (9+4)/2=6.5; overall 23/4=5.75 → 31/4=7.75
    assert total.cells[0].before == 5 and total.cells[0].after == Decimal("6.5")
    assert total.cells[0].delta == Decimal("1.50")
    assert (total.overall.before, total.overall.after, total.overall.delta) == (
        Decimal("5.75"),
        Decimal("7.75"),
        Decimal("2.00"),
    )


def test_expected_vs_actual_per_mentorship_and_per_form(cast):
    before, after, (ms1, _m1), (ms2, _m2) = _before_after_setup(cast)
    _codes, rows, _total = results.before_after(before, after, by="mentorship")
    deltas = {r.label: r.overall.delta for r in rows}
    assert deltas == {str(ms1): Decimal("2.50"), str(ms2): Decimal("1.50")}
    _codes, rows, _total = results.before_after(before, after, by="form")
    assert [(r.label, r.overall.delta) for r in rows] == [(ms1.form.name, Decimal("2.00"))]


def test_compare_page_shows_the_deltas(cast, client_for):
    _before, after, _a, _b = _before_after_setup(cast)
    page = client_for(cast.methodist).get(f"/surveys/campaigns/{after.pk}/compare/?by=person")
    assert page.status_code == 200
    assert "+2,5" in page.text
    assert "+1,5" in page.text


def test_change_between_quarterly_diagnostics(cast, client_for):
    survey, (q1, q2) = survey_with(
        cast.school,
        [
            {"kind": "scale", "text": "Проектирование урока", "code": "design", "scale_max": 5},
            {"kind": "scale", "text": "Оценивание", "code": "assessment", "scale_max": 5},
        ],
    )
    who = [person(cast.school) for _ in range(2)]
    quarters = []
    for n, scores in enumerate([((2, 3), (2, 1)), ((3, 3), (4, 2)), ((4, 5), (5, 4))]):
        campaign, tokens = send(survey, who, title=f"{n + 1} квартал")
        for p, (v1, v2) in zip(who, scores, strict=False):
            answer(campaign, tokens[p.pk], {f"q{q1.pk}": [str(v1)], f"q{q2.pk}": [str(v2)]})
        campaign.deadline = timezone.localdate() + timezone.timedelta(days=n)
        campaign.save()
        quarters.append(campaign)
    campaigns, table = results.diagnostics_change(quarters)
    assert [c.pk for c in campaigns] == [c.pk for c in quarters]
    design = next(r for r in table if r["text"] == "Проектирование урока")
    assert design["averages"] == [Decimal("2"), Decimal("3.5"), Decimal("4.5")]
    assert design["change"] == Decimal("2.50")
    page = client_for(cast.methodist).get(f"/surveys/{survey.pk}/change/")
    assert "+2,5" in page.text


def test_xlsx_has_a_row_per_response_a_column_per_question_and_a_summary(cast, client_for):
    survey, (scale, multiple, text) = survey_with(
        cast.school,
        [
            {"kind": "scale", "text": "Комфорт"},
            {"kind": "multiple", "text": "Темы", "options": ["Уроки", "Родители"]},
            {"kind": "long_text", "text": "Отзыв"},
        ],
    )
    a, b = person(cast.school, last_name="Алексеева"), person(cast.school, last_name="Борисов")
    campaign, tokens = send(survey, [a, b])
    opts = list(multiple.options.all())
    answer(
        campaign,
        tokens[a.pk],
        {
            f"q{scale.pk}": ["8"],
            f"q{multiple.pk}": [str(o.pk) for o in opts],
            f"q{text.pk}": ["Полезно"],
        },
    )
    answer(campaign, tokens[b.pk], {f"q{scale.pk}": ["6"]})
    reply = client_for(cast.methodist).get(f"/surveys/campaigns/{campaign.pk}/results.xlsx")
    assert reply.status_code == 200
    book = load_workbook(io.BytesIO(reply.content))
    sheet = book["Ответы"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[-3:] == ("1. Комфорт", "2. Темы", "3. Отзыв")
    assert len(rows) == 3
    by_person = {r[2]: r for r in rows[1:]}
    assert by_person[a.full_name][-3:] == (8, "Уроки; Родители", "Полезно")
    assert by_person[b.full_name][-3:] == (6, "", None) or by_person[b.full_name][-3] == 6
    summary = list(book["Сводка"].iter_rows(values_only=True))
    assert summary[1][1] == "Комфорт" and summary[1][3] == 2 and summary[1][4] == 7


def _bulk_responses(campaign, questions, n):
    """n anonymous submitted responses with answers, without the services
    (the speed of the results page is what is measured)."""
    now = timezone.now()
    responses = Response.objects.bulk_create(
        [
            Response(
                campaign=campaign,
                version=campaign.version,
                anonymous_key=f"k{campaign.pk}-{i}",
                status="submitted",
                submitted_at=now,
                updated_at=now,
                target_group="teacher",
            )
            for i in range(n)
        ],
        batch_size=1000,
    )
    answers = []
    for i, r in enumerate(responses):
        for q in questions:
            if q.kind == "scale":
                answers.append(Answer(response=r, question=q, number=1 + i % q.scale_max))
            elif q.kind == "long_text":
                answers.append(Answer(response=r, question=q, text=f"Ответ {i}"))
            elif q.kind == "single":
                answers.append(Answer(response=r, question=q))
    created = Answer.objects.bulk_create(answers, batch_size=2000)
    through = Answer.options.through
    option = {q.pk: q.options.first() for q in questions if q.kind == "single"}
    through.objects.bulk_create(
        [
            through(answer_id=a.pk, option_id=option[a.question_id].pk)
            for a in created
            if a.question_id in option
        ],
        batch_size=2000,
    )


def _results_setup(cast, n):
    survey, questions = survey_with(
        cast.school,
        [{"kind": "scale", "text": f"Шкала {i}"} for i in range(5)]
        + [
            {"kind": "single", "text": "Выбор", "options": ["А", "Б"]},
            {"kind": "long_text", "text": "Текст"},
        ],
    )
    campaign, _ = send(survey, [person(cast.school)], is_anonymous=True)
    _bulk_responses(campaign, questions, n)
    return campaign


def test_results_page_has_the_same_number_of_queries_for_50_and_5000_responses(cast, client_for):
    client = client_for(cast.methodist)
    counts = []
    for n in (50, 5000):
        campaign = _results_setup(cast, n)
        url = f"/surveys/campaigns/{campaign.pk}/results/"
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url)
        assert page.status_code == 200
        counts.append(len(ctx.captured_queries))
        started = time.perf_counter()
        client.get(url)
        elapsed = time.perf_counter() - started
        print(f"results page, {n} responses: {elapsed * 1000:.0f} ms, {counts[-1]} queries")
        if n == 5000:
            assert f"{n}" in page.text.replace("\xa0", "").replace(" ", "")
            print(f"results: {elapsed:.3f} s (budgets are checked by make bench)")
    assert counts[0] == counts[1]
