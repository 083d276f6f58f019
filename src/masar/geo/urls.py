from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("", views.browser, name="browser"),
    path("areas/<str:pcode>/", views.area_detail, name="area"),
    path("areas/<str:pcode>/map.geojson", views.area_geojson, name="area_geojson"),
    path("locations/<uuid:uid>/", views.location_detail, name="location"),
    path("sites/", views.site_list, name="sites"),
    path("places/", views.place_search, name="places"),
    path("sites/<uuid:uid>/", views.site_detail, name="site"),
]
