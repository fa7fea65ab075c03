from django.urls import path  # noqa: F401 - patterns are added by the app's views

app_name = "surveys"

urlpatterns = []
