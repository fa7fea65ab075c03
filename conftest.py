"""The fixed cast of users every test can rely on.

Two schools under one department: ``school`` holds the cast, ``other_school``
has its own methodist. Tests add what they need with factories.
"""

from dataclasses import dataclass

import pytest

from mentoring.factories import MembershipFactory, OrganizationFactory, UserFactory
from mentoring.models import Organization, Role

PASSWORD = "pass-word-123"


@dataclass
class Cast:
    department: Organization
    school: Organization
    other_school: Organization
    director: object
    coordinator: object
    methodist: object
    mentor: object
    mentee: object
    specialist: object
    other_methodist: object

    def by_role(self, name):
        return getattr(self, name)


ROLE_USERS = [
    "director",
    "coordinator",
    "methodist",
    "mentor",
    "mentee",
    "specialist",
    "other_methodist",
]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Fast hashing: the cast is rebuilt for every test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Background tasks run at once, inside the test (tests of the worker
    # itself switch to the database backend).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def cast(db):
    department = OrganizationFactory(
        slug="test-do",
        kind=Organization.Kind.DEPARTMENT,
        short_name="Департамент (тест)",
        name="Департамент образования (тест)",
    )
    school = OrganizationFactory(slug="test-school", short_name="Школа № 1", parent=department)
    other_school = OrganizationFactory(slug="test-other", short_name="Школа № 2", parent=department)

    def member(username, org, role, last_name):
        user = UserFactory(username=username, last_name=last_name)
        MembershipFactory(user=user, organization=org, role=role)
        return user

    return Cast(
        department=department,
        school=school,
        other_school=other_school,
        director=member("director", school, Role.DIRECTOR, "Директорова"),
        coordinator=member("coordinator", school, Role.COORDINATOR, "Кураторова"),
        methodist=member("methodist", school, Role.METHODIST, "Методистова"),
        mentor=member("mentor", school, Role.MENTOR, "Наставников"),
        mentee=member("mentee", school, Role.MENTEE, "Наставляемова"),
        specialist=member("specialist", department, Role.SPECIALIST, "Специалистова"),
        other_methodist=member("other_methodist", other_school, Role.METHODIST, "Чужая"),
    )


@pytest.fixture
def client_for(client):
    """Log the test client in as a user: ``client_for(cast.methodist)``."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login
