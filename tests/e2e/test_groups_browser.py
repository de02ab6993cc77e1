"""The group view /gruppen in a real browser on Berlin (one page load on the session's internal Berlin server): the
table shows the report's figures, the level picker moves to the Bezirk and rewrites the address, and on a phone
(390x844) the page does not scroll sideways."""
from __future__ import annotations

import pytest

from dashboard.i18n import format_number
from dashboard.reports import groups as report
from dashboard.ui import groups as view
from tests.e2e.conftest import wait_until_settled

pytestmark = pytest.mark.e2e


def cell(page, group_set: str, group: str, column: int) -> str:
    return page.locator(f"table[data-set='{group_set}'] tr[data-group='{group}'] > *").nth(column).inner_text().strip()


def test_group_view_level_picker_and_phone(berlin, probe):
    server, monitor = berlin
    page = probe.page
    page.goto(f"{server.url}/gruppen?gebiet=08301036&jahr=2024")
    page.wait_for_selector("table[data-set='herkunft'] tr[data-group='ANT_AUSL']")
    rows = {r.group.key: r for r in report.breakdown(monitor, "08301036", 2024).rows}
    low, high = rows["ANT_AUSL"].interval  # the share with its 95 % interval below it
    assert cell(page, "herkunft", "ANT_AUSL", 1).splitlines() == [f"{format_number(rows['ANT_AUSL'].share.value, 1)}\u00a0%",
                                                                  f"{format_number(low, 1)}–{format_number(high, 1)}"]
    assert cell(page, "herkunft", "!ANT_AUSL", 3) == f"{format_number(rows['!ANT_AUSL'].city.value, 1)}\u00a0%"
    assert cell(page, "alter", "ANT_U6", 4) == format_number(rows["ANT_U6"].count.value, 0)

    page.click(f"#{view.LEVEL}")
    page.get_by_text("Bezirk", exact=True).click()
    page.wait_for_function("() => document.querySelector('#groups-title').textContent.includes('Neukölln')")
    page.wait_for_function("() => new URLSearchParams(location.search).get('gebiet') === '08'")
    bezirk = {r.group.key: r for r in report.breakdown(monitor, "08", 2024).rows}
    assert cell(page, "herkunft", "ANT_MH", 1).splitlines()[0] == f"{format_number(bezirk['ANT_MH'].share.value, 1)}\u00a0%"
    assert page.locator("table[data-set='herkunft'] thead th").count() == 4  # no parent column under the city

    page.set_viewport_size({"width": 390, "height": 844})
    wait_until_settled(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert probe.console_errors == []
