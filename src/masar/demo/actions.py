"""Build the demonstration instance: geography, generated data and one user per role."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from masar.accounts.actions import create_user
from masar.accounts.choices import OrganisationKind, Role
from masar.core.demo import DemoContext, get_steps
from masar.geo.actions import load_geography

from .models import GeneratedStep

# username, role, organisation, kind, governorates
DEMO_USERS = [
    ("admin", Role.ADMIN, "IOM Iraq", OrganisationKind.UN, ""),
    ("im_officer", Role.IM_OFFICER, "IOM Iraq", OrganisationKind.UN, ""),
    ("enumerator", Role.ENUMERATOR, "IOM Iraq", OrganisationKind.UN, "IQG15"),
    ("case_worker", Role.CASE_WORKER, "Durable Solutions Partner", OrganisationKind.NGO,
     "IQG15,IQG09,IQG11"),
    ("case_supervisor", Role.CASE_SUPERVISOR, "Durable Solutions Partner", OrganisationKind.NGO,
     "IQG15,IQG09,IQG11"),
    ("partner_focal_point", Role.PARTNER_FOCAL_POINT, "Livelihoods Partner", OrganisationKind.NGO,
     "IQG15"),
    ("government_officer", Role.GOVERNMENT_OFFICER, "Ministry of Migration and Displacement",
     OrganisationKind.GOVERNMENT, "IQG15,IQG09,IQG11"),
    ("cfm_officer", Role.CFM_OFFICER, "IOM Iraq", OrganisationKind.UN, ""),
    ("psea_focal_point", Role.PSEA_FOCAL_POINT, "IOM Iraq", OrganisationKind.UN, ""),
    ("data_protection_officer", Role.DATA_PROTECTION_OFFICER, "IOM Iraq", OrganisationKind.UN,
     ""),
]  # fmt: skip


def generate_demo_data(
    *, seed: int, scale: str, report: Callable[[str], None] = lambda _: None
) -> list[str]:
    """Run every registered step not yet run on this instance; return the names of those run.

    Each step commits on its own, so an interrupted build resumes where it stopped.
    """
    context = DemoContext(seed=seed, scale=scale)
    # Steps record who did what (case workers, officers): the demo users exist first.
    create_demo_users()
    done = set(GeneratedStep.objects.values_list("name", flat=True))
    ran = []
    for step in get_steps():
        if step.name in done:
            report(f"  {step.label}: already generated")
            continue
        with transaction.atomic():
            summary = step.func(context) or {}
            GeneratedStep.objects.create(name=step.name, seed=seed, scale=scale, summary=summary)
        details = ", ".join(
            f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in summary.items()
        )
        report(f"  {step.label}: {details}")
        ran.append(step.name)
    return ran


def create_demo_users() -> list[tuple[str, str]]:
    """Create one user per role sharing the demo password; return (username, role) pairs."""
    password = settings.MASAR["DEMO_PASSWORD"]
    for username, role, org, kind, governorates in DEMO_USERS:
        create_user(
            username=username,
            role=role,
            organisation=org,
            organisation_kind=kind,
            governorates=governorates.split(","),
            password=password,
        )
    return [(username, role) for username, role, *_ in DEMO_USERS]


def build_demo(*, seed: int, scale: str, report: Callable[[str], None]) -> None:
    report("Loading Iraq geography…")
    load_geography()
    report(f"Generating demo data (seed {seed}, {scale} scale)…")
    generate_demo_data(seed=seed, scale=scale, report=report)
