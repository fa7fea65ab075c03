"""Demo data: a department with three organisations and a user per role,
and a minimal second school for the department's head pair.

Idempotent: objects are looked up by their natural keys (slug, username) and
updated in place, so running it twice changes nothing.
"""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from .models import Membership, Organization, Role, User

DEMO_PASSWORD = "demo12345"  # noqa: S105 - printed for everyone on purpose

DEPARTMENT = {
    "slug": "demo-do",
    "kind": Organization.Kind.DEPARTMENT,
    "name": "Департамент образования (демо)",
    "short_name": "Департамент образования (демо)",
    "address": "г. Энск, ул. Ленина, д. 1",
    "phone": "+7 (800) 000-00-01",
    "email": "do@example.org",
}

ORGANIZATIONS = [
    {
        "slug": "sosh-11",
        "kind": Organization.Kind.SCHOOL,
        "name": "Муниципальное бюджетное общеобразовательное учреждение "
        "«Средняя общеобразовательная школа № 11» (демо)",
        "short_name": "МБОУ СОШ № 11",
        "address": "г. Энск, ул. Школьная, д. 11",
        "phone": "+7 (800) 000-11-11",
        "email": "school11@example.org",
        "website": "https://school11.example.org",
        "inn": "7701000019",
        "ogrn": "1027700000019",
    },
    {
        "slug": "music-college",
        "kind": Organization.Kind.COLLEGE,
        "name": "Государственное бюджетное профессиональное образовательное учреждение "
        "«Энский музыкальный колледж» (демо)",
        "short_name": "ГБПОУ «Музыкальный колледж»",
        "address": "г. Энск, пр. Мира, д. 5",
        "phone": "+7 (800) 000-22-22",
        "email": "college@example.org",
        "website": "https://music-college.example.org",
        "inn": "7701000026",
        "ogrn": "1027700000020",
    },
    {
        "slug": "ddt",
        "kind": Organization.Kind.CENTRE,
        "name": "Муниципальное бюджетное учреждение дополнительного образования "
        "«Дом детского творчества» (демо)",
        "short_name": "МБУ ДО «ДДТ»",
        "address": "г. Энск, ул. Садовая, д. 3",
        "phone": "+7 (800) 000-33-33",
        "email": "ddt@example.org",
        "website": "https://ddt.example.org",
        "inn": "7701000033",
        "ogrn": "1027700000030",
    },
]

# username, last name, first name, patronymic, role, position
STAFF = {
    "sosh-11": [
        ("school.director", "Ростовская", "Елена", "Викторовна", Role.DIRECTOR, "Директор"),
        (
            "school.coordinator",
            "Малинина",
            "Яна",
            "Николаевна",
            Role.COORDINATOR,
            "Заместитель директора по УВР, куратор ЦМН",
        ),
        ("school.methodist", "Кузнецова", "Ольга", "Сергеевна", Role.METHODIST, "Методист"),
        ("school.mentor", "Орлов", "Андрей", "Петрович", Role.MENTOR, "Учитель математики"),
        (
            "school.mentor2",
            "Белова",
            "Светлана",
            "Игоревна",
            Role.MENTOR,
            "Учитель русского языка и литературы",
        ),
        (
            "school.mentee",
            "Жукова",
            "Анна",
            "Дмитриевна",
            Role.MENTEE,
            "Учитель математики, молодой специалист",
        ),
        (
            "school.mentee2",
            "Смирнов",
            "Илья",
            "Андреевич",
            Role.MENTEE,
            "Учитель истории, молодой специалист",
        ),
    ],
    "music-college": [
        ("college.director", "Воронцов", "Павел", "Алексеевич", Role.DIRECTOR, "Директор"),
        (
            "college.coordinator",
            "Лебедева",
            "Марина",
            "Юрьевна",
            Role.COORDINATOR,
            "Заместитель директора по учебной работе",
        ),
        ("college.methodist", "Ершова", "Наталья", "Васильевна", Role.METHODIST, "Методист"),
        (
            "college.mentor",
            "Гончаров",
            "Виктор",
            "Семёнович",
            Role.MENTOR,
            "Преподаватель фортепиано",
        ),
        (
            "college.mentee",
            "Павлова",
            "Дарья",
            "Олеговна",
            Role.MENTEE,
            "Преподаватель сольфеджио, молодой специалист",
        ),
    ],
    "ddt": [
        ("ddt.director", "Климова", "Татьяна", "Анатольевна", Role.DIRECTOR, "Директор"),
        (
            "ddt.coordinator",
            "Фомина",
            "Ирина",
            "Геннадьевна",
            Role.COORDINATOR,
            "Заместитель директора, куратор наставничества",
        ),
        ("ddt.methodist", "Зайцева", "Людмила", "Петровна", Role.METHODIST, "Методист"),
        (
            "ddt.mentor",
            "Новиков",
            "Сергей",
            "Иванович",
            Role.MENTOR,
            "Педагог дополнительного образования",
        ),
        (
            "ddt.mentee",
            "Морозова",
            "Алина",
            "Руслановна",
            Role.MENTEE,
            "Педагог дополнительного образования, молодой специалист",
        ),
    ],
    "demo-do": [
        (
            "do.specialist",
            "Соколова",
            "Марина",
            "Викторовна",
            Role.SPECIALIST,
            "Главный специалист отдела общего образования",
        ),
        (
            # The head of the department approves the department's orders
            # drafted by the specialist (a director at a department-kind organisation).
            "do.head",
            "Лебедев",
            "Андрей",
            "Петрович",
            Role.DIRECTOR,
            "Начальник департамента образования",
        ),
    ],
}

# A methodist who also works part-time in another organisation: shows the
# organisation switcher.
EXTRA_MEMBERSHIPS = [("school.methodist", "ddt", Role.METHODIST, "Методист (совместительство)")]


def _upsert(model, lookup, values):
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        for key in changed:
            setattr(obj, key, values[key])
        if changed:
            obj.save(update_fields=changed)
    return obj


@transaction.atomic
def seed_organizations_and_users():
    department = _upsert(Organization, {"slug": DEPARTMENT["slug"]}, {**DEPARTMENT, "parent": None})
    orgs = {department.slug: department}
    for data in ORGANIZATIONS:
        orgs[data["slug"]] = _upsert(
            Organization, {"slug": data["slug"]}, {**data, "parent": department}
        )
    logins, hashed = [], None
    for slug, people in STAFF.items():
        for username, last, first, patronymic, role, position in people:
            user = _upsert(
                User,
                {"username": username},
                {
                    "last_name": last,
                    "first_name": first,
                    "patronymic": patronymic,
                    "email": f"{username}@example.org",
                },
            )
            if not user.password:
                # Hashed once for all demo users: hashing is slow on purpose.
                hashed = hashed or make_password(DEMO_PASSWORD)
                user.password = hashed
                user.save(update_fields=["password"])
            _upsert(
                Membership,
                {"user": user, "organization": orgs[slug]},
                {"role": role, "position": position},
            )
            logins.append((username, role.label, orgs[slug].short_name))
    for username, slug, role, position in EXTRA_MEMBERSHIPS:
        _upsert(
            Membership,
            {"user": User.objects.get(username=username), "organization": orgs[slug]},
            {"role": role, "position": position},
        )
    return orgs, logins


def demo_logins():
    """(username, role label, organisation) of every demo user, for printing."""
    return [
        (username, role.label, slug)
        for slug, people in STAFF.items()
        for username, _l, _f, _p, role, _pos in people
    ]


# --- participants of the banks ---

MALE_LAST = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
]
MALE_FIRST = [
    "Александр",
    "Дмитрий",
    "Максим",
    "Сергей",
    "Андрей",
    "Алексей",
    "Артём",
    "Илья",
    "Кирилл",
    "Михаил",
    "Никита",
    "Матвей",
    "Роман",
    "Егор",
    "Арсений",
    "Иван",
    "Денис",
    "Тимофей",
    "Владимир",
    "Павел",
]
FEMALE_FIRST = [
    "Анастасия",
    "Мария",
    "Анна",
    "Виктория",
    "Екатерина",
    "Наталья",
    "Марина",
    "Полина",
    "Ольга",
    "Елена",
    "Дарья",
    "Алина",
    "Ирина",
    "Ксения",
    "Татьяна",
    "Софья",
    "Юлия",
    "Светлана",
    "Вероника",
    "Алиса",
]
# Father's name → stem of the patronymic (Павел → Павлович, Юрий → Юрьевич).
FATHER_NAMES = {
    "Александр": "Александро",
    "Дмитрий": "Дмитрие",
    "Сергей": "Сергее",
    "Андрей": "Андрее",
    "Алексей": "Алексее",
    "Иван": "Ивано",
    "Михаил": "Михайло",
    "Владимир": "Владимиро",
    "Николай": "Николае",
    "Павел": "Павло",
    "Юрий": "Юрье",
    "Виктор": "Викторо",
    "Олег": "Олего",
    "Игорь": "Игоре",
    "Евгений": "Евгенье",
}

# Subjects of the demo accounts' positions, genitive → nominative.
DEMO_SUBJECT_NOMINATIVE = {
    "математики": "Математика",
    "русского языка и литературы": "Русский язык, литература",
    "истории": "История",
    "педагог дополнительного образования": "Дополнительное образование",
}

SUBJECTS = {
    "school": [
        "Математика",
        "Русский язык, литература",
        "История, обществознание",
        "Физика",
        "Химия, биология",
        "Английский язык",
        "Информатика",
        "Начальные классы",
        "География",
        "Физическая культура",
    ],
    "college": [
        "Фортепиано",
        "Сольфеджио, теория музыки",
        "Хоровое дирижирование",
        "Скрипка",
        "Вокальное искусство",
        "Музыкальная литература",
        "Народные инструменты",
        "Звукорежиссура",
    ],
    "centre": [
        "Декоративно-прикладное творчество",
        "Хореография",
        "Робототехника",
        "Изобразительное искусство",
        "Театральная студия",
        "Вокальная студия",
        "Шахматы",
        "Туризм и краеведение",
    ],
}
COMPETENCIES = [
    "Проектирование урока по ФГОС, формирующее оценивание",
    "Подготовка обучающихся к олимпиадам и конкурсам",
    "Классное руководство, работа с родителями",
    "Цифровые образовательные ресурсы, ФГИС «Моя школа»",
    "Инклюзивное образование, работа с детьми с ОВЗ",
    "Проектная и исследовательская деятельность",
    "Профилактика профессионального выгорания",
]
REQUESTS = [
    "Дисциплина на уроке, управление классом",
    "Планирование уроков и рабочая программа",
    "Общение с родителями обучающихся",
    "Подготовка к аттестации",
    "Работа с электронным журналом и отчётностью",
    "Адаптация в коллективе",
    "Подготовка к ОГЭ и ЕГЭ",
    "Выбор профессии, профориентация",
    "Трудности в учёбе по отдельным предметам",
    "Участие в конкурсах и проектах",
]
ACHIEVEMENTS = [
    "Победитель муниципального конкурса «Учитель года»",
    "Почётная грамота Министерства просвещения",
    "Подготовил(а) призёров регионального этапа Всероссийской олимпиады школьников",
    "Автор методической разработки, опубликованной в региональном сборнике",
    "Эксперт ОГЭ",
]

KIND_TO_SUBJECTS = {
    Organization.Kind.SCHOOL: "school",
    Organization.Kind.COLLEGE: "college",
    Organization.Kind.CENTRE: "centre",
}


def _female(last_name):
    if last_name.endswith(("ов", "ев", "ёв", "ин")):
        return last_name + "а"
    return last_name


def _patronymic(father, female):
    return FATHER_NAMES[father] + ("вна" if female else "вич")


def _person(rng, female):
    last = rng.choice(MALE_LAST)
    patronymic = _patronymic(rng.choice(sorted(FATHER_NAMES)), female)
    first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
    return (_female(last) if female else last), first, patronymic


def participant_specs(organization, count, *, prefix, seed):
    """Deterministic realistic participants for an organisation: a quarter
    teachers (mentors), some young specialists (mentees), the rest students,
    with their legal representatives when they are minors."""
    import random

    from .models import QualificationCategory, TargetGroup

    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    subjects = SUBJECTS[KIND_TO_SUBJECTS.get(organization.kind, "school")]
    student_group = (
        TargetGroup.COLLEGE_STUDENT
        if organization.kind == Organization.Kind.COLLEGE
        else TargetGroup.SCHOOL_STUDENT
    )
    today = datetime_date(*DESIGNED_FOR)
    for n in range(count):
        female = rng.random() < 0.6
        last, first, patronymic = _person(rng, female)
        spec = {
            "external_id": f"{prefix}-{n + 1}",
            "last_name": last,
            "first_name": first,
            "patronymic": patronymic,
            "subjects": rng.choice(subjects),
        }
        slot = n % 20
        if slot < 5:  # experienced teachers: the bank of mentors
            years = rng.randint(8, 35)
            spec.update(
                target_group=TargetGroup.TEACHER,
                birth_date=today.replace(year=today.year - 24 - years, day=rng.randint(1, 28)),
                position="Преподаватель"
                if organization.kind == Organization.Kind.COLLEGE
                else "Учитель"
                if organization.kind == Organization.Kind.SCHOOL
                else "Педагог дополнительного образования",
                experience_years=years,
                qualification_category=rng.choice(
                    [
                        QualificationCategory.FIRST,
                        QualificationCategory.HIGHEST,
                        QualificationCategory.MENTOR,
                    ]
                ),
                is_mentor=True,
                mentor_status="approved" if slot < 3 else "potential",
                competencies="; ".join(rng.sample(COMPETENCIES, 2)),
                achievements=rng.choice(ACHIEVEMENTS) if slot < 2 else "",
                capacity=rng.randint(1, 3),
                email=f"{prefix}-{n + 1}@example.org",
            )
        elif slot < 8:  # young specialists: mentees
            years = rng.randint(0, 2)
            spec.update(
                target_group=TargetGroup.YOUNG_SPECIALIST,
                birth_date=today.replace(year=today.year - 22 - years, day=rng.randint(1, 28)),
                position="Учитель"
                if organization.kind == Organization.Kind.SCHOOL
                else "Преподаватель",
                experience_years=years,
                qualification_category=QualificationCategory.NONE,
                is_mentee=True,
                requests="; ".join(rng.sample(REQUESTS[:6], 2)),
                email=f"{prefix}-{n + 1}@example.org",
            )
        elif slot == 8 and organization.kind == Organization.Kind.COLLEGE:
            spec.update(
                target_group=TargetGroup.EMPLOYER,
                position="Солист филармонии",
                is_mentor=True,
                mentor_status="potential",
                competencies="Концертная деятельность, профессиональные пробы",
                capacity=2,
            )
        else:  # students
            if student_group == TargetGroup.COLLEGE_STUDENT:
                age = rng.randint(15, 20)
                group = f"{rng.randint(1, 4)}{rng.choice('АБВ')}-{rng.randint(21, 25)}"
            else:
                age = rng.randint(7, 17)
                group = f"{min(11, max(1, age - 6))}{rng.choice('АБВ')}"
            birth = today.replace(year=today.year - age - 1, day=rng.randint(1, 28))
            spec.update(
                target_group=student_group,
                birth_date=birth,
                class_group=group,
                is_mentee=True,
                requests=rng.choice(REQUESTS[6:]),
                special_gifted=rng.random() < 0.08,
                special_disability=rng.random() < 0.05,
                special_difficult=rng.random() < 0.03,
            )
            if age < 18:
                parent_female = rng.random() < 0.7
                _l, p_first, p_patr = _person(rng, parent_female)
                family = last[:-1] if last.endswith(("ова", "ева", "ёва", "ина")) else last
                p_last = _female(family) if parent_female else family
                spec.update(
                    representative_name=f"{p_last} {p_first} {p_patr}",
                    representative_relation="мать" if parent_female else "отец",
                    representative_phone=f"+7 (900) {rng.randint(100, 999)}-"
                    f"{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                )
        yield spec


def seed_participants(organization, count, *, prefix, seed, with_history=True):
    """Create the participants that do not exist yet (by external id)."""
    from simple_history.utils import bulk_create_with_history

    from .models import Participant

    existing = set(
        Participant.objects.filter(
            organization=organization, external_id__startswith=f"{prefix}-"
        ).values_list("external_id", flat=True)
    )
    new = [
        Participant(organization=organization, **spec)
        for spec in participant_specs(organization, count, prefix=prefix, seed=seed)
        if spec["external_id"] not in existing
    ]
    if with_history:
        bulk_create_with_history(new, Participant, batch_size=1000)
    else:
        Participant.objects.bulk_create(new, batch_size=2000)
    # A real organisation entered its people before the previous quarter
    # closed: the department's monitoring and the quarterly snapshots then
    # show that quarter's figures with their change, not «нет данных».
    Participant.objects.filter(
        organization=organization, external_id__in=[p.external_id for p in new]
    ).update(created_at=entered_at())
    return len(new)


def entered_at(today=None):
    """When the demo's people were entered into the banks: the first day of
    the previous calendar quarter (before the demo's pairs began, so the
    previous quarter has figures)."""
    import datetime

    today = today or timezone.localdate()
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    previous = quarter_start - datetime.timedelta(days=1)
    start = datetime.date(previous.year, 3 * ((previous.month - 1) // 3) + 1, 1)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))


def seed_after_participants(orgs):
    """Demo data that hangs on participants: headcounts, interviews, links of
    the demo accounts to their participant cards. Idempotent."""

    from .models import Headcount, Interview, Participant, TargetGroup

    for org in orgs.values():
        if org.is_department:
            continue
        student_group = (
            TargetGroup.COLLEGE_STUDENT
            if org.kind == Organization.Kind.COLLEGE
            else TargetGroup.SCHOOL_STUDENT
        )
        this_year = datetime_date(2026, 11, 23)
        this_year = this_year.year if this_year.month >= 9 else this_year.year - 1
        for year, students, teachers in ((this_year - 1, 540, 48), (this_year, 560, 50)):
            for group, count in (
                (student_group, students),
                (TargetGroup.TEACHER, teachers),
                (TargetGroup.YOUNG_SPECIALIST, 6),
            ):
                Headcount.objects.update_or_create(
                    organization=org,
                    academic_year=year,
                    target_group=group,
                    defaults={"count": count},
                )
        methodist = (
            Membership.objects.filter(organization=org, role=Role.METHODIST)
            .select_related("user")
            .first()
        )
        for participant in Participant.objects.filter(
            organization=org, is_mentor=True, external_id__startswith="demo-"
        ).exclude(interviews__isnull=False):
            recommended = participant.mentor_status == "approved" or participant.pk % 2 == 0
            Interview.objects.create(
                participant=participant,
                held_on=datetime_date(2026, 9, 10),
                held_by=methodist.user if methodist else None,
                outcome=Interview.Outcome.RECOMMENDED
                if recommended
                else Interview.Outcome.POSTPONED,
                notes="Мотивирован(а) на работу с молодыми специалистами."
                if recommended
                else "Предложено повторить собеседование после курсов повышения квалификации.",
            )


# --- consents, mentorships, programmes, meetings, orders ---


def _demo_user_cards(org):
    """Participant cards of the demo mentor and mentee accounts, linked to
    them, so that their cabinets show real pairs."""
    from .models import Participant, QualificationCategory, TargetGroup

    cards = {}
    for membership in Membership.objects.filter(
        organization=org, role__in=[Role.MENTOR, Role.MENTEE]
    ).select_related("user"):
        user = membership.user
        mentor = membership.role == Role.MENTOR
        subject = membership.position.replace("Учитель ", "").replace("Преподаватель ", "")
        subject = subject.split(",")[0].strip()
        # The position names the subject in the genitive («учитель математики»).
        subject = DEMO_SUBJECT_NOMINATIVE.get(subject.lower(), subject.capitalize())
        defaults = {
            "organization": org,
            "last_name": user.last_name,
            "first_name": user.first_name,
            "patronymic": user.patronymic,
            "email": user.email,
            "user": user,
            "target_group": TargetGroup.TEACHER if mentor else TargetGroup.YOUNG_SPECIALIST,
            "position": membership.position,
            "subjects": subject,
            "birth_date": datetime_date(1975 if mentor else 2001, 3, 14),
            "experience_years": 24 if mentor else 1,
            "qualification_category": QualificationCategory.HIGHEST
            if mentor
            else QualificationCategory.NONE,
            "is_mentor": mentor,
            "mentor_status": "approved" if mentor else "",
            "capacity": 3 if mentor else 1,
            "is_mentee": not mentor,
            "competencies": "Планирование уроков по ФГОС; управление классом; работа с родителями"
            if mentor
            else "",
            "achievements": "Победитель муниципального конкурса «Учитель года»" if mentor else "",
            "requests": "" if mentor else "Управление классом; планирование уроков",
        }
        card, _ = Participant.objects.get_or_create(
            organization=org, external_id=f"demo-user-{user.username}", defaults=defaults
        )
        cards.setdefault(membership.role, []).append(card)
    return cards


# The demo's dates were written for this day. Every demo date keeps its distance
# to it from the day seed_demo runs, so that the demo is never stale: pairs began
# about ten weeks ago, the first plan items are done, one is due soon.
DESIGNED_FOR = (2026, 11, 23)


def demo_shift():
    """Days between the day the demo was written for and today (a timedelta)."""
    import datetime

    from django.utils import timezone

    return timezone.localdate() - datetime.date(*DESIGNED_FOR)


def datetime_date(year, month, day):
    """A demo date (written for 23.11.2026) moved to the same distance from today."""
    import datetime

    return datetime.date(year, month, day) + demo_shift()


def _yearly_processing_text(org):
    """On a fresh organisation: version 1 of the processing consent text,
    signed for one school year (term 1 year), then the built-in text as
    version 2. Returns version 1, or None when the texts exist already."""
    from .consent_texts import default_text
    from .models import ConsentKind, ConsentText

    if ConsentText.objects.filter(organization=org, kind=ConsentKind.PROCESSING).exists():
        return None
    fields = default_text(org, ConsentKind.PROCESSING)
    yearly = ConsentText.objects.create(
        organization=org,
        kind=ConsentKind.PROCESSING,
        version=1,
        effective_from=datetime_date(2025, 9, 1),
        term_years=1,
        **{**fields, "title": fields["title"] + " (на учебный год)"},
    )
    ConsentText.objects.create(
        organization=org,
        kind=ConsentKind.PROCESSING,
        version=2,
        effective_from=datetime_date(2025, 9, 1),
        **fields,
    )
    return yearly


_DEMO_SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _give_consents(org, participants, methodist):
    """Processing consents for most, duties for approved mentors, publication
    for a few mentors; some people left without a consent, one withdrawn."""
    import datetime

    from django.utils import timezone

    from .models import Consent, ConsentKind, Participant
    from .services.consents import consent_text_default

    yearly = _yearly_processing_text(org)
    texts = {kind: consent_text_default(org, kind) for kind in ConsentKind.values}
    today = timezone.localdate()
    have = set(
        Consent.objects.filter(participant__in=participants).values_list(
            "participant_id", flat=True
        )
    )
    consents = []
    from django.core.files.base import ContentFile

    scan_field = Consent._meta.get_field("scan")
    for index, p in enumerate(participants):
        special = p.has_special_category
        if p.pk in have or (index % 9 == 4 and not p.user_id and not special):
            continue  # about one in nine has not brought the signed form yet
        # 1–10 September: before the pairs begin on the 15th.
        given_on = datetime_date(2026, 9, 1 + index % 10)
        minor = p.is_minor(given_on)
        base = {
            "participant": p,
            "given_on": given_on,
            "recorded_by": methodist,
            "method": Consent.Method.PAPER,
        }
        if minor:
            base.update(
                given_by=Consent.GivenBy.REPRESENTATIVE,
                representative_name=p.representative_name or "Законный представитель",
                representative_relation=p.representative_relation or "мать",
                representative_document="Свидетельство о рождении",
            )
        processing = Consent(
            kind=ConsentKind.PROCESSING, text=texts[ConsentKind.PROCESSING], **base
        )
        if yearly is not None and index % 15 == 2 and not special and not minor:
            # Collected last year on the one-year form: ends within 30 days,
            # so the reminder to collect a new one shows.
            processing.text = yearly
            processing.given_on = today - datetime.timedelta(days=365 - 3 - index % 25)
        processing.expires_on = Consent.expiry_for(processing.given_on, processing.text.term_years)
        if special:
            # Special categories (ОВЗ…) only with a written consent: a scan
            # of the signed form (152-ФЗ ст. 10 ч. 2 п. 1).
            processing.scan = scan_field.storage.save(
                f"consents/demo/scan-{p.pk}.pdf", ContentFile(_DEMO_SCAN)
            )
        consents.append(processing)
        if p.is_mentor and p.mentor_status == "approved":
            consents.append(
                Consent(kind=ConsentKind.DUTIES, text=texts[ConsentKind.DUTIES], **base)
            )
        if p.is_mentor and p.achievements and not minor:
            consents.append(
                Consent(
                    kind=ConsentKind.PUBLICATION,
                    text=texts[ConsentKind.PUBLICATION],
                    publish_name=True,
                    publish_position=True,
                    publish_subjects=True,
                    publish_achievements=True,
                    **base,
                )
            )
    Consent.objects.bulk_create(consents)
    # One mentee withdrew the consent: processing stops, nothing public.
    withdrawn = (
        Consent.objects.filter(
            participant__organization=org,
            participant__external_id__startswith="demo-",
            participant__is_mentee=True,
            participant__is_mentor=False,
            kind=ConsentKind.PROCESSING,
            withdrawn_on__isnull=True,
        )
        .exclude(participant__external_id__startswith="demo-user-")
        .order_by("-participant__external_id")
        .first()
    )
    if (
        withdrawn
        and not Consent.objects.filter(
            participant__organization=org, withdrawn_on__isnull=False
        ).exists()
    ):
        # Withdrawn twelve days ago: the destruction is due within 30 days
        # (ч. 5 ст. 21 152-ФЗ), a task for the methodist, not overdue.
        withdrawn.withdrawn_on = datetime_date(2026, 11, 11)
        withdrawn.withdrawal_note = "Заявление законного представителя"
        withdrawn.save(update_fields=["withdrawn_on", "withdrawal_note"])
    return Participant.objects.filter(pk__in=[p.pk for p in participants])


def seed_mentoring(orgs):
    """Forms, mentorships in every state, programmes with progress, meetings,
    and orders in every state. Skipped for an organisation that already has
    mentorships (idempotent)."""
    import datetime

    from .models import (
        MentoringType,
        Mentorship,
        MentorshipStatus,
        OrderKind,
        Participant,
        PlanItem,
        TargetGroup,
    )
    from .services import mentorships as ms
    from .services import orders as os_

    for org in orgs.values():
        if org.is_department:
            continue
        ms.mentoring_forms_seed(organization=org)
        ms.program_template_default(organization=org)
        staff = {
            m.role: m.user
            for m in Membership.objects.filter(organization=org).select_related("user")
        }
        methodist, director = staff.get(Role.METHODIST), staff.get(Role.DIRECTOR)
        cards = _demo_user_cards(org)
        people = list(Participant.objects.filter(organization=org, external_id__startswith="demo-"))
        _give_consents(org, people, methodist)
        if Mentorship.objects.filter(organization=org).exists():
            continue
        forms = {f.name: f for f in org.mentoring_forms.all()}
        teacher_form = forms["Педагог – молодой специалист"]
        pupil_form = forms["Учитель – ученик"]
        # The demo organisations' teachers mentor pupils in groups (below):
        # the form's type says so (рекомендации 2021 г.: групповое).
        if pupil_form.mentoring_type != MentoringType.GROUP:
            pupil_form.mentoring_type = MentoringType.GROUP
            pupil_form.save(update_fields=["mentoring_type"])

        def ready(qs):
            return [p for p in qs if p.can_join_pair()]

        pool = Participant.objects.filter(organization=org, anonymized_at__isnull=True)
        mentors = ready(
            pool.filter(is_mentor=True, mentor_status="approved", target_group=TargetGroup.TEACHER)
            .exclude(external_id__startswith="demo-user-")
            .prefetch_related("consents")
            .order_by("external_id")
        )
        young = ready(
            pool.filter(target_group=TargetGroup.YOUNG_SPECIALIST, is_mentee=True)
            .exclude(external_id__startswith="demo-user-")
            .prefetch_related("consents")
            .order_by("external_id")
        )
        students = ready(
            pool.filter(target_group__in=pupil_form.mentee_groups, is_mentee=True)
            .prefetch_related("consents")
            .order_by("external_id")
        )
        start = datetime_date(2026, 9, 15)
        # Written for 15.09–31.05; moved with the dates, not cut at a 31 May
        # that may come before the moved start.
        end = start + datetime.timedelta(days=258)
        # The group waiting for the director's order begins next week, so
        # that its plan has nothing overdue while it waits.
        soon = datetime_date(2026, 11, 30)
        made = []
        # The demo accounts' own pair, so that their cabinets are not empty.
        demo_mentor = (cards.get(Role.MENTOR) or [None])[0]
        demo_mentee = (cards.get(Role.MENTEE) or [None])[0]
        if demo_mentor and demo_mentee:
            made.append(
                ms.mentorship_propose(
                    organization=org,
                    form=teacher_form,
                    lead_mentor=demo_mentor,
                    mentees=[demo_mentee],
                    planned_start=start,
                    planned_end=end,
                    by=methodist,
                )
            )
        for mentor, mentee in zip(mentors[:3], young[:3], strict=False):
            made.append(
                ms.mentorship_propose(
                    organization=org,
                    form=teacher_form,
                    lead_mentor=mentor,
                    mentees=[mentee],
                    planned_start=start,
                    planned_end=end,
                    by=methodist,
                )
            )
        if len(mentors) > 5 and len(students) >= 8:
            # Pupils (or college students) already in an active group since
            # September, so that «Охват обучающихся» is not 0 in the demo.
            Participant.objects.filter(pk=mentors[5].pk).update(capacity=5)
            mentors[5].capacity = 5
            made.append(
                ms.mentorship_propose(
                    organization=org,
                    form=pupil_form,
                    lead_mentor=mentors[5],
                    mentees=students[3:8],
                    planned_start=start,
                    planned_end=end,
                    by=methodist,
                    title="Группа подготовки к олимпиаде",
                )
            )
        if len(mentors) > 3 and len(students) >= 3:
            # The group's teacher takes three pupils.
            Participant.objects.filter(pk=mentors[3].pk).update(capacity=4)
            mentors[3].capacity = 4
            made.append(
                ms.mentorship_propose(
                    organization=org,
                    form=pupil_form,
                    lead_mentor=mentors[3],
                    mentees=students[:3],
                    planned_start=soon,
                    planned_end=soon + datetime.timedelta(days=181),
                    by=methodist,
                    title="Проектная группа «Исследователи»",
                )
            )
        for m in made:
            ms.mentorship_agree(mentorship=m, by=methodist)
        # The first ones are fixed by an approved order; one waits in the
        # director's inbox; one stays proposed.
        active, waiting = made[:-1], made[-1:]
        if active:
            order = os_.order_create(
                organization=org,
                kind=OrderKind.PAIRING,
                data=os_.order_defaults("pairing"),
                mentorships=active,
                by=methodist,
            )
            os_.order_submit(order=order, by=methodist)
            # Signed the day the pairs begin (the order enables them, so the
            # pairs' activated_on is their planned_start, one start date on
            # every page; after the Положение of 01.09, with the agreements).
            os_.order_approve(order=order, by=director, on_date=start)
        if waiting:
            order = os_.order_create(
                organization=org,
                kind=OrderKind.PAIRING,
                data={
                    **os_.order_defaults("pairing"),
                    "title": "О закреплении наставнической группы",
                },
                mentorships=waiting,
                by=methodist,
            )
            os_.order_submit(order=order, by=methodist)
        if len(mentors) > 4 and len(young) > 3:
            ms.mentorship_propose(
                organization=org,
                form=teacher_form,
                lead_mentor=mentors[4],
                mentees=[young[3]],
                planned_start=datetime_date(2026, 12, 1),
                planned_end=datetime_date(2026, 12, 1) + datetime.timedelta(days=181),
                by=methodist,
            )
        # The final event's order: approved before the event, see
        # mentoring.demo_activities (it takes the event's date and place).
        returned = os_.order_create(
            organization=org,
            kind=OrderKind.AWARD,
            data={
                **os_.order_defaults("award"),
                "details": {
                    "awards": [{"participant_id": mentors[0].pk, "award": "Объявить благодарность"}]
                },
            },
            by=methodist,
        )
        os_.order_submit(order=returned, by=methodist)
        os_.order_return(
            order=returned,
            by=director,
            comment="Укажите основание поощрения: за какие результаты наставнической работы.",
        )
        # Work done in the active pairs: items done, one overdue, meetings.
        for m in Mentorship.objects.filter(organization=org, status=MentorshipStatus.ACTIVE):
            items = list(m.program.items.order_by("position"))
            # The first two, and whatever fell due before the seed day (the
            # pupils' template has an item in the third month).
            today = timezone.localdate()
            for item in [i for n, i in enumerate(items) if n < 2 or i.due_on < today]:
                ms.plan_item_save(
                    program=m.program,
                    item=item,
                    by=methodist,
                    data={
                        "status": PlanItem.Status.DONE,
                        "result": "Выполнено, протокол встречи",
                        "done_on": item.due_on,
                    },
                )
            people = list(Participant.objects.filter(memberships_in_mentorships__mentorship=m))
            # Two in the first month, and one last week, so that a freshly
            # seeded pair is not flagged «нет встреч больше 4 нед.».
            held = [
                (datetime_date(2026, 9, 22), "Знакомство, диагностика затруднений"),
                (datetime_date(2026, 10, 6), "Разбор открытого урока"),
            ]
            recent = today - datetime.timedelta(days=6)
            if recent > held[-1][0] and recent <= m.planned_end:
                held.append((recent, "Промежуточная рефлексия: что получилось, что дальше"))
            for day, topic in held:
                ms.meeting_log(
                    mentorship=m,
                    data={
                        "held_on": day,
                        "format": "in_person",
                        "topic": topic,
                        "notes": "Договорились о следующих шагах.",
                    },
                    attendees=people,
                    by=methodist,
                )


# A second school of the department, minimal on purpose: its young head is
# the mentee of the department's head pair, and nothing else is seeded there
# (no staff accounts, banks, roadmap or surveys). The head pair joins two
# schools, as the municipal roadmaps describe it (issue 17).
HEAD_PAIR_SCHOOL = {
    "slug": "sosh-5",
    "kind": Organization.Kind.SCHOOL,
    "name": "Муниципальное бюджетное общеобразовательное учреждение "
    "«Средняя общеобразовательная школа № 5» (демо)",
    "short_name": "МБОУ СОШ № 5",
    "address": "г. Энск, ул. Заречная, д. 5",
    "phone": "+7 (800) 000-55-55",
    "email": "school5@example.org",
    "inn": "7701000040",
    "ogrn": "1027700000040",
}

# The department's head pair: the head of school № 11 mentors the young head
# of school № 5 (mentoring/department_pairs.py).
HEAD_PEOPLE = [
    # The director of school № 11: the same person as the school.director
    # account (Ростовская Е. В., who signs the school's orders); her card is
    # linked to that account.
    ("sosh-11", "demo-head-mentor", "Ростовская", "Елена", "Викторовна", 12, True),
    (HEAD_PAIR_SCHOOL["slug"], "demo-head-mentee", "Белова", "Ксения", "Олеговна", 1, False),
]


def full_demo_slugs():
    """Slugs of the demo organisations seeded in full (staff, banks, pairs,
    roadmap, surveys): not the department, not the minimal second school."""
    return {data["slug"] for data in ORGANIZATIONS}


@transaction.atomic
def seed_head_pair(orgs):
    """A head pair across two schools of the department (the head of school
    № 11 mentors the young head of school № 5, HEAD_PAIR_SCHOOL), fixed by
    an order of the department approved by its head. Running it again
    changes nothing."""
    import datetime

    from .department_pairs import HEAD_PAIR_FORM_NAME, head_pair_order_create, head_pair_propose
    from .models import Consent, ConsentKind, Mentorship, Participant, TargetGroup
    from .services.consents import consent_text_default
    from .services.orders import order_approve, order_submit

    department = orgs[DEPARTMENT["slug"]]
    orgs = {
        **orgs,
        HEAD_PAIR_SCHOOL["slug"]: _upsert(
            Organization,
            {"slug": HEAD_PAIR_SCHOOL["slug"]},
            {**HEAD_PAIR_SCHOOL, "parent": department},
        ),
    }
    if Mentorship.objects.filter(organization=department, form__name=HEAD_PAIR_FORM_NAME).exists():
        return
    people = []
    for slug, external_id, last, first, middle, years, mentor in HEAD_PEOPLE:
        org = orgs[slug]
        account = (
            Membership.objects.filter(organization=org, role=Role.DIRECTOR, user__last_name=last)
            .select_related("user")
            .first()
        )
        person = _upsert(
            Participant,
            {"organization": org, "external_id": external_id},
            {
                "user": account.user if account else None,
                "email": account.user.email if account else "",
                "last_name": last,
                "first_name": first,
                "patronymic": middle,
                "target_group": TargetGroup.HEAD,
                "position": "Директор",
                "years_in_post": years,
                "experience_years": years + 10,
                "is_mentor": mentor,
                "mentor_status": "approved" if mentor else "",
                "is_mentee": not mentor,
            },
        )
        kinds = [ConsentKind.PROCESSING] + ([ConsentKind.DUTIES] if mentor else [])
        for kind in kinds:
            if not Consent.objects.filter(participant=person, kind=kind).exists():
                Consent.objects.create(
                    participant=person,
                    kind=kind,
                    text=consent_text_default(org, kind),
                    given_on=datetime_date(2026, 9, 1),
                    method=Consent.Method.PAPER,
                )
        people.append(person)
    head = User.objects.get(username="do.head")
    # The specialist prepares the pair and the order; the head signs it.
    specialist = User.objects.get(username="do.specialist")
    start = datetime_date(2026, 9, 15)
    pair = head_pair_propose(
        department=department,
        mentor=people[0],
        mentee=people[1],
        by=specialist,
        planned_start=start,
        planned_end=start + datetime.timedelta(days=258),
    )
    order = head_pair_order_create(department=department, mentorships=[pair], by=specialist)
    order_submit(order=order, by=specialist)
    order_approve(order=order, by=head, on_date=start)
    # The plan items due so far are done (the pair began ten weeks ago).
    from django.utils import timezone

    from .models import PlanItem
    from .services.mentorships import plan_item_save

    for item in pair.program.items.filter(due_on__lt=timezone.localdate()):
        plan_item_save(
            program=pair.program,
            item=item,
            by=head,
            data={"status": PlanItem.Status.DONE, "result": "Выполнено", "done_on": item.due_on},
        )


@transaction.atomic
def seed_mentoring_programs(orgs):
    """Each organisation's mentoring programme for the year, approved by one
    of its approved orders (the department's bank lists them)."""
    from django.db.models import Count

    from .models import MentoringForm, MentoringProgram, Order, OrderKind, OrderStatus
    from .programs import mentoring_program_create
    from .typography import academic_year_label

    for org in orgs.values():
        if org.is_department or MentoringProgram.objects.filter(organization=org).exists():
            continue
        starts_on = datetime_date(2026, 9, 1)
        # The latest order signed by the day the programme starts (the
        # Положение's), not the roadmap's: an approving order precedes
        # what it approves.
        approved = Order.objects.filter(organization=org, status=OrderStatus.APPROVED)
        order = (
            approved.filter(signed_on__lte=starts_on)
            .exclude(kind=OrderKind.ROADMAP)
            .order_by("-signed_on", "-sequence")
            .first()
        ) or approved.order_by("signed_on", "sequence").first()
        year = starts_on.year if starts_on.month >= 9 else starts_on.year - 1
        # The forms the organisation's pairs actually use come first.
        forms = list(
            MentoringForm.objects.filter(organization=org, is_active=True)
            .annotate(n=Count("mentorships"))
            .order_by("-n", "position", "name")[:3]
        )
        mentoring_program_create(
            organization=org,
            data={
                "title": f"Программа наставничества {org.short_name} на "
                f"{academic_year_label(year)}",
                "starts_on": starts_on,
                "ends_on": datetime_date(2027, 8, 31),
                "participants_planned": 40,
                "target_groups": ["teacher", "young_specialist"],
                "summary": "Адаптация молодых специалистов, наставничество в формах "
                + ", ".join(f.name for f in forms)
                + ".",
                "order": order,
            },
            forms=forms,
            by=None,
        )


# --- a city department at scale (seed_demo --department-scale N) ---

CITY_DEPARTMENT = {
    "slug": "gorod-do",
    "kind": Organization.Kind.DEPARTMENT,
    "name": "Департамент образования города (нагрузочный)",
    "short_name": "Департамент образования города",
    "address": "г. Энск, пл. Советов, д. 1",
    "email": "gorod-do@example.org",
}
CITY_SPECIALIST = "city.specialist"


def seed_department_scale(organizations, participants):
    """A department of ``organizations`` schools with ``participants``
    participants each (bulk inserts, no history rows), processing consents
    for most, headcounts, and a specialist ``city.specialist`` (the demo
    password). Idempotent: what exists is kept. Returns (department, the
    schools in slug order)."""
    from .models import Headcount, TargetGroup

    department = _upsert(
        Organization, {"slug": CITY_DEPARTMENT["slug"]}, {**CITY_DEPARTMENT, "parent": None}
    )
    slugs = [f"gorod-sosh-{n:03d}" for n in range(1, organizations + 1)]
    existing = set(Organization.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    Organization.objects.bulk_create(
        Organization(
            slug=slug,
            kind=Organization.Kind.SCHOOL,
            name=f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}» "
            "(нагрузочный)",
            short_name=f"МБОУ Школа № {n:03d}",
            parent=department,
        )
        for n, slug in enumerate(slugs, start=1)
        if slug not in existing
    )
    children = list(Organization.objects.filter(slug__in=slugs).order_by("slug"))
    user = _upsert(
        User,
        {"username": CITY_SPECIALIST},
        {"last_name": "Городская", "first_name": "Ольга", "email": "city@example.org"},
    )
    if not user.password:
        user.password = make_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    _upsert(
        Membership,
        {"user": user, "organization": department},
        {"role": Role.SPECIALIST, "position": "Главный специалист"},
    )
    from .models import Participant

    for org in children:
        created = seed_participants(
            org, participants, prefix=f"city-{org.slug}", seed=org.slug, with_history=False
        )
        if created:
            people = list(
                Participant.objects.filter(organization=org).only(
                    "pk",
                    "birth_date",
                    "is_mentor",
                    "mentor_status",
                    "achievements",
                    "user_id",
                    "representative_name",
                    "representative_relation",
                    "is_mentee",
                )
            )
            _give_consents(org, people, None)
        Headcount.objects.bulk_create(
            [
                Headcount(organization=org, academic_year=2026, target_group=group, count=count)
                for group, count in (
                    (TargetGroup.SCHOOL_STUDENT, participants),
                    (TargetGroup.TEACHER, participants // 4),
                    (TargetGroup.YOUNG_SPECIALIST, participants // 8),
                )
            ],
            ignore_conflicts=True,
        )
    return department, children


def demo_moment(day, hour, minute=0):
    """An aware datetime at ``hour:minute`` (local time) of a demo ``day``."""
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def order_story_times(signed_on):
    """When a demo order signed on ``signed_on`` was drafted, submitted and
    approved: drafted three days before, submitted two days before, decided
    on the signing day (created, submitted, decided)."""
    import datetime

    return (
        demo_moment(signed_on - datetime.timedelta(days=3), 9, 30),
        demo_moment(signed_on - datetime.timedelta(days=2), 10),
        demo_moment(signed_on, 14),
    )


def backdate_orders(orgs):
    """Move the approved demo orders' timestamps (and their history records,
    which the order page shows) from the seed day to their story: drafted and
    submitted shortly before the signing date, decided on it. Records of one
    phase keep their spacing, so the page groups them as before."""
    from .models import Order, OrderStatus

    orders = Order.objects.filter(
        organization__in=list(orgs.values()), status=OrderStatus.APPROVED, signed_on__isnull=False
    )
    for order in orders:
        created, submitted, decided = order_story_times(order.signed_on)
        if order.decided_at and order.decided_at.date() == decided.date():
            continue  # already told (a second run)
        Order.objects.filter(pk=order.pk).update(
            created_at=created, submitted_at=submitted, decided_at=decided
        )
        records = list(order.history.order_by("history_date", "history_id"))
        phase_start, base = {}, {}
        for record in records:
            if record.status == OrderStatus.APPROVED:
                phase = "decided"
            elif record.status == OrderStatus.SUBMITTED:
                phase = "submitted"
            else:
                phase = "created"
            phase_start.setdefault(phase, record.history_date)
            start = {"created": created, "submitted": submitted, "decided": decided}[phase]
            base[record.pk] = start + (record.history_date - phase_start[phase])
        for record in records:
            type(record).objects.filter(pk=record.pk).update(
                history_date=base[record.pk],
                created_at=created,
                submitted_at=submitted if record.submitted_at else None,
                decided_at=decided if record.decided_at else None,
            )


def headcounts_cover_banks(orgs):
    """Raise the demo headcounts of this academic year that are smaller than
    the bank (run when every card is in, before the roadmaps' quarterly
    snapshots of coverage): a group's headcount is at
    least one more than its participants in the bank (someone is always
    not in the bank yet), so no coverage goes over the real numbers."""
    from .models import Headcount
    from .services.participants import headcount_shortfalls

    year = datetime_date(*DESIGNED_FOR)
    year = year.year if year.month >= 9 else year.year - 1
    for org in orgs.values():
        if org.is_department:
            continue
        for row in headcount_shortfalls(org, year):
            Headcount.objects.filter(
                organization=org, academic_year=year, target_group=row["group"]
            ).update(count=row["bank"] + 1)
