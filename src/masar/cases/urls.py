from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("register/", views.register, name="register"),
    path("worklists/", views.worklists, name="worklists"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("departures/", views.departure_lists, name="departure_lists"),
    path("departures/<uuid:uid>/", views.departure_list, name="departure_list"),
    path(
        "departures/<uuid:uid>/manifest.<str:fmt>",
        views.departure_manifest,
        name="departure_manifest",
    ),
    path(
        "destinations/<uuid:location_uid>/assess/",
        views.destination_assessment,
        name="destination_assessment",
    ),
    path("<uuid:uid>/", views.case_detail, name="detail"),
    path("<uuid:uid>/do/<slug:action>/", views.case_action, name="action"),
    path("<uuid:uid>/override/", views.override, name="override"),
    path("<uuid:uid>/consent/", views.edit_consent, name="consent"),
    path("<uuid:uid>/edit/", views.edit_household, name="edit"),
    path("<uuid:uid>/members/add/", views.add_member, name="add_member"),
    path("<uuid:uid>/visits/add/", views.add_visit, name="add_visit"),
    path("<uuid:uid>/payments/add/", views.add_payment, name="add_payment"),
    path("<uuid:uid>/payments/<uuid:payment_uid>/paid/", views.pay, name="pay"),
    path("<uuid:uid>/arrival/correct/", views.correct_arrival, name="correct_arrival"),
    path("<uuid:uid>/follow-ups/<uuid:follow_up_uid>/", views.follow_up, name="follow_up"),
]
