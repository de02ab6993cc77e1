"""The adversary's test: withheld small numbers cannot be read or derived from a public server.

Public mode promises that a value shown as "keine Angabe (geringe Fallzahl)" never leaves the server
and cannot be derived from what does. test_public_crawl.py checks that the withheld values are not
sent; this test plays the adversary who derives them. It only sends HTTP requests to a real public
gunicorn server (the Dash callback payloads a browser sends, built from /_dash-dependencies) and
reads the code (white box): which areas nest in which, that a parent's counts are the sums of its
children's, which count indicator is a share's numerator or denominator.

Ground truth: values.parquet/areas.parquet read directly; a cell is withheld by the primary rule of
dashboard/methods/suppress.py as dashboard/monitor.py applies it (min_denominator, min_numerator, and
min_population for every kind except counts where suppress_small_areas is set). The secrets are
those cells plus the counts behind them (a withheld share's numerator and denominator where a public
count indicator equals them, every count of people of an area below min_population).

Attacks (tests/e2e/disclosure.py):
 (a) full precision: a published share/rate/mean with more decimals than the registry's `decimals`
     (a full-precision float is an exact fraction);
 (b) parent minus siblings: per withheld cell an LP (scipy.optimize.linprog) over the numerators
     and denominators of the parent's and grandparent's children: parent = sum of children, every
     published share +- half a unit of its last decimal, published counts +- rounding, non-negative;
     min/max of the withheld numerator, denominator and (Charnes-Cooper) share;
 (c) direct read: the count behind a withheld share, or a small area's count, is published;
 (d) "zusammen": the LP of (b) plus every published "zusammen" (R + X for a fixed reference area R
     and every sibling X and the parent), which fixes the ratios of the unknown denominators;
 (e) other years: counts change little from year to year, so a withheld cell is estimated from the
     same areas' published values in other years (the full series of /zeitreihen): x(t) ~ x(t') where
     x is published in t', or parent minus published siblings in t minus a sibling withheld in t but
     published in t' (the complement of x).
All attacks also read the open-data download /daten/werte.csv (every published value of every area,
indicator and year in one file, dashboard/opendata.py), source "daten-csv".
Exposed = the attack narrows the secret below T, see disclosure.EXPOSURE (printed with every failure).

Scope, to keep the runtime modest: the neighbourhoods of the secrets (parent, siblings, grandparent
level where the parent is withheld too, city) - all years on Berlin, the latest year on the demo
(QM_INFERENCE_YEARS=all widens the demo to all years, ~2 min), the named cases always.
The complete list of exposures is written to .pytest_cache/public-inference-<dataset>.txt.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, Server
from tests.e2e.disclosure import EXPOSURE, Adversary, Cell, Report, Truth, run_attacks

pytestmark = pytest.mark.e2e

# other years (before f730051): demo 12030301 EW 2017 = 3120 - 1209 - 945 - 942 (12030304 in 2018) = 24;
# Berlin 03300515 EW 2020 = 1158 (033005 minus 03300514, 03300516) - 1120 (03300517 in 2019) = 38
DEMO_OTHER_YEARS = [Cell("EW", "12030301", 2017)]
BERLIN_OTHER_YEARS = [Cell("EW", "03300515", 2020)]
DEMO_NAMED = [Cell("A3", "06040201", 2024), Cell("A1", "04030201", 2024), Cell("A5", "02010201", 2024), *DEMO_OTHER_YEARS]
BERLIN_NAMED = [*(Cell(i, "03300515", 2024) for i in ("ANT_MH", "ANT_AUSL", "ANT_FRAU", "ANT_65U", "EW_65U", "EW")),
                *BERLIN_OTHER_YEARS]
# what every collection must have read something from, so that a parser gone blind cannot pass
SOURCES = ("zeitreihen-figure", "map-hideout", "map-table", "map-csv", "profil-csv", "vergleich-chart", "vergleich-csv",
           "daten-csv")


def attack(data: Path, server: Server, named: list[Cell], years: set[int] | None, compare_groups: int, profiles: int):
    """The attacks on `server`, the public app (the session's, tests/e2e/conftest.py) serving `data`."""
    truth = Truth(data)
    all_years = sorted({c.year for c in truth.secrets})
    scope = set(all_years) if years is None or os.environ.get("QM_INFERENCE_YEARS") == "all" else years
    adversary = Adversary(server.url, truth)
    collected = adversary.collect(scope, compare_groups, profiles, named)
    report = run_attacks(adversary)
    report.collected = collected
    out = ROOT / ".pytest_cache" / f"public-inference-{data.name}.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join([f"years attacked: {sorted(scope)}", report.summary(), f"requests: {dict(report.requests)}",
                              f"timings: {adversary.timings}", "", EXPOSURE, "", "exposed:",
                              *map(str, sorted(report.exposures, key=lambda e: (str(e.secret.cell), e.attack))),
                              "", "narrow intervals that miss the truth (model errors, not counted):", *map(str, report.wrong),
                              "", "full precision:", *report.full_precision, "", "withheld raw values sent:",
                              *adversary.pub.direct]) + "\n", encoding="utf-8")
    return truth, adversary, report


@pytest.fixture(scope="module")
def demo_attack(public_server):
    return attack(ROOT / "data" / "demo", public_server, DEMO_NAMED, {2024}, compare_groups=4, profiles=8)


@pytest.fixture(scope="module")
def berlin_attack(berlin_datasets, berlin_public_server):
    return attack(berlin_datasets["berlin"], berlin_public_server, BERLIN_NAMED, None, compare_groups=4, profiles=10)


# -- the checks, the same for both datasets -------------------------------------------------------------
def message(report: Report, exposures, title: str, limit: int = 60) -> str:
    lines = [title, report.summary(), EXPOSURE, ""]
    lines += [str(e) for e in sorted(exposures, key=lambda e: (str(e.secret.cell), e.attack))[:limit]]
    if len(exposures) > limit:
        lines.append(f"... and {len(exposures) - limit} more (.pytest_cache/public-inference-*.txt)")
    return "\n".join(lines)


def check_coverage(truth: Truth, adversary: Adversary, report: Report, named: list[Cell]) -> None:
    """The attack really looked: every kind of response was read and every named cell is a secret."""
    for cell in named:
        assert cell in truth.secrets, f"{cell} is not withheld by the primary rule on this data; the named case is gone"
    missing = [s for s in SOURCES if adversary.pub.sources[s] == 0]
    assert not missing, (f"no numbers read from {missing}: a response changed shape and the adversary went blind "
                         f"(requests: {dict(report.requests)}, observations by source: {dict(adversary.pub.sources)})")
    assert report.observations > 1000, report.observations
    # the other-years cases: the adversary read the parent's and the published siblings' full series
    pub = adversary.pub
    for cell in named:
        if cell not in DEMO_OTHER_YEARS + BERLIN_OTHER_YEARS:
            continue
        parent = truth.parent[cell.area]
        lines = {a: {y for y in range(cell.year - 15, cell.year + 16) if pub.best(Cell(cell.indicator, a, y))}
                 for a in [parent, *truth.children[parent]]}
        assert cell.year in lines[parent] and len(lines[parent]) > 2, f"{cell}: parent {parent}'s series not read: {lines}"
        assert sum(len(v) > 2 for v in lines.values()) >= 3, f"{cell}: siblings' series not read: {lines}"


def check_named(report: Report, named: list[Cell]) -> None:
    exposed = report.exposed_cells()
    found = [e for cell in named for e in exposed.get(cell, [])]
    assert not found, message(report, found, f"the named withheld cells can be derived: {sorted({str(e.secret.cell) for e in found})}")


def check_none_exposed(report: Report) -> None:
    assert not report.exposures, message(report, report.exposures, "withheld cells can be read or derived from the public server")


def check_precision(report: Report, adversary: Adversary) -> None:
    assert not report.full_precision, "\n".join(
        [f"{len(report.full_precision)} published values carry more decimals than the registry's display precision "
         "(a full-precision float is an exact fraction n/d):", *report.full_precision[:30]])
    assert not adversary.pub.direct, "\n".join(["withheld raw values in responses:", *adversary.pub.direct[:30]])


def test_demo_attack_covers_the_neighbourhoods(demo_attack):
    check_coverage(*demo_attack, DEMO_NAMED)


def test_demo_named_withheld_cells_cannot_be_derived(demo_attack):
    """06040201 A3, 04030201 A1, 02010201 A5 (2024): recovered exactly on the demo via "zusammen";
    12030301 EW 2017 (24): exactly, from its complement 12030304 published in 2018 (other years)."""
    check_named(demo_attack[2], DEMO_NAMED)


def test_demo_no_withheld_cell_can_be_derived(demo_attack):
    check_none_exposed(demo_attack[2])


def test_demo_published_numbers_are_rounded(demo_attack):
    check_precision(demo_attack[2], demo_attack[1])


def test_berlin_attack_covers_the_neighbourhoods(berlin_attack):
    check_coverage(*berlin_attack, BERLIN_NAMED)


def test_berlin_named_withheld_cells_cannot_be_derived(berlin_attack):
    """03300515 (49 EW, 2024): ANT_MH 6/49, ANT_AUSL 6/49, ANT_FRAU 25/49, ANT_65U 18/49 by parent minus
    siblings from /zeitreihen; EW_65U = 18 and EW = 49 straight from the table; EW 2020 (38) exactly from the
    complement 03300517's carried 2019 estimate (other years)."""
    check_named(berlin_attack[2], BERLIN_NAMED)


def test_berlin_no_withheld_cell_can_be_derived(berlin_attack):
    check_none_exposed(berlin_attack[2])


def test_berlin_published_numbers_are_rounded(berlin_attack):
    check_precision(berlin_attack[2], berlin_attack[1])
