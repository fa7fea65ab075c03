import datetime

import factory

from .models import Membership, Organization, Participant, Role, TargetGroup, User


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    kind = Organization.Kind.SCHOOL
    short_name = factory.Sequence(lambda n: f"Школа № {n + 1}")
    name = factory.LazyAttribute(lambda o: f"МБОУ «{o.short_name}»")
    slug = factory.Sequence(lambda n: f"org-{n + 1}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n + 1}")
    last_name = "Иванова"
    first_name = "Мария"
    patronymic = "Петровна"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.METHODIST


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    organization = factory.SubFactory(OrganizationFactory)
    last_name = factory.Sequence(lambda n: f"Петров{n}")
    first_name = "Иван"
    patronymic = "Сергеевич"
    birth_date = datetime.date(1985, 5, 17)
    target_group = TargetGroup.TEACHER
    position = "Учитель"
    subjects = "Математика"
    is_mentee = True


def _consent_text(consent):
    from .services.consents import consent_text_default

    return consent_text_default(consent.participant.organization, consent.kind)


def _week_ago():
    from django.utils import timezone

    return timezone.localdate() - datetime.timedelta(days=7)


class ConsentFactory(factory.django.DjangoModelFactory):
    """A consent in force, on the current text of the participant's
    organisation. Tests of the rules call consent_give instead."""

    class Meta:
        model = "mentoring.Consent"

    participant = factory.SubFactory(ParticipantFactory)
    kind = "processing"
    text = factory.LazyAttribute(_consent_text)
    given_on = factory.LazyFunction(_week_ago)


# --- mentorships -------------------------------------------------------------


class MentoringFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "mentoring.MentoringForm"
        django_get_or_create = ("organization", "name")

    organization = factory.SubFactory(OrganizationFactory)
    name = "Педагог – молодой специалист"
    mentor_groups = factory.LazyFunction(lambda: [TargetGroup.TEACHER.value])
    mentee_groups = factory.LazyFunction(lambda: [TargetGroup.YOUNG_SPECIALIST.value])


def mentor_participant(organization, *, consents=("processing", "duties"), **fields):
    """An approved mentor of the organisation with consents in force."""
    values = {
        "organization": organization,
        "is_mentor": True,
        "is_mentee": False,
        "mentor_status": "approved",
        "capacity": 2,
        "experience_years": 10,
        **fields,
    }
    mentor = ParticipantFactory(**values)
    for kind in consents:
        ConsentFactory(participant=mentor, kind=kind)
    return mentor


def mentee_participant(organization, *, consents=("processing",), **fields):
    """A young specialist of the organisation's bank of mentees with a
    processing consent in force."""
    values = {
        "organization": organization,
        "target_group": TargetGroup.YOUNG_SPECIALIST,
        "experience_years": 1,
        **fields,
    }
    mentee = ParticipantFactory(**values)
    for kind in consents:
        ConsentFactory(participant=mentee, kind=kind)
    return mentee


def make_pair(organization, *, by=None, form=None, mentor=None, mentee=None, agreed=False):
    """A proposed (or agreed) pair made through the services, with its
    programme."""
    from .services.mentorships import mentorship_agree, mentorship_propose

    form = form or MentoringFormFactory(organization=organization)
    mentorship = mentorship_propose(
        organization=organization,
        form=form,
        lead_mentor=mentor or mentor_participant(organization),
        mentees=[mentee or mentee_participant(organization)],
        by=by,
    )
    if agreed:
        mentorship = mentorship_agree(mentorship=mentorship, by=by)
    return mentorship
