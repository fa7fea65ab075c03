"""No personal data on public pages without a basis (152-ФЗ ст. 10.1).

Free text that the public section shows (a practice's authors, description
and results; a news item; a public material) is checked before it is
published against the organisation's participants: a text that names a
person who may not be published — a minor, a school student, anyone without
a publication consent that allows the name (ст. 10.1, Приказ РКН № 18 от
24.02.2021), anyone whose processing consent is withdrawn — is refused with
a message naming the field. Special categories (ОВЗ, health, a difficult
life situation; ст. 10) never go out next to a person's name. Names are
found in any case («Ивановой Маши») with mentoring.namesearch.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from .. import namesearch
from ..models import Consent, Participant

SPECIAL_TERMS = re.compile(
    r"\b(ОВЗ|инвалид\w*|диагноз\w*|заболеван\w*|трудн\w+ жизненн\w+ ситуац\w+|"
    r"СОП|опекаем\w*|сирот\w*)\b",
    re.IGNORECASE,
)


# Latin letters drawn like Cyrillic ones: in a word that mixes the two
# scripts they are read as Cyrillic, as a reader of the page would.
LOOK_ALIKE = str.maketrans("AaBCcEeHKMOoPpTXxyk", "АаВСсЕеНКМОоРрТХхук")
MIXED_WORD = re.compile(r"\w*[А-Яа-яЁё]\w*")


def _readable(text):
    """The text as a browser shows it: compatibility forms folded (NFKC),
    invisible format characters (zero-width space, soft hyphen, bidi marks)
    dropped, and Latin look-alike letters inside a Cyrillic word read as
    Cyrillic. «Иван\u200bова», «Ивано\u00adва» and «Ивaнова» with a Latin
    «a» all read «Иванова»."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return MIXED_WORD.sub(lambda m: m.group(0).translate(LOOK_ALIKE), text)


def _people(organization):
    return list(
        Participant.objects.of(organization)
        .only(
            "pk",
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "target_group",
            "anonymized_at",
            "organization_id",
        )
        .prefetch_related(Prefetch("consents", Consent.objects.all()))
    )


def _attributed_to_author(person, authors, words):
    """True when the text's mention of ``person`` is better read as one of
    the chosen ``authors`` (a namesake: same surname and first initial, and
    the text does not spell the person's own first name)."""
    for author in authors:
        if author.pk == person.pk:
            return True
        same = namesearch.word_forms(author.last_name) & namesearch.word_forms(person.last_name)
        if not same or author.first_name[:1] != person.first_name[:1]:
            continue
        own = namesearch.word_forms(person.first_name) - namesearch.word_forms(author.first_name)
        if not own & words:
            return True
    return False


def public_text_refusals(organization, texts, on_date=None, authors=()):
    """Why the texts may not be published: a list of Russian messages, empty
    when they may. ``texts`` maps a field label («Описание») to its text;
    ``authors`` are the participants chosen as authors (a mention that fits
    one of them is theirs). Two queries whatever the number of people."""
    authors = [a for a in authors if "name" in a.public_fields(on_date)]
    return _refusals_among(_people(organization), texts, on_date, authors)


def _refusals_among(people, texts, on_date=None, authors=()):
    texts = {label: _readable(text) for label, text in texts.items() if text}
    if not texts:
        return []
    tokens = {
        label: {namesearch._norm(w) for w in namesearch.tokens(text)}
        for label, text in texts.items()
    }
    errors = []
    for person in people:
        forms = namesearch.word_forms(person.last_name)
        for label, text in texts.items():
            if not forms & tokens[label]:
                continue
            if not namesearch.names_person(
                text, person.last_name, person.first_name, person.patronymic
            ):
                continue
            if _attributed_to_author(person, authors, tokens[label]):
                continue
            if "name" not in person.public_fields(on_date):
                errors.append(
                    f"Поле «{label}» называет участника ({person.short_name}), чьи ФИО "
                    "публиковать нельзя: нет согласия на распространение ФИО, участник "
                    "несовершеннолетний или обучающийся школы, либо согласие отозвано. "
                    "Уберите имя из текста или получите согласие (ст. 10.1 152-ФЗ)."
                )
            elif SPECIAL_TERMS.search(text):
                errors.append(
                    f"Поле «{label}» называет участника ({person.short_name}) рядом со "
                    "сведениями особой категории (ОВЗ, здоровье, жизненная ситуация): "
                    "такие сведения не публикуются (ст. 10 152-ФЗ)."
                )
    return errors


def public_authors_refusals(authors, on_date=None):
    """Authors chosen from participants: each needs a publication consent
    that allows the name."""
    return [
        f"Автор {p.short_name} не дал согласия на публикацию ФИО: его нельзя указать "
        "в опубликованной практике."
        for p in authors
        if "name" not in p.public_fields(on_date)
    ]


def publication_check(organization, texts, *, authors=(), on_date=None):
    """Raise ValidationError with every refusal (see the two functions
    above); return None when the texts may be published."""
    authors = list(authors)
    errors = public_text_refusals(
        organization, texts, on_date, authors=authors
    ) + public_authors_refusals(authors, on_date)
    if errors:
        raise ValidationError(errors)


def still_publishable(organization, items, fields, on_date=None):
    """The published ``items`` (practices, news) whose texts may still be
    shown today: a consent withdrawn after publication takes the item off
    the public pages at once (ст. 10.1 ч. 12-13: distribution stops from the
    moment the demand is received). ``fields`` maps a label to an attribute.
    Two queries for the people, whatever the number of items."""
    people = _people(organization)
    kept = []
    for item in items:
        texts = {label: getattr(item, name) or "" for label, name in fields.items()}
        if not _refusals_among(people, texts, on_date):
            kept.append(item)
    return kept


NEWS_FIELDS = {"Заголовок": "title", "Текст": "body", "Описание фото": "picture_alt"}
PRACTICE_FIELDS = {
    "Название": "title",
    "Авторы": "authors",
    "Описание": "description",
    "Результаты": "results",
}
MATERIAL_FIELDS = {"Название": "title", "Описание": "description"}


def still_public(item):
    """True when a published news item, practice or public material may
    still be shown — its page and its files (picture, attachments) alike:
    see ``still_publishable``. Two queries."""
    from ..models import Material, News

    if isinstance(item, News):
        fields = NEWS_FIELDS
    elif isinstance(item, Material):
        fields = MATERIAL_FIELDS
    else:
        fields = PRACTICE_FIELDS
    return bool(still_publishable(item.organization, [item], fields))
