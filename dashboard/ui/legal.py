"""Datenschutzhinweis (/datenschutz) and Impressum (/impressum), short and in German.

Operator and contact come from the settings QM_OPERATOR and QM_CONTACT (placeholders when empty);
attribution and licence from the dataset. The small-number rule is the dataset's own: its
minimum population and each indicator's minimum case numbers.
"""
from __future__ import annotations

from typing import Any

from dash import Dash, callback_context, dcc, html

from dashboard.ui.components import ViewContext

PATHS = ("/datenschutz", "/impressum")
P = "legal"
PRIVACY, IMPRINT = f"{P}-datenschutz", f"{P}-impressum"
PLACEHOLDER_OPERATOR = "[Betreiber: Name der Stelle und Anschrift – bitte mit QM_OPERATOR festlegen]"
PLACEHOLDER_CONTACT = "[Kontakt: E-Mail-Adresse oder Telefon – bitte mit QM_CONTACT festlegen]"


def _requested_page(ctx: ViewContext) -> str:
    """Which of the two pages the URL asks for (the router passes query parameters only)."""
    try:
        pathname = callback_context.inputs.get(f"{ctx.url_id}.pathname") or ""
    except Exception:  # called outside a callback (tests, CLI): the first page
        pathname = ""
    return "impressum" if str(pathname).rstrip("/").endswith("/impressum") else "datenschutz"


def operator_block(ctx: ViewContext) -> list:
    settings = ctx.settings
    return [
        html.P([html.Strong("Betreiber: "), settings.operator or PLACEHOLDER_OPERATOR], className="qm-legal-operator"),
        html.P([html.Strong("Kontakt: "), settings.contact or PLACEHOLDER_CONTACT], className="qm-legal-contact"),
    ]


def data_block(ctx: ViewContext) -> list:
    dataset = ctx.monitor.dataset
    return [
        html.P([html.Strong("Datensatz: "), dataset.title]),
        html.P([html.Strong("Quellenangabe: "), dataset.attribution], className="qm-legal-attribution"),
        html.P([html.Strong("Lizenz: "), dataset.license, " · ", html.Strong("Datenstand: "), dataset.release],
               className="qm-legal-license"),
    ]


def suppression_text(ctx: ViewContext) -> list:
    monitor = ctx.monitor
    rule = (f"Werte für Gebiete mit weniger als {monitor.dataset.min_population} Einwohnerinnen und Einwohnern "
            "sowie Werte, deren Fallzahl unter der für den Indikator festgelegten Mindestfallzahl liegt, "
            "werden nicht veröffentlicht (Schutz vor der Identifizierung einzelner Personen).")
    if monitor.public:
        where = ("In dieser öffentlichen Ansicht werden solche Werte bereits auf dem Server entfernt: Sie erscheinen "
                 "weder in der Karte noch in Tabellen, Diagrammen, Tooltips oder Downloads, sondern als "
                 "„keine Angabe (geringe Fallzahl)“. Nicht zur Veröffentlichung bestimmte Indikatoren werden nicht angeboten.")
    else:
        where = ("In dieser internen Ansicht sind solche Werte sichtbar und als geringe Fallzahl gekennzeichnet; "
                 "sie dürfen nicht weitergegeben oder veröffentlicht werden.")
    return [html.P(rule), html.P(where)]


def privacy(ctx: ViewContext) -> html.Section:
    tiles = []
    if ctx.settings.tile_url:
        tiles = [html.P("Die Hintergrundkarte wird von einem Kachelserver geladen; dieser erhält dabei, wie jeder "
                        "Webserver, die IP-Adresse Ihres Geräts." + (f" Anbieter: {ctx.settings.tile_attribution}."
                                                                        if ctx.settings.tile_attribution else ""))]
    return html.Section(id=PRIVACY, className="qm-legal", children=[
        html.H2("Datenschutzhinweis"),
        html.H3("Was diese Anwendung speichert"),
        html.P("Nichts über Sie: Es gibt keine Anmeldung, keine Cookies, kein Tracking und keine Analysewerkzeuge. "
               "Ihre Auswahl (Indikator, Jahr, Gebiet) steht nur in der Adresse der Seite und wird auf dem Server "
               "nicht gespeichert. Alle Skripte, Schriften und Gebietsgrenzen kommen von diesem Server selbst."),
        *tiles,
        html.H3("Server-Protokolle"),
        html.P("Der Webserver kann technisch notwendige Zugriffsdaten (Zeitpunkt, aufgerufene Adresse, IP-Adresse) "
               "kurzzeitig protokollieren, um den Betrieb zu sichern. Art und Dauer legt der Betreiber fest."),
        html.H3("Kleine Fallzahlen"),
        *suppression_text(ctx),
        html.H3("Verantwortlich"),
        *operator_block(ctx),
        html.H3("Daten und Quellen"),
        *data_block(ctx),
    ])


def imprint(ctx: ViewContext) -> html.Section:
    return html.Section(id=IMPRINT, className="qm-legal", children=[
        html.H2("Impressum"),
        *operator_block(ctx),
        html.H3("Daten und Quellen"),
        *data_block(ctx),
        html.P("Quartiersmonitor ist freie Software; die Anwendung zeigt die Daten so, wie sie der Datensatz liefert."),
    ])


def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    page = _requested_page(ctx)
    body = imprint(ctx) if page == "impressum" else privacy(ctx)
    other = (dcc.Link("Datenschutzhinweis", href="/datenschutz") if page == "impressum"
             else dcc.Link("Impressum", href="/impressum"))
    return html.Div(className="qm-legal-page", children=[
        body,
        html.P([other, " · ", dcc.Link("zur Karte", href="/")], className="qm-legal-nav"),
    ])


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    """Static pages: no callbacks."""
