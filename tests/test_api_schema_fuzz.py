"""The whole OpenAPI schema fuzzed by schemathesis as three roles: no server error, and every
answer (errors included) as the schema documents it."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

pytestmark = pytest.mark.django_db

# A deeper run: MASAR_FUZZ_EXAMPLES=100 make test (the default keeps the suite quick).
EXAMPLES = int(os.environ.get("MASAR_FUZZ_EXAMPLES", "3"))
ROLES = ("case_worker", "partner", "im_officer")

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
# Requests go in-process to Django's WSGI application; random inputs only (the coverage phase's
# exhaustive boundary values would take minutes for the 42 operations).
schema.app = WSGIHandler()
schema.config.phases.update(phases=["fuzzing"])


@pytest.fixture
def wsgi_app():
    """The application, keeping the test's connection open across requests (as the test client
    does) so that every request sees, and rolls back with, the test's data."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema.app
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(personas, api_as):
    return [api_as(personas[role])._credentials["HTTP_AUTHORIZATION"] for role in ROLES]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_every_operation_answers_as_documented(case, credentials, wsgi_app):
    # Input that fits the schema may still name a site or a household that does not exist, or
    # break a business rule: a 400 then is the right answer, not a schema violation. Filters
    # and paging forgive what they cannot read (an empty `status=`, `limit=x` falls back to the
    # default page), as DRF does: a lenient answer is not a violation either.
    for authorization in credentials:
        # call_and_validate raises on any failed check; the status is asserted here as well.
        response = case.call_and_validate(
            app=wsgi_app,
            headers={"Authorization": authorization},
            excluded_checks=[positive_data_acceptance, negative_data_rejection],
        )
        assert response.status_code < 500, (case.method, case.path, response.status_code)
