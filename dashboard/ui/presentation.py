"""Presentation mode (projector) and the Sitzungsmappe: an ordered list of saved views, stepped through like slides.

The mode itself is client-side (assets/qm_presentation.js reads `?praesentation=1` on every view and
sets a body class; assets/qm_projector.css does the rest). This module holds what needs the server:
the Sitzungsmappe panel, validating every list that reaches the server (uploaded files, files shipped
with a dataset in data/<ds>/sitzungsmappen/, and the browser's own stored list, which a user can
edit), and writing the list as a small TOML file. The list itself lives only in the browser
(localStorage via dcc.Store): the server keeps no per-user state.
"""
from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from dash import (
    ALL,
    ClientsideFunction,
    Dash,
    Input,
    Output,
    State,
    dcc,
    html,
    no_update,
)
from dash import ctx as callback_context

from dashboard.i18n import language, t
from dashboard.ui import ids
from dashboard.ui.components import ViewContext

log = logging.getLogger(__name__)

# component ids (the JS in assets/qm_presentation.js uses the same strings)
TOGGLE = "qm-presentation-toggle"
MAPPE_TOGGLE = "qm-mappe-toggle"
PANEL = "qm-mappe-panel"
STORE = "qm-mappe"  # dcc.Store(storage_type="local"): localStorage key "qm-mappe"
ADD = "qm-mappe-add"
ADD_REQUEST = "qm-mappe-add-request"
START = "qm-mappe-start"
CLOSE = "qm-mappe-close"
CLEAR = "qm-mappe-clear"
SAVE = "qm-mappe-save"
DOWNLOAD = "qm-mappe-download"
UPLOAD = "qm-mappe-upload"
LIST = "qm-mappe-list"
TITLE = "qm-mappe-title"
MESSAGE = "qm-mappe-message"
SHIPPED = "qm-mappe-shipped"
UP, DOWN, REMOVE = "qm-mappe-up", "qm-mappe-down", "qm-mappe-remove"

FLAG = "praesentation"
GLOBAL_FLAGS = (FLAG,)  # page flags, not view state: never stored in a Sitzungsmappe
MAX_VIEWS = 50
MAX_TITLE = 200
MAX_URL = 2000
MAX_FILE_BYTES = 64 * 1024
MAX_SHIPPED_FILES = 20
DEFAULT_TITLE = "Sitzungsmappe"
# an in-app path: starts with one "/", then only letters, digits and a few separators
_PATH = re.compile(r"^/(?!/)[0-9A-Za-zÄÖÜäöüß_.~/-]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")


class MappeError(ValueError):
    """A Sitzungsmappe that cannot be used; the message (in the page language) says what to fix."""


@dataclass(frozen=True)
class SavedView:
    title: str
    url: str


@dataclass(frozen=True)
class Sitzungsmappe:
    title: str
    views: tuple[SavedView, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "views": [{"title": v.title, "url": v.url} for v in self.views]}


# -- validation (pure) -------------------------------------------------------------------------------------
def clean_url(url: Any, where: str = "", lang: str = "de") -> str:
    """A relative in-app URL (path and query), without the presentation flag; anything else raises MappeError."""
    prefix = f"{where}: " if where else ""
    if not isinstance(url, str) or not url.strip():
        raise MappeError(prefix + t("Die Adresse fehlt. Jede Ansicht braucht eine Adresse wie „/mehrfachbelastung?jahr=2023“.", lang))
    url = url.strip()
    shown = url if len(url) <= 80 else url[:77] + "…"
    if len(url) > MAX_URL:
        raise MappeError(prefix + t("Die Adresse ist länger als {max} Zeichen.", lang, max=MAX_URL))
    parts = urlsplit(url)
    if _CONTROL.search(url) or parts.scheme or parts.netloc or not _PATH.match(parts.path):
        raise MappeError(prefix + t("Die Adresse „{shown}“ ist keine Ansicht dieser Anwendung. Erlaubt sind nur Adressen "
                                    "innerhalb der Anwendung, die mit „/“ beginnen, z. B. „/mehrfachbelastung?jahr=2023“.",
                                    lang, shown=shown))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False) if k not in GLOBAL_FLAGS]
    return parts.path + ("?" + urlencode(query, safe=",:") if query else "")


def clean_text(text: Any, what: str, default: str | None = None, lang: str = "de") -> str:
    """`what` names the text in the message, already in lang ("Der Titel")."""
    if text is None and default is not None:
        return default
    if not isinstance(text, str):
        raise MappeError(t("{what} muss ein Text sein.", lang, what=what))
    text = " ".join(text.split())
    if len(text) > MAX_TITLE:
        raise MappeError(t("{what} ist länger als {max} Zeichen.", lang, what=what, max=MAX_TITLE))
    return text or (default or "")


def validate_mappe(data: Any, source: str | None = None, lang: str = "de") -> Sitzungsmappe:
    """Check a parsed Sitzungsmappe ({title, views: [{title, url}]}) and return it cleaned; MappeError otherwise.
    source names it in messages (in lang); by default "Die Sitzungsmappe"."""
    source = source or t("Die Sitzungsmappe", lang)
    if not isinstance(data, dict):
        raise MappeError(t("{source} hat nicht das erwartete Format: erwartet werden „title“ und eine Liste „views“.", lang,
                           source=source))
    title = clean_text(data.get("title"), t("{source}: Der Titel", lang, source=source), t(DEFAULT_TITLE, lang), lang)
    views = data.get("views")
    if views is None:
        views = []
    if not isinstance(views, list):
        raise MappeError(t("{source}: „views“ muss eine Liste von Ansichten sein.", lang, source=source))
    if len(views) > MAX_VIEWS:
        raise MappeError(t("{source} enthält {n} Ansichten; erlaubt sind höchstens {max}. "
                           "Bitte teilen Sie sie auf mehrere Sitzungsmappen auf.", lang, source=source, n=len(views), max=MAX_VIEWS))
    cleaned = []
    for number, view in enumerate(views, start=1):
        where = t("{source}, Ansicht {number}", lang, source=source, number=number)
        if not isinstance(view, dict):
            raise MappeError(t("{where}: erwartet werden „title“ und „url“.", lang, where=where))
        url = clean_url(view.get("url"), where, lang)
        cleaned.append(SavedView(clean_text(view.get("title"), t("{source}: Der Titel", lang, source=where), url, lang) or url, url))
    return Sitzungsmappe(title, tuple(cleaned))


def parse_mappe_file(filename: str, content: bytes, lang: str = "de") -> Sitzungsmappe:
    """A Sitzungsmappe from a TOML or JSON file (as saved by the panel or shipped with a dataset)."""
    name = Path(str(filename or t("Datei", lang))).name[:80]
    if len(content) > MAX_FILE_BYTES:
        raise MappeError(t("Die Datei „{name}“ ist größer als {kb} kB; eine Sitzungsmappe ist eine kleine Textdatei.", lang,
                           name=name, kb=MAX_FILE_BYTES // 1024))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappeError(t("Die Datei „{name}“ ist keine UTF-8-Textdatei.", lang, name=name)) from None
    if name.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MappeError(t("Die Datei „{name}“ ist kein gültiges JSON (Zeile {line}, Spalte {column}).", lang, name=name,
                               line=exc.lineno, column=exc.colno)) from None
    elif name.lower().endswith(".toml"):
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise MappeError(t("Die Datei „{name}“ ist kein gültiges TOML: {error}.", lang, name=name, error=exc)) from None
    else:
        raise MappeError(t("Die Datei „{name}“ hat keine bekannte Endung; erwartet wird .toml oder .json.", lang, name=name))
    mappe = validate_mappe(data, t("Die Datei „{name}“", lang, name=name), lang)
    if not mappe.views:
        raise MappeError(t("Die Datei „{name}“ enthält keine Ansichten.", lang, name=name))
    return mappe


def parse_upload(filename: str | None, contents: str | None, lang: str = "de") -> Sitzungsmappe:
    """The dcc.Upload data URL ("data:…;base64,…") decoded and parsed."""
    if not isinstance(contents, str) or "," not in contents:
        raise MappeError(t("Die Datei konnte nicht gelesen werden.", lang))
    payload = contents.split(",", 1)[1]
    if len(payload) > MAX_FILE_BYTES * 4 // 3 + 8:
        raise MappeError(t("Die Datei ist größer als {kb} kB; eine Sitzungsmappe ist eine kleine Textdatei.", lang,
                           kb=MAX_FILE_BYTES // 1024))
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise MappeError(t("Die Datei konnte nicht gelesen werden.", lang)) from None
    return parse_mappe_file(str(filename or ""), raw, lang)


def to_toml(mappe: Sitzungsmappe, lang: str = "de") -> str:
    """The Sitzungsmappe as TOML. JSON string escapes are valid TOML basic strings."""
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)
    lines = ["# " + t("Sitzungsmappe des Quartiersmonitors: Ansichten in der Reihenfolge der Präsentation.", lang),
             f"title = {q(mappe.title)}", ""]
    for view in mappe.views:
        lines += ["[[views]]", f"title = {q(view.title)}", f"url = {q(view.url)}", ""]
    return "\n".join(lines)


def file_name(mappe: Sitzungsmappe, lang: str = "de") -> str:
    slug = re.sub(r"[^0-9a-z]+", "-", mappe.title.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                  .replace("ß", "ss")).strip("-")[:60]
    return t("sitzungsmappe-{name}.toml", lang, name=slug or t("ansichten", lang))


def load_shipped(dataset_path: Path, lang: str = "de") -> tuple[dict[str, Sitzungsmappe], list[str]]:
    """Sitzungsmappen shipped with the dataset (sitzungsmappen/*.toml|*.json), by file stem; plus errors (in lang) for bad files."""
    folder = Path(dataset_path) / "sitzungsmappen"
    found: dict[str, Sitzungsmappe] = {}
    errors: list[str] = []
    if not folder.is_dir():
        return found, errors
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".toml", ".json") and p.is_file())
    for path in files[:MAX_SHIPPED_FILES]:
        try:
            found[path.stem] = parse_mappe_file(path.name, path.read_bytes(), lang)
        except MappeError as exc:
            errors.append(str(exc))
            log.warning("Sitzungsmappe %s übersprungen: %s", path, exc)
    return found, errors


def stored_mappe(data: Any, lang: str = "de") -> Sitzungsmappe:
    """The browser's stored list; a tampered or outdated one becomes an empty list (never an error page)."""
    try:
        return validate_mappe(data or {}, lang=lang)
    except MappeError:
        return Sitzungsmappe(t(DEFAULT_TITLE, lang), ())


# -- layout ------------------------------------------------------------------------------------------------
def header_buttons(lang: str = "de") -> html.Div:
    """The two header buttons; their behaviour (toggle mode, open panel) is in assets/qm_presentation.js, which
    reads the words it writes itself (toggle label, slide counter) from the data-* attributes of the toggle."""
    return html.Div([
        html.Button(t("Präsentation", lang), id=TOGGLE, className="qm-header-button", type="button",
                    title=t("Präsentationsmodus für Beamer (Pfeiltasten: nächste/vorige Ansicht, Esc: beenden)", lang),
                    **{"aria-pressed": "false", "data-label-start": t("Präsentation", lang),
                       "data-label-stop": t("Präsentation beenden", lang),
                       "data-slide": t("Folie {n} von {total}", lang),
                       "data-no-mappe": t("Keine Sitzungsmappe – Ansichten über „Sitzungsmappe“ sammeln", lang)}),
        html.Button(t("Sitzungsmappe", lang), id=MAPPE_TOGGLE, className="qm-header-button", type="button",
                    **{"aria-expanded": "false", "aria-controls": PANEL}),
    ], className="qm-presentation-buttons")


def panel(dataset_path: Path, lang: str = "de", public: bool = False) -> html.Section:
    """The Sitzungsmappe panel (hidden until opened); the list lives in the browser's localStorage.
    The public deployment takes no uploads: its decks are the shipped ones and those built in the page."""
    shipped, errors = load_shipped(dataset_path, lang)
    shipped_block: list = []
    if shipped or errors:
        shipped_block = [html.H3(t("Mitgelieferte Sitzungsmappen", lang), className="qm-mappe-subtitle"),
                         html.Ul([html.Li(html.Button(t("„{title}“ laden ({n} Ansichten)", lang, title=m.title, n=len(m.views)),
                                                      type="button", id={"type": SHIPPED, "index": stem}, className="qm-button",
                                                      n_clicks=0))
                                  for stem, m in shipped.items()], className="qm-mappe-shipped"),
                         *[html.P(e, className="qm-warning") for e in errors]]
    return html.Section(id=PANEL, className="qm-mappe-panel", hidden=True, role="dialog",
                        **{"aria-labelledby": f"{PANEL}-heading"}, children=[
        html.Div([html.H2(t("Sitzungsmappe", lang), id=f"{PANEL}-heading"),
                  html.Button(t("Schließen", lang), id=CLOSE, type="button", className="qm-button qm-mappe-close")],
                 className="qm-mappe-head"),
        html.P(t("Ansichten sammeln und in der Sitzung wie Folien zeigen: Pfeiltasten oder Bild auf/ab blättern, "
                 "Esc beendet die Präsentation.", lang), className="qm-hint"),
        html.Label(t("Titel der Sitzungsmappe", lang), htmlFor=TITLE, className="qm-label"),
        dcc.Input(id=TITLE, type="text", maxLength=MAX_TITLE, debounce=True, className="qm-mappe-title-input"),
        html.Ol(id=LIST, className="qm-mappe-list", **{"aria-live": "polite"}),
        html.Div(id=MESSAGE, className="qm-mappe-message", role="alert"),
        html.Div([
            html.Button(t("Aktuelle Ansicht hinzufügen", lang), id=ADD, type="button", className="qm-button", n_clicks=0),
            html.Button(t("Präsentation starten", lang), id=START, type="button", className="qm-button"),
            html.Button(t("Als Datei speichern", lang), id=SAVE, type="button", className="qm-button", n_clicks=0),
            None if public else dcc.Upload(html.Button(t("Datei laden", lang), type="button", className="qm-button", tabIndex="-1"),
                                           id=UPLOAD, accept=".toml,.json", max_size=MAX_FILE_BYTES, className="qm-mappe-upload",
                                           multiple=False),
            html.Button(t("Liste leeren", lang), id=CLEAR, type="button", className="qm-button", n_clicks=0),
        ], className="qm-mappe-actions"),
        *shipped_block,
        dcc.Download(id=DOWNLOAD),
        dcc.Store(id=STORE, storage_type="local"),
        dcc.Store(id=ADD_REQUEST),
    ])


def view_items(mappe: Sitzungsmappe, lang: str = "de") -> list:
    if not mappe.views:
        return [html.Li(t("Noch keine Ansichten. Öffnen Sie eine Ansicht und wählen Sie „Aktuelle Ansicht hinzufügen“.", lang),
                        className="qm-hint qm-mappe-empty")]
    last = len(mappe.views) - 1
    return [html.Li([
        html.A(view.title, href=view.url, className="qm-mappe-view"),
        html.Span(view.url, className="qm-mappe-url"),
        html.Span([
            html.Button("↑", id={"type": UP, "index": i}, type="button", className="qm-mappe-move", n_clicks=0,
                        disabled=i == 0, title=t("nach oben", lang),
                        **{"aria-label": t("„{title}“ nach oben", lang, title=view.title)}),
            html.Button("↓", id={"type": DOWN, "index": i}, type="button", className="qm-mappe-move", n_clicks=0,
                        disabled=i == last, title=t("nach unten", lang),
                        **{"aria-label": t("„{title}“ nach unten", lang, title=view.title)}),
            html.Button(t("Entfernen", lang), id={"type": REMOVE, "index": i}, type="button", className="qm-mappe-move", n_clicks=0,
                        **{"aria-label": t("„{title}“ entfernen", lang, title=view.title)}),
        ], className="qm-mappe-item-actions"),
    ], className="qm-mappe-item", **{"data-url": view.url}) for i, view in enumerate(mappe.views)]


def apply_action(mappe: Sitzungsmappe, action: str, index: int | None = None, view: dict | None = None,
                 lang: str = "de") -> Sitzungsmappe:
    """One edit of the list (add, up, down, remove, clear); MappeError for an invalid added view or a full list."""
    views = list(mappe.views)
    if action == "add":
        if len(views) >= MAX_VIEWS:
            raise MappeError(t("Die Sitzungsmappe enthält schon {max} Ansichten; mehr sind nicht möglich.", lang, max=MAX_VIEWS))
        url = clean_url((view or {}).get("url"), t("Aktuelle Ansicht", lang), lang)
        views.append(SavedView(clean_text((view or {}).get("title"), t("Der Titel der Ansicht", lang), url, lang)[:MAX_TITLE] or url,
                               url))
    elif action == "clear":
        views = []
    elif index is not None and 0 <= index < len(views):
        if action == "remove":
            del views[index]
        elif action == "up" and index > 0:
            views[index - 1], views[index] = views[index], views[index - 1]
        elif action == "down" and index < len(views) - 1:
            views[index + 1], views[index] = views[index], views[index + 1]
    return Sitzungsmappe(mappe.title, tuple(views))


# -- callbacks ---------------------------------------------------------------------------------------------
def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    shipped, _errors = load_shipped(ctx.monitor.dataset.path)
    public = ctx.settings.public
    upload_inputs = [] if public else [Input(UPLOAD, "contents"), State(UPLOAD, "filename")]
    buttons = {UP: "up", DOWN: "down", REMOVE: "remove"}

    @app.callback(
        Output(STORE, "data"), Output(LIST, "children"), Output(TITLE, "value"), Output(MESSAGE, "children"),
        Input(STORE, "data"), Input(ADD_REQUEST, "data"), Input(CLEAR, "n_clicks"),
        Input({"type": UP, "index": ALL}, "n_clicks"), Input({"type": DOWN, "index": ALL}, "n_clicks"),
        Input({"type": REMOVE, "index": ALL}, "n_clicks"), Input({"type": SHIPPED, "index": ALL}, "n_clicks"),
        Input(TITLE, "value"), *upload_inputs, State(ids.LANG, "data"),
    )
    def update_mappe(data, add_request, _clear, _up, _down, _remove, _shipped, title, *rest):
        """Every edit of the list goes through here, so the stored list is always a validated one."""
        upload, filename, lang = (None, None, rest[0]) if public else rest
        lang = language(lang)
        mappe = stored_mappe(data, lang)
        trigger = callback_context.triggered_id
        message: Any = ""
        try:
            if trigger == ADD_REQUEST and isinstance(add_request, dict):
                mappe = apply_action(mappe, "add", view=add_request, lang=lang)
                message = t("„{title}“ hinzugefügt.", lang, title=mappe.views[-1].title)
            elif trigger == CLEAR and _clear:
                mappe = apply_action(mappe, "clear")
            elif isinstance(trigger, dict) and trigger.get("type") in buttons:
                index = trigger.get("index")
                if not callback_context.triggered[0].get("value") or type(index) is not int:
                    return no_update, no_update, no_update, no_update  # buttons just rendered, not clicked
                mappe = apply_action(mappe, buttons[trigger["type"]], index=index, lang=lang)
            elif isinstance(trigger, dict) and trigger.get("type") == SHIPPED:
                stem = trigger.get("index")
                if not callback_context.triggered[0].get("value") or not isinstance(stem, str) or stem not in shipped:
                    return no_update, no_update, no_update, no_update
                mappe = shipped[stem]
                message = t("Sitzungsmappe „{title}“ geladen ({n} Ansichten).", lang, title=mappe.title, n=len(mappe.views))
            elif trigger == UPLOAD and upload:
                mappe = parse_upload(filename, upload, lang)
                message = t("Datei geladen: „{title}“ ({n} Ansichten).", lang, title=mappe.title, n=len(mappe.views))
            elif trigger == TITLE and title is not None:
                mappe = Sitzungsmappe(clean_text(title, t("Der Titel", lang), t(DEFAULT_TITLE, lang), lang), mappe.views)
        except MappeError as exc:
            message = html.Span(str(exc), className="qm-warning")
        stored = mappe.to_dict()
        return (stored if stored != data else no_update), view_items(mappe, lang), mappe.title, message

    app.clientside_callback(ClientsideFunction(namespace="qm_presentation", function_name="currentView"),
                            Output(ADD_REQUEST, "data"), Input(ADD, "n_clicks"), prevent_initial_call=True)

    @app.callback(Output(DOWNLOAD, "data"), Input(SAVE, "n_clicks"), State(STORE, "data"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def save_file(_clicks, data, lang):
        lang = language(lang)
        mappe = stored_mappe(data, lang)
        return {"content": to_toml(mappe, lang), "filename": file_name(mappe, lang), "type": "application/toml"}
