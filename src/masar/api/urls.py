from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from masar.core.routers import router
from masar.lib.discovery import import_app_modules

from . import views

# Each app's `api.py` registers its viewsets on the shared router.
import_app_modules("api")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("tokens/", views.tokens, name="api-tokens"),
    path("tokens/<uuid:uid>/revoke/", views.revoke, name="api-token-revoke"),
    # The split view serves its start-up script as a file (`?script`), and the template links
    # a stylesheet instead of an inline one: the Content-Security-Policy runs neither inline.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
]
