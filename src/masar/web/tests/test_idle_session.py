"""A signed-in user idle for longer than the configured minutes is signed out."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

pytestmark = pytest.mark.django_db

START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("idle_minutes", "signed_in"), [(29, True), (31, False)])
def test_an_idle_user_is_sent_to_sign_in(personas, login, settings, idle_minutes, signed_in):
    settings.MASAR_SESSION_IDLE_MINUTES = 30
    with time_machine.travel(START, tick=False) as clock:
        client = login(personas["case_worker"])
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=idle_minutes))
        response = client.get("/")
        if signed_in:
            assert response.status_code == 200
            assert "_auth_user_id" in client.session
        else:
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
            assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_alive_but_writes_it_once_a_minute(personas, login, settings):
    settings.MASAR_SESSION_IDLE_MINUTES = 30
    with time_machine.travel(START, tick=False) as clock:
        client = login(personas["case_worker"])
        client.get("/")
        first = client.session["masar_last_seen"]
        clock.shift(timedelta(seconds=30))
        client.get("/")
        assert client.session["masar_last_seen"] == first
        for _step in range(3):  # 20 minutes apart: always within the limit
            clock.shift(timedelta(minutes=20))
            assert client.get("/").status_code == 200
        assert client.session["masar_last_seen"] > first
