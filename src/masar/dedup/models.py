"""Duplicate detection: blocking keys per member, candidate pairs to review, merges."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class PersonKey(models.Model):
    """A member's comparison keys, kept in indexed columns so the help desk finds likely
    duplicates in a few index look-ups: normalised name parts, their transliteration-aware
    keys (so Arabic and Latin spellings meet), birth date parts, phone digits, ID number."""

    member = models.OneToOneField(
        "cases.Member", on_delete=models.CASCADE, primary_key=True, related_name="dedup_key"
    )
    household = models.ForeignKey("cases.Household", on_delete=models.CASCADE, related_name="+")
    organisation_id = models.IntegerField(null=True)
    governorate_id = models.IntegerField(null=True)
    given = models.CharField(max_length=80, blank=True)
    father = models.CharField(max_length=80, blank=True)
    grandfather = models.CharField(max_length=80, blank=True)
    family = models.CharField(max_length=80, blank=True)
    given_key = models.CharField(max_length=40, blank=True)
    father_key = models.CharField(max_length=40, blank=True)
    grandfather_key = models.CharField(max_length=40, blank=True)
    family_key = models.CharField(max_length=40, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True)
    date_of_birth = models.DateField(null=True)
    phone_tail = models.CharField(max_length=9, blank=True, db_index=True)
    id_number = models.CharField(max_length=40, blank=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["given_key", "father_key"], name="personkey_given_father"),
            models.Index(fields=["father_key", "grandfather_key"], name="personkey_father_gf"),
        ]


class PairStatus(models.TextChoices):
    PENDING = "pending", _("To review")
    SAME = "same", _("Same household")
    DIFFERENT = "different", _("Different households")
    UNSURE = "unsure", _("Unsure")


class PairSource(models.TextChoices):
    HELP_DESK = "help_desk", _("Help desk")
    BATCH = "batch", _("Registry sweep")


class CandidatePair(models.Model):
    """Two households that may be one, with the evidence, and what a reviewer decided.

    Stored once per pair of households, lower id first, so a sweep never proposes a pair that
    was already decided."""

    household_l = models.ForeignKey("cases.Household", on_delete=models.CASCADE, related_name="+")
    household_r = models.ForeignKey("cases.Household", on_delete=models.CASCADE, related_name="+")
    member_l = models.ForeignKey(
        "cases.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member_r = models.ForeignKey(
        "cases.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    probability = models.FloatField()
    evidence = models.JSONField(default=dict)
    source = models.CharField(max_length=10, choices=PairSource.choices)
    status = models.CharField(
        max_length=10, choices=PairStatus.choices, default=PairStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["household_l", "household_r"], name="pair_unique"),
            models.CheckConstraint(
                condition=models.Q(household_l__lt=models.F("household_r")), name="pair_ordered"
            ),
        ]


class Merge(models.Model):
    """One household merged into another: the record from which the merge is undone.

    Nothing moves: the merged household keeps every event, payment, referral and follow-up and
    points to the survivor, whose case page shows both. Undoing clears the pointer."""

    survivor = models.ForeignKey("cases.Household", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("cases.Household", on_delete=models.PROTECT, related_name="+")
    pair = models.ForeignKey(
        CandidatePair, on_delete=models.PROTECT, null=True, blank=True, related_name="merges"
    )
    merged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)
    flagged_payments = models.JSONField(default=list)
    undone_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
