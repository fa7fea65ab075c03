"""One definition per indicator (целевой показатель), read by every page and
report: the home page, the dashboard, the analytic report (PDF and XLSX),
the department's monitoring, the quarterly snapshots and the public section.

A definition says what is counted, over which population, on which date,
how the figure is rounded, and the default target with its source. Its
``compute(org_ids, on_date, param)`` returns ``{org id: Figure}`` for many
organisations at once from aggregate queries (a constant number of queries
whatever the number of organisations or participants).

Apps above mentoring (roadmaps, surveys) register their own definitions here
with :func:`register` and the organisation's own targets with
:func:`register_target_provider`; mentoring never imports them.

One rounding rule for every percentage (:func:`percent`): the exact share is
rounded DOWN to one decimal, so 100 % is shown only when everyone is
counted and "target met" (``value >= target``) never depends on rounding.
Parts of one whole printed side by side (a pie chart's legend, a table of
shares) are the exception: :func:`shares` rounds them so they add up to 100.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

PERCENT = "%"
PIECES = "шт."
PEOPLE = "чел."
ROUNDING_PERCENT = (
    "процент с одним знаком после запятой, округление вниз (100 % — только когда учтены все)"
)
ROUNDING_COUNT = "целое число"


def percent(part, whole):
    """``part / whole`` in per cent as a Decimal rounded down to 0.1;
    None without a denominator. Example: 2 of 3 → Decimal("66.6")."""
    if not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_FLOOR
    )


def shares(counts, *, places=1, keep_first=False):
    """The per cent of each part of one whole (``counts``, the whole being
    their sum) so that the printed parts add up to exactly 100: every share
    is rounded down to ``places`` decimals, then the tenths (or units) still
    missing go one each to the parts with the largest remainders, ties to
    the earlier part (largest remainder method). Decimals; ``[None, …]``
    when the whole is 0. Example: 1, 1, 1 → 33.4, 33.3, 33.3.

    ``keep_first``: the first part is an indicator's own figure (a pie of
    consents: «есть согласие» is the consent indicator) and keeps it —
    rounded down like :func:`percent`, so the legend and the indicator print
    one number (59 of 65: 90,7) — while the other parts share the rest
    (6 of 65: 9,3).

    For parts of a whole printed side by side only (a pie chart and its
    legend, a table of shares): a standalone indicator keeps
    :func:`percent` (rounded down, 100 % only when everyone is counted)."""
    counts = [int(c or 0) for c in counts]
    whole = sum(counts)
    if not whole:
        return [None] * len(counts)
    scale = 100 * 10**places
    floors, remainders = [], []
    for index, count in enumerate(counts):
        floor, remainder = divmod(count * scale, whole)
        floors.append(floor)
        if not (keep_first and index == 0):
            remainders.append((-remainder, index))
    for _remainder, index in sorted(remainders)[: scale - sum(floors)]:
        floors[index] += 1
    unit = Decimal(1).scaleb(-places)
    return [(Decimal(f) * unit).quantize(unit) for f in floors]


def academic_year_of(day):
    """The academic year of a date as the year it starts in (1 September to
    31 August): 2026 for 01.09.2026–31.08.2027. The one rule every app reads."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year_start(day):
    """1 September of the academic year the date belongs to."""
    return datetime.date(academic_year_of(day), 9, 1)


def sentence(text):
    """``text`` ending with one full stop: a text that already ends with
    one (an abbreviation such as «2025 г.») gets no second."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


@dataclass(frozen=True)
class Figure:
    """The value of one indicator for one organisation: ``part`` of
    ``whole`` for a share (value in per cent), or a count (``whole`` None)."""

    value: Decimal | int | None
    part: int | None = None
    whole: int | None = None


@dataclass(frozen=True)
class Definition:
    """What an indicator counts. ``compute(org_ids, on_date, param, cache) →
    {org id: Figure}`` (``cache``: a dict shared by the definitions computed
    together, for queries they have in common); ``combine`` says how figures
    of several organisations make the department's figure: "sum" (parts and
    wholes added, the share recomputed) or "min"."""

    code: str
    label: str
    unit: str
    counted: str
    population: str
    on_date: str
    target: Decimal | None
    target_source: str
    compute: object = field(compare=False, repr=False)
    rounding: str = ROUNDING_PERCENT
    combine: str = "sum"
    higher_is_better: bool = True
    # What a parameter narrows the count to, "{}" standing for it (the
    # form of pairs of a roadmap's indicator "Пары «Педагог – …»").
    narrowed_by: str = ""
    # Counts the people or pairs of the banks: unknown on a date when the
    # banks were empty (:func:`banks_filled`). False for what the banks do
    # not hold (roadmap positions, orders, programmes of organisations).
    from_banks: bool = True
    # Why an organisation has no whole of a share (its population is empty):
    # a department's total over the others says so («нет численности»).
    no_whole: str = "нет данных"

    def __reduce__(self):
        # A definition is pickled (cached figures hold it) by its code and
        # found again in the registry: its compute function may be a closure.
        return (get, (self.code,))

    @property
    def is_percent(self):
        return self.unit == PERCENT

    def describe(self):
        """The definition as one Russian sentence block, shown as the
        tooltip or footnote of every figure."""
        parts = [
            sentence(f"Что считается: {self.counted}"),
            sentence(f"Совокупность: {self.population}"),
            sentence(f"Дата: {self.on_date}"),
            sentence(f"Округление: {self.rounding}"),
        ]
        if self.target is not None:
            parts.append(sentence(f"Цель: {fmt(self.target)} {self.unit} ({self.target_source})"))
        elif self.target_source:
            parts.append(sentence(f"Цель: {self.target_source}"))
        return " ".join(parts)

    def narrowed(self, param):
        """The definition for a parameter (``compute``'s ``param``): its
        label and what is counted name the narrowing; no target of its own
        (the roadmap's indicator states it). Itself without a parameter."""
        if not param or not self.narrowed_by:
            return self
        what = self.narrowed_by.format(param)
        return replace(
            self,
            label=f"{self.label} ({what})",
            counted=f"{self.counted}; только {what}",
            target=None,
            target_source="",
        )

    def met(self, value, target):
        """True/False when both are known; None otherwise."""
        if value is None or target is None:
            return None
        return value >= target if self.higher_is_better else value <= target

    def combined(self, figures):
        """The figure of several organisations together; a share is over
        the organisations with a whole (the parts of the others are not
        counted)."""
        figures = [f for f in figures if f is not None]
        if self.combine == "min":
            values = [f.value for f in figures if f.value is not None]
            return Figure(min(values) if values else None)
        if self.is_percent:
            # Parts of organisations without a whole (no headcount entered)
            # are left out: a share of the others' wholes, not overstated.
            # Nobody with a whole: no share, the parts still add up.
            counted = [f for f in figures if f.whole]
            part = sum(f.part or 0 for f in counted or figures)
            whole = sum(f.whole for f in counted) if counted else None
            return Figure(percent(part, whole), part, whole)
        values = [f.value for f in figures if f.value is not None]
        return Figure(sum(values) if values else None)


REGISTRY = {}
TARGET_PROVIDERS = []


def register(definition):
    """Add (or replace, by code) a definition. Returns it."""
    REGISTRY[definition.code] = definition
    return definition


def register_target_provider(provider):
    """``provider(organization, academic_year) → {code: (value, source)}``:
    the organisation's own targets (its roadmap's indicators). A provider
    may have a ``many(organizations, academic_year) → {org id: {code:
    (value, source)}}`` attribute: the targets of many organisations in a
    fixed number of queries (:func:`targets_many`)."""
    if provider not in TARGET_PROVIDERS:
        TARGET_PROVIDERS.append(provider)
    return provider


def get(code):
    """The definition; KeyError for an unknown code."""
    return REGISTRY[code]


def compute(codes, org_ids, on_date, *, params=None):
    """{org id: {code: Figure}} for the codes and organisations on the date.
    ``params`` maps a code to its parameter (the form of pairs, say)."""
    org_ids = list(org_ids)
    params = params or {}
    result = {pk: {} for pk in org_ids}
    cache = {}  # queries shared by definitions within this call
    for code in codes:
        figures = REGISTRY[code].compute(org_ids, on_date, params.get(code), cache)
        for pk in org_ids:
            result[pk][code] = figures.get(pk) or _empty(REGISTRY[code])
    return result


def compute_combined(code, org_ids, on_date, *, param=None):
    """One figure for several organisations together (a department)."""
    definition = REGISTRY[code]
    figures = definition.compute(list(org_ids), on_date, param)
    return definition.combined([figures.get(pk) for pk in org_ids])


def targets(organization, academic_year):
    """{code: (target, source)}: the organisation's own target where its
    roadmap sets one, else the definition's default target and source."""
    result = {
        code: (d.target, d.target_source) for code, d in REGISTRY.items() if d.target is not None
    }
    for provider in TARGET_PROVIDERS:
        result.update(provider(organization, academic_year))
    return result


def targets_many(organizations, academic_year):
    """{org id: {code: (target, source)}}: :func:`targets` of every
    organisation, in a fixed number of queries where the providers allow
    it (a department's monitoring of a hundred schools)."""
    organizations = list(organizations)
    defaults = {
        code: (d.target, d.target_source) for code, d in REGISTRY.items() if d.target is not None
    }
    result = {o.pk: dict(defaults) for o in organizations}
    for provider in TARGET_PROVIDERS:
        many = getattr(provider, "many", None)
        if many is not None:
            for pk, own in many(organizations, academic_year).items():
                result[pk].update(own)
        else:
            for organization in organizations:
                result[organization.pk].update(provider(organization, academic_year))
    return result


def target_note(code, where):
    """(None, text) for a table of many organisations, each with its own
    target: the definition then says where the targets are (``where``, a
    table of the page or sheet) and what the default is, with its source —
    not one target as if it were everyone's. Pass as ``targets`` to the
    ``describe`` tag or :func:`with_targets`."""
    definition = get(code)
    own = f"своя у каждой организации — по её дорожной карте ({where})"
    if definition.target is None:
        return (None, f"{own}; без дорожной карты цели нет")
    return (
        None,
        f"{own}; где дорожная карта цели не задаёт — {fmt(definition.target)} "
        f"{definition.unit} ({definition.target_source})",
    )


def target_of(targets_, code):
    """(target, source) of the indicator ``code`` in ``targets_`` (the
    result of :func:`targets`), else the definition's own default ((None, "")
    when it has none). KeyError for an unknown code."""
    definition = get(code)
    return targets_.get(code, (definition.target, definition.target_source))


def with_targets(definitions_, own):
    """The definitions with the organisation's own targets ``own`` (the
    result of :func:`targets`) in place of the defaults, so a report that
    shows an organisation's target describes the same target in its
    definitions: one target per indicator in one report."""
    result = []
    for definition in definitions_:
        if definition.code in own:
            target, source = own[definition.code]
            definition = replace(definition, target=target, target_source=source)
        result.append(definition)
    return result


def banks_filled(org_ids, on_date):
    """The organisations (ids) that had someone in their banks on the date.
    The one "no data" rule of a past quarter: an organisation whose banks
    were empty at the quarter's end (it joined later, or its people were
    entered after the quarter even when their pairs are dated back) has no
    figures for that quarter — «нет данных», not zeros or figures of pairs
    whose people were not in the system yet. Read by the department's
    monitoring (previous quarter) and the quarterly snapshots. One query."""
    from .models import Participant

    return set(
        Participant.objects.filter(present_on(on_date), organization_id__in=list(org_ids))
        .values_list("organization_id", flat=True)
        .distinct()
    )


def _empty(definition):
    if definition.is_percent:
        return Figure(None, 0, None)
    return Figure(0 if definition.combine == "sum" else None)


def fmt(value):
    """12.5 → "12,5"; 12.0 → "12"; None → "—" (the one number format)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, int):
        return str(value)
    text = f"{Decimal(str(value)):.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


# --- computations (one or two aggregate queries each) ------------------------------


def present_on(on_date, prefix=""):
    """Participants in the banks on the date: added by then, not anonymised then."""
    moment = datetime.datetime.combine(
        on_date + datetime.timedelta(days=1),
        datetime.time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    return Q(**{f"{prefix}created_at__lt": moment}) & (
        Q(**{f"{prefix}anonymized_at__isnull": True}) | Q(**{f"{prefix}anonymized_at__gte": moment})
    )


def at_work_in(prefix, start, end):
    """Active or completed mentorships (through ``prefix``) at work at some
    time in [start, end]."""
    return (
        Q(**{f"{prefix}activated_on__lte": end})
        & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": start}))
        & Q(**{f"{prefix}status__in": COVERING_STATUSES})
    )


# Coverage and programmes count people in active or completed mentorships
# (domain.md, "Indicators"); a terminated pair did not finish its programme.
COVERING_STATUSES = ("active", "completed")
# Statuses a mentorship can have had while it was at work on a past date.
WORKED_STATUSES = ("active", "completed", "terminated")


def covered_by_group(org_ids, on_date, *, role=None):
    """{org id: {target group: distinct people}} in active or completed
    mentorships at work between 1 September and the date. ``role``
    "mentee" or "mentor" narrows to one side. One query."""
    from .models import MentorshipMember

    queryset = MentorshipMember.objects.filter(
        at_work_in("mentorship__", academic_year_start(on_date), on_date),
        mentorship__organization_id__in=org_ids,
    )
    if role == "mentee":
        queryset = queryset.filter(role=MentorshipMember.Role.MENTEE)
    elif role == "mentor":
        queryset = queryset.exclude(role=MentorshipMember.Role.MENTEE)
    rows = queryset.values("mentorship__organization_id", "participant__target_group").annotate(
        n=Count("participant_id", distinct=True)
    )
    result = defaultdict(dict)
    for row in rows:
        result[row["mentorship__organization_id"]][row["participant__target_group"]] = row["n"]
    return result


def headcounts_by_group(org_ids, academic_year):
    """{org id: {target group: headcount}} — one query."""
    from .models import Headcount

    result = defaultdict(dict)
    for org_id, group, count in Headcount.objects.filter(
        organization_id__in=org_ids, academic_year=academic_year
    ).values_list("organization_id", "target_group", "count"):
        result[org_id][group] = count
    return result


def _coverage(groups, role=None):
    def compute(org_ids, on_date, param, cache=None):
        # The coverage definitions share their two queries within one call.
        cache = {} if cache is None else cache
        key = ("covered", role)
        if key not in cache:
            cache[key] = covered_by_group(org_ids, on_date, role=role)
        if "headcounts" not in cache:
            cache["headcounts"] = headcounts_by_group(org_ids, academic_year_start(on_date).year)
        covered, counts = cache[key], cache["headcounts"]
        result = {}
        for pk in org_ids:
            part = sum(covered[pk].get(g, 0) for g in groups)
            known = [counts[pk][g] for g in groups if g in counts[pk]]
            whole = sum(known) if known else None
            result[pk] = Figure(percent(part, whole), part, whole)
        return result

    return compute


def consents_compute(org_ids, on_date, param, cache=None):
    from .models import Consent, ConsentKind, Participant

    valid = Consent.objects.filter(
        participant=OuterRef("pk"), kind=ConsentKind.PROCESSING
    ).valid_on(on_date)
    rows = (
        Participant.objects.filter(present_on(on_date), organization_id__in=org_ids)
        .values("organization_id")
        .annotate(total=Count("pk"), ok=Count("pk", filter=Q(Exists(valid))))
    )
    return {
        r["organization_id"]: Figure(percent(r["ok"], r["total"]), r["ok"], r["total"])
        for r in rows
    }


def _people(flag):
    # The people of the banks, or of one target group (``param``): one
    # query for all the groups of a report's table.
    index = {None: 0, "is_mentor": 1, "is_mentee": 2}[flag]

    def compute(org_ids, on_date, param, cache=None):
        return _by_group(people_by_group, "people_by_group", index)(org_ids, on_date, param, cache)

    return compute


def _at_work_on(on_date, prefix=""):
    return Q(**{f"{prefix}activated_on__lte": on_date, f"{prefix}status__in": WORKED_STATUSES}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on_date})
    )


def active_pairs_compute(org_ids, on_date, param, cache=None):
    """Mentorships at work on the date; ``param`` narrows to a form (by name)."""
    from .models import Mentorship

    queryset = Mentorship.objects.filter(_at_work_on(on_date), organization_id__in=org_ids)
    if param:
        queryset = queryset.filter(form__name__iexact=str(param).strip())
    rows = queryset.values("organization_id").annotate(n=Count("pk"))
    return {r["organization_id"]: Figure(r["n"]) for r in rows}


def _programs_in_year(org_ids, on_date):
    from .models import PlanItem

    return PlanItem.objects.filter(
        at_work_in("program__mentorship__", academic_year_start(on_date), on_date),
        program__mentorship__organization_id__in=org_ids,
    ).exclude(status=PlanItem.Status.CANCELLED)


def personal_programs_compute(org_ids, on_date, param, cache=None):
    """ППН of the mentorships at work in the academic year up to the date."""
    from .models import PersonalProgram

    rows = (
        PersonalProgram.objects.filter(
            at_work_in("mentorship__", academic_year_start(on_date), on_date),
            mentorship__organization_id__in=org_ids,
        )
        .values("mentorship__organization_id")
        .annotate(n=Count("pk"))
    )
    return {r["mentorship__organization_id"]: Figure(r["n"]) for r in rows}


def programs_done_compute(org_ids, on_date, param, cache=None):
    from .models import PlanItem

    rows = (
        _programs_in_year(org_ids, on_date)
        .values("program__mentorship__organization_id")
        .annotate(
            items=Count("pk"),
            done=Count("pk", filter=Q(status=PlanItem.Status.DONE, done_on__lte=on_date)),
        )
    )
    return {
        r["program__mentorship__organization_id"]: Figure(
            percent(r["done"], r["items"]), r["done"], r["items"]
        )
        for r in rows
    }


def without_mentor_compute(org_ids, on_date, param, cache=None):
    """Mentees of the bank with no proposed, agreed or active mentorship.
    Known for today only (older states are not kept): None for a past date."""
    from .models import HOLDING_STATUSES, MentorshipMember, Participant

    if on_date < timezone.localdate():
        return {pk: Figure(None) for pk in org_ids}
    busy = MentorshipMember.objects.filter(
        role=MentorshipMember.Role.MENTEE, mentorship__status__in=HOLDING_STATUSES
    ).values("participant_id")
    rows = (
        Participant.objects.filter(organization_id__in=org_ids, is_mentee=True)
        .active()
        .exclude(pk__in=busy)
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    result = {pk: Figure(0) for pk in org_ids}
    result.update({r["organization_id"]: Figure(r["n"]) for r in rows})
    return result


def training_sessions_compute(org_ids, on_date, param, cache=None):
    """The fewest sessions held by the date in any group of mentors that
    started in the academic year."""
    from .models import TrainingGroup

    start = academic_year_start(on_date)
    groups = TrainingGroup.objects.filter(
        organization_id__in=org_ids,
        starts_on__gte=start,
        starts_on__lte=datetime.date(start.year + 1, 8, 31),
    ).annotate(n=Count("sessions", filter=Q(sessions__held_on__lte=on_date)))
    # One query: per-group counts (an aggregate over an aggregate would
    # need a subquery); groups of mentors are a handful per organisation.
    fewest = {}
    for org_id, n in groups.values_list("organization_id", "n"):
        fewest[org_id] = min(fewest.get(org_id, n), n)
    return {pk: Figure(n) for pk, n in fewest.items()}


YEAR_TO_DATE = "с 1 сентября учебного года по дату показателя"
ON_DATE = "на дату показателя"
NATIONAL_70 = (
    "Р-145, ожидаемые результаты внедрения целевой модели: не менее 70 % обучающихся "
    "и педагогов, вовлечённых в различные формы наставничества, к 2024 г."
)
STUDENTS = ("school_student", "college_student")
TEACHERS = ("teacher", "young_specialist")

register(
    Definition(
        code="coverage_students",
        label="Охват обучающихся наставничеством",
        unit=PERCENT,
        counted=(
            "обучающиеся школы и студенты колледжа — наставники и наставляемые (каждый один раз) "
            "в действующих или завершённых парах и группах, работавших " + YEAR_TO_DATE
        ),
        population=(
            "численность обучающихся и студентов организации на учебный год (раздел «Численность»)"
        ),
        on_date=YEAR_TO_DATE,
        target=Decimal(70),
        target_source=NATIONAL_70,
        compute=_coverage(STUDENTS),
        no_whole="нет численности",
    )
)
register(
    Definition(
        code="coverage_teachers",
        label="Охват педагогических работников наставничеством",
        unit=PERCENT,
        counted=(
            "педагогические работники, включая молодых специалистов, — наставники и наставляемые "
            "(каждый один раз) в действующих или завершённых парах и группах, работавших "
            + YEAR_TO_DATE
        ),
        population=(
            "численность педагогических работников и молодых специалистов организации "
            "на учебный год (раздел «Численность»)"
        ),
        on_date=YEAR_TO_DATE,
        target=Decimal(70),
        target_source=NATIONAL_70,
        compute=_coverage(TEACHERS),
        no_whole="нет численности",
    )
)
register(
    Definition(
        code="young_specialists_mentored",
        label="Молодые специалисты с наставником",
        unit=PERCENT,
        counted=(
            "молодые специалисты (стаж до 3 лет) в роли наставляемых в действующих или завершённых "
            "парах и группах, работавших " + YEAR_TO_DATE
        ),
        population="численность молодых специалистов организации на учебный год",
        on_date=YEAR_TO_DATE,
        target=Decimal(100),
        target_source=(
            "методические рекомендации по разработке и внедрению системы (целевой модели) "
            "наставничества педагогических работников (письмо Минпросвещения от 21.12.2021 "
            "№ АЗ-1128/08): наставник закрепляется за каждым молодым специалистом"
        ),
        compute=_coverage(("young_specialist",), role="mentee"),
        no_whole="нет численности",
    )
)
register(
    Definition(
        code="coverage_heads",
        label="Охват руководителей наставничеством",
        unit=PERCENT,
        counted=(
            "руководители в действующих или завершённых парах и группах, работавших " + YEAR_TO_DATE
        ),
        population="численность руководителей организации на учебный год",
        on_date=YEAR_TO_DATE,
        target=None,
        target_source="задаёт дорожная карта организации",
        compute=_coverage(("head",)),
        no_whole="нет численности",
    )
)
register(
    Definition(
        code="coverage_employers",
        label="Охват представителей работодателей и партнёров",
        unit=PERCENT,
        counted=(
            "представители работодателей и партнёров в действующих или завершённых "
            "парах и группах, работавших " + YEAR_TO_DATE
        ),
        population="численность представителей работодателей и партнёров на учебный год",
        on_date=YEAR_TO_DATE,
        target=None,
        target_source="задаёт дорожная карта организации",
        compute=_coverage(("employer",)),
        no_whole="нет численности",
    )
)
register(
    Definition(
        code="consents",
        label="Согласия на обработку персональных данных",
        unit=PERCENT,
        counted="участники банков с действующим на дату согласием на обработку персональных данных",
        population="все участники банков наставников и наставляемых на дату (без обезличенных)",
        on_date=ON_DATE,
        target=Decimal(100),
        target_source="152-ФЗ ст. 9; дорожные карты: согласия от 100 % участников",
        compute=consents_compute,
        no_whole="нет участников",
    )
)
register(
    Definition(
        code="participants",
        label="Участников",
        unit=PEOPLE,
        counted="участники банков наставников и наставляемых",
        population="участники организации на дату (без обезличенных)",
        on_date=ON_DATE,
        target=None,
        target_source="",
        rounding=ROUNDING_COUNT,
        compute=_people(None),
    )
)
register(
    Definition(
        code="mentors",
        label="Наставников",
        unit=PEOPLE,
        counted="участники банка наставников",
        population="участники организации на дату (без обезличенных)",
        on_date=ON_DATE,
        target=None,
        target_source="",
        rounding=ROUNDING_COUNT,
        compute=_people("is_mentor"),
    )
)
register(
    Definition(
        code="mentees",
        label="Наставляемых",
        unit=PEOPLE,
        counted="участники банка наставляемых",
        population="участники организации на дату (без обезличенных)",
        on_date=ON_DATE,
        target=None,
        target_source="",
        rounding=ROUNDING_COUNT,
        compute=_people("is_mentee"),
    )
)
register(
    Definition(
        code="active_pairs",
        label="Действующих пар и групп",
        unit=PIECES,
        counted="пары и группы, начавшие работу к дате и не закончившие её до даты",
        population="пары и группы организации",
        on_date=ON_DATE,
        target=None,
        target_source="",
        rounding=ROUNDING_COUNT,
        compute=active_pairs_compute,
        narrowed_by="формы «{}»",
    )
)
register(
    Definition(
        code="personal_programs",
        label="Персонализированные программы наставничества (ППН)",
        unit=PIECES,
        counted=(
            "персонализированные программы действующих или завершённых пар и групп, работавших "
            + YEAR_TO_DATE
        ),
        population="пары и группы организации",
        on_date=YEAR_TO_DATE,
        target=None,
        target_source="",
        rounding=ROUNDING_COUNT,
        compute=personal_programs_compute,
    )
)
register(
    Definition(
        code="programs_done",
        label="Выполнение персонализированных программ",
        unit=PERCENT,
        counted="пункты ППН, выполненные к дате",
        population=("все пункты (кроме отменённых) ППН пар и групп, работавших " + YEAR_TO_DATE),
        on_date=ON_DATE,
        target=None,
        target_source="",
        compute=programs_done_compute,
        no_whole="нет ППН",
    )
)
register(
    Definition(
        code="without_mentor",
        label="Наставляемых без наставника",
        unit=PEOPLE,
        counted="наставляемые банка без предложенной, согласованной или действующей пары",
        population="банк наставляемых на сегодня (прошлое состояние не хранится)",
        on_date="сегодня",
        target=Decimal(0),
        target_source="Р-145: наставляемым без пары — сопровождение и поиск наставника",
        rounding=ROUNDING_COUNT,
        higher_is_better=False,
        compute=without_mentor_compute,
    )
)
register(
    Definition(
        code="training_sessions",
        label="Занятий на группу наставников (наименьшее)",
        unit=PIECES,
        counted="проведённые к дате занятия в группе обучения наставников, где их меньше всего",
        population="группы обучения наставников, начавшие работу в учебном году",
        on_date=YEAR_TO_DATE,
        target=Decimal(2),
        target_source="дорожные карты: не менее 2 занятий на группу наставников",
        rounding=ROUNDING_COUNT,
        combine="min",
        compute=training_sessions_compute,
    )
)


def meetings_compute(org_ids, on_date, param, cache=None):
    """Meetings of the organisations' pairs and groups held from 1 September
    of the academic year to the date."""
    from .models import Meeting

    rows = (
        Meeting.objects.filter(
            mentorship__organization_id__in=org_ids,
            held_on__gte=academic_year_start(on_date),
            held_on__lte=on_date,
        )
        .values("mentorship__organization_id")
        .annotate(n=Count("pk"))
    )
    return {r["mentorship__organization_id"]: Figure(r["n"]) for r in rows}


register(
    Definition(
        code="meetings",
        label="Встречи наставников и наставляемых",
        unit=PIECES,
        counted="встречи, записанные в журналы встреч пар и групп, проведённые " + YEAR_TO_DATE,
        population="пары и группы организации (в любом статусе)",
        on_date=YEAR_TO_DATE,
        target=None,
        target_source="",
        rounding=ROUNDING_COUNT,
        compute=meetings_compute,
        from_banks=False,
    )
)


def definitions(codes=None):
    """Definitions in registration order (or of the given codes)."""
    if codes is None:
        return list(REGISTRY.values())
    return [REGISTRY[c] for c in codes if c in REGISTRY]


def head_pairs_compute(org_ids, on_date, param, cache=None):
    """Active department head pairs with a head of the organisation in them."""
    from .department_pairs import head_pair_counts

    return {pk: Figure(n) for pk, n in head_pair_counts(org_ids, on_date).items()}


register(
    Definition(
        code="head_pairs",
        label="Пары «руководитель-наставник – молодой руководитель»",
        unit=PIECES,
        counted=(
            "действующие на дату пары департамента, где руководитель организации — наставник "
            "или молодой руководитель (до 2 лет в должности)"
        ),
        population="пары, закреплённые приказом департамента",
        on_date=ON_DATE,
        target=None,
        target_source="не менее 5 пар по департаменту (муниципальная дорожная карта)",
        rounding=ROUNDING_COUNT,
        compute=head_pairs_compute,
    )
)


def mentoring_programs_compute(org_ids, on_date, param, cache=None):
    """Organisations' mentoring programmes approved by an order signed by
    the date, whose period overlaps the academic year of the date."""
    from .models import MentoringProgram

    start = academic_year_start(on_date)
    rows = (
        MentoringProgram.objects.filter(
            organization_id__in=org_ids,
            order__status="approved",
            order__signed_on__lte=on_date,
            starts_on__lte=datetime.date(start.year + 1, 8, 31),
            ends_on__gte=start,
        )
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    return {r["organization_id"]: Figure(r["n"]) for r in rows}


register(
    Definition(
        code="mentoring_programs",
        label="Программы наставничества организаций",
        unit=PIECES,
        counted=(
            "программы наставничества организаций (не персонализированные программы пар), "
            "утверждённые приказом к дате, срок которых приходится на учебный год"
        ),
        population="организации (для департамента — все его организации)",
        on_date=ON_DATE,
        target=None,
        target_source=(
            "не менее 25 в 2023 г., 35 в 2024 г. и 45 в 2025 г. (муниципальная дорожная карта)"
        ),
        rounding=ROUNDING_COUNT,
        compute=mentoring_programs_compute,
        from_banks=False,
    )
)


# --- the monitoring's columns of orders and forms ----------------------------------
# The department's monitoring shows, besides the indicators above, whether
# the local acts are approved, how many pairing orders are and the forms of
# the pairs: each is a definition so its column links to how it is counted.


def _approved_orders_compute(kind, *, flag):
    def compute(org_ids, on_date, param, cache=None):
        from .models import Order

        rows = (
            Order.objects.filter(
                organization_id__in=org_ids, kind=kind, status="approved", signed_on__lte=on_date
            )
            .values("organization_id")
            .annotate(n=Count("pk"))
        )
        return {r["organization_id"]: Figure(min(r["n"], 1) if flag else r["n"]) for r in rows}

    return compute


def forms_compute(org_ids, on_date, param, cache=None):
    """The number of forms of mentoring of the pairs and groups at work on
    the date."""
    from .models import Mentorship

    rows = (
        Mentorship.objects.filter(_at_work_on(on_date), organization_id__in=org_ids)
        .values("organization_id")
        .annotate(n=Count("form", distinct=True))
    )
    return {r["organization_id"]: Figure(r["n"]) for r in rows}


YES_NO = "да/нет"
register(
    Definition(
        code="regulation_approved",
        label="Положение о наставничестве утверждено",
        unit=YES_NO,
        counted=(
            "«да», если приказ «Об утверждении Положения о наставничестве» утверждён "
            "и подписан к дате; итог департамента — число организаций с «да» из числа "
            "организаций с данными"
        ),
        population="приказы организации",
        on_date=ON_DATE,
        target=None,
        target_source="",
        rounding=ROUNDING_COUNT,
        compute=_approved_orders_compute("regulation", flag=True),
        from_banks=False,
    )
)
register(
    Definition(
        code="roadmap_approved",
        label="Дорожная карта утверждена",
        unit=YES_NO,
        counted=(
            "«да», если приказ об утверждении дорожной карты (плана мероприятий) утверждён "
            "и подписан к дате; итог департамента — число организаций с «да» из числа "
            "организаций с данными"
        ),
        population="приказы организации",
        on_date=ON_DATE,
        target=None,
        target_source="",
        rounding=ROUNDING_COUNT,
        compute=_approved_orders_compute("roadmap", flag=True),
        from_banks=False,
    )
)
register(
    Definition(
        code="pairing_orders",
        label="Приказы о закреплении пар",
        unit=PIECES,
        counted=(
            "приказы «О закреплении наставнических пар (групп)», утверждённые и подписанные "
            "к дате (приказы об изменении состава пар не считаются)"
        ),
        population="приказы организации за всё время",
        on_date=ON_DATE,
        target=None,
        target_source="",
        rounding=ROUNDING_COUNT,
        compute=_approved_orders_compute("pairing", flag=False),
        from_banks=False,
    )
)
register(
    Definition(
        code="mentoring_forms",
        label="Формы наставничества",
        unit=PIECES,
        counted=(
            "формы наставничества, в которых на дату работают пары и группы организации; "
            "при каждой форме — число её пар и групп"
        ),
        population="пары и группы организации, действующие на дату",
        on_date=ON_DATE,
        target=None,
        target_source="",
        rounding=ROUNDING_COUNT,
        compute=forms_compute,
    )
)

# --- the analytic report's tables ------------------------------------------------
# Counts the analytic report prints besides the indicators above. Each is a
# definition so the report cites it and reads its value from ``compute``;
# ``param`` narrows a count to one row of the report's table (a target
# group, a kind of consent, a kind of event). Queries shared by the rows of
# one table are made once per ``compute`` call through ``cache``.


def _year_end(on_date):
    return datetime.date(academic_year_of(on_date) + 1, 8, 31)


def _shared(cache, key, build):
    """``build()`` once per call of :func:`compute` (``cache``)."""
    if cache is None:
        return build()
    if key not in cache:
        cache[key] = build()
    return cache[key]


def _grouped(rows, org_key, param_key, value_key="n"):
    """{org id: {param: n}} from aggregate rows."""
    result = defaultdict(dict)
    for row in rows:
        result[row[org_key]][row[param_key]] = row[value_key]
    return result


def _narrowed_count(build, key):
    """A compute over ``build(org_ids, on_date) → {org id: {param: n}}``:
    the count of one ``param`` (a row of the report), or of all of them."""

    def compute(org_ids, on_date, param, cache=None):
        table = _shared(cache, (key, on_date), lambda: build(org_ids, on_date))
        result = {}
        for pk in org_ids:
            counts = table.get(pk, {})
            result[pk] = Figure(counts.get(param, 0) if param else sum(counts.values()))
        return result

    return compute


def people_by_group(org_ids, on_date):
    """{org id: {target group: (in the banks, mentors, mentees)}} of the
    participants present on the date. One query."""
    from .models import Participant

    rows = (
        Participant.objects.filter(present_on(on_date), organization_id__in=list(org_ids))
        .values("organization_id", "target_group")
        .annotate(
            total=Count("pk"),
            mentors=Count("pk", filter=Q(is_mentor=True)),
            mentees=Count("pk", filter=Q(is_mentee=True)),
        )
    )
    result = defaultdict(dict)
    for r in rows:
        result[r["organization_id"]][r["target_group"]] = (r["total"], r["mentors"], r["mentees"])
    return result


def pair_people_by_group(org_ids, on_date):
    """{org id: {target group: (people as mentor, people as mentee)}} in
    pairs and groups at work (active, completed or terminated) between
    1 September and the date, each person once per role. One query."""
    from .models import MentorshipMember

    mentee = Q(role=MentorshipMember.Role.MENTEE)
    rows = (
        MentorshipMember.objects.filter(
            mentorship__activated_on__lte=on_date,
            mentorship__status__in=WORKED_STATUSES,
            mentorship__organization_id__in=list(org_ids),
        )
        .filter(
            Q(mentorship__ended_on__isnull=True)
            | Q(mentorship__ended_on__gte=academic_year_start(on_date))
        )
        .values("mentorship__organization_id", "participant__target_group")
        .annotate(
            mentors=Count("participant_id", distinct=True, filter=~mentee),
            mentees=Count("participant_id", distinct=True, filter=mentee),
        )
    )
    result = defaultdict(dict)
    for r in rows:
        result[r["mentorship__organization_id"]][r["participant__target_group"]] = (
            r["mentors"],
            r["mentees"],
        )
    return result


def _pairs_in_year(org_ids, on_date):
    from .models import Mentorship

    return Mentorship.objects.filter(
        organization_id__in=list(org_ids),
        activated_on__lte=on_date,
        status__in=WORKED_STATUSES,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=academic_year_start(on_date)))


def _pairs_by(org_ids, on_date, fields):
    from .models import MentorshipMember

    mentee = Q(members__role=MentorshipMember.Role.MENTEE)
    return (
        # The type of each pair or group, not just its form's: a group of
        # several mentees on a traditional form is «групповое».
        _pairs_in_year(org_ids, on_date)
        .with_mentoring_type()
        .values("organization_id", *fields)
        .annotate(
            pairs=Count("pk", distinct=True),
            mentors=Count("members__participant_id", distinct=True, filter=~mentee),
            mentees=Count("members__participant_id", distinct=True, filter=mentee),
        )
    )


def pairs_by_form_type(org_ids, on_date):
    """{org id: {(form name, type code): (pairs and groups, mentors,
    mentees)}} of the pairs and groups at work (active, completed or
    terminated) from 1 September to the date. One query."""
    result = defaultdict(dict)
    for r in _pairs_by(org_ids, on_date, ("form__name", "type_code")):
        result[r["organization_id"]][(r["form__name"], r["type_code"])] = (
            r["pairs"],
            r["mentors"],
            r["mentees"],
        )
    return result


def pairs_by_type(org_ids, on_date):
    """{org id: {type code: (pairs and groups, mentors, mentees)}}, as
    :func:`pairs_by_form_type` with each person once per type. One query."""
    result = defaultdict(dict)
    for r in _pairs_by(org_ids, on_date, ("type_code",)):
        result[r["organization_id"]][r["type_code"]] = (r["pairs"], r["mentors"], r["mentees"])
    return result


def _pairs_compute(index):
    """People (index 1, 2) or pairs (0) of the pairs and groups of the year.
    ``param``: a target group, ("form", name, type) or ("type", code) — a
    row of the report's tables."""

    def compute(org_ids, on_date, param, cache=None):
        if isinstance(param, tuple) and param[0] == "form":
            return _by_group(pairs_by_form_type, "pairs_by_form", index)(
                org_ids, on_date, tuple(param[1:]), cache
            )
        if isinstance(param, tuple) or (index == 0 and not param):
            key = param[1] if param else None
            return _by_group(pairs_by_type, "pairs_by_type", index)(org_ids, on_date, key, cache)
        return _by_group(pair_people_by_group, "pair_people", index - 1)(
            org_ids, on_date, param, cache
        )

    return compute


def _by_group(build, key, index):
    """A compute over ``build(org_ids, on_date) → {org id: {param:
    tuple}}``: item ``index`` of one row's tuple (``param``), or its sum
    over the rows. The definitions reading one ``build`` share its query."""

    def compute(org_ids, on_date, param, cache=None):
        table = _shared(cache, (key, on_date), lambda: build(org_ids, on_date))
        result = {}
        for pk in org_ids:
            rows = table.get(pk, {})
            if param:
                result[pk] = Figure(rows[param][index] if param in rows else 0)
            else:
                result[pk] = Figure(sum(values[index] for values in rows.values()))
        return result

    return compute


def consents_withdrawn_by_kind(org_ids, on_date):
    """{org id: {consent kind: consents withdrawn from 1 September to the date}}."""
    from .models import Consent

    return _grouped(
        Consent.objects.filter(
            participant__organization_id__in=list(org_ids),
            withdrawn_on__gte=academic_year_start(on_date),
            withdrawn_on__lte=on_date,
        )
        .values("participant__organization_id", "kind")
        .annotate(n=Count("pk")),
        "participant__organization_id",
        "kind",
    )


def publication_consents_compute(org_ids, on_date, param, cache=None):
    """Consents to publish personal data valid on the date."""
    from .models import Consent, ConsentKind

    rows = (
        Consent.objects.filter(
            participant__organization_id__in=org_ids, kind=ConsentKind.PUBLICATION
        )
        .valid_on(on_date)
        .values("participant__organization_id")
        .annotate(n=Count("pk"))
    )
    return {r["participant__organization_id"]: Figure(r["n"]) for r in rows}


def duties_consents_compute(org_ids, on_date, param, cache=None):
    """Mentors of the pairs at work from 1 September to the date with a
    consent to the additional duties valid on the date."""
    from .models import Consent, ConsentKind, MentorshipMember

    valid = Consent.objects.filter(
        participant=OuterRef("participant_id"), kind=ConsentKind.DUTIES
    ).valid_on(on_date)
    rows = (
        MentorshipMember.objects.filter(
            mentorship__activated_on__lte=on_date,
            mentorship__status__in=WORKED_STATUSES,
            mentorship__organization_id__in=org_ids,
        )
        .filter(
            Q(mentorship__ended_on__isnull=True)
            | Q(mentorship__ended_on__gte=academic_year_start(on_date))
        )
        .exclude(role=MentorshipMember.Role.MENTEE)
        .values("mentorship__organization_id")
        .annotate(
            total=Count("participant_id", distinct=True),
            ok=Count("participant_id", distinct=True, filter=Q(Exists(valid))),
        )
    )
    return {
        r["mentorship__organization_id"]: Figure(percent(r["ok"], r["total"]), r["ok"], r["total"])
        for r in rows
    }


def mentorships_by_form_status(org_ids, on_date):
    """{org id: {(form id, status): pairs and groups}} whose planned or
    actual period falls in the academic year of the date, in any status."""
    from .models import Mentorship

    start = academic_year_start(on_date)
    rows = (
        Mentorship.objects.filter(
            organization_id__in=list(org_ids), planned_start__lte=_year_end(on_date)
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values("organization_id", "form_id", "status")
        .annotate(n=Count("pk"))
    )
    result = defaultdict(dict)
    for r in rows:
        result[r["organization_id"]][(r["form_id"], r["status"])] = r["n"]
    return result


def _mentorships_in_year_compute(org_ids, on_date, param, cache=None):
    # ``param``: a status (a column of the report's table), or none.
    table = _shared(
        cache, ("form_status", on_date), lambda: mentorships_by_form_status(org_ids, on_date)
    )
    result = {}
    for pk in org_ids:
        cells = table.get(pk, {})
        result[pk] = Figure(
            sum(n for (_form, status), n in cells.items() if not param or status == param)
        )
    return result


def _mentorships_outcome(field_name, status=None):
    def compute(org_ids, on_date, param, cache=None):
        from .models import Mentorship

        queryset = Mentorship.objects.filter(
            organization_id__in=org_ids,
            **{
                f"{field_name}__gte": academic_year_start(on_date),
                f"{field_name}__lte": on_date,
            },
        )
        if status:
            queryset = queryset.filter(status=status)
        rows = queryset.values("organization_id").annotate(n=Count("pk"))
        return {r["organization_id"]: Figure(r["n"]) for r in rows}

    return compute


def plan_progress(org_ids, on_date):
    """{org id: [(items, done by the date, overdue on the date)] per ППН}
    over the population of "programs_done": the plan items (not cancelled)
    of the pairs and groups at work from 1 September to the date. Overdue:
    planned or in progress with a deadline before the date. One query."""
    from .models import PlanItem

    rows = (
        _programs_in_year(org_ids, on_date)
        .values("program__mentorship__organization_id", "program_id")
        .annotate(
            items=Count("pk"),
            done=Count("pk", filter=Q(status=PlanItem.Status.DONE, done_on__lte=on_date)),
            overdue=Count(
                "pk",
                filter=Q(
                    status__in=[PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS],
                    due_on__lt=on_date,
                ),
            ),
        )
    )
    result = defaultdict(list)
    for r in rows:
        result[r["program__mentorship__organization_id"]].append(
            (r["items"], r["done"], r["overdue"])
        )
    return result


def _plans(summarise):
    def compute(org_ids, on_date, param, cache=None):
        table = _shared(cache, ("plans", on_date), lambda: plan_progress(org_ids, on_date))
        return {pk: summarise(table.get(pk, [])) for pk in org_ids}

    return compute


def plan_share(items, done):
    """A programme's share of plan items done, whole per cent rounded down."""
    return 100 * done // items if items else 0


def _average_share(plans):
    if not plans:
        return Figure(None)
    shares = [plan_share(items, done) for items, done, _overdue in plans]
    return Figure(percent(sum(shares), 100 * len(shares)))


def training_by_group(org_ids, on_date):
    """{org id: [(group id, title, mentors, sessions held)]}: the groups of
    mentors at work in the academic year of the date, with the sessions held
    from 1 September to the date. One query."""
    from .models.activities import TrainingGroup

    start = academic_year_start(on_date)
    rows = (
        TrainingGroup.objects.filter(organization_id__in=list(org_ids), starts_on__lte=on_date)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .annotate(
            held=Count(
                "sessions",
                filter=Q(sessions__held_on__gte=start, sessions__held_on__lte=on_date),
                distinct=True,
            ),
            people=Count("members", distinct=True),
        )
        .order_by("starts_on", "title", "pk")
        .values_list("organization_id", "pk", "title", "people", "held")
    )
    result = defaultdict(list)
    for org_id, pk, title, people, held in rows:
        result[org_id].append((pk, title, people, held))
    return result


def _training(summarise):
    def compute(org_ids, on_date, param, cache=None):
        table = _shared(cache, ("training", on_date), lambda: training_by_group(org_ids, on_date))
        result = {}
        for pk in org_ids:
            groups = table.get(pk, [])
            if param:
                groups = [g for g in groups if g[0] == param]
            result[pk] = Figure(summarise(groups))
        return result

    return compute


def _training_mentors_compute(org_ids, on_date, param, cache=None):
    # People in several groups count once, unlike the sum over groups.
    from .models.activities import TrainingGroup

    if param:
        return _training(lambda groups: sum(g[2] for g in groups))(org_ids, on_date, param, cache)
    start = academic_year_start(on_date)
    rows = (
        TrainingGroup.objects.filter(organization_id__in=org_ids, starts_on__lte=on_date)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .values("organization_id")
        .annotate(n=Count("members", distinct=True))
    )
    return {r["organization_id"]: Figure(r["n"]) for r in rows}


def external_courses(org_ids, on_date):
    """{org id: (courses, people, hours)} of external courses of the
    organisations' participants finished from 1 September to the date."""
    from django.db.models import Sum

    from .models.activities import ExternalCourse

    rows = (
        ExternalCourse.objects.filter(
            participant__organization_id__in=list(org_ids),
            ends_on__gte=academic_year_start(on_date),
            ends_on__lte=on_date,
        )
        .values("participant__organization_id")
        .annotate(n=Count("pk"), people=Count("participant_id", distinct=True), hours=Sum("hours"))
    )
    return {r["participant__organization_id"]: (r["n"], r["people"], r["hours"] or 0) for r in rows}


def _courses(index):
    def compute(org_ids, on_date, param, cache=None):
        table = _shared(cache, ("courses", on_date), lambda: external_courses(org_ids, on_date))
        return {pk: Figure(table.get(pk, (0, 0, 0))[index]) for pk in org_ids}

    return compute


def events_by_kind(org_ids, on_date):
    """{org id: {event kind: (held, pupils reached)}} of the events held
    from 1 September to the date. One query."""
    from django.db.models import Sum

    from .models.activities import Event

    rows = (
        Event.objects.filter(
            organization_id__in=list(org_ids),
            held_on__gte=academic_year_start(on_date),
            held_on__lte=on_date,
        )
        .values("organization_id", "kind")
        .annotate(n=Count("pk"), reached=Sum("students_reached"))
    )
    result = defaultdict(dict)
    for r in rows:
        result[r["organization_id"]][r["kind"]] = (r["n"], r["reached"] or 0)
    return result


def _events(index):
    return _by_group(events_by_kind, "events", index)


def compute_rows(code, org_id, on_date, params):
    """{param: Figure}: one definition's figure for each row of a table
    (``params``: target groups, kinds…) and None for all of them, with the
    queries the rows share made once."""
    definition = get(code)
    cache = {}
    result = {None: definition.compute([org_id], on_date, None, cache).get(org_id)}
    for param in params:
        result[param] = definition.compute([org_id], on_date, param, cache).get(org_id)
    return {k: v or _empty(definition) for k, v in result.items()}


IN_PAIRS_POPULATION = (
    "участники действующих, завершённых или прекращённых пар и групп, работавших "
    + YEAR_TO_DATE
    + "; для строки таблицы — только её целевая группа, форма или вид наставничества"
)
BY_ROW = "для строки таблицы — только её {}"


def _count_definition(code, label, unit, counted, population, compute, **extra):
    """A count of the analytic report: no target, a whole number."""
    return register(
        Definition(
            code=code,
            label=label,
            unit=unit,
            counted=counted,
            population=population,
            on_date=extra.pop("on_date", YEAR_TO_DATE),
            target=None,
            target_source="",
            rounding=ROUNDING_COUNT,
            compute=compute,
            **extra,
        )
    )


_count_definition(
    "pair_mentors",
    "Наставники в парах и группах",
    PEOPLE,
    "люди в роли наставника (каждый один раз)",
    IN_PAIRS_POPULATION,
    _pairs_compute(1),
)
_count_definition(
    "pair_mentees",
    "Наставляемые в парах и группах",
    PEOPLE,
    "люди в роли наставляемого (каждый один раз)",
    IN_PAIRS_POPULATION,
    _pairs_compute(2),
)
_count_definition(
    "pairs_in_year",
    "Пары и группы, работавшие в учебном году",
    PIECES,
    "действующие, завершённые или прекращённые пары и группы, работавшие " + YEAR_TO_DATE,
    "пары и группы организации",
    _pairs_compute(0),
    from_banks=False,
)
_count_definition(
    "publication_consents",
    "Согласия на распространение (публикацию) персональных данных",
    PIECES,
    "согласия на распространение персональных данных, действующие на дату",
    "участники банков организации",
    publication_consents_compute,
    on_date=ON_DATE,
)
register(
    Definition(
        code="duties_consents",
        label="Наставники с согласием на дополнительные обязанности",
        unit=PERCENT,
        counted="наставники с действующим на дату согласием на дополнительные обязанности",
        population=(
            "наставники (каждый один раз) действующих, завершённых или прекращённых пар и групп, "
            "работавших " + YEAR_TO_DATE
        ),
        on_date=ON_DATE,
        target=None,
        target_source="",
        compute=duties_consents_compute,
    )
)
_count_definition(
    "consents_withdrawn",
    "Отозванные согласия",
    PIECES,
    "согласия участников, отозванные " + YEAR_TO_DATE + "; " + BY_ROW.format("вид согласия"),
    "согласия участников банков организации",
    _narrowed_count(consents_withdrawn_by_kind, "withdrawn"),
)
_count_definition(
    "mentorships_in_year",
    "Пары и группы учебного года",
    PIECES,
    "пары и группы в любом статусе, плановое начало которых не позже конца учебного года "
    "и которые не закончились до его начала; в таблице — по форме строки и статусу столбца",
    "пары и группы организации",
    _mentorships_in_year_compute,
    on_date="учебный год даты показателя",
    from_banks=False,
)
_count_definition(
    "mentorships_started",
    "Пары и группы, начавшие работу по приказу",
    PIECES,
    "пары и группы с датой начала по приказу " + YEAR_TO_DATE,
    "пары и группы организации",
    _mentorships_outcome("activated_on"),
    from_banks=False,
)
_count_definition(
    "mentorships_completed",
    "Пары и группы, завершившие программу",
    PIECES,
    "завершённые пары и группы с датой окончания " + YEAR_TO_DATE,
    "пары и группы организации",
    _mentorships_outcome("ended_on", "completed"),
    from_banks=False,
)
_count_definition(
    "mentorships_terminated",
    "Пары и группы, прекращённые досрочно",
    PIECES,
    "прекращённые пары и группы с датой окончания " + YEAR_TO_DATE,
    "пары и группы организации",
    _mentorships_outcome("ended_on", "terminated"),
    from_banks=False,
)
_PLANS_POPULATION = (
    "персонализированные программы с пунктами плана (кроме отменённых) пар и групп, работавших "
    + YEAR_TO_DATE
)
_count_definition(
    "plan_items_overdue",
    "Просроченные пункты персонализированных программ",
    PIECES,
    "пункты ППН, запланированные или в работе, срок которых истёк до даты",
    "все пункты (кроме отменённых) ППН пар и групп, работавших " + YEAR_TO_DATE,
    _plans(lambda plans: Figure(sum(overdue for _i, _d, overdue in plans))),
    on_date=ON_DATE,
    from_banks=False,
)
_count_definition(
    "programs_with_items",
    "Персонализированные программы с планом",
    PIECES,
    "персонализированные программы, в плане которых есть пункты (кроме отменённых)",
    _PLANS_POPULATION,
    _plans(lambda plans: Figure(len(plans))),
    on_date=ON_DATE,
    from_banks=False,
)
_count_definition(
    "programs_completed",
    "Персонализированные программы, выполненные полностью",
    PIECES,
    "программы, все пункты плана которых (кроме отменённых) выполнены к дате",
    _PLANS_POPULATION,
    _plans(lambda plans: Figure(sum(1 for items, done, _o in plans if items and done == items))),
    on_date=ON_DATE,
    from_banks=False,
)
register(
    Definition(
        code="programs_average",
        label="Средняя доля выполнения персонализированной программы",
        unit=PERCENT,
        counted=(
            "среднее по программам долей их пунктов, выполненных к дате (доля каждой программы "
            "— в целых процентах, с округлением вниз)"
        ),
        population=_PLANS_POPULATION,
        on_date=ON_DATE,
        target=None,
        target_source="",
        # Means of several organisations are not added up.
        combine="min",
        compute=_plans(_average_share),
        from_banks=False,
    )
)
_TRAINING_POPULATION = (
    "группы обучения наставников, работавшие " + YEAR_TO_DATE + "; " + BY_ROW.format("группа")
)
_count_definition(
    "training_groups",
    "Группы обучения наставников",
    PIECES,
    "группы обучения наставников, начавшие работу к дате и не закончившие её до 1 сентября",
    "группы обучения наставников организации",
    _training(len),
    from_banks=False,
)
_count_definition(
    "training_sessions_held",
    "Занятия групп обучения наставников",
    PIECES,
    "занятия групп обучения, проведённые " + YEAR_TO_DATE,
    _TRAINING_POPULATION,
    _training(lambda groups: sum(g[3] for g in groups)),
    from_banks=False,
)
_count_definition(
    "training_mentors",
    "Наставники в группах обучения",
    PEOPLE,
    "участники групп обучения наставников (каждый один раз)",
    _TRAINING_POPULATION,
    _training_mentors_compute,
    from_banks=False,
)
_count_definition(
    "training_groups_with_two",
    "Группы обучения с двумя и более занятиями",
    PIECES,
    "группы обучения наставников, где " + YEAR_TO_DATE + " проведено не менее 2 занятий",
    "группы обучения наставников, работавшие " + YEAR_TO_DATE,
    _training(lambda groups: sum(1 for g in groups if g[3] >= 2)),
    from_banks=False,
)
_COURSES_POPULATION = "курсы повышения квалификации участников организации, оконченные " + (
    YEAR_TO_DATE
)
_count_definition(
    "external_courses",
    "Курсы повышения квалификации (внешние)",
    PIECES,
    "записи о пройденных участниками внешних курсах",
    _COURSES_POPULATION,
    _courses(0),
    from_banks=False,
)
_count_definition(
    "external_course_people",
    "Участники, прошедшие курсы повышения квалификации",
    PEOPLE,
    "участники (каждый один раз), прошедшие внешние курсы",
    _COURSES_POPULATION,
    _courses(1),
    from_banks=False,
)
_count_definition(
    "external_course_hours",
    "Часы курсов повышения квалификации",
    "ч.",
    "сумма часов пройденных участниками внешних курсов",
    _COURSES_POPULATION,
    _courses(2),
    from_banks=False,
)
_count_definition(
    "events_held",
    "Проведённые мероприятия",
    PIECES,
    "мероприятия, проведённые " + YEAR_TO_DATE + "; " + BY_ROW.format("вид мероприятия"),
    "мероприятия организации",
    _events(0),
    from_banks=False,
)
_count_definition(
    "events_students_reached",
    "Обучающиеся, охваченные мероприятиями",
    PEOPLE,
    "сумма охвата обучающихся, указанного в мероприятиях (классных часах), проведённых "
    + YEAR_TO_DATE
    + "; "
    + BY_ROW.format("вид мероприятия"),
    "мероприятия организации",
    _events(1),
    from_banks=False,
)
