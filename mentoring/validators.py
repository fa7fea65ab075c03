"""Password validators of the project (ASVS 6.1.2, 6.2.11).

``ContextSpecificWordsValidator`` refuses passwords built around the words an
attacker tries first against this product: its name, the roles, the kinds of
organisations and the slugs of the organisations in the database. A password
may contain such a word only when enough else remains (a passphrase such as
"mentor-orange-bicycle-42" passes; "Наставник2025!" does not).
"""

import re

from django.core.exceptions import ValidationError

# The documented list (docs/security.md, 6.1.2): product, roles, kinds of
# organisation, in Russian and in the Latin spellings people type.
CONTEXT_WORDS = (
    "наставник",
    "наставничество",
    "наставляемый",
    "nastavnik",
    "nastavnichestvo",
    "mentor",
    "mentee",
    "методист",
    "metodist",
    "methodist",
    "куратор",
    "kurator",
    "curator",
    "coordinator",
    "директор",
    "direktor",
    "director",
    "школа",
    "shkola",
    "school",
    "колледж",
    "college",
    "департамент",
    "department",
    "образование",
    "obrazovanie",
    "пароль",
    "parol",
    "password",
    "demo",
    "демо",
)
MIN_REMAINING_LETTERS = 4
MIN_REMAINING_CHARS = 8


def organization_words():
    """Parts of the organisations' slugs ("sosh-11" → "sosh") of 4+ letters."""
    from .models import Organization

    words = set()
    for slug in Organization.objects.values_list("slug", flat=True):
        words.update(part for part in re.split(r"[-_]+", slug.lower()) if len(part) >= 4)
    return {word for word in words if not word.isdigit()}


class ContextSpecificWordsValidator:
    """Refuse a password that is a context word plus little else."""

    def __init__(self, words=None):
        self.words = tuple(words) if words is not None else CONTEXT_WORDS

    def all_words(self):
        return sorted({*self.words, *organization_words()}, key=len, reverse=True)

    def validate(self, password, user=None):
        lowered = password.lower().replace("ё", "е")
        found = [word for word in self.all_words() if word.replace("ё", "е") in lowered]
        if not found:
            return
        rest = lowered
        for word in found:
            rest = rest.replace(word.replace("ё", "е"), "")
        letters = sum(ch.isalpha() for ch in rest)
        if letters < MIN_REMAINING_LETTERS or len(rest) < MIN_REMAINING_CHARS:
            raise ValidationError(
                "Пароль построен на легко угадываемом слове («%(word)s»): добавьте к нему "
                "несколько других слов или выберите другой пароль.",
                code="password_context_word",
                params={"word": found[0]},
            )

    def get_help_text(self):
        return "Пароль не может состоять из названия системы, роли или организации с добавкой цифр."


_PHONE_CHARS_RE = re.compile(r"[+\d][\d\s()\-]*")
# Region assumed for numbers typed without a country code ("8 900 …", "900 …").
PHONE_DEFAULT_REGION = "RU"
PHONE_INVALID_MESSAGE = (
    "Проверьте номер телефона: «%(value)s» не похож на номер. "
    "Пример: +7 900 123-45-67 или 8 (900) 123-45-67."
)


def normalize_phone(value, *, region=PHONE_DEFAULT_REGION):
    """One stored and shown form for a phone number typed in any usual way.

    ``"8 (900) 123-45-67"``, ``"+79001234567"`` and ``"900 123 45 67"`` all
    become ``"+7 900 123-45-67"`` (the ITU-T E.123 international notation as
    the phonenumbers library formats it, which is what people read and what a
    phone dials). An empty or blank value gives ``""``.

    Raises ``ValidationError`` (code ``phone_invalid``, Russian message) when
    the text is not a valid number for its country. The import (i16) and the
    participant form both call this one function.
    """
    import phonenumbers

    text = " ".join(str(value or "").split())
    if not text:
        return ""
    # Fast path for the common case, a Russian mobile number (phonenumbers
    # formats these exactly so; parsing each costs about 0.3 ms, too much for
    # a 20 000-row import).
    if region == "RU" and _PHONE_CHARS_RE.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 11 and digits[0] in "78" and digits[1] == "9":
            digits = digits[1:]
        plus_ok = not text.startswith("+") or text.startswith("+7")
        if len(digits) == 10 and digits[0] == "9" and plus_ok:
            return f"+7 {digits[:3]} {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(PHONE_INVALID_MESSAGE, code="phone_invalid", params={"value": text})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
