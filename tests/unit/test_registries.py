"""Indicator registries of the built-in importers as TOML data files (dashboard/ingest/registries/).

Both files load, every key is checked when a file is read (an unknown or a missing key stops the
import with a German message naming file, indicator and key), and every indicator has a German
and an English label.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from dashboard.ingest import registries
from dashboard.ingest.build import IngestError

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = '''
[dataset]
title = "Teststadt"
attribution = "Testquelle"
license = "CC0-1.0"
levels = [{ id = "planungsraum", label_de = "Planungsraum", label_en = "Planning area" }]

[sources.test]
de = "Testquelle {id}"
en = "Test source {id}"

[groups.anteil]
unit = "%"
aggregation = "ratio_of_sums"
source = "test"
stichtag = "31.12."

[indicators.A1]
group = "anteil"
label_de = "Arbeitslose"
label_en = "Unemployed"
definition = "Anteil der Arbeitslosen"
definition_en = "Share of unemployed persons"
dimension = "Soziales"
polarity = "higher_is_worse"
'''


def write(tmp_path: Path, text: str, name: str = "test.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name, datasets", [("berlin", ["berlin", "berlin-lor2006"]), ("demo", [""])])
def test_shipped_registries_load(name, datasets):
    registry = registries.load(name)
    assert list(registry.meta) == datasets
    for dataset_id in datasets:
        entries = registry.entries(dataset_id)
        assert entries and len({e["id"] for e in entries}) == len(entries)
        assert all(e["source"] and e["description"] for e in entries)
        assert registry.dataset(dataset_id)["title"]


def test_entries_are_fresh_copies():
    registry = registries.load("demo")
    registry.entries()[0]["label_de"] = "geändert"
    assert registry.entries()[0]["label_de"] != "geändert"


@pytest.mark.parametrize("name", ["berlin", "demo"])
def test_every_indicator_has_german_and_english_labels(name):
    registry = registries.load(name)
    for dataset_id in registry.meta:
        for entry in registry.entries(dataset_id):
            for text in (entry["label_de"], entry["label_en"], entry["en"]["description"], entry["en"]["source"]):
                assert isinstance(text, str) and text.strip(), (name, dataset_id, entry["id"])


def test_minimal_registry_composes_entries(tmp_path):
    registry = registries.load_file(write(tmp_path, MINIMAL))
    [entry] = registry.entries()
    assert entry["source"] == "Testquelle A1" and entry["en"]["source"] == "Test source A1"
    assert entry["unit"] == "%" and entry["description"] == "Anteil der Arbeitslosen"


@pytest.mark.parametrize("text, key", [
    (MINIMAL.replace('polarity = "higher_is_worse"', 'polarity = "higher_is_worse"\nfarbe = "rot"'), "farbe"),
    (MINIMAL.replace('label_en = "Unemployed"\n', ""), "label_en"),
    (MINIMAL.replace('definition_en = "Share of unemployed persons"\n', ""), "definition_en"),
    (MINIMAL.replace('stichtag = "31.12."\n', ""), "stichtag"),  # missing in the group: named at the indicator
    (MINIMAL.replace('source = "test"', 'source = "gibt-es-nicht"'), "source"),
])
def test_unknown_or_missing_indicator_key_names_file_indicator_and_key(tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(IngestError) as error:
        registries.load_file(path)
    message = str(error.value)
    assert str(path) in message and "Indikator 'A1'" in message and repr(key) in message


def test_unknown_key_in_the_shipped_file_is_rejected(tmp_path):
    """A typo in a copy of demo.toml stops the import before anything is written."""
    text = (registries.REGISTRY_DIR / "demo.toml").read_text(encoding="utf-8")
    text = text.replace("[indicators.A2]\n", "[indicators.A2]\nlabel_fr = \"Ménages monoparentaux\"\n")
    path = write(tmp_path, text, "demo.toml")
    with pytest.raises(IngestError, match=r"demo\.toml, Indikator 'A2': unbekanntes Feld 'label_fr'"):
        registries.load_file(path)


def test_missing_key_in_a_berlin_copy_names_the_dataset(tmp_path):
    text = (registries.REGISTRY_DIR / "berlin.toml").read_text(encoding="utf-8")
    text = text.replace('[datasets.berlin-lor2006.groups.mss_index]\nsource = "mss_old"\n',
                        "[datasets.berlin-lor2006.groups.mss_index]\n")
    path = write(tmp_path, text, "berlin.toml")
    with pytest.raises(IngestError) as error:
        registries.load_file(path)
    message = str(error.value)
    assert "berlin.toml, Indikator 'MSS_S1' (Datensatz 'berlin-lor2006')" in message and "'source' fehlt" in message


@pytest.mark.parametrize("text, where, key", [
    (MINIMAL.replace('[groups.anteil]\n', '[groups.anteil]\nklassen = 5\n'), "Gruppe 'anteil'", "klassen"),
    (MINIMAL + '\n[quellen.x]\nde = "a"\nen = "b"\n', "", "quellen"),
    (MINIMAL.replace('en = "Test source {id}"\n', ""), "[sources.test]", "en"),
    (MINIMAL.replace('license = "CC0-1.0"\n', ""), "", "license"),
])
def test_unknown_or_missing_key_outside_indicators_names_file_section_and_key(tmp_path, text, where, key):
    path = write(tmp_path, text)
    with pytest.raises(IngestError) as error:
        registries.load_file(path)
    message = str(error.value)
    assert str(path) in message and where in message and repr(key) in message


def test_registry_files_ship_with_the_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.toml" in config["tool"]["setuptools"]["package-data"]["dashboard.ingest.registries"]
    assert {p.name for p in registries.REGISTRY_DIR.glob("*.toml")} == {"berlin.toml", "demo.toml"}
