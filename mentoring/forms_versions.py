"""The version field of version-checked edits (optimistic locking).

Every form that edits an existing record carries the version the user saw
in a hidden field; the service refuses a stale one (``StaleEditError``).
Without the field an edit would silently overwrite a colleague's change, so
the field is required whenever a record is edited, and a missing or broken
value is shown as a form error (hidden fields have no place of their own on
the page) with ``MISSING_VERSION_MESSAGE``. OWASP ASVS 5.0 V2.3.3
(transactions on business data are consistent)."""

from django import forms

from .services import MISSING_VERSION_MESSAGE

VERSION_ERRORS = {"required": MISSING_VERSION_MESSAGE, "invalid": MISSING_VERSION_MESSAGE}


class VersionField(forms.IntegerField):
    """The version number of the record the user saw."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", VERSION_ERRORS)
        super().__init__(min_value=1, **kwargs)


class LoadedVersionField(forms.CharField):
    """The ``updated_at`` (ISO 8601) of the record the user saw."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", VERSION_ERRORS)
        super().__init__(**kwargs)


class VersionCheckedMixin:
    """For a form (or model form) with a version field: shows the errors of
    hidden fields as errors of the whole form. Put it before the form class
    in the bases."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        for name, field in self.fields.items():
            if field.widget.is_hidden and name in self._errors:
                for message in self._errors.pop(name):
                    if message not in self.non_field_errors():
                        self.add_error(None, message)
