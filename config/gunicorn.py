"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi:application`.

The access log keeps no personal data: the query string (names searched in
the banks) is never written, and secret tokens in paths (personal survey
links, password-reset links) are masked.
"""

import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = 120
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'

SECRET_PATHS = [
    re.compile(r"(/surveys/a/)[^/]+"),
    re.compile(r"(/accounts/reset/)[^/]+/[^/]+"),
    re.compile(r"(/accounts/invite/)[^/]+"),
]


def mask(path):
    for pattern in SECRET_PATHS:
        path = pattern.sub(r"\1…", path)
    return path


class MaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = mask(atoms.get("U") or "")
        atoms["r"] = f"{atoms.get('m')} {atoms['U']} {atoms.get('H')}"
        atoms["q"] = "-"
        atoms["f"] = "-"  # the referrer may carry a token too
        return atoms


logger_class = MaskingLogger
