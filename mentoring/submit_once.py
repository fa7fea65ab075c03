"""Post/redirect/get guard for creating forms: one opened form creates once.

A creating form renders ``{% submit_token %}`` (mentoring_tags): a hidden
``submit_token`` field with a fresh random value. Its view is wrapped in
``@submit_once``:

- the first POST carrying the token claims it (a unique row of
  ``FormSubmission``) and runs the view; a redirect answer stores its
  ``Location`` with the token, any other answer (the form with errors,
  shown again with the same token) releases the claim so the corrected form
  can be sent;
- a repeated POST of the same token creates nothing: it gets a Russian
  message and the redirect the first POST got (or the form page again while
  the first POST is still running).

A POST without a token (scripts, old tabs opened before the deploy) runs the
view as before; those forms keep their own natural uniqueness checks.

A wrapped view carries ``submit_once = True``, so the tests can check that
every creating URL is guarded (mentoring/tests/test_prg_walk_complete.py).
"""

import secrets
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone

from .models import FormSubmission

FIELD = "submit_token"
REPEATED = "Эта форма уже отправлена — повторно ничего не создано."
IN_PROGRESS = "Эта форма уже отправляется — дождитесь результата, повторно ничего не создано."


def new_token():
    """A fresh random submit token (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def _claim(token, path):
    """Insert the token's row; return None when this request claimed it, or
    the existing row when the form was already submitted."""
    cutoff = timezone.now() - timedelta(days=FormSubmission.KEEP_DAYS)
    FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, path=path[:500])
    except IntegrityError:
        return FormSubmission.objects.filter(token=token).first() or FormSubmission(path=path)
    return None


def submit_once(view):
    """Decorate a creating view: a repeated POST of the same ``submit_token``
    redirects where the first one did, with a message, and creates nothing.

    Put it outermost (above the access decorators is fine either way: a
    repeat is only answered after the first POST passed them)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = request.POST.get(FIELD, "")[:64] if request.method == "POST" else ""
        if not token:
            return view(request, *args, **kwargs)
        earlier = _claim(token, request.path)
        if earlier is not None:
            if earlier.location:
                messages.info(request, REPEATED)
                return redirect(earlier.location)
            messages.info(request, IN_PROGRESS)
            return redirect(request.get_full_path())
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            FormSubmission.objects.filter(token=token).delete()
            raise
        location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
        if location:
            FormSubmission.objects.filter(token=token).update(location=location[:500])
        else:
            FormSubmission.objects.filter(token=token).delete()
        return response

    wrapped.submit_once = True
    return wrapped
