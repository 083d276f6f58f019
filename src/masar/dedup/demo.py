"""Duplicate detection on the demo registry: comparison keys for every member, a few households
registered twice (another help desk, another spelling), and a first sweep queueing them."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from masar.cases import actions as cases
from masar.cases.access import households_visible_to
from masar.cases.choices import CaseState
from masar.cases.models import Member
from masar.core.demo import DemoContext, step

from .actions import queue_registry_pairs, rebuild_keys

# Spellings a second help desk might use for the same names.
VARIANTS = str.maketrans({"ة": "ه", "أ": "ا", "إ": "ا", "ى": "ي"})
CONSENT = ("consent_informed", "consent_voluntary", "consent_services", "consent_referral")


@step("dedup.keys", order=70, label="Duplicate-detection keys and a first sweep")
def generate_duplicates(context: DemoContext) -> dict:
    rng = context.rng("dedup")
    worker = get_user_model().objects.get(username="case_worker")
    originals = list(
        households_visible_to(worker)
        .filter(state=CaseState.REGISTERED)
        .select_related("current_site", "destination")
        .order_by("id")[:400]
    )
    twins = 0
    for household in rng.sample(originals, min(context.scaled(24, minimum=8), len(originals))):
        head = Member.objects.filter(household=household, relationship="head").first()
        if head is None or household.current_site is None:
            continue
        parts = head.latin_name.split() if rng.random() < 0.4 else []
        if len(parts) < 2:
            parts = [head.given_name, head.father_name]
        given, father = parts[0], parts[1]
        cases.register_household(
            worker,
            {"current_site": household.current_site, "destination": household.destination,
             "pathway": household.pathway, **dict.fromkeys(CONSENT, True)},
            [{"relationship": "head", "sex": head.sex, "given_name": given.translate(VARIANTS),
              "father_name": father.translate(VARIANTS), "grandfather_name": head.grandfather_name,
              "birth_year": head.birth_year or (head.date_of_birth and head.date_of_birth.year),
              "phone": head.phone if rng.random() < 0.5 else ""}],
        )  # fmt: skip
        twins += 1
    keys = rebuild_keys()
    sweep = queue_registry_pairs()
    return {"keys": keys, "registered_twice": twins, "queued": sweep["queued"]}
