"""Change map ("Veränderung"): the difference between two years per area (bis − von).

Shares change in percentage points. Seven diverging classes centred on zero; the warm side is
always the worsening side (a rise for burdens, a fall for potentials), neutral indicators use
orange/purple without valuation. Areas withheld in either year are hatched, areas without a value
in either year grey. As on the map, the first colouring is part of the layout.

Where the indicator has counts (reports/series.change_tests), each change is "deutlich" or "im Rahmen zufälliger
Schwankung"; the checkbox "Nur deutliche Veränderungen hervorheben" (URL: `nur_deutlich=0` switches it off) lightens the
random ones (assets/qm_map.js fadeRandom), the legend counts them, the summary counts the clear rises and falls, and the
tooltip gives the change's 95 % interval. Without counts the map is as before and the legend says that once.
"""
from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.catalog import Indicator
from dashboard.i18n import format_number, language, t
from dashboard.methods import uncertainty
from dashboard.monitor import SUPPRESSED, Monitor
from dashboard.present import CHANGE_CLASS_TEXTS, LegendRow, change_label, hideout_words
from dashboard.reports import series as report
from dashboard.reports.series import ChangeBundle
from dashboard.state.change import ChangeState
from dashboard.state.trends import TrendsState
from dashboard.ui import change_reasons, ids
from dashboard.ui.components import (
    MapFocus,
    ViewContext,
    area_map,
    colouring,
    controls_panel,
    district_picker,
    district_title,
    explain_links,
    focus_note,
    in_focus,
    indicator_description,
    indicator_picker,
    legend_rows,
    legend_toggle,
    level_options,
    map_focus,
    notice,
    page_language,
    register_colouring,
    view_nav,
    year_options,
)

PATH = "/veraenderung"
PATHS = (PATH,)
P = "change"
INDICATOR, LEVEL, FROM, TO = f"{P}-indicator", f"{P}-level", f"{P}-from", f"{P}-to"
MAP, AREAS, TITLE, LEGEND, DESCRIPTION, SUMMARY = (f"{P}-map", f"{P}-areas", f"{P}-title", f"{P}-legend",
                                                   f"{P}-description", f"{P}-summary")
MESSAGES, NOTICE, URL_SYNC, URL_SYNCED = f"{P}-messages", f"{P}-notice", f"{P}-url-sync", f"{P}-url-synced"
DISTRICT = f"{P}-district"
ONLY_CLEAR, ONLY_CLEAR_WRAP = f"{P}-only-clear", f"{P}-only-clear-wrap"
ONLY_CLEAR_TEXT = "Nur deutliche Veränderungen hervorheben"
NO_TEST_TEXT = ("Ohne Fallzahlen (Zähler und Nenner) ist keine Prüfung möglich, ob eine Veränderung deutlich ist oder im "
                "Rahmen zufälliger Schwankung liegt.")
RANDOM_OPACITY = 0.35  # as assets/qm_map.js RANDOM_OPACITY: the legend's swatch shows what the map draws


# -- pieces ------------------------------------------------------------------------------------------
def change_level_options(monitor: Monitor, indicator_id: str, lang: str = "de") -> list[dict[str, Any]]:
    """The level radio: levels without two years of the indicator disabled."""
    return level_options(monitor, indicator_id, lang, report.change_levels(monitor, indicator_id))


def indicator_control(monitor: Monitor, value: str | None, lang: str = "de"):
    """The shared indicator picker, limited to indicators a difference makes sense for."""
    return indicator_picker(INDICATOR, monitor, value, lang, allowed=[i.id for i in report.change_indicators(monitor)])


def title(monitor: Monitor, bundle: ChangeBundle, lang: str = "de", district: str | None = None) -> str:
    """Years, indicator and level; the district in focus after a dash."""
    indicator = monitor.indicator(bundle.indicator_id)
    level = monitor.dataset.level(bundle.level).label(lang)
    text = t("Veränderung {von}–{bis}: {indicator} – {level}", lang, von=bundle.von, bis=bundle.bis,
             indicator=indicator.label(lang), level=level)
    return district_title(text, monitor, district)


def focus(ctx: ViewContext, state: ChangeState) -> MapFocus:
    return map_focus(ctx, state.district, state.level)


CLASS_LABELS = CHANGE_CLASS_TEXTS  # the seven class labels (German keys; present.change_label fills them)
DIRECTION_TEXT = {
    "higher_is_worse": "rot = Verschlechterung (Anstieg), blau = Verbesserung (Rückgang)",
    "higher_is_better": "rot = Verschlechterung (Rückgang), blau = Verbesserung (Anstieg)",
}
NEUTRAL_DIRECTION = "ohne Wertung: orange = Rückgang, lila = Anstieg"


def unit_text(monitor: Monitor, bundle: ChangeBundle, lang: str = "de") -> str:
    """The unit of the difference: percentage points for shares, else the indicator's unit."""
    return t("Prozentpunkte", lang) if bundle.percent_points else monitor.indicator(bundle.indicator_id).text("unit", lang)


def legend_entries(bundle: ChangeBundle, lang: str = "de") -> list[LegendRow]:
    """The bundle's legend in lang: class bounds signed in the page's number format, the other rows' words."""
    return [LegendRow(e.color, change_label(e, bundle.decimals, lang), e.hatched) for e in bundle.legend]


def change_hideout(monitor: Monitor, bundle: ChangeBundle, lang: str = "de", view: MapFocus | None = None,
                   only_clear: bool = True) -> dict[str, Any]:
    """The bundle's colouring with its tooltip words in lang and the map's focus (what it shows, which areas fade);
    with only_clear (and counts) the changes within random variation are drawn lighter."""
    out = hideout_words(dict(bundle.hideout, **(view or MapFocus()).hideout()), lang,
                        label=t("Veränderung {von}–{bis}", lang, von=bundle.von, bis=bundle.bis),
                        unit=unit_text(monitor, bundle, lang))
    out["noDataLabel"] = t("keine Daten in einem der Jahre", lang)
    if bundle.tested:
        out["fadeRandom"] = bool(only_clear)
        out["testDecimals"] = monitor.indicator(bundle.indicator_id).decimals
        out["testWords"] = {"clear": t("deutlich", lang), "random": t("im Rahmen zufälliger Schwankung", lang),
                            "interval": t("95 %: {low} bis {high} {unit}", lang, low="{low}", high="{high}",
                                          unit=unit_text(monitor, bundle, lang))}
    return out


def test_counts(bundle: ChangeBundle, view: MapFocus) -> dict[str, int]:
    """In the focus: areas whose change is clearly up, clearly down, within random variation, and shown but untested."""
    table = in_focus(bundle.table, view)
    shown = table["klass"] >= 0
    clear, random = table["test"] == uncertainty.CLEAR, table["test"] == uncertainty.RANDOM
    return {"up": int((shown & clear & (table["change"] > 0)).sum()), "down": int((shown & clear & (table["change"] < 0)).sum()),
            "random": int((shown & random).sum()), "untested": int((shown & (table["test"] == uncertainty.NO_TEST)).sum())}


def test_legend(bundle: ChangeBundle, view: MapFocus, only_clear: bool, lang: str = "de") -> list:
    """The legend's lines on the test: the lightened swatch with the number of changes within random variation (when
    they fade), or once that without counts there is no test."""
    if not bundle.tested:
        return [html.P(t(NO_TEST_TEXT, lang), className="qm-legend-note qm-change-no-test")]
    counts = test_counts(bundle, view)
    swatches = [html.Span(className="qm-swatch", style={"backgroundColor": bundle.colors[k], "opacity": RANDOM_OPACITY})
                for k in (1, 5)]  # one of each side, lightened as on the map
    if only_clear:
        label = t("aufgehellt: {n} Gebiete, Veränderung im Rahmen zufälliger Schwankung (95-%-Intervall enthält 0)", lang,
                  n=format_number(counts["random"], 0, lang))
        return [html.Div([*swatches, html.Span(label)], className="qm-legend-row qm-change-random-row")]
    return [html.P(t("{n} Veränderungen im Rahmen zufälliger Schwankung, hier nicht aufgehellt.", lang,
                     n=format_number(counts["random"], 0, lang)), className="qm-legend-note qm-change-random-row")]


def direction_text(polarity: str, lang: str = "de") -> str:
    return t(DIRECTION_TEXT[polarity], lang) if polarity in DIRECTION_TEXT else t(NEUTRAL_DIRECTION, lang)


def legend(monitor: Monitor, bundle: ChangeBundle, view: MapFocus, lang: str = "de", only_clear: bool = True) -> list:
    """Classes and what they mean; the hatched and estimated areas counted in the focus when the map has one
    (as the summary does), and the line on faded areas."""
    indicator: Indicator = monitor.indicator(bundle.indicator_id)
    table = in_focus(bundle.table, view)
    n_suppressed = int((table["klass"] == SUPPRESSED).sum())
    n_estimates = int((table["estimate"] & (table["klass"] >= 0)).sum())  # as the bundle counts them (reports.series)
    notes = []
    if n_suppressed:
        notes.append(html.P(t("{n} Gebiete schraffiert: in einem der beiden Jahre keine Angabe wegen geringer Fallzahl.", lang,
                              n=format_number(n_suppressed, 0, lang)), className="qm-legend-note"))
    if n_estimates:
        how = indicator.text("estimate_note", lang) or t(
            "Bevölkerungsgewichtetes Mittel der Teilgebiete (keine Zählwerte), daher nur eine Näherung."
            if indicator.aggregation == "weighted_mean" else "Wert geschätzt, nicht gemessen.", lang)
        # the count always, the long how (Berlin: a paragraph on the LOR 2006 transfer) on request: it covered a third
        # of the map at 1366x768
        notes.append(html.Details([
            html.Summary(t("{n} Veränderungen beruhen auf mindestens einem geschätzten Wert (im Tooltip „Schätzung“).", lang,
                           n=format_number(n_estimates, 0, lang))),
            html.P(how)], className="qm-legend-note qm-legend-details"))
    difference = ("Differenz: Wert {bis} minus Wert {von}; bei Anteilen in Prozentpunkten." if bundle.percent_points
                  else "Differenz: Wert {bis} minus Wert {von}.")
    return [
        html.Div(t("Veränderung {von}–{bis} ({unit})", lang, von=bundle.von, bis=bundle.bis, unit=unit_text(monitor, bundle, lang)),
                 className="qm-legend-title"),
        html.Div(direction_text(indicator.polarity, lang), className="qm-legend-direction"),
        legend_rows(legend_entries(bundle, lang)),
        *test_legend(bundle, view, only_clear, lang),
        *notes,
        *focus_note(view, lang),
        html.Div(t(difference, lang, von=bundle.von, bis=bundle.bis), className="qm-legend-meta"),
        html.Div(t("Klassen: gleich breite Stufen um null (mittlere Klasse: etwa unverändert).", lang), className="qm-legend-meta"),
        html.Div(t("Quelle: {source}", lang, source=indicator.text("source", lang)), className="qm-legend-meta qm-legend-source"),
        explain_links(lang, indicator.id, "klassen"),
    ]


def summary(bundle: ChangeBundle, view: MapFocus, lang: str = "de") -> html.P | html.Div:
    """How many areas rose, fell or stayed: those in the focus when the map has one (the title names it); with counts
    a second line: how many rose or fell clearly and how many changed within random variation."""
    k = in_focus(bundle.table, view)["klass"]
    up, down, same = int((k >= 4).sum()), int(((k >= 0) & (k <= 2)).sum()), int((k == 3).sum())
    classes = html.P(t("Gestiegen: {up} Gebiete · gesunken: {down} · etwa unverändert: {same} · ohne Vergleich: {none}", lang,
                       up=up, down=down, same=same, none=int((k < 0).sum())), className="qm-summary qm-change-summary")
    if not bundle.tested:
        return classes
    counts = test_counts(bundle, view)
    text = t("Deutlich gestiegen: {up} · deutlich gesunken: {down} · im Rahmen zufälliger Schwankung: {random}", lang,
             up=counts["up"], down=counts["down"], random=counts["random"])
    if counts["untested"]:
        text += " · " + t("ohne Prüfung: {n}", lang, n=counts["untested"])
    return html.Div([classes, html.P(text, className="qm-summary qm-change-tests")])


def only_clear_control(bundle: ChangeBundle, only_clear: bool, lang: str = "de") -> html.Div:
    """The checkbox; hidden where the indicator has no counts (nothing to test, nothing fades)."""
    return html.Div(dcc.Checklist(id=ONLY_CLEAR, options=[{"label": t(ONLY_CLEAR_TEXT, lang), "value": "on"}],
                                  value=["on"] if only_clear else [], className="qm-checklist qm-only-clear"),
                    id=ONLY_CLEAR_WRAP, style=only_clear_style(bundle))


def only_clear_style(bundle: ChangeBundle) -> dict[str, str]:
    return {} if bundle.tested else {"display": "none"}


# -- layout -----------------------------------------------------------------------------------------
def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    monitor, lang = ctx.monitor, page_language(params)
    state = ChangeState.from_query(monitor, params)
    if state.indicator is None:
        return html.Div([view_nav(PATH, lang), *notice(list(state.notices), NOTICE, lang)], className="qm-map-page")
    bundle = report.change_bundle(monitor, state.indicator, state.level, state.von, state.bis)
    view = focus(ctx, state)
    years = year_options(state.years(monitor))
    # a plain link (a full page load): it carries the language along
    trend_href = TrendsState(indicator=state.indicator, level=state.level).href(lang)
    controls = controls_panel("change-controls", [
        html.Label(t("Indikator", lang), htmlFor=INDICATOR, className="qm-label"),
        indicator_control(monitor, state.indicator, lang),
        html.Div(indicator_description(monitor.indicator(state.indicator), state.level, monitor, lang), id=DESCRIPTION,
                 className="qm-description"),
        html.Label(t("Gebietsebene", lang), htmlFor=LEVEL, className="qm-label"),
        dcc.RadioItems(id=LEVEL, options=change_level_options(monitor, state.indicator, lang), value=state.level,
                       className="qm-levels", inputClassName="qm-level-input"),
        html.Div(className="qm-year-pair", children=[
            html.Div([html.Label(t("von", lang), htmlFor=FROM, className="qm-label"),
                      dcc.Dropdown(id=FROM, options=years, value=state.von, clearable=False, searchable=False)]),
            html.Div([html.Label(t("bis", lang), htmlFor=TO, className="qm-label"),
                      dcc.Dropdown(id=TO, options=years, value=state.bis, clearable=False, searchable=False)]),
        ]),
        *district_picker(DISTRICT, monitor, state.district, lang),
        only_clear_control(bundle, state.only_clear, lang),
        html.Div(summary(bundle, view, lang), id=SUMMARY),
        html.A(t("Zeitreihe dieses Indikators", lang), href=trend_href, className="qm-link"),
    ], lang)
    return html.Div(className="qm-map-page", children=[
        view_nav(PATH, lang),
        html.Div(notice(list(state.notices), NOTICE, lang), id=MESSAGES),
        html.Div(className="qm-main", children=[
            controls,
            html.Section(className="qm-map-wrap", children=[
                html.H2(title(monitor, bundle, lang, state.district), id=TITLE, className="qm-map-title"),
                area_map(MAP, AREAS, ctx, state.level, change_hideout(monitor, bundle, lang, view, state.only_clear),
                         label=t("Karte der Veränderung zwischen zwei Jahren je Gebiet", lang)),
                html.Div(legend(monitor, bundle, view, lang, state.only_clear), id=LEGEND, className="qm-legend"),
                legend_toggle(LEGEND, lang),
            ]),
        ]),
        change_reasons.panel(ctx, state.von, state.bis, state.district, lang),  # "Warum hat sich die Klasse geändert?"
        dcc.Store(id=URL_SYNC),
        dcc.Store(id=URL_SYNCED),
    ])


# -- callbacks ---------------------------------------------------------------------------------------
def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    register_colouring(app, AREAS)
    change_reasons.register_callbacks(app, ctx, {"indicator": INDICATOR, "level": LEVEL, "von": FROM, "bis": TO,
                                                 "district": DISTRICT})
    monitor, geometry = ctx.monitor, ctx.geometry

    @app.callback(
        Output(colouring(AREAS), "data"), Output(AREAS, "url"), Output(LEGEND, "children"), Output(TITLE, "children"),
        Output(DESCRIPTION, "children"), Output(SUMMARY, "children"),
        Output(LEVEL, "options"), Output(LEVEL, "value"),
        Output(FROM, "options"), Output(FROM, "value"), Output(TO, "options"), Output(TO, "value"),
        Output(MESSAGES, "children"), Output(URL_SYNC, "data"), Output(ONLY_CLEAR_WRAP, "style"),
        Input(INDICATOR, "value"), Input(LEVEL, "value"), Input(FROM, "value"), Input(TO, "value"), Input(DISTRICT, "value"),
        Input(ONLY_CLEAR, "value"),
        State(ids.LANG, "data"), prevent_initial_call=True,
    )
    def update(indicator_id, level, von, bis, district, only_clear, lang):
        lang = language(lang)
        checked = "on" in only_clear if isinstance(only_clear, list) else True
        state = ChangeState.from_query(monitor, {"indikator": indicator_id, "ebene": level, "von": von, "bis": bis,
                                                 "bezirk": district, "nur_deutlich": "1" if checked else "0"})
        if state.indicator is None:
            raise PreventUpdate
        # a new indicator or level may lack the chosen years: quietly take the nearest valid ones
        notices = [n for n in state.notices if "aus dem Link" not in n]
        bundle = report.change_bundle(monitor, state.indicator, state.level, state.von, state.bis)
        options = year_options(state.years(monitor))
        view = focus(ctx, state)  # another district: the map flies to it (assets/qm_map.js fitView)
        return (change_hideout(monitor, bundle, lang, view, state.only_clear), geometry.url(state.level),
                legend(monitor, bundle, view, lang, state.only_clear), title(monitor, bundle, lang, state.district),
                indicator_description(monitor.indicator(state.indicator), state.level, monitor, lang),
                summary(bundle, view, lang), change_level_options(monitor, state.indicator, lang), state.level, options, state.von,
                options, state.bis, notice(notices, NOTICE, lang), state.to_query(), only_clear_style(bundle))

    app.clientside_callback(ClientsideFunction(namespace="qm", function_name="syncQuery"),
                            Output(URL_SYNCED, "data"), Input(URL_SYNC, "data"), prevent_initial_call=True)
