"""The profile's downloads go through dashboard/export.py: one file format for every view, the Stichtag from
Indicator.reference_date, a source per indicator, estimate and withheld flags, class values as code and label,
the dataset's attribution once, English files wholly English."""
from __future__ import annotations

import base64
import csv
import io
import json
import re
from dataclasses import replace

import openpyxl
import pytest

from dashboard.export import to_csv, to_xlsx
from dashboard.monitor import Monitor
from dashboard.state.profile import ProfileState
from dashboard.ui import ids
from dashboard.ui import profile as view
from tests.integration.conftest import CallbackClient

AREA, REGION, SMALL = "01010104", "100201", "12030301"


def csv_file(monitor: Monitor, area: str, lang: str = "de", year: int | None = None) -> tuple[str, list[str], list[dict[str, str]]]:
    """(raw text, description lines, rows by header) of the profile CSV."""
    state = ProfileState.from_query(monitor, {"jahr": year} if year else {}, area=area)
    raw = to_csv(view.export_table(monitor, state, lang, kind="csv"), monitor.dataset, lang)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with byte-order mark: German Excel reads the umlauts
    text = raw.decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line.startswith("# ")]
    table = list(csv.DictReader((line for line in text.splitlines() if not line.startswith("#")),
                                delimiter=";" if lang == "de" else ","))
    return text, lines, table


def test_german_csv_has_one_number_format_stichtag_source_and_flags(demo_monitor):
    text, lines, rows = csv_file(demo_monitor, REGION)
    by_id = {r["Kennzahl-ID"]: r for r in rows}
    figures = {f.indicator.id: f for f in demo_monitor.key_figures(REGION, 2024)}
    assert set(figures) <= set(by_id)
    for indicator_id, figure in figures.items():
        row, indicator = by_id[indicator_id], figure.indicator
        year = 2024 if indicator.kind != "class" else 2023  # class indicators: the latest earlier edition
        assert row["Stichtag"] == indicator.reference_date(year, "de")
        assert row["Quelle"] == indicator.text("source", "de")  # the source of each indicator, in its row
        assert row["Schätzung"] in ("ja", "nein") and row["nicht veröffentlicht (geringe Fallzahl/Geheimhaltung)"] in ("ja", "nein")
        if indicator.kind != "class" and figure.value is not None:
            number = row["Wert"]
            assert re.fullmatch(r"-?\d+(,\d+)?", number), number  # decimal comma, no thousands separator
            assert float(number.replace(",", ".")) == pytest.approx(figure.value, abs=0.5 * 10 ** -indicator.decimals)
    population = by_id[demo_monitor.dataset.population_indicator]["Wert"]
    assert float(population.replace(",", ".")) > 1000 and "." not in population  # 3811, never 3.811
    assert not re.search(r"(^|;)-0(,0+)?(;|$)", text, re.M)  # a rounded zero has no sign
    assert by_id["LDEN"]["Schätzung"] == "ja"  # Kornheide's noise level is estimated from its planning areas
    # provenance once, at the end of the description: never "Quelle: Datenquellen: …"
    attribution = demo_monitor.dataset.attribution
    assert text.count(attribution) == 1 and lines[-1].endswith(attribution)
    assert "Quelle: Datenquellen" not in text and lines[0] == "# Gebietsprofil Kornheide (Bezirksregion 100201), 2024"
    assert any(line.startswith("# Datensatz: ") and demo_monitor.dataset.release in line for line in lines)


def test_class_values_come_as_code_and_label(demo_monitor):
    _text, _lines, rows = csv_file(demo_monitor, AREA)
    classes = [r for r in rows if demo_monitor.indicator(r["Kennzahl-ID"]).kind == "class"]
    assert classes
    for row in classes:
        indicator = demo_monitor.indicator(row["Kennzahl-ID"])
        assert row["Wert"] == ""  # never a bare class number in the value column
        assert row["Klasse (Code)"] in indicator.categories
        assert row["Klasse (Bezeichnung)"] == indicator.categories[row["Klasse (Code)"]]
    _text, _lines, english = csv_file(demo_monitor, AREA, "en")
    ul = next(r for r in english if r["Key figure ID"] == "UL")
    assert ul["Class (label)"] == demo_monitor.indicator("UL").category_labels("en")[ul["Class (code)"]]


def test_status_dynamics_codes_keep_their_label(demo_dataset, demo_store):
    """An MSS-like class ("33" = status 3, dynamics stable) is exported with its label, never as a bare "33"."""
    ul = demo_dataset.indicators["UL"]
    mss = replace(ul, categories={"1": "1+ (Status hoch, Dynamik positiv)", "2": "3+/- (Status niedrig, Dynamik stabil)",
                                  "3": "3- (Status niedrig, Dynamik negativ)"}, en={})
    monitor = Monitor(replace(demo_dataset, indicators={**demo_dataset.indicators, "UL": mss}), demo_store)
    _text, _lines, rows = csv_file(monitor, AREA)
    row = next(r for r in rows if r["Kennzahl-ID"] == "UL")
    assert row["Klasse (Bezeichnung)"] == mss.categories[row["Klasse (Code)"]]


def test_english_csv_is_wholly_english(demo_monitor):
    text, lines, rows = csv_file(demo_monitor, REGION, "en")
    assert lines[0] == "# Area profile Kornheide (District region 100201), 2024"
    header = list(rows[0])
    assert header[:7] == ["Dimension", "Target area (Zielbereich)", "Key figure ID", "Key figure", "Unit", "Reference date", "Value"]
    assert {"Class (code)", "Class (label)", "estimate", "not published (small numbers/confidentiality)", "Source"} <= set(header)
    a1 = next(r for r in rows if r["Key figure ID"] == "A1")
    assert a1["Reference date"] == "31 Dec 2024" and re.fullmatch(r"\d+\.\d", a1["Value"])
    assert a1["Dimension"] == "Social" and a1["estimate"] == "no"
    assert demo_monitor.dataset.title_for("en") in text
    for german in ("Stichtag", "Quelle", "Schätzung", "ja;", "nein", "Gebietsprofil", "Datenstand", "Rang"):
        assert german not in text.replace(demo_monitor.dataset.attribution, ""), german


def test_public_csv_blanks_withheld_values_and_flags_them(public_monitor):
    _text, _lines, rows = csv_file(public_monitor, SMALL)
    withheld = [r for r in rows if r["nicht veröffentlicht (geringe Fallzahl/Geheimhaltung)"] == "ja"]
    assert len(withheld) >= 5
    for row in withheld:
        assert row["Wert"] == "" and row["Klasse (Code)"] == "" and "keine Angabe (geringe Fallzahl)" in row["Hinweis"]
    assert "nur intern" not in _text


def test_xlsx_has_numeric_cells_and_the_description(demo_monitor):
    state = ProfileState.from_query(demo_monitor, {}, area=AREA)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(view.export_table(demo_monitor, state, "de"), demo_monitor.dataset, "de")))
    has_measures = (demo_monitor.dataset.path / "measures.parquet").exists()  # the profile's measures get a sheet of their own
    assert book.sheetnames[0] == "Kennzahlen" and ("Maßnahmen" in book.sheetnames) == has_measures
    sheet = book["Kennzahlen"]
    rows = [r for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r[2] == "Kennzahl-ID")
    header = rows[header_at]
    values = {r[2]: dict(zip(header, r)) for r in rows[header_at + 1:]}
    assert isinstance(values["A1"]["Wert"], float) and isinstance(values["A1"]["Rang in der Gesamtstadt"], (int, float))
    description = " ".join(str(r[0]) for r in rows[:header_at] if r[0])
    assert "Eigene Beschreibung des Gebiets: " in description and "Historischer Stadtkern" in description
    assert description.count(demo_monitor.dataset.attribution) == 1


def test_download_callback_sends_base64_with_the_byte_order_mark(app):
    client = CallbackClient(app)
    response = client.call(view.DOWNLOAD, "data", {f"{view.CSV_BUTTON}.n_clicks": 1, f"{view.XLSX_BUTTON}.n_clicks": 0},
                           state={f"{view.STATE}.data": {"area": AREA, "jahr": "2019"}, f"{ids.LANG}.data": "de"},
                           changed=[f"{view.CSV_BUTTON}.n_clicks"])
    data = json.loads(response.data)["response"][view.DOWNLOAD]["data"]
    assert data["base64"] and data["filename"] == f"gebietsprofil-{AREA}-2019.csv" and data["type"].startswith("text/csv")
    raw = base64.b64decode(data["content"])
    assert raw.startswith(b"\xef\xbb\xbf") and ";31.12.2019;" in raw.decode("utf-8-sig")


def test_links_are_written_by_urls_and_escaped(app):
    """Every profile link goes through dashboard/urls.py: the year and the language travel, nothing is pasted."""
    from tests.integration.test_app import find, render

    tree = render(app, f"/gebiet/{REGION}", "?jahr=2019&sprache=en")
    links = [node["props"]["href"] for node in _nodes(tree) if isinstance(node.get("props", {}).get("href"), str)]
    profile_links = [h for h in links if h.startswith("/gebiet/")]
    assert profile_links and all(h.endswith("?jahr=2019&sprache=en") for h in profile_links if "jahr" in h)
    crumbs = [n["props"]["href"] for n in _nodes(find(tree, view.BREADCRUMB)) if "href" in n.get("props", {})]
    assert crumbs and all(re.fullmatch(r"/gebiet/[0-9a-z]+\?jahr=2019&sprache=en", h) for h in crumbs), crumbs
    from dashboard.urls import area_href

    assert area_href("a b&c", "en", 2019) == "/gebiet/a%20b%26c?jahr=2019&sprache=en"
    response = CallbackClient(app).call(view.SEARCH_RESULTS, "children", {f"{view.SEARCH}.value": "Kreuzkamp"},
                                        {f"{ids.LANG}.data": "en"})
    assert "/gebiet/10020102?sprache=en" in json.dumps(json.loads(response.data))


def _nodes(tree):
    if isinstance(tree, dict):
        yield tree
        for value in tree.get("props", {}).values():
            yield from _nodes(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from _nodes(item)
