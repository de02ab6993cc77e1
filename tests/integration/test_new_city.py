"""A city the project does not ship, built from its own files with the documented config only (issue 15, "Done when").

The config is not written here: it is the complete example of docs/ingest.md (the ```toml block under
„Vollständiges Beispiel: eine neue Stadt“), run unchanged with the documented command
`python -m dashboard ingest --config …` in a subprocess. The test writes the files that example names
(12 Quartiere in 3 Bezirken, GeoJSON in EPSG:25832; a cp1252 CSV with German numbers for five
indicators over two years; a Kita list with places, a funding area, a measures table), then checks the burden rule
of the config against a rating computed here from the generated counts, independently of
dashboard/methods/burden.py, and that the burden page renders; that the Kita places per 1,000 residents of a
Bezirk are the ratio of the sums (review item 22: [[facilities]], [[kulissen]] and [measures] through
ingest_from_config together), the funding area's share and the measure in the profile data.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pytest
import shapely

from dashboard import create_app
from dashboard.catalog import load_dataset
from dashboard.settings import Settings
from dashboard.ui import burden as burden_view
from tests.conftest import ROOT
from tests.integration.test_app import find, render

DOCS = ROOT / "docs" / "ingest.md"
HEADING = "## Vollständiges Beispiel: eine neue Stadt"
X0, Y0 = 560_000.0, 5_930_000.0  # EPSG:25832, somewhere in northern Germany
YEARS = (2023, 2024)
DISTRICTS = {"1": "Altstadt", "2": "Nordufer", "3": "Südfeld"}
NAMES = ["Am Markt", "Domviertel", "Hafenkante", "Schlossgarten", "Lindenau", "Werftstraße", "Mühlenkamp",
         "Nordpark", "Heideweg", "Ziegelei", "Bahnhofsvorstadt", "Südring"]


def example_config() -> str:
    """The ```toml block right under the heading (so the docs are what this test runs)."""
    text = DOCS.read_text(encoding="utf-8")
    assert HEADING in text, f"docs/ingest.md: Abschnitt {HEADING!r} fehlt"
    block = re.search(r"```toml\n(.*?)```", text[text.index(HEADING):], re.S)
    assert block, "kein ```toml-Block unter dem Beispiel"
    return block.group(1)


def german(number: float, decimals: int = 0) -> str:
    """1234 -> "1.234", 12.5 -> "12,5" (the city's own spreadsheet export)."""
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def make_city(folder):
    """Write the files the example names; returns the counts per (quarter id, year)."""
    rng = np.random.default_rng(15)
    quarters = []
    for n, name in enumerate(NAMES):
        row, col = divmod(n, 4)  # one row of four quarters per district
        quarters.append((f"{row + 1}{col + 1:02d}", name, str(row + 1),
                         shapely.box(X0 + col * 1000, Y0 + row * 1000, X0 + (col + 1) * 1000, Y0 + (row + 1) * 1000)))
    gpd.GeoDataFrame([q[:3] for q in quarters], columns=["qid", "name", "bezirk"], geometry=[q[3] for q in quarters],
                     crs="EPSG:25832").to_file(folder / "quartiere.geojson", driver="GeoJSON")
    districts = [(bid, name, shapely.union_all([q[3] for q in quarters if q[2] == bid])) for bid, name in DISTRICTS.items()]
    gpd.GeoDataFrame([d[:2] for d in districts], columns=["bid", "name"], geometry=[d[2] for d in districts],
                     crs="EPSG:25832").to_file(folder / "bezirke.geojson", driver="GeoJSON")
    counts = {}
    lines = ["Quartier;Name;Jahr;Einwohner;Empfänger SGB II;Erwerbsfähige;Arbeitslose;Haushalte mit Kindern;Alleinerziehende;"
             "Grünfläche je EW in m²"]
    for qid, name, _, _ in quarters:
        base = {"ew": int(rng.integers(1500, 9000)), "sgb": rng.uniform(0.02, 0.25), "alq": rng.uniform(0.02, 0.12),
                "hhk": rng.uniform(0.10, 0.18), "allein": rng.uniform(0.15, 0.40), "gruen": rng.uniform(3, 25)}
        for year in YEARS:
            drift = 1 + (year - YEARS[0]) * rng.uniform(-0.05, 0.05)
            ew = int(base["ew"] * drift)
            erwerb = int(ew * 0.66)
            hhk = int(ew * base["hhk"])
            c = {"EW": ew, "SGB2": (int(ew * base["sgb"] * drift), ew), "ALQ": (int(erwerb * base["alq"] * drift), erwerb),
                 "ALLEIN": (int(hhk * base["allein"]), hhk), "GRUEN": round(base["gruen"] * drift, 1)}
            counts[(qid, year)] = c
            lines.append(";".join([qid, name, str(year), german(ew), german(c["SGB2"][0]), german(erwerb), german(c["ALQ"][0]),
                                   german(hhk), german(c["ALLEIN"][0]), german(c["GRUEN"], 1)]))
    (folder / "werte.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    # Kitas: 1-3 per quarter at points inside it, lon/lat in German notation; places up to 1.200 (thousands dot)
    rows = ["Name;Straße;Länge;Breite;Plätze"]
    for n, (qid, name, _, geom) in enumerate(quarters):
        for k in range(1 + n % 3):
            x, y = geom.bounds[0] + 200 + 250 * k, geom.bounds[1] + 300 + 100 * k
            lon, lat = gpd.GeoSeries([shapely.Point(x, y)], crs="EPSG:25832").to_crs("EPSG:4326").iloc[0].coords[0]
            places = 1200 if (qid, k) == ("203", 0) else 40 + 15 * ((n + k) % 6)
            counts.setdefault(("kitas", None), []).append((qid, places))
            rows.append(f"Kita {name} {k + 1};{name} {k + 1};{german(lon, 6)};{german(lat, 6)};{german(places)}")
    (folder / "kitas.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    # the funding area: all of quarter 101 and the west half of 102
    gpd.GeoDataFrame({"gebiet": ["SZ-1"], "name": ["Rund um den Markt"], "seit": ["01.04.2021"]},
                     geometry=[shapely.box(X0, Y0, X0 + 1500, Y0 + 1000)], crs="EPSG:25832").to_file(
        folder / "foerdergebiete.geojson", driver="GeoJSON")
    (folder / "massnahmen.csv").write_text(
        "Kennung;Maßnahme;Gebiete;Zielbereich;Federführung;Beginn;Ende;Status;Öffentlich\n"
        "M-1;Familienzentrum am Markt;101;Soziales;Jugendamt;2025;2026;geplant;ja\n", encoding="utf-8")
    return counts


def expected_burden(counts, year):
    """Who is multiply burdened by the example's rule, computed from the counts: in the worst quarter (the 3 highest of
    12) for SGB2 and ALQ, at least 30 % single parents, less than 10 m² green per resident; at least 2 of the 4."""
    ids = sorted({q for q, y in counts if y == year})
    share = {key: {q: 100 * counts[(q, year)][key][0] / counts[(q, year)][key][1] for q in ids} for key in ("SGB2", "ALQ", "ALLEIN")}
    hits = {q: 0 for q in ids}
    for key in ("SGB2", "ALQ"):
        ranked = sorted(ids, key=lambda q: share[key][q], reverse=True)
        assert share[key][ranked[2]] > share[key][ranked[3]]  # no tie at the cut, so "the worst quarter" is three quarters
        for q in ranked[:3]:
            hits[q] += 1
    for q in ids:
        hits[q] += round(share["ALLEIN"][q], 1) >= 30  # the stored value is exact; its rounding does not decide here
        hits[q] += counts[(q, year)]["GRUEN"] <= 10
    return hits


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    folder = tmp_path_factory.mktemp("neustadt")
    counts = make_city(folder)
    config = folder / "ingest.toml"
    config.write_text(example_config(), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "dashboard", "ingest", "--config", str(config)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "daten" / "neustadt", counts


def test_the_documented_config_builds_the_city(city):
    folder, counts = city
    dataset = load_dataset(folder)
    assert dataset.level_ids == ["quartier", "bezirk"] and len(dataset.indicators) == 6
    areas = gpd.read_parquet(folder / "areas.parquet")
    assert areas["level"].value_counts().to_dict() == {"quartier": 12, "bezirk": 3, "stadt": 1}
    app = create_app(Settings(data_dir=folder, cache_dir=None))
    monitor = app.monitor
    assert monitor.years("SGB2", "bezirk") == list(YEARS)
    # a Bezirk's share is the ratio of its quarters' sums (German "1.234" read as 1234, not 1.234)
    wide = monitor.wide(["SGB2", "EW"], 2024, "bezirk")
    quarters = [q for q, y in counts if y == 2024 and q.startswith("2")]
    num = sum(counts[(q, 2024)]["SGB2"][0] for q in quarters)
    den = sum(counts[(q, 2024)]["EW"] for q in quarters)
    assert wide.loc["2", "EW"] == den and wide.loc["2", "SGB2"] == pytest.approx(100 * num / den, abs=0.05)


def test_the_burden_rule_of_the_config_rates_the_expected_quarters(city):
    folder, counts = city
    app = create_app(Settings(data_dir=folder, cache_dir=None))
    monitor = app.monitor
    rules = monitor.burden_rules()
    assert [r.id for r in rules] == ["soziale-lage"]
    rule = rules[0]
    assert [(c.indicator_id, c.rule, c.value) for c in rule.criteria] == [
        ("SGB2", "quantile", 0.25), ("ALQ", "quantile", 0.25), ("ALLEIN", "threshold", 30.0), ("GRUEN", "threshold", 10.0)]
    for year in YEARS:
        hits = expected_burden(counts, year)
        table = monitor.burden(rule, year)
        assert table["burden_count"].astype(int).to_dict() == hits, year
        assert set(table.index[table["multiple"]]) == {q for q, n in hits.items() if n >= 2}
        assert 0 < sum(n >= 2 for n in hits.values()) < 12  # the rule separates: some, not all

    tree = render(app, burden_view.PATH, "?jahr=2024")
    hideout = find(tree, burden_view.AREAS)["props"]["hideout"]
    assert hideout["classes"] == {q: n for q, n in expected_burden(counts, 2024).items()}
    text = json.dumps(tree, ensure_ascii=False)
    assert "Soziale Lage und Grünversorgung (2 von 4)" in text and "Hinweis" not in text


def test_a_district_profile_compares_with_the_city_once(city):
    """A Bezirk's parent is the city: no parent columns beside the city's (value, rank, trend), in page and export data."""
    from dashboard.reports import profile as report

    folder, _ = city
    monitor = create_app(Settings(data_dir=folder, cache_dir=None)).monitor
    figures = report.key_figures(monitor, "2", 2024)
    sgb2 = figures.set_index("indicator_id").loc["SGB2"]
    assert sgb2["city_value"] is not None and sgb2["rank_city"] is not None and sgb2["city_trend"]
    assert figures["parent_value"].isna().all() and figures["rank_siblings"].isna().all() and figures["n_siblings"].isna().all()
    assert not any(figures["parent_trend"])
    quarter = report.key_figures(monitor, "201", 2024).set_index("indicator_id").loc["SGB2"]
    assert quarter["parent_value"] is not None and quarter["rank_siblings"] is not None  # a quarter still compares with its Bezirk


def test_facilities_funding_area_and_measures_of_the_config(city):
    """[[facilities]] with a supply ratio, [[kulissen]] and [measures] of the documented example, imported together: the
    app starts, a Bezirk's Kita places per 1,000 residents are the sum of its places over the sum of its residents
    (not the mean of the quarters' ratios; "1.200" places read as 1200), the funding area's share of its quarters and
    the measure in the profile data."""
    folder, counts = city
    monitor = create_app(Settings(data_dir=folder, cache_dir=None)).monitor
    kitas = counts[("kitas", None)]
    for bezirk in DISTRICTS:
        places = sum(p for q, p in kitas if q.startswith(bezirk))
        people = sum(counts[(q, 2024)]["EW"] for q, y in counts if y == 2024 and q.startswith(bezirk))
        wide = monitor.wide(["KITA_PLAETZE"], 2024, "bezirk")
        assert wide.loc[bezirk, "KITA_PLAETZE"] == pytest.approx(1000 * places / people, abs=0.05)
    assert max(p for _, p in kitas) == 1200
    layers = monitor.facilities("2")
    assert [entry["layer"].id for entry in layers] == ["kita"]
    assert layers[0]["count"] == sum(1 for q, _ in kitas if q.startswith("2"))
    assert layers[0]["capacity"] == sum(p for q, p in kitas if q.startswith("2"))
    shares = {area: monitor.kulisse_overlaps(area, 2024) for area in ("101", "102", "103")}
    assert shares["101"][0]["layer"].id == "sozialer-zusammenhalt"
    assert shares["101"][0]["share"] == pytest.approx(1.0, abs=1e-6)
    assert shares["102"][0]["share"] == pytest.approx(0.5, abs=1e-6)
    assert shares["103"] == []
    measures = monitor.measures("101")
    assert list(measures["title"]) == ["Familienzentrum am Markt"]
    assert "Familienzentrum am Markt" in set(monitor.measures("1")["title"])  # and in its Bezirk's profile (sub-area)


def test_a_facility_and_a_funding_area_with_the_same_id_fail_the_import(tmp_path):
    """Facilities and Förderkulissen share the map's list „Weitere Ebenen“ (ebenen=…): the same id in both is an import
    error naming both sections, not a dataset the app then refuses to start with (review item 1)."""
    make_city(tmp_path)
    config = tmp_path / "ingest.toml"
    config.write_text(example_config().replace('id = "sozialer-zusammenhalt"', 'id = "kita"'), encoding="utf-8")
    from dashboard.ingest.build import IngestError
    from dashboard.ingest.generic import ingest_from_config

    with pytest.raises(IngestError) as error:
        ingest_from_config(config, tmp_path / "out")
    assert str(error.value) == ("ingest.toml, [[kulissen]] Nr. 1 (id='kita'): Feld 'id' hat den Wert 'kita', den schon "
                                "ingest.toml, [[facilities]] Nr. 1 (id='kita') trägt. Einrichtungen und Förderkulissen stehen "
                                "in derselben Liste „Weitere Ebenen“; jede id darf nur einmal vorkommen.")
    assert not (tmp_path / "out").exists()
