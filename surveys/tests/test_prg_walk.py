"""Every creating form of the surveys app creates once per opened form: the
walk of mentoring/tests/prg.py (redirect after the POST, nothing created by
the GET after it, nothing by a repeated POST of the same form, a Russian
message on the repeat). "Разослать" carries its own token on the campaign
row (test_campaign_once.py); the others use mentoring.submit_once. The list
of creating URLs is checked against the URL patterns in
mentoring/tests/test_prg_walk_complete.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.tests.prg import Case, walk
from surveys.models import Campaign, MentorApplication, Question, Section, Survey
from surveys.tests.helpers import person, survey_with
from surveys.tests.test_banks_and_apply import APPLY


def _survey(cast):
    data = {"title": "Анкета наставляемого"}
    return Case("/surveys/new/", "/surveys/new/", Survey.objects.count, data)


def _from_template(cast):
    return Case("/surveys/", "/surveys/from-template/", Survey.objects.count)


def _question(cast):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    url = f"/surveys/{survey.pk}/questions/new/"
    data = {"kind": "single", "text": "Формат встреч", "options_text": "Очно\nОнлайн\n"}
    return Case(url, url, Question.objects.count, data)


def _section(cast):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    url = f"/surveys/{survey.pk}/sections/new/"
    return Case(url, url, Section.objects.count, {"title": "О встречах"})


def _campaign(cast):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    people = [person(cast.school)]
    url = f"/surveys/{survey.pk}/send/"
    data = {
        "title": "Рассылка",
        "deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "audience_kind": "participants",
        "participants": [p.pk for p in people],
        "role": "all",
    }
    # "Разослать" keeps its own token on the campaign row and its own words.
    return Case(url, url, Campaign.objects.count, data, repeat_message="Эта рассылка уже создана")


def _apply(cast):
    url = f"/o/{cast.school.slug}/nastavnichestvo/stat-nastavnikom/"
    return Case(url, url, MentorApplication.objects.count, dict(APPLY))


# name: (setup → Case, user; None: an anonymous visitor)
GUARDED = {
    "surveys:survey_create": (_survey, "methodist"),
    "surveys:survey_from_template": (_from_template, "methodist"),
    "surveys:question_add": (_question, "methodist"),
    "surveys:section_add": (_section, "methodist"),
    "surveys:campaign_create": (_campaign, "methodist"),
    "reports:apply": (_apply, None),
}


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_one_opened_creating_form_creates_once(name, cast, client, client_for):
    setup, role = GUARDED[name]
    walk(client_for(cast.by_role(role)) if role else client, name, setup(cast))
