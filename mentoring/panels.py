"""Panels that upper apps add to the mentor's and mentee's home page.

mentoring does not import the apps built on it; an app registers a panel in
its ``AppConfig.ready``:

    register_participant_panel(waiting_surveys_panel)

A panel is ``panel(request) -> str``: ready HTML (rendered with the request,
so it may hold forms with the CSRF token), or ``""`` when it has nothing to
show. Panels appear in registration order above the work queue.
"""

from django.utils.safestring import mark_safe

_PARTICIPANT_PANELS = []


def register_participant_panel(panel):
    if panel not in _PARTICIPANT_PANELS:
        _PARTICIPANT_PANELS.append(panel)
    return panel


def participant_panels(request):
    """The non-empty panels for this request, as safe HTML strings."""
    return [mark_safe(html) for panel in _PARTICIPANT_PANELS if (html := panel(request))]  # noqa: S308 - rendered templates
