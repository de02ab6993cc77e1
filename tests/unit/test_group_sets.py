"""[[group_sets]] (dashboard/group_sets.py): every mistake stops loading with a German message naming the file, the
entry, the group and the field; a good entry reads as written (docs/ingest.md, „Gruppen“)."""
from __future__ import annotations

import shutil
import tomllib

import pytest
import tomli_w

from dashboard.catalog import RegistryError, load_dataset
from dashboard.group_sets import GroupSpec, group_set_from_toml
from tests.conftest import DEMO_DIR

WHERE = "dataset.toml, group_sets Eintrag 1 (id='x')"


@pytest.fixture(scope="module")
def registry(demo_dataset):
    return demo_dataset.indicators


def good(**changes):
    entry = {"id": "herkunft", "label": "Herkunft", "base": "EW",
             "groups": [{"indicator": "C1", "label": "mit Migrationshintergrund"},
                        {"indicator": "C1", "complement": True, "label": "ohne Migrationshintergrund", "label_en": "without"}]}
    entry.update(changes)
    return entry


def test_a_good_entry_reads_as_written(registry):
    group_set = group_set_from_toml(good(), WHERE, registry)
    assert group_set.id == "herkunft" and group_set.base == "EW"
    assert group_set.groups == (GroupSpec("C1", "mit Migrationshintergrund"),
                                GroupSpec("C1", "ohne Migrationshintergrund", "without", None, True))
    assert group_set.groups[1].label_for("en") == "without" and group_set.groups[0].label_for("en") == "mit Migrationshintergrund"


@pytest.mark.parametrize("entry, words", [
    (good(lable="x"), ["unbekanntes Feld 'lable'", "Meinten Sie 'label'?"]),
    (good(id="a b"), ["Feld 'id'", "Buchstaben, Ziffern"]),
    (good(label=""), ["Pflichtfeld 'label'"]),
    (good(base="EWW"), ["Feld 'base'", "'EWW' ist kein Indikator", "Meinten Sie 'EW'?"]),
    (good(base="C1"), ["Feld 'base'", "kind = 'share'", "'count'"]),
    (good(groups=[]), ["Pflichtfeld 'groups'"]),
    (good(groups=["C1"]), ["Gruppe Nr. 1", "erwartet wird"]),
    (good(groups=[{"indicator": "C11", "label": "x"}]), ["Gruppe Nr. 1, Feld 'indicator'", "'C11' ist kein Indikator", "Meinten Sie 'C1'?"]),
    (good(groups=[{"indicator": "EW", "label": "x"}]), ["Gruppe Nr. 1, Feld 'indicator'", "kind = 'count'", "'share'"]),
    (good(groups=[{"indicator": "C1"}]), ["Gruppe Nr. 1 (C1)", "Pflichtfeld 'label'"]),
    (good(groups=[{"indicator": "C1", "label": "x", "count": "C2"}]), ["Gruppe Nr. 1 (C1), Feld 'count'", "'count'"]),
    (good(groups=[{"indicator": "C1", "label": "x", "complement": "ja"}]), ["Feld 'complement'", "true oder false"]),
    (good(groups=[{"indicator": "C1", "label": "x", "complement": True, "count": "EW"}]), ["Feld 'count'", "Ergänzungsgruppe"]),
    (good(groups=[{"indicator": "C1", "label": "x"}, {"indicator": "C1", "label": "y"}]), ["Gruppe Nr. 2 (C1)", "zweimal"]),
    (good(groups=[{"indicator": "C1", "label": "x", "farbe": "rot"}]), ["Gruppe Nr. 1:", "unbekanntes Feld 'farbe'"]),
])
def test_mistakes_name_the_entry_the_group_and_the_field(registry, entry, words):
    with pytest.raises(RegistryError) as error:
        group_set_from_toml(entry, WHERE, registry)
    message = str(error.value)
    assert message.startswith(WHERE), message
    for word in words:
        assert word in message, message


def test_load_dataset_reads_group_sets_and_names_the_file(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, folder)
    meta = tomllib.loads((folder / "dataset.toml").read_text(encoding="utf-8"))
    assert "group_sets" not in meta and load_dataset(folder).group_sets == ()  # the demo has none (the view says so)
    meta["group_sets"] = [good(), good(id="alter", groups=[{"indicator": "C2", "label": "über 60"}])]
    (folder / "dataset.toml").write_text(tomli_w.dumps(meta), encoding="utf-8")
    assert [s.id for s in load_dataset(folder).group_sets] == ["herkunft", "alter"]
    meta["group_sets"][1]["id"] = "herkunft"
    (folder / "dataset.toml").write_text(tomli_w.dumps(meta), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"dataset\.toml, group_sets Eintrag 2 \(id='herkunft'\), Feld 'id'.*zweimal"):
        load_dataset(folder)
    meta["group_sets"] = {"id": "x"}
    (folder / "dataset.toml").write_text(tomli_w.dumps(meta), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"dataset\.toml: 'group_sets' muss eine Liste"):
        load_dataset(folder)


def test_the_generic_import_checks_and_passes_group_sets_through(tmp_path, registry):
    """[[group_sets]] of an import config (docs/ingest.md „Gruppen“): checked with the config's name and section number,
    written as given into dataset.toml."""
    from dashboard.ingest.build import IngestError
    from dashboard.ingest.generic import Config, _methods

    config = tmp_path / "stadt.toml"
    config.write_text(tomli_w.dumps({"group_sets": [good()]}), encoding="utf-8")
    assert _methods(Config(config), registry, "EW", 300) == {"group_sets": [good()]}
    config.write_text(tomli_w.dumps({"group_sets": [good(), good(id="b", base="C1")]}), encoding="utf-8")
    with pytest.raises(IngestError, match=r"^stadt\.toml, \[\[group_sets\]\] Nr\. 2 \(id='b'\), Feld 'base'"):
        _methods(Config(config), registry, "EW", 300)
