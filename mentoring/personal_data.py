"""The registry of where each person's personal data lives.

Every model that holds personal data (a reference to a participant or a user
account, names, contacts, dates of birth, notes, files, free text that can
name people) is declared here once, by the app that owns it: mentoring in
``register_mentoring`` below, the upper apps from their ``AppConfig.ready``
(mentoring never imports them). Models that look personal but are not, or
that the law lets us keep, are declared with ``exempt(label, reason)``.

Three things are driven by the registry and nothing else:
- the export for the subject (152-ФЗ ст. 14: what the operator holds about
  them) — ``personal_data_export``;
- destruction (ст. 21 ч. 4 and 5; "destroyed" means it cannot be restored,
  ст. 3 п. 8) — ``services.privacy.participant_destroy``;
- the list of categories in the act of destruction (Приказ РКН № 179).

``mentoring/tests/test_personal_data.py`` walks ``apps.get_models()`` and
fails when a model with a person reference or a personal field is in neither
list.
"""

from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class Place:
    """One model holding personal data.

    - ``subject``: lookup from the model to Participant (``"participant"``,
      ``"invitation__participant"``): the subject's own rows, deleted on
      destruction with their files and history rows.
    - ``rows``: instead of ``subject``, a function ``participant ->
      QuerySet`` of the subject's own rows (for rules a lookup cannot say).
    - ``user``: lookup from the model to the User account; rows of the
      subject's account are deleted with the account.
    - ``fields``: the personal fields shown in the export.
    - ``files``: file fields whose files are deleted with the rows.
    - ``mentions``: free-text fields of other rows (other people's meetings,
      public texts) that may name the subject: their name forms and e-mail
      are cut out there. ``organization`` is the lookup to the organisation
      that bounds the search (None: all rows).
    """

    label: str
    category: str
    subject: str | None = None
    rows: object = None
    user: str | None = None
    fields: tuple = ()
    files: tuple = ()
    mentions: tuple = ()
    organization: str | None = "organization"

    @property
    def model(self):
        return apps.get_model(self.label)

    @property
    def owns_rows(self):
        return bool(self.subject or self.rows or self.user)

    def subject_rows(self, participant):
        """The subject's own rows of this model (a QuerySet), or None."""
        model = self.model
        if self.rows is not None:
            return self.rows(participant)
        if self.subject:
            return model._default_manager.filter(**{self.subject: participant})
        return None


@dataclass
class Registry:
    places: dict = field(default_factory=dict)
    exempt: dict = field(default_factory=dict)

    def register(self, label, **kwargs):
        self.places[label] = Place(label=label, **kwargs)

    def exempt_model(self, label, reason):
        self.exempt[label] = reason

    def is_declared(self, label):
        return label in self.places or label in self.exempt


registry = Registry()


def register(label, **kwargs):
    """Declare a model holding personal data (see ``Place``)."""
    registry.register(label, **kwargs)


def exempt(label, reason):
    """Declare a model that looks personal but is not destroyed with a
    person, with the reason (shown in the README's data life cycle)."""
    registry.exempt_model(label, reason)


def places():
    return list(registry.places.values())


def personal_data_export(participant):
    """What the operator holds about the subject (152-ФЗ ст. 14 ч. 7): a
    list of ``{"category", "rows": [[(label, value), …], …]}`` read through
    the registry, one query per registered place. Files are listed by name;
    history tables are not repeated (they hold earlier values of the same
    rows)."""
    result = []
    for place in places():
        queryset = place.subject_rows(participant)
        if queryset is None or not place.fields:
            continue
        model = place.model
        rows = []
        for obj in queryset.order_by("pk")[:500]:
            row = []
            for name in place.fields:
                model_field = model._meta.get_field(name)
                value = getattr(obj, name)
                if getattr(model_field, "choices", None):
                    value = getattr(obj, f"get_{name}_display")()
                if hasattr(value, "name") and hasattr(value, "storage"):
                    value = value.name.rsplit("/", 1)[-1] if value else ""
                if isinstance(value, bool):
                    value = "да" if value else "нет"
                if value in (None, ""):
                    continue
                row.append((str(model_field.verbose_name), value))
            if row:
                rows.append(row)
        if rows:
            result.append({"category": place.category, "rows": rows})
    return result


# --- mentoring's own models ------------------------------------------------------


def _sole_mentee_mentorships(participant):
    """Mentorships where the subject is the only mentee: their meetings and
    programme are about the subject and go with them."""
    from django.db.models import Count, Q

    from .models import Mentorship, MentorshipMember

    return (
        Mentorship.objects.filter(
            members__participant=participant, members__role=MentorshipMember.Role.MENTEE
        )
        .annotate(mentees=Count("members", filter=Q(members__role=MentorshipMember.Role.MENTEE)))
        .filter(mentees=1)
        .values("pk")
    )


def _meetings(participant):
    from .models import Meeting

    return Meeting.objects.filter(mentorship__in=_sole_mentee_mentorships(participant))


def _programs(participant):
    from .models import PersonalProgram

    return PersonalProgram.objects.filter(mentorship__in=_sole_mentee_mentorships(participant))


def _plan_items(participant):
    from .models import PlanItem

    return PlanItem.objects.filter(program__mentorship__in=_sole_mentee_mentorships(participant))


def _accounts(participant):
    """The subject's account, unless it is also a staff member's account
    (then only the link is cut, see services.privacy)."""
    from .models import STAFF_ROLES, User

    if participant.user_id is None:
        return User.objects.none()
    return User.objects.filter(pk=participant.user_id).exclude(memberships__role__in=STAFF_ROLES)


def register_mentoring():
    """Called from MentoringConfig.ready."""
    people = "Участник: ФИО, дата рождения, контакты, сведения о работе и учёбе"
    register(
        "mentoring.Participant",
        category=people,
        rows=lambda p: type(p)._default_manager.filter(pk=p.pk),
        fields=(
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "target_group",
            "class_group",
            "position",
            "subjects",
            "experience_years",
            "qualification_category",
            "email",
            "phone",
            "representative_name",
            "representative_relation",
            "representative_phone",
            "competencies",
            "achievements",
            "requests",
            "special_disability",
            "special_gifted",
            "special_difficult",
            "notes",
            "left_on",
        ),
        # Other people's cards may name them (a representative, a note).
        mentions=("notes", "achievements", "competencies", "requests", "representative_name"),
    )
    register(
        "mentoring.Consent",
        category="Согласия и их сканы (в том числе сведения о законном представителе)",
        subject="participant",
        fields=(
            "kind",
            "given_on",
            "given_by",
            "representative_name",
            "representative_document",
            "scan",
            "withdrawn_on",
        ),
        files=("scan",),
    )
    register(
        "mentoring.Interview",
        category="Собеседования и заметки о них",
        subject="participant",
        fields=("held_on", "outcome", "notes"),
        mentions=("notes",),
        organization="participant__organization",
    )
    register(
        "mentoring.MentorshipMember",
        category="Участие в наставнических парах и группах",
        subject="participant",
        fields=("role",),
    )
    register(
        "mentoring.Mentorship",
        category="Названия пар и групп, причины прекращения",
        mentions=("title", "end_reason"),
    )
    register(
        "mentoring.Meeting",
        category="Встречи пары, заметки и файлы-подтверждения",
        rows=_meetings,
        fields=("held_on", "topic", "notes", "evidence"),
        files=("evidence",),
        mentions=("topic", "notes"),
        organization="mentorship__organization",
    )
    register(
        "mentoring.PersonalProgram",
        category="Персонализированная программа наставничества",
        rows=_programs,
        fields=("goals", "tasks", "expected_results"),
        mentions=("goals", "tasks", "expected_results"),
        organization="mentorship__organization",
    )
    register(
        "mentoring.PlanItem",
        category="Пункты плана программы, их результаты и файлы-подтверждения",
        rows=_plan_items,
        fields=("title", "due_on", "responsible", "result", "evidence"),
        files=("evidence",),
        mentions=("title", "responsible", "expected_result", "result"),
        organization="program__mentorship__organization",
    )
    register(
        "mentoring.ExternalCourse",
        category="Обучение наставника, удостоверения и сертификаты",
        subject="participant",
        fields=("programme", "provider", "ends_on", "document_kind", "document_number"),
        files=("certificate",),
    )
    register(
        "mentoring.Award",
        category="Награды и поощрения",
        subject="participant",
        fields=("title", "awarded_on", "level"),
    )
    register(
        "mentoring.Portrait",
        category="Фотография",
        subject="participant",
        fields=("photo",),
        files=("photo",),
    )
    for label in (
        "mentoring.HistoricalTrainingGroup_members",
        "mentoring.HistoricalTrainingSession_attendees",
        "mentoring.HistoricalEvent_participants",
        "mentoring.HistoricalEvent_representatives",
    ):
        register(label, category="История участия в обучении и мероприятиях", subject="participant")
    register(
        "mentoring.TrainingGroup",
        category="Обучение наставников: группы",
        mentions=("title", "trainer", "notes"),
    )
    register(
        "mentoring.TrainingSession",
        category="Обучение наставников: занятия",
        mentions=("topic", "trainer", "notes"),
        organization="group__organization",
    )
    register(
        "mentoring.Consultation",
        category="Консультации",
        mentions=("topic", "consultant", "notes"),
    )
    register(
        "mentoring.Event",
        category="Мероприятия",
        mentions=("title", "place", "description", "participants_note"),
    )
    register("mentoring.News", category="Новости", mentions=("title", "body", "picture_alt"))
    register(
        "mentoring.Practice",
        category="Практики наставничества (авторы, описание, результаты)",
        mentions=("title", "authors", "description", "results", "return_comment"),
    )
    register(
        "mentoring.Attachment",
        category="Вложения новостей, мероприятий и практик (названия)",
        mentions=("title", "original_name"),
        organization=None,
    )
    register(
        "mentoring.Material", category="Методические материалы", mentions=("title", "description")
    )
    register(
        "mentoring.Order",
        category="Проекты приказов",
        # Approved orders are archival documents (ст. 6 ч. 1 п. 2): their
        # frozen PDF and rows stay; only drafts are cleaned (see
        # services.privacy), and draft texts rarely name people.
        mentions=("title", "preamble", "return_comment"),
    )
    register(
        "mentoring.User",
        category="Учётная запись (логин, ФИО, электронная почта, телефон)",
        rows=_accounts,
        fields=("username", "last_name", "first_name", "patronymic", "email", "phone"),
        organization=None,
    )
    register(
        "mentoring.Membership",
        category="Роли учётной записи",
        user="user",
        fields=("role", "position"),
    )
    register(
        "mentoring.Notification",
        category="Уведомления",
        user="user",
        # Other users' notifications name people («Пара «Орлов А. П. — …»»).
        mentions=("title",),
        organization=None,
    )
    register(
        "mentoring.NotificationPreference",
        category="Настройки уведомлений",
        user="user",
        organization=None,
    )
    register("mentoring.SentNotice", category="Отправленные письма", user="user", organization=None)
    register(
        "mentoring.Invitation",
        category="Приглашения в систему",
        subject="participant",
        user="user",
        fields=("email", "role", "created_at", "used_at", "revoked_at"),
    )
    register(
        "mentoring.MentoringProgram",
        category="Программы наставничества организации",
        mentions=("summary",),
    )
    register(
        "mentoring.CalendarFeed",
        category="Адрес личного календаря",
        user="user",
        fields=("created_at", "last_read_at"),
        organization=None,
    )
    register(
        "admin.LogEntry",
        category="Журнал действий администратора",
        user="user",
        mentions=("object_repr", "change_message"),
        organization=None,
    )
    for label in ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"):
        register(
            label,
            category="Журнал входов в систему",
            rows=_axes_rows(label),
            mentions=("username",),
            organization=None,
        )
    exempt("axes.AccessAttemptExpiration", "срок блокировки попытки входа; удаляется вместе с ней")
    exempt(
        "django_tasks_database.DBTaskResult",
        "очередь фоновых задач: в аргументах номера записей, даты и пути временных файлов; "
        "результат импорта — счётчики и сообщения об ошибках строк загруженного файла "
        "(рабочие данные загрузки, а не сведения о человеке в банке)",
    )
    exempt(
        "mentoring.Organization",
        "оператор (юридическое лицо), а не субъект: реквизиты организации",
    )
    exempt(
        "mentoring.ConsentText",
        "тексты согласий организации: не содержат данных конкретного человека",
    )
    exempt("mentoring.MentoringForm", "справочник форм наставничества организации")
    exempt("mentoring.ProgramTemplate", "шаблон программы без данных о людях")
    exempt("mentoring.MaterialCategory", "справочник разделов копилки")
    exempt("mentoring.Headcount", "численность групп: только числа")
    exempt(
        "mentoring.AuditEvent",
        "журнал действий: человек назван только номером записи, без ФИО и контактов",
    )
    exempt(
        "mentoring.DestructionAct",
        "акт об уничтожении и выгрузка из журнала: хранятся 3 года (Приказ РКН № 179), "
        "не уничтожаются вместе с человеком",
    )
    exempt("auth.Group", "группы прав: без данных о людях")
    exempt("auth.Permission", "права доступа: без данных о людях")
    exempt("contenttypes.ContentType", "служебный справочник моделей")
    exempt(
        "sessions.Session",
        "сессия входа хранит только номер учётной записи и истекает сама; "
        "удалённая учётная запись не может войти",
    )


def _axes_rows(label):
    def rows(participant):
        model = apps.get_model(label)
        user = participant.user
        if user is None:
            return model._default_manager.none()
        from django.db.models import Q

        names = {user.get_username(), user.email} - {""}
        return model._default_manager.filter(Q(username__in=names))

    return rows
