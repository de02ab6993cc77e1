"""The adversary of issue 17's new public outputs: intervals, "deutlich"/"im Rahmen zufälliger Schwankung", group
breakdowns and the decomposition of index changes, read over HTTP from the session's public servers.

docs/methods.md („Geheimhaltung“, „Unsicherheit kleiner Zahlen“) promises that public mode computes every interval and
test from published numbers only (Monitor.cell_counts/intervals): none for a withheld cell, none where the
denominator is not a published count indicator (its width would reveal n), bounds rounded like the value. The
adversary here holds the Dash callback responses and downloads a browser gets (tests/e2e/disclosure.DashClient) and
checks them against the public Monitor's withheld cells (ground truth: Monitor.values(...)["suppressed"], i.e.
Publication.withheld plus the primary rule). The broad crawl of the same outputs (every interval indicator, level and
several year pairs of the change map; every area with a withheld group share) found nothing; these tests keep the
cases that matter cheap: a few requests each.
"""
from __future__ import annotations

import csv

import pytest

from tests.conftest import session_app
from tests.e2e.conftest import ROOT
from tests.e2e.disclosure import DashClient, float_digits
from tests.integration.conftest import download_texts

pytestmark = pytest.mark.e2e

DEMO = ROOT / "data" / "demo"
BERLIN_SMALL = "03300515"  # Blankenburger Süden, 49 EW in 2024: every population figure withheld
DE = {"qm-lang.data": "de"}


def _rows(data: dict) -> list[dict[str, str]]:
    lines = [line for line in download_texts(data or {}) if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter=";"))


def _change(client: DashClient, indicator: str, level: str, von: int, bis: int) -> dict:
    r = client.call("change-areas-colouring.data", {
        "change-indicator.value": indicator, "change-level.value": level, "change-from.value": von, "change-to.value": bis,
        "change-district.value": None, "change-only-clear.value": ["on"]}, DE)
    return (r.get("change-areas-colouring") or {}).get("data") or {}


def check_change_map(url: str, monitor, indicator: str, level: str, von: int, bis: int) -> int:
    """The change map's tests ([clear, lower, upper] per area): none for an area withheld in either year, bounds at
    the indicator's display precision. Returns the number of tests read."""
    hideout = _change(DashClient(url), indicator, level, von, bis)
    tests = hideout.get("tests") or {}
    before = monitor.values(indicator, von, level).set_index("area_id")["suppressed"]
    after = monitor.values(indicator, bis, level).set_index("area_id")["suppressed"]
    decimals = monitor.indicator(indicator).decimals
    withheld = [a for a in tests if before.get(a, True) or after.get(a, True)]
    assert not withheld, f"{indicator} {von}->{bis}: a change test for withheld cells {withheld[:10]}"
    precise = [(a, b) for a, (_c, *bounds) in tests.items() for b in bounds
               if float_digits(b) is None or float_digits(b) > decimals]
    assert not precise, f"{indicator}: change bounds beyond {decimals} decimals {precise[:10]}"
    return len(tests)


def test_demo_intervals_only_with_a_published_denominator(public_server):
    """Demo C1 (denominator EW, published): tests on the change map, none for a withheld area. A1 (SGB-II share, whose
    denominator is no count indicator): no test and no interval anywhere - its width would reveal the denominator."""
    monitor = session_app(DEMO, "public").monitor
    assert "C1" in monitor.indicators_with_intervals() and "A1" not in monitor.indicators_with_intervals()
    level = monitor.dataset.level_ids[0]
    years = monitor.years("C1", level)
    assert check_change_map(public_server.url, monitor, "C1", level, years[0], years[-1]) > 100
    years = monitor.years("A1", level)
    client = DashClient(public_server.url)
    assert not _change(client, "A1", level, years[0], years[-1]).get("tests")
    # the trend download: bounds only for C1's published cells, never for A1
    for indicator, expect in (("A1", False), ("C1", True)):
        values = monitor.values(indicator, years[-1], level)
        withheld = values.loc[values["suppressed"], "area_id"].head(2).tolist()
        shown = values.loc[~values["suppressed"], "area_id"].head(1).tolist()
        d = client.call("trends-download.data", {"trends-download-csv.n_clicks": 1, "trends-download-xlsx.n_clicks": None},
                        {"trends-indicator.value": indicator, "trends-level.value": level,
                         "trends-areas.value": shown + withheld, "trends-ref.value": ["ref"], **DE})
        rows = _rows((d.get("trends-download") or {}).get("data"))
        assert rows, f"no trend download for {indicator}"
        bounded = [(r["Gebiets-ID"], r["Jahr"]) for r in rows
                   if r["95-%-Intervall, untere Grenze"] or r["95-%-Intervall, obere Grenze"]]
        assert bool(bounded) is expect, f"{indicator}: bounds for {bounded[:5]}"
        secret = [(r["Gebiets-ID"], r["Jahr"]) for r in rows if r["nicht veröffentlicht (geringe Fallzahl/Geheimhaltung)"] == "ja"]
        assert secret, f"{indicator}: the withheld areas {withheld} have no withheld year in the download"
        assert not set(bounded) & set(secret), f"{indicator}: bounds for withheld cells {sorted(set(bounded) & set(secret))[:5]}"

def test_berlin_withheld_area_has_no_interval_verdict_or_group_figure(berlin_datasets, berlin_public_server):
    """03300515 (49 EW, 2024): the profile CSV's withheld rows carry no bounds and no verdict; /gruppen gives no share,
    interval or count for a withheld group, and the complement "Deutsche" (100 − Ausländeranteil) none either; the change
    map tests ANT_65U 2015 -> 2024 for published cells only."""
    monitor = session_app(berlin_datasets["berlin"], "public").monitor
    url = berlin_public_server.url
    client = DashClient(url)
    withheld = {i for a, i, y in monitor.publication().withheld if a == BERLIN_SMALL and y == 2024}
    assert {"ANT_AUSL", "ANT_MH", "ANT_65U", "EW"} <= withheld
    d = client.call("profile-download.data", {"profile-csv.n_clicks": 1, "profile-xlsx.n_clicks": None},
                    {"profile-state.data": {"area": BERLIN_SMALL, "jahr": 2024, "gruppe": "dimension"}, **DE})
    rows = [r for r in _rows((d.get("profile-download") or {}).get("data")) if r["Kennzahl-ID"] in withheld]
    assert len(rows) >= 10
    extra = ("95-%-Intervall, untere Grenze", "95-%-Intervall, obere Grenze", "Differenz zum übergeordneten Gebiet ist",
             "Differenz zur Gesamtstadt ist", "Wert")
    leaked = [(r["Kennzahl-ID"], k, r[k]) for r in rows for k in extra if r.get(k)]
    assert not leaked, f"withheld rows of {BERLIN_SMALL} carry {leaked[:10]}"

    d = client.call("groups-download.data", {"groups-download-csv.n_clicks": 1, "groups-download-xlsx.n_clicks": None},
                    {"groups-area.value": BERLIN_SMALL, "groups-year.value": 2024, **DE})
    groups = _rows((d.get("groups-download") or {}).get("data"))
    own = [k for k in groups[0] if k.startswith("Anteil im Gebiet") or "Intervall" in k or k == "Anzahl im Gebiet"]
    assert len(own) == 4, groups[0].keys()
    hit = [r for r in groups if r["Indikator (Kennung)"] in withheld]
    assert any(r["Ergänzung (100 % minus Indikator)"] == "ja" for r in hit)  # "Deutsche" is among them
    leaked = [(r["Gruppe"], k, r[k]) for r in hit for k in own if r[k]]
    assert not leaked, f"/gruppen {BERLIN_SMALL}: {leaked[:10]}"

    assert check_change_map(url, monitor, "ANT_65U", "planungsraum", 2015, 2024) > 300
