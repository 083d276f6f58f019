from masar.accounts.scope import ANONYMOUS, get_scope


def test_a_membership_without_governorates_covers_the_whole_country(personas):
    assert get_scope(personas["cfm_officer"]).national


def test_national_roles_cover_every_governorate_whatever_their_membership(personas):
    scope = get_scope(personas["im_officer"])
    assert scope.national
    assert scope.covers_governorate("IQG01")


def test_a_scoped_case_worker_covers_only_their_governorates(personas):
    scope = get_scope(personas["case_worker"])
    assert scope.covers_governorate("IQG15")
    assert not scope.covers_governorate("IQG01")
    assert not scope.covers_governorate(None)
    assert scope.has_role("case_worker")
    assert not scope.has_role("case_supervisor")


def test_only_supervisors_and_psea_see_sensitive_flags(personas):
    assert get_scope(personas["supervisor"]).sees_sensitive
    assert get_scope(personas["psea"]).sees_sensitive
    assert not get_scope(personas["case_worker"]).sees_sensitive


def test_anonymous_has_no_scope(client):
    assert get_scope(None) is ANONYMOUS
    assert not ANONYMOUS.covers_governorate("IQG15")
