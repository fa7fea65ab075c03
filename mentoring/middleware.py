import logging
import time

from django.conf import settings
from django.contrib.auth import logout

from .access import resolve_membership

logger = logging.getLogger(__name__)

IDLE_KEY = "last_activity"
STARTED_KEY = "session_started"


class IdleTimeoutMiddleware:
    """Sign out a session that saw no request for SESSION_IDLE_MINUTES, or
    that is older than SESSION_MAX_HOURS whatever the activity.

    The session cookie and row expire after SESSION_COOKIE_AGE; the session is
    saved (pushing the expiry forward) at most every SESSION_TOUCH_SECONDS, so
    an active user is not logged out and the database is not written on every
    request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(IDLE_KEY)
            started = request.session.setdefault(STARTED_KEY, now)
            idle = last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60
            too_old = now - started > settings.SESSION_MAX_HOURS * 3600
            if idle or too_old:
                logout(request)
            elif last is None or now - last > settings.SESSION_TOUCH_SECONDS:
                request.session[IDLE_KEY] = now
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            # Pages of signed-in users hold personal data: no browser or
            # proxy keeps a copy (ASVS 14.3.2).
            response["Cache-Control"] = "no-store"
        return response


class CurrentOrganizationMiddleware:
    """Resolve the organisation the user acts in (see mentoring.access)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership, request.memberships = None, []
        if request.user.is_authenticated:
            request.membership, request.memberships = resolve_membership(request)
        request.org = request.membership.organization if request.membership else None
        return self.get_response(request)


class QueryCountHeaderMiddleware:
    """Adds X-Query-Count (SQL queries run for the request) when the setting
    QUERY_COUNT_HEADER is on. Used by the benchmark only; off by default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response


class DatabaseBusyMiddleware:
    """SQLite (the development and small-install default) allows one writer
    at a time; a burst of parallel writes beyond its timeout raises
    OperationalError "database is locked". That is the server being busy,
    not a bug: answer 503 with a Russian page and Retry-After instead of a
    500. Nothing was saved (the transaction rolled back)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError
        from django.http import HttpResponse
        from django.template.loader import render_to_string

        if isinstance(exception, OperationalError) and "locked" in str(exception).lower():
            logger.warning("database busy: %s %s", request.method, request.path)
            # No request context: its processors would query the busy database.
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "30"
            return response
        return None
