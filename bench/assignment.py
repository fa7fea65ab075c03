"""Whole-cohort assignment at the size the budget names: 2 000 mentees ×
500 mentors (issue 19, budget ≤ 5 s). Builds a scratch organisation in the
bench database, times ``cohort_plan`` end to end (queries, scoring, solving)
and the peak of Python allocations, then deletes the organisation.

Run by ``make bench``; alone: ``python bench/assignment.py`` against the
database of DATABASE_URL (default: var/db.sqlite3)."""

CODE = r"""
import random, time, tracemalloc, datetime
from django.db import transaction
from mentoring.models import (
    Consent, ConsentText, MentoringForm, Organization, Participant, TargetGroup,
)
from mentoring.services.consents import consent_text_default
from mentoring.assignment import cohort_plan

MENTEES, MENTORS = {mentees}, {mentors}
rng = random.Random(19)
SUBJECTS = ["Математика", "Русский язык", "Физика", "История", "Биология", "Химия",
            "Информатика", "Литература", "География", "Английский язык"]
WORDS = ["дисциплина", "оценивание", "родители", "проект", "урок", "мотивация",
         "документация", "олимпиада", "инклюзия", "цифровые", "воспитание", "портфолио"]
Organization.objects.filter(slug="bench-cohort").delete()
org = Organization.objects.create(
    kind="school", name="Бенч", short_name="Бенч", slug="bench-cohort")
try:
    form = MentoringForm.objects.create(
        organization=org, name="Педагог – молодой специалист",
        mentor_groups=["teacher"], mentee_groups=["young_specialist"])
    def person(i, mentor):
        return Participant(
            organization=org, last_name=f"Бенч{{i}}", first_name="Имя",
            target_group="teacher" if mentor else "young_specialist",
            subjects=", ".join(rng.sample(SUBJECTS, 2 if mentor else 1)),
            competencies=" ".join(rng.sample(WORDS, 4)) if mentor else "",
            requests=" ".join(rng.sample(WORDS, 3)) if not mentor else "",
            experience_years=rng.randint(3, 35) if mentor else 1,
            is_mentor=mentor, is_mentee=not mentor, mentor_status="approved" if mentor else "",
            capacity=rng.randint(1, 4) if mentor else 1,
            birth_date=datetime.date(rng.randint(1960, 2000), 1, 1))
    people = Participant.objects.bulk_create(
        [person(i, False) for i in range(MENTEES)] + [person(i, True) for i in range(MENTORS)])
    text = consent_text_default(org, "processing")
    Consent.objects.bulk_create(
        Consent(participant=p, kind="processing", text=text,
                given_on=datetime.date.today() - datetime.timedelta(days=7), method="paper",
                given_by="subject") for p in people)
    best = None
    for _ in range(3):
        tracemalloc.start()
        started = time.perf_counter()
        plan = cohort_plan(organization=org, form=form)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        if best is None or seconds < best[0]:
            best = (seconds, peak, plan.matched_count, len(plan.unmatched), plan.total_score)
finally:
    # Consents protect their texts: delete in dependency order.
    Consent.objects.filter(participant__organization=org).delete()
    ConsentText.objects.filter(organization=org).delete()
    Participant.objects.filter(organization=org).delete()
    MentoringForm.objects.filter(organization=org).delete()
    org.delete()
print(json.dumps({{"mentees": MENTEES, "mentors": MENTORS, "seconds": round(best[0], 2),
    "peak_mb": round(best[1] / 2**20, 1), "matched": best[2], "unmatched": best[3],
    "total_score": best[4], "budget_seconds": 5}}))
"""


def time_assignment(django_query, env, mentees=2000, mentors=500):
    """{mentees, mentors, seconds (best of 3), peak_mb, matched, …}."""
    return django_query(env, CODE.format(mentees=mentees, mentors=mentors))


if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench import ROOT, bench_env, django_query

    url = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'db.sqlite3'}"
    print(time_assignment(django_query, bench_env(url)))
