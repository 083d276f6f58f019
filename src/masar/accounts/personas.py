"""Users with one membership each, made the same way by the test suite and set-up scripts of
every app (tests of any app may import this: accounts sits below them all)."""

from __future__ import annotations

from masar.accounts.actions import create_user
from masar.accounts.choices import OrganisationKind

PASSWORD = "persona-password-1"


def make_persona(username, role, org="Help Desk NGO", kind=OrganisationKind.NGO, govs=""):
    """A user holding `role` in `org` for the comma-separated governorates `govs` (none: all);
    called again with another role, it adds a second grant to the same user."""
    return create_user(
        username=username,
        role=role,
        organisation=org,
        organisation_kind=kind,
        governorates=govs.split(","),
        password=PASSWORD,
    )
