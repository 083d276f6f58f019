from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("analysis/", views.analysis, name="analysis"),
    path("submit/", views.submit, name="submit"),
    path("status/", views.status, name="status"),
    path("<uuid:uid>/", views.detail, name="detail"),
]
