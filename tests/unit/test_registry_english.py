"""English texts of the datasets: [indicator.en] in indicators.toml and title_en in dataset.toml.

The `en` table is validated like every other field (German message naming file, entry and field);
the demo and the Berlin datasets give an English definition for every indicator, so the English
switch never falls back to a German definition there.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.catalog import EN_FIELDS, RegistryError, load_dataset, load_registry
from dashboard.ingest import berlin
from dashboard.ingest.build import IngestError, _write_registry
from dashboard.ingest.demo import INDICATORS as DEMO_INDICATORS
from tests.conftest import DEMO_DIR

LEVELS = ["planungsraum", "bezirk"]
REGISTRY = '''
[[indicator]]
id = "EW"
label_de = "Einwohnerinnen und Einwohner"
label_en = "Residents"
description = "Einwohnerinnen und Einwohner mit Hauptwohnsitz"
unit = "Personen"
dimension = "Demografie"
polarity = "neutral"
aggregation = "sum"
kind = "count"
source = "Testquelle"
stichtag = "31.12."

[[indicator]]
id = "UL"
label_de = "Luftbelastung (Klasse)"
label_en = "Air pollution (class)"
description = "Belastung durch Luftschadstoffe in drei Klassen"
unit = "Klasse"
dimension = "Umwelt"
polarity = "higher_is_worse"
aggregation = "none"
kind = "class"
source = "Testquelle"
stichtag = "31.12."
categories = { "1" = "gering", "2" = "mittel", "3" = "hoch" }

[indicator.en]
description = "Exposure to air pollutants in three classes"
note = "Fictitious"
categories = { "1" = "low", "2" = "medium", "3" = "high" }
'''
EN_LINES = 'note = "Fictitious"\ncategories = { "1" = "low", "2" = "medium", "3" = "high" }\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "indicators.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# the registry


def test_en_table_gives_english_texts_and_falls_back_to_german(tmp_path):
    registry = load_registry(write(tmp_path, REGISTRY), LEVELS)
    air, residents = registry["UL"], registry["EW"]
    assert air.text("description", "en") == "Exposure to air pollutants in three classes"
    assert air.text("description", "de") == "Belastung durch Luftschadstoffe in drei Klassen"
    assert air.category_labels("en") == {"1": "low", "2": "medium", "3": "high"}
    assert air.category_labels("de") == {"1": "gering", "2": "mittel", "3": "hoch"}
    assert air.text("source", "en") == "Testquelle"  # no English source given: as published
    assert residents.en == {} and residents.text("unit", "en") == "persons"  # the vocabulary translates units


def test_en_categories_may_label_only_some_classes(tmp_path):
    text = REGISTRY.replace(EN_LINES, 'categories = { "3" = "high" }\n')
    air = load_registry(write(tmp_path, text), LEVELS)["UL"]
    assert air.category_labels("en") == {"1": "gering", "2": "mittel", "3": "high"}


@pytest.mark.parametrize("replacement, expected", [
    ('note = "Fictitious"\nfarbe = "red"\n' + EN_LINES.split("\n", 1)[1], "Tabelle 'en': unbekanntes Feld 'farbe' (erlaubt: "),
    ('note = 3\n' + EN_LINES.split("\n", 1)[1], "Feld 'en.note' muss ein Text sein (Wert: 3)"),
    ('note = "Fictitious"\ncategories = { "1" = "low", "4" = "very high" }\n', "'en.categories' muss dieselben Klassen"),
    ('note = "Fictitious"\ncategories = "low, medium, high"\n', "'en.categories' muss dieselben Klassen"),
    # a field meant for the indicator written after [indicator.en] lands in the en table
    ('note = "Fictitious"\ncategories = { "1" = "low" }\ndecimals = 0\n', "Tabelle 'en': unbekanntes Feld 'decimals'"),
])
def test_invalid_en_table_is_named(tmp_path, replacement, expected):
    path = write(tmp_path, REGISTRY.replace(EN_LINES, replacement))
    with pytest.raises(RegistryError) as info:
        load_registry(path, LEVELS)
    message = str(info.value)
    assert expected in message
    assert str(path) in message and "Eintrag 2 (id='UL')" in message


def test_unknown_en_field_is_listed(tmp_path):
    path = write(tmp_path, REGISTRY.replace(EN_LINES, 'farbe = "red"\n'))
    with pytest.raises(RegistryError, match=r"Tabelle 'en': unbekanntes Feld 'farbe' \(erlaubt: categories, .*description, .*zielbereich\)"):
        load_registry(path, LEVELS)


def test_en_must_be_a_table(tmp_path):
    text = REGISTRY.replace('stichtag = "31.12."\n\n[[indicator]]\nid = "UL"', 'stichtag = "31.12."\nen = "Residents"\n\n[[indicator]]\nid = "UL"')
    with pytest.raises(RegistryError, match=r"Eintrag 1 \(id='EW'\): Tabelle 'en'"):
        load_registry(write(tmp_path, text), LEVELS)


def test_writer_puts_en_in_field_order_and_drops_empty_texts(tmp_path):
    import tomllib

    entries = tomllib.loads(REGISTRY)["indicator"]
    entries[1]["en"] = {"categories": {"1": "low"}, "note": "", "source": "Test source", "description": "Air"}
    _write_registry(tmp_path, entries, LEVELS)
    text = (tmp_path / "indicators.toml").read_text(encoding="utf-8")
    assert '[indicator.en]\ndescription = "Air"\nsource = "Test source"\n\n[indicator.en.categories]\n1 = "low"\n' in text
    assert "note = \"\"" not in text
    assert load_registry(tmp_path / "indicators.toml", LEVELS)["UL"].en == {
        "description": "Air", "source": "Test source", "categories": {"1": "low"}}


def test_writer_reports_invalid_en_as_import_error(tmp_path):
    import tomllib

    entries = tomllib.loads(REGISTRY)["indicator"]
    entries[1]["en"] = {"description": "Air", "farbe": "red"}
    with pytest.raises(IngestError, match=r"indicators.toml, Eintrag 2 \(id='UL'\), Tabelle 'en': unbekanntes Feld 'farbe'"):
        _write_registry(tmp_path, entries, LEVELS)


# --------------------------------------------------------------------------------------------
# dataset.toml title_en


def write_dataset_folder(tmp_path: Path, extra: str = "") -> Path:
    write(tmp_path, REGISTRY)
    (tmp_path / "dataset.toml").write_text(f'''
id = "t"
title = "Teststadt – Beispieldaten"
{extra}
attribution = "x"
license = "CC0-1.0"
release = "abc"
levels = [{{id = "planungsraum"}}, {{id = "bezirk"}}]
[defaults]
indicator = "EW"
year = 2024
level = "planungsraum"
''', encoding="utf-8")
    return tmp_path


def test_title_en(tmp_path):
    dataset = load_dataset(write_dataset_folder(tmp_path, 'title_en = "Test city – sample data"'))
    assert dataset.title_for("en") == "Test city – sample data"
    assert dataset.title_for("de") == dataset.title == "Teststadt – Beispieldaten"


def test_title_en_is_optional(tmp_path):
    dataset = load_dataset(write_dataset_folder(tmp_path))
    assert dataset.title_en == "" and dataset.title_for("en") == "Teststadt – Beispieldaten"


def test_title_en_must_be_text(tmp_path):
    folder = write_dataset_folder(tmp_path, "title_en = 3")
    with pytest.raises(RegistryError, match=r"dataset.toml: Feld 'title_en' muss ein Text sein \(Wert: 3\)"):
        load_dataset(folder)


# --------------------------------------------------------------------------------------------
# generic ingest (docs/ingest.md): [indicator.en] and title_en pass through


def test_generic_ingest_keeps_en_table_and_title_en(tmp_path):
    from dashboard.ingest.generic import ingest_from_config
    from tests.integration.test_ingest_generic import base_config, write_city

    config = base_config()
    config["dataset"]["title_en"] = "Test city"
    config["indicator"] = [dict(entry) for entry in config["indicator"]]
    config["indicator"][1]["en"] = {"description": "Share of SGB II recipients", "numerator_label": "Recipients"}
    built = ingest_from_config(write_city(tmp_path / "stadt", config))
    dataset = load_dataset(built)
    assert dataset.title_for("en") == "Test city"
    assert dataset.indicators["SGB2"].text("description", "en") == "Share of SGB II recipients"
    assert dataset.indicators["SGB2"].text("numerator_label", "en") == "Recipients"


def test_generic_ingest_names_the_config_for_an_invalid_en_table(tmp_path):
    from dashboard.ingest.generic import ingest_from_config
    from tests.integration.test_ingest_generic import base_config, write_city

    config = base_config()
    config["indicator"] = [dict(entry) for entry in config["indicator"]]
    config["indicator"][1]["en"] = {"description": 5}
    with pytest.raises(IngestError, match=r"stadt.toml, Eintrag 2 \(id='SGB2'\): Feld 'en.description' muss ein Text sein"):
        ingest_from_config(write_city(tmp_path / "stadt", config))


def test_hamburg_example_registry_has_english_texts():
    root = Path(__file__).resolve().parents[2]
    registry = load_registry(root / "docs" / "examples" / "hamburg" / "indicators.toml", ["stadtteil", "bezirk"])
    assert_complete_english(registry.values())


# --------------------------------------------------------------------------------------------
# the shipped datasets


def assert_complete_english(indicators) -> None:
    """Every German text that has an English counterpart field is given in English as well."""
    missing = []
    for indicator in indicators:
        for name in ("description", "numerator_label", "denominator_label", "note", "estimate_note"):
            if getattr(indicator, name) and not indicator.en.get(name):
                missing.append(f"{indicator.id}.{name}")
        if set(indicator.en.get("categories", {})) != set(indicator.categories):
            missing.append(f"{indicator.id}.categories")
        assert set(indicator.en) <= set(EN_FIELDS)
    assert not missing, f"ohne englischen Text: {', '.join(missing)}"


def test_demo_has_english_texts_for_every_indicator(demo_dataset):
    assert_complete_english(demo_dataset.indicators.values())
    assert demo_dataset.title_for("en") == "Sample City – fictitious sample data"
    assert all(ind.text("source", "en").startswith("Fictitious sample data") for ind in demo_dataset.indicators.values())


def test_demo_spec_tables_carry_english_texts():
    """The committed data/demo is regenerated from these tables; they must hold the English texts too."""
    assert all(entry.get("en", {}).get("description") for entry in DEMO_INDICATORS)


@pytest.mark.parametrize("build", [berlin.indicators_lor2021, berlin.indicators_lor2006])
def test_berlin_registry_has_english_texts(tmp_path, build):
    """The registry tables of the Berlin import (no source data needed) pass the writer and are complete."""
    registry = _write_registry(tmp_path, build(), berlin.LEVEL_IDS)
    assert_complete_english(registry.values())
    assert all(ind.text("source", "en") != ind.source for ind in registry.values())  # descriptive parts in English


@pytest.mark.shared_data
def test_imported_berlin_datasets_have_english_texts(berlin_datasets):
    """Skipped with the reason from conftest.require_berlin_source when ../shared/data/berlin is absent."""
    for name, path in berlin_datasets.items():
        dataset = load_dataset(path)
        assert_complete_english(dataset.indicators.values())
        assert dataset.title_for("en").startswith("Berlin – life-world-oriented areas"), name


def test_committed_demo_was_regenerated_with_english_texts():
    """data/demo/indicators.toml holds the en tables (regenerate with `python -m dashboard demo --out data/demo`)."""
    text = (DEMO_DIR / "indicators.toml").read_text(encoding="utf-8")
    assert text.count("[indicator.en]") == text.count("[[indicator]]")
