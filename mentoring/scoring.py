"""The match score of a mentor for a mentee, criterion by criterion.

Five criteria, each a fit from 0 to 1, multiplied by the organisation's
weight (``MentoringSettings``, points 0–100) and summed:

- ``subject``: the mentor teaches or leads a subject of the mentee (1); else
  a word of the mentee's requests is the mentor's subject ("Трудности с
  математикой" for a maths teacher: 0.7); else 0;
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
500 mentors in well under a second); ``criteria_rows`` and ``explain`` give
one pair's criteria in points and words for the pages. Both the single-mentee
matching page (``matching.rank_mentors``) and the whole-cohort assignment
(``assignment.cohort_plan``) score through this module with the
organisation's weights, so the two pages agree.
"""

import functools
import re
from dataclasses import dataclass

import numpy as np

from .models import QualificationCategory

WORD = re.compile(r"[а-яёa-z]+", re.IGNORECASE)
# Words too common in requests and competencies to say anything.
STOP = {
    "работа",
    "работы",
    "работе",
    "обучающихся",
    "обучающимися",
    "учащихся",
    "детьми",
    "детей",
    "педагог",
    "педагогов",
    "урока",
    "уроке",
    "уроков",
    "деятельность",
    "деятельности",
    "вопросы",
    "умение",
    "навыки",
    "опыт",
    "также",
    "развитие",
}


@functools.lru_cache(maxsize=1)
def _morph():
    """pymorphy3's Russian analyser (OpenCorpora dictionaries): loaded once
    per process, about a second and 15 MB."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.lru_cache(maxsize=20000)
def lemmas_of(word):
    """Every dictionary form the word may be a form of: 'математикой' →
    {'математика'}; 'математика' → {'математика', 'математик'} (the
    analyser cannot tell the subject from the person without context, so
    all readings are kept and any shared one counts as a match)."""
    if not re.fullmatch(r"[а-яё]+", word):
        return frozenset({word})
    return frozenset(p.normal_form.replace("ё", "е") for p in _morph().parse(word))


@functools.lru_cache(maxsize=50000)
def stems(text):
    """{dictionary form: the word as written} of the meaningful words
    (4 letters or more, not in STOP). Word forms of one word share their
    dictionary form, so "Трудности с математикой" meets "Математика".
    Cached per text (a bank's texts change rarely): do not mutate the result."""
    found = {}
    for word in WORD.findall((text or "").lower().replace("ё", "е")):
        if len(word) >= 4 and word not in STOP:
            forms = lemmas_of(word)
            if forms & STOP:
                continue
            for lemma in forms:
                found.setdefault(lemma, word)
    return found


def subject_set(text):
    """The subjects of a comma/semicolon/slash separated list, folded:
    "Математика, Информатика" → {"математика", "информатика"}."""
    return {
        s.strip().lower().replace("ё", "е") for s in re.split(r"[,;/]", text or "") if s.strip()
    }


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
# The fit of the subject criterion when no subject is shared but the
# mentee's requests name the mentor's subject.
REQUEST_NAMES_SUBJECT = 0.7
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
    # A mentor's subjects as dictionary forms (the requests may name them).
    subject_words: dict
    years: int
    strong_category: bool
    class_no: int | None
    birth_year: float | None
    free: int = 0
    capacity: int = 0


def profile_of(participant, *, as_mentor, free=0):
    """The ``Profile`` of a participant as a mentor (competencies and
    achievements, ``free`` places) or as a mentee (requests)."""
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
        subject_words=stems(participant.subjects) if as_mentor else {},
        years=participant.experience_years or 0,
        strong_category=participant.qualification_category in STRONG_CATEGORIES,
        class_no=class_number(participant.class_group),
        birth_year=(birth.year + (birth.timetuple().tm_yday - 1) / 366) if birth else None,
        free=max(free, 0),
        capacity=participant.capacity or 0,
    )


def group_profile(profiles):
    """One mentee profile for a group of mentees (a group is proposed to one
    mentor): the subjects and requests of all of them; for the age
    criterion the most senior member (the highest class, the earliest birth
    date), so that a mentor "older" than the group is older than each."""
    if len(profiles) == 1:
        return profiles[0]
    words = {}
    for profile in profiles:
        for stem, word in profile.words.items():
            words.setdefault(stem, word)
    classes = [p.class_no for p in profiles if p.class_no]
    births = [p.birth_year for p in profiles if p.birth_year is not None]
    return Profile(
        pk=0,
        subjects=frozenset().union(*(p.subjects for p in profiles)),
        words=words,
        subject_words={},
        years=0,
        strong_category=False,
        class_no=max(classes) if classes and len(classes) == len(profiles) else None,
        birth_year=min(births) if births and len(births) == len(profiles) else None,
    )


def max_score(weights):
    """The score of a mentor who fits every criterion fully."""
    return sum(weights.get(code, 0) for code, _ in CRITERIA)


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

    shared = (
        _incidence(mentees, "subjects", subject_index)
        @ _incidence(mentors, "subjects", subject_index).T
    ) > 0
    mentee_words = _incidence(mentees, "words", word_index)
    names_subject = (mentee_words @ _incidence(mentors, "subject_words", word_index).T) > 0
    subject = np.where(shared, 1.0, np.where(names_subject, REQUEST_NAMES_SUBJECT, 0.0))
    matches = mentee_words @ _incidence(mentors, "words", word_index).T
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


def criteria_rows(criteria, row, column, mentee, mentor, weights):
    """One pair's criteria, [(label, points, fit in words)], from the
    matrices of ``criteria_matrices`` (``row`` the mentee's index,
    ``column`` the mentor's); ``mentee`` and ``mentor`` are ``Profile``s."""
    rows = []
    for code, label in CRITERIA:
        fit = float(criteria[code][row, column])
        rows.append((label, round(weights.get(code, 0) * fit), _words(code, fit, mentee, mentor)))
    return rows


def explain(mentee, mentor, weights):
    """One pair's criteria: [(label, points, fit words)], and the total.

    ``mentee`` and ``mentor`` are ``Profile``s.
    """
    scores, criteria = score_matrix([mentee], [mentor], weights)
    return criteria_rows(criteria, 0, 0, mentee, mentor, weights), int(scores[0, 0])


def _found(requests, other):
    """The request words (as written, once each) whose dictionary form is
    among ``other``'s."""
    seen = []
    for stem, word in requests.items():
        if stem in other and word not in seen:
            seen.append(word)
    return seen


def _words(code, fit, mentee, mentor):
    if code == "subject":
        shared = sorted(mentee.subjects & mentor.subjects)
        if shared:
            return ", ".join(shared)
        named = _found(mentee.words, mentor.subject_words)
        if named:
            return "запрос касается предмета наставника: " + ", ".join(named[:3])
        return "нет общего предмета"
    if code == "requests":
        found = _found(mentee.words, mentor.words)
        return ", ".join(found[:3]) if found else "совпадений нет"
    if code == "experience":
        text = f"стаж, лет: {mentor.years}"
        return text + (", высокая категория" if mentor.strong_category else "")
    if code == "age":
        if mentee.class_no and mentor.class_no:
            return f"класс наставника {mentor.class_no}, наставляемого {mentee.class_no}"
        return "наставник старше" if fit else "не определить или не старше"
    return f"свободно мест: {mentor.free} из {mentor.capacity}"
