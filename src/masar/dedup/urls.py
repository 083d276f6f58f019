from django.urls import path

from . import views

app_name = "dedup"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("sweep/", views.sweep, name="sweep"),
    path("<int:pk>/", views.pair, name="pair"),
    path("merges/<int:pk>/undo/", views.undo, name="undo"),
]
