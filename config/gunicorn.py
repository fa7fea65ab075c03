"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi:application`.

The access log keeps no personal data: the query string (names searched in
the banks) is never written, and secret tokens in paths (personal survey
links, password-reset links) are masked.
"""

import os
import sys
from pathlib import Path

from gunicorn.glogging import Logger

# The project root, for the import below whatever directory gunicorn starts in.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mentoring.logging import mask_secret_paths

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = 120
# The access log to stdout; GUNICORN_ACCESS_LOG="" turns it off (make bench).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'

# One list of secret paths for this access log and the application's log
# filter (mentoring.logging; stdlib only, no Django needed here).
mask = mask_secret_paths


class MaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = mask(atoms.get("U") or "")
        atoms["r"] = f"{atoms.get('m')} {atoms['U']} {atoms.get('H')}"
        atoms["q"] = "-"
        atoms["f"] = "-"  # the referrer may carry a token too
        return atoms


logger_class = MaskingLogger


def post_worker_init(worker):
    """Load the URL configuration (and with it every view module) and the
    page layout, then move what the worker holds into the garbage
    collector's permanent generation, so the collections that a page's many
    short-lived objects trigger no longer walk it: measured in `make bench`,
    about 1–2 ms off a 17 ms page (p50 and p95), nothing off /healthz.
    What loads later on first use (other templates, the morphological
    dictionaries of matching) stays outside. Python documents this use of
    ``gc.freeze()`` for a server's workers
    (https://docs.python.org/3/library/gc.html#gc.freeze)."""
    import gc

    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views
    get_template("base.html")
    gc.collect()
    gc.freeze()
