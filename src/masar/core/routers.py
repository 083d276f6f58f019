"""The one router of /api/v1/: each app registers its viewsets from its own `api.py`.

It sits in core so that apps register their endpoints without importing `masar.api`, which
serves the router, the schema and the docs and discovers the `api.py` modules.
"""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
