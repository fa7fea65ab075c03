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

# --- Effectiveness questionnaires of Р-145 ------------------------------------
#
# Source: the methodological recommendations on introducing the target model
# of mentoring (Распоряжение Минпросвещения России от 25.12.2019 № Р-145;
# recommendations sent with the letter of 23.01.2020 № МР-42/02), section on
# monitoring and evaluating the programme: the questionnaire of the mentee and
# of the mentor, per form of mentoring ("учитель – учитель" for teachers,
# "ученик – ученик" / "учитель – ученик" for pupils). Item order and the 1–10
# scale ("где 1 – самый низший балл, а 10 – самый высокий") follow the source.
# The source's questionnaires are filled at the end; Р-145 compares them with
# the expectations at the start, so each 'expected' template asks the same
# scale items about what the respondent expects (same codes, compared by
# surveys.results.before_after). Codes shared with the earlier 5-item
# adaptation (comfort, usefulness, planning, plan_done) are kept so campaigns
# sent with old copies still compare with new ones.

SOURCE = (
    "Источник: методические рекомендации по внедрению методологии (целевой модели) "
    "наставничества обучающихся (распоряжение Минпросвещения России от 25.12.2019 "
    "№ Р-145, письмо от 23.01.2020 № МР-42/02), раздел «Мониторинг и оценка "
    "результатов реализации программы наставничества»"
)
R145_SCALE = {"label_min": "самый низкий балл", "label_max": "самый высокий балл"}
SCALE_INTRO = "Оцените в баллах от 1 до 10, где 1 — самый низкий балл, а 10 — самый высокий."
FREQUENCY = ["Часто", "Редко", "Никогда"]


def r145(text, code):
    return scale(text, code, **R145_SCALE)


def _scales(items, moment):
    """[(code, actual text, expected text)] → scale questions of the moment;
    an item without an expected text is asked only at the end."""
    return [
        r145(actual if moment == "actual" else expected, code)
        for code, actual, expected in items
        if moment == "actual" or expected
    ]


# (code, wording at the end — the source's, wording at the start)
TEACHER_MENTEE_SCALES = [
    (
        "effectiveness",
        "Эффективность программы наставничества",
        "Ожидаемая эффективность программы наставничества",
    ),
    (
        "comfort",
        "Насколько комфортно было общение с наставником?",
        "Насколько комфортным, по-вашему, будет общение с наставником?",
    ),
    (
        "group_meetings",
        "Насколько полезными/интересными были групповые встречи?",
        "Насколько полезными/интересными, по-вашему, будут групповые встречи?",
    ),
    (
        "usefulness",
        "Насколько полезными/интересными были личные встречи?",
        "Насколько полезными/интересными, по-вашему, будут личные встречи?",
    ),
    (
        "tasks_clear",
        "Насколько понятными были задачи, поставленные наставником?",
        "Насколько понятными, по-вашему, будут задачи, которые поставит наставник?",
    ),
    (
        "support",
        "Ощущали ли Вы поддержку наставника?",
        "Насколько Вы рассчитываете на поддержку наставника?",
    ),
    (
        "help",
        "Насколько полезна была помощь наставника?",
        "Насколько полезной, по-вашему, будет помощь наставника?",
    ),
    (
        "satisfaction",
        "Насколько Вы довольны вашей совместной работой?",
        "Насколько, по-вашему, Вы будете довольны совместной работой?",
    ),
    (
        "expectations_met",
        "Насколько оправдались Ваши ожидания от участия в программе наставничества?",
        None,
    ),
]

TEACHER_MENTOR_SCALES = [
    (
        "effectiveness",
        "Эффективность программы наставничества",
        "Ожидаемая эффективность программы наставничества",
    ),
    (
        "comfort",
        "Насколько комфортно было общение с наставляемым?",
        "Насколько комфортным, по-вашему, будет общение с наставляемым?",
    ),
    (
        "leadership",
        "Насколько Вам удалось реализовать свои лидерские качества в программе?",
        "Насколько, по-вашему, удастся реализовать свои лидерские качества в программе?",
    ),
    (
        "group_meetings",
        "Насколько полезными/интересными, как Вам кажется, были групповые встречи?",
        "Насколько полезными/интересными, по-вашему, будут групповые встречи?",
    ),
    (
        "usefulness",
        "Насколько полезными/интересными, как Вам кажется, были личные встречи?",
        "Насколько полезными/интересными, по-вашему, будут личные встречи?",
    ),
    (
        "planning",
        "Насколько удалось спланировать работу?",
        "Насколько, по-вашему, удастся спланировать работу?",
    ),
    (
        "plan_done",
        "Насколько удалось осуществить свой план?",
        "Насколько, по-вашему, удастся осуществить свой план?",
    ),
    (
        "expectations_met",
        "Насколько оправдались Ваши ожидания от участия в программе наставничества?",
        None,
    ),
]

PUPIL_MENTEE_SCALES = [
    (
        "comfort",
        "Насколько комфортно было общение с наставником?",
        "Насколько комфортно, как ты думаешь, будет общаться с наставником?",
    ),
    (
        "help",
        "Насколько полезна была помощь наставника?",
        "Насколько полезной, как ты думаешь, будет помощь наставника?",
    ),
    (
        "usefulness",
        "Насколько полезными/интересными были личные встречи?",
        "Насколько полезными/интересными, как ты думаешь, будут личные встречи?",
    ),
    (
        "group_meetings",
        "Насколько полезными/интересными были групповые встречи?",
        "Насколько полезными/интересными, как ты думаешь, будут групповые встречи?",
    ),
    (
        "tasks_clear",
        "Насколько понятными были задачи, поставленные наставником?",
        "Насколько понятными, как ты думаешь, будут задачи наставника?",
    ),
    (
        "satisfaction",
        "Насколько ты доволен (довольна) вашей совместной работой?",
        "Насколько, как ты думаешь, ты будешь доволен (довольна) совместной работой?",
    ),
    (
        "expectations_met",
        "Насколько оправдались твои ожидания от участия в программе наставничества?",
        None,
    ),
]

PUPIL_MENTOR_SCALES = [
    (
        "comfort",
        "Насколько комфортно было общение с наставляемым?",
        "Насколько комфортно, как ты думаешь, будет общаться с наставляемым?",
    ),
    (
        "leadership",
        "Насколько тебе удалось проявить свои лидерские качества?",
        "Насколько, как ты думаешь, тебе удастся проявить свои лидерские качества?",
    ),
    (
        "group_meetings",
        "Насколько полезными/интересными были групповые встречи?",
        "Насколько полезными/интересными, как ты думаешь, будут групповые встречи?",
    ),
    (
        "usefulness",
        "Насколько полезными/интересными были личные встречи?",
        "Насколько полезными/интересными, как ты думаешь, будут личные встречи?",
    ),
    (
        "planning",
        "Насколько удалось спланировать работу?",
        "Насколько, как ты думаешь, удастся спланировать работу?",
    ),
    (
        "plan_done",
        "Насколько удалось осуществить свой план?",
        "Насколько, как ты думаешь, удастся осуществить свой план?",
    ),
    (
        "expectations_met",
        "Насколько оправдались твои ожидания от участия в программе наставничества?",
        None,
    ),
]


def _teacher_questions(scales, moment, *, mentor):
    """The source's questionnaire for the form "учитель – учитель": the scale
    block, then the open questions and the yes/no block."""
    if moment == "expected":
        return [
            *_scales(scales, moment),
            long("Что Вы ожидаете от программы и своей роли?", code="hopes"),
        ]
    tail = [
        long("Что Вы ожидали от программы и своей роли?", code="hopes"),
        long("Что особенно ценно для Вас было в программе?", code="best"),
        long("Чего Вам не хватило в программе и/или что хотелось бы изменить?", code="improve"),
        single(
            "Как часто проводились мероприятия по развитию конкретных профессиональных "
            "навыков (посещение и ведение открытых уроков, семинары, вебинары, участие "
            "в конкурсах)?",
            FREQUENCY,
            code="skill_events",
        ),
        yes_no("Рады ли Вы участвовать в программе?", code="glad"),
        yes_no("Хотели бы Вы продолжить работу в программе наставничества?", code="continue"),
    ]
    if mentor:
        tail += [
            yes_no(
                "Появилось ли у Вас желание более активно участвовать в культурной жизни "
                "образовательной организации?",
                code="culture",
            ),
            yes_no(
                "Появилось ли у Вас желание и силы реализовывать собственные "
                "профессиональные работы: статьи, исследования?",
                code="own_work",
            ),
        ]
    else:
        tail += [
            yes_no("Ощущаете ли Вы себя более уверенно в коллективе?", code="confident"),
            yes_no(
                "Появилось ли у Вас желание более активно участвовать в культурной жизни "
                "образовательной организации?",
                code="culture",
            ),
            yes_no("Хотели бы Вы в будущем выступить в роли наставника?", code="become_mentor"),
        ]
    return [*_scales(scales, moment), *tail]


def _pupil_questions(scales, moment, *, mentor):
    """The source's questionnaire for pupils (forms "ученик – ученик",
    "учитель – ученик"), addressed to the pupil with "ты"."""
    if moment == "expected":
        return [
            *_scales(scales, moment),
            long("Чего ты ждёшь от программы и от своей роли в ней?", code="hopes"),
        ]
    tail = [
        long("Что ты ожидал (ожидала) от программы и своей роли?", code="hopes"),
        long("Что было особенно ценным для тебя в программе?", code="best"),
        long("Чего тебе не хватило в программе и/или что хотелось бы изменить?", code="improve"),
        yes_no("Оглядываясь назад, понравилось ли тебе участвовать в программе?", code="glad"),
        yes_no(
            "Хотел (хотела) бы ты продолжить работу в программе наставничества?",
            code="continue",
        ),
        yes_no("Было ли достаточно встреч?", code="enough_meetings"),
        yes_no(
            "Появилось ли у тебя желание более активно участвовать в жизни класса и школы?",
            code="school_life",
        ),
    ]
    if mentor:
        tail.append(yes_no("Хотел (хотела) бы ты снова стать наставником?", code="mentor_again"))
    else:
        tail += [
            yes_no(
                "Появилось ли у тебя желание посещать дополнительные занятия, кружки, "
                "спортивные и культурные мероприятия?",
                code="extra_activities",
            ),
            yes_no("Хотел (хотела) бы ты в будущем стать наставником?", code="become_mentor"),
        ]
    return [*_scales(scales, moment), *tail]


def _effectiveness(*, audience, moment, pupil, title, description, note):
    scales = {
        (False, "mentee"): TEACHER_MENTEE_SCALES,
        (False, "mentor"): TEACHER_MENTOR_SCALES,
        (True, "mentee"): PUPIL_MENTEE_SCALES,
        (True, "mentor"): PUPIL_MENTOR_SCALES,
    }[(pupil, audience)]
    build = _pupil_questions if pupil else _teacher_questions
    return {
        "title": title,
        "kind": "effectiveness",
        "moment": moment,
        "audience": audience,
        "description": description,
        "note": note,
        "sections": [
            {
                "title": "Ожидания" if moment == "expected" else "Результат",
                "questions": build(scales, moment, mentor=audience == "mentor"),
            }
        ],
    }


EXPECTED_NOTE = (
    "В источнике анкета заполняется по итогам программы; анкета «ожидания» задаёт те же "
    "пункты шкалы 1–10 в будущем времени (формулировки ожиданий — наши, кроме "
    "«Ожидаемая эффективность программы наставничества»), чтобы сравнить ожидания с "
    "итогом по каждому пункту. Пункт «Насколько оправдались ожидания» задаётся только в конце."
)
# The questionnaires' wording could not be checked against the text of the
# recommendations here: the items follow the reprints schools use, and the
# note says so to the methodist.
ITEMS_NOTE = (
    "Пункты, их порядок и шкала — по анкетам источника, как их воспроизводят программы "
    "наставничества школ; с официальным текстом рекомендаций дословно не сверены — "
    "сверьте перед отчётом"
)
PUPIL_NOTE = (
    " Анкета обращается к обучающемуся на «ты»; пункты о профессиональных навыках и "
    "профессиональных работах из анкеты педагогов в ней не задаются."
)


PUPIL_SKILLS_DIAG = [
    scale(text, code, scale_max=5, label_min="пока трудно", label_max="получается уверенно")
    for text, code in (
        ("Ставлю учебные цели и планирую, как их достичь", "pupil_goals"),
        ("Разбираюсь в трудной теме самостоятельно", "pupil_self_study"),
        ("Выступаю перед классом и отвечаю на вопросы", "pupil_speaking"),
        ("Работаю в команде над общей задачей", "pupil_teamwork"),
        ("Участвую в олимпиадах, конкурсах и проектах", "pupil_contests"),
    )
]

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
    "effectiveness_mentee_expected": _effectiveness(
        audience="mentee",
        moment="expected",
        pupil=False,
        title="Эффективность наставничества: ожидания наставляемого (педагог)",
        description=f"{SCALE_INTRO} Оцените, чего вы ожидаете от работы с наставником. "
        "В конце программы вы ответите на те же вопросы о том, как всё сложилось.",
        note=f"{SOURCE}, анкета наставляемого (форма «учитель – учитель»). {EXPECTED_NOTE}",
    ),
    "effectiveness_mentee_actual": _effectiveness(
        audience="mentee",
        moment="actual",
        pupil=False,
        title="Эффективность наставничества: результат для наставляемого (педагог)",
        description=f"{SCALE_INTRO} Оцените, как прошла работа с наставником.",
        note=f"{SOURCE}, анкета наставляемого (форма «учитель – учитель»). {ITEMS_NOTE}; "
        "«культурная жизнь школы» названа «культурной жизнью "
        "образовательной организации», чтобы анкета подходила колледжу и ДДТ.",
    ),
    "effectiveness_mentor_expected": _effectiveness(
        audience="mentor",
        moment="expected",
        pupil=False,
        title="Эффективность наставничества: ожидания наставника (педагог)",
        description=f"{SCALE_INTRO} Оцените, чего вы ожидаете от работы с наставляемым.",
        note=f"{SOURCE}, анкета наставника (форма «учитель – учитель»). {EXPECTED_NOTE}",
    ),
    "effectiveness_mentor_actual": _effectiveness(
        audience="mentor",
        moment="actual",
        pupil=False,
        title="Эффективность наставничества: результат для наставника (педагог)",
        description=f"{SCALE_INTRO} Оцените, как прошла работа с наставляемым.",
        note=f"{SOURCE}, анкета наставника (форма «учитель – учитель»). {ITEMS_NOTE}; "
        "«культурная жизнь школы» названа «культурной жизнью "
        "образовательной организации».",
    ),
    "effectiveness_pupil_mentee_expected": _effectiveness(
        audience="mentee",
        moment="expected",
        pupil=True,
        title="Эффективность наставничества: ожидания наставляемого (обучающийся)",
        description="Оцени от 1 до 10, где 1 — самый низкий балл, а 10 — самый высокий, "
        "чего ты ждёшь от занятий с наставником. В конце программы ты ответишь на те же "
        "вопросы о том, как всё получилось.",
        note=f"{SOURCE}, анкета наставляемого (формы «ученик – ученик», «учитель – ученик»). "
        f"{EXPECTED_NOTE}{PUPIL_NOTE}",
    ),
    "effectiveness_pupil_mentee_actual": _effectiveness(
        audience="mentee",
        moment="actual",
        pupil=True,
        title="Эффективность наставничества: результат для наставляемого (обучающийся)",
        description="Оцени от 1 до 10, где 1 — самый низкий балл, а 10 — самый высокий, "
        "как прошли занятия с наставником.",
        note=f"{SOURCE}, анкета наставляемого (формы «ученик – ученик», «учитель – ученик»). "
        f"{ITEMS_NOTE}." + PUPIL_NOTE,
    ),
    "effectiveness_pupil_mentor_expected": _effectiveness(
        audience="mentor",
        moment="expected",
        pupil=True,
        title="Эффективность наставничества: ожидания наставника-обучающегося",
        description="Оцени от 1 до 10, где 1 — самый низкий балл, а 10 — самый высокий, "
        "чего ты ждёшь от работы с наставляемым.",
        note=f"{SOURCE}, анкета наставника (форма «ученик – ученик»). {EXPECTED_NOTE}{PUPIL_NOTE}",
    ),
    "effectiveness_pupil_mentor_actual": _effectiveness(
        audience="mentor",
        moment="actual",
        pupil=True,
        title="Эффективность наставничества: результат для наставника-обучающегося",
        description="Оцени от 1 до 10, где 1 — самый низкий балл, а 10 — самый высокий, "
        "как прошла работа с наставляемым.",
        note=f"{SOURCE}, анкета наставника (форма «ученик – ученик»). {ITEMS_NOTE}; "
        "вопрос «Хотел бы ты снова стать наставником?» добавлен: "
        "в источнике его нет." + PUPIL_NOTE,
    ),
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
    # The pupils' quarterly diagnostics (mentees of the forms "учитель – ученик",
    # "ученик – ученик", "студент – студент"): learning skills, addressed with
    # "ты"; the teachers' one asks about lessons and parents.
    "competency_diagnostics_pupil": {
        "title": "Ежеквартальная диагностика учебных умений (обучающийся)",
        "kind": "diagnostics",
        "audience": "mentee",
        "description": "Оцени, насколько уверенно у тебя получается каждое умение сейчас "
        "(1 — пока трудно, 5 — получается уверенно). Диагностика повторяется раз в квартал.",
        "sections": [
            {
                "title": "Мои умения",
                "questions": [
                    *PUPIL_SKILLS_DIAG,
                    long("Что у тебя стало получаться лучше за четверть?", code="changes"),
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
    "effectiveness_pupil_mentee_actual": "effectiveness_pupil_mentee_expected",
    "effectiveness_pupil_mentor_actual": "effectiveness_pupil_mentor_expected",
}


def template_choices():
    return [(code, t["title"]) for code, t in TEMPLATES.items()]
