"""Demo data: a department with three organisations and a user per role.

Idempotent: objects are looked up by their natural keys (slug, username) and
updated in place, so running it twice changes nothing.
"""

from django.db import transaction

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
    logins = []
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
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
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
