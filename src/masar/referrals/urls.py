from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.index, name="index"),
    path("services/", views.services, name="services"),
    path("services/new/", views.new_service, name="new_service"),
    path("report/", views.report, name="report"),
    path("new/<uuid:household_uid>/", views.new_referral, name="new"),
    path("<uuid:uid>/", views.detail, name="detail"),
]
