"""The API's limits: requests per user and per anonymous client, and the largest page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def tiny_rates(settings):
    """Three requests per hour, counted from nothing, on a frozen clock."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/hour", "anon": "2/hour"},
    }
    cache.clear()
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
    cache.clear()


@pytest.mark.parametrize("limit", [3, 5])
def test_a_user_over_the_rate_is_answered_429_with_retry_after(
    personas, api_as, tiny_rates, settings, limit
):
    # Two different rates in one process: a throttle that kept the rates it was first given
    # (as DRF's own classes do) fails one of them.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": f"{limit}/hour", "anon": "2/hour"},
    }
    api = api_as(personas["case_worker"])
    assert {api.get("/api/v1/areas/").status_code for _ in range(limit)} == {200}
    refused = api.get("/api/v1/areas/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 3600


def test_the_rate_counts_per_user_and_starts_again_after_the_window(personas, api_as, tiny_rates):
    worker, other = api_as(personas["case_worker"]), api_as(personas["other_case_worker"])
    for _ in range(3):
        worker.get("/api/v1/areas/")
    assert worker.get("/api/v1/areas/").status_code == 429
    assert other.get("/api/v1/areas/").status_code == 200
    tiny_rates.shift(3601)
    assert worker.get("/api/v1/areas/").status_code == 200


def test_a_second_token_of_the_same_user_shares_the_users_rate(personas, api_as, tiny_rates):
    first, second = api_as(personas["case_worker"]), api_as(personas["case_worker"])
    for _ in range(3):
        first.get("/api/v1/areas/")
    assert second.get("/api/v1/areas/").status_code == 429


def test_anonymous_clients_are_limited_too(client, db, tiny_rates):
    schema = "/api/schema/"
    assert [client.get(schema).status_code for _ in range(2)] == [200, 200]
    assert client.get(schema).status_code == 429


def test_a_page_is_never_longer_than_the_maximum(personas, api_as, settings):
    settings.MASAR = {**settings.MASAR, "API_MAX_PAGE_SIZE": 5}
    answer = api_as(personas["case_worker"]).get("/api/v1/areas/", {"limit": 1000000}).json()
    assert answer["count"] > 5
    assert len(answer["results"]) == 5
    assert "limit=5" in answer["next"]


def test_the_default_maximum_is_500(personas, api_as, settings):
    from masar.api.pagination import LimitOffsetPagination

    assert settings.MASAR["API_MAX_PAGE_SIZE"] == 500
    assert LimitOffsetPagination().max_limit == 500
    answer = api_as(personas["case_worker"]).get("/api/v1/areas/", {"limit": 1000000}).json()
    assert len(answer["results"]) == min(answer["count"], 500)
