"""A pair of the form "Учитель – ученик" starts from a programme template
that speaks of the pupil's study, not of a teacher's lessons."""

import datetime

import pytest
from django.utils import timezone

from mentoring.factories import MentoringFormFactory
from mentoring.models import Mentorship, PersonalProgram, TargetGroup
from mentoring.services.mentorships import program_start

pytestmark = pytest.mark.django_db


def _mentorship(org, form):
    return Mentorship.objects.create(
        organization=org,
        form=form,
        planned_start=timezone.localdate(),
        planned_end=timezone.localdate() + datetime.timedelta(days=200),
    )


def test_teacher_pupil_pair_gets_pupil_items_and_teacher_pair_the_default(cast):
    pupil_form = MentoringFormFactory(
        organization=cast.school,
        name="Учитель – ученик",
        mentor_groups=[TargetGroup.TEACHER],
        mentee_groups=[TargetGroup.SCHOOL_STUDENT, TargetGroup.COLLEGE_STUDENT],
    )
    teacher_form = MentoringFormFactory(
        organization=cast.school,
        name="Педагог – молодой специалист",
        mentor_groups=[TargetGroup.TEACHER],
        mentee_groups=[TargetGroup.YOUNG_SPECIALIST],
    )
    pupil = program_start(mentorship=_mentorship(cast.school, pupil_form), by=None)
    teacher = program_start(mentorship=_mentorship(cast.school, teacher_form), by=None)
    pupil_items = list(pupil.items.values_list("title", flat=True))
    teacher_items = list(teacher.items.values_list("title", flat=True))
    assert any("олимпиад" in t for t in pupil_items)
    assert any("интересах, трудностях в учёбе" in t for t in pupil_items)
    assert not any("посещение занятий" in t for t in pupil_items)
    assert any("посещение занятий" in t for t in teacher_items)
    assert "ученик" in pupil.goals.lower() or "обучающ" in pupil.goals.lower()
    assert PersonalProgram.objects.count() == 2
