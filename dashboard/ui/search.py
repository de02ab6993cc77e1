"""Finding a place: the header search and its result page /suche?ort=… (docs/ingest.md, „Ortsverzeichnis“).

The header search offers, as the user types, addresses (street + house number, optionally ", postcode"),
places of the dataset's gazetteer (postcode, Ortsteil, street, colloquial name) and areas by official name or
number, each option labelled with its kind. Choosing an address or an area opens the area's profile; choosing a
place opens /suche?ort=<place>, which lists the areas the place covers with their share of its addresses, linked
to their profiles, and a map focused on them.

Option values say what was chosen: an area id as it is (ids never contain ":"), "adresse:<text>" for an address
(resolved again when chosen, so a value a client makes up opens nothing it could not have typed), "ort:<text>"
for a place. The gazetteer is public open data; nothing here shows an indicator value.
"""
from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboard.gazetteer import address_text, parse_query
from dashboard.i18n import format_number, language, t
from dashboard.present import hideout_words, level_in_sentence
from dashboard.ui import ids
from dashboard.ui.components import MapFocus, ViewContext, area_map, page_language
from dashboard.urls import area_href, area_path, href, query_params, view_query

PATHS = ("/suche",)
PATH = "/suche"
P = "suche"
MAP, AREAS, RESULTS = f"{P}-map", f"{P}-areas", f"{P}-results"
MAX_OPTIONS = 12
PLACE_KINDS = {"plz": "Postleitzahl", "ortsteil": "Ortsteil", "strasse": "Straße", "alias": "Ortsname"}
HELP = "Suchen Sie nach Straße und Hausnummer, Postleitzahl, Ortsteil oder dem Namen eines Gebiets."
COLOUR = "#2b6cb0"


# -- the header search ----------------------------------------------------------------------------
def search_options(ctx: ViewContext, text: Any, lang: str = "de") -> list[dict[str, str]]:
    """The dropdown's options for what the user typed: addresses, then places and areas by match quality (exact,
    prefix, contains), at most MAX_OPTIONS."""
    monitor = ctx.monitor
    levels = {lv.id: lv for lv in monitor.dataset.levels}
    finest = level_in_sentence(monitor.dataset, monitor.dataset.levels[0].id, lang)
    addresses, places = monitor.search_places(text)
    options: list[tuple[int, int, dict[str, str]]] = []
    for a in addresses:
        place = address_text(a["name"], a["number"], a["postcode"])
        options.append((0, 0, {"label": t("{place} – Adresse im {level} {area}", lang, place=place, level=finest, area=a["area_name"]),
                               "value": f"adresse:{place}"}))
    for p in places:
        count = int(p["areas"])
        where = (t("1 Gebiet", lang) if count == 1 else t("{n} Gebiete", lang, n=count))
        kind = t(PLACE_KINDS[p["kind"]], lang)
        postcodes = (p["postcodes"] or "").split(", ")
        detail = f"{kind}, {t('PLZ', lang)} {', '.join(postcodes[:3])}{' …' if len(postcodes) > 3 else ''}" if p["kind"] == "strasse" and p["postcodes"] else kind
        options.append((int(p["rank"]), 1, {"label": f"{p['name']} ({detail}; {where})", "value": f"ort:{p['name']}"}))
    query = str(text or "").strip().lower()
    for a in monitor.search(text):
        name = a["name"].lower()
        rank = 0 if name == query or a["area_id"] == query else 1 if name.startswith(query) or a["area_id"].startswith(query) else 2
        level = levels[a["level"]].label(lang) if a["level"] in levels else a["level"]
        options.append((rank, 2, {"label": f"{a['name']} ({level} {a['area_id']})", "value": a["area_id"]}))
    options.sort(key=lambda o: (o[0], o[1]))  # stable: each source's own order within a rank
    seen: set[str] = set()
    out = []
    for _rank, _source, option in options:
        if option["value"] not in seen:
            seen.add(option["value"])
            out.append(option)
    return out[:MAX_OPTIONS]


def option_destination(ctx: ViewContext, value: Any) -> tuple[str, dict[str, str]] | None:
    """Where a chosen option leads: (path, query) of a profile or the /suche page; None for anything else."""
    if not isinstance(value, str) or not value or len(value) > 120:
        return None
    monitor = ctx.monitor
    kind, _, text = value.partition(":")
    if kind == "adresse" and text:
        addresses, _places = monitor.search_places(text, limit=1)
        return (area_path(addresses[0]["area_id"]), {}) if addresses else (PATH, {"ort": text})
    if kind == "ort" and text:
        return PATH, {"ort": text}
    if monitor.area(value):
        return area_path(value), {}
    return None


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    @app.callback(Output(ids.SEARCH, "options"), Input(ids.SEARCH, "search_value"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def search_areas(text, lang):
        """Addresses, places and areas matching the typed text, labelled with their kind."""
        if not isinstance(text, str) or not text.strip():
            # The search text empties when a hit is chosen. Keeping the options keeps the chosen value
            # valid: the dropdown would otherwise clear it and Dash would drop the pending navigation.
            return no_update
        return search_options(ctx, text, language(lang))

    @app.callback(Output(ids.URL, "pathname", allow_duplicate=True), Output(ids.URL, "search", allow_duplicate=True),
                  Output(ids.SEARCH, "value"), Input(ids.SEARCH, "value"), State(ids.URL, "search"), prevent_initial_call=True)
    def open_found_area(value, search):
        """Choosing a hit opens the area's profile or the place's page (language, presentation mode and release kept)."""
        target = option_destination(ctx, value)
        if target is None:
            return no_update, no_update, no_update
        path, query = target
        return path, view_query(query, search if isinstance(search, str) else None), None


def placeholder(monitor, lang: str = "de") -> str:
    """The header search's placeholder: what it finds in this dataset."""
    if monitor.has_gazetteer():
        return t("Adresse, PLZ, Ortsteil oder Gebiet …", lang)
    return t("Gebiet suchen (Name oder Nummer) …", lang)


def not_found(monitor, lang: str = "de") -> str:
    """The dropdown's text when nothing matches: what one can search for."""
    if monitor.has_gazetteer():
        return t("Nichts gefunden – suchen Sie nach Straße und Hausnummer, PLZ, Ortsteil oder Gebiet", lang)
    return t("Kein Gebiet gefunden", lang)


# -- the result page /suche?ort=… -------------------------------------------------------------------
def _bounds(ctx: ViewContext, area_ids: list[str]) -> list[list[float]] | None:
    boxes = [b for b in (ctx.geometry.area_bounds(a) for a in area_ids) if b]
    if not boxes:
        return None
    return [[min(b[0][0] for b in boxes), min(b[0][1] for b in boxes)], [max(b[1][0] for b in boxes), max(b[1][1] for b in boxes)]]


def share_text(share: float, lang: str) -> str:
    """A place's share of addresses in an area, as the table and the map's tooltip both say it: whole percent, one
    decimal under 10 % ("0,1 %" rather than "0 %" for a few addresses)."""
    return f"{format_number(100 * share, 0 if share >= 0.1 else 1, lang)} %"


def _place_section(ctx: ViewContext, kind: str, name: str, rows, lang: str) -> html.Section:
    monitor = ctx.monitor
    finest = monitor.dataset.levels[0]
    heading = f"{t(PLACE_KINDS.get(kind, kind), lang)} {name}"
    if kind == "alias":
        area = rows.iloc[0]
        level = level_in_sentence(monitor.dataset, area["level"], lang)
        return html.Section([
            html.H3(heading),
            html.P([t("„{name}“ ist ein umgangssprachlicher Name; gemeint ist meist das Gebiet", lang, name=name), " ",
                    dcc.Link(f"{level} {area['area_name']}", href=area_href(area["area_id"], lang)), "."]),
        ], className="qm-search-place")
    total = int(rows["weight"].sum())
    intro = t("Die {total} Adressen verteilen sich auf {n} {level}:", lang, total=format_number(total, 0, lang), n=len(rows),
              level=level_in_sentence(monitor.dataset, finest.id, lang, plural=len(rows) != 1))
    columns = [t("Anteil der Adressen", lang), t("Adressen", lang), *([t("PLZ", lang)] if kind == "strasse" else [])]
    head = [html.Th(finest.label(lang), scope="col"), *(html.Th(c, scope="col") for c in columns)]
    body = []
    for r in rows.itertuples():
        # data-label: on a phone each row stacks, every cell after the name says what it is (assets/qm_search.css)
        cells = [html.Td(dcc.Link(f"{r.area_name} ({r.area_id})", href=area_href(r.area_id, lang))),
                 html.Td(share_text(r.share, lang), className="qm-num", **{"data-label": columns[0]}),
                 html.Td(format_number(r.weight, 0, lang), className="qm-num", **{"data-label": columns[1]})]
        if kind == "strasse":
            cells.append(html.Td(r.postcodes or "", **{"data-label": columns[2]}))
        body.append(html.Tr(cells))
    return html.Section([
        html.H3(heading), html.P(intro),
        html.Div(html.Table([html.Thead(html.Tr(head)), html.Tbody(body)], className="qm-table qm-search-table"),
                 className="qm-table-scroll"),
    ], className="qm-search-place")


def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    monitor, lang = ctx.monitor, page_language(params)
    text = " ".join(str(params.get("ort") or "").split())[:80]
    title = html.H2(t("Suche: „{query}“", lang, query=text) if text else t("Ort suchen", lang))
    if not text:
        return html.Div([title, html.P(t(HELP, lang))], id=RESULTS, className="qm-search-page")
    addresses, _ = monitor.search_places(text, limit=1)
    query = parse_query(text)
    # the page names an address only when it is the one typed (the dropdown also offers near numbers)
    addresses = [a for a in addresses if query.names_number(a["number"])]
    places = monitor.place_areas(text)
    sections: list = []
    if addresses and not len(places):
        a = addresses[0]
        sections.append(html.P([t("{place} liegt im Gebiet", lang, place=address_text(a["name"], a["number"], a["postcode"])),
                                " ", dcc.Link(f"{a['area_name']} ({a['area_id']})", href=area_href(a["area_id"], lang)), "."]))
    for (kind, name), rows in places.groupby(["kind", "name"], sort=False):
        sections.append(_place_section(ctx, kind, name, rows.reset_index(drop=True), lang))
    if not sections:
        suggestions = search_options(ctx, text, lang)
        links = [html.Li(dcc.Link(o["label"], href=href(*(option_destination(ctx, o["value"]) or (PATH, {})), lang)))
                 for o in suggestions]
        return html.Div([title, html.P(html.Strong(t("Kein Ort mit diesem Namen gefunden.", lang))), html.P(t(HELP, lang)),
                         *([html.P(t("Ähnliche Treffer:", lang)), html.Ul(links)] if links else [])],
                        id=RESULTS, className="qm-search-page")
    # the map: the areas of every place found, at the finest level, coloured; the others faded
    finest = monitor.dataset.level_ids[0]
    members: dict[str, int] = {}
    labels: dict[str, str] = {}
    for row in places.itertuples():
        inside = monitor.descendants(row.area_id, finest) if row.level != finest else [row.area_id]
        for area_id in inside or [row.area_id]:
            members[area_id] = 1
            if row.kind != "alias":
                labels[area_id] = t("{share} der Adressen von {place}", lang, share=share_text(row.share, lang), place=row.name)
    if addresses and not len(places):
        members[addresses[0]["area_id"]] = 1
    focus = MapFocus(members=members, view=_bounds(ctx, list(members)) or ctx.geometry.bounds)
    hideout = dict(hideout_words({"classes": {a: 0 for a in members}, "colors": [COLOUR], "labels": labels,
                                  "key": f"suche:{text}", **focus.hideout()}, lang, label=t("Gefunden", lang), unit=""),
                   noDataLabel=t("außerhalb", lang))
    return html.Div([title, html.Div([
        html.Div(sections, className="qm-search-list"),
        html.Div(area_map(MAP, AREAS, ctx, finest, hideout, label=t("Karte der gefundenen Gebiete", lang)),
                 className="qm-map-wrap qm-search-map"),
    ], className="qm-search-body")], id=RESULTS, className="qm-search-page")
