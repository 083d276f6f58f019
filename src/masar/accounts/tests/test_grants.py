"""Grants: one per membership, each with its own role, organisation and governorates."""

from hypothesis import given
from hypothesis import strategies as st

from masar.accounts.choices import Role
from masar.accounts.grants import ANONYMOUS, Grant, build_grants, get_grants

GOVERNORATES = ("IQG01", "IQG09", "IQG15")


def test_a_membership_without_governorates_covers_the_whole_country(personas):
    grants = get_grants(personas["cfm_officer"])
    assert grants.governorates() is None
    assert grants.permits(Role.CFM_OFFICER, pcode="IQG01")


def test_national_roles_cover_every_governorate_whatever_their_membership():
    grants = build_grants(False, [(1, Role.IM_OFFICER, ["IQG15"])])
    assert grants.with_role(Role.IM_OFFICER)[0].governorates is None


def test_a_scoped_case_worker_covers_only_their_governorates(personas):
    grants = get_grants(personas["case_worker"])
    assert grants.permits(Role.CASE_WORKER, pcode="IQG15")
    assert not grants.permits(Role.CASE_WORKER, pcode="IQG01")
    assert not grants.permits(Role.CASE_WORKER, pcode=None)
    assert grants.holds(Role.CASE_WORKER)
    assert not grants.holds(Role.CASE_SUPERVISOR)


def test_a_country_wide_grant_does_not_widen_another_role():
    grants = build_grants(
        False, [(1, Role.CASE_WORKER, ["IQG09"]), (2, Role.PARTNER_FOCAL_POINT, [])]
    )
    assert grants.permits(Role.PARTNER_FOCAL_POINT, pcode="IQG01")
    assert not grants.permits(Role.CASE_WORKER, pcode="IQG01")
    assert not grants.permits(Role.CASE_WORKER, pcode="IQG09", organisation_id=2)
    assert grants.permits(Role.CASE_WORKER, pcode="IQG09", organisation_id=1)


def test_a_superuser_holds_a_country_wide_administrator_grant_only():
    grants = build_grants(True, [])
    assert grants.permits(Role.ADMIN, pcode="IQG01")
    assert not grants.holds(Role.PSEA_FOCAL_POINT)


def test_anonymous_has_no_grants():
    assert not ANONYMOUS.holds(*Role.values)
    assert ANONYMOUS.governorates() == frozenset()


memberships = st.lists(
    st.tuples(
        st.integers(1, 3),
        st.sampled_from(Role.values),
        st.lists(st.sampled_from(GOVERNORATES), unique=True, max_size=2),
    ),
    max_size=5,
)


@given(memberships, st.sampled_from(Role.values), st.sampled_from(GOVERNORATES), st.integers(1, 3))
def test_permission_with_many_grants_is_the_or_of_each_grant(triples, role, pcode, organisation):
    together = build_grants(False, triples)
    alone = [build_grants(False, [triple]) for triple in triples]
    assert together.permits(role, pcode=pcode, organisation_id=organisation) == any(
        grants.permits(role, pcode=pcode, organisation_id=organisation) for grants in alone
    )


@given(memberships)
def test_each_grant_keeps_its_own_governorates(triples):
    grants = build_grants(False, triples)
    for (organisation, role, pcodes), grant in zip(triples, grants.grants, strict=True):
        assert grant == Grant(
            organisation,
            role,
            None if not pcodes or role in (Role.ADMIN, Role.IM_OFFICER) else frozenset(pcodes),
        )
