from django.urls import path

from . import views_audit

app_name = "data_protection"

urlpatterns = [
    path("", views_audit.access_log, name="access_log"),
    path("changes/", views_audit.change_history, name="change_history"),
]
