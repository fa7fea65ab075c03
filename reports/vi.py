"""Settings of the version for the visually impaired of the public section.

ГОСТ Р 52872-2019 «Интернет-ресурсы и другая информация, представленная в
электронно-цифровой форме. Приложения для стационарных и мобильных устройств,
иные пользовательские интерфейсы. Требования доступности для людей с
инвалидностью и других лиц с ограничениями жизнедеятельности» (harmonised with
WCAG 2.1): text enlarged up to 200 % without loss of content and without
horizontal scrolling, text contrast, text spacing, images replaceable by their
text. The version offers the usual settings of such versions: the font size
(three steps), the colour scheme (black on white, white on black, dark blue on
light blue, brown on beige), images on or off and the letter spacing (three
steps).

Stored in the cookie ``vi_prefs`` as ``"<size>-<scheme>-<images>-<spacing>"``
(``"1-bw-off-1"``) next to the cookie ``vi`` = ``"1"`` that turns the version
on; no JavaScript is needed.
"""

PREFS_COOKIE = "vi_prefs"

# name → (choices as (value, label), the default value)
SETTINGS = {
    "size": ([("1", "Обычный"), ("2", "Крупный"), ("3", "Очень крупный")], "1"),
    "scheme": (
        [
            ("bw", "Чёрным по белому"),
            ("wb", "Белым по чёрному"),
            ("blue", "Тёмно-синим по голубому"),
            ("brown", "Коричневым по бежевому"),
        ],
        "bw",
    ),
    "images": ([("off", "Выключены"), ("on", "Включены")], "off"),
    "spacing": ([("1", "Обычный"), ("2", "Увеличенный"), ("3", "Большой")], "1"),
}
LABELS = {
    "size": "Размер шрифта",
    "scheme": "Цвет",
    "images": "Изображения",
    "spacing": "Межбуквенный интервал",
}


def parse(value):
    """{setting: value} from the cookie value; unknown or missing parts take
    the defaults (a tampered cookie changes nothing)."""
    parts = (value or "").split("-")
    prefs = {}
    for index, (name, (choices, default)) in enumerate(SETTINGS.items()):
        part = parts[index] if index < len(parts) else ""
        prefs[name] = part if part in {v for v, _l in choices} else default
    return prefs


def serialize(prefs):
    return "-".join(prefs[name] for name in SETTINGS)


def updated(prefs, query):
    """``prefs`` with the settings given in ``query`` (a QueryDict) applied;
    invalid values are ignored."""
    result = dict(prefs)
    for name, (choices, _default) in SETTINGS.items():
        value = query.get(name)
        if value in {v for v, _l in choices}:
            result[name] = value
    return result


def classes(prefs):
    """CSS classes of the <html> element: ``vi-size-2 vi-scheme-wb …``."""
    return " ".join(f"vi-{name}-{prefs[name]}" for name in SETTINGS)


def panel(prefs):
    """The settings for the template: [(name, label, [(value, label, current)])]."""
    return [
        (name, LABELS[name], [(v, label, v == prefs[name]) for v, label in choices])
        for name, (choices, _default) in SETTINGS.items()
    ]
