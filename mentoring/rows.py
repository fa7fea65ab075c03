"""Table rows built in Python: a page of 100 organisations renders its rows
with one string join instead of a template loop (each ``{{ }}``, filter and
``{% url %}`` of a loop costs tens of microseconds; a department's tables
have hundreds of cells). The HTML is the same as the template wrote.

``text(value)`` is what ``{{ value }}`` writes; ``url_pattern(name)`` gives
one reverse() for a link per row.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe

_SLUG_MARK = "slug-mark"


def text(value):
    """``{{ value }}`` as a template writes it: localised and escaped (a
    whole number without the format lookups of localize())."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return escape(localize(value))


def url_pattern(name):
    """A function slug -> the escaped URL ``reverse(name, args=[slug])``,
    reversing once: the view of every row differs by its slug alone."""
    start, end = (escape(part) for part in reverse(name, args=[_SLUG_MARK]).split(_SLUG_MARK))
    return lambda slug: f"{start}{escape(slug)}{end}"


_ID_MARK = 2_147_483_647


def id_url_pattern(name):
    """A function pk -> the URL ``reverse(name, args=[pk])`` of a view with
    one ``<int:pk>``, reversing once (see :func:`url_pattern`)."""
    start, end = reverse(name, args=[_ID_MARK]).split(str(_ID_MARK))
    return lambda pk: f"{escape(start)}{int(pk)}{escape(end)}"


def bank_list_rows(people, *, kind, side, selectable):
    """The ``<tr>`` rows of a bank list (templates/mentoring/participant_bank.html)
    as safe HTML: 25 rows of 8 cells are the most of that page's rendering
    time in a template loop. ``people``: participants annotated as by
    ``views.banks.bank_queryset`` (consent state; for potential mentors the
    last interview), mentees with ``views.banks.attach_current_mentors``;
    ``kind``: "mentor" or "mentee"; ``side``: "mentors", "potential-mentors"
    or "mentees"; ``selectable``: the row's tick box for the bulk actions."""
    from django.utils.text import Truncator

    detail = id_url_pattern("mentoring:participant_detail")
    pair = id_url_pattern("mentoring:mentorship_detail")
    out = []
    for p in people:
        name = escape(p.full_name)
        cells = []
        if selectable:
            cells.append(
                '<td class="select-col"><input class="form-check-input" type="checkbox" '
                f'name="selected" value="{p.pk}" form="bulk-form" aria-label="Отметить: {name}">'
                "</td>"
            )
        born = (
            f'<div class="small text-body-secondary">{p.birth_date:%d.%m.%Y}</div>'
            if p.birth_date
            else ""
        )
        cells.append(f'<td><a href="{detail(p.pk)}">{name}</a>{born}</td>')
        cells.append(f'<td class="small">{escape(p.get_target_group_display())}</td>')
        if kind == "mentor":
            subjects = (
                f'<div class="text-body-secondary">{escape(p.subjects)}</div>' if p.subjects else ""
            )
            cells.append(f'<td class="small">{escape(p.position or "—")}{subjects}</td>')
            badge = "text-bg-success" if p.mentor_status == "approved" else "text-bg-light border"
            status = escape(p.get_mentor_status_display())
            cells.append(f'<td><span class="badge {badge}">{status}</span></td>')
            years = "—" if p.experience_years is None else text(p.experience_years)
            cells.append(f'<td class="text-end">{years}</td>')
            if side == "potential-mentors":
                if p.last_interview_on:
                    outcome = {
                        "recommended": "рекомендован",
                        "not_recommended": "не рекомендован",
                    }.get(p.last_interview_outcome, "решение отложено")
                    interview = (
                        f'{p.last_interview_on:%d.%m.%Y}<div class="text-body-secondary">'
                        f"{outcome}</div>"
                    )
                else:
                    interview = "не проводилось"
                cells.append(f'<td class="small">{interview}</td>')
            else:
                cells.append(f'<td class="text-end">{text(p.capacity)}</td>')
        else:
            cells.append(f'<td class="small">{escape(p.class_group or p.position or "—")}</td>')
            if p.mentor_pair_id:
                mentor = f'<a href="{pair(p.mentor_pair_id)}">{escape(p.mentor_name)}</a>'
            else:
                mentor = '<span class="text-body-secondary">нет</span>'
            cells.append(f'<td class="small">{mentor}</td>')
            requests = Truncator(p.requests).chars(90) if p.requests else ""
            cells.append(f'<td class="small">{escape(requests or "—")}</td>')
            special = "".join(
                badge
                for badge, on in (
                    ('<span class="badge text-bg-warning">ОВЗ</span> ', p.special_disability),
                    ('<span class="badge text-bg-info">одарённый</span> ', p.special_gifted),
                    ('<span class="badge text-bg-secondary">ТЖС</span>', p.special_difficult),
                )
                if on
            )
            cells.append(f'<td class="small">{special}</td>')
        if p.has_processing_consent:
            consent = '<span class="badge text-bg-success">есть</span>'
        elif p.has_withdrawn_consent:
            consent = '<span class="badge text-bg-danger">отозвано</span>'
        else:
            consent = '<span class="badge text-bg-warning">нет</span>'
        cells.append(f"<td>{consent}</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(out))  # noqa: S308 - every value escaped above


def _items(css_class, texts):
    """``<ul class="…"><li>…</li></ul>`` of the escaped texts; "" for none."""
    if not texts:
        return ""
    return f'<ul class="{css_class}">' + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ul>"


def candidate_cards(candidates, *, mentees, form, csrf_token, new_token):
    """The ``<li>`` cards of the matching page's candidates
    (templates/mentoring/matching.html) as safe HTML: 20 cards, each with its
    criteria and a proposal form, are most of that page's rendering time in
    a template loop. ``candidates``: ``matching.Candidate`` objects;
    ``mentees``: the participants the proposal is for; ``form``: the
    mentoring form (its pk goes with the proposal); ``csrf_token``: the
    request's token (``django.middleware.csrf.get_token``); ``new_token``: a
    function giving a fresh one-time submit token (mentoring.submit_once),
    one per card as ``{% submit_token %}`` wrote it."""
    from .submit_once import FIELD

    detail = id_url_pattern("mentoring:participant_detail")
    propose = escape(reverse("mentoring:mentorship_propose"))
    mentee_inputs = "".join(f'<input type="hidden" name="mentees" value="{m.pk}">' for m in mentees)
    out = []
    for number, c in enumerate(candidates, start=1):
        mentor = c.mentor
        name = escape(mentor.full_name)
        about = escape(mentor.position or mentor.get_target_group_display())
        if mentor.subjects:
            about += f" · {escape(mentor.subjects)}"
        criteria = "".join(
            f"<li>{escape(label)}: <strong>{text(points)}</strong> — {escape(words)}</li>"
            for label, points, words in c.criteria
        )
        notes = _items("small mb-1 text-body-secondary notes", c.notes)
        blockers = _items("small mb-0 text-danger blockers", c.blockers)
        if c.can_propose:
            action = (
                f'<form method="post" action="{propose}">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
                f'<input type="hidden" name="{FIELD}" value="{escape(new_token())}">'
                f'<input type="hidden" name="form" value="{form.pk}">'
                f'<input type="hidden" name="lead_mentor" value="{mentor.pk}">'
                f"{mentee_inputs}"
                '<button class="btn btn-primary btn-sm" type="submit">Предложить'
                f'<span class="visually-hidden"> наставника {name}</span></button></form>'
            )
        else:
            action = '<span class="small text-body-secondary">предложить нельзя</span>'
        warn = "" if c.can_propose else " border-danger-subtle"
        bar = "" if c.can_propose else " bg-secondary"
        out.append(
            f'<li class="card shadow-sm mb-2 candidate{warn}"><div class="card-body py-3">'
            '<div class="d-flex flex-wrap justify-content-between gap-2"><div>'
            f'<h3 class="h6 mb-0">{number}. <a href="{detail(mentor.pk)}">{name}</a></h3>'
            f'<div class="small text-body-secondary">{about} · свободных мест: {text(c.free)}'
            "</div></div>"
            '<div class="text-end ms-auto minw-12">'
            f'<div class="small">Соответствие: <strong>{text(c.score)}</strong> из '
            f"{text(c.max_score)}</div>"
            '<div class="progress progress-thinner" role="progressbar" aria-label="Соответствие" '
            f'aria-valuenow="{text(c.score)}" aria-valuemin="0" '
            f'aria-valuemax="{text(c.max_score)}"><div class="progress-bar{bar} '
            f'pct-{c.percent}"></div></div></div></div>'
            '<div class="row mt-2"><div class="col-md">'
            f'<ul class="list-unstyled small mb-1 criteria">{criteria}</ul>{notes}{blockers}</div>'
            f'<div class="col-md-auto d-flex align-items-end">{action}</div></div>'
            "</div></li>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value escaped above
