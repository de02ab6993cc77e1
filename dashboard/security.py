"""Security headers and the route set of the deployed app (public and internal mode).

`install_security(server, settings, app)` is called once from create_app, after Dash has registered
its routes and inline scripts. It

- adds security headers to every response, in both modes (the internal app holds the more
  sensitive data, and nothing in it needs a weaker policy);
- in public mode removes Dash's `/_reload-hash` route (hot reload is a development tool; the route
  lists the installed packages) and Flask's unused `/static` route, so the public app answers only
  the routes in PUBLIC_ROUTES;
- turns malformed requests to the callback endpoint into a 400 and requests for unknown script
  bundles into a 404 instead of a server error; in public mode a callback that fails on a value no
  browser sends answers 400 as well (logged as one line: exception type and path, no traceback, so
  a flood of hostile requests cannot flood the log);
- limits every request body to MAX_REQUEST_BYTES (Flask's MAX_CONTENT_LENGTH): werkzeug compares the
  Content-Length header before reading anything and answers 413, so an oversized body costs no memory.

Content-Security-Policy, source by source (checked in Chromium on every view: no violations):
- default-src 'self': everything comes from this server; no CDN (`serve_locally=True`).
- script-src 'self' + sha256 hashes: Dash's two kinds of inline script (the renderer start
  `var renderer = new DashRenderer();` and inline clientside callbacks) are allowed by their hash
  (`app.csp_hashes()`), nothing else inline. No 'unsafe-eval': the Dash renderer, dcc, plotly's
  SVG traces, dash-leaflet and dash-ag-grid run without eval (the e2e crawl asserts no CSP
  violation on every view). WebGL traces of plotly (regl) would need it; the app uses none.
- style-src 'self' 'unsafe-inline': React sets inline `style` attributes, and dash-leaflet (Leaflet
  CSS), dash-ag-grid (theme) and plotly inject <style> elements at run time. Inline style cannot
  run code; the risk accepted is CSS-based data exfiltration, which needs an injection point the
  app does not have (Dash escapes all text).
- img-src 'self' data: blob:: Leaflet/AG Grid icons are data: URLs, plotly's PNG export draws
  through data:/blob: images; plus the origin of QM_TILE_URL when a base map is configured.
- font-src 'self' data:: AG Grid ships its icon font inline.
- connect-src 'self': callbacks and geometry are fetched from this server only.
- frame-ancestors 'none' (and X-Frame-Options: DENY for old browsers): no embedding, no
  clickjacking. base-uri/form-action 'self', object-src 'none': no plugin or base-tag tricks.
With QM_DEBUG=1 (internal only) no CSP is sent: Dash's dev tools inject their own scripts.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from dash.exceptions import DependencyException
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map

# Every route of the public app. Anything else registered on the server is removed in public mode
# (there is no upload, ingest or debug route: ingest is CLI-only).
PUBLIC_ROUTES = frozenset({
    "/", "/<path:path>",  # the Dash index; the router renders the view (or "Seite nicht gefunden")
    "/_dash-layout", "/_dash-dependencies", "/_dash-update-component", "/_favicon.ico",
    "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>",
    "/assets/<path:filename>",
    "/geo/<name>",
    "/faerbung/v1/<release>/<lang>/<level>/<indicator>/<year>",  # the map's colourings (dashboard/colouring.py)
    "/faerbung/v1/<release>/<lang>/<level>/<indicator>/<year>/rang",  # … and their tooltips' standing sentences
    "/ebenen/<name>",  # the map's further layers (dashboard/overlays.py: only what this mode shows)
    "/daten/<name>",  # the open-data files (dashboard/opendata.py: exactly what public mode publishes)
    "/healthz",
    "/robots.txt",  # dashboard/seo.py: what crawlers may fetch
})
REMOVED_IN_PUBLIC = frozenset({"/_reload-hash", "/static/<path:filename>"})

# Per-request data must not land in shared caches (proxies) or the browser's disk cache; geometry
# (content-hashed, immutable) and the asset bundles keep their own cache headers.
CALLBACK_PATH = "/_dash-update-component"
# The largest body a browser sends is a callback carrying the Sitzungsmappe (at most 50 views of at most
# 2,000 characters, or an uploaded file of at most 64 KiB, base64-encoded): well under 1 MiB.
MAX_REQUEST_BYTES = 1024 * 1024
NO_STORE_PATHS = (CALLBACK_PATH, "/_dash-layout")


def content_security_policy(script_hashes: list[str], tile_url: str = "") -> str:
    """The CSP header value (see the module docstring for why each source is there)."""
    img = ["'self'", "data:", "blob:"]
    tile_origin = _origin(tile_url)
    if tile_origin:
        img.append(tile_origin)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": img,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def _origin(url: str) -> str:
    """scheme://host[:port] of a tile URL template such as https://tiles.example.org/{z}/{x}/{y}.png."""
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}.", ""))  # Leaflet subdomain placeholder: allow the base host
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc
    return f"{parts.scheme}://*.{host}" if "{s}." in url else f"{parts.scheme}://{host}"


def security_headers(settings, script_hashes: list[str]) -> dict[str, str]:
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if not settings.debug:
        headers["Content-Security-Policy"] = content_security_policy(script_hashes, settings.tile_url)
    return headers


def remove_routes(server: Flask, rules: frozenset[str]) -> None:
    """Rebuild the URL map without `rules` (werkzeug has no public API to remove a rule)."""
    old = server.url_map
    kept = [rule.empty() for rule in old.iter_rules() if rule.rule not in rules]
    removed = {rule.endpoint for rule in old.iter_rules() if rule.rule in rules}
    server.url_map = Map(kept, default_subdomain=old.default_subdomain, strict_slashes=old.strict_slashes,
                         merge_slashes=old.merge_slashes, redirect_defaults=old.redirect_defaults,
                         converters=dict(old.converters), sort_parameters=old.sort_parameters,
                         sort_key=old.sort_key, host_matching=old.host_matching)
    for endpoint in removed:
        server.view_functions.pop(endpoint, None)


def _bad_request() -> Response:
    return Response(json.dumps({"fehler": "Ungültige Anfrage."}, ensure_ascii=False), status=400,
                    mimetype="application/json")


def _bad_callback_request(callback_map: dict) -> Response | None:
    """400 for a callback POST that is not a payload for a known callback (instead of a KeyError -> 500)."""
    if request.path != CALLBACK_PATH or request.method != "POST":
        return None
    try:
        body = json.loads(request.get_data(cache=True) or b"null")
    except (ValueError, UnicodeDecodeError):
        body = None
    valid = (isinstance(body, dict) and isinstance(body.get("output"), str)
             and isinstance(body.get("inputs", []), list) and isinstance(body.get("state", []), list)
             and isinstance(body.get("changedPropIds", []), list)
             and isinstance(body.get("outputs"), (dict, list)) and body["output"] in callback_map)
    return None if valid else _bad_request()


def install_security(server: Flask, settings, app) -> None:
    """Headers on every response, the public route set, and a 400 for malformed callback requests."""
    if settings.public:
        remove_routes(server, REMOVED_IN_PUBLIC)
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    headers = security_headers(settings, list(app.csp_hashes()))
    server.before_request(lambda: _bad_callback_request(app.callback_map))

    @server.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if request.path in NO_STORE_PATHS:
            response.headers["Cache-Control"] = "no-store"
        return response

    @server.errorhandler(DependencyException)
    def unknown_bundle(_error):
        """/_dash-component-suites/<unknown library>/…: Dash raises (a 500 listing the libraries); it is a 404."""
        return Response("Nicht gefunden.", status=404, mimetype="text/plain")

    if settings.public:
        # A callback that fails on a value no browser sends (a list where the URL's query string
        # belongs, a dict as an area id) is a bad request, not a server error. The cause is
        # logged as one line, exception type and path (a traceback per hostile request would let an
        # attacker flood the log); the answer names no internals. Internal mode keeps the 500
        # (and Dash's dev tools), so real bugs stay loud during development.
        @server.errorhandler(Exception)
        def hostile_callback_input(error: Exception):
            if isinstance(error, HTTPException):
                return error
            if request.path != CALLBACK_PATH:
                raise error
            server.logger.warning("Callback-Anfrage abgelehnt: %s bei %s %s", type(error).__name__, request.method, request.path)
            return _bad_request()
