"""The methodology page (/methodik): the public-facing version of docs/methods.md, generic for any dataset.

What the areas are, where the values come from, how shares are formed and carried to larger areas, how the map
classes are made, the dataset's burden rules and indices, estimates, the small-number rule and (in public mode)
disclosure control, rounding, "So lesen Sie die Karte", a short FAQ and the list of fact sheets. Every fact about the
data is read from the dataset (levels, attribution, rules, indices, indicator fields) and every rule text comes from
dashboard/present (the same sentences the views use), so the page and the app cannot disagree.
"""
from __future__ import annotations

from typing import Any

from dash import Dash, dcc, html

from dashboard.i18n import format_number, plural, t, tt
from dashboard.present import (
    CLASSIFICATION_TEXTS,
    burden_rule_text,
    classification_text,
    criterion_labels,
    index_method_text,
)
from dashboard.ui.components import ViewContext, page_language, view_nav
from dashboard.urls import METHODOLOGY_PATH, href, indicator_href

PATHS = (METHODOLOGY_PATH,)
P = "method"
PAGE, READING, INDICATORS, FAQ = f"{P}-page", f"{P}-reading", f"{P}-indikatoren", f"{P}-faq"


def section(anchor: str, title: str, *children: Any) -> html.Section:
    return html.Section([html.H2(title, id=anchor), *children], className="qm-method-section")


def reading(ctx: ViewContext, lang: str = "de") -> list:
    """So lesen Sie die Karte: five short points."""
    monitor = ctx.monitor
    finest = monitor.dataset.levels[0]
    points = [
        t("Jede Fläche ist ein Gebiet; die Farbe zeigt, in welcher Klasse sein Wert liegt. Die Legende sagt, welche Werte "
          "zu welcher Farbe gehören und ob höhere Werte günstiger oder ungünstiger sind.", lang),
        t("Dunklere Farben bedeuten in der Regel höhere Werte. Ob das gut oder schlecht ist, hängt vom Indikator ab – siehe die Zeile "
          "unter dem Titel der Legende.", lang),
        t("Schraffierte oder blasse graue Flächen haben keinen Wert: zu wenige Einwohnerinnen und Einwohner, zu kleine "
          "Fallzahlen oder keine Daten.", lang),
        t("Fahren Sie über ein Gebiet (oder tippen Sie es an), um Namen und Wert zu sehen; ein Klick öffnet seine Kennzahlen "
          "und den Weg zum Gebietsprofil.", lang),
        t("Oben wählen Sie Indikator, Jahr und Gebietsebene (die kleinste: {level}). „Steckbrief“ in der Legende erklärt "
          "den Indikator.", lang, level=plural(finest.label_de, finest.label_en, lang)),
    ]
    return [html.Ol([html.Li(p) for p in points], className="qm-method-reading")]


def areas(ctx: ViewContext, lang: str = "de") -> list:
    monitor = ctx.monitor
    dataset = monitor.dataset
    items = [html.Li(t("{n} {levels}", lang, n=format_number(len(monitor.areas(lv.id)), 0, lang),
                       levels=plural(lv.label_de, lv.label_en, lang))) for lv in dataset.levels]
    names = [lv.label(lang) for lv in dataset.levels]
    return [
        html.P(t("Die Stadt ist in Gebiete auf mehreren Ebenen gegliedert, von der kleinsten zur größten: {chain}. Jedes "
                 "Gebiet gehört zu genau einem Gebiet der nächsthöheren Ebene; darüber steht die Gesamtstadt.", lang,
                 chain=" < ".join(names))),
        html.Ul(items),
    ]


def sources(ctx: ViewContext, lang: str = "de") -> list:
    dataset = ctx.monitor.dataset
    return [
        html.P([html.Strong(t("Quellenangabe", lang) + ": "), dataset.attribution_for(lang)]),
        html.P([html.Strong(t("Lizenz", lang) + ": "), dataset.license_for(lang), " · ",
                html.Strong(t("Datenstand", lang) + ": "), dataset.release]),
        html.P(t("Die Quelle, der Stichtag und die genaue Definition jedes Indikators stehen in seinem Steckbrief.", lang)),
    ]


def aggregation(ctx: ViewContext, lang: str = "de") -> list:
    monitor = ctx.monitor
    used = {i.aggregation for i in monitor.indicators()}
    items = []
    if "ratio_of_sums" in used:
        items.append(html.Li(t("Anteile und Quoten werden aus Zähler und Nenner gebildet (z. B. Personen mit einem Merkmal "
                               "je 100 Einwohnerinnen und Einwohner). Für größere Gebiete werden Zähler und Nenner der "
                               "kleineren Gebiete addiert und dann geteilt – nicht die Anteile gemittelt. So zählt jede "
                               "Person gleich viel.", lang)))
    if "sum" in used:
        items.append(html.Li(t("Anzahlen (z. B. Einwohnerinnen und Einwohner) werden für größere Gebiete addiert.", lang)))
    if "weighted_mean" in used:
        items.append(html.Li(t("Wo keine Zählwerte vorliegen (z. B. Messwerte), ist der Wert eines größeren Gebiets das nach "
                               "der Einwohnerzahl gewichtete Mittel der kleineren Gebiete – eine Näherung; die Karte "
                               "kennzeichnet sie.", lang)))
    if "none" in used:
        items.append(html.Li(t("Einige Werte gibt es nur so, wie die Quelle sie je Ebene veröffentlicht; sie werden nicht "
                               "umgerechnet.", lang)))
    return [html.Ul(items)]


def classes(ctx: ViewContext, lang: str = "de") -> list:
    used = [m for m in CLASSIFICATION_TEXTS if any(i.classification == m for i in ctx.monitor.indicators())]
    return [
        html.P(t("Die Karte teilt die Werte eines Jahres und einer Ebene in wenige Klassen, jede mit einer Farbe. Verwendet "
                 "werden:", lang)),
        html.Ul([html.Li(classification_text(m, lang)) for m in used]),
        html.P(t("Bei Quantilen liegen in jeder Klasse etwa gleich viele Gebiete; die Klassen sagen also, wo ein Gebiet im "
                 "Vergleich steht, nicht ob ein Wert hoch im Sinne eines Zielwerts ist. Indikatoren, die schon als Klassen "
                 "geliefert werden (z. B. ein Index), behalten die Klassen der Quelle.", lang)),
        html.P(t("Anteil und Rang („ungünstiger als 85 % der übrigen Gebiete, Rang 456 von 536“) vergleichen ein Gebiet mit "
                 "den übrigen Gebieten derselben Ebene, die im selben Jahr einen Wert in dieser Ansicht haben; gleiche Werte "
                 "zählen zu keiner Seite, der Anteil ist abgerundet. Klassen (z. B. ein Index) haben keinen Rang.", lang)),
    ]


def burden(ctx: ViewContext, lang: str = "de") -> list:
    monitor = ctx.monitor
    rules = monitor.burden_rules()
    if not rules:
        return []
    out = [html.P(t("Die Mehrfachbelastung zählt, in wie vielen Indikatoren ein Gebiet zu den belasteten gehört. Der Datensatz "
                    "legt die Regeln fest:", lang))]
    for rule in rules:
        out.append(html.P(burden_rule_text(rule, lang, criterion_labels(rule, lang, monitor.indicator))))
    return [section("mehrfachbelastung", t("Mehrfachbelastung", lang), *out)]


def indices(ctx: ViewContext, lang: str = "de") -> list:
    monitor = ctx.monitor
    definitions = [d for d in monitor.dataset.indices if monitor.index_definition(d.id) is not None]
    if not definitions:
        return []
    out = [html.P(t("Ein Index fasst mehrere Indikatoren zu einer Einstufung zusammen. Der Status beschreibt die Lage zu "
                    "einem Stichtag, die Dynamik ihre Veränderung in den Jahren davor. Status 1 (hoch) ist die günstigste, "
                    "Status 4 (sehr niedrig) die ungünstigste Klasse; Dynamik positiv ist günstig, negativ ungünstig.", lang))]
    for definition in definitions:
        out.append(html.P(index_method_text(definition, lang, monitor.indicator)))
    out.append(html.P(t("„z-Wert“ heißt: der Abstand eines Werts vom Mittelwert aller bewerteten Gebiete, gemessen in "
                        "Standardabweichungen. So werden Indikatoren mit verschiedenen Einheiten vergleichbar.", lang)))
    return [section("index", t("Status- und Dynamik-Index", lang), *out)]


def estimates(ctx: ViewContext, lang: str = "de") -> list:
    estimated = [i for i in ctx.monitor.indicators() if i.estimate_note or i.aggregation == "weighted_mean"]
    out = [html.P(t("Manche Werte sind Schätzungen, etwa wenn Gebietsgrenzen geändert wurden und ältere Werte auf die neuen "
                    "Gebiete übertragen sind, oder wenn ein größeres Gebiet aus einem Mittelwert gebildet wird. Karte, "
                    "Tooltip und Tabellen kennzeichnen sie („Schätzung“, ≈); Zeitreihen zeichnen sie gepunktet und "
                    "verbinden sie nicht mit gemessenen Werten.", lang))]
    if estimated:
        out.append(html.P(t("Das betrifft in diesem Datensatz {n} Indikatoren; wie genau, steht jeweils im Steckbrief unter "
                            "„Einschränkungen“.", lang, n=format_number(len(estimated), 0, lang))))
    return out


def small_numbers(ctx: ViewContext, lang: str = "de") -> list:
    monitor = ctx.monitor
    rules = [i for i in monitor.indicators() if i.min_denominator or i.min_numerator]
    out = [
        html.P(t("Kleine Zahlen können einzelne Personen erkennbar machen und schwanken zufällig stark. Deshalb gilt:", lang)),
        html.Ul([
            html.Li(t("Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert („nicht bewertet“); "
                      "ausgenommen sind Werte, die den Ort beschreiben, nicht die Menschen (z. B. Lärm).", lang,
                      n=format_number(monitor.dataset.min_population, 0, lang))),
            html.Li(t("Für {n} Indikatoren gilt zusätzlich eine Mindestfallzahl oder ein Mindestnenner; der Steckbrief nennt "
                      "ihn.", lang, n=format_number(len(rules), 0, lang))),
        ]),
    ]
    if monitor.public:
        out += [
            html.P(t("In dieser öffentlichen Ansicht kommt die Geheimhaltung hinzu: Es reicht nicht, einen kleinen Wert "
                     "wegzulassen, wenn er sich aus anderen errechnen ließe – etwa als Bezirkswert minus die Werte der übrigen "
                     "Teilgebiete, aus Summen von Gruppen oder aus Anzahl mal Anteil. Deshalb werden, wo nötig, auch "
                     "weitere Werte zurückgehalten, und eine Prüfung rechnet für jeden zurückgehaltenen Wert nach, dass er sich "
                     "aus allem Veröffentlichten nicht genau genug bestimmen lässt.", lang)),
            html.P(t("Zurückgehaltene Werte erscheinen überall gleich: „keine Angabe (geringe Fallzahl)“. Ob ein Wert wegen "
                     "seiner eigenen kleinen Zahl oder zum Schutz eines anderen fehlt, wird nicht gesagt – sonst ließe sich "
                     "der geschützte Wert eingrenzen.", lang)),
            html.P(t("Nicht zur Veröffentlichung bestimmte Indikatoren werden in dieser Ansicht nicht angeboten.", lang)),
        ]
    else:
        out.append(html.P(t("In dieser internen Ansicht sind solche Werte sichtbar und gekennzeichnet; sie dürfen nicht "
                            "weitergegeben werden. Die öffentliche Ansicht hält sie und alle Werte, aus denen sie sich "
                            "errechnen ließen, zurück.", lang)))
    return out


def rounding(ctx: ViewContext, lang: str = "de") -> list:
    decimals = sorted({i.decimals for i in ctx.monitor.indicators()})
    text = t("Jeder Indikator hat eine feste Zahl von Nachkommastellen (in diesem Datensatz {decimals}); so wird er überall "
             "gezeigt. Liegt ein Wert genau auf der Mitte, wird zur geraden Ziffer gerundet.", lang,
             decimals=", ".join(format_number(d, 0, lang) for d in decimals))
    out = [html.P(text)]
    if ctx.monitor.public:
        out.append(html.P(t("In der öffentlichen Ansicht wird schon auf dem Server gerundet: ungerundete Anteile verrieten sonst "
                            "die Fallzahlen, aus denen sie berechnet sind. Summen und Differenzen gerundeter Werte können "
                            "deshalb um eine Einheit der letzten Stelle abweichen.", lang)))
    return out


def faq(ctx: ViewContext, lang: str = "de") -> list:
    monitor = ctx.monitor
    finest = monitor.dataset.levels[0]
    levels = plural(finest.label_de, finest.label_en, lang)
    pairs = [
        (t("Wie finde ich mein Gebiet?", lang),
         t("Geben Sie oben in die Suche den Namen oder die Nummer des Gebiets ein – je nach Datensatz auch Straße, Postleitzahl "
           "oder Ortsteil – oder klicken Sie auf der Karte hinein.", lang)),
        (t("Warum hat mein Gebiet keinen Wert?", lang),
         t("Entweder wohnen dort zu wenige Menschen, die Fallzahl ist zu klein, der Wert wird zum Schutz eines anderen Werts "
           "zurückgehalten, oder es gibt für dieses Jahr keine Daten. Siehe „Kleine Zahlen“ oben.", lang)),
        (t("Ist eine dunkle Farbe schlecht?", lang),
         t("Nicht unbedingt. Dunkel heißt „hoher Wert“. Die Zeile unter dem Titel der Legende sagt, ob hohe Werte günstig, "
           "ungünstig oder ohne Wertung sind.", lang)),
        (t("Was bedeutet „ungünstiger als 85 % der übrigen {levels}“?", lang, levels=levels),
         t("Von den übrigen {levels} mit einem Wert im selben Jahr haben mindestens 85 % einen günstigeren Wert als dieses "
           "Gebiet. Es sagt, wo ein Gebiet im Vergleich steht, nicht wie groß der Abstand ist.", lang, levels=levels)),
        (t("Warum passen Summen nicht genau?", lang),
         t("Werte werden gerundet gezeigt, und zurückgehaltene Werte fehlen in jeder Summe. Werte größerer Gebiete werden aus den "
           "ungerundeten Zählwerten berechnet.", lang)),
        (t("Was heißt „Schätzung“?", lang),
         t("Der Wert wurde nicht so gemessen, sondern übertragen oder gemittelt – etwa nach einer Änderung der Gebietsgrenzen. "
           "Der Steckbrief des Indikators sagt, wie.", lang)),
        (t("Darf ich die Daten weiterverwenden?", lang),
         t("Ja, unter der Lizenz des Datensatzes ({license}) und mit der Quellenangabe unten auf jeder Seite.", lang,
           license=monitor.dataset.license_for(lang))),
    ]
    return [html.Div([html.Details([html.Summary(q), html.P(a)], className="qm-faq-item") for q, a in pairs], id=FAQ)]


def indicator_list(ctx: ViewContext, lang: str = "de") -> list:
    """Every indicator the mode shows, by dimension, each linked to its fact sheet."""
    monitor = ctx.monitor
    by_dimension: dict[str, list] = {}
    for indicator in monitor.indicators():
        by_dimension.setdefault(indicator.dimension, []).append(indicator)
    out = []
    for dimension in monitor.dataset.dimension_order(by_dimension):
        out += [html.H3(tt(dimension, lang)),
                html.Ul([html.Li(dcc.Link(i.label(lang), href=indicator_href(i.id, lang))) for i in by_dimension[dimension]],
                        className="qm-method-indicators")]
    return out


def layout(ctx: ViewContext, params: dict[str, Any]) -> html.Div:
    lang = page_language(params)
    body = [
        section("lesen", t("So lesen Sie die Karte", lang), *reading(ctx, lang)),
        section("gebiete", t("Gebiete", lang), *areas(ctx, lang)),
        section("quellen", t("Daten und Quellen", lang), *sources(ctx, lang)),
        section("berechnung", t("Anteile, Quoten und größere Gebiete", lang), *aggregation(ctx, lang)),
        section("klassen", t("Farben und Klassen der Karte", lang), *classes(ctx, lang)),
        *burden(ctx, lang),
        *indices(ctx, lang),
        section("schaetzungen", t("Schätzungen", lang), *estimates(ctx, lang)),
        section("kleine-zahlen", t("Kleine Zahlen und Geheimhaltung", lang), *small_numbers(ctx, lang)),
        section("rundung", t("Rundung", lang), *rounding(ctx, lang)),
        section("fragen", t("Häufige Fragen", lang), *faq(ctx, lang)),
        section("indikatoren", t("Alle Indikatoren", lang), *indicator_list(ctx, lang)),
    ]
    contents = [(s.children[0].id, s.children[0].children) for s in body]
    return html.Div(id=PAGE, className="qm-method-page", children=[
        view_nav("", lang),
        html.Article(className="qm-method", children=[
            html.H1(t("Methodik und Fragen", lang)),
            html.P(t("Wie die Werte entstehen, was die Karte zeigt und was sie nicht zeigt – für {dataset}.", lang,
                     dataset=ctx.monitor.dataset.title_for(lang)), className="qm-method-lead"),
            html.Nav(html.Ul([html.Li(html.A(title, href=f"#{anchor}")) for anchor, title in contents]),
                     className="qm-method-contents", **{"aria-label": t("Inhalt", lang)}),
            *body,
            html.P(dcc.Link(t("zur Karte", lang), href=href("/", None, lang)), className="qm-method-nav"),
        ]),
    ])


def register_callbacks(app: Dash, ctx: ViewContext) -> None:
    """A static page: no callbacks."""
