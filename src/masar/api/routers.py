"""The one router of /api/v1/: each app registers its viewsets from its own `api.py`."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
