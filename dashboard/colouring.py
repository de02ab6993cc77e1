"""The map view's colourings as JSON (registered by create_app, like the geometry): /faerbung/v1/<release>/<sprache>/<ebene>/<indikator>/<jahr>[?fokus=<gebiet>].

A recolour of the map view (indicator, year, level) is fetched by the browser from this route and applied with
setStyle at once (assets/qm_map.js colourMap): no server callback, no pass through the Dash renderer before the
colours change. The answer is what the server callback sent before, made by the same functions (Monitor.map_bundle
through ui/map.map_hideout, so public mode's disclosure control and rounding apply unchanged), plus the view as
MapState.from_query corrects it (an indicator without the chosen year or level, a focus that does not fit the
level): the browser sets the controls to it where they differ. The selection is page state, merged in the browser.

Everything that decides the answer is in the address (release, language, level, indicator, year, focus): in public
mode the browser and any proxy may keep it for good (immutable), which makes prefetching neighbouring years cheap.
Internal answers carry withheld values and non-public indicators: no-store, as every internal per-request answer
(dashboard/security.py); the page keeps what it fetched in memory instead.

The tooltips' standing sentences ("ungünstiger als 80 % der übrigen Planungsräume") have their own address, the
colouring's plus /rang (ui/map.standing_line): at 50,000 areas they are 4.6 MB, most of what the map would otherwise
wait for; the page fetches them after the paint (assets/qm_map.js standingOf).

A page of another release (a rollout host by host, a tab opened before an update) gets a 409 naming this host's
release: assets/qm_map.js asks again (the balancer may send it to a host of its own release) and otherwise reloads
the page, which then opens on this release. Unknown or hostile parameters get a 404 (unknown release, language, level, indicator, focus area or query parameter, a
year that is not a number of at most four digits); a non-public indicator is unknown in public mode.
"""
from __future__ import annotations

import gzip
import json
import re
from collections import OrderedDict
from threading import Lock
from typing import Any

from flask import Flask, Response, abort, request

from dashboard.state.map import MapState
from dashboard.ui.components import ViewContext
from dashboard.urls import COLOURING_PREFIX, STANDING_SUFFIX

RULE = f"{COLOURING_PREFIX}/<release>/<lang>/<level>/<indicator>/<year>"  # urls.colouring_url builds these addresses
KEEP = 48  # encoded answers kept per process (Berlin a few kB each, 50,000 areas a few MB)
IMMUTABLE = "public, max-age=31536000, immutable"
RELEASE_HEADER = "X-QM-Release"  # on a 409: the release this host serves
RELEASE_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,63}")  # the shape of a release id; anything else is a 404


def colouring_payload(ctx: ViewContext, indicator: str, year: int, level: str, focus: str | None, lang: str) -> dict[str, Any]:
    """The view as the map would show it (corrected like a link's parameters) and its colouring without a selection."""
    from dashboard.ui.map import map_hideout

    monitor = ctx.monitor
    state = MapState.from_query(monitor, {"indikator": indicator, "jahr": year, "ebene": level, "fokus": focus})
    bundle = monitor.map_bundle(state.indicator, state.year, state.level)
    return {
        "state": {"indicator": state.indicator, "year": state.year, "level": state.level, "focus": state.focus},
        "geometry": ctx.geometry.url(state.level),
        "years": [int(y) for y in monitor.years(state.indicator, state.level)],  # the slider's marks: what to prefetch
        "hideout": map_hideout(ctx, bundle, state.with_(area=None), lang),
    }


def standing_payload(ctx: ViewContext, indicator: str, year: int, level: str, lang: str) -> dict[str, Any]:
    """The tooltips' standing sentences (ui/map.standing_line) of the view as the map would show it."""
    from dashboard.ui.map import standing_line

    monitor = ctx.monitor
    state = MapState.from_query(monitor, {"indikator": indicator, "jahr": year, "ebene": level})
    return {"standing": standing_line(monitor, monitor.map_bundle(state.indicator, state.year, state.level), lang)}


def register(server: Flask, ctx: ViewContext) -> None:
    """Serve the colourings of the map view and their standing sentences (see the module docstring)."""
    monitor = ctx.monitor
    encoded: OrderedDict[tuple, tuple[bytes, bytes]] = OrderedDict()
    lock = Lock()

    def checked(release: str, lang: str, level: str, indicator: str, year: str, params: set[str]) -> Response | None:
        """409 for a page of another release, 404 for anything this route does not know, None when all is well."""
        if release != monitor.dataset.release and RELEASE_ID.fullmatch(release):
            # a page of another release (a rollout host by host, an open tab from before an update): its colourings
            # would not fit its legend and texts; 409 names this host's release and the page retries, then reloads
            return Response(status=409, headers={RELEASE_HEADER: monitor.dataset.release, "Cache-Control": "no-store"})
        focus = request.args.get("fokus") or None
        if (not year.isascii() or not year.isdigit() or len(year) > 4 or release != monitor.dataset.release
                or lang not in ("de", "en") or level not in monitor.dataset.level_ids or monitor.indicator(indicator) is None
                or (focus is not None and monitor.area(focus) is None) or set(request.args) - params):
            abort(404)
        return None

    def answer(key: tuple, make) -> Response:
        """The JSON of make(), encoded once per process (the last KEEP answers), gzipped where the client accepts it."""
        with lock:
            hit = encoded.get(key)
            if hit is not None:
                encoded.move_to_end(key)
        if hit is None:
            raw = json.dumps(make(), ensure_ascii=False, separators=(",", ":")).encode()
            hit = (raw, gzip.compress(raw, compresslevel=5, mtime=0))
            with lock:
                encoded[key] = hit
                while len(encoded) > KEEP:
                    encoded.popitem(last=False)
        raw, gz = hit
        gzip_ok = "gzip" in request.headers.get("Accept-Encoding", "")
        response = Response(gz if gzip_ok else raw, mimetype="application/json")
        if gzip_ok:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = IMMUTABLE if monitor.public else "no-store"
        return response

    @server.route(RULE)
    def map_colouring(release: str, lang: str, level: str, indicator: str, year: str):
        refused = checked(release, lang, level, indicator, year, {"fokus"})
        if refused is not None:
            return refused
        focus = request.args.get("fokus") or None
        return answer(("colouring", lang, level, indicator, int(year), focus),
                      lambda: colouring_payload(ctx, indicator, int(year), level, focus, lang))

    @server.route(RULE + STANDING_SUFFIX)
    def map_standing(release: str, lang: str, level: str, indicator: str, year: str):
        refused = checked(release, lang, level, indicator, year, set())
        if refused is not None:
            return refused
        return answer(("standing", lang, level, indicator, int(year)), lambda: standing_payload(ctx, indicator, int(year), level, lang))
