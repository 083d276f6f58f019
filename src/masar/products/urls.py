from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:name>.csv", views.table_csv, name="csv"),
]
