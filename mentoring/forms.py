from django import forms

from .models import Organization


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label="Сайт", required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "short_name", "address", "phone", "email", "website", "logo"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > 2 * 1024 * 1024:
            raise forms.ValidationError("Логотип больше 2 МБ: уменьшите изображение.")
        return logo
