"""The naive baseline for bench/browser.py: a choropleth the way the plotly/Dash tutorials build one.

One `dcc.Graph` with `px.choropleth(geojson=..., featureidkey=...)` and `fitbounds="locations"`
(plotly's own "Choropleth maps" tutorial), and one callback that rebuilds the whole figure - geometry
included - whenever the indicator, the year or the level changes; the first figure also comes from
that callback. It reads the same dataset folder as the product (QM_DATA) and is served the same way
(gunicorn, compression on), so the comparison is about the architecture, not about a missing flag:

    QM_DATA=data/berlin QM_BASELINE_INDICATOR=ANT_MH python -m gunicorn --pythonpath bench baseline_app:server

The figure's layout carries meta.key = "<indicator>|<year>|<level>", so the benchmark can tell
which state the browser shows.

Why the baseline did not paint (issue 16), two causes:

1. A Dash start-up race, the one that left pages blank: Dash registers its JavaScript bundles in a
   before_request hook that marks itself done before it has finished; under gunicorn (2 workers, 4
   threads) the parallel bundle requests of a cold load that reach a worker still in its first
   request get HTTP 500 ("dash is not a registered library" / "the path requested is not valid"),
   the Dash renderer never starts and the probe waits into its 120-s timeout. Seen in this app's
   server log on 2026-12-06 (demo, first cold load after start); it hits any cold run that lands on
   a worker that has not yet served a page, which is why it looked random. The product calls
   `app._setup_server()` at start for exactly this reason; the baseline now does too (end of file).
2. The map figure itself, below.

Why SVG (px.choropleth) and not px.choropleth_map: until then the baseline was
`px.choropleth_map` (MapLibre, WebGL). Headless Chromium has no GPU, so WebGL ran through
SwiftShader (CPU rasterisation - nothing a user's browser does), and "drawn" could only be read
from MapLibre's own bookkeeping: a "render" event while `map.loaded()` is true, after the
"dataloading" of plotly's source. That predicate is fragile: on Berlin `map.loaded()` and
`isStyleLoaded()` were false again after every cold load checked (5 of 5; no WebGL context loss,
only "GPU stall due to ReadPixels" warnings), in 2 of 5 a further "dataloading" came after the
frame taken as complete, and MapLibre renders only when something changes - if no frame with
loaded() true follows the last data event, the wait runs into its timeout (2026-12-06: one cold
run never finished, another timed out at 120 s). On 2026-12-06 under heavy load a 3-run series
with the old figure did finish, but with recolours of 3.2 s against 0.7-1.3 s of server time:
the predicate measures MapLibre's idle bookkeeping under SwiftShader more than the architecture.
The geo figure is drawn by plotly itself into SVG; plotly_afterplot with the area paths in the
DOM is an exact signal, and it paints on every run. It is exactly as naive: whole figure with
geometry per change, built by a callback. The old figure stays available to reproduce the
problem: QM_BASELINE_FIGURE=map.

plotly.js fetches a world base map (topojson) for every geo figure, by default from cdn.plot.ly;
the benchmark runs offline and the base map is hidden (`visible=False`), so this app serves an
empty one itself (the tutorial app would fetch ~100 kB from the CDN once and cache it).
"""
from __future__ import annotations

import json
import math
import os
import tomllib
from pathlib import Path

import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html

DATA = Path(os.environ.get("QM_DATA", "data/demo"))
META = tomllib.loads((DATA / "dataset.toml").read_text(encoding="utf-8"))
REGISTRY = tomllib.loads((DATA / "indicators.toml").read_text(encoding="utf-8"))["indicator"]
LEVELS = [level["id"] for level in META["levels"]]
LABELS = {level["id"]: level.get("label_de", level["id"]) for level in META["levels"]}
VALUES = pd.read_parquet(DATA / "values.parquet", columns=["area_id", "level", "indicator_id", "year", "value"])
GEOJSON = {level: json.loads((DATA / "web" / f"{level}.geojson").read_text(encoding="utf-8")) for level in LEVELS}

START_INDICATOR = os.environ.get("QM_BASELINE_INDICATOR") or META["defaults"]["indicator"]
START_LEVEL = LEVELS[0]
YEARS = sorted(VALUES.loc[(VALUES["indicator_id"] == START_INDICATOR) & (VALUES["level"] == START_LEVEL), "year"].unique().tolist())


def _view(features: list[dict]) -> tuple[dict[str, float], float]:
    """Centre and zoom that show all features in a map about 1000 px wide."""
    xs, ys = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for feature in features:
        walk(feature["geometry"]["coordinates"])
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    lat = (south + north) / 2
    span = max(east - west, (north - south) / math.cos(math.radians(lat)) * 1.6)
    return {"lat": lat, "lon": (west + east) / 2}, math.log2(1000 * 360 / (512 * span))


CENTER, ZOOM = _view(GEOJSON[LEVELS[-1]]["features"])

app = Dash(__name__, compress=True, title="Baseline: px.choropleth")
server = app.server
app.layout = html.Div([
    html.H1("Baseline: ein Plotly-Choroplethenkarte wie im Tutorial", style={"fontSize": "18px"}),
    html.Div([
        dcc.Dropdown(id="indicator", value=START_INDICATOR, clearable=False, searchable=True,
                     options=[{"label": f"{i['id']} {i['label_de']}", "value": i["id"]} for i in REGISTRY]),
        # consecutive years: step 1, so that the arrow keys go from year to year (with step=None this slider's
        # keyboard moves by fractions, 2024 -> 2023.95, a year without data); with gaps only the marks
        dcc.Slider(id="year", min=min(YEARS), max=max(YEARS), value=max(YEARS),
                   step=1 if YEARS == list(range(min(YEARS), max(YEARS) + 1)) else None,
                   marks={y: str(y) for y in YEARS}, included=False),
        dcc.RadioItems(id="level", value=START_LEVEL, options=[{"label": LABELS[lv], "value": lv} for lv in LEVELS]),
    ], style={"width": "360px", "float": "left"}),
    dcc.Graph(id="graph", style={"height": "80vh", "marginLeft": "380px"}, config={"topojsonURL": "/topojson/"}),
])

# plotly.js fetches a world base map (topojson) for every geo figure, by default from cdn.plot.ly; the
# benchmark runs offline and the base map is hidden (visible=False), so it gets an empty one from here.
EMPTY_TOPOJSON = {"type": "Topology", "arcs": [], "objects": {name: {"type": "GeometryCollection", "geometries": []} for name in
                  ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")}}


@server.route("/topojson/<name>.json")
def topojson(name: str):
    return EMPTY_TOPOJSON


FIGURE = os.environ.get("QM_BASELINE_FIGURE", "geo")  # "geo": px.choropleth (SVG); "map": px.choropleth_map (WebGL)


@app.callback(Output("graph", "figure"), Input("indicator", "value"), Input("year", "value"), Input("level", "value"))
def update_map(indicator: str, year: int, level: str):
    frame = VALUES[(VALUES["indicator_id"] == indicator) & (VALUES["year"] == year) & (VALUES["level"] == level)]
    if FIGURE == "map":
        figure = px.choropleth_map(frame, geojson=GEOJSON[level], locations="area_id", featureidkey="properties.id",
                                   color="value", color_continuous_scale="YlOrRd", map_style="white-bg",
                                   center=CENTER, zoom=ZOOM, opacity=0.85)
    else:
        figure = px.choropleth(frame, geojson=GEOJSON[level], locations="area_id", featureidkey="properties.id",
                               color="value", color_continuous_scale="YlOrRd")
        figure.update_geos(fitbounds="locations", visible=False)
    figure.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, meta={"key": f"{indicator}|{year}|{level}"})
    return figure


# Dash registers its JavaScript bundles lazily in a before_request hook that marks itself done before it
# has finished; with two threaded gunicorn workers, the concurrent bundle requests of a cold load that
# reach a worker still in (or not yet through) that first request get a 500 ("dash is not a registered
# library"), the renderer never starts and the page stays blank until the benchmark's timeout. The
# product sets its server up at start for the same reason (dashboard/__init__.py); so does the baseline.
# This is a correctness fix, not an optimisation: it changes nothing of what a loaded page does.
app._setup_server()
