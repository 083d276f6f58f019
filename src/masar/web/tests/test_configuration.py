import re
from pathlib import Path

from django.core.checks import run_checks
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[4]


def test_every_environment_variable_the_settings_read_is_documented():
    source = (ROOT / "src/masar/settings.py").read_text()
    read = set(re.findall(r'env(?:bool|list|int|days)?\("([A-Z_]+)"', source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "expected the settings to read environment variables"
    assert read <= documented, f"undocumented: {sorted(read - documented)}"


def test_a_short_secret_key_is_refused_when_debug_is_off():
    with override_settings(DEBUG=False, SECRET_KEY="short"):
        ids = [message.id for message in run_checks()]
    assert "masar.E001" in ids


def test_every_role_is_in_the_glossary():
    from masar.accounts.choices import Role

    glossary = (ROOT / "docs/glossary.md").read_text()
    assert all(f"`{role}`" in glossary for role in Role.values)


def test_every_workflow_state_and_referral_status_is_in_the_glossary():
    from masar.cases.choices import CaseState
    from masar.referrals.choices import ReferralStatus

    glossary = (ROOT / "docs/glossary.md").read_text()
    missing = [s for s in [*CaseState.values, *ReferralStatus.values] if f"`{s}`" not in glossary]
    assert missing == []


def test_the_layers_in_the_architecture_guide_are_the_checked_ones():
    import tomllib

    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = contract["contracts"][0]["layers"]
    guide = (ROOT / "docs/architecture.md").read_text()
    drawn = guide.split("## Layers", 1)[1].split("```")[1].split()
    assert " ".join(drawn) == " ".join(" ".join(layers).split())
