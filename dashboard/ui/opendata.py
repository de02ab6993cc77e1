"""Offene Daten (/daten): the downloads of the whole dataset as the current mode publishes it.

Lists every file of dashboard/opendata.py (link, format, size, content), what the long table's columns
mean, the rules of suppression and rounding (public mode) or the warning (internal mode), the release,
licence and attribution. The files are built once per release (dashboard/opendata.py OpenData, locked): on
the first download, or in the background from the first visit of this page, whose file list (a callback,
not part of the cached page) says so and asks again every two seconds until the sizes are known.
"""
from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from dashboard import opendata
from dashboard.i18n import format_number, format_size, language, t
from dashboard.ui import ids
from dashboard.ui.components import ViewContext, page_language
from dashboard.urls import METHODOLOGY_PATH, href

PATH = "/daten"
PATHS = (PATH,)
P = "opendata"
FILES = f"{P}-files"
FILES_BOX = f"{P}-files-box"
POLL = f"{P}-poll"
POLL_MS = 2000
COLUMNS = f"{P}-columns"

FORMATS = {".csv": "CSV", ".parquet": "Parquet", ".geojson": "GeoJSON", ".gpkg": "GeoPackage", ".txt": "Text", ".zip": "ZIP"}


def file_content(item: opendata.DataFile, ctx: ViewContext, lang: str) -> str:
    if item.kind == "geometry":
        level = item.level
        label = (t("Gesamtstadt", lang) if level == opendata.CITY_LEVEL
                 else ctx.monitor.dataset.level(level).label(lang))
        return t("Gebietsgrenzen: {level}", lang, level=label)
    return {
        "values": t("Alle Werte: eine Zeile je Gebiet, Indikator und Jahr", lang),
        "indicators": t("Beschreibung der Indikatoren (Definition, Einheit, Quelle, Stichtag, Regeln)", lang),
        "areas": t("Gebiete mit Namen und übergeordneten Gebieten, ohne Geometrie", lang),
        "geopackage": t("Gebietsgrenzen aller Ebenen, dazu die Tabellen „werte“ und „indikatoren“ (für QGIS und andere GIS)", lang),
        "license": t("Lizenz und Quellenangabe", lang),
        "readme": t("Beschreibung der Dateien, Spalten und Regeln", lang),
        "zip": t("Alle Dateien in einem Archiv", lang),
    }[item.kind]


def file_table(ctx: ViewContext, files: list[opendata.DataFile], lang: str, ready: bool = True) -> html.Div:
    """The downloads: link, format, size (… while the files are being built) and content."""
    ordered = sorted(files, key=lambda f: f.kind != "zip")  # the archive first: most people want everything
    rows = [html.Tr([
        html.Td(html.A(item.name, href=f"{opendata.ROUTE_PREFIX}/{item.name}", download=opendata.file_name(ctx.monitor, item.name))),
        html.Td(FORMATS.get("." + item.name.rsplit(".", 1)[-1], "")),
        html.Td(format_size(item.size, lang) if ready else "…", className="qm-opendata-size"),
        html.Td(file_content(item, ctx, lang)),
    ]) for item in ordered]
    head = html.Thead(html.Tr([html.Th(t("Dateiname", lang)), html.Th(t("Format", lang)), html.Th(t("Größe", lang)),
                               html.Th(t("Inhalt", lang))]))
    status = [] if ready else [html.P(t("Die Dateien dieses Datenstands werden gerade erstellt; beim ersten Aufruf dauert das "
                                        "bis zu einer Minute. Die Größen erscheinen hier, sobald sie fertig sind; ein Download "
                                        "wartet so lange.", lang), className="qm-opendata-pending", role="status")]
    return html.Div([*status, html.Div(html.Table([head, html.Tbody(rows)], id=FILES, className="qm-opendata-table"),
                                       className="qm-opendata-scroll")])


def files_box(ctx: ViewContext, lang: str) -> tuple[html.Div, bool]:
    """(the file table, whether the files are ready); starts the build in the background when they are not."""
    data = opendata.for_monitor(ctx.monitor)
    if data.ready():
        return file_table(ctx, data.files(), lang), True
    data.start()
    return file_table(ctx, opendata.planned_files(ctx.monitor), lang, ready=False), False


def column_table(ctx: ViewContext, lang: str) -> html.Div:
    rows = [html.Tr([html.Td(html.Code(name)), html.Td(text)]) for name, text in opendata.value_column_texts(ctx.monitor, lang)]
    head = html.Thead(html.Tr([html.Th(t("Spalte", lang)), html.Th(t("Bedeutung", lang))]))
    return html.Div(html.Table([head, html.Tbody(rows)], id=COLUMNS, className="qm-opendata-table"), className="qm-opendata-scroll")


def rules(ctx: ViewContext, lang: str) -> list:
    monitor = ctx.monitor
    if not monitor.public:
        return [html.P(html.Strong(t("Interne Fassung: Die Dateien enthalten nicht veröffentlichte Indikatoren und Werte mit "
                                     "geringer Fallzahl (withheld = true) in voller Genauigkeit. Nicht weitergeben und nicht "
                                     "veröffentlichen.", lang)), className="qm-opendata-internal")]
    return [
        html.P(t("Die Dateien enthalten genau die Werte, die diese öffentliche Anwendung in Karte, Tabellen und "
                 "Gebietsprofilen zeigt – auf demselben Weg berechnet:", lang)),
        html.Ul([
            html.Li(t("Werte von Gebieten mit weniger als {min_population} Einwohnerinnen und Einwohnern und Werte mit zu "
                      "kleiner Fallzahl werden nicht veröffentlicht; ebenso Werte, aus denen sich ein solcher Wert "
                      "berechnen ließe. Sie stehen mit leerem Wert und withheld = true in der Tabelle.", lang,
                      min_population=format_number(monitor.dataset.min_population, 0, lang))),
            html.Li(t("Alle anderen Werte sind auf die Nachkommastellen gerundet, mit denen die Anwendung sie zeigt "
                      "(indikatoren.csv, Spalte decimals). Summen gerundeter Werte können deshalb leicht abweichen.", lang)),
            html.Li(t("Nicht zur Veröffentlichung bestimmte Indikatoren fehlen.", lang)),
        ]),
    ]


def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    lang = page_language(params)
    dataset = ctx.monitor.dataset
    # the file list comes from a callback (not this cached page): while the files are built it says so and asks again
    return html.Div(className="qm-opendata-page", children=[
        html.Section(className="qm-opendata", children=[
            html.H2(t("Offene Daten", lang)),
            html.P(t("Alle Werte dieser Anwendung und die Gebietsgrenzen zum Herunterladen – zum Weiterrechnen in "
                     "Tabellenkalkulation, R, Python oder einem Geoinformationssystem.", lang)),
            html.P([html.Strong(t("Datensatz", lang) + ": "), dataset.title_for(lang), " · ",
                    html.Strong(t("Datenstand", lang) + ": "), dataset.release], className="qm-opendata-release"),
            html.H3(t("Dateien", lang)),
            html.Div(id=FILES_BOX, **{"aria-live": "polite"}),
            dcc.Interval(id=POLL, interval=POLL_MS, n_intervals=0),
            html.H3(t("Format", lang)),
            html.P(t("CSV: UTF-8, Komma als Trennzeichen, Dezimalpunkt, eine Kopfzeile, keine Kommentarzeilen; eine leere "
                     "Zelle heißt „kein Wert“, Kennzeichen stehen als true/false. In Excel über Daten › Aus Text/CSV öffnen. "
                     "Parquet enthält dieselbe Tabelle mit Datentypen. Geometrie in WGS 84 (EPSG:4326); das GeoPackage "
                     "verknüpft Gebiete und Werte über area_id.", lang)),
            html.H3(t("Spalten der Wertetabelle (werte.csv, werte.parquet, Tabelle „werte“ im GeoPackage)", lang)),
            column_table(ctx, lang),
            html.P([t("Einheit, Stichtag und Quelle jedes Indikators stehen in indikatoren.csv, die Rechenregeln auf der "
                     "Methodenseite und in den Indikatorenblättern.", lang) + " ",
                   dcc.Link(t("Zur Methodenseite", lang), href=href(METHODOLOGY_PATH, {}, lang))]),
            html.H3(t("Geheimhaltung und Rundung", lang)),
            *rules(ctx, lang),
            html.H3(t("Lizenz und Quellenangabe", lang)),
            html.P([html.Strong(t("Lizenz", lang) + ": "), dataset.license_for(lang)]),
            html.P([html.Strong(t("Quellenangabe", lang) + ": "), dataset.attribution_for(lang)]),
            html.P(t("Bitte nennen Sie bei jeder Weiterverwendung die Quellen und den Datenstand.", lang)),
        ]),
    ])


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    @app.callback(Output(FILES_BOX, "children"), Output(POLL, "disabled"), Input(POLL, "n_intervals"), State(ids.LANG, "data"))
    def show_files(_n, lang):
        """The file list with sizes once the files exist; until then the planned list, asked again every POLL_MS."""
        box, ready = files_box(ctx, language(lang))
        return box, ready
