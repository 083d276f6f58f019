"""Households on the way to a durable solution, their members, the timeline and each step's record.

Nothing here is ever hard-deleted: cases end in a final state, records are superseded, and the
timeline (`CaseEvent`) is append-only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masar.lib.arabic import normalize_name

from .choices import (
    CaseState,
    ClearanceDecision,
    ClosureOutcome,
    CompositeResult,
    Difficulty,
    DocumentStatus,
    DurabilityCategory,
    EventKind,
    FollowUpKind,
    FollowUpStatus,
    Pathway,
    PaymentChannel,
    PaymentPurpose,
    PaymentStatus,
    RegistrationChannel,
    Relationship,
    Sex,
    TensionLevel,
    VisitKind,
)

USER = settings.AUTH_USER_MODEL


class Household(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_number = models.CharField(_("case number"), max_length=30, unique=True)
    programme = models.CharField(_("programme"), max_length=20, default="FVM")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="households"
    )
    # The governorate where the case is managed (of its current site or location); scoping uses it.
    governorate = models.ForeignKey(
        "geo.AdminArea", on_delete=models.PROTECT, related_name="+", limit_choices_to={"level": 1}
    )
    current_site = models.ForeignKey(
        "geo.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="households"
    )
    current_location = models.ForeignKey(
        "geo.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    origin_area = models.ForeignKey(
        "geo.AdminArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area of origin"),
    )
    pathway = models.CharField(
        _("intended pathway"), max_length=20, choices=Pathway.choices, default=Pathway.RETURN
    )
    destination = models.ForeignKey(
        "geo.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intended destination"),
    )
    registration_channel = models.CharField(
        _("registered through"),
        max_length=20,
        choices=RegistrationChannel.choices,
        default=RegistrationChannel.HELP_DESK,
    )
    registered_on = models.DateField(_("registered on"))
    state = models.CharField(
        _("state"), max_length=24, choices=CaseState.choices, default=CaseState.REGISTERED
    )
    # Optimistic locking: every write bumps it; a write made from a stale form is refused.
    version = models.PositiveIntegerField(default=1)
    assigned_to = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_informed = models.BooleanField(_("informed consent"), default=False)
    consent_voluntary = models.BooleanField(_("voluntary decision"), default=False)
    consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_services = models.BooleanField(_("consents to services"), default=False)
    consent_referral = models.BooleanField(_("consents to referral to partners"), default=False)
    consent_authorities = models.BooleanField(
        _("consents to sharing with authorities"), default=False
    )
    female_headed = models.BooleanField(_("female-headed household"), default=False)
    older_person_alone = models.BooleanField(_("older person alone"), default=False)
    disability = models.BooleanField(_("person with disability"), default=False)
    unaccompanied_child = models.BooleanField(_("unaccompanied or separated child"), default=False)
    chronic_illness = models.BooleanField(_("chronic illness"), default=False)
    survivor = models.BooleanField(_("survivor"), default=False)
    perceived_affiliation = models.BooleanField(_("perceived affiliation"), default=False)
    closure_outcome = models.CharField(
        _("closure outcome"), max_length=30, choices=ClosureOutcome.choices, blank=True
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("household")
        indexes = [
            # The case list and every worklist filter by organisation, governorate and state.
            models.Index(fields=["organisation", "governorate", "state"], name="household_scope"),
            models.Index(fields=["state", "destination"], name="household_state_destination"),
            # The case list's order: the newest registrations first, read from the index.
            models.Index(fields=["-registered_on", "-id"], name="household_newest"),
        ]

    def __str__(self) -> str:
        return self.case_number


class Member(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    relationship = models.CharField(
        _("relationship to head"), max_length=20, choices=Relationship.choices
    )
    given_name = models.CharField(_("given name"), max_length=80)
    father_name = models.CharField(_("father's name"), max_length=80, blank=True)
    grandfather_name = models.CharField(_("grandfather's name"), max_length=80, blank=True)
    family_name = models.CharField(_("family or tribal name"), max_length=80, blank=True)
    latin_name = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    # Normalised name parts (Arabic and Latin) for search; maintained by the actions on save.
    search_key = models.CharField(max_length=400, blank=True, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    national_id_number = models.CharField(_("national ID number"), max_length=40, blank=True)
    national_id = models.CharField(
        _("national ID / unified ID"), max_length=10, choices=DocumentStatus.choices, blank=True
    )
    civil_id = models.CharField(
        _("civil status ID"), max_length=10, choices=DocumentStatus.choices, blank=True
    )
    nationality_cert = models.CharField(
        _("nationality certificate"), max_length=10, choices=DocumentStatus.choices, blank=True
    )
    birth_cert = models.CharField(
        _("birth certificate"), max_length=10, choices=DocumentStatus.choices, blank=True
    )
    passport = models.CharField(
        _("passport"), max_length=10, choices=DocumentStatus.choices, blank=True
    )
    wg_seeing = models.PositiveSmallIntegerField(
        _("seeing"), choices=Difficulty.choices, null=True, blank=True
    )
    wg_hearing = models.PositiveSmallIntegerField(
        _("hearing"), choices=Difficulty.choices, null=True, blank=True
    )
    wg_walking = models.PositiveSmallIntegerField(
        _("walking"), choices=Difficulty.choices, null=True, blank=True
    )
    wg_remembering = models.PositiveSmallIntegerField(
        _("remembering"), choices=Difficulty.choices, null=True, blank=True
    )
    wg_selfcare = models.PositiveSmallIntegerField(
        _("self-care"), choices=Difficulty.choices, null=True, blank=True
    )
    wg_communicating = models.PositiveSmallIntegerField(
        _("communicating"), choices=Difficulty.choices, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["household_id", "id"]
        verbose_name = _("member")
        # Search by ID number is an exact match; phone and name parts use trigram indexes on
        # PostgreSQL (see the migration that adds them).
        indexes = [models.Index(fields=["national_id_number"], name="member_id_number")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        parts = (self.given_name, self.father_name, self.grandfather_name, self.family_name)
        return " ".join(p for p in parts if p)

    def refresh_search_key(self) -> None:
        self.search_key = normalize_name(f"{self.full_name} {self.latin_name}")

    @property
    def is_head(self) -> bool:
        return self.relationship == Relationship.HEAD

    @property
    def has_disability(self) -> bool:
        """Washington Group cut-off: at least 'a lot of difficulty' in any domain."""
        values = (
            self.wg_seeing,
            self.wg_hearing,
            self.wg_walking,
            self.wg_remembering,
            self.wg_selfcare,
            self.wg_communicating,
        )
        return any(v is not None and v >= Difficulty.A_LOT for v in values)


class CaseEvent(models.Model):
    """One line of a case's append-only timeline."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    action = models.CharField(max_length=40, blank=True)
    from_state = models.CharField(max_length=24, choices=CaseState.choices, blank=True)
    to_state = models.CharField(max_length=24, choices=CaseState.choices, blank=True)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    # A default rather than auto_now_add, so that imported and generated histories keep their dates.
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.household} {self.kind} {self.action}"


class Assessment(models.Model):
    """Household needs by sector: `needs` maps a Sector to {"severity": 0-3, "notes": str}."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    needs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]


class Clearance(models.Model):
    """A freedom-of-movement request to the authorities and its decision."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="clearances")
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(
        max_length=10, choices=ClearanceDecision.choices, default=ClearanceDecision.PENDING
    )
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_on", "-id"]


class DestinationAssessment(models.Model):
    """Location-level findings shared by every household going to the location."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    location = models.ForeignKey(
        "geo.Location", on_delete=models.PROTECT, related_name="destination_assessments"
    )
    assessed_on = models.DateField(_("assessed on"))
    sensitization_on = models.DateField(
        _("host-community sensitization done on"), null=True, blank=True
    )
    conditions = models.TextField(_("conditions"), blank=True)
    risks = models.TextField(_("return-related risks"), blank=True)
    explosive_hazards = models.BooleanField(_("explosive hazards reported"), default=False)
    social_tension = models.CharField(
        _("level of social tension"),
        max_length=10,
        choices=TensionLevel.choices,
        default=TensionLevel.NONE,
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["location", "-assessed_on"], name="destassess_latest")]


class Visit(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    visited_on = models.DateField(_("date"))
    participants = models.CharField(_("participants"), max_length=200, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]


class DepartureList(models.Model):
    """A batch of households leaving one site on one date, with a printed manifest."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    site = models.ForeignKey("geo.Site", on_delete=models.PROTECT, related_name="departure_lists")
    departure_date = models.DateField(_("departure date"))
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    governorate = models.ForeignKey("geo.AdminArea", on_delete=models.PROTECT, related_name="+")
    departed = models.BooleanField(default=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-departure_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "departure_date", "organisation"], name="departurelist_unique"
            )
        ]


class Departure(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="departures")
    departure_list = models.ForeignKey(
        DepartureList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departures",
    )
    planned_on = models.DateField(_("planned departure date"))
    transport = models.CharField(_("transport"), max_length=120, blank=True)
    nfi_kit = models.BooleanField(_("NFI kit provided"), default=False)
    asset_removal = models.BooleanField(_("asset removal supported"), default=False)
    authorities_notified_on = models.DateField(
        _("local authorities notified on"), null=True, blank=True
    )
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-planned_on", "-id"]


class Arrival(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="arrivals")
    arrived_on = models.DateField(_("arrival date"))
    location = models.ForeignKey(
        "geo.Location",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actual destination"),
    )
    authority_reference = models.CharField(
        _("registration reference (authorities)"), max_length=60, blank=True
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-arrived_on", "-id"]


class Integration(models.Model):
    """A local integration: the household stays where it lives now, with an agreed plan of
    support; its start date is what the follow-ups hang on (an arrival's place for a return)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="integrations")
    location = models.ForeignKey(
        "geo.Location",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("location of integration"),
    )
    intention_confirmed_on = models.DateField(_("intention to stay confirmed on"))
    support_plan = models.TextField(_("support plan"))
    documentation_support = models.BooleanField(_("civil documentation support"), default=False)
    hlp_support = models.BooleanField(_("housing, land and property support"), default=False)
    started_on = models.DateField(_("integration start date"), null=True, blank=True)
    # A plan is cancelled, never deleted, when the household changes its pathway before it starts.
    cancelled = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class Payment(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="payments")
    purpose = models.CharField(_("purpose"), max_length=20, choices=PaymentPurpose.choices)
    amount_iqd = models.PositiveIntegerField(_("amount (IQD)"))
    status = models.CharField(
        max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.APPROVED
    )
    approved_on = models.DateField(_("approved on"))
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=PaymentChannel.choices, blank=True
    )
    # Set when two households that were both paid are merged: finance must follow up.
    finance_flag = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["approved_on", "id"]
        constraints = [
            # Never paid twice for the same purpose: one live payment per household and purpose.
            models.UniqueConstraint(
                fields=["household", "purpose"],
                condition=~models.Q(status="cancelled"),
                name="payment_once_per_purpose",
            )
        ]


class FollowUp(models.Model):
    """A check-in call or post-return monitoring survey due in a window after arrival."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="follow_ups")
    kind = models.CharField(max_length=10, choices=FollowUpKind.choices)
    due_from = models.DateField(_("due from"))
    due_until = models.DateField(_("due until"))
    status = models.CharField(
        max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.SCHEDULED
    )
    completed_on = models.DateField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    outcome = models.TextField(blank=True)
    protection_risk = models.BooleanField(_("protection risk found"), default=False)
    secondary_displacement = models.BooleanField(_("secondary displacement"), default=False)
    referral_need = models.CharField(_("referral needed for"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_until", "id"]
        indexes = [
            # The "due this week / overdue" worklists.
            models.Index(fields=["status", "due_until"], name="followup_due"),
        ]


class FollowUpAttempt(models.Model):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="attempts")
    attempted_on = models.DateField(_("date"))
    reached = models.BooleanField(_("household reached"), default=False)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["attempted_on", "id"]


class DurabilityAssessment(models.Model):
    """The eight IASC criteria from a PRM survey, and IRIS's five-criterion composite."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="durability_assessments"
    )
    follow_up = models.OneToOneField(FollowUp, on_delete=models.PROTECT, related_name="durability")
    criteria = models.JSONField(default=dict)
    category = models.CharField(max_length=12, choices=DurabilityCategory.choices)
    composite = models.CharField(max_length=16, choices=CompositeResult.choices)
    composite_detail = models.JSONField(default=dict)
    assessed_on = models.DateField()

    class Meta:
        ordering = ["-assessed_on", "-id"]
