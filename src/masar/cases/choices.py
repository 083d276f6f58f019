"""Enumerations of the cases app. The workflow's transition table lives in `workflow.py`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSESSED = "assessed", _("Assessed")
    CLEARANCE_REQUESTED = "clearance_requested", _("Clearance requested")
    CLEARED = "cleared", _("Cleared")
    CLEARANCE_DENIED = "clearance_denied", _("Clearance denied")
    DEPARTURE_SCHEDULED = "departure_scheduled", _("Departure scheduled")
    DEPARTED = "departed", _("Departed")
    ARRIVED = "arrived", _("Arrived")
    INTEGRATION_PLANNED = "integration_planned", _("Integration plan agreed")
    INTEGRATING = "integrating", _("Integrating locally")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States from which a household may still withdraw: everything before it has left.
BEFORE_DEPARTURE = frozenset(
    {
        CaseState.REGISTERED,
        CaseState.ASSESSED,
        CaseState.CLEARANCE_REQUESTED,
        CaseState.CLEARED,
        CaseState.CLEARANCE_DENIED,
        CaseState.DEPARTURE_SCHEDULED,
    }
)
FINAL_STATES = frozenset({CaseState.CLOSED, CaseState.WITHDRAWN})
# Where the household is where it means to stay, and its follow-ups run: arrived (return,
# relocation) or its local integration started.
SETTLED = frozenset({CaseState.ARRIVED, CaseState.INTEGRATING})
# States from which a household may still withdraw or change its pathway: before it left, or
# before its local integration started.
BEFORE_SETTLING = BEFORE_DEPARTURE | {CaseState.INTEGRATION_PLANNED}


class Pathway(models.TextChoices):
    RETURN = "return", _("Return to area of origin")
    LOCAL_INTEGRATION = "local_integration", _("Local integration")
    RELOCATION = "relocation", _("Relocation to a third location")


class RegistrationChannel(models.TextChoices):
    HELP_DESK = "help_desk", _("Help desk in camp")
    HELP_LINE = "help_line", _("Help line")
    OUTREACH = "outreach", _("Outreach")


class Sex(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Son or daughter")
    PARENT = "parent", _("Father or mother")
    SIBLING = "sibling", _("Brother or sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    NOT_RELATED = "not_related", _("Not related")


class DocumentStatus(models.TextChoices):
    HELD = "held", _("Held")
    MISSING = "missing", _("Missing")
    EXPIRED = "expired", _("Expired")
    LOST = "lost", _("Lost")


# The civil documents a member may hold: field prefix on Member, label.
DOCUMENTS = (
    ("national_id", _("National ID / unified ID")),
    ("civil_id", _("Civil status ID")),
    ("nationality_cert", _("Nationality certificate")),
    ("birth_cert", _("Birth certificate")),
    ("passport", _("Passport")),
)


class Difficulty(models.IntegerChoices):
    """Washington Group short-set answer scale."""

    NONE = 1, _("No difficulty")
    SOME = 2, _("Some difficulty")
    A_LOT = 3, _("A lot of difficulty")
    CANNOT = 4, _("Cannot do at all")


# The six Washington Group short-set domains: Member field name, label.
WG_DOMAINS = (
    ("wg_seeing", _("Seeing")),
    ("wg_hearing", _("Hearing")),
    ("wg_walking", _("Walking or climbing steps")),
    ("wg_remembering", _("Remembering or concentrating")),
    ("wg_selfcare", _("Self-care")),
    ("wg_communicating", _("Communicating")),
)


class Vulnerability(models.TextChoices):
    FEMALE_HEADED = "female_headed", _("Female-headed household")
    OLDER_PERSON_ALONE = "older_person_alone", _("Older person alone")
    DISABILITY = "disability", _("Person with disability")
    UNACCOMPANIED_CHILD = "unaccompanied_child", _("Unaccompanied or separated child")
    CHRONIC_ILLNESS = "chronic_illness", _("Chronic illness")
    SURVIVOR = "survivor", _("Survivor")
    PERCEIVED_AFFILIATION = "perceived_affiliation", _("Perceived affiliation")


# Flags only roles with the sensitive-data permission may see or set.
SENSITIVE_VULNERABILITIES = frozenset({Vulnerability.SURVIVOR, Vulnerability.PERCEIVED_AFFILIATION})


class Sector(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    LIVELIHOODS = "livelihoods", _("Livelihoods")
    HLP = "hlp", _("Housing, land and property")
    DOCUMENTATION = "documentation", _("Documentation")
    HEALTH = "health", _("Health")
    MHPSS = "mhpss", _("Mental health and psychosocial support")
    EDUCATION = "education", _("Education")
    PROTECTION = "protection", _("Protection")


class NeedSeverity(models.IntegerChoices):
    NONE = 0, _("No need")
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class ClearanceDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    DENIED = "denied", _("Denied")


class TensionLevel(models.TextChoices):
    NONE = "none", _("None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class VisitKind(models.TextChoices):
    GO_AND_SEE = "go_and_see", _("Go-and-see")
    COME_AND_TELL = "come_and_tell", _("Come-and-tell")


class PaymentPurpose(models.TextChoices):
    DEPARTURE = "departure", _("Departure grant")
    REINSTALLATION = "reinstallation", _("Reinstallation grant")


class PaymentStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class PaymentChannel(models.TextChoices):
    CASH = "cash", _("Cash in hand")
    MOBILE_MONEY = "mobile_money", _("Mobile money")
    BANK = "bank", _("Bank transfer")


class FollowUpKind(models.TextChoices):
    CHECK_IN = "check_in", _("Check-in call")
    PRM = "prm", _("Post-return monitoring")


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class CriterionStatus(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    UNKNOWN = "unknown", _("Unknown")


class DurabilityCategory(models.TextChoices):
    DURABLE = "durable", _("Durable")
    AT_RISK = "at_risk", _("At risk")
    NOT_DURABLE = "not_durable", _("Not durable")


class CompositeResult(models.TextChoices):
    MET = "met", _("All criteria met")
    NOT_MET = "not_met", _("Not met")
    NOT_DETERMINED = "not_determined", _("Not determined")


class ClosureOutcome(models.TextChoices):
    DURABLE_SOLUTION = "durable_solution", _("Durable solution reached")
    SECONDARY_DISPLACEMENT = "secondary_displacement", _("Secondary displacement")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    OTHER = "other", _("Other")


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    TRANSITION = "transition", _("State changed")
    OVERRIDE = "override", _("Supervisor override")
    RECORD = "record", _("Record added")
    UPDATE = "update", _("Details updated")
    FOLLOW_UP = "follow_up", _("Follow-up")
    PAYMENT = "payment", _("Payment")
    REFERRAL = "referral", _("Referral")
    MERGE = "merge", _("Merge")
