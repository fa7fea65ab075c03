import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)")
QUERY = re.compile(r"(\?[^\s\"']*)")


class RedactPersonalDataFilter(logging.Filter):
    """Mask e-mail addresses, phone numbers and query strings (where people
    are searched by name) in every log record, so that logs never hold
    personal data."""

    def filter(self, record):
        message = record.getMessage()
        cleaned = QUERY.sub("?…", PHONE.sub("[телефон]", EMAIL.sub("[e-mail]", message)))
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
