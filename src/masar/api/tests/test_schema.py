import re

from openapi_spec_validator import validate


def test_the_schema_is_valid_openapi_3(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert "/api/v1/sites/" in schema["paths"]
    assert "/api/v1/areas/" in schema["paths"]


def test_the_docs_page_serves_vendored_assets(client):
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert any("swagger-ui" in asset for asset in assets)
    # Assets, not the whole page: its random CSRF token can spell "cdn". The start-up script
    # comes from the docs view itself (`?script`), everything else from the static files.
    assert all(
        asset.startswith("/static/") or asset.startswith("/api/docs/?") for asset in assets
    ), assets


def test_token_authentication_reads_areas_filtered_by_parent(api_as, personas):
    api = api_as(personas["case_worker"])
    rows = api.get("/api/v1/areas/", {"parent": "IQG15", "limit": 50}).json()["results"]
    assert len(rows) == 9
    assert {row["parent"] for row in rows} == {"IQG15"}
    assert api.get("/api/v1/areas/IQG15/").json()["name_ar"] == "نينوى"


def test_a_wrong_token_is_refused(api_as, db):
    api = api_as()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/v1/areas/").status_code == 401
