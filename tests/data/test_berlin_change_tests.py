"""Issue 17 part 2 on the real Berlin data: the change map's verdicts ("deutlich" / "im Rahmen zufälliger Schwankung")
for the population shares, internal from the stored counts and public from the published counts only (EW and EW_U6 /
EW_65U, recomputed here from Monitor.values of the count indicators), and no verdict for the MSS indicators, which are
published as shares without counts. The counts are the ones docs/methods.md („Veränderungskarte“) quotes.
Skips with a reason when ../shared/data/berlin is absent (tests/conftest.py)."""
from __future__ import annotations

import numpy as np

from dashboard.methods import uncertainty
from dashboard.reports import series

LEVEL = "planungsraum"
# (indicator, numerator count, von, bis) -> (clear internal, random internal, clear public, random public)
DOCUMENTED = {("ANT_65U", "EW_65U", 2015, 2024): (331, 205, 327, 201), ("ANT_U6", "EW_U6", 2019, 2024): (264, 272, 260, 268)}


def _published(monitor, indicator_id, year):
    values = monitor.values(indicator_id, year, LEVEL).set_index("area_id")
    return values["value"].astype(float).where(~values["suppressed"].astype(bool))


def test_berlin_change_verdicts_internal_and_public(berlin_app, berlin_public_app):
    for (indicator_id, count, von, bis), (clear, random, clear_public, random_public) in DOCUMENTED.items():
        internal = series.change_bundle(berlin_app.monitor, indicator_id, LEVEL, von, bis).table
        assert (int((internal["test"] == "clear").sum()), int((internal["test"] == "random").sum())) == (clear, random)
        public_monitor = berlin_public_app.monitor
        bundle = series.change_bundle(public_monitor, indicator_id, LEVEL, von, bis)
        table = bundle.table
        assert bundle.tested and "tests" in bundle.hideout
        assert (int((table["test"] == "clear").sum()), int((table["test"] == "random").sum())) == (clear_public, random_public)
        # public: the same test on the published counts only (a withheld count gives no verdict)
        pair = [(_published(public_monitor, count, year).reindex(table.index).to_numpy(),
                 _published(public_monitor, "EW", year).reindex(table.index).to_numpy()) for year in (von, bis)]
        decimals = public_monitor.indicator(indicator_id).decimals  # judged as the interval is shown (rounded)
        expected = np.where(table["klass"] >= 0, uncertainty.change(*pair, uncertainty.WILSON, decimals=decimals),
                            uncertainty.NO_TEST)
        assert table["test"].tolist() == expected.tolist()
        withheld = table["klass"] < 0
        assert withheld.any() and (table.loc[withheld, "test"] == uncertainty.NO_TEST).all()


def test_no_verdict_for_the_mss_indicators(berlin_app):
    monitor = berlin_app.monitor
    checked = 0
    for indicator_id in ("MSS_S1", "MSS_S3", "MSS_D1", "MSS_K01"):
        if LEVEL not in series.change_levels(monitor, indicator_id):
            continue
        years = monitor.years(indicator_id, LEVEL)
        bundle = series.change_bundle(monitor, indicator_id, LEVEL, years[0], years[-1])
        assert not bundle.tested and (bundle.table["test"] == uncertainty.NO_TEST).all() and "tests" not in bundle.hideout
        assert (bundle.table["klass"] >= 0).sum() > 400  # the map itself is drawn as before
        checked += 1
    assert checked >= 3
