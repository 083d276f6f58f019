"""The OpenRosa endpoints, at the paths ODK Collect appends to the server URL (`/collect`),
and the page for device credentials."""

from django.urls import path

from . import openrosa, views, web

app_name = "collect"

urlpatterns = [
    path("forms/", views.forms_page, name="forms"),
    path("forms/<str:form_id>/form.xlsx", views.xlsform, name="xlsform"),
    path("forms/<str:form_id>/lists/<str:filename>", views.form_list_file, name="list_file"),
    path("devices/", views.devices, name="devices"),
    path("devices/<uuid:uid>/revoke", views.revoke, name="revoke"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<uuid:uid>/", views.submission_detail, name="submission"),
    path("pulls/", views.pulls, name="pulls"),
    path("web/sw.js", web.service_worker, name="service_worker"),
    path("web/submission", web.submission, name="web_submission"),
    path("web/<str:form_id>/", web.form_page, name="web_form"),
    path("web/<str:form_id>/form.xml", web.form_xml, name="web_form_xml"),
    path("formList", openrosa.form_list, name="form_list"),
    path("submission", openrosa.submission, name="submission"),
    path("forms/<str:form_id>/form.xml", openrosa.form_download, name="form"),
    path("forms/<str:form_id>/manifest", openrosa.manifest, name="manifest"),
    path("forms/<str:form_id>/media/<str:filename>", openrosa.media, name="media"),
]
