"""Named hooks: listeners register, run in their declared order, and are found in every app."""

from masar.cases.hooks import (
    case_page_sections,
    household_written,
    registration_candidates,
    worklist_sections,
)
from masar.core.hooks import Hook


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


def test_listeners_are_discovered_in_every_apps_listeners_module():
    """Django's start-up imported dedup's and referrals' `listeners.py`: cases never names them."""
    names = {
        hook.name: [listener.name for listener in hook.listeners()]
        for hook in (
            household_written,
            registration_candidates,
            case_page_sections,
            worklist_sections,
        )
    }
    assert names == {
        "cases.household_written": ["masar.dedup.actions.refresh_household_keys"],
        "cases.registration_candidates": ["masar.dedup.listeners.likely_duplicates"],
        "cases.case_page_sections": ["masar.referrals.listeners.referrals_of_the_case"],
        "cases.worklist_sections": ["masar.referrals.listeners.referrals_to_close"],
    }
