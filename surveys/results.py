"""Results of campaigns: one function per report builds the aggregates in a
fixed number of queries (grouped in the database, never per response), and
the formatters (HTML templates, Chart.js data, XLSX) only lay them out.

Arithmetic:
- the average of a scale or number question is the mean of all submitted
  answers to it; for yes/no, the share of "да" in per cent;
- "expected vs actual" compares questions with the same code in a 'before'
  and an 'after' campaign: per group (person, pair or group, form) the mean of
  the answers before, the mean after, and delta = after − before, computed
  from unrounded means and rounded to two decimals; the "в целом" column is
  the mean of all the group's matched answers (not a mean of means);
- results of an anonymous campaign, and of any group in it, are hidden below
  ANONYMITY_THRESHOLD responses.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from mentoring.indicators import shares
from mentoring.models import MentoringForm, Mentorship, Participant, TargetGroup
from mentoring.xlsx import tables_xlsx

from .models import (
    ANONYMITY_THRESHOLD,
    CHOICE_KINDS,
    TEXT_KINDS,
    Answer,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
)

TEXTS_PER_QUESTION = 20
NUMBER_ROWS = 15
ROLE_LABELS = {"mentor": "Наставник", "mentee": "Наставляемый", "": "—"}
TWO = Decimal("0.01")


def r2(value):
    if value is None:
        return None
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


def fmt_number(value):
    """'7,5' — Russian decimal comma, no trailing zeros."""
    if value is None:
        return "—"
    value = r2(value).normalize()
    text = f"{value:f}"
    return text.replace(".", ",")


def submitted(campaign, filters=None):
    qs = Response.objects.filter(campaign=campaign, status=ResponseStatus.SUBMITTED)
    filters = filters or {}
    if filters.get("form"):
        qs = qs.filter(form_id=filters["form"])
    if filters.get("target_group"):
        qs = qs.filter(target_group=filters["target_group"])
    if filters.get("mentorship") and not campaign.is_anonymous:
        qs = qs.filter(mentorship_id=filters["mentorship"])
    if filters.get("role"):
        qs = qs.filter(role=filters["role"])
    return qs


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    average: Decimal | None = None
    distribution: list = field(default_factory=list)  # [(label, count, percent)]
    texts: list = field(default_factory=list)

    @property
    def average_display(self):
        if self.average is None:
            return "—"
        if self.question.kind == QuestionKind.YES_NO:
            return f"{fmt_number(self.average)} % «да»"
        return fmt_number(self.average)

    @property
    def chart(self):
        return {
            "labels": [label for label, _n, _p in self.distribution],
            "data": [n for _l, n, _p in self.distribution],
        }


@dataclass
class CampaignResults:
    campaign: object
    invited: int
    responded: int
    count: int
    hidden: bool
    questions: list

    @property
    def rate(self):
        return round(100 * self.responded / self.invited) if self.invited else 0


def campaign_results(campaign, filters=None):
    """Response rate and, per question, answered count, average and
    distribution. Seven queries whatever the number of responses."""
    totals = campaign.invitations.aggregate(
        invited=Count("pk"), responded=Count("pk", filter=Q(responded=True))
    )
    responses = submitted(campaign, filters)
    count = responses.count()
    questions = list(
        Question.objects.filter(version_id=campaign.version_id)
        .select_related("section")
        .prefetch_related("options")
    )
    hidden = campaign.is_anonymous and count < ANONYMITY_THRESHOLD
    results = {q.pk: QuestionResult(q) for q in questions}
    if hidden or not count:
        return CampaignResults(
            campaign, totals["invited"], totals["responded"], count, hidden, list(results.values())
        )
    answers = Answer.objects.filter(response__in=responses)
    for row in answers.values("question_id").annotate(n=Count("pk")):
        results[row["question_id"]].answered = row["n"]
    numeric = defaultdict(list)
    for row in (
        answers.filter(number__isnull=False)
        .values("question_id", "number")
        .annotate(n=Count("pk"))
        .order_by("question_id", "number")
    ):
        numeric[row["question_id"]].append((row["number"], row["n"]))
    chosen = {
        row["option_id"]: row["n"]
        for row in Answer.options.through.objects.filter(answer__response__in=responses)
        .values("option_id")
        .annotate(n=Count("pk"))
    }
    texts = (
        answers.filter(question__kind__in=TEXT_KINDS)
        .exclude(text="")
        .annotate(row=Window(RowNumber(), partition_by=[F("question_id")], order_by=F("pk").desc()))
        .filter(row__lte=TEXTS_PER_QUESTION)
        .values_list("question_id", "text")
    )
    for question_id, text in texts:
        results[question_id].texts.append(text)
    for q in questions:
        res = results[q.pk]
        total = res.answered or 1
        if q.kind == QuestionKind.SCALE:
            counts = dict(numeric[q.pk])
            res.distribution = _distribution(
                [(str(v), counts.get(Decimal(v), 0)) for v in q.scale_values]
            )
            res.average = _mean(numeric[q.pk])
        elif q.kind == QuestionKind.YES_NO:
            counts = {int(v): n for v, n in numeric[q.pk]}
            yes, no = counts.get(1, 0), counts.get(0, 0)
            res.distribution = _distribution([("Да", yes), ("Нет", no)])
            res.average = Decimal(100 * yes) / (yes + no) if yes + no else None
        elif q.kind == QuestionKind.NUMBER:
            rows = numeric[q.pk]
            res.average = _mean(rows)
            res.distribution = _distribution([(fmt_number(v), n) for v, n in rows])[:NUMBER_ROWS]
        elif q.kind == QuestionKind.SINGLE:
            res.distribution = _distribution(
                [(o.text, chosen.get(o.pk, 0)) for o in q.options.all()]
            )
        elif q.kind in CHOICE_KINDS:
            # Several options per answer: each share stands alone (of the
            # people who answered), they do not add up to 100.
            res.distribution = [
                (o.text, chosen.get(o.pk, 0), _pct(chosen.get(o.pk, 0), total))
                for o in q.options.all()
            ]
    return CampaignResults(
        campaign, totals["invited"], totals["responded"], count, hidden, list(results.values())
    )


def _pct(n, total):
    return round(100 * n / total) if total else 0


def _distribution(counts):
    """[(label, count, per cent)] of answers that each chose one value: the
    parts of one whole, whole per cents adding up to 100
    (mentoring.indicators.shares); 0 without answers."""
    percents = shares([n for _label, n in counts], places=0)
    return [
        (label, n, 0 if share is None else int(share))
        for (label, n), share in zip(counts, percents, strict=True)
    ]


def _mean(rows):
    n = sum(c for _v, c in rows)
    if not n:
        return None
    return sum(v * c for v, c in rows) / n


# --- Expected vs actual ------------------------------------------------------

GROUPINGS = {
    "person": ("Участник", "invitation__participant_id"),
    "mentorship": ("Пара или группа", "mentorship_id"),
    "form": ("Форма наставничества", "form_id"),
}


@dataclass
class Cell:
    before: Decimal | None
    after: Decimal | None

    @property
    def delta(self):
        if self.before is None or self.after is None:
            return None
        return r2(self.after - self.before)


@dataclass
class CompareRow:
    label: str
    cells: list
    overall: Cell
    hidden: bool = False


def before_after(before, after, *, by="form"):
    """Compare the matching scale questions (same code) of a 'before' and an
    'after' campaign, grouped by person, mentorship or form. Returns
    (codes [(code, text)], rows, total row). Three queries at most."""
    return before_after_pooled([(before, after)], by=by)


def before_after_pooled(pairs, *, by="form"):
    """:func:`before_after` of several (before, after) pairs of campaigns
    pooled: every answer weighs the same, each pair over the scale
    questions its two campaigns have in common (by code). The rows per
    question and the overall means are of the same answers (the analytic
    report's and the dashboard's mentors and mentees together,
    surveys.indicators.pooled_effectiveness). Three queries at most."""
    pairs = [(b, a) for b, a in pairs]
    anonymous = any(b.is_anonymous or a.is_anonymous for b, a in pairs)
    if by in ("person", "mentorship") and anonymous:
        raise ValueError("В анонимных рассылках сравнение по людям и парам недоступно.")
    versions = defaultdict(dict)
    for version_id, code, text in (
        Question.objects.filter(
            version_id__in=[c.version_id for pair in pairs for c in pair],
            kind=QuestionKind.SCALE,
        )
        .exclude(code="")
        .values_list("version_id", "code", "text")
    ):
        versions[version_id].setdefault(code, text)
    texts = {}
    answers = Q(pk__in=[])
    for before, after in pairs:
        common = [c for c in versions[after.version_id] if c in versions[before.version_id]]
        for code in common:
            texts.setdefault(code, versions[after.version_id][code])
        if common:
            answers |= Q(response__campaign_id__in=[before.pk, after.pk], question__code__in=common)
    codes = list(texts)
    befores = {before.pk for before, _after in pairs}
    key = GROUPINGS[by][1]
    sums = defaultdict(lambda: [Decimal(0), 0])
    responses_per_group = defaultdict(set)
    rows = (
        Answer.objects.filter(
            answers,
            response__status=ResponseStatus.SUBMITTED,
            question__kind=QuestionKind.SCALE,
        )
        .values("response__campaign_id", f"response__{key}", "question__code")
        .annotate(total=Sum("number"), n=Count("pk"), responses=Count("response_id", distinct=True))
        if codes
        else []
    )
    for row in rows:
        moment = "before" if row["response__campaign_id"] in befores else "after"
        group = row[f"response__{key}"]
        for g in (group, "__all__"):
            for code in (row["question__code"], "__all__"):
                acc = sums[(moment, g, code)]
                acc[0] += row["total"]
                acc[1] += row["n"]
            responses_per_group[(moment, g)].add(row["responses"])
    groups = sorted({g for (_m, g, _c) in sums if g != "__all__"}, key=lambda g: (g is None, g))
    labels = _group_labels(by, [g for g in groups if g is not None])

    def mean(moment, group, code):
        total, n = sums.get((moment, group, code), (None, 0))
        return total / n if n else None

    def row_for(group, label):
        cells = [Cell(mean("before", group, c), mean("after", group, c)) for c in codes]
        overall = Cell(mean("before", group, "__all__"), mean("after", group, "__all__"))
        few = (
            anonymous
            and min(
                max(responses_per_group.get(("before", group), {0})),
                max(responses_per_group.get(("after", group), {0})),
            )
            < ANONYMITY_THRESHOLD
        )
        return CompareRow(label, cells, overall, hidden=few)

    result = [row_for(g, labels.get(g, "Не указано")) for g in groups]
    return [(c, texts[c]) for c in codes], result, row_for("__all__", "Все ответы")


def _group_labels(by, ids):
    if by == "person":
        return {p.pk: p.full_name for p in Participant.objects.filter(pk__in=ids)}
    if by == "mentorship":
        return {m.pk: str(m) for m in Mentorship.objects.filter(pk__in=ids).with_people()}
    return {f.pk: f.name for f in MentoringForm.objects.filter(pk__in=ids)}


# --- Quarterly diagnostics ---------------------------------------------------


def diagnostics_change(campaigns):
    """Per scale question (matched by code, else by text) the average in each
    campaign, oldest first, and the change from the first to the last.
    Two queries."""
    campaigns = sorted(campaigns, key=lambda c: (c.deadline, c.pk))
    ids = [c.pk for c in campaigns]
    rows = (
        Answer.objects.filter(
            response__campaign_id__in=ids,
            response__status=ResponseStatus.SUBMITTED,
            question__kind=QuestionKind.SCALE,
        )
        .values("response__campaign_id", "question__code", "question__text")
        .annotate(total=Sum("number"), n=Count("pk"))
    )
    sums, order, texts = {}, [], {}
    for row in rows:
        key = row["question__code"] or row["question__text"]
        if key not in texts:
            order.append(key)
        texts[key] = row["question__text"]
        sums[(key, row["response__campaign_id"])] = row["total"] / row["n"]
    table = []
    for key in order:
        averages = [sums.get((key, c)) for c in ids]
        known = [a for a in averages if a is not None]
        change = r2(known[-1] - known[0]) if len(known) >= 2 else None
        table.append({"text": texts[key], "averages": averages, "change": change})
    return campaigns, table


# --- XLSX --------------------------------------------------------------------


def export_xlsx(campaign):
    """Sheet «Ответы»: one row per submitted response, one column per
    question; sheet «Сводка»: per question answered, average, distribution."""
    questions = list(
        Question.objects.filter(version_id=campaign.version_id).select_related("section")
    )
    responses = list(
        submitted(campaign)
        .select_related("invitation__participant", "form")
        .order_by("submitted_at", "pk")
    )
    values = defaultdict(dict)
    for rid, qid, number, text in Answer.objects.filter(
        response__in=[r.pk for r in responses]
    ).values_list("response_id", "question_id", "number", "text"):
        values[rid][qid] = float(number) if number is not None else text
    chosen = defaultdict(list)
    for rid, qid, text in (
        Answer.options.through.objects.filter(answer__response__in=[r.pk for r in responses])
        .order_by("option__position")
        .values_list("answer__response_id", "answer__question_id", "option__text")
    ):
        chosen[(rid, qid)].append(text)
    pairs = {}
    if not campaign.is_anonymous:
        ids = {r.mentorship_id for r in responses if r.mentorship_id}
        pairs = {m.pk: str(m) for m in Mentorship.objects.filter(pk__in=ids).with_people()}
    groups = dict(TargetGroup.choices)
    columns = [("№", 6), ("Отправлен", 16)]
    if not campaign.is_anonymous:
        columns += [("Участник", 32), ("Пара или группа", 32)]
    columns += [("Роль", 14), ("Целевая группа", 24), ("Форма наставничества", 24)]
    columns += [(f"{i}. {q.text}", 30 if q.is_text else 16) for i, q in enumerate(questions, 1)]

    def cell(r, q):
        if q.kind in CHOICE_KINDS:
            return "; ".join(chosen.get((r.pk, q.pk), []))
        value = values[r.pk].get(q.pk)
        if q.kind == QuestionKind.YES_NO and value is not None:
            return "да" if value else "нет"
        return value

    def rows():
        for n, r in enumerate(responses, 1):
            row = [n, timezone.localtime(r.submitted_at) if r.submitted_at else None]
            if not campaign.is_anonymous:
                person = r.invitation.participant.full_name if r.invitation_id else ""
                row += [person, pairs.get(r.mentorship_id, "")]
            row += [
                ROLE_LABELS.get(r.role, ""),
                groups.get(r.target_group, ""),
                r.form.name if r.form else "",
            ]
            row += [cell(r, q) for q in questions]
            yield row

    results = campaign_results(campaign)
    summary = [
        [
            i,
            res.question.text,
            res.question.get_kind_display(),
            res.answered,
            float(r2(res.average)) if res.average is not None else None,
            "; ".join(f"{label}: {n}" for label, n, _p in res.distribution),
        ]
        for i, res in enumerate(results.questions, 1)
    ]
    if campaign.is_anonymous and len(responses) < ANONYMITY_THRESHOLD:
        responses = []
        summary = []
    summary_columns = [
        ("№", 6),
        ("Вопрос", 60),
        ("Тип", 18),
        ("Ответили", 12),
        ("Среднее", 12),
        ("Распределение", 60),
    ]
    totals = [
        "",
        f"Приглашено: {results.invited}",
        "",
        results.responded,
        None,
        f"Ответили: {results.rate} %",
    ]
    return tables_xlsx(
        [
            ("Ответы", columns, rows()),
            ("Сводка", summary_columns, [*summary, [], totals]),
        ]
    )
