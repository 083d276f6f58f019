"""The site's URLs plus one view that fails, to see the 500 page through HTTP."""

from django.urls import path

from masar.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def fail(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [*urlpatterns, path("fail/", fail)]
