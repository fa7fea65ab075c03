"""The standard questionnaires of the target model of mentoring. An
organisation copies one (services.survey_from_template) and adapts the copy;
these definitions never change under an organisation's feet.

The effectiveness questionnaires come in pairs ("ожидания" at the start,
"результат" at the end) whose scale questions share codes: the results page
compares answers by code.
"""

SCALE_LABELS = {"label_min": "совсем нет", "label_max": "в полной мере"}


def scale(text, code, *, required=True, scale_max=10, **labels):
    return {
        "kind": "scale",
        "text": text,
        "code": code,
        "required": required,
        "scale_max": scale_max,
        **(labels or SCALE_LABELS),
    }


def single(text, options, *, required=True, code=""):
    return {"kind": "single", "text": text, "options": options, "required": required, "code": code}


def multiple(text, options, *, required=False, code="", maps_to=""):
    return {
        "kind": "multiple",
        "text": text,
        "options": options,
        "required": required,
        "code": code,
        "maps_to": maps_to,
    }


def yes_no(text, *, required=True, code=""):
    return {"kind": "yes_no", "text": text, "required": required, "code": code}


def number(text, *, code="", number_min=None, number_max=None, required=False):
    return {
        "kind": "number",
        "text": text,
        "code": code,
        "required": required,
        "number_min": number_min,
        "number_max": number_max,
    }


def short(text, *, required=False, code="", maps_to=""):
    return {
        "kind": "short_text",
        "text": text,
        "required": required,
        "code": code,
        "maps_to": maps_to,
    }


def long(text, *, required=False, code="", maps_to="", help_text=""):
    return {
        "kind": "long_text",
        "text": text,
        "required": required,
        "code": code,
        "maps_to": maps_to,
        "help_text": help_text,
    }


DIFFICULTIES = [
    "Планирование уроков и рабочих программ",
    "Дисциплина и управление классом",
    "Работа с родителями",
    "Оценивание и обратная связь обучающимся",
    "Работа с детьми с ОВЗ",
    "Работа с одарёнными детьми",
    "Цифровые инструменты и электронный журнал",
    "Документация и отчётность",
    "Подготовка к аттестации",
]

EFFECTIVENESS_EXPECTED = [
    scale("Насколько комфортным вы ожидаете общение с наставником?", "comfort"),
    scale("Насколько полезными, по-вашему, будут встречи?", "usefulness"),
    scale("Насколько чётко, по-вашему, будет спланирована работа?", "planning"),
    scale("Насколько, по-вашему, удастся выполнить план работы?", "plan_done"),
    scale("Насколько вам хочется продолжать работу в паре после программы?", "continue"),
]

EFFECTIVENESS_ACTUAL = [
    scale("Насколько комфортным было общение с наставником?", "comfort"),
    scale("Насколько полезными были встречи?", "usefulness"),
    scale("Насколько чётко была спланирована работа?", "planning"),
    scale("Насколько выполнен план работы?", "plan_done"),
    scale("Насколько вам хочется продолжать работу в паре?", "continue"),
]


def _for_mentor(questions):
    """The mentor's wording: 'с наставляемым' instead of 'с наставником'."""
    result = []
    for q in questions:
        q = dict(q)
        q["text"] = q["text"].replace("с наставником", "с наставляемым")
        result.append(q)
    return result


COMPETENCIES_DIAG = [
    scale(
        "Проектирование урока и занятия",
        "design",
        scale_max=5,
        **{"label_min": "затрудняюсь", "label_max": "владею уверенно"},
    ),
    scale(
        "Применение современных образовательных технологий",
        "technologies",
        scale_max=5,
        **{"label_min": "затрудняюсь", "label_max": "владею уверенно"},
    ),
    scale(
        "Организация работы в классе, дисциплина",
        "classroom",
        scale_max=5,
        **{"label_min": "затрудняюсь", "label_max": "владею уверенно"},
    ),
    scale(
        "Оценивание и обратная связь",
        "assessment",
        scale_max=5,
        **{"label_min": "затрудняюсь", "label_max": "владею уверенно"},
    ),
    scale(
        "Взаимодействие с родителями",
        "parents",
        scale_max=5,
        **{"label_min": "затрудняюсь", "label_max": "владею уверенно"},
    ),
    scale(
        "Работа с цифровыми ресурсами",
        "digital",
        scale_max=5,
        **{"label_min": "затрудняюсь", "label_max": "владею уверенно"},
    ),
]


TEMPLATES = {
    "mentee_needs": {
        "title": "Анкета наставляемого: профессиональные запросы и затруднения",
        "kind": "needs",
        "audience": "mentee",
        "description": "Анкета помогает подобрать наставника и составить персонализированную "
        "программу. Ответы видят куратор и методист программы наставничества.",
        "sections": [
            {
                "title": "О вас",
                "questions": [
                    number(
                        "Стаж педагогической работы, полных лет",
                        code="experience",
                        number_min=0,
                        number_max=60,
                        required=True,
                    ),
                    single(
                        "Как давно вы работаете в нашей организации?",
                        ["Меньше года", "1–3 года", "Больше 3 лет"],
                        code="tenure",
                    ),
                ],
            },
            {
                "title": "Затруднения и запросы",
                "questions": [
                    multiple(
                        "В каких вопросах вы испытываете затруднения?",
                        DIFFICULTIES,
                        required=True,
                        code="difficulties",
                    ),
                    long(
                        "Опишите своими словами, с чем вам нужна помощь наставника",
                        required=True,
                        code="requests",
                        maps_to="requests",
                        help_text="Ответ попадёт в вашу карточку в банке наставляемых.",
                    ),
                    single(
                        "Какой формат работы с наставником вам удобнее?",
                        [
                            "Индивидуальные встречи",
                            "Посещение уроков друг друга",
                            "Групповые занятия",
                            "Переписка и консультации онлайн",
                        ],
                        code="format",
                    ),
                    scale(
                        "Насколько вы готовы участвовать в программе наставничества?", "readiness"
                    ),
                ],
            },
        ],
    },
    "mentor_candidate": {
        "title": "Анкета потенциального наставника",
        "kind": "mentor_candidate",
        "audience": "mentor",
        "description": "Анкета заполняется перед собеседованием. Она помогает понять, "
        "в чём вы сильны и кому можете помочь.",
        "sections": [
            {
                "title": "Опыт",
                "questions": [
                    number(
                        "Стаж педагогической работы, полных лет",
                        code="experience",
                        number_min=0,
                        number_max=60,
                        required=True,
                    ),
                    yes_no("Был ли у вас опыт наставничества?", code="was_mentor"),
                    short("Квалификационная категория, звания, награды", code="awards"),
                ],
            },
            {
                "title": "Компетенции и готовность",
                "questions": [
                    long(
                        "В чём вы можете помочь коллегам? Ваши сильные стороны и компетенции",
                        required=True,
                        code="competencies",
                        maps_to="competencies",
                        help_text="Ответ попадёт в вашу карточку в банке наставников.",
                    ),
                    multiple(
                        "С кем вы готовы работать?",
                        [
                            "Молодые специалисты",
                            "Педагоги, сменившие место работы",
                            "Обучающиеся",
                            "Студенты колледжа",
                            "Группа наставляемых",
                        ],
                        required=True,
                        code="mentee_kinds",
                    ),
                    number(
                        "Сколько наставляемых вы можете взять одновременно?",
                        code="capacity",
                        number_min=1,
                        number_max=10,
                        required=True,
                    ),
                    scale("Насколько вы готовы уделять время наставничеству?", "readiness"),
                    long("Почему вы хотите стать наставником?", code="motivation"),
                ],
            },
        ],
    },
    "effectiveness_mentee_expected": {
        "title": "Эффективность наставничества: ожидания наставляемого",
        "kind": "effectiveness",
        "moment": "expected",
        "audience": "mentee",
        "description": "Оцените по шкале от 1 до 10, чего вы ожидаете от работы с наставником. "
        "В конце программы вы ответите на те же вопросы о том, как всё сложилось.",
        "sections": [
            {
                "title": "Ожидания",
                "questions": [
                    *EFFECTIVENESS_EXPECTED,
                    long("Что вы хотите получить от работы с наставником?", code="hopes"),
                ],
            }
        ],
    },
    "effectiveness_mentee_actual": {
        "title": "Эффективность наставничества: результат для наставляемого",
        "kind": "effectiveness",
        "moment": "actual",
        "audience": "mentee",
        "description": "Оцените по шкале от 1 до 10, как прошла работа с наставником.",
        "sections": [
            {
                "title": "Результат",
                "questions": [
                    *EFFECTIVENESS_ACTUAL,
                    long("Что было самым полезным?", code="best"),
                    long("Что стоит изменить в программе?", code="improve"),
                ],
            }
        ],
    },
    "effectiveness_mentor_expected": {
        "title": "Эффективность наставничества: ожидания наставника",
        "kind": "effectiveness",
        "moment": "expected",
        "audience": "mentor",
        "description": "Оцените по шкале от 1 до 10, чего вы ожидаете от работы с наставляемым.",
        "sections": [{"title": "Ожидания", "questions": _for_mentor(EFFECTIVENESS_EXPECTED)}],
    },
    "effectiveness_mentor_actual": {
        "title": "Эффективность наставничества: результат для наставника",
        "kind": "effectiveness",
        "moment": "actual",
        "audience": "mentor",
        "description": "Оцените по шкале от 1 до 10, как прошла работа с наставляемым.",
        "sections": [
            {
                "title": "Результат",
                "questions": [
                    *_for_mentor(EFFECTIVENESS_ACTUAL),
                    long("Какие результаты наставляемого вы считаете главными?", code="results"),
                ],
            }
        ],
    },
    "satisfaction": {
        "title": "Удовлетворённость программой наставничества",
        "kind": "satisfaction",
        "audience": "any",
        "description": "Анонимная анкета о программе в целом.",
        "sections": [
            {
                "title": "Оценка программы",
                "questions": [
                    scale("Насколько вы в целом удовлетворены программой?", "overall"),
                    scale("Насколько понятна была организация программы?", "organisation"),
                    single(
                        "Порекомендуете ли вы участие в программе коллегам?",
                        ["Да", "Скорее да", "Скорее нет", "Нет"],
                        code="recommend",
                    ),
                    multiple(
                        "Что было наиболее ценным?",
                        [
                            "Встречи с наставником",
                            "Обучающие семинары",
                            "Обмен опытом с коллегами",
                            "Методические материалы",
                            "Итоговое мероприятие",
                        ],
                        code="valuable",
                    ),
                    long("Ваши предложения", code="suggestions"),
                ],
            }
        ],
    },
    "competency_diagnostics": {
        "title": "Ежеквартальная диагностика профессиональных компетенций",
        "kind": "diagnostics",
        "audience": "mentee",
        "description": "Оцените, насколько уверенно вы владеете каждым умением сейчас "
        "(1 — затрудняюсь, 5 — владею уверенно). Диагностика повторяется раз в квартал.",
        "sections": [
            {
                "title": "Компетенции",
                "questions": [
                    *COMPETENCIES_DIAG,
                    long("Что изменилось за квартал?", code="changes"),
                ],
            }
        ],
    },
    "coordinator_conditions": {
        "title": "Анкета куратора: условия реализации программы",
        "kind": "conditions",
        "audience": "staff",
        "description": "Заполняет куратор программы наставничества в конце учебного года.",
        "sections": [
            {
                "title": "Нормативные и организационные условия",
                "questions": [
                    yes_no("Утверждено положение о наставничестве", code="regulation"),
                    yes_no("Утверждена дорожная карта", code="roadmap"),
                    yes_no("Наставнические пары закреплены приказом", code="order"),
                    yes_no("Есть раздел «Наставничество» на сайте", code="site"),
                    yes_no("Предусмотрено стимулирование наставников", code="incentives"),
                ],
            },
            {
                "title": "Ресурсы",
                "questions": [
                    number(
                        "Сколько обучающих занятий проведено для наставников",
                        code="trainings",
                        number_min=0,
                        number_max=500,
                    ),
                    scale(
                        "Насколько достаточно времени у наставников на работу с наставляемыми?",
                        "time",
                    ),
                    scale("Насколько достаточно методических материалов?", "materials"),
                    long("Какие условия нужно улучшить?", code="improve"),
                ],
            },
        ],
    },
}

# The 'expected' template each 'actual' one is compared with.
PAIRS = {
    "effectiveness_mentee_actual": "effectiveness_mentee_expected",
    "effectiveness_mentor_actual": "effectiveness_mentor_expected",
}


def template_choices():
    return [(code, t["title"]) for code, t in TEMPLATES.items()]
