"""Import a named module from every Masar app, so apps can plug into shared registries.

Used for menu entries (`nav.py`), API routes (`api.py`) and demo-data steps (`demo.py`), so
adding an app never means editing a central list.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def import_app_modules(module_name: str) -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("masar.") and find_spec(f"{config.name}.{module_name}"):
            import_module(f"{config.name}.{module_name}")
