from django.urls import path

from . import views

app_name = "indices"
urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/<uuid:round_uid>/compute/", views.compute, name="compute"),
    path("rounds/<uuid:round_uid>/<slug:name>/", views.dashboard, name="dashboard"),
    path("rounds/<uuid:round_uid>/<slug:name>/map.geojson", views.dashboard_map, name="map"),
    path(
        "rounds/<uuid:round_uid>/<slug:name>/export.<str:fmt>",
        views.export,
        name="export",
    ),
    path("methodologies/", views.methodology_list, name="methodologies"),
    path(
        "methodologies/<slug:name>/<int:version>/",
        views.methodology_detail,
        name="methodology",
    ),
    path("locations/<uuid:uid>/", views.location_scores, name="location"),
    path("assess/", views.assess, name="assess"),
]
