"""Disclosure control (dashboard/methods/disclosure.py, docs/methods.md "Geheimhaltung") on a small city.

City G has one district P with four planning areas A (tiny, not rated), B, C, D and a second district Q
with two areas. Counts: population EW, two age groups that add up to EW, and a share ANT_K = K / EW
whose numerator is the count K; a share ANT_X whose numerator is published nowhere.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from dashboard.methods.disclosure import (
    complement_switches,
    CellRule,
    Protection,
    audit,
    primary,
    protect,
    protected_cells,
    publish,
    round_values,
    secondary_blocks,
    structure,
    tied_to_counts,
)

PARENT = {"A": "P", "B": "P", "C": "P", "D": "P", "E": "Q", "F": "Q", "P": "G", "Q": "G", "G": None}
LEVEL = {**{a: "pr" for a in "ABCDEF"}, "P": "bez", "Q": "bez", "G": "stadt"}
# EW, K (children, an age group), O (everyone else: K + O = EW), X (numerator of ANT_X, not published)
LEAVES = {"A": (49, 6, 43, 5), "B": (1200, 150, 1050, 310), "C": (900, 100, 800, 200),
          "D": (2500, 400, 2100, 700), "E": (3000, 500, 2500, 800), "F": (1800, 230, 1570, 400)}
RULES = {
    "EW": CellRule("EW", "count", "sum", decimals=0),
    "K": CellRule("K", "count", "sum", decimals=0),
    "O": CellRule("O", "count", "sum", decimals=0),
    "ANT_K": CellRule("ANT_K", "share", "ratio_of_sums", 100.0, 1, min_numerator=3, min_denominator=300),
    "ANT_X": CellRule("ANT_X", "share", "ratio_of_sums", 100.0, 1, min_numerator=3, min_denominator=300),
}


def city(year: int = 2024) -> pd.DataFrame:
    values = {a: np.array(v, dtype=float) for a, v in LEAVES.items()}
    for parent in ("P", "Q", "G"):
        values[parent] = sum(values[c] for c, p in PARENT.items() if p == parent and c in values) if parent != "G" else values["P"] + values["Q"]
    values["P"] = sum(values[a] for a in "ABCD")
    values["Q"] = values["E"] + values["F"]
    values["G"] = values["P"] + values["Q"]
    rows = []
    for area, (ew, k, o, x) in values.items():
        base = {"area_id": area, "level": LEVEL[area], "year": year, "population": ew, "estimate": False}
        rows += [{**base, "indicator_id": "EW", "value": ew, "numerator": np.nan, "denominator": np.nan},
                 {**base, "indicator_id": "K", "value": k, "numerator": np.nan, "denominator": np.nan},
                 {**base, "indicator_id": "O", "value": o, "numerator": np.nan, "denominator": np.nan},
                 {**base, "indicator_id": "ANT_K", "value": 100 * k / ew, "numerator": k, "denominator": ew},
                 {**base, "indicator_id": "ANT_X", "value": 100 * x / ew, "numerator": x, "denominator": ew}]
    return pd.DataFrame(rows)


def keys(frame: pd.DataFrame, mask: pd.Series) -> set[tuple[str, str]]:
    hit = frame[mask.to_numpy()]
    return set(zip(hit["area_id"], hit["indicator_id"]))


def test_structure_finds_identities_and_relations():
    cells = city()
    struct = structure(cells, RULES, PARENT)
    canon = struct.canon[2024]
    assert canon["ANT_K:Zähler"] == "K" and canon["ANT_K:Nenner"] == "EW"  # the share's counts are the count indicators
    assert canon["ANT_X:Nenner"] == "EW" and canon["ANT_X:Zähler"] == "ANT_X:Zähler"
    assert tied_to_counts(struct, RULES) == {"ANT_K", "ANT_X"}
    # one identity among the counts of an area: EW = K + O
    relation = struct.relations[2024]
    names = struct.relation_names[2024]
    assert relation.shape[0] == 1
    coef = dict(zip(names, relation[0] / relation[0][names.index("EW")]))
    assert coef["EW"] == pytest.approx(1) and coef["K"] == pytest.approx(-1) and coef["O"] == pytest.approx(-1)
    assert struct.hierarchy[("EW", 2024)] and struct.hierarchy[("K", 2024)]


def test_primary_withholds_the_shares_and_every_count_of_an_unrated_area():
    cells = city()
    struct = structure(cells, RULES, PARENT)
    mask, blocks = primary(cells, RULES, 300, tied_to_counts(struct, RULES))
    assert keys(cells, mask) == {("A", "EW"), ("A", "K"), ("A", "O"), ("A", "ANT_K"), ("A", "ANT_X")}
    assert blocks == {("A", 2024)}


def test_secondary_adds_the_smallest_published_sibling_and_nothing_else():
    population = pd.Series({(a, 2024): LEAVES[a][0] for a in LEAVES} | {("P", 2024): 4649.0, ("Q", 2024): 4800.0, ("G", 2024): 9449.0})
    assert secondary_blocks({("A", 2024)}, population, PARENT) == {("A", 2024), ("C", 2024)}  # C (900) < B (1200)
    # two withheld siblings protect each other; a parent with one withheld child and no other child is withheld
    assert secondary_blocks({("A", 2024), ("B", 2024)}, population, PARENT) == {("A", 2024), ("B", 2024)}
    only_child = {"A": "P", "P": "G", "Q": "G", "G": None}
    pop = pd.Series({("A", 2024): 49.0, ("P", 2024): 49.0, ("Q", 2024): 900.0, ("G", 2024): 949.0})
    assert secondary_blocks({("A", 2024)}, pop, only_child) == {("A", 2024), ("P", 2024), ("Q", 2024)}


def test_rounding_is_display_precision():
    assert list(round_values(np.array([12.244897959, 6.0, np.nan]), np.array([1, 0, 1]))[:2]) == [12.2, 6.0]
    cells = city()
    published = publish(cells, pd.Series(False, index=cells.index), RULES)
    share = published[(published["area_id"] == "C") & (published["indicator_id"] == "ANT_K")]["value"].iloc[0]
    assert json.dumps(float(share)) == "11.1"  # 100 / 900, as it goes over the wire


def test_audit_finds_the_differencing_attack_without_secondary_suppression():
    """Primary suppression alone: A's counts are P minus B, C, D — the audit must say so (it can fail)."""
    cells = city()
    struct = structure(cells, RULES, PARENT)
    mask, _ = primary(cells, RULES, 300, tied_to_counts(struct, RULES))
    report = audit(publish(cells, mask, RULES), cells, RULES, PARENT, protected_cells(cells, mask), struct)
    exposed = report[report["exposed"]].set_index("indicator_id")
    assert set(exposed.index) == {"EW", "K", "O", "ANT_K"}
    # ANT_X: its numerator is published nowhere; the rounding of P's and the siblings' shares (± 0.05 % of
    # their populations) leaves A's 5 between about 0 and 10 — protected even without a complement
    assert not report.set_index("indicator_id").loc["ANT_X", "exposed"]
    assert exposed.loc["EW", "count_low"] == pytest.approx(49) and exposed.loc["EW", "count_high"] == pytest.approx(49)
    assert exposed.loc["ANT_K", "value_low"] == pytest.approx(100 * 6 / 49, abs=0.01)


def test_protect_leaves_no_cell_exposed_and_reports_what_it_costs():
    cells = city()
    decision = protect(cells, RULES, PARENT, 300, protection=Protection())
    assert decision.stats["exposed"] == 0
    assert decision.stats["primary"] == 5
    # C's counts and count-tied shares are the complement; nothing in district Q is touched
    assert keys(cells, decision.withheld) == {(a, i) for a in "AC" for i in ("EW", "K", "O", "ANT_K", "ANT_X")}
    report = decision.audit.set_index("indicator_id")
    low, high = report.loc["EW", "count_low"], report.loc["EW", "count_high"]
    assert low <= 46 and high >= 52  # 49 ± max(3, 4.9)
    assert report.loc["ANT_K", "required_low"] == pytest.approx(100 * 3 / 49)  # 6 of 49: 3 … 9 must stay possible
    assert not report.loc["ANT_K", "exposed"] and not report.loc["ANT_X", "exposed"]


def test_full_precision_is_a_finding_of_the_audit():
    """Publishing B's exact share (not rounded) with its published count pins nothing new, but an exact
    share of the parent together with exact shares of the siblings is an exact fraction per area."""
    cells = city()
    decision = protect(cells, RULES, PARENT, 300, run_audit=False)
    exact = cells[["area_id", "indicator_id", "year", "value"]].copy()
    exact.loc[decision.withheld.to_numpy(), "value"] = np.nan
    # only ANT_X shares (numerator unpublished) and the published EW: with rounding A's X is protected …
    rounded = publish(cells, decision.withheld, RULES)
    struct = decision.struct
    mask, _ = primary(cells, RULES, 300, tied_to_counts(struct, RULES))
    protected = protected_cells(cells, mask)
    safe = audit(rounded, cells, RULES, PARENT, protected, struct)
    assert not safe["exposed"].any()
    # … with one decimal more on the district and the siblings the interval shrinks (precision is information)
    finer = {k: CellRule(**{**r.__dict__, "decimals": 6}) if k == "ANT_X" else r for k, r in RULES.items()}
    sharp = audit(publish(cells, decision.withheld, finer), cells, finer, PARENT, protected, struct)
    row_safe = safe.set_index(["area_id", "indicator_id"]).loc[("A", "ANT_X")]
    row_sharp = sharp.set_index(["area_id", "indicator_id"]).loc[("A", "ANT_X")]
    assert (row_sharp["count_high"] - row_sharp["count_low"]) < (row_safe["count_high"] - row_safe["count_low"])
    assert math.isfinite(row_sharp["count_high"])


def test_complements_hold_over_the_whole_series():
    """Year 1: C (900) is smaller than B (1200); year 2: B is smaller. A per-year choice would publish
    C in year 2 and give A(1) = P(1) - B(1) - D(1) - C(2) nearly exactly. The same complement serves both
    years, and A and C stay withheld in year 3 too, when A is not small any more."""
    population = pd.Series({("A", 1): 49.0, ("B", 1): 1200.0, ("C", 1): 900.0, ("D", 1): 2500.0, ("P", 1): 4649.0,
                            ("A", 2): 52.0, ("B", 2): 880.0, ("C", 2): 905.0, ("D", 2): 2500.0, ("P", 2): 4337.0,
                            ("A", 3): 320.0, ("B", 3): 870.0, ("C", 3): 910.0, ("D", 3): 2500.0, ("P", 3): 4600.0})
    parents = {"A": "P", "B": "P", "C": "P", "D": "P", "P": None}
    closed = secondary_blocks({("A", 1), ("A", 2)}, population, parents)
    assert closed == {(a, y) for a in "AC" for y in (1, 2, 3)}


def test_complement_switches_finds_a_complement_published_in_another_year():
    rows = []
    for year, (a, b, c) in {1: (49, 1200, 900), 2: (52, 880, 905)}.items():
        for area, value in zip("ABC", (a, b, c)):
            rows.append({"area_id": area, "indicator_id": "EW", "year": year, "value": value})
    cells = pd.DataFrame(rows)
    primary_mask = cells["area_id"].eq("A")
    per_year = primary_mask | (cells["area_id"].eq("C") & cells["year"].eq(1)) | (cells["area_id"].eq("B") & cells["year"].eq(2))
    parents = {"A": "P", "B": "P", "C": "P"}
    found = complement_switches(cells, per_year, primary_mask, parents)
    assert ("EW", "C", 1, 2) in found and ("EW", "B", 2, 1) in found
    assert complement_switches(cells, primary_mask | cells["area_id"].eq("C"), primary_mask, parents) == []
