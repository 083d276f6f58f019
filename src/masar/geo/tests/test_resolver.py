import json

import pytest

from masar.geo.models import AdminArea
from masar.geo.resolver import code_key, resolve_area, resolve_one


@pytest.mark.parametrize(
    ("text", "pcode"),
    [
        ("Dahuk", "IQG09"),
        ("IRQ-G16", "IQG16"),
        ("نينوى", "IQG15"),
        ("Duhok", "IQG09"),
        ("Missan", "IQG14"),
        ("Babylon", "IQG07"),
        ("Thi-Qar", "IQG17"),
        ("thiqar", "IQG17"),
        ("Qadissiya", "IQG05"),
        ("AL-ANBAR", "IQG01"),
        ("Anbar", "IQG01"),
        ("الأنبار", "IQG01"),
        ("iqg15", "IQG15"),
        ("Salah ad Din", "IQG16"),
    ],
)
def test_governorate_codes_and_spellings_resolve_exactly(db, text, pcode):
    match = resolve_one(text, 1)
    assert match is not None, resolve_area(text, 1)
    assert match.pcode == pcode
    assert match.score == 100


def test_the_2014_code_g16_is_wassit_while_the_2019_code_g16_is_salah_al_din(db):
    """`G16` names two governorates: 2014's IQ-G16 (Wassit) and 2019's IQG16 (Salah Al-Din)."""
    assert resolve_one("IQ-G16", 1).pcode == "IQG18"
    assert resolve_one("IQ-G16", 1).name_en == "Wassit"
    assert resolve_one("IRQ-G16", 1).name_en == "Salah Al-Din"
    assert resolve_one("IQG16", 1).name_en == "Salah Al-Din"
    assert resolve_one("IQ-G18", 1).name_en == "Salah Al-Din"


def test_dtm_api_codes_resolve_at_district_level(db):
    assert resolve_one("IRQ-G16Q03", 2).pcode == "IQG16Q03"
    assert code_key("IRQ-G16Q03") == "IQG16Q03"


def test_a_misspelling_gives_scored_candidates_not_an_exact_match(db):
    candidates = resolve_area("Ninewah", 1)
    assert candidates, "expected suggestions"
    assert candidates[0].pcode == "IQG15"
    assert 60 <= candidates[0].score < 100
    assert not candidates[0].exact
    assert resolve_one("Ninewah", 1) is None


def test_candidates_are_best_first_and_limited(db):
    candidates = resolve_area("Sulaimaniyya", 1, limit=3)
    assert len(candidates) <= 3
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    assert candidates[0].pcode == "IQG06"


def test_parent_restricts_district_matches(db):
    assert resolve_one("Al-Mosul", 2, parent="IQG15").pcode == "IQG15Q05"
    assert resolve_one("Mosul", 2, parent="IQG15").pcode == "IQG15Q05"
    assert all(not m.pcode.startswith("IQG15") for m in resolve_area("Mosul", 2, parent="IQG01"))


def test_every_reference_name_resolves_to_its_own_area(db):
    for area in AdminArea.objects.filter(level__in=(1, 2)):
        for name in (area.name_en, area.name_en.upper(), area.name_ar, area.pcode):
            matches = resolve_area(name, area.level, parent=area.pcode[:5] if area.level else None)
            assert any(m.pcode == area.pcode and m.exact for m in matches), (name, matches)


def test_nothing_to_resolve_gives_no_candidates(db):
    assert resolve_area("", 1) == []
    assert resolve_area("   ", 1) == []


def test_the_command_prints_candidates_as_json(run_command, db):
    code, out, _ = run_command("resolve_area", "Ninawa", "--level", "1", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["pcode"] == "IQG15"
    assert rows[0]["exact"] is True


def test_the_command_exits_2_when_nothing_matches(run_command, db):
    code, _, err = run_command("resolve_area", "Atlantis", "--level", "1")
    assert code == 2
    assert "No area" in err
