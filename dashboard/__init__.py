"""Quartiersmonitor: kleinräumiges Sozial-, Umwelt- und Gesundheitsmonitoring.

`create_app(settings)` builds the Dash app; nothing happens at import time.
"""
from __future__ import annotations

from dashboard.settings import Settings
from dashboard.urls import query_params


def create_app(settings: Settings | None = None):
    """Build the Dash app for one dataset folder and mode."""
    import dash
    from dash import Input, Output, dcc, html, no_update
    from flask import Flask
    from flask_caching import Cache

    from dashboard.catalog import load_dataset
    from dashboard.geometry import GeometryService
    from dashboard.i18n import t
    from dashboard.monitor import Monitor
    from dashboard.settings import PROJECT_ROOT
    from dashboard.store import Store
    from dashboard.ui import ids
    from dashboard.ui.components import ViewContext
    from dashboard.ui import burden as burden_view
    from dashboard.ui import map as map_view
    from dashboard.ui import social_index as index_view
    from dashboard.ui import profile as profile_view
    from dashboard.ui import trends as trends_view
    from dashboard.ui import change as change_view
    from dashboard.ui import compare as compare_view
    from dashboard.ui import presentation as presentation_ui
    from dashboard.ui import legal as legal_view

    settings = settings or Settings.from_env()
    dataset = load_dataset(settings.data_dir)
    store = Store(dataset.path)
    outline_level = dataset.level_ids[-1]
    geometry = GeometryService(dataset.path / "web", dataset.level_ids, outline_level)

    server = Flask("dashboard")
    if settings.cache_dir:
        # one folder per release: a new data release never reads an old bundle
        cache_config = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(settings.cache_dir / dataset.release),
                        "CACHE_DEFAULT_TIMEOUT": 0, "CACHE_THRESHOLD": 5000}
    else:
        cache_config = {"CACHE_TYPE": "SimpleCache"}
    cache = Cache(server, config=cache_config)
    monitor = Monitor(dataset, store, public=settings.public, cache=cache)
    geometry.register(server)

    app = dash.Dash(
        __name__,
        server=server,
        title=f"{t('app_title')} – {dataset.title}",
        assets_folder=str(PROJECT_ROOT / "assets"),
        compress=True,
        suppress_callback_exceptions=True,  # pages are rendered by the router below
        update_title=None,
        serve_locally=True,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="de">')

    header = html.Header(className="qm-header", children=[
        html.A(t("app_title"), href="/", className="qm-brand"),
        html.Span(dataset.title, className="qm-dataset-title"),
        html.Span(t("synthetic_badge"), className="qm-badge-synthetic") if dataset.synthetic else None,
        html.Div(dcc.Dropdown(id=ids.SEARCH, options=[], placeholder="Gebiet suchen (Name oder Nummer) …", searchable=True,
                              clearable=True, search_order="original",
                              labels={"search": "Gebiet suchen", "no_options_found": "Kein Gebiet gefunden",
                                      "clear_search": "Suche löschen", "clear_selection": "Auswahl löschen"}),
                 className="qm-search", role="search", **{"aria-label": "Gebietssuche"}),
        html.Span("öffentliche Ansicht" if settings.public else "interne Ansicht", className="qm-mode"),
        presentation_ui.header_buttons(),
    ])
    footer = html.Footer(className="qm-footer", children=[
        html.Span([html.Strong(t("attribution") + ": "), dataset.attribution]),
        html.Span(f" · Lizenz: {dataset.license} · {t('release')}: {dataset.release}", className="qm-release"),
        html.Span([" · ", dcc.Link("Datenschutz", href="/datenschutz"), " · ", dcc.Link("Impressum", href="/impressum")],
                  className="qm-legal-links"),
    ])
    app.layout = html.Div(className="qm-app", children=[
        dcc.Location(id=ids.URL, refresh=False),
        header,
        html.Main(id=ids.PAGE, className="qm-page"),
        footer,
        presentation_ui.panel(dataset.path),
    ])

    ctx = ViewContext(monitor, geometry, settings, ids.URL)
    views = (map_view, burden_view, index_view, profile_view, trends_view, change_view, compare_view, legal_view)
    routes = {path: view for view in views for path in view.PATHS}
    prefixes = [(prefix, view) for view in views for prefix in getattr(view, "PREFIXES", ())]

    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), Input(ids.URL, "search"))
    def route(pathname, search):
        pathname = pathname if isinstance(pathname, str) and pathname else "/"
        params = query_params(search)
        view = routes.get(pathname)
        if view is None:  # e.g. /gebiet/<area_id>: the rest of the path is a parameter
            for prefix, candidate in prefixes:
                if pathname.startswith(prefix) and 0 < len(pathname) - len(prefix) <= 64:
                    view, params = candidate, {**params, "_pfad": pathname[len(prefix):]}
                    break
        if view is None:
            return html.Div(className="qm-not-found", children=[
                html.H2(t("not_found_title")), html.P([t("not_found_text"), " ", html.A(t("to_map"), href="/")])])
        return view.layout(ctx, params)

    for view in views:
        view.register_callbacks(app, ctx)
    presentation_ui.register_callbacks(app, ctx)

    @app.callback(Output(ids.SEARCH, "options"), Input(ids.SEARCH, "search_value"), prevent_initial_call=True)
    def search_areas(text):
        """Areas matching the typed name or number, labelled with their level."""
        if not isinstance(text, str) or not text.strip():
            # The search text empties when a hit is chosen. Keeping the options keeps the chosen value
            # valid: the dropdown would otherwise clear it and Dash would drop the pending navigation.
            return no_update
        levels = {lv.id: lv.label_de for lv in dataset.levels}
        return [{"label": f"{a['name']} ({levels.get(a['level'], a['level'])} {a['area_id']})", "value": a["area_id"]}
                for a in monitor.search(text)]

    @app.callback(Output(ids.URL, "pathname", allow_duplicate=True), Output(ids.URL, "search", allow_duplicate=True),
                  Output(ids.SEARCH, "value"), Input(ids.SEARCH, "value"), prevent_initial_call=True)
    def open_found_area(area_id):
        """Choosing a search hit opens the area's profile."""
        if not monitor.area(area_id):
            return no_update, no_update, no_update
        return f"/gebiet/{area_id}", "", None

    @server.route("/healthz")
    def healthz():
        return {"status": "ok", "dataset": dataset.id, "release": dataset.release}

    # Dash registers its JavaScript bundles lazily in a before_request hook that marks itself done
    # before it has finished; with threaded gunicorn workers a second concurrent first request then
    # gets a 500 for a bundle ("dash is not a registered library"). Set the server up now, once.
    app._setup_server()
    # security headers on every response; in public mode only the known routes (after Dash set up its own)
    from dashboard.security import install_security
    install_security(server, settings, app)

    app.monitor = monitor  # for tests and the CLI: the same data access the callbacks use
    app.settings = settings
    return app
