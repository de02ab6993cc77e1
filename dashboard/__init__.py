"""Quartiersmonitor: kleinräumiges Sozial-, Umwelt- und Gesundheitsmonitoring.

`create_app(settings)` builds the Dash app; nothing happens at import time.
"""
from __future__ import annotations

from urllib.parse import parse_qs

from dashboard.settings import Settings


def create_app(settings: Settings | None = None):
    """Build the Dash app for one dataset folder and mode."""
    import dash
    from dash import Input, Output, dcc, html
    from flask import Flask
    from flask_caching import Cache

    from dashboard.catalog import load_dataset
    from dashboard.geometry import GeometryService
    from dashboard.i18n import t
    from dashboard.monitor import Monitor
    from dashboard.settings import PROJECT_ROOT
    from dashboard.store import Store
    from dashboard.ui import ids
    from dashboard.ui import burden as burden_view
    from dashboard.ui import map as map_view
    from dashboard.ui import social_index as index_view

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
        html.Span("öffentliche Ansicht" if settings.public else "interne Ansicht", className="qm-mode"),
    ])
    footer = html.Footer(className="qm-footer", children=[
        html.Span([html.Strong(t("attribution") + ": "), dataset.attribution]),
        html.Span(f" · Lizenz: {dataset.license} · {t('release')}: {dataset.release}", className="qm-release"),
    ])
    app.layout = html.Div(className="qm-app", children=[
        dcc.Location(id=ids.URL, refresh=False),
        header,
        html.Main(id=ids.PAGE, className="qm-page"),
        footer,
    ])

    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), Input(ids.URL, "search"))
    def route(pathname, search):
        params = {k: v[0] for k, v in parse_qs((search or "").lstrip("?"), max_num_fields=20).items()}
        if pathname in ("/", "", None, "/karte"):
            return map_view.layout(monitor, geometry, params, settings.tile_url, settings.tile_attribution)
        if pathname == index_view.PATH:
            return index_view.layout(monitor, geometry, params, settings.tile_url, settings.tile_attribution)
        if pathname == burden_view.PATH:
            return burden_view.layout(monitor, geometry, params, settings.tile_url, settings.tile_attribution)
        return html.Div(className="qm-not-found", children=[
            html.H2(t("not_found_title")), html.P([t("not_found_text"), " ", html.A(t("to_map"), href="/")])])

    map_view.register_callbacks(app, monitor, geometry)
    burden_view.register_callbacks(app, monitor, ids.URL)
    index_view.register_callbacks(app, monitor, ids.URL)

    @server.route("/healthz")
    def healthz():
        return {"status": "ok", "dataset": dataset.id, "release": dataset.release}

    app.monitor = monitor  # for tests and the CLI: the same data access the callbacks use
    app.settings = settings
    return app
