import re

import pytest
from django.urls import reverse


def test_the_login_page_needs_no_account(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_home_requires_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_signing_in_with_the_right_password_reaches_home(client, personas):
    response = client.post(
        "/accounts/login/", {"username": "cw_ninewa", "password": "persona-password-1"}
    )
    assert response.status_code == 302
    home = client.get("/")
    assert "cw_ninewa" in home.content.decode()


def test_switching_to_arabic_renders_right_to_left(login, personas):
    client = login(personas["case_worker"])
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert re.search(r'<html lang="ar" dir="rtl">', html)


def test_kurdish_is_right_to_left_too(login, personas):
    client = login(personas["case_worker"])
    client.post("/i18n/setlang/", {"language": "ckb", "next": "/"})
    assert 'dir="rtl"' in client.get("/").content.decode()


def test_static_assets_are_served_by_the_app_with_no_cdn(login, personas):
    client = login(personas["case_worker"])
    html = client.get("/geo/areas/IQ/").content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert not re.search(r'(src|href)="https?://', html)
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert client.get("/static/masar/masar.css").status_code == 200


def test_the_menu_shows_entries_for_signed_in_users_only(client, login, personas):
    assert "/geo/sites/" not in client.get("/accounts/login/").content.decode()
    assert "/geo/sites/" in login(personas["case_worker"]).get("/").content.decode()


def test_pages_stay_light(login, personas):
    client = login(personas["case_worker"])
    html = client.get("/").content
    css = b"".join(client.get("/static/masar/masar.css").streaming_content)
    assert len(html) + len(css) < 40_000


@pytest.mark.parametrize(
    ("language", "referrals", "feedback"),
    [("ar", "الإحالات", "الشكاوى والملاحظات"), ("ckb", "ڕەوانەکردنەکان", None)],
)
def test_the_interface_is_translated(language, referrals, feedback, login, personas):
    """The compiled catalogues ship: menus and headings read in Arabic and Kurdish."""
    client = login(personas["admin"])
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    home = client.get("/").content.decode()
    assert referrals in home
    assert ">Referrals<" not in home
    if feedback:
        assert feedback in client.get("/feedback/").content.decode()
