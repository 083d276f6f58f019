"""Named hooks: listeners register, run in their declared order, and are found in every app."""

import sys
from importlib.util import find_spec

from django.apps import apps

from masar.core.hooks import LISTENER_MODULE, Hook


def first(value):
    return ("first", value)


def second(value):
    return ("second", value)


def third(value):
    return ("third", value)


def test_a_hook_without_listeners_answers_nothing():
    assert Hook("example.nobody").call(1) == []


def test_listeners_run_by_order_then_by_name_and_answer_in_that_order():
    hook = Hook("example.ordered")
    hook.register(third, order=90)
    hook.register(second)
    hook.register(first, order=10)
    assert hook.call("x") == [("first", "x"), ("second", "x"), ("third", "x")]


def test_the_decorator_forms_register_and_return_the_function():
    hook = Hook("example.decorated")

    @hook.register
    def plain(value):
        return value

    @hook.register(order=1)
    def early(value):
        return -value

    assert plain(2) == 2 and early(2) == -2
    assert hook.call(3) == [-3, 3]


def test_registering_a_function_again_replaces_it():
    hook = Hook("example.again")
    hook.register(first, order=80)
    hook.register(first, order=20)
    hook.register(second, order=50)
    assert [listener.order for listener in hook.listeners()] == [20, 50]


def test_every_apps_listeners_module_is_imported_at_start_up():
    """The caller never names its listeners: Django's start-up found them."""
    expected = {
        f"{config.name}.{LISTENER_MODULE}"
        for config in apps.get_app_configs()
        if config.name.startswith("masar.") and find_spec(f"{config.name}.{LISTENER_MODULE}")
    }
    assert {"masar.dedup.listeners", "masar.referrals.listeners"} <= expected
    assert expected <= set(sys.modules)
