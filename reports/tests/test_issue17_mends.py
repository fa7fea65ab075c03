"""Issue 17 mends after a fresh tester's walk: a group of several mentees is
typed «Групповое», not «Традиционное (один на один)»; a range of academic
years is printed with an en dash by one helper; the quarterly diagnostics
are named by the quarter the analytic report names."""

import datetime
import re

import pytest

from mentoring.forms_mentorships import MentoringFormForm
from mentoring.models import (
    MentoringForm,
    MentoringType,
    Mentorship,
    MentorshipMember,
    TargetGroup,
    mentoring_type_of,
)
from mentoring.typography import (
    academic_year_label,
    academic_year_range,
    period_code_label,
    quarter_label,
)
from reports import services
from reports.models import ReportFormat, ReportJob, ReportKind
from reports.periods import Period, Quarter
from surveys.demo import diagnostics_title

from .helpers import pairs, people, workbook

pytestmark = pytest.mark.django_db


def add_mentees(mentorship, mentees):
    MentorshipMember.objects.bulk_create(
        MentorshipMember(
            mentorship=mentorship,
            participant=p,
            role=MentorshipMember.Role.MENTEE,
            form=mentorship.form,
            active=True,
        )
        for p in mentees
    )


def test_a_group_of_several_mentees_is_never_typed_traditional():
    assert mentoring_type_of(MentoringType.TRADITIONAL, 1) == MentoringType.TRADITIONAL
    assert mentoring_type_of(MentoringType.TRADITIONAL, 5) == MentoringType.GROUP
    assert mentoring_type_of(MentoringType.VIRTUAL, 5) == MentoringType.VIRTUAL


def test_analytic_report_counts_a_pupils_group_on_a_traditional_form_as_group(cast):
    form = MentoringForm.objects.create(
        organization=cast.school, name="Учитель – ученик", mentoring_type=MentoringType.TRADITIONAL
    )
    mentors = people(cast.school, 2, mentor=True, prefix="Учитель")
    pupils = people(cast.school, 6, group=TargetGroup.SCHOOL_STUDENT, prefix="Ученик")
    # One pair (one pupil) and one group of five pupils, both on the form.
    pair, group = pairs(cast.school, mentors, pupils[:2], form=form)
    add_mentees(group, pupils[2:])
    assert pair.mentoring_type == MentoringType.TRADITIONAL
    group = Mentorship.objects.with_people().get(pk=group.pk)
    assert group.get_mentoring_type_display() == "Групповое"

    book = workbook(
        services.report_build(organization=cast.school, kind="analytic", fmt="xlsx").content
    )
    types = {r[0]: r[1:] for r in list(book["Виды"].iter_rows(values_only=True))[1:]}
    # pairs and groups, mentors, mentees
    assert types == {"Традиционное (один на один)": (1, 1, 1), "Групповое": (1, 1, 5)}
    forms = [r[:3] for r in list(book["Формы"].iter_rows(values_only=True))[1:]]
    assert ("Учитель – ученик", "Групповое", 1) in forms
    assert ("Учитель – ученик", "Традиционное (один на один)", 1) in forms


def test_a_form_with_groups_cannot_be_turned_back_into_traditional(cast):
    form = MentoringForm.objects.create(
        organization=cast.school, name="Учитель – ученики", mentoring_type=MentoringType.GROUP
    )
    mentors = people(cast.school, 1, mentor=True, prefix="Учитель")
    pupils = people(cast.school, 3, group=TargetGroup.SCHOOL_STUDENT, prefix="Ученик")
    (group,) = pairs(cast.school, mentors, pupils[:1], form=form)
    data = {"name": form.name, "mentoring_type": "traditional", "position": 1}
    # One mentee: still a pair, the type may change.
    assert MentoringFormForm(data, organization=cast.school, instance=form).is_valid()
    add_mentees(group, pupils[1:])
    bound = MentoringFormForm(data, organization=cast.school, instance=form)
    assert not bound.is_valid()
    assert "один наставник и один наставляемый" in bound.errors["mentoring_type"][0]
    # A standard form (traditional by default) stays editable while it has groups.
    form.mentoring_type = MentoringType.TRADITIONAL
    form.save(update_fields=["mentoring_type"])
    assert MentoringFormForm(data, organization=cast.school, instance=form).is_valid()


def test_academic_years_are_printed_with_an_en_dash_by_one_helper():
    assert academic_year_range(2026) == "2026–2027"
    assert academic_year_label(2026) == "2026–2027 учебный год"
    assert Period.of_year(2026).label == "2026–2027 учебный год"
    assert Period.of_year(2026).code == "2026-2027"  # the stored code is kept
    assert period_code_label("2026-2027") == "2026–2027 учебный год"
    assert period_code_label("2026-Q4") == Quarter(2026, 4).label == quarter_label(2026, 4)
    assert period_code_label("на 01.12.2026") == "на 01.12.2026"
    with pytest.raises(ValueError):
        academic_year_range("x")


def test_report_list_prints_the_period_of_a_job_with_an_en_dash(cast, client_for):
    ReportJob.objects.create(
        organization=cast.school,
        kind=ReportKind.ANALYTIC,
        format=ReportFormat.PDF,
        period="2026-2027",
        created_by=cast.methodist,
    )
    page = client_for(cast.methodist).get("/reports/").text
    assert "2026–2027 учебный год" in page
    assert not re.search(r">\s*2026-2027\s*<", page)


def test_diagnostics_campaigns_are_named_by_the_quarter_the_report_names():
    for day in (datetime.date(2026, 9, 30), datetime.date(2026, 11, 26), datetime.date(2027, 1, 5)):
        assert diagnostics_title(day) == f"Диагностика компетенций, {Quarter.current(day).label}"


def test_demo_groups_are_group_typed_and_diagnostics_named_as_the_report_names_quarters():
    from django.core.management import call_command
    from django.utils import timezone

    from mentoring.models import Organization
    from reports import builders, integrations

    call_command("seed_demo")
    school = Organization.objects.get(slug="sosh-11")
    period = Period.current(timezone.localdate())
    data = builders.analytic_data(school, period)
    pupils = [f for f in data["forms"] if f["form__name"] == "Учитель – ученик"]
    assert pupils and {f["type"] for f in pupils} == {"Групповое"}, pupils
    assert all(f["mentees"] > 1 for f in pupils)
    # Section 8 of the report compares two calendar quarters; the demo's
    # diagnostics are named by those very quarters.
    diagnostics = integrations.diagnostics_changes(school, period)
    labels = {diagnostics["previous"].label, diagnostics["current"].label}
    # Teachers' «Диагностика компетенций, …» and pupils' «Диагностика
    # учебных умений, …» alike.
    named = {title.split(", ", 1)[1] for title in diagnostics["campaigns"]}
    assert named == labels, (named, labels)


def test_survey_participation_on_a_past_date_counts_what_existed_then(cast):
    """A past quarter's monitoring counts the campaigns sent and the answers
    submitted by its date (the definition's «по дату показателя»), not
    today's."""
    import datetime as dt

    from django.utils import timezone

    from mentoring import indicators as defs
    from mentoring.factories import mentee_participant
    from surveys import services
    from surveys.models import Campaign, Invitation
    from surveys.tests.helpers import survey_with

    today = timezone.localdate()
    org = cast.school
    mentee = mentee_participant(org, email="")
    survey, (question,) = survey_with(org, [{"kind": "scale", "text": "Польза", "scale_max": 5}])
    campaign, _links = services.campaign_create(
        survey=survey,
        data={"title": "Опрос", "deadline": today + dt.timedelta(days=5)},
        audience={"kind": "participants", "participants": [mentee.pk]},
        by=None,
    )
    yesterday = today - dt.timedelta(days=1)

    def figure(day):
        return defs.compute(["survey_participation"], [org.pk], day)[org.pk]["survey_participation"]

    assert figure(yesterday).whole in (None, 0)  # not sent yet then
    Campaign.objects.filter(pk=campaign.pk).update(
        created_at=timezone.now() - dt.timedelta(days=10)
    )
    invitation = Invitation.objects.get(campaign=campaign, participant=mentee)
    services.response_save(invitation=invitation, data={f"q{question.pk}": ["4"]}, submit=True)
    assert (figure(yesterday).part, figure(yesterday).whole) == (0, 1)  # answered today
    assert (figure(today).part, figure(today).whole) == (1, 1)
