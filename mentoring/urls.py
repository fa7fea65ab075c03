from django.urls import path

from .views import banks, consents, core, imports

app_name = "mentoring"

urlpatterns = [
    path("", core.home, name="home"),
    path("switch-organization/", core.switch_organization, name="switch_organization"),
    path("organizations/", core.organization_list, name="organization_list"),
    path("organizations/<slug:slug>/", core.organization_detail, name="organization_detail"),
    path("organizations/<slug:slug>/edit/", core.organization_edit, name="organization_edit"),
    path("o/<slug:slug>/logo/", core.organization_logo, name="organization_logo"),
]

# --- banks of mentors and mentees (views/banks.py) ---
urlpatterns += [
]

# --- consents (views/consents.py) ---
urlpatterns += [
]

# --- participant import (views/imports.py) ---
urlpatterns += [
]
