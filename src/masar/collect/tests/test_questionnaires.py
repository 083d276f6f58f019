"""The generated XLSForms: they convert with pyxform without a warning, pass ODK Validate, carry
three languages, and change version exactly when their definition changes."""

from __future__ import annotations

import copy
import io
import shutil

import pytest
from django.utils import translation
from openpyxl import load_workbook

from masar.cases.durability import PRM_QUESTIONS
from masar.collect import questionnaires as q
from masar.indices import engine
from masar.indices.models import Methodology
from masar.tracking.importing import load_layout


def methodology(name: str, definition: dict | None = None) -> Methodology:
    """An unsaved methodology version: building a form reads only its definition."""
    definition = definition or engine.read_definition(engine.shipped_path(name))
    return Methodology(
        name=definition["name"], version=definition["version"], definition=definition
    )


def every_form() -> list[q.Questionnaire]:
    forms = [q.key_informant(methodology(name)) for name in engine.shipped_names()]
    return forms + [q.build(name) for name in q.NAMES if name != q.KEY_INFORMANT]


FORMS = {form.form_id: form for form in every_form()}


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_every_generated_form_converts_without_warnings(form_id):
    xform, warnings = FORMS[form_id].convert()
    assert warnings == []
    assert f'id="{form_id}"' in xform
    assert f'version="{FORMS[form_id].version}"' in xform


JAVA = shutil.which("java")


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_every_generated_form_passes_odk_validate(form_id):
    if JAVA is None:
        pytest.skip("ODK Validate needs Java, and no `java` is on PATH: install a JRE to run it")
    # pyxform runs the ODK Validate jar it bundles and raises on any error it reports.
    xform, warnings = FORMS[form_id].convert(validate=True)
    assert warnings == []
    assert "<h:html" in xform


def sheets(form: q.Questionnaire) -> dict[str, list[dict]]:
    workbook = load_workbook(io.BytesIO(form.xlsx()), read_only=True)
    result = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        result[sheet.title] = [dict(zip(rows[0], values, strict=True)) for values in rows[1:]]
    return result


def test_the_workbook_has_the_three_sheets_and_three_languages():
    form = q.build(q.REGISTRATION)
    book = sheets(form)
    assert set(book) == {"survey", "choices", "settings"}
    settings_row = book["settings"][0]
    assert settings_row["form_id"] == "masar_registration"
    assert settings_row["version"] == form.version
    assert settings_row["default_language"] == "English (en)"
    columns = set(book["survey"][0])
    assert {"label::English (en)", "label::Arabic (ar)", "label::Kurdish (ckb)"} <= columns
    consent = next(r for r in book["survey"] if r["name"] == "consent_informed")
    # Worded as on the registration page, in each language the project translates it to.
    for code, language in q.LANGUAGES:
        with translation.override(code):
            from masar.cases.forms import HouseholdForm

            assert consent[f"label::{language}"] == str(
                HouseholdForm.base_fields["consent_informed"].label
            )
    assert consent["required"] == "yes"


def test_the_registration_lists_members_as_a_repeat_and_keeps_sensitive_flags_off_phones():
    names = [(r["type"], r["name"]) for r in q.build(q.REGISTRATION).survey]
    start, end = names.index(("begin_repeat", "members")), names.index(("end_repeat", "members"))
    members = {name for _type, name in names[start + 1 : end]}
    assert {"given_name", "latin_name", "sex", "date_of_birth", "relationship", "phone"} <= members
    assert {"national_id", "passport"} <= members
    assert not {"survivor", "perceived_affiliation"} & {name for _t, name in names}


def test_the_registration_requires_what_the_help_desk_page_requires_of_the_head():
    rows = {r["name"]: r for r in q.build(q.REGISTRATION).survey}
    assert rows["pathway"]["required"] == "yes"
    assert rows["given_name"]["required"] == rows["sex"]["required"] == "yes"
    for name in ("father_name", "grandfather_name"):
        assert rows[name]["required"] == "${relationship} = 'head'"
    assert rows["birth_year"]["required"].startswith("${relationship} = 'head' and ")
    assert "required" not in rows["family_name"]


def test_the_key_informant_form_asks_every_indicator_with_its_options_in_arabic():
    chosen = methodology("return-index")
    form = q.key_informant(chosen)
    book = sheets(form)
    asked = {r["name"]: r for r in book["survey"]}
    for indicator in chosen.engine.indicators:
        assert asked[indicator.code]["label::Arabic (ar)"] == indicator.question["ar"]
        list_name = asked[indicator.code]["type"].split()[1]
        codes = [r["name"] for r in book["choices"] if r["list_name"] == list_name]
        assert codes == [format(o.code, "g") for o in indicator.options]
    assert asked["location"]["type"] == "select_one_from_file locations.csv"
    assert asked["round"]["type"] == "select_one_from_file rounds.csv"
    assert form.context == {"methodology": "return-index@1"}


def test_the_version_changes_when_an_indicators_options_change_and_only_then():
    definition = engine.read_definition(engine.shipped_path("return-index"))
    before = q.key_informant(methodology("return-index", definition)).version
    again = q.key_informant(methodology("return-index", copy.deepcopy(definition))).version
    changed = copy.deepcopy(definition)
    changed["option_sets"]["yes_no"].append({"code": 9, "en": "Do not know", "ar": "لا أعرف"})
    after = q.key_informant(methodology("return-index", changed)).version
    assert before == again
    assert after != before


def test_the_masterlist_update_uses_the_masar_layout_fields():
    survey = q.build(q.MASTERLIST_UPDATE).survey
    asked = {r["name"] for r in survey if r["type"] not in ("begin_group", "end_group")}
    layout = load_layout("masar")
    layout = set(layout.fields) | set(layout.shelters)
    assert asked - {"round"} <= layout
    assert {"location_id", "population", "origin", "period", "individuals", "camp"} <= asked


def test_a_follow_up_form_for_a_case_has_its_number_filled_in():
    form = q.build(q.POST_RETURN_MONITORING, case_number="HD-2024-00017")
    case = next(r for r in form.survey if r["name"] == "case_number")
    assert case["default"] == "HD-2024-00017"
    asked = {r["name"] for r in form.survey}
    assert {f"q_{question.code}" for question in PRM_QUESTIONS} <= asked
    assert q.build(q.CHECK_IN).version != q.build(q.CHECK_IN, case_number="HD-1").version
    assert not {f"q_{question.code}" for question in PRM_QUESTIONS} & {
        r["name"] for r in q.build(q.CHECK_IN).survey
    }


def test_an_unknown_name_or_a_missing_methodology_is_refused():
    with pytest.raises(q.QuestionnaireError):
        q.build("census")
    with pytest.raises(q.QuestionnaireError):
        q.build(q.KEY_INFORMANT)


@pytest.mark.django_db
def test_the_commands_name_the_forms_and_write_an_xlsform_with_its_lists(run_command, tmp_path):
    from masar.geo.tests.factories import location_in
    from masar.indices.actions import ensure_shipped_methodologies

    ensure_shipped_methodologies()
    location_in("IQG15Q05N01", external_id="L-0001")
    code, out, _err = run_command("list_forms")
    assert code == 0
    for name in q.NAMES:
        assert name in out
    assert "masar_ki_return_index" in out
    output = tmp_path / "ki.xlsx"
    code, _out, _err = run_command(
        "export_xlsform", "key_informant", "--methodology", "return-index", "--output", str(output)
    )
    assert code == 0
    book = load_workbook(output, read_only=True)
    assert book["settings"]["A1"].value is not None
    assert "L-0001" in (tmp_path / "locations.csv").read_text()
    assert (tmp_path / "rounds.csv").read_text().startswith("name,label")
    code, _out, err = run_command("export_xlsform", "key_informant", "--output", str(output))
    assert code == 2
    assert "--methodology" in err
