from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VALIDATED = "validated", _("Validated")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PopulationType(models.TextChoices):
    IDP = "idp", _("IDPs")
    RETURNEE = "returnee", _("Returnees")


class ShelterGroup(models.TextChoices):
    CAMP = "camp", _("Camp")
    CRITICAL = "critical", _("Critical shelter")
    PRIVATE = "private", _("Private setting")
    UNKNOWN = "unknown", _("Unknown")


class Shelter(models.TextChoices):
    CAMP = "camp", _("Camp")
    TRANSIT_CAMP = "transit_camp", _("Transit camp")
    RENTED_HOUSE = "rented_house", _("Rented house")
    RENTED_HOTEL = "rented_hotel", _("Rented hotel")
    OWN_HOUSE = "own_house", _("Own house")
    WITH_RELATIVES = "with_relatives", _("With relatives")
    HOST_FAMILY = "host_family", _("With host family (not relatives)")
    SCHOOL = "school", _("School")
    RELIGIOUS_BUILDING = "religious_building", _("Religious building")
    ABANDONED_BUILDING = "abandoned_building", _("Abandoned, unfinished or public building")
    COLLECTIVE_CENTRE = "collective_centre", _("Collective centre")
    INFORMAL_SETTLEMENT = "informal_settlement", _("Informal settlement")
    MILITARY_CAMP = "military_camp", _("Military camp")
    RENTED_UNFIT = "rented_unfit", _("Rented, unfit for habitation")
    UNKNOWN = "unknown", _("Unknown or other")


# DTM's four shelter groups: every detailed shelter type belongs to exactly one.
SHELTER_GROUP: dict[str, ShelterGroup] = {
    Shelter.CAMP: ShelterGroup.CAMP,
    Shelter.TRANSIT_CAMP: ShelterGroup.CAMP,
    Shelter.RENTED_HOUSE: ShelterGroup.PRIVATE,
    Shelter.RENTED_HOTEL: ShelterGroup.PRIVATE,
    Shelter.OWN_HOUSE: ShelterGroup.PRIVATE,
    Shelter.WITH_RELATIVES: ShelterGroup.PRIVATE,
    Shelter.HOST_FAMILY: ShelterGroup.PRIVATE,
    Shelter.SCHOOL: ShelterGroup.CRITICAL,
    Shelter.RELIGIOUS_BUILDING: ShelterGroup.CRITICAL,
    Shelter.ABANDONED_BUILDING: ShelterGroup.CRITICAL,
    Shelter.COLLECTIVE_CENTRE: ShelterGroup.CRITICAL,
    Shelter.INFORMAL_SETTLEMENT: ShelterGroup.CRITICAL,
    Shelter.MILITARY_CAMP: ShelterGroup.CRITICAL,
    Shelter.RENTED_UNFIT: ShelterGroup.CRITICAL,
    Shelter.UNKNOWN: ShelterGroup.UNKNOWN,
}
CAMP_SHELTERS = frozenset(s for s, g in SHELTER_GROUP.items() if g == ShelterGroup.CAMP)


class Period(models.TextChoices):
    """DTM Iraq's six waves of displacement (for returnees: the period of return, same codes)."""

    PRE_JUNE_2014 = "pre_jun_2014", _("Before June 2014")
    JUN_JUL_2014 = "jun_jul_2014", _("June–July 2014")
    AUG_2014 = "aug_2014", _("August 2014")
    POST_SEP_2014 = "post_sep_2014", _("September 2014 – March 2015")
    POST_APR_2015 = "post_apr_2015", _("April 2015 – February 2016")
    POST_MAR_2016 = "post_mar_2016", _("March 2016 onwards")
    UNKNOWN = "", _("Unknown")


class ImportKind(models.TextChoices):
    MASTERLIST = "masterlist", _("Master list")
    DTM_API = "dtm_api", _("DTM admin-level series")


class ImportOutcome(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    REJECTED = "rejected", _("Rejected")
    DRY_RUN = "dry_run", _("Checked (dry run)")


class EmergencyCause(models.TextChoices):
    CONFLICT = "conflict", _("Conflict")
    FLOOD = "flood", _("Flood")
    DROUGHT = "drought", _("Drought")
    WATER_SCARCITY = "water_scarcity", _("Water scarcity")
    OTHER = "other", _("Other")


class EmergencyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class EmergencyPublication(models.TextChoices):
    """Whether an emergency's figures reach the public dashboard: apart from its status, since an
    active emergency is published while it unfolds and a closed one may stay internal."""

    INTERNAL = "internal", _("Not published")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
