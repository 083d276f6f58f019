from pathlib import Path

import pytest

from masar.geo.actions import load_geography
from masar.geo.models import AdminArea, AreaAlias

COD_AB = Path(__file__).resolve().parents[4].parent / "shared/data/geo/cod-ab"


def level_counts() -> dict[int, int]:
    return {level: AdminArea.objects.filter(level=level).count() for level in range(4)}


def test_loading_twice_gives_exactly_the_iraq_reference_counts(run_command, db):
    first = run_command("load_geography")
    aliases = AreaAlias.objects.count()
    second = run_command("load_geography")
    assert first[0] == 0 and second[0] == 0
    assert level_counts() == {0: 1, 1: 18, 2: 101, 3: 294}
    assert AreaAlias.objects.count() == aliases > 400
    assert "Governorate: 18 (0 new, 0 updated" in second[1]


def test_areas_nest_by_pcode_and_carry_arabic_names(db):
    mosul = AdminArea.objects.get(pcode="IQG15Q05")
    assert mosul.parent.pcode == "IQG15"
    assert mosul.parent.parent.pcode == "IQ"
    assert mosul.name_ar == "الموصل"
    assert AdminArea.objects.filter(level=3, parent__level=2).count() == 294
    assert AdminArea.objects.get(pcode="IQG11").name_ku == "هەولێر"


def test_governorates_get_natural_earth_outlines_without_cod_ab(db):
    outlines = AdminArea.objects.filter(level=1, geometry__isnull=False)
    assert outlines.count() == 18
    assert outlines.first().geometry_source.startswith("Natural Earth")


@pytest.mark.skipif(not COD_AB.is_dir(), reason=f"COD-AB files not found at {COD_AB}")
def test_cod_ab_boundaries_load_at_every_level_and_stay_idempotent(run_command, db):
    code, out, _ = run_command("load_geography", "--cod-ab", str(COD_AB))
    assert code == 0, out
    with_geometry = AdminArea.objects.filter(
        geometry__isnull=False, geometry_source__contains="COD"
    )
    assert with_geometry.filter(level=2).count() == 101
    assert with_geometry.filter(level=3).count() == 294
    assert with_geometry.filter(level=1).count() == 18
    again = load_geography(COD_AB)
    assert again.geometries == {}
    assert level_counts() == {0: 1, 1: 18, 2: 101, 3: 294}


def test_a_folder_without_cod_ab_files_is_refused_with_exit_2(run_command, tmp_path, db):
    code, _, err = run_command("load_geography", "--cod-ab", str(tmp_path))
    assert code == 2
    assert "No COD-AB GeoJSON files" in err
