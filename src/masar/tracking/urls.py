from django.urls import path

from . import views

app_name = "tracking"
urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("rounds/<uuid:uid>/", views.round_detail, name="round"),
    path("rounds/<uuid:uid>/map.geojson", views.round_map, name="round_map"),
    path("rounds/<uuid:uid>/locations.csv", views.round_locations_csv, name="round_locations"),
    path("locations/<uuid:uid>/", views.location_history, name="location"),
    path("series/", views.national_series, name="series"),
    path("compare/", views.compare, name="compare"),
    path("import/", views.import_page, name="import"),
    path("import/template.<str:fmt>", views.import_template, name="import_template"),
    path("emergencies/", views.event_list, name="events"),
    path("emergencies/<uuid:uid>/", views.event_detail, name="event"),
]
