"""The registry of personal data (mentoring/personal_data.py) knows every
model that can hold a person's data."""

import re

from django.apps import apps
from django.db import models

from mentoring.personal_data import registry

PERSONAL_NAME = re.compile(
    r"(^|_)(name|names|email|phone|username|authors?|responsible|trainer|consultant|"
    r"notes?|comment|address|representative\w*|birth\w*|motivation)($|_)"
)


def looks_personal(model):
    """Why the model may hold personal data, or "" when it cannot."""
    for f in model._meta.get_fields():
        if f.auto_created and not f.concrete:
            continue
        related = getattr(f, "related_model", None)
        if f.is_relation and related is not None:
            if related._meta.label in ("mentoring.Participant", "mentoring.User"):
                return f"{f.name} → {related._meta.label}"
            continue
        if isinstance(f, (models.FileField, models.TextField, models.EmailField)):
            return f"{f.name} ({type(f).__name__})"
        if isinstance(f, (models.CharField, models.DateField)) and PERSONAL_NAME.search(f.name):
            return f"{f.name} ({type(f).__name__})"
    return ""


def undeclared():
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        base = getattr(model, "instance_type", None)  # simple_history's tables
        if base is not None and registry.is_declared(base._meta.label):
            continue  # history rows go with their model's rows
        reason = looks_personal(model)
        if reason and not registry.is_declared(label):
            missing.append(f"{label}: {reason}")
    return missing


def test_every_model_with_personal_data_is_in_the_registry():
    assert undeclared() == []


def test_a_new_model_with_a_personal_field_is_caught(settings):
    class Diary(models.Model):
        pupil_name = models.CharField(max_length=100)

        class Meta:
            app_label = "mentoring"

        def __str__(self):
            return self.pupil_name

    try:
        assert "mentoring.Diary: pupil_name (CharField)" in undeclared()
    finally:
        del apps.all_models["mentoring"]["diary"]
        apps.clear_cache()


def test_the_registry_declares_real_fields():
    for place in registry.places.values():
        model = place.model
        for name in (*place.fields, *place.files, *place.mentions):
            model._meta.get_field(name)  # raises FieldDoesNotExist
