from django.utils import timezone

from masar.accounts.models import Organisation
from masar.geo.models import AdminArea
from masar.referrals import actions
from masar.referrals.models import Referral
from masar.referrals.workflow import REFERRAL_WORKFLOW


def livelihoods_service(partner_user, governorates=("IQG15",), **data):
    organisation = Organisation.objects.get(name="Livelihoods Partner")
    return actions.publish_service(
        partner_user,
        organisation,
        {"name": "Cash for work", "sector": "livelihoods", "response_days": 5, **data},
        AdminArea.objects.filter(pcode__in=governorates),
    )


def valid_input(action: str) -> dict:
    """Input each lifecycle action accepts."""
    if action == "complete":
        return {"outcome": "Enrolled for three months", "service_date": timezone.localdate()}
    if action in ("decline", "close_without_service", "withdraw"):
        return {"reason": "Not eligible"}
    return {}


def walk(referral: Referral, user, *actions_: str) -> Referral:
    """Take the lifecycle actions in turn through the workflow, as `user`."""
    for action in actions_:
        referral = REFERRAL_WORKFLOW.run(user, referral, action, valid_input(action))
    return referral
