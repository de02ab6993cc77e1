"""The Mehrfachbelastung and index views in a real browser: first paint, scenario, diff, reset, export, the district
focus (zoom, fade, re-zoom, a slide) and the index's dynamics marks."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.state import district_names
from dashboard.catalog import load_dataset
from dashboard.geometry import GeometryService
from dashboard.methods.classify import NO_DATA_COLOR
from dashboard.monitor import Monitor
from dashboard.store import Store
from dashboard.ui import burden as burden_view
from dashboard.ui import social_index as index_view
from dashboard.ui.components import focus_members
from tests.e2e.conftest import ROOT, wait_until_settled

pytestmark = pytest.mark.e2e
HATCH_FILL = "url(#qm-hatch)"


@pytest.fixture(scope="module")
def geometry():
    dataset = load_dataset(ROOT / "data" / "demo")
    return GeometryService(dataset.path / "web", dataset.level_ids, dataset.level_ids[-1])


@pytest.fixture(scope="module")
def monitor():
    dataset = load_dataset(ROOT / "data" / "demo")
    return Monitor(dataset, Store(dataset.path))


def pattern_fill(pattern, color) -> str:
    """The fill assets/qm_map.js gives a class with an overlay (ensureClassPattern's id)."""
    return "url(#qm-pat-" + "-".join(re.sub(r"[^0-9a-zA-Z]", "", str(v)) for v in (pattern["name"], color, pattern["ink"])) + ")"


def expected(hideout) -> dict[str, list]:
    """Fill and outline per area as the page should draw them: a class colour (or its pattern), the hatch for
    withheld, grey for no data; the burden outline only on areas inside the focus."""
    out = {}
    focus = hideout.get("focus")
    patterns = hideout.get("patterns") or []
    for area_id, k in hideout["classes"].items():
        fill = hideout["colors"][k] if k >= 0 else (HATCH_FILL if k == -2 else NO_DATA_COLOR)
        if k >= 0 and k < len(patterns) and patterns[k]:
            fill = pattern_fill(patterns[k], fill)
        outlined = bool(hideout.get("outlined", {}).get(area_id)) and (focus is None or area_id in focus)
        out[area_id] = [fill, outlined]
    return out


def view_params(url: str) -> dict[str, list[str]]:
    """The view's parameters in an address (without `stand`, the data release every address gets)."""
    return {k: v for k, v in parse_qs(urlsplit(url).query).items() if k != "stand"}


def wait_for_map(page, map_id, want, timeout=20000):
    # one self-contained predicate (no eval: the app's Content-Security-Policy forbids it)
    page.wait_for_function(
        """([mapId, want]) => {
             const got = {};
             for (const el of document.querySelectorAll('#' + mapId + ' path.qm-area')) {
               const id = [...el.classList].find(c => /^qm-area-[0-9A-Za-z]+$/.test(c) &&
                 !['qm-area-suppressed', 'qm-area-selected', 'qm-area-outlined'].includes(c));
               if (id) got[id.slice(8)] = [el.getAttribute('fill'), el.classList.contains('qm-area-outlined')];
             }
             return Object.keys(want).length === Object.keys(got).length &&
                    Object.keys(want).every(k => got[k] && got[k][0] === want[k][0] && got[k][1] === want[k][1]);
           }""",
        arg=[map_id, want], timeout=timeout)


def test_burden_view_first_paint_scenario_diff_and_reset(server, probe, monitor):
    page = probe.page
    rule = monitor.burden_rules()[0]
    page.goto(f"{server.url}/mehrfachbelastung?jahr=2023")
    official = monitor.burden_bundle(rule, 2023)
    wait_for_map(page, burden_view.MAP, expected(official.hideout))
    assert "SZENARIO" not in page.inner_text(f"#{burden_view.TITLE}")
    # the ranked list names every multiply burdened area with its burdens as chips
    multiple = official.table[official.table["multiple"]]
    items = page.locator(".qm-burden-item")
    assert items.count() == len(multiple)
    first = multiple.index[0]
    chips = page.locator(f"#{burden_view.P}-item-{first} .qm-chip").all_inner_texts()
    labels = {c.indicator_id: c.label for c in rule.criteria}
    assert chips == [labels[i] for i in multiple.loc[first, "burdens"]]
    totals = page.inner_text(f"#{burden_view.TOTALS}")
    assert f"{int(official.totals.loc[0, 'areas'])}" in totals
    assert "Wie wurde das berechnet?" in page.content() and "Offizielle Regel" in page.inner_text(f"#{burden_view.METHOD}")

    # scenario: switch off one indicator
    page.click(f"#{burden_view.SCENARIO_BOX} summary")
    off = rule.criteria[0]
    page.get_by_label(off.label, exact=True).uncheck()
    scenario_rule = rule.with_changes(enabled={c.indicator_id for c in rule.criteria[1:]})
    scenario = monitor.burden_bundle(scenario_rule, 2023, official=rule)
    wait_for_map(page, burden_view.MAP, expected(scenario.hideout))
    assert page.inner_text(f"#{burden_view.TITLE}").startswith("SZENARIO")
    diff = page.inner_text(f"#{burden_view.DIFF}")
    assert f"Fallen heraus ({len(scenario.diff['left'])})" in diff and f"Kommen hinzu ({len(scenario.diff['entered'])})" in diff
    assert scenario.diff["left"] and scenario.table.loc[scenario.diff["left"][0], "name"] in diff
    assert f"aus={off.indicator_id}" in page.url
    assert "Szenario" in page.inner_text(f"#{burden_view.METHOD}")

    # the export says it is a scenario and how it was computed
    with page.expect_download() as info:
        page.click(f"#{burden_view.DOWNLOAD_BUTTON}")
    raw = open(info.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "the browser's file lost the byte-order mark"
    text = raw.decode("utf-8-sig")
    assert info.value.suggested_filename == "mehrfachbelastung-2023-szenario.csv"
    assert "SZENARIO" in text and "Wie wurde das berechnet?" in text
    # the description lines (# …), one header, one row per area
    assert len([line for line in text.strip().splitlines() if not line.startswith("#")]) == 1 + len(scenario.table)

    # the URL reproduces the scenario
    page.reload()
    wait_for_map(page, burden_view.MAP, expected(scenario.hideout))
    assert page.inner_text(f"#{burden_view.TITLE}").startswith("SZENARIO")

    # Zurücksetzen restores the official result exactly
    page.click(f"#{burden_view.RESET}")
    wait_for_map(page, burden_view.MAP, expected(official.hideout))
    assert not page.inner_text(f"#{burden_view.TITLE}").startswith("SZENARIO")
    assert page.inner_text(f"#{burden_view.DIFF}").strip() == ""
    assert "aus=" not in page.url and "k=" not in page.url and "schnitt=" not in page.url
    assert probe.console_errors == []


def test_burden_filters_by_district_and_k(server, probe, monitor):
    page = probe.page
    rule = monitor.burden_rules()[0]
    district = sorted(district_names(monitor))[0]
    page.goto(f"{server.url}/mehrfachbelastung?jahr=2023&k=2&bezirk={district}")
    bundle = monitor.burden_bundle(rule.with_changes(min_count=2), 2023, official=rule)
    # only the district's areas carry the outline: the rest fades
    wait_for_map(page, burden_view.MAP, expected(dict(bundle.hideout, focus=focus_members(monitor, district, "planungsraum"))))
    table = burden_view.filtered(monitor, bundle, [], district)
    assert page.locator(".qm-burden-item").count() == int(table["multiple"].sum())
    # the link stays as given: mounting the controls must not rewrite it (asked once the app has done
    # everything it would do after the first paint)
    wait_until_settled(page)
    assert view_params(page.url) == {"jahr": ["2023"], "k": ["2"], "bezirk": [district]}
    assert page.inner_text(f"#{burden_view.TITLE}").startswith("SZENARIO")
    assert probe.console_errors == []


def test_index_map_has_the_combined_classes(server, probe, monitor):
    page = probe.page
    definition = monitor.dataset.indices[0]
    page.goto(f"{server.url}/sozialindex?jahr=2022")
    hideout, table = index_view.hideout(monitor, definition, 2022)
    wait_for_map(page, index_view.MAP, expected(hideout))
    wait_until_settled(page)
    assert view_params(page.url) == {"jahr": ["2022"]}  # the link stays as given
    legend = page.inner_text(f"#{index_view.LEGEND}")
    for code in ("1+", "2+/-", "4-"):
        assert code in legend
    assert "nicht bewertet" in legend
    # Grenzfälle (issue 17 part 3): the legend row counts them, each has the dotted outline, the tooltip names the classes
    near = hideout["borderline"]
    assert near and f"Grenzfall: Wert nahe einer Klassengrenze (± 0,1 Standardabweichungen): {len(near)}" in legend
    drawn = page.evaluate("""(mapId) => [...document.querySelectorAll('#' + mapId + ' path.qm-area-borderline')]
        .map(p => [p.getAttribute('stroke-dasharray'), p.getAttribute('fill')])""", index_view.MAP)
    assert len(drawn) == len(near) and {d for d, _ in drawn} == {"1 6"} and all(f != "#ffffff" for _, f in drawn)
    some = next(iter(near))
    tooltip = page.evaluate("([id, h]) => window.qm.map.tooltipText({properties: {id: id, name: id}}, h)", [some, hideout])
    assert "Grenzfall: " in tooltip and "nahe der Grenze zwischen „" in tooltip
    page.locator(f"#{index_view.YEAR}").click()
    page.locator(".dash-dropdown-option").filter(has_text="2024").first.click()
    hideout_2024, _ = index_view.hideout(monitor, definition, 2024)
    wait_for_map(page, index_view.MAP, expected(hideout_2024))
    assert "jahr=2024" in page.url
    assert probe.console_errors == []


# -- the district focus: zoom, fade, re-zoom, a slide; the map's colours are the legend's -------------------------------
# What the viewer sees of a focus, measured in the page: the focus areas' box inside the map and clear of the title and
# legend lying over it, how much of the map it takes, and the fill opacity inside and outside.
FOCUS_SEEN = """([mapId, inside, outside, view, fitsBefore, check]) => {
  const fit = window.qm && window.qm.map.fits[mapId];
  const map = document.getElementById(mapId);
  if (!fit || !map) return null;
  const box = map.getBoundingClientRect();
  const paths = inside.map(id => map.querySelector('path.qm-area-' + id)).filter(Boolean);
  if (paths.length !== inside.length) return null;
  const rects = paths.map(p => p.getBoundingClientRect());
  const union = {left: Math.min(...rects.map(r => r.left)), top: Math.min(...rects.map(r => r.top)),
                 right: Math.max(...rects.map(r => r.right)), bottom: Math.max(...rects.map(r => r.bottom))};
  const covered = [...map.closest('.qm-map-wrap').querySelectorAll('.qm-map-title, .qm-legend')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width && r.left < union.right - 2 && r.right > union.left + 2 && r.top < union.bottom - 2 && r.bottom > union.top + 2;
  }).map(el => el.className);
  const other = map.querySelector('path.qm-area-' + outside);
  const seen = {fits: fit.n, view: fit.view,
          inMap: union.left >= box.left - 2 && union.right <= box.right + 2 && union.top >= box.top - 2 && union.bottom <= box.bottom + 2,
          share: Math.max((union.right - union.left) / box.width, (union.bottom - union.top) / box.height), covered,
          inside: [...new Set(paths.map(p => p.getAttribute('fill-opacity')))], outside: other && other.getAttribute('fill-opacity')};
  const ok = seen.fits > fitsBefore && JSON.stringify(seen.view) === JSON.stringify(view) && seen.inMap && !covered.length &&
             seen.share >= 0.5 && seen.inside.join() === '0.85' && seen.outside === '0.15';
  return check ? (ok && seen) : seen;
}"""


def wait_for_focus(page, map_id, inside, outside, view, fits_before=0):
    """Wait until the map has fitted `view` (after `fits_before` fits) and shows the focus areas whole, clear of title
    and legend, taking at least half the map's width or height, the rest faded; returns the measurement."""
    args = [map_id, inside, outside, view, fits_before]
    try:
        return page.wait_for_function(FOCUS_SEEN, arg=[*args, True]).json_value()
    except PlaywrightTimeout:
        raise AssertionError(f"focus not shown: {page.evaluate(FOCUS_SEEN, [*args, False])}") from None


SWATCH_AND_FILL = """([mapId, areaId, row]) => {
  const path = document.querySelector('#' + mapId + ' path.qm-area-' + areaId);
  const swatch = document.querySelectorAll('#burden-legend .qm-legend-row .qm-swatch')[row];
  const s = getComputedStyle(swatch);
  return {fill: getComputedStyle(path).fill, swatch: s.backgroundColor, border: s.borderTopStyle,
          outlined: path.classList.contains('qm-area-outlined'), dash: getComputedStyle(path).strokeDasharray};
}"""


@pytest.mark.parametrize("width, height, presentation", [(1920, 1080, True), (1366, 768, False)])
def test_district_filter_zooms_fades_and_keeps_the_legend_colours(server, browser, monitor, geometry, width, height,
                                                                  presentation):
    """A district in the address zooms the map to it, clear of title and legend, and fades the rest; a multiply
    burdened area keeps the colour of its count's legend row (the outline marks it); the scenario's title names its
    rule. On screen, another district picked re-zooms; in presentation mode the next slide of a Sitzungsmappe (another
    district) restores its own zoom."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(20000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    rule = monitor.burden_rules()[0]
    scenario = rule.with_changes(enabled={c.indicator_id for c in rule.criteria[1:]}, rule="quantile", value=0.25)
    bundle = monitor.burden_bundle(scenario, 2023, official=rule)
    owner = burden_view.district_of(monitor)
    multiple = bundle.table[bundle.table["multiple"]]
    counts = pd.Series([owner[a] for a in multiple.index]).value_counts()
    first, second = counts.index[0], counts.index[-1] if len(counts) > 1 else sorted(set(owner.values()) - {counts.index[0]})[0]
    query = f"jahr=2023&aus={rule.criteria[0].indicator_id}&schnitt=quantile"
    flag = "&praesentation=1" if presentation else ""
    if presentation:  # a Sitzungsmappe of two districts: the slides are addresses
        release = monitor.dataset.release  # a saved view is pinned to its release, as the panel saves it
        mappe = {"title": "Bezirke", "views": [{"title": d, "url": f"/mehrfachbelastung?{query}&bezirk={d}&stand={release}"}
                                               for d in (first, second)]}
        page.add_init_script(script=f"window.localStorage.setItem('qm-mappe', {json.dumps(json.dumps(mappe))});")

    def areas(district):
        inside = sorted(a for a, d in owner.items() if d == district)
        return inside, next(a for a, d in sorted(owner.items()) if d != district)

    page.goto(f"{server.url}{burden_view.PATH}?{query}&bezirk={first}{flag}")
    inside, outside = areas(first)
    seen = wait_for_focus(page, burden_view.MAP, inside, outside, geometry.area_bounds(first))
    # the scenario's title names what it rates and the district, never the official rule's label
    heading = page.inner_text(f"#{burden_view.TITLE}")
    left_out = rule.criteria[0].label
    assert heading.startswith(f"SZENARIO – Mehrfachbelastung: 4 von 5 Kriterien (ohne {left_out}), je Kriterium: unter den "
                              "ungünstigsten 25 % der Gebiete, 2023 (mehrfach belastet ab 3)"), heading
    assert heading.endswith(monitor.area_names("bezirk")[first]) and rule.label not in heading
    # a multiply burdened area: its fill is its count's legend colour, the outline (dashed, on map and swatch) marks it
    area = next(a for a in multiple.index if owner[a] == first)
    shown = page.evaluate(SWATCH_AND_FILL, [burden_view.MAP, area, int(bundle.table.loc[area, "burden_count"])])
    assert shown["fill"] == shown["swatch"] and shown["outlined"] and shown["border"] == "dashed", shown
    assert shown["dash"] not in ("none", "")

    inside, outside = areas(second)
    if presentation:  # the next slide: another district, zoomed as its address says
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(d) => new URL(location.href).searchParams.get('bezirk') === d", arg=second)
        wait_for_focus(page, burden_view.MAP, inside, outside, geometry.area_bounds(second))
    else:  # another district picked: the map flies there, the address follows
        page.locator(f"#{burden_view.DISTRICT}").click()
        page.locator(".dash-dropdown-option").filter(has_text=monitor.area_names("bezirk")[second]).first.click()
        wait_for_focus(page, burden_view.MAP, inside, outside, geometry.area_bounds(second), fits_before=seen["fits"])
        assert view_params(page.url)["bezirk"] == [second]
    assert errors == []
    context.close()

