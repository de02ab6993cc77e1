"""Downloads of the real Berlin data: the defects a staff member saw in the files are gone.

"Ausgabe 2021/2022" exported as "Ausgabe 2021/20222021", the MSS class as a bare "33", "Quelle:
Datenquellen: …" and, in English, "Data sources: Datenquellen:" and "(siehe Quellen je Indikator)"."""
from __future__ import annotations

import pytest

from dashboard.catalog import load_dataset
from dashboard.export import to_csv
from dashboard.monitor import Monitor
from dashboard.state.map import MapState
from dashboard.store import Store
from dashboard.ui.table import export_table


@pytest.fixture(scope="module")
def berlin(berlin_datasets):
    dataset = load_dataset(berlin_datasets["berlin"])
    return Monitor(dataset, Store(dataset.path))


def _lines(monitor: Monitor, indicator: str, lang: str) -> list[str]:
    state = MapState.from_query(monitor, {"indikator": indicator})
    return to_csv(export_table(monitor, state, lang), monitor.dataset, lang).decode("utf-8-sig").splitlines()


def test_edition_reference_keeps_its_own_period(berlin):
    ugr = next(i for i in berlin.indicators() if i.stichtag.startswith("Ausgabe"))
    lines = _lines(berlin, ugr.id, "de")
    assert lines[0].endswith(f"Stichtag {ugr.stichtag}") and "20222021" not in "\n".join(lines)


@pytest.mark.parametrize("lang, label_column", [("de", "Klassenbezeichnung"), ("en", "Class label")])
def test_status_dynamics_class_comes_with_its_label(berlin, lang, label_column):
    lines = _lines(berlin, "MSS_STATUS_DYNAMIK", lang)
    delimiter = ";" if lang == "de" else ","
    body = [line.split(delimiter) for line in lines if not line.startswith("#")]
    column = body[0].index(label_column)
    coded = [row for row in body[1:] if row[3]]
    assert coded and all(row[column] for row in coded), "a class code without its label"
    assert any(row[3] in ("3-", "33") or len(row[3]) >= 2 for row in coded)


def test_sources_are_named_once_and_english_files_are_english(berlin):
    german = _lines(berlin, "EW", "de")
    assert sum(line.startswith("# Datenquellen: ") for line in german) == 1
    assert not any("Datenquellen: Datenquellen" in line or "Quelle: Datenquellen" in line for line in german)
    english = "\n".join(line for line in _lines(berlin, "EW", "en") if line.startswith("#"))
    for german_word in ("Datenquellen", "siehe", "Quellen je Indikator", "Senatsverwaltung für Stadtentwicklung"):
        assert german_word not in english, german_word
    assert "# Data sources: Statistical Office for Berlin-Brandenburg" in english
