"""Masar's questionnaires as XLSForms, generated from what Masar already defines.

Nothing here is hand-kept: the key-informant assessment reads a methodology version's indicators
and option sets, the master-list update uses the fields of the `masar` import layout, and the
registration and follow-up forms are built from the very Django form fields of the case pages,
so a label changed on a page changes on the phone. Labels go out in English, Arabic and Kurdish
from the project's translations (English where a translation is missing). The `version` is a
short hash of the generated definition, so it changes exactly when the definition does, which is
what ODK Collect and ODK Central compare to offer an update.

Long lists (locations, sites, rounds, districts, events) are CSV attachments read with
`select_one_from_file`: the definition stays the same for everybody, and each user's copy of the
list holds only what their grants reach (see `queries.media_rows`).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django import forms
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from masar.cases.choices import FollowUpKind
from masar.cases.durability import CRITERIA, PRM_QUESTIONS
from masar.cases.forms import AttemptForm, FollowUpForm, HouseholdForm, MemberForm
from masar.indices.models import Methodology
from masar.tracking.choices import Period, PopulationType, Shelter
from masar.tracking.emergencies import COUNTS
from masar.tracking.importing import load_layout

# (language code, the XLSForm language name written in `label::NAME` columns).
LANGUAGES = (("en", "English (en)"), ("ar", "Arabic (ar)"), ("ckb", "Kurdish (ckb)"))
DEFAULT_LANGUAGE = LANGUAGES[0][1]
TRANSLATED_COLUMNS = ("label", "hint")

LOCATIONS = "locations.csv"
ROUNDS = "rounds.csv"
GOVERNORATES = "governorates.csv"
DISTRICTS = "districts.csv"
SITES = "sites.csv"
EVENTS = "events.csv"

# The catalogue names (`masar list_forms`); each one's roles are in access.FORM_ROLES.
KEY_INFORMANT = "key_informant"
MASTERLIST_UPDATE = "masterlist_update"
EMERGENCY_UPDATE = "emergency_update"
REGISTRATION = "registration"
CHECK_IN = "check_in"
POST_RETURN_MONITORING = "post_return_monitoring"
NAMES = (
    KEY_INFORMANT,
    MASTERLIST_UPDATE,
    EMERGENCY_UPDATE,
    REGISTRATION,
    CHECK_IN,
    POST_RETURN_MONITORING,
)

Label = str | Promise | Mapping[str, str]


class QuestionnaireError(ValueError):
    """A questionnaire cannot be built as asked (unknown name, missing methodology)."""


def translations(label: Label) -> dict[str, str]:
    """The label in every language: a methodology's {language: text} mapping, or a gettext
    string rendered under each language. Kurdish falls back to English, never to Arabic."""
    if isinstance(label, Mapping):
        english = label.get("en") or next(iter(label.values()), "")
        return {code: str(label.get(code) or english) for code, _name in LANGUAGES}
    texts = {}
    for code, _name in LANGUAGES:
        with translation.override(code):
            texts[code] = str(label)
    return texts


def row(type_: str, name: str, label: Label | None = None, **columns: Any) -> dict[str, Any]:
    cells: dict[str, Any] = {"type": type_, "name": name}
    if label is not None:
        cells["label"] = label
    cells.update({key: value for key, value in columns.items() if value not in (None, "")})
    return cells


@dataclass
class Questionnaire:
    """One generated form: its survey and choices rows (labels not yet rendered), settings, and
    the CSV attachments it reads."""

    name: str
    form_id: str
    title: Label
    survey: list[dict[str, Any]]
    choices: list[dict[str, Any]] = field(default_factory=list)
    attachments: tuple[str, ...] = ()
    # What the apply step needs to know beyond the answers (e.g. the methodology version).
    context: dict[str, str] = field(default_factory=dict)

    @cached_property
    def sheets(self) -> dict[str, list[dict[str, Any]]]:
        """The three sheets as rows of cells, labels expanded into one column per language."""
        survey = [_render(cells) for cells in self.survey]
        choices = [_render(cells) for cells in self.choices]
        settings = {
            "form_title": translations(self.title)["en"],
            "form_id": self.form_id,
            "default_language": DEFAULT_LANGUAGE,
        }
        digest = hashlib.sha256(
            json.dumps([survey, choices, settings], sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        settings["version"] = digest[:12]
        return {"survey": survey, "choices": choices, "settings": [settings]}

    @property
    def version(self) -> str:
        return self.sheets["settings"][0]["version"]

    @property
    def title_en(self) -> str:
        return self.sheets["settings"][0]["form_title"]

    def title_in(self, language: str) -> str:
        """The title in `language`, English where it has none."""
        return translations(self.title).get(language) or self.title_en

    def xlsx(self) -> bytes:
        """The XLSForm workbook, as uploaded to KoBoToolbox or ODK Central."""
        workbook = Workbook()
        workbook.remove(workbook.active)
        for sheet_name, rows in self.sheets.items():
            sheet = workbook.create_sheet(sheet_name)
            columns: list[str] = []
            for cells in rows:
                columns.extend(key for key in cells if key not in columns)
            sheet.append(columns)
            for cells in rows:
                sheet.append([cells.get(column, "") for column in columns])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def convert(self, *, validate: bool = False) -> tuple[str, list[str]]:
        """The XForm pyxform makes of the workbook, and pyxform's warnings. With `validate`,
        pyxform also runs ODK Validate (needs Java) and raises on an invalid form."""
        from pyxform.xls2xform import convert

        warnings: list[str] = []
        result = convert(
            xlsform=io.BytesIO(self.xlsx()),
            warnings=warnings,
            validate=validate,
            file_type=".xlsx",
        )
        return result.xform, warnings

    def xform(self) -> str:
        """The XForm served to ODK Collect, converted once per form version."""
        key = (self.form_id, self.version)
        if key not in _XFORMS:
            _XFORMS[key] = self.convert()[0]
        return _XFORMS[key]

    def xform_in(self, language: str) -> str:
        """The XForm opening in `language` (a code of LANGUAGES), English when it has none.

        The engine of the web forms opens the translation marked default; ODK Collect keeps
        its own choice, so only the browser's copy moves the mark."""
        names = dict(LANGUAGES)
        if language not in names or names[language] == DEFAULT_LANGUAGE:
            return self.xform()
        english = f'<translation lang="{DEFAULT_LANGUAGE}" default="true()">'
        chosen = f'<translation lang="{names[language]}">'
        return (
            self.xform()
            .replace(english, f'<translation lang="{DEFAULT_LANGUAGE}">', 1)
            .replace(chosen, f'<translation lang="{names[language]}" default="true()">', 1)
        )


_XFORMS: dict[tuple[str, str], str] = {}


def _render(cells: dict[str, Any]) -> dict[str, Any]:
    rendered: dict[str, Any] = {}
    for key, value in cells.items():
        if key in TRANSLATED_COLUMNS:
            texts = translations(value)
            for code, language in LANGUAGES:
                rendered[f"{key}::{language}"] = texts[code]
        else:
            rendered[key] = value
    return rendered


class _Choices:
    """Choice lists, one per distinct set of options, named after the first question using it."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self._names: dict[tuple, str] = {}

    def list_for(self, name: str, options: Sequence[tuple[str, Label]]) -> str:
        key = tuple(
            (value, json.dumps(translations(label), sort_keys=True)) for value, label in options
        )
        if key not in self._names:
            self._names[key] = name
            for value, label in options:
                self.rows.append({"list_name": name, "name": value, "label": label})
        return self._names[key]

    def yes_no(self) -> str:
        return self.list_for("yes_no", [("yes", _("Yes")), ("no", _("No"))])


def _field_rows(fields: Mapping[str, forms.Field], choices: _Choices) -> list[dict[str, Any]]:
    """Questions for the fields of a case page's form: same names, labels and options."""
    rows = []
    for name, form_field in fields.items():
        label = form_field.label or name
        required = "yes" if form_field.required else None
        if isinstance(form_field, forms.ModelChoiceField):
            # Picked by its id on the page (the list is too long for a drop-down).
            rows.append(row("text", name, label, required=required))
        elif isinstance(form_field, forms.BooleanField):
            rows.append(row(f"select_one {choices.yes_no()}", name, label))
        elif isinstance(form_field, forms.ChoiceField):
            listed: Any = form_field.choices
            options = [(str(value), text) for value, text in listed if value not in ("", None)]
            rows.append(
                row(f"select_one {choices.list_for(name, options)}", name, label, required=required)
            )
        elif isinstance(form_field, forms.DateField):
            rows.append(row("date", name, label, required=required))
        elif isinstance(form_field, forms.IntegerField):
            constraint = _range_constraint(form_field)
            rows.append(row("integer", name, label, required=required, constraint=constraint))
        else:
            rows.append(row("text", name, label, required=required))
    return rows


def _range_constraint(form_field: forms.IntegerField) -> str | None:
    bounds = []
    if form_field.min_value is not None:
        bounds.append(f". >= {form_field.min_value}")
    if form_field.max_value is not None:
        bounds.append(f". <= {form_field.max_value}")
    return " and ".join(bounds) or None


def _code(value: float) -> str:
    return format(value, "g")


def key_informant(methodology: Methodology) -> Questionnaire:
    """One question per indicator of this methodology version, with its option set, for one
    location (of the enumerator's assigned ones) in one round."""
    parsed = methodology.engine
    raw_options = {
        item["code"]: item.get("options") for item in methodology.definition["indicators"]
    }
    choices = _Choices()
    survey = [
        row(f"select_one_from_file {ROUNDS}", "round", _("Round"), required="yes"),
        row(
            f"select_one_from_file {LOCATIONS}",
            "location",
            _("Location"),
            required="yes",
            appearance="autocomplete",
        ),
    ]
    for group in parsed.groups:
        survey.append(row("begin_group", group.code, group.label))
        for indicator in group.indicators:
            list_name = raw_options.get(indicator.code)
            options = [(_code(option.code), option.label) for option in indicator.options]
            name = choices.list_for(
                list_name if isinstance(list_name, str) else f"{indicator.code}_options", options
            )
            survey.append(
                row(f"select_one {name}", indicator.code, indicator.question, hint=indicator.label)
            )
        survey.append(row("end_group", group.code))
    return Questionnaire(
        name=KEY_INFORMANT,
        form_id=f"masar_ki_{methodology.name.replace('-', '_')}",
        title=parsed.title,
        survey=survey,
        choices=choices.rows,
        attachments=(ROUNDS, LOCATIONS),
        context={"methodology": methodology.key},
    )


def masterlist_update() -> Questionnaire:
    """One row of the `masar` master-list layout: a location, population type, origin and period,
    its individuals and its families per shelter type, field names as the layout's."""
    layout = load_layout("masar")
    choices = _Choices()
    population = choices.list_for("population", list(PopulationType.choices))
    period = choices.list_for(
        "period", [(value, label) for value, label in Period.choices if value]
    )
    survey = [
        row(f"select_one_from_file {ROUNDS}", "round", _("Round"), required="yes"),
        row(
            f"select_one_from_file {LOCATIONS}",
            "location_id",
            _("Location"),
            required="yes",
            appearance="autocomplete",
        ),
        row(f"select_one {population}", "population", _("Population type"), required="yes"),
        row(f"select_one_from_file {GOVERNORATES}", "origin", _("Governorate of origin")),
        row(f"select_one {period}", "period", _("Period")),
        row("integer", "individuals", _("Individuals"), constraint=". >= 0"),
        row("begin_group", "families", _("Families by shelter type")),
        *[
            row("integer", shelter, Shelter(shelter).label, constraint=". >= 0")
            for shelter in layout.shelters
        ],
        row("end_group", "families"),
    ]
    return Questionnaire(
        name=MASTERLIST_UPDATE,
        form_id="masar_masterlist_update",
        title=_("Master-list location update"),
        survey=survey,
        choices=choices.rows,
        attachments=(ROUNDS, LOCATIONS, GOVERNORATES),
    )


EMERGENCY_LABELS = {
    "families_displaced": _("Families displaced"),
    "individuals_displaced": _("Individuals displaced"),
    "families_returned": _("Families returned"),
    "individuals_returned": _("Individuals returned"),
}


def emergency_update() -> Questionnaire:
    """An emergency event's figures at one location on one date, as `record_update` takes them."""
    survey = [
        row(f"select_one_from_file {EVENTS}", "event", _("Emergency event"), required="yes"),
        row(
            f"select_one_from_file {LOCATIONS}",
            "location",
            _("Location"),
            required="yes",
            appearance="autocomplete",
        ),
        row("date", "reported_on", _("Date"), required="yes", default="today()"),
        *[
            row("integer", key, EMERGENCY_LABELS[key], required="yes", constraint=". >= 0")
            for key in COUNTS
        ],
    ]
    return Questionnaire(
        name=EMERGENCY_UPDATE,
        form_id="masar_emergency_update",
        title=_("Emergency tracking update"),
        survey=survey,
        attachments=(EVENTS, LOCATIONS),
    )


# An XLSForm `required` expression: the question must be answered for the head of household.
HEAD_ONLY = "${relationship} = 'head'"

# Never collected on a phone: only a case supervisor may see them, on the case page.
SENSITIVE_FIELDS = ("survivor", "perceived_affiliation")


def registration() -> Questionnaire:
    """The help-desk registration page as a form: the household, its consents worded as on the
    page, and the members as a repeat group."""
    choices = _Choices()
    household = dict(HouseholdForm.base_fields)
    for name in SENSITIVE_FIELDS:
        household.pop(name)
    site = household.pop("current_site")
    origin = household.pop("origin_area")
    survey = [
        row(f"select_one_from_file {SITES}", "current_site", site.label, required="yes"),
        row(f"select_one_from_file {DISTRICTS}", "origin_area", origin.label),
    ]
    consents = {name: f for name, f in household.items() if name.startswith("consent_")}
    others = {name: f for name, f in household.items() if name not in consents}
    survey += _field_rows(others, choices)
    survey.append(row("begin_group", "consent", _("Consent")))
    for row_cells in _field_rows(consents, choices):
        row_cells["required"] = "yes"
        survey.append(row_cells)
    survey.append(row("end_group", "consent"))
    survey.append(row("begin_repeat", "members", _("Members")))
    members = _field_rows(MemberForm.base_fields, choices)
    for cells in members:
        # Asked of every member, required of the head (`masar.cases.registration`).
        if cells["name"] in MemberForm.head_required and not cells.get("required"):
            cells["required"] = HEAD_ONLY
            if cells["name"] == "birth_year":
                cells["required"] += (
                    " and string-length(${date_of_birth}) = 0 and string-length(${age}) = 0"
                )
    survey += members
    survey.append(row("end_repeat", "members"))
    for cells in survey:
        if cells["name"] in ("phone", "national_id_number"):
            cells["appearance"] = "numbers"
    return Questionnaire(
        name=REGISTRATION,
        form_id="masar_registration",
        title=_("Help-desk registration"),
        survey=survey,
        choices=choices.rows,
        attachments=(SITES, DISTRICTS),
    )


def follow_up(kind: str, case_number: str | None = None) -> Questionnaire:
    """A check-in call or post-return monitoring survey: the attempt, then the follow-up page's
    questions (and, for monitoring, the IASC criteria's questions), for one case. With
    `case_number`, the form is for that case and the number is filled in."""
    choices = _Choices()
    attempt = AttemptForm.base_fields
    reached_row, notes_row = _field_rows(
        {"reached": attempt["reached"], "notes": attempt["notes"]}, choices
    )
    # Whether the household was reached is the one answer every attempt has.
    reached_row["required"] = "yes"
    survey = [
        row("text", "case_number", _("Case number"), required="yes", default=case_number),
        row("calculate", "follow_up_kind", calculation=f"'{kind}'"),
        reached_row,
        notes_row,
    ]
    reached = "${reached} = 'yes'"
    survey.append(row("begin_group", "follow_up", _("Follow-up"), relevant=reached))
    survey += _field_rows(FollowUpForm.base_fields, choices)
    if kind == FollowUpKind.PRM:
        for criterion, label in CRITERIA:
            survey.append(row("begin_group", criterion, label))
            for question in PRM_QUESTIONS:
                if question.criterion == criterion:
                    survey.append(
                        row(f"select_one {choices.yes_no()}", f"q_{question.code}", question.label)
                    )
            survey.append(row("end_group", criterion))
    survey.append(row("end_group", "follow_up"))
    name = POST_RETURN_MONITORING if kind == FollowUpKind.PRM else CHECK_IN
    title = FollowUpKind(kind).label
    return Questionnaire(
        name=name,
        form_id=f"masar_{name}",
        title=title,
        survey=survey,
        choices=choices.rows,
        context={"follow_up_kind": str(kind)},
    )


def build(
    name: str, *, methodology: Methodology | None = None, case_number: str | None = None
) -> Questionnaire:
    """The questionnaire called `name` (see NAMES)."""
    if name == KEY_INFORMANT:
        if methodology is None:
            raise QuestionnaireError("the key-informant assessment needs a methodology")
        return key_informant(methodology)
    if name == CHECK_IN:
        return follow_up(FollowUpKind.CHECK_IN, case_number)
    if name == POST_RETURN_MONITORING:
        return follow_up(FollowUpKind.PRM, case_number)
    builders = {
        MASTERLIST_UPDATE: masterlist_update,
        EMERGENCY_UPDATE: emergency_update,
        REGISTRATION: registration,
    }
    if name not in builders:
        raise QuestionnaireError(f"no questionnaire named {name!r}")
    return builders[name]()


DESCRIPTIONS: dict[str, Promise] = {
    KEY_INFORMANT: _("Key-informant location assessment for a Return or Displacement Index"),
    MASTERLIST_UPDATE: _("Master-list location update"),
    EMERGENCY_UPDATE: _("Emergency tracking update"),
    REGISTRATION: _("Help-desk registration"),
    CHECK_IN: _("Check-in call"),
    POST_RETURN_MONITORING: _("Post-return monitoring"),
}
