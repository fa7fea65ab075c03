"""Control characters never reach the database.

Text pasted from Word or another program can carry characters such as
\\x0b (vertical tab) or \\x0c (form feed). They are invisible on a page but
XML 1.0 forbids them, so one news item with a \\x0b made the RSS feed fail
for everyone, and XLSX/DOCX writers refuse them too. Every text value
(CharField, TextField, and strings inside a JSONField list) of the project's
models is cleaned before it is saved, whatever saves it (forms, the admin,
services, management commands): one `pre_save` receiver, connected in
MentoringConfig.ready. Writes that bypass ``save()`` (``bulk_create`` and
mentoring.bulkwrite in the importers, ``QuerySet.update``) clean their values with
`strip_control_characters` themselves.

Kept: tab and line feed. A carriage return becomes a line feed (browsers
send CR LF from text areas). Dropped: the other C0 controls, DEL, the C1
controls and the non-characters U+FFFE/U+FFFF (XML 1.0 §2.2 "Char").
"""

import functools
import os
import re

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Apps cleaned besides this project's own (see `cleaned_apps`): the user model.
EXTRA_APPS = frozenset({"auth"})


def strip_control_characters(value):
    """``value`` (a str; anything else is returned as is) without control
    characters other than tab and line feed; CR LF and CR become LF."""
    if not isinstance(value, str):
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", value)


def _clean_json(value):
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean_json(v) for k, v in value.items()}
    return value


@functools.cache
def cleaned_apps():
    """The labels of the apps whose models are cleaned: every app of this
    project (its package lies in settings.BASE_DIR, so an app added later is
    covered without a list to keep) and EXTRA_APPS."""
    from django.apps import apps
    from django.conf import settings

    root = str(settings.BASE_DIR)
    local = {c.label for c in apps.get_app_configs() if os.path.dirname(c.path) == root}
    return frozenset(local | EXTRA_APPS)


def clean_text_fields(sender, instance, **kwargs):
    """pre_save receiver: clean every text field of a project model."""
    if sender._meta.app_label not in cleaned_apps():
        return
    from django.db import models  # this module stays importable without Django

    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                cleaned = strip_control_characters(value)
                if cleaned is not value and cleaned != value:
                    setattr(instance, field.attname, cleaned)
        elif isinstance(field, models.JSONField):
            value = getattr(instance, field.attname)
            if isinstance(value, list | dict | str):
                setattr(instance, field.attname, _clean_json(value))
