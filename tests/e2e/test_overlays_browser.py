"""Map overlays in the browser (dashboard/ui/overlays.py, assets/qm_overlays.js) on the demo's synthetic Kitas: ticking
"Kitas" under "Weitere Ebenen" draws clustered markers, a legend entry and the layer's credit in the map's
attribution, the address gains `ebenen=kita`, a reload keeps the layer, and a click on a cluster zooms into it.
One page load plus one reload (lean: the browser tests share a 20-minute CI)."""
from __future__ import annotations

import pytest

from dashboard.catalog import load_dataset
from dashboard.monitor import Monitor
from dashboard.store import Store
from dashboard.ui import overlays as overlay_view
from tests.e2e.conftest import ROOT, drawn_on_screen, wait_for_drawn, wait_until_settled

pytestmark = pytest.mark.e2e
CLUSTER = "#map .qm-overlay-cluster"

# the area path under the centre of an element (a cluster marker), and its drawn width: zooming in makes it wider
AREA_UNDER = """(el) => {
  const box = el.getBoundingClientRect();
  const path = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2)
    .find(e => e instanceof SVGPathElement && e.classList.contains('qm-area'));
  if (!path) return null;
  const id = [...path.classList].find(c => /^qm-area-[0-9A-Za-z]+$/.test(c) && c !== 'qm-area-selected' && c !== 'qm-area-suppressed');
  return {cls: id, width: path.getBoundingClientRect().width};
}"""
WIDER = """([cls, width]) => { const p = document.querySelector('#map path.' + cls);
  return !!p && p.getBoundingClientRect().width > 1.5 * width; }"""


def test_kitas_overlay_clusters_legend_credit_url_and_zoom(server, probe):
    dataset = load_dataset(ROOT / "data" / "demo")
    kita = Monitor(dataset, Store(dataset.path)).overlay("kita")
    assert kita is not None, "data/demo ohne Kitas: python -m dashboard demo --out data/demo"
    page = probe.page
    page.goto(server.url + "/")
    wait_for_drawn(page, "#map path.qm-area")
    checklist = page.locator(f"#{overlay_view.CHECKLIST}")
    assert "Weitere Ebenen" in page.inner_text(".qm-overlay-control")
    checklist.locator("label", has_text=kita.label_de).locator("input").check()

    wait_for_drawn(page, CLUSTER)
    page.wait_for_function("() => new URLSearchParams(location.search).get('ebenen') === 'kita'")
    legend = page.locator(f"#{overlay_view.LEGEND} [data-overlay='kita']")
    assert kita.label_de in legend.inner_text() and kita.attribution in legend.inner_text()
    page.wait_for_function("(credit) => document.querySelector('#map .leaflet-control-attribution').textContent.includes(credit)",
                           arg=kita.attribution)
    assert page.locator(CLUSTER).first.inner_text().strip().isdigit()

    # a reload keeps the layer: checked, drawn, credited
    page.reload()
    wait_for_drawn(page, CLUSTER)
    assert checklist.locator("label", has_text=kita.label_de).locator("input").is_checked()
    assert "ebenen=kita" in page.url
    wait_until_settled(page)

    # a click on a cluster zooms into its bounds: the area under it is drawn at least 1.5 times as wide
    cluster = drawn_on_screen(page, CLUSTER)
    under = cluster.evaluate(AREA_UNDER)
    assert under is not None and under["cls"], "kein Gebiet unter dem Cluster"
    cluster.click()
    page.wait_for_function(WIDER, arg=[under["cls"], under["width"]])
    assert probe.console_errors == []
