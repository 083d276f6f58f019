"""The OpenRosa endpoints, at the paths ODK Collect appends to the server URL."""

from django.urls import path

from . import openrosa

app_name = "collect"

urlpatterns = [
    path("formList", openrosa.form_list, name="form_list"),
    path("submission", openrosa.submission, name="submission"),
    path("forms/<str:form_id>/form.xml", openrosa.form_download, name="form"),
    path("forms/<str:form_id>/manifest", openrosa.manifest, name="manifest"),
    path("forms/<str:form_id>/media/<str:filename>", openrosa.media, name="media"),
]
