"""From a post-return monitoring survey to the eight IASC criteria and IRIS's composite measure.

The mapping is documented here and in docs/durability.md. Each PRM question is a yes/no answer
(missing when not asked or not answered); a criterion is *met* when all its questions have the
positive answer, *not met* when any has the negative answer, and *unknown* otherwise.

Overall category: *durable* when all eight criteria are met; *not durable* when safety and security
is not met or three or more criteria are not met; *at risk* otherwise.

IRIS's composite measure (five criteria: safety and security; adequate standard of living;
livelihoods; housing, land and property; documentation) passes only when every sub-criterion
passes; it fails as soon as one fails; and any missing answer otherwise leaves it "not determined".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import CompositeResult, CriterionStatus, DurabilityCategory


@dataclass(frozen=True)
class Question:
    code: str
    label: str
    criterion: str
    positive: str  # "yes" or "no": which answer supports a durable solution


CRITERIA = (
    ("safety", _("Safety and security")),
    ("standard_of_living", _("Adequate standard of living")),
    ("livelihoods", _("Access to livelihoods")),
    ("hlp", _("Housing, land and property")),
    ("documentation", _("Documentation")),
    ("family_reunification", _("Family reunification")),
    ("participation", _("Participation in public affairs")),
    ("remedies", _("Access to remedies and justice")),
)
IRIS_CRITERIA = ("safety", "standard_of_living", "livelihoods", "hlp", "documentation")

PRM_QUESTIONS = (
    Question("feels_safe", _("Do household members feel safe in the area?"), "safety", "yes"),
    Question(
        "security_incident",
        _("Has any member experienced a security incident since return?"),
        "safety",
        "no",
    ),
    Question(
        "enough_food",
        _("Did the household have enough food last month?"),
        "standard_of_living",
        "yes",
    ),
    Question(
        "water_access", _("Does the household have sufficient water?"), "standard_of_living", "yes"
    ),
    Question(
        "health_access",
        _("Can the household reach a functioning health facility?"),
        "standard_of_living",
        "yes",
    ),
    Question(
        "income_source",
        _("Does the household have a regular source of income?"),
        "livelihoods",
        "yes",
    ),
    Question("debt_rising", _("Has the household's debt grown since return?"), "livelihoods", "no"),
    Question("adequate_housing", _("Does the household live in adequate housing?"), "hlp", "yes"),
    Question(
        "property_occupied", _("Is the household's property occupied by others?"), "hlp", "no"
    ),
    Question(
        "documents_complete",
        _("Do all members hold their civil documents?"),
        "documentation",
        "yes",
    ),
    Question(
        "members_separated",
        _("Is any member separated from the household against their will?"),
        "family_reunification",
        "no",
    ),
    Question(
        "public_participation",
        _("Can members take part in public affairs (e.g. vote, community meetings)?"),
        "participation",
        "yes",
    ),
    Question(
        "justice_access",
        _("Could the household seek remedy for violations (courts, compensation)?"),
        "remedies",
        "yes",
    ),
)


def _answer(answers: dict, question: Question) -> bool | None:
    """True if the answer supports a durable solution, False if not, None when missing."""
    value = str(answers.get(question.code, "") or "").strip().lower()
    if value not in ("yes", "no"):
        return None
    return value == question.positive


def assess_criteria(answers: dict) -> dict[str, str]:
    """Return each IASC criterion's status from the PRM answers."""
    statuses = {}
    for criterion, _label in CRITERIA:
        results = [_answer(answers, q) for q in PRM_QUESTIONS if q.criterion == criterion]
        if any(r is False for r in results):
            statuses[criterion] = CriterionStatus.NOT_MET.value
        elif results and all(r is True for r in results):
            statuses[criterion] = CriterionStatus.MET.value
        else:
            statuses[criterion] = CriterionStatus.UNKNOWN.value
    return statuses


def overall_category(criteria: dict[str, str]) -> str:
    not_met = [c for c, status in criteria.items() if status == CriterionStatus.NOT_MET]
    if "safety" in not_met or len(not_met) >= 3:
        return DurabilityCategory.NOT_DURABLE.value
    if all(status == CriterionStatus.MET for status in criteria.values()):
        return DurabilityCategory.DURABLE.value
    return DurabilityCategory.AT_RISK.value


def iris_composite(answers: dict) -> tuple[str, dict[str, bool | None]]:
    """Return IRIS's composite result and the pass/fail/missing of each sub-criterion."""
    detail = {q.code: _answer(answers, q) for q in PRM_QUESTIONS if q.criterion in IRIS_CRITERIA}
    if any(passed is False for passed in detail.values()):
        return CompositeResult.NOT_MET.value, detail
    if any(passed is None for passed in detail.values()):
        return CompositeResult.NOT_DETERMINED.value, detail
    return CompositeResult.MET.value, detail
