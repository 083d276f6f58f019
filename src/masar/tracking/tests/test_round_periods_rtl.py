"""Round periods in a right-to-left page."""

from __future__ import annotations

import datetime

import pytest

from masar.tracking.models import Round


@pytest.mark.django_db
def test_an_arabic_round_list_keeps_each_period_in_one_piece(login, personas):
    round_ = Round.objects.create(
        start_date=datetime.date(2024, 5, 1), end_date=datetime.date(2024, 6, 30), number=133
    )
    client = login(personas["im_officer"])
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    response = client.get("/tracking/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert '<bdi dir="ltr">2024-05-01 – 2024-06-30</bdi>' in page
    assert str(round_.uid) in page
