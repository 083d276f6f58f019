"""Methodologies are stored as immutable versions and exported in the format they are read."""

import json

import pytest
import yaml

from masar.indices import actions, engine
from masar.indices.models import Methodology


@pytest.fixture
def shipped(db):
    return {m.name: m for m in actions.ensure_shipped_methodologies()}


def test_shipped_methodologies_are_stored_once_as_version_1(shipped):
    actions.ensure_shipped_methodologies()
    assert Methodology.objects.count() == 2
    assert shipped["return-index"].key == "return-index@1"
    assert shipped["return-index"].kind == "return"


def test_a_stored_version_cannot_be_changed(shipped):
    methodology = shipped["return-index"]
    methodology.definition["version"] = 99
    with pytest.raises(ValueError, match="immutable"):
        methodology.save()


def test_registering_another_definition_under_an_existing_version_is_refused(shipped):
    definition = engine.read_definition(engine.shipped_path("return-index"))
    definition["categories"][0]["below"] = 20
    with pytest.raises(actions.MethodologyConflict):
        actions.register_methodology(definition)
    definition["version"] = 2
    assert actions.register_methodology(definition).key == "return-index@2"


def test_load_methodology_rejects_a_changed_file_under_the_same_version(
    shipped, tmp_path, run_command
):
    definition = engine.read_definition(engine.shipped_path("return-index"))
    definition["hotspots"]["population_threshold"] = 10
    (tmp_path / "ri.yaml").write_text(engine.dump_definition(definition))
    code, _, err = run_command("load_methodology", str(tmp_path / "ri.yaml"))
    assert code == 2 and "new version" in err


@pytest.mark.parametrize("suffix, reader", [(".yaml", yaml.safe_load), (".json", json.loads)])
def test_export_methodology_writes_a_file_that_loads_back_to_the_stored_version(
    shipped, tmp_path, run_command, suffix, reader
):
    target = tmp_path / f"ri{suffix}"
    code, out, _ = run_command("export_methodology", "return-index@1", "--output", str(target))
    assert code == 0 and "return-index@1" in out
    assert reader(target.read_text()) == shipped["return-index"].definition
    assert engine.load_methodology(target) == shipped["return-index"].engine


def test_export_methodology_of_an_unknown_version_exits_2(shipped, tmp_path, run_command):
    code, _, _ = run_command(
        "export_methodology", "return-index@7", "--output", str(tmp_path / "x")
    )
    assert code == 2
