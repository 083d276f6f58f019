from masar.accounts.models import Organisation
from masar.geo.models import AdminArea
from masar.referrals import actions


def livelihoods_service(partner_user, governorates=("IQG15",), **data):
    organisation = Organisation.objects.get(name="Livelihoods Partner")
    return actions.publish_service(
        partner_user,
        organisation,
        {"name": "Cash for work", "sector": "livelihoods", "response_days": 5, **data},
        AdminArea.objects.filter(pcode__in=governorates),
    )
