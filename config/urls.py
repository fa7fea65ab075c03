from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from mentoring.views.core import healthz

admin.site.site_header = "Наставничество — администрирование"
admin.site.site_title = "Наставничество"
admin.site.index_title = "Управление данными"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("roadmaps/", include("roadmaps.urls")),
    path("surveys/", include("surveys.urls")),
    path("documents/", include("documents.urls")),
    path("", include("reports.urls")),
    path("", include("mentoring.urls")),
]
