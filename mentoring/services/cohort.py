"""Accepting a whole-cohort assignment (``mentoring.assignment``) in one step."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import MentoringForm, Participant
from .mentorships import mentorship_propose


@transaction.atomic
def cohort_accept(*, organization, form, assignments, by, planned_start=None):
    """Propose one pair per (mentee id, mentor id) of ``assignments``.

    All or nothing: every pair goes through ``mentorship_propose`` (consents,
    form, free places, one open pair per mentee and form — checked under row
    locks), and the first error of any pair rolls back all of them.
    Returns the list of new mentorships.

    Raises ``ValidationError`` with Russian messages naming the people.
    """
    if not isinstance(form, MentoringForm) or form.organization_id != organization.pk:
        raise ValidationError("Форма наставничества другой организации.")
    if not assignments:
        raise ValidationError("Не выбрано ни одной пары.")
    mentee_ids = [mentee for mentee, _ in assignments]
    if len(mentee_ids) != len(set(mentee_ids)):
        raise ValidationError("Один наставляемый указан в двух парах.")
    people = Participant.objects.of(organization).in_bulk(
        {pk for pair in assignments for pk in pair}
    )
    created, errors = [], []
    for mentee_id, mentor_id in assignments:
        mentee, mentor = people.get(mentee_id), people.get(mentor_id)
        if mentee is None or mentor is None:
            errors.append("Участник не найден в банке вашей организации.")
            continue
        try:
            with transaction.atomic():
                created.append(
                    mentorship_propose(
                        organization=organization,
                        form=form,
                        lead_mentor=mentor,
                        mentees=[mentee],
                        planned_start=planned_start,
                        by=by,
                    )
                )
        except ValidationError as error:
            # The pair is named once: a message about one of its people
            # ("Петров: свободных мест …") loses its own prefix.
            pair = f"{mentee.full_name} — {mentor.full_name}"
            for message in error.messages:
                for person in (mentor, mentee):
                    message = message.removeprefix(f"{person.full_name}: ")
                errors.append(f"{pair}: {message}")
    if errors:
        raise ValidationError(errors)
    return created
