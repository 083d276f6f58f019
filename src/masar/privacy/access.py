"""Who may answer a subject-access request: whoever may see the household's case.

No rule of its own: the household must be among those the cases app shows the user.
"""

from __future__ import annotations

from django.http import Http404

from masar.cases.access import households_visible_to
from masar.cases.models import Household


def household_for_subject_access(user, case_number: str) -> Household:
    """The household `case_number` if `user` may see it; otherwise 404, as for any record."""
    try:
        return households_visible_to(user).get(case_number=case_number)
    except Household.DoesNotExist as error:
        raise Http404 from error
