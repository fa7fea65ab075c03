import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)")
QUERY = re.compile(r"(\?[^\s\"']*)")
# Paths that carry a secret: personal survey links, password-reset links, the
# tokens of staged imports. The secret part becomes "…" in every log line
# (django.request's "Not Found: …", "Gone: …" and the gunicorn access log).
SECRET_PATHS = [
    re.compile(r"(/surveys/a/)[^/\s\"']+"),
    re.compile(r"(/accounts/reset/)[^/\s\"']+/[^/\s\"']+"),
    re.compile(r"(/import/)(?!template\.xlsx)[A-Za-z0-9_-]{16,}"),
    re.compile(r"(/accounts/invite/)[^/\s\"']+"),
    re.compile(r"(/calendar/\d+/)[0-9a-f]{16,}"),
]


def mask_secret_paths(text):
    """``text`` with the secret part of every secret path replaced by "…"."""
    for pattern in SECRET_PATHS:
        text = pattern.sub(r"\1…", text)
    return text


class RedactPersonalDataFilter(logging.Filter):
    """Mask e-mail addresses, phone numbers, query strings (where people
    are searched by name) and secret tokens in paths (SECRET_PATHS) in every
    log record, so that logs never hold personal data or working links."""

    def filter(self, record):
        message = record.getMessage()
        cleaned = QUERY.sub("?…", PHONE.sub("[телефон]", EMAIL.sub("[e-mail]", message)))
        cleaned = mask_secret_paths(cleaned)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
