"""The guards that make returns principled. Each reads one run of a transition (the case, the
acting user, the date, and for input guards the cleaned input) and returns the name of what is
missing — shown to the case worker next to the action and returned by the API — or None."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from masar.accounts.choices import SUPERVISORS
from masar.core.workflow import Context
from masar.lib.dates import add_months

from .access import permits
from .choices import ClearanceDecision, ClosureOutcome, DurabilityCategory, FollowUpKind, Pathway
from .models import DestinationAssessment, DurabilityAssessment
from .severity import destination_concerns, has_override


def consent_is_current(ctx: Context) -> str | None:
    household = ctx.obj
    if not (household.consent_informed and household.consent_voluntary and household.consent_at):
        return _("informed and voluntary consent")
    valid_days = settings.MASAR["CONSENT_VALID_DAYS"]
    # The consent's date in Baghdad, as `today` is: a consent recorded at 23:30 on 31 December
    # belongs to 31 December, not to the UTC date.
    recorded_on = timezone.localdate(household.consent_at)
    if (ctx.today - recorded_on).days > valid_days:
        return _("renewed consent (the recorded consent is older than %(days)s days)") % {
            "days": valid_days
        }
    return None


def consents_to_authorities(ctx: Context) -> str | None:
    if not ctx.obj.consent_authorities:
        return _("consent to share the case with the authorities")
    return None


def has_granted_clearance(ctx: Context) -> str | None:
    latest = ctx.obj.clearances.order_by("-id").first()
    if latest is None or latest.decision != ClearanceDecision.GRANTED:
        return _("a granted clearance")
    return None


def has_destination(ctx: Context) -> str | None:
    if ctx.obj.destination_id is None:
        return _("an intended destination")
    return None


def relocation_leaves_area_of_origin(ctx: Context) -> str | None:
    """A relocation goes to a third location: its destination lies outside the area of origin
    (a move back there is a return). Read from the input when it names a pathway or a
    destination (changing either), else from the case. P-codes nest, so a destination known
    only by an area that contains the area of origin is refused too: it may be the same place."""
    household = ctx.obj
    if (ctx.data.get("pathway") or household.pathway) != Pathway.RELOCATION:
        return None
    destination = ctx.data.get("destination") or household.destination
    if destination is None:
        return None  # `has_destination` names that gap.
    origin = household.origin_area
    if origin is None:
        return _("the area of origin (a relocation's destination must lie outside it)")
    inner, outer = destination.area.pcode, origin.pcode
    if inner.startswith(outer) or outer.startswith(inner):
        return _(
            "a destination outside the area of origin (%(origin)s): a relocation goes to a third "
            "location; a move back to the area of origin is a return"
        ) % {"origin": origin.name}
    return None


def destination_is_assessed(ctx: Context) -> str | None:
    """A destination assessment of the destination, no older than the configured validity."""
    household = ctx.obj
    if household.destination_id is None:
        return None  # `has_destination` names that gap.
    latest = (
        DestinationAssessment.objects.filter(location_id=household.destination_id)
        .order_by("-assessed_on")
        .values_list("assessed_on", flat=True)
        .first()
    )
    if latest is None:
        return _("a destination assessment of the destination location")
    months = settings.MASAR["DESTINATION_ASSESSMENT_VALID_MONTHS"]
    if latest < add_months(ctx.today, -months):
        return _(
            "a destination assessment from the last %(months)s months (the latest is of %(date)s)"
        ) % {"months": months, "date": latest.isoformat()}
    return None


def severe_destination_is_overridden(ctx: Context) -> str | None:
    household = ctx.obj
    if household.destination_id is None or not destination_concerns(household):
        return None
    if has_override(household):
        return None
    return _("a supervisor's override for a severe destination")


def has_completed_check_in_or_prm(ctx: Context) -> str | None:
    if not ctx.obj.follow_ups.filter(status="done").exists():
        return _("a completed check-in call or post-return monitoring")
    return None


def durable_closure_is_supported(ctx: Context) -> str | None:
    """Closing as a durable solution needs a completed PRM; after monitoring that found the
    household at risk (or worse) only a supervisor may close it as durable."""
    if ctx.data.get("outcome") != ClosureOutcome.DURABLE_SOLUTION:
        return None
    household = ctx.obj
    if not household.follow_ups.filter(kind=FollowUpKind.PRM, status="done").exists():
        return _("a completed post-return monitoring survey")
    latest = (
        DurabilityAssessment.objects.filter(household=household)
        .order_by("-assessed_on", "-id")
        .values_list("category", flat=True)
        .first()
    )
    if latest not in (None, DurabilityCategory.DURABLE) and not permits(
        ctx.user, household, SUPERVISORS
    ):
        return _("a supervisor (the latest monitoring found the household not yet durable)")
    return None
