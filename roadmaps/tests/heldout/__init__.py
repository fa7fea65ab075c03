"""Held-out published roadmaps (issue 16): rebuilt fixtures and what a reader
of each source expects the importer to find.

Every entry was read from a stored public copy of the published document
(its address is in ``url`` and in the builder's docstring). The stored copies
hold the opening of each document only, so each fixture is that opening, cut
where the copy ends (see each builder). The expectations below were written
from the source text, before running the importer on the fixture:

- ``stages`` / ``activities``: how many stages and activities the visible part
  of the table has (a stage of the "педагог–педагог" template without an
  activity column is a tracked stage with no activities, as in the samples);
- ``numbers``: per stage, (stage number, [activity numbers]) as shown, without
  a trailing dot ("" for an unnumbered activity);
- ``deadlines``: (stage index, activity index or None for the stage, text as
  written, kind, first window or None);
- ``period``: the years the title states, or None when it states none; the
  import then uses ``import_period``, which a user types into the form;
- ``title_starts`` / ``title_excludes``: the beginning of the title, and text
  that belongs to a stamp, not to the title;
- ``stamps``: how many approval stamps stand above the table.
"""

import datetime as _dt
from pathlib import Path

from . import alenushka, bagaevskaya, chelyabinsk, gavrilovo, irbit22, povedniki, tambarskaya

D = _dt.date

HELDOUT = [
    {
        "slug": "tambarskaya",
        "module": tambarskaya,
        "level": "школа (ООШ), Кузбасс",
        "period": None,
        "import_period": (2020, 2021),
        "stages": 1,
        "activities": 4,
        "numbers": [("1", ["1.1", "1.2", "1.3", "1.4"])],
        "stage_titles": [
            "Нормативное правовое регулирование внедрения методологии (целевой модели) "
            "наставничества"
        ],
        "deadlines": [],
        "title_starts": (
            "План мероприятий (дорожная карта)\nвнедрения наставничества МБОУ Тамбарской"
        ),
        "title_excludes": ["УТВЕРЖДАЮ"],
        "stamps": 1,
    },
    {
        "slug": "bagaevskaya",
        "module": bagaevskaya,
        "level": "школа (СОШ), Ростовская обл.",
        "period": (2020, 2024),
        "import_period": (2020, 2024),
        "stages": 1,
        "activities": 1,
        "numbers": [("1", ["1.2"])],
        "stage_titles": None,
        "deadlines": [],
        "title_starts": "План мероприятий (дорожная карта)\nвнедрения методологии",
        "title_excludes": ["СОГЛАСОВАНО", "Утверждаю", "Боряева"],
        "stamps": 2,
    },
    {
        "slug": "gavrilovo",
        "module": gavrilovo,
        "level": "школа (ООШ), Ленинградская обл.",
        "period": None,
        "import_period": (2021, 2022),
        "stages": 2,
        "activities": 0,
        "numbers": [("1", []), ("2", [])],
        "stage_titles": [
            "Подготовка и принятие локальных нормативных правовых актов",
            "Формирование банка наставляемых",
        ],
        "deadlines": [
            (0, None, "Февраль 2022", "months", (D(2022, 2, 1), D(2022, 2, 28))),
            (1, None, "Ежегодно", "yearly", None),
        ],
        "title_starts": "Дорожная карта (план мероприятий)\nпо реализации Положения",
        "title_excludes": ["Приложение"],
        "stamps": 1,
    },
    {
        "slug": "alenushka",
        "module": alenushka,
        "level": "детский сад, Ростовская обл.",
        "period": (2022, 2024),
        "import_period": (2022, 2024),
        "stages": 1,
        "activities": 2,
        "numbers": [("1", ["", ""])],
        "stage_titles": ["Подготовка условий для реализации системы наставничества"],
        "deadlines": [
            (0, 0, "Сентябрь 2022", "months", (D(2022, 9, 1), D(2022, 9, 30))),
            (0, 1, "", "none", None),
        ],
        "title_starts": "Дорожная карта (план мероприятий) по\nреализации Положения",
        "title_excludes": ["Приложение"],
        "stamps": 1,
    },
    {
        "slug": "povedniki",
        "module": povedniki,
        "level": "школа (СОШ), Московская обл.",
        "period": (2021, 2024),
        "import_period": (2021, 2024),
        "stages": 1,
        "activities": 2,
        "numbers": [("1", ["", ""])],
        "stage_titles": ["Подготовка условий для запуска программы наставничества"],
        "deadlines": [],
        "title_starts": "«Дорожная карта» реализации целевой модели наставничества",
        "title_excludes": ["Приложение", "181/1"],
        "stamps": 1,
    },
    {
        "slug": "chelyabinsk",
        "module": chelyabinsk,
        "level": "регион (министерство), Челябинская обл.",
        "period": (2023, 2024),
        "import_period": (2023, 2024),
        "stages": 1,
        "activities": 1,
        "numbers": [("I", ["1"])],
        "stage_titles": None,
        "deadlines": [],
        "title_starts": "Дорожная карта\nреализации региональной целевой модели",
        "title_excludes": ["Приложение", "01/288"],
        "stamps": 1,
    },
    {
        "slug": "irbit22",
        "module": irbit22,
        "level": "детский сад, Свердловская обл.",
        "period": None,
        "import_period": (2021, 2022),
        "stages": 1,
        "activities": 0,
        "numbers": [("1", [])],
        "stage_titles": None,
        "deadlines": [],
        "title_starts": "Дорожная карта (план мероприятий)\nпо реализации Положения",
        "title_excludes": ["ПРИНЯТО", "УТВЕРЖДЕНО", "ПОДПИСАН", "Сертификат", "Приложение"],
        "stamps": 4,
    },
]


def build(entry, directory: Path) -> Path:
    """Write the entry's fixture into ``directory``; returns the file's path."""
    return entry["module"].build(Path(directory) / f"{entry['slug']}.docx")
