"""The match score of a mentor for a mentee, criterion by criterion.

Five criteria, each a fit from 0 to 1, multiplied by the organisation's
weight (``MentoringSettings``, points 0–100) and summed:

- ``subject``: the mentor teaches or leads a subject of the mentee (1 or 0);
- ``requests``: words of the mentee's requests found in the mentor's
  competencies and achievements (word forms folded by ``matching.stems``):
  one match 1/3, two 2/3, three or more 1;
- ``experience``: years of experience up to 20 (0.8 of the fit) plus a
  qualification category of «высшая», «педагог-методист» or
  «педагог-наставник» (0.2);
- ``age``: the mentor is older: for two pupils or students, the mentor's
  class or course is 1–4 above the mentee's (1; the same class 0.3); else,
  with both birth dates known, at least two years older (1);
- ``workload``: the share of the mentor's capacity still free.

The criteria follow what Р-145 (распоряжение Минпросвещения России от
25.12.2019 № Р-145, раздел «Формирование наставнических пар») asks the
methodist to weigh: the mentee's requests against the mentor's experience and
competencies, and for pupils the age and class difference.

``score_matrix`` scores a whole cohort at once with numpy (2 000 mentees ×
500 mentors in well under a second); ``explain`` gives one pair's criteria in
words for the page.
"""

import re
from dataclasses import dataclass

import numpy as np

from .matching import stems, subject_set
from .models import QualificationCategory

CRITERIA = [
    ("subject", "Предмет"),
    ("requests", "Запросы и компетенции"),
    ("experience", "Стаж и категория"),
    ("age", "Класс и возраст"),
    ("workload", "Загрузка"),
]
CRITERION_LABELS = dict(CRITERIA)
DEFAULT_WEIGHTS = {"subject": 35, "requests": 30, "experience": 20, "age": 5, "workload": 10}
STRONG_CATEGORIES = frozenset(
    {QualificationCategory.HIGHEST, QualificationCategory.METHODIST, QualificationCategory.MENTOR}
)
CLASS_NUMBER = re.compile(r"^\s*(\d{1,2})")
COURSE_NUMBER = re.compile(r"-(\d)\d\b")


def class_number(text):
    """The class (1–11) or course of a class or group name, or None.

    "7А" → 7, "10 Б" → 10, "ИС-21" (a college group: course 2 of 2021) → 2.
    """
    text = text or ""
    found = CLASS_NUMBER.match(text)
    if found:
        return int(found.group(1))
    found = COURSE_NUMBER.search(text)
    return int(found.group(1)) if found else None


@dataclass
class Profile:
    """What the score needs of one person, read once."""

    pk: int
    subjects: frozenset
    words: dict  # stem → a word as written, for the reasons
    years: int
    strong_category: bool
    class_no: int | None
    birth_year: float | None
    free: int = 0
    capacity: int = 0


def profile_of(participant, *, as_mentor, free=0):
    birth = participant.birth_date
    text = (
        f"{participant.competencies} {participant.achievements}"
        if as_mentor
        else participant.requests
    )
    return Profile(
        pk=participant.pk,
        subjects=frozenset(subject_set(participant.subjects)),
        words=stems(text),
        years=participant.experience_years or 0,
        strong_category=participant.qualification_category in STRONG_CATEGORIES,
        class_no=class_number(participant.class_group),
        birth_year=(birth.year + (birth.timetuple().tm_yday - 1) / 366) if birth else None,
        free=max(free, 0),
        capacity=participant.capacity or 0,
    )


def _incidence(profiles, attribute, index):
    """A 0/1 matrix: row per profile, column per distinct item of the attribute."""
    matrix = np.zeros((len(profiles), max(len(index), 1)), dtype=np.float32)
    for row, profile in enumerate(profiles):
        for item in getattr(profile, attribute):
            column = index.get(item)
            if column is not None:
                matrix[row, column] = 1
    return matrix


def criteria_matrices(mentees, mentors):
    """{criterion: array (len(mentees), len(mentors)) of fits 0..1}."""
    subject_index = {
        s: i for i, s in enumerate(sorted(set().union(*(m.subjects for m in mentees))))
    }
    word_index = {w: i for i, w in enumerate(sorted(set().union(*(m.words for m in mentees))))}
    shape = (len(mentees), len(mentors))
    if not mentees or not mentors:
        return {code: np.zeros(shape, dtype=np.float32) for code, _ in CRITERIA}

    subject = (
        _incidence(mentees, "subjects", subject_index)
        @ _incidence(mentors, "subjects", subject_index).T
    ) > 0
    matches = _incidence(mentees, "words", word_index) @ _incidence(mentors, "words", word_index).T
    requests = np.minimum(matches, 3) / 3

    years = np.array([min(m.years, 20) / 20 for m in mentors], dtype=np.float32)
    strong = np.array([m.strong_category for m in mentors], dtype=np.float32)
    experience = np.broadcast_to(0.8 * years + 0.2 * strong, shape)

    nan = np.nan
    mentee_class = np.array([m.class_no if m.class_no else nan for m in mentees], dtype=float)
    mentor_class = np.array([m.class_no if m.class_no else nan for m in mentors], dtype=float)
    diff = mentor_class[None, :] - mentee_class[:, None]
    by_class = np.where((diff >= 1) & (diff <= 4), 1.0, np.where(diff == 0, 0.3, 0.0))
    mentee_born = np.array([m.birth_year or nan for m in mentees], dtype=float)
    mentor_born = np.array([m.birth_year or nan for m in mentors], dtype=float)
    older = (mentee_born[:, None] - mentor_born[None, :]) >= 2
    age = np.where(np.isnan(diff), older.astype(float), by_class)

    free = np.array([m.free / m.capacity if m.capacity else 0 for m in mentors], dtype=float)
    workload = np.broadcast_to(np.clip(free, 0, 1), shape)
    return {
        "subject": subject.astype(np.float32),
        "requests": requests.astype(np.float32),
        "experience": experience,
        "age": age,
        "workload": workload,
    }


def score_matrix(mentees, mentors, weights):
    """Scores (len(mentees), len(mentors)), whole points, and the criteria."""
    criteria = criteria_matrices(mentees, mentors)
    total = sum(weights.get(code, 0) * criteria[code] for code, _ in CRITERIA)
    if isinstance(total, int):  # no criteria at all
        total = np.zeros((len(mentees), len(mentors)))
    return np.rint(total).astype(np.int64), criteria


def explain(mentee, mentor, weights):
    """One pair's criteria: [(label, points, fit words)], and the total.

    ``mentee`` and ``mentor`` are ``Profile``s.
    """
    criteria = criteria_matrices([mentee], [mentor])
    rows, total = [], 0.0
    for code, label in CRITERIA:
        fit = float(criteria[code][0, 0])
        points = weights.get(code, 0) * fit
        total += points
        rows.append((label, round(points), _words(code, fit, mentee, mentor)))
    return rows, round(total)


def _words(code, fit, mentee, mentor):
    if code == "subject":
        shared = sorted(mentee.subjects & mentor.subjects)
        return ", ".join(shared) if shared else "нет общего предмета"
    if code == "requests":
        found = [mentee.words[s] for s in mentee.words if s in mentor.words]
        return ", ".join(found[:3]) if found else "совпадений нет"
    if code == "experience":
        text = f"стаж, лет: {mentor.years}"
        return text + (", высокая категория" if mentor.strong_category else "")
    if code == "age":
        if mentee.class_no and mentor.class_no:
            return f"класс наставника {mentor.class_no}, наставляемого {mentee.class_no}"
        return "наставник старше" if fit else "не определить или не старше"
    return f"свободно мест: {mentor.free} из {mentor.capacity}"
