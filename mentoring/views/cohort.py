"""«Подобрать всем»: the whole-cohort assignment page, and the programme
settings page where the methodist tunes the match weights with a preview."""

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ..access import manager_required
from ..assignment import cohort_plan
from ..models import MentoringSettings, TargetGroup
from ..scoring import CRITERIA, explain, profile_of
from ..services.cohort import cohort_accept
from ..submit_once import submit_once
from .mentorships import forms_of


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filters(data, forms):
    form_id = _int(data.get("form"))
    form = next((f for f in forms if f.pk == form_id), None)
    group = data.get("group", "")
    if group not in TargetGroup.values:
        group = ""
    return form, group, (data.get("class_group") or "").strip()[:50]


def _explained_rows(plan, weights):
    """Each planned row with its criteria in points and words."""
    for row in plan.rows:
        mentor = row.mentor
        row.criteria, _ = explain(
            profile_of(row.mentee, as_mentor=False),
            profile_of(mentor, as_mentor=True, free=mentor.free),
            weights,
        )
    return plan.rows


@manager_required
@require_http_methods(["GET", "POST"])
@submit_once
def cohort_assign(request):
    org = request.org
    forms = forms_of(org, active_only=True)
    data = request.POST if request.method == "POST" else request.GET
    form, group, class_group = _filters(data, forms)

    if request.method == "POST":
        if form is None:
            messages.error(request, "Выберите форму наставничества.")
            return redirect(reverse("mentoring:cohort_assign"))
        assignments, chosen = [], {}
        for key, value in request.POST.items():
            if key.startswith("mentor_"):
                mentee_id, mentor_id = _int(key[len("mentor_") :]), _int(value)
                if mentee_id:
                    chosen[mentee_id] = mentor_id
                if mentee_id and mentor_id:
                    assignments.append((mentee_id, mentor_id))
        try:
            created = cohort_accept(
                organization=org, form=form, assignments=assignments, by=request.user
            )
        except ValidationError as error:
            for text in error.messages[:10]:
                messages.error(request, text)
            if len(error.messages) > 10:
                messages.error(request, f"И ещё ошибок: {len(error.messages) - 10}.")
            messages.error(request, "Ни одна пара не предложена: исправьте выбор и повторите.")
            # The page again with the methodist's own choices kept (not a
            # redirect to a fresh proposal that would lose them).
            return _page(request, forms, form, group, class_group, chosen=chosen)
        messages.success(
            request,
            f"Предложено пар: {len(created)}. Они ждут согласования и приказа о закреплении.",
        )
        return redirect(reverse("mentoring:mentorship_list") + "?status=proposed")

    return _page(request, forms, form, group, class_group)


def _page(request, forms, form, group, class_group, *, chosen=None):
    """The proposal page; ``chosen`` ({mentee id: mentor id or None}) keeps
    the methodist's choices of rows after a refused accept."""
    org = request.org
    settings_row = MentoringSettings.for_organization(org)
    plan = None
    if form is not None:
        plan = cohort_plan(
            organization=org,
            form=form,
            target_group=group,
            class_group=class_group,
            weights=settings_row.weights,
        )
        _explained_rows(plan, settings_row.weights)
        for row in plan.rows:
            row.chosen = (chosen or {}).get(row.mentee.pk, row.mentor.pk)
    return render(
        request,
        "mentoring/cohort_assign.html",
        {
            "forms": forms,
            "form": form,
            "group": group,
            "class_group": class_group,
            "groups": TargetGroup.choices,
            "plan": plan,
            "weights": settings_row.weights,
            "criteria": CRITERIA,
        },
    )


class SettingsForm(django_forms.ModelForm):
    class Meta:
        model = MentoringSettings
        fields = [
            "weight_subject",
            "weight_requests",
            "weight_experience",
            "weight_age",
            "weight_workload",
            "health_no_meeting_weeks",
            "health_low_score",
        ]
        widgets = {
            name: django_forms.NumberInput(attrs={"class": "form-control", "min": 0})
            for name in fields
        }

    def clean(self):
        cleaned = super().clean()
        weights = [cleaned.get(f, 0) or 0 for f in self.Meta.fields if f.startswith("weight_")]
        if not any(weights):
            raise ValidationError("Хотя бы один критерий должен иметь вес больше нуля.")
        return cleaned


@manager_required
@require_http_methods(["GET", "POST"])
def programme_settings(request):
    org = request.org
    current = MentoringSettings.for_organization(org)
    forms = forms_of(org, active_only=True)
    preview_form, _group, _class = _filters(request.POST or request.GET, forms)
    preview = None
    if request.method == "POST":
        form = SettingsForm(request.POST, instance=current)
        if form.is_valid():
            if "save" in request.POST:
                form.save()
                messages.success(request, "Настройки сохранены.")
                return redirect("mentoring:programme_settings")
            # Preview: the same cohort under the saved and the new weights.
            if preview_form is not None:
                new = form.instance.weights
                saved = MentoringSettings.for_organization(org).weights
                before = cohort_plan(organization=org, form=preview_form, weights=saved)
                after = cohort_plan(organization=org, form=preview_form, weights=new)
                was = {r.mentee.pk: r.mentor.pk for r in before.rows}
                preview = {
                    "form": preview_form,
                    "before": before,
                    "after": after,
                    "changed": sum(1 for r in after.rows if was.get(r.mentee.pk) != r.mentor.pk),
                    "rows": _explained_rows(after, new)[:15],
                }
            else:
                messages.info(request, "Для предпросмотра выберите форму наставничества.")
    else:
        form = SettingsForm(instance=current)
    return render(
        request,
        "mentoring/programme_settings.html",
        {
            "settings_form": form,
            "forms": forms,
            "preview_form": preview_form,
            "preview": preview,
            "weight_fields": [form[f] for f in SettingsForm.Meta.fields if f.startswith("weight_")],
            "health_fields": [form[f] for f in SettingsForm.Meta.fields if f.startswith("health_")],
        },
    )
