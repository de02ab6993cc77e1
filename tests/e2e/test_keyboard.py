"""Keyboard only: the main tasks of the map view done with Tab, Shift+Tab, Enter, Space, arrow keys
and typing; the mouse is never used. Every element that receives focus on the way shows a visible
focus indicator.

The focus indicator is measured, not looked at: when an element has focus, it (or, for widgets that
draw the ring on a wrapper, its parent or grandparent) has an outline of at least 2 px; and once focus
has moved on, its outline or box-shadow is different from what it was while focused.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import wait_for_drawn

pytestmark = pytest.mark.e2e

MAX_TABS = 60  # more presses than this between two controls is itself a keyboard trap for a user

# Called after every key press that moves focus: describes the focused element and whether it shows
# a ring, and whether the element focused before looks different now that focus has left it.
PROBE_FOCUS = """async () => {
  // let CSS transitions end first (Dash's slider thumb animates its focus style for 150 ms)
  const settle = (el) => Promise.race([Promise.all(el.getAnimations().map((a) => a.finished.catch(() => null))),
                                       new Promise((done) => setTimeout(done, 1000))]);
  const styleOf = (el) => { const s = getComputedStyle(el);
    return {outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor, shadow: s.boxShadow,
            ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; };
  const chain = (el) => [el, el.parentElement, el.parentElement && el.parentElement.parentElement].filter(Boolean);
  const describe = (el) => {
    const label = el.labels && el.labels.length ? el.labels[0].textContent : '';
    const text = (el.getAttribute('aria-label') || label || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.classList[0] ? '.' + el.classList[0] : '') + (text ? ' „' + text + '“' : '');
  };
  const out = {previous: null, current: null};
  const prev = window.__qmFocusPrevious;
  const el = document.activeElement;
  for (const node of [...(el ? chain(el) : []), ...(prev && prev.el.isConnected ? chain(prev.el) : [])]) await settle(node);
  if (prev && prev.el !== el && prev.el.isConnected) {
    const now = chain(prev.el).map(styleOf);
    out.previous = {name: prev.name,
                    changed: now.some((st, i) => st.outline !== prev.styles[i].outline || st.shadow !== prev.styles[i].shadow)};
  }
  if (!el || el === document.body) { window.__qmFocusPrevious = null; return out; }
  const styles = chain(el).map(styleOf);
  window.__qmFocusPrevious = {el, name: describe(el), styles};
  out.current = {name: describe(el), ring: styles.some((st) => st.ring)};
  return out;
}"""


class Keyboard:
    """page.keyboard plus a record of every focus stop and whether it showed a focus indicator."""

    def __init__(self, page):
        self.page = page
        self.stops: list[str] = []
        self.without_ring: list[str] = []
        self.unchanged: list[str] = []

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        return self._probe()

    def type(self, text: str):
        """Type into the focused field and check that it reads `text`, as a user glances at what they typed.

        The dropdown's search field mounts on the first key; on a busy machine a key can land before it
        does and is lost ("ornheide" finds other areas first). Then the text is selected and typed again."""
        for _ in range(3):
            self.page.keyboard.type(text, delay=60)
            try:
                self.page.wait_for_function("text => document.activeElement && document.activeElement.value === text",
                                            arg=text, timeout=5000)
                return
            except PlaywrightTimeout:
                self.page.keyboard.press("Control+A")
                self.page.keyboard.press("Backspace")
        pytest.fail(f"Der Text {text!r} kam nicht vollständig im Eingabefeld an")

    def _probe(self) -> dict:
        try:
            seen = self.page.evaluate(PROBE_FOCUS)
        except PlaywrightError as error:  # the key opened another page (a plain link): start afresh there
            if "context was destroyed" not in str(error):
                raise
            self.page.wait_for_load_state()
            return {}
        if seen["previous"] and not seen["previous"]["changed"]:
            self.unchanged.append(seen["previous"]["name"])
        current = seen["current"]
        if current:
            self.stops.append(current["name"])
            if not current["ring"]:
                self.without_ring.append(current["name"])
        return current or {}

    def tab_to(self, selector: str, backwards: bool = False, limit: int = MAX_TABS):
        """Tab (or Shift+Tab) until the focused element matches the CSS selector."""
        key = "Shift+Tab" if backwards else "Tab"
        start = len(self.stops)
        for _ in range(limit):
            self.press(key)
            if self.page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
                return
        walked = "\n  ".join(self.stops[start:])
        raise AssertionError(f"Mit {key} nach {limit} Tastendrücken nicht erreicht: {selector}. Fokusweg:\n  {walked}")

    def focused(self, selector: str) -> bool:
        return self.page.evaluate("(s) => !!document.activeElement && !!document.activeElement.closest(s)", selector)


def wait_for_url(page, pattern: str):
    page.wait_for_function("(p) => new RegExp(p).test(location.pathname + location.search)", arg=pattern)


def query_value(page, name: str) -> str | None:
    return page.evaluate("(n) => new URLSearchParams(location.search).get(n)", name)


ACTIVE_OPTION = "() => { const o = document.activeElement && document.activeElement.closest('.dash-dropdown-option');" \
                " return o ? o.textContent.trim() : ''; }"


def step_to_other_option(page, keys: Keyboard, current: str) -> str:
    """Arrow down through an open dropdown, as a user does: press, look where the focus went, press
    again, until an indicator other than `current` has the focus (a dimension's heading has no id). Returns its id.

    The dropdown mounts its option list a moment after it opens and may ignore a key pressed in that
    moment; a user simply presses again, so a press that did not move the focus is repeated."""
    for _ in range(12):
        before = page.evaluate(ACTIVE_OPTION)
        keys.press("ArrowDown")
        try:
            page.wait_for_function(f"(b) => ({ACTIVE_OPTION})() !== b", arg=before, timeout=1500)
        except PlaywrightError:
            continue
        option = re.search(r"\(([^()\s]+)\)$", page.evaluate(ACTIVE_OPTION))  # "Label (ID)": the id ends the text
        if option and option[1] != current:
            return option[1]
    pytest.fail(f"Mit den Pfeiltasten keine andere Option als {current} erreichbar")


def test_keyboard_walkthrough(server, probe):
    page = probe.page
    keys = Keyboard(page)
    page.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=planungsraum")
    wait_for_drawn(page, "#map path.qm-outline")

    # 1. header search: type a name, choose the hit with the arrow keys and Enter -> its profile
    keys.tab_to("#qm-search", limit=8)
    keys.type("Kornheide")
    page.wait_for_selector(".dash-dropdown-content .dash-dropdown-option:has-text('100201')")
    for _ in range(10):
        keys.press("ArrowDown")
        if page.evaluate("() => !!document.activeElement.closest('.dash-dropdown-option')"
                         " && document.activeElement.closest('.dash-dropdown-option').textContent.includes('100201')"):
            break
    else:
        pytest.fail("Der Treffer 100201 ist mit den Pfeiltasten nicht erreichbar")
    keys.press("Enter")
    wait_for_url(page, r"^/gebiet/100201")
    wait_for_drawn(page, "#profile-map path.qm-outline")
    assert "Kornheide" in page.inner_text("#qm-page h1")

    # 2. back to the map through the navigation
    keys.tab_to("a.qm-nav-link[href='/'], a.qm-nav-link[href^='/?']")
    keys.press("Enter")
    wait_for_url(page, r"^/(\?|$)")
    wait_for_drawn(page, "#map path.qm-outline")

    # 3. indicator: open the dropdown with Enter, move with the arrow keys, choose with Enter
    keys.tab_to("#map-indicator")
    before = query_value(page, "indikator") or "A1"
    keys.press("Enter")
    page.wait_for_selector(".dash-dropdown-content .dash-dropdown-option")
    chosen_id = step_to_other_option(page, keys, before)
    keys.press("Enter")
    wait_for_url(page, rf"indikator={re.escape(chosen_id)}(&|$)")
    # the internal picker shows "Label (ID)": the label leads (what people read and type), the id follows
    page.wait_for_function("(id) => document.getElementById('map-indicator').textContent.trim().endsWith('(' + id + ')')", arg=chosen_id)

    # 4. year: the slider thumb moves with the arrow keys
    keys.tab_to("#map-year [role=slider]")
    year = int(page.get_attribute("#map-year [role=slider]", "aria-valuenow"))
    keys.press("ArrowLeft")
    page.wait_for_function("(y) => document.querySelector('#map-year [role=slider]').getAttribute('aria-valuenow') === String(y)",
                           arg=year - 1)
    wait_for_url(page, rf"jahr={year - 1}(&|$)")

    # 5. level: the radio group moves with the arrow keys
    keys.tab_to("#map-level input[type=radio]")
    level = query_value(page, "ebene")
    keys.press("ArrowDown")
    page.wait_for_function("(old) => new URLSearchParams(location.search).get('ebene') !== old", arg=level)
    new_level = query_value(page, "ebene")
    page.wait_for_function("(v) => document.querySelector('#map-level input:checked').value === v", arg=new_level)
    wait_for_drawn(page, "#map path.qm-outline")

    # 6. an area through the table: Tab into the grid, arrow down to a row, Space selects it
    keys.tab_to("#map-table .ag-cell")
    keys.press("ArrowDown")
    row_id = page.evaluate("() => document.activeElement.closest('.ag-row').getAttribute('row-id')")
    name = page.evaluate("() => document.activeElement.closest('.ag-row').querySelector('[col-id=name]').textContent.trim()")
    keys.press("Space")
    wait_for_url(page, rf"gebiet={re.escape(row_id)}(&|$)")
    page.wait_for_function("(n) => (document.querySelector('#map-area-panel h3') || {}).textContent === n", arg=name)
    figures = page.inner_text("#map-area-panel")
    assert re.search(r"\d", figures), "Der Gebietsbereich zeigt keine Kennzahlen"

    # 7. Mehrfachbelastung through the navigation links (back up the page with Shift+Tab)
    keys.tab_to("a.qm-nav-link[href^='/mehrfachbelastung']", backwards=True, limit=MAX_TABS * 2)
    keys.press("Enter")
    wait_for_url(page, r"^/mehrfachbelastung")
    wait_for_drawn(page, "#burden-map path.qm-outline")

    assert len(keys.stops) >= 15
    assert not keys.without_ring, "Fokus ohne sichtbaren Fokusrahmen:\n  " + "\n  ".join(dict.fromkeys(keys.without_ring))
    assert not keys.unchanged, ("Fokus sieht aus wie ohne Fokus (Umriss und Schatten unverändert):\n  "
                                + "\n  ".join(dict.fromkeys(keys.unchanged)))


def test_skip_link_is_the_first_stop_and_jumps_to_the_page(server, probe):
    page = probe.page
    keys = Keyboard(page)
    page.goto(f"{server.url}/?indikator=A1&jahr=2024&ebene=planungsraum")
    wait_for_drawn(page, "#map path.qm-outline")
    hidden = page.eval_on_selector("a.qm-skip-link", "el => el.getBoundingClientRect().right")
    assert hidden < 0, "Der Sprunglink ist sichtbar, bevor die Tastatur ihn erreicht"
    keys.press("Tab")
    assert keys.focused("a.qm-skip-link")
    box = page.eval_on_selector("a.qm-skip-link", "el => el.getBoundingClientRect().toJSON()")
    assert box["left"] >= 0 and box["width"] > 0, "Der fokussierte Sprunglink ist nicht zu sehen"
    assert page.inner_text("a.qm-skip-link") == "Zum Inhalt springen"
    keys.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'qm-page'")
    # the next Tab goes into the page, past header and navigation
    keys.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('#qm-page')")
    assert not keys.focused(".qm-header")
    assert not keys.without_ring, "Fokus ohne sichtbaren Fokusrahmen:\n  " + "\n  ".join(dict.fromkeys(keys.without_ring))
