"""Forms of the accounts pages (views/accounts.py)."""

from django import forms
from django.contrib.auth import forms as auth_forms

from .models import Invitation, Role
from .services.accounts import grantable_roles


class InviteForm(forms.Form):
    """Invite a person who is not in the banks (staff of the organisation)."""

    last_name = forms.CharField(label="Фамилия", max_length=150)
    first_name = forms.CharField(label="Имя", max_length=150)
    patronymic = forms.CharField(label="Отчество", max_length=150, required=False)
    email = forms.EmailField(label="Электронная почта", required=False)
    role = forms.ChoiceField(label="Роль")
    channel = forms.ChoiceField(label="Как передать доступ", choices=Invitation.Channel.choices)

    def __init__(self, *args, by_role, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, Role(r).label) for r in grantable_roles(by_role)]
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
            field.widget.attrs.setdefault("id", f"invite-{name}")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("channel") == Invitation.Channel.EMAIL and not cleaned.get("email"):
            self.add_error("email", "Укажите адрес электронной почты или выберите код активации.")
        return cleaned


class LinkAccountForm(forms.Form):
    login = forms.CharField(
        label="Логин или электронная почта существующей учётной записи", max_length=254
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs.update({"class": "form-control", "id": "link-login"})


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form (both passwords, the project's validators)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class ActivationCodeForm(forms.Form):
    code = forms.CharField(
        label="Код активации",
        max_length=40,
        help_text="С листа, который выдал методист, например K7QM-2XPA-9RTC.",
    )
    new_password1 = forms.CharField(
        label="Новый пароль",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="Пароль ещё раз",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"autocomplete": "one-time-code"})
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", "Пароли не совпадают.")
        return cleaned
