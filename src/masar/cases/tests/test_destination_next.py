"""After a destination assessment the page returns to where it came from, never to another site."""

import pytest
from django.urls import reverse

from masar.cases.choices import TensionLevel
from masar.geo.tests.factories import location_in

pytestmark = pytest.mark.django_db
OFF_SITE = ["https://evil.example/", "//evil.example", "///evil.example", "/\\evil.example",
            "http://testserver.evil.example/", "javascript:alert(1)"]  # fmt: skip


def assess(client, personas, next_):
    client.force_login(personas["case_worker"])
    url = reverse("cases:destination_assessment", args=[location_in("IQG15Q05N01").uid])
    return client.post(
        f"{url}?next={next_}",
        {"assessed_on": "2024-05-01", "social_tension": TensionLevel.values[0]},
    )


@pytest.mark.parametrize("next_", OFF_SITE)
def test_an_off_site_next_is_not_followed(personas, geography, client, next_):
    answer = assess(client, personas, next_)
    assert answer.status_code == 302
    assert answer.url == reverse("cases:list")


def test_a_next_on_this_site_is_followed(personas, geography, client):
    answer = assess(client, personas, "/cases/?page=2")
    assert answer.status_code == 302
    assert answer.url == "/cases/?page=2"
