"""Datenschutzhinweis (/datenschutz) and Impressum (/impressum), short, in German or (?sprache=en) English.

Operator and contact come from the settings QM_OPERATOR and QM_CONTACT (placeholders when empty);
attribution and licence from the dataset. The small-number rule is the dataset's own: its
minimum population and each indicator's minimum case numbers. The operator's own texts (name,
address, contact, tile provider) are shown as configured, in whatever language they were written.
"""
from __future__ import annotations

from typing import Any

from dash import Dash, callback_context, dcc, html
from dash.exceptions import MissingCallbackContextException

from dashboard.i18n import t
from dashboard.ui.components import ViewContext, page_language
from dashboard.urls import href

PATHS = ("/datenschutz", "/impressum")
P = "legal"
PRIVACY, IMPRINT = f"{P}-datenschutz", f"{P}-impressum"
PLACEHOLDER_OPERATOR = "[Betreiber: Name der Stelle und Anschrift – bitte mit QM_OPERATOR festlegen]"
PLACEHOLDER_CONTACT = "[Kontakt: E-Mail-Adresse oder Telefon – bitte mit QM_CONTACT festlegen]"


def _requested_page(ctx: ViewContext, params: dict[str, Any] | None = None) -> str:
    """Which of the two pages the URL asks for (the router passes the path as `_route`, also when it renders the page
    into the initial layout, outside any callback)."""
    pathname = (params or {}).get("_route")
    if pathname is None:
        try:
            pathname = callback_context.inputs.get(f"{ctx.url_id}.pathname") or ""
        except (MissingCallbackContextException, LookupError):  # called outside a callback (tests, CLI): the first page
            pathname = ""
    return "impressum" if str(pathname).rstrip("/").endswith("/impressum") else "datenschutz"


def operator_block(ctx: ViewContext, lang: str = "de") -> list:
    settings = ctx.settings
    return [
        html.P([html.Strong(t("Betreiber", lang) + ": "), settings.operator or t(PLACEHOLDER_OPERATOR, lang)],
               className="qm-legal-operator"),
        html.P([html.Strong(t("Kontakt", lang) + ": "), settings.contact or t(PLACEHOLDER_CONTACT, lang)],
               className="qm-legal-contact"),
    ]


def data_block(ctx: ViewContext, lang: str = "de") -> list:
    dataset = ctx.monitor.dataset
    return [
        html.P([html.Strong(t("Datensatz", lang) + ": "), dataset.title_for(lang)]),
        html.P([html.Strong(t("Quellenangabe", lang) + ": "), dataset.attribution_for(lang)], className="qm-legal-attribution"),
        html.P([html.Strong(t("Lizenz", lang) + ": "), dataset.license_for(lang), " · ", html.Strong(t("Datenstand", lang) + ": "),
                dataset.release], className="qm-legal-license"),
    ]


def suppression_text(ctx: ViewContext, lang: str = "de") -> list:
    monitor = ctx.monitor
    rule = t("Werte für Gebiete mit weniger als {min_population} Einwohnerinnen und Einwohnern "
             "sowie Werte, deren Fallzahl unter der für den Indikator festgelegten Mindestfallzahl liegt, "
             "werden nicht veröffentlicht (Schutz vor der Identifizierung einzelner Personen).", lang,
             min_population=monitor.dataset.min_population)
    if monitor.public:
        where = t("In dieser öffentlichen Ansicht werden solche Werte bereits auf dem Server entfernt: Sie erscheinen "
                  "weder in der Karte noch in Tabellen, Diagrammen, Tooltips oder Downloads, sondern als "
                  "„keine Angabe (geringe Fallzahl)“. Nicht zur Veröffentlichung bestimmte Indikatoren werden nicht angeboten.",
                  lang)
    else:
        where = t("In dieser internen Ansicht sind solche Werte sichtbar und als geringe Fallzahl gekennzeichnet; "
                  "sie dürfen nicht weitergegeben oder veröffentlicht werden.", lang)
    return [html.P(rule), html.P(where)]


def privacy(ctx: ViewContext, lang: str = "de") -> html.Section:
    tiles = []
    if ctx.settings.tile_url:
        provider = (" " + t("Anbieter: {provider}.", lang, provider=ctx.settings.tile_attribution)
                    if ctx.settings.tile_attribution else "")
        tiles = [html.P(t("Die Hintergrundkarte wird von einem Kachelserver geladen; dieser erhält dabei, wie jeder "
                          "Webserver, die IP-Adresse Ihres Geräts.", lang) + provider)]
    return html.Section(id=PRIVACY, className="qm-legal", children=[
        html.H2(t("Datenschutzhinweis", lang)),
        html.H3(t("Was diese Anwendung speichert", lang)),
        html.P(t("Nichts über Sie: Es gibt keine Anmeldung, keine Cookies, kein Tracking und keine Analysewerkzeuge. "
                 "Ihre Auswahl (Indikator, Jahr, Gebiet) steht nur in der Adresse der Seite und wird auf dem Server "
                 "nicht gespeichert. Alle Skripte, Schriften und Gebietsgrenzen kommen von diesem Server selbst.", lang)),
        *tiles,
        html.H3(t("Server-Protokolle", lang)),
        html.P(t("Der Webserver kann technisch notwendige Zugriffsdaten (Zeitpunkt, aufgerufene Adresse, IP-Adresse) "
                 "kurzzeitig protokollieren, um den Betrieb zu sichern. Art und Dauer legt der Betreiber fest.", lang)),
        html.H3(t("Kleine Fallzahlen", lang)),
        *suppression_text(ctx, lang),
        html.H3(t("Verantwortlich", lang)),
        *operator_block(ctx, lang),
        html.H3(t("Daten und Quellen", lang)),
        *data_block(ctx, lang),
    ])


def imprint(ctx: ViewContext, lang: str = "de") -> html.Section:
    return html.Section(id=IMPRINT, className="qm-legal", children=[
        html.H2(t("Impressum", lang)),
        *operator_block(ctx, lang),
        html.H3(t("Daten und Quellen", lang)),
        *data_block(ctx, lang),
        html.P(t("Quartiersmonitor ist freie Software; die Anwendung zeigt die Daten so, wie sie der Datensatz liefert.", lang)),
    ])


def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    lang = page_language(params)
    page = _requested_page(ctx, params)
    body = imprint(ctx, lang) if page == "impressum" else privacy(ctx, lang)
    other = (dcc.Link(t("Datenschutzhinweis", lang), href=href("/datenschutz", None, lang)) if page == "impressum"
             else dcc.Link(t("Impressum", lang), href=href("/impressum", None, lang)))
    return html.Div(className="qm-legal-page", children=[
        body,
        html.P([other, " · ", dcc.Link(t("zur Karte", lang), href=href("/", None, lang))], className="qm-legal-nav"),
    ])


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    """Static pages: no callbacks."""
