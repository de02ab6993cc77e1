"""Quartiersmonitor: kleinräumiges Sozial-, Umwelt- und Gesundheitsmonitoring.

`create_app(settings)` builds the Dash app; nothing happens at import time.
"""
from __future__ import annotations

import re
from html import escape as html_escape

from dashboard.settings import Settings
from dashboard.urls import METHODOLOGY_PATH, href, known_params, query_params

# Code the component libraries load only once a page renders their component (webpack chunks): the
# pages' dropdowns, slider, map layer and the Sitzungsmappe upload. Preloading them in the HTML
# fetches them alongside the main bundles instead of one round trip after the first render. The area table's
# grid is not among them: it is no part of the first paint (dashboard/ui/table.py, LAZY_SCRIPT).
ASYNC_CHUNKS = ("dash/dcc/async-dropdown.js", "dash/dcc/async-slider.js", "dash/dcc/async-upload.js",
                "dash_leaflet/async-GeoJSON.js")
# The grid library (dash_ag_grid, 1.3 MB): left out of the page's scripts and named in a <meta> instead;
# assets/qm_grid.js loads it once the table comes onto the screen.
LAZY_SCRIPT = re.compile(r'<script src="([^"]*_dash-component-suites/dash_ag_grid/dash_ag_grid[^"]*\.js)"></script>\s*')
# Dash adds its DataTable to every page; no view uses it (a view that does must drop this line)
UNUSED_SCRIPT = re.compile(r'<script src="[^"]*_dash-component-suites/dash/dash_table/bundle[^"]*\.js"></script>\s*')


def async_chunk_preloads(prefix: str) -> str:
    return "".join(f'<link rel="preload" as="script" href="{prefix}_dash-component-suites/{chunk}">' for chunk in ASYNC_CHUNKS)


# [pathname, search] of the page the initial layout already holds (the router then leaves it in place once)
RENDERED = "qm-rendered"


def page_address(referer: str | None, prefix: str = "/") -> tuple[str, str] | None:
    """(pathname, search) of the page whose layout is requested, from the layout request's Referer (the browser
    sends path and query on same-origin requests); None when there is none or it is no page of this app."""
    from urllib.parse import urlsplit
    if not referer or len(referer) > 4000:
        return None
    try:
        parts = urlsplit(referer)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.path.startswith(prefix):
        return None
    return parts.path, f"?{parts.query}" if parts.query else ""


def geometry_preloads(urls) -> str:
    """<link rel=preload> for the geometry the first page's map fetches: the same URL (a cache hit), as fetch() asks
    for it (crossorigin: credentials same-origin)."""
    return "".join(f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{html_escape(url)}">' for url in urls)


def create_app(settings: Settings | None = None):
    """Build the Dash app for one dataset folder and mode."""
    import dash
    from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update
    from flask import Flask
    from flask_caching import Cache

    from dashboard.catalog import load_dataset, release_history
    from dashboard.geometry import GeometryService
    from dashboard.i18n import LANGUAGE_PARAM, language, language_of, t
    from dashboard.monitor import Monitor
    from dashboard.page_cache import PageCache, canonical_values, page_key
    from dashboard.page_cache import shared as shared_cache
    from dashboard.settings import PROJECT_ROOT
    from dashboard.store import Store
    from dashboard.ui import burden as burden_view
    from dashboard.ui import change as change_view
    from dashboard.ui import compare as compare_view
    from dashboard.ui import ids
    from dashboard.ui import indicator_sheet as indicator_sheet_view
    from dashboard.ui import legal as legal_view
    from dashboard.ui import map as map_view
    from dashboard.ui import methodology as methodology_view
    from dashboard.ui import opendata as opendata_view
    from dashboard.ui import presentation as presentation_ui
    from dashboard.ui import profile as profile_view
    from dashboard.ui import search as search_view
    from dashboard.ui import social_index as index_view
    from dashboard.ui import trends as trends_view
    from dashboard.ui.components import ViewContext, dropdown_labels, toggle_button

    settings = settings or Settings.from_env()
    dataset = load_dataset(settings.data_dir)
    store = Store(dataset.path)
    outline_level = dataset.level_ids[-1]
    geometry = GeometryService(dataset.path / "web", dataset.level_ids, outline_level)

    server = Flask("dashboard")
    from dashboard.cache_dir import build_fingerprint
    folder = None  # this host's folder of the release and build: the file cache (without Redis), the open-data files
    if settings.cache_dir or settings.cache_auto:
        # a folder only this user can write, never shared between modes (the cache holds pickles), one
        # subfolder per release: a new data release never reads an old bundle
        # and one per build (code, notes …): the cache outlives restarts, an update must not serve old pages
        from dashboard.cache_dir import default_cache_dir, release_cache_dir
        root = settings.cache_dir or default_cache_dir(settings.mode, dataset.id)
        folder = release_cache_dir(root, settings.mode, dataset.release, build_fingerprint(dataset.path))
    if settings.redis_url:
        # several app hosts share one cache (docs/betrieb.md): every key carries mode, dataset, release and build
        from dashboard.cache_dir import redis_key_prefix
        cache_config = {"CACHE_TYPE": "dashboard.cache_dir.redis_cache", "CACHE_REDIS_URL": settings.redis_url,
                        "CACHE_KEY_PREFIX": redis_key_prefix(settings.mode, dataset.id, dataset.release,
                                                             build_fingerprint(dataset.path)),
                        "CACHE_DEFAULT_TIMEOUT": 0}
    elif folder is not None:
        cache_config = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(folder),
                        "CACHE_DEFAULT_TIMEOUT": 0, "CACHE_THRESHOLD": 5000}
    else:
        cache_config = {"CACHE_TYPE": "SimpleCache"}
    cache = Cache(server, config=cache_config)
    monitor = Monitor(dataset, store, public=settings.public, cache=cache)
    geometry.register(server)
    from dashboard import overlays  # /ebenen/<id>.<sprache>.<release>.geojson: the map's further layers
    overlays.register(server, monitor)
    from dashboard import opendata  # /daten/<name>: the open-data files of this release and mode (built per host)
    opendata.register(server, monitor, folder)

    app = dash.Dash(
        __name__,
        server=server,
        title=f"Quartiersmonitor – {dataset.title}",
        assets_folder=str(PROJECT_ROOT / "assets"),
        compress=True,
        suppress_callback_exceptions=True,  # pages are rendered by the router below
        update_title=None,
        serve_locally=True,
    )
    # the page language (assets/qm_map.js switches it), the release for pinned links; Dash wraps its
    # scripts in a <footer>, which would be a second contentinfo landmark next to ours
    # the tab title in both languages: assets/qm_map.js sets the one of the page language
    titles = {lang: html_escape(f"{t('Quartiersmonitor', lang)} – {dataset.title_for(lang)}") for lang in ("de", "en")}
    app.index_string = (app.index_string.replace("<html>", f'<html lang="de" data-qm-release="{dataset.release}" '
                                                           f'data-qm-title-de="{titles["de"]}" data-qm-title-en="{titles["en"]}">')
                        .replace("<footer>", '<div class="qm-scripts">').replace("</footer>", "</div>")
                        .replace("{%css%}", "{%css%}\n        " + async_chunk_preloads(app.config.requests_pathname_prefix)))

    def header_children(lang: str) -> list:
        return [
            # first stop of the Tab key: past header and navigation straight to the page (WCAG 2.4.1)
            html.A(t("Zum Inhalt springen", lang), href=f"#{ids.PAGE}", className="qm-skip-link"),
            dcc.Link(t("Quartiersmonitor", lang), href="/", className="qm-brand"),
            html.Span(dataset.title_for(lang), className="qm-dataset-title"),
            html.Span(t("fiktive Beispieldaten", lang), className="qm-badge-synthetic") if dataset.synthetic else None,
            html.Div(dcc.Dropdown(id=ids.SEARCH, options=[], placeholder=search_view.placeholder(monitor, lang),
                                  searchable=True, clearable=True, search_order="original",
                                  labels=dropdown_labels(t("Gebiet suchen", lang), search_view.not_found(monitor, lang), lang)),
                     className="qm-search", role="search", **{"aria-label": t("Gebietssuche", lang)}),
            html.Span(t("öffentliche Ansicht" if settings.public else "interne Ansicht", lang), className="qm-mode"),
            # on a phone the buttons fold into a menu (assets/qm_phone.css); on a wide screen the wrapper is
            # display: contents and the button hidden, so the bar is laid out as before
            toggle_button(t("Menü", lang), "qm-header-tools", "qm-menu-toggle", title=t("Präsentation, Sitzungsmappe, Link und Sprache", lang)),
            html.Div(id="qm-header-tools", className="qm-header-tools", children=[
                presentation_ui.header_buttons(lang),
                html.Button(t("Link kopieren", lang), id=ids.COPY_LINK, type="button", className="qm-header-button",
                            title=t("Link in die Zwischenablage kopieren – er enthält die ganze Ansicht und den Datenstand.", lang)),
                html.Span(id=ids.COPY_STATUS, className="qm-copy-status", role="status", **{"data-done": t("Link kopiert", lang),
                                                                                              "data-failed": t("Kopieren nicht möglich – bitte die Adresszeile kopieren.", lang)}),
                html.Button("English" if lang == "de" else "Deutsch", id=ids.LANG_SWITCH, type="button",
                            className="qm-header-button qm-lang-switch", lang="en" if lang == "de" else "de",
                            title="Switch to English" if lang == "de" else "Auf Deutsch umschalten"),
            ]),
        ]

    def footer_children(lang: str) -> list:
        return [
            html.Span([html.Strong(t("Datenquellen", lang) + ": "), dataset.attribution_for(lang)], className="qm-footer-source"),
            html.Span(f" · {t('Lizenz', lang)}: {dataset.license_for(lang)} · {t('Datenstand', lang)}: {dataset.release}",
                      className="qm-release"),
            html.Span([" · ", dcc.Link(t("Methodik und Fragen", lang), href=href(METHODOLOGY_PATH, {}, lang)), " · ",
                       dcc.Link(t("Datenschutz", lang), href="/datenschutz"), " · ",
                       dcc.Link(t("Offene Daten", lang), href=href("/daten", {}, lang)), " · ",
                       dcc.Link(t("Impressum", lang), href="/impressum")], className="qm-legal-links"),
        ]

    def frame(lang: str, page=None, rendered=None) -> html.Div:
        """The whole page: header, the page of the URL (when known) and footer in the page language."""
        return html.Div(className="qm-app", children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.LANG, data=lang),  # the page language, set by the router from ?sprache=
            # {lang, release}: keeps the URL's page-wide parameters (assets/qm_map.js)
            dcc.Store(id=ids.PAGE_FLAGS, data={"lang": lang, "release": dataset.release} if page is not None else None),
            dcc.Store(id=ids.URL_FLAGS_SYNC),
            dcc.Store(id=RENDERED, data=rendered),  # [pathname, search] of the page already in the layout
            html.Header(header_children(lang), id=ids.HEADER, className="qm-header"),
            html.Main(page, id=ids.PAGE, className="qm-page", tabIndex="-1"),  # focusable: the skip link's target
            html.Footer(footer_children(lang), id=ids.FOOTER, className="qm-footer"),
            html.Div(presentation_ui.panel(dataset.path, lang, settings.public), id=ids.MAPPE_CONTAINER),
        ])

    def initial_layout():
        """The layout with the page of the address the browser opened (first paint without a router round trip).
        The layout request carries that address as its Referer (same origin: path and query); without one the
        router callback renders the page as before."""
        from flask import has_request_context, request
        page_url = page_address(request.headers.get("Referer"), app.config.requests_pathname_prefix) if has_request_context() else None
        if page_url is None:
            return frame("de")
        pathname, search = page_url
        try:
            page, lang = resolve(pathname, search, "de")
        except Exception:  # a page that renders only inside a callback: the router renders it, as before
            server.logger.exception("initial layout of %s", pathname[:200])
            return frame("de")
        return frame(lang, page, [pathname, search])

    app.layout = initial_layout

    ctx = ViewContext(monitor, geometry, settings, ids.URL)
    from dashboard import colouring  # /faerbung/v1/…: the map view's colourings, fetched by assets/qm_map.js
    colouring.register(server, ctx)
    pages = PageCache(maxsize=64)
    views = (search_view, map_view, burden_view, index_view, profile_view, trends_view, change_view, compare_view, legal_view, methodology_view, indicator_sheet_view)
    views += (opendata_view,)  # /daten
    from dashboard.ui import groups as groups_view  # /gruppen (population groups side by side)
    views += (groups_view,)
    routes = {path: view for view in views for path in view.PATHS}
    prefixes = [(prefix, view) for view in views for prefix in getattr(view, "PREFIXES", ())]

    def first_geometry(pathname: str, search: str) -> list[str]:
        """The geometry URLs the map of the page at this address fetches first (its level, then the outlines)."""
        from dashboard.state.map import MapState
        if routes.get(pathname) is map_view:
            level = MapState.from_query(monitor, canonical_values(known_params(query_params(search)), monitor)).level
        elif routes.get(pathname) in (burden_view, index_view):
            level = dataset.level_ids[0]
        else:
            return []
        return list(dict.fromkeys((geometry.url(level), geometry.url(geometry.outline_level))))

    interpolate = app.interpolate_index

    def interpolate_index(**kwargs) -> str:
        """The HTML of a page: the geometry of its map is fetched alongside the scripts, not after the first render."""
        from flask import has_request_context, request
        if has_request_context():
            query = request.query_string.decode("latin-1")
            kwargs["css"] = geometry_preloads(first_geometry(request.path, f"?{query}" if query else "")) + kwargs.get("css", "")
        kwargs["scripts"] = UNUSED_SCRIPT.sub("", kwargs.get("scripts", ""), count=1)
        lazy = LAZY_SCRIPT.search(kwargs["scripts"])
        if lazy:
            kwargs["scripts"] = LAZY_SCRIPT.sub("", kwargs["scripts"], count=1)
            kwargs["metas"] = kwargs.get("metas", "") + f'<meta name="qm-grid-script" content="{lazy.group(1)}">'
        return interpolate(**kwargs)

    app.interpolate_index = interpolate_index

    @app.callback(Output(ids.PAGE, "children"), Output(ids.LANG, "data"), Output(ids.PAGE_FLAGS, "data"),
                  Output(RENDERED, "data"),
                  Input(ids.URL, "pathname"), Input(ids.URL, "search"), State(ids.LANG, "data"), State(RENDERED, "data"))
    def route(pathname, search, current_lang, rendered):
        pathname = pathname if isinstance(pathname, str) and pathname else "/"
        if rendered is not None:  # the layout already holds this page: nothing to send (once; later visits render)
            same = isinstance(rendered, list) and rendered == [pathname, search or ""]
            if same:
                return no_update, no_update, no_update, None
        page, lang = resolve(pathname, search, current_lang)
        return page, lang if lang != current_lang else no_update, {"lang": lang, "release": dataset.release}, None

    def resolve(pathname: str, search: str | None, current_lang: str | None):
        """The page of an address and its language (the router's work, also for the initial layout)."""
        pathname = pathname if isinstance(pathname, str) and pathname else "/"
        # unknown parameters reach neither a view nor the cache key; values no view can use become one value
        params = canonical_values(known_params(query_params(search)), monitor)
        # the language stays while the user follows links inside the app; ?sprache= sets it
        lang = language_of(params) if LANGUAGE_PARAM in params else language(current_lang)
        params = {**params, "_sprache": lang, "_route": pathname}
        view = routes.get(pathname)
        if view is None:  # e.g. /gebiet/<area_id>: the rest of the path is a parameter
            for prefix, candidate in prefixes:
                if pathname.startswith(prefix) and 0 < len(pathname) - len(prefix) <= 64:
                    view, params = candidate, {**params, "_pfad": pathname[len(prefix):]}
                    break
        if view is None:
            page = html.Div(className="qm-not-found", children=[
                html.H2(t("Seite nicht gefunden", lang)),
                html.P([t("Diese Adresse gibt es nicht. Zurück zur Karte:", lang), " ", html.A(t("zur Karte", lang), href=href("/", {}, lang))])])
        else:
            key = page_key(pathname, params)
            page = pages.get(key, lambda: render_page(view, key, params))
        banner = release_banner(params.get("stand"), lang)
        if banner is not None:
            page = html.Div([banner, page], className="qm-page-with-banner")
        return page, lang

    # Profile pages take long to render (~0.25 s for a Berlin area) and their addresses are few
    # (canonical parameters): they are shared between the workers through the file cache (keyed by
    # release, mode and page key; compressed), not only kept per worker. A comparison page is quick once
    # its comparison is cached (dashboard/ui/compare.py), and random area sets would only fill the cache.
    def render_page(view, key: tuple, params: dict):
        # only pages of areas that exist: random ids would churn the shared cache with "not found" pages
        if view is profile_view and monitor.area(str(params.get("_pfad", "")).strip("/")):
            return shared_cache(monitor, "seite", key, lambda: view.layout(ctx, params))
        return view.layout(ctx, params)

    def release_banner(pinned: str | None, lang: str):
        """A link made with an earlier data release opens on the current data, saying so (both releases named)."""
        if not pinned or pinned == dataset.release:
            return None
        known = {entry["id"]: entry["replaced"] for entry in release_history(dataset.path)}
        if pinned in known:
            old = f"{pinned} ({t('gültig bis', lang)} {known[pinned]})" if known[pinned] else pinned
            text = t("Dieser Link wurde mit dem Datenstand {old} erstellt; gezeigt wird der aktuelle Datenstand {new}. "
                     "Werte können sich geändert haben.", lang, old=old, new=dataset.release)
        else:
            text = t("Der Datenstand im Link ({old}) ist unbekannt; gezeigt wird der aktuelle Datenstand {new}.", lang,
                     old=pinned[:40], new=dataset.release)
        return html.Div([html.Strong(t("Datenstand", lang) + ": "), text], id=ids.RELEASE_BANNER,
                        className="qm-release-banner", role="status")

    @app.callback(Output(ids.HEADER, "children"), Output(ids.FOOTER, "children"), Output(ids.MAPPE_CONTAINER, "children"),
                  Input(ids.LANG, "data"), prevent_initial_call=True)
    def translate_frame(lang):
        """Header, footer and the Sitzungsmappe panel in the page language (only when it changes)."""
        lang = language(lang)
        return header_children(lang), footer_children(lang), presentation_ui.panel(dataset.path, lang, settings.public)

    # page-wide URL parameters (language, data release) survive navigation; <html lang> follows the page
    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="pageFlags"),
                            Output(ids.URL_FLAGS_SYNC, "data"), Input(ids.PAGE_FLAGS, "data"))
    # the language switch keeps the view: it only changes ?sprache= (the router then re-renders)
    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="switchLanguage"),
                            Output(ids.URL_FLAGS_SYNC, "data", allow_duplicate=True), Input(ids.LANG_SWITCH, "n_clicks"),
                            State(ids.LANG, "data"), prevent_initial_call=True)
    # "Link kopieren": the current address, which always carries the view state and the release
    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="copyLink"),
                            Output(ids.COPY_STATUS, "children"), Input(ids.COPY_LINK, "n_clicks"), prevent_initial_call=True)

    for view in views:
        view.register_callbacks(app, ctx)
    presentation_ui.register_callbacks(app, ctx)
    # the indicator pickers rank label matches first when the user types (assets/qm_explain.js)
    from dashboard.ui.components import register_indicator_search
    register_indicator_search(app, (ids.INDICATOR, trends_view.INDICATOR, change_view.INDICATOR, compare_view.CHART_INDICATOR))

    @server.route("/healthz")
    def healthz():
        return {"status": "ok", "dataset": dataset.id, "release": dataset.release}

    # Dash registers its JavaScript bundles lazily in a before_request hook that marks itself done
    # before it has finished; with threaded gunicorn workers a second concurrent first request then
    # gets a 500 for a bundle ("dash is not a registered library"). Set the server up now, once.
    app._setup_server()
    from dashboard import seo  # the meta description of each page and /robots.txt (dashboard/seo.py)
    seo.install(app, server, settings, monitor)
    # security headers on every response; in public mode only the known routes (after Dash set up its own)
    from dashboard.security import install_security
    install_security(server, settings, app)

    if settings.public:
        # disclosure control decides once per release what public mode may publish; doing it now keeps
        # the first visitor's request fast (and a worker is healthy only once it can answer safely)
        monitor.publication()
    app.monitor = monitor  # for tests and the CLI: the same data access the callbacks use
    app.page_cache = pages
    app.view_context = ctx
    app.page_paths = tuple(routes)  # every address the router serves (tests/e2e/test_phone_layout.py visits each)
    app.page_prefixes = tuple(prefix for prefix, _ in prefixes)
    app.settings = settings
    return app
