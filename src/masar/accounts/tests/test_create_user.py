from masar.accounts.choices import Role
from masar.accounts.grants import get_grants
from masar.accounts.models import Membership, Organisation


def test_it_creates_the_organisation_user_and_scoped_membership(run_command, monkeypatch, db):
    monkeypatch.setenv("NEW_PASSWORD", "a-long-password-1")
    code, out, _ = run_command(
        "create_user", "--username", "amal", "--role", "case_worker", "--org", "Relief NGO",
        "--governorates", "IQG15,IQG01", "--password-from-env", "NEW_PASSWORD",
    )  # fmt: skip
    assert code == 0, out
    membership = Membership.objects.get(user__username="amal")
    assert membership.organisation.kind == "ngo"
    assert sorted(membership.governorates.values_list("pcode", flat=True)) == ["IQG01", "IQG15"]
    assert membership.user.check_password("a-long-password-1")
    grants = get_grants(membership.user)
    assert grants.governorates() == {"IQG01", "IQG15"}
    assert grants.permits(Role.CASE_WORKER, pcode="IQG01")


def test_running_it_again_does_not_duplicate(run_command, db):
    args = ("create_user", "--username", "amal", "--role", "cfm_officer", "--org", "IOM",
            "--org-kind", "un")  # fmt: skip
    run_command(*args)
    run_command(*args)
    assert Organisation.objects.filter(name="IOM").count() == 1
    assert Membership.objects.filter(user__username="amal").count() == 1


def test_an_unknown_governorate_is_refused_with_exit_2(run_command, db):
    code, _, err = run_command(
        "create_user", "--username", "x", "--role", "case_worker", "--org", "O",
        "--governorates", "IQG99",
    )  # fmt: skip
    assert code == 2
    assert "IQG99" in err
    assert not Membership.objects.filter(user__username="x").exists()


def test_an_empty_password_variable_is_refused(run_command, db):
    code, _, err = run_command(
        "create_user", "--username", "x", "--role", "admin", "--org", "O",
        "--password-from-env", "UNSET_VARIABLE_FOR_TEST",
    )  # fmt: skip
    assert code != 0
    assert "UNSET_VARIABLE_FOR_TEST" in err


def test_every_role_of_the_design_exists():
    assert set(Role.values) == {
        "admin", "im_officer", "enumerator", "case_worker", "case_supervisor",
        "partner_focal_point", "government_officer", "cfm_officer", "psea_focal_point",
        "data_protection_officer",
    }  # fmt: skip
