import factory

from .models import Membership, Organization, Role, User


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
