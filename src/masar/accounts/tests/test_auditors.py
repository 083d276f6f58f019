"""The data-protection officer reads the audit trail, and gets no case or ticket content."""

import pytest

from masar.accounts.choices import CASE_ACTORS, SENSITIVE_DATA_ROLES, TICKET_HANDLERS, Role
from masar.accounts.grants import get_grants, may_audit

pytestmark = pytest.mark.django_db


def test_administrators_and_data_protection_officers_may_audit(personas):
    assert may_audit(personas["dpo"])
    assert may_audit(personas["admin"])


@pytest.mark.parametrize("key", ["case_worker", "supervisor", "partner", "psea", "cfm_officer"])
def test_other_roles_may_not_audit(personas, key):
    assert not may_audit(personas[key])


def test_the_data_protection_role_brings_no_content_access(personas):
    grants = get_grants(personas["dpo"])
    assert grants.roles == {Role.DATA_PROTECTION_OFFICER}
    assert not grants.holds(*CASE_ACTORS, *TICKET_HANDLERS, *SENSITIVE_DATA_ROLES)
