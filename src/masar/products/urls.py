from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", views.reports, name="reports"),
    path("rounds/<uuid:uid>/report/", views.generate_report, name="generate_report"),
    path("rounds/<uuid:uid>/report-<str:language>.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:name>.csv", views.table_csv, name="csv"),
]
