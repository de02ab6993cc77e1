"""The methodology page (/methodik): the public-facing version of docs/methods.md, generic for any dataset.

What the areas are, where the values come from, how shares are formed and carried to larger areas, how the map
classes are made, the dataset's burden rules and indices, estimates, the small-number rule and (in public mode)
disclosure control, rounding, "So lesen Sie die Karte", a short FAQ and the list of fact sheets. Every fact about the
data is read from the dataset (levels, attribution, rules, indices, indicator fields) and every rule text comes from
dashboard/present (the same sentences the views use), so the page and the app cannot disagree.
"""
from __future__ import annotations

import math
from typing import Any

from dash import Dash, dcc, html

from dashboard.i18n import format_number, t, tt
from dashboard.methods.indices import DYNAMIC_CLASSES, STATUS_CLASSES
from dashboard.present import (
    CLASSIFICATION_TEXTS,
    burden_rule_text,
    classification_text,
    criterion_labels,
    dynamic_class_text,
    index_method_text,
    level_in_sentence,
    standing_text,
    standing_wording,
    status_class_text,
)
from dashboard.ui.components import ViewContext, page_language, view_nav
from dashboard.urls import METHODOLOGY_PATH, href, indicator_href

PATHS = (METHODOLOGY_PATH,)
P = "method"
PAGE, READING, INDICATORS, FAQ = f"{P}-page", f"{P}-reading", f"{P}-indikatoren", f"{P}-faq"


def section(anchor: str, title: str, *children: Any) -> html.Section:
    return html.Section([html.H2(title, id=anchor), *children], className="qm-method-section")


# the colour families of the maps (methods/classify.PALETTE_BY_POLARITY: light to dark = more of the quantity)
COLOUR_TEXTS = {
    "higher_is_worse": "Gelb bis Rot: höhere Werte sind ungünstiger, je dunkler, desto ungünstiger – das gilt auch für "
                       "Klassen, deren höchste Nummer die ungünstigste ist.",
    "higher_is_better": "Gelb über Grün bis Blau: höhere Werte sind günstiger, je dunkler, desto günstiger.",
    "neutral": "Blau bis Violett: ohne Wertung, je dunkler, desto höher.",
}


def colour_texts(ctx: ViewContext, lang: str = "de") -> list[str]:
    """What the colours of this dataset's maps say, one sentence per colour family its indicators use."""
    used = {i.polarity for i in ctx.monitor.indicators()}
    out = [t(text, lang) for polarity, text in COLOUR_TEXTS.items() if polarity in used]
    if any(i.colors for i in ctx.monitor.indicators()) or ctx.monitor.dataset.indices:
        out.append(t("Karten mit eigenen Farben (etwa ein Index) erklären sie in ihrer Legende.", lang))
    return out


def example_standing(ctx: ViewContext, lang: str = "de") -> tuple[str, str, str] | None:
    """An example of the standing line as the map and the profiles write it (present.standing_text) for the smallest
    level's number of areas: with and without the rank, and its share ("ungünstiger als 85 % der übrigen
    Planungsräume (Rang 461 von 542)", "ungünstiger als 85 % der übrigen Planungsräume", "85"). None when no indicator
    of the mode is rated by its value (a polarity, not a class)."""
    monitor = ctx.monitor
    indicator = next((i for i in monitor.indicators() if standing_wording(i) == "value"), None)
    if indicator is None:
        return None
    finest = monitor.dataset.levels[0].id
    n = max(len(monitor.areas(finest)), 20)
    rank = math.ceil(0.85 * (n - 1)) + 1  # no ties: (rank - 1) of the n - 1 others are more favourable
    percent = (100 * (rank - 1)) // (n - 1)
    standing = {"side": "below", "percent": percent, "rank": rank, "n": n}
    levels = level_in_sentence(monitor.dataset, finest, lang, plural=True)
    return (standing_text(standing, indicator, levels, lang), standing_text(standing, indicator, levels, lang, rank=False),
            format_number(percent, 0, lang))


def reading(ctx: ViewContext, lang: str = "de") -> list:
    """So lesen Sie die Karte: five short points."""
    monitor = ctx.monitor
    finest = monitor.dataset.levels[0]
    points = [
        t("Jede Fläche ist ein Gebiet; die Farbe zeigt, in welcher Klasse sein Wert liegt. Die Legende sagt, welche Werte "
          "zu welcher Farbe gehören und ob höhere Werte günstiger oder ungünstiger sind.", lang),
        " ".join([t("Je dunkler die Farbe, desto höher der Wert oder die Klasse; ob das günstig ist, hängt vom Indikator ab "
                    "und steht unter dem Titel der Legende.", lang), *colour_texts(ctx, lang)]),
        t("Schraffierte oder blasse graue Flächen haben keinen Wert: zu wenige Einwohnerinnen und Einwohner, zu kleine "
          "Fallzahlen oder keine Daten.", lang),
        t("Fahren Sie über ein Gebiet (oder tippen Sie es an), um Namen und Wert zu sehen; ein Klick öffnet seine Kennzahlen "
          "und den Weg zum Gebietsprofil.", lang),
        t("Oben wählen Sie Indikator, Jahr und Gebietsebene (die kleinste: {level}). „Steckbrief“ in der Legende erklärt "
          "den Indikator.", lang, level=level_in_sentence(monitor.dataset, finest.id, lang, plural=True)),
    ]
    return [html.Ol([html.Li(p) for p in points], className="qm-method-reading")]


def areas(ctx: ViewContext, lang: str = "de") -> list:
    monitor = ctx.monitor
    dataset = monitor.dataset
    items = [html.Li(t("{n} {levels}", lang, n=format_number(len(monitor.areas(lv.id)), 0, lang),
                       levels=level_in_sentence(dataset, lv.id, lang, plural=True))) for lv in dataset.levels]
    names = [level_in_sentence(dataset, lv.id, lang) for lv in dataset.levels]
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
        *([html.P(t("Anteil und Rang („{example}“) vergleichen ein Gebiet mit den übrigen Gebieten derselben Ebene, die "
                    "im selben Jahr einen Wert in dieser Ansicht haben; gleiche Werte zählen zu keiner Seite, der Anteil ist "
                    "abgerundet. Klassen (z. B. ein Index) haben keinen Rang.", lang, example=example[0]))]
          if (example := example_standing(ctx, lang)) else []),
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
                    "einem Stichtag, die Dynamik ihre Veränderung in den Jahren davor. Die Klassen reichen beim Status von "
                    "{best} bis {worst}, bei der Dynamik von {rising} bis {falling}.", lang,
                    best=status_class_text(STATUS_CLASSES[0], lang), worst=status_class_text(STATUS_CLASSES[-1], lang),
                    rising=dynamic_class_text(DYNAMIC_CLASSES[0], lang), falling=dynamic_class_text(DYNAMIC_CLASSES[-1], lang)))]
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
    if len(estimated) == 1:
        out.append(html.P(t("Das betrifft in diesem Datensatz einen Indikator; wie genau, steht in seinem Steckbrief unter "
                            "„Einschränkungen“.", lang)))
    elif estimated:
        out.append(html.P(t("Das betrifft in diesem Datensatz {n} Indikatoren; wie genau, steht jeweils im Steckbrief unter "
                            "„Einschränkungen“.", lang, n=format_number(len(estimated), 0, lang))))
    return out


def population_rule_items(ctx: ViewContext, lang: str = "de") -> list[str]:
    """The dataset's minimum population and the indicators it does not apply to (Indicator.population_rule, the rule
    the Monitor's mask applies), each exception named by an indicator of this dataset."""
    indicators = ctx.monitor.indicators()
    counts = [i for i in indicators if not i.population_rule and i.kind == "count"]
    places = [i for i in indicators if not i.population_rule and i.kind != "count"]
    n = format_number(ctx.monitor.dataset.min_population, 0, lang)
    if not counts and not places:
        return [t("Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert („nicht bewertet“).", lang, n=n)]
    if len(counts) + len(places) == len(indicators):
        return [t("Die Werte dieses Datensatzes werden auch für Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern "
                  "gezeigt.", lang, n=n)]
    places.sort(key=lambda i: i.polarity == "neutral")  # a rated value of the place is the clearer example
    if counts and places:
        return [t("Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert („nicht bewertet“); "
                  "ausgenommen sind Anzahlen (z. B. „{count}“) und Werte, die den Ort beschreiben, nicht die Menschen "
                  "(z. B. „{place}“).", lang, n=n, count=counts[0].label(lang), place=places[0].label(lang))]
    if counts:
        return [t("Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert („nicht bewertet“); "
                  "ausgenommen sind Anzahlen (z. B. „{count}“).", lang, n=n, count=counts[0].label(lang))]
    return [t("Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert („nicht bewertet“); "
              "ausgenommen sind Werte, die den Ort beschreiben, nicht die Menschen (z. B. „{place}“).", lang, n=n,
              place=places[0].label(lang))]


def small_numbers(ctx: ViewContext, lang: str = "de") -> list:
    monitor = ctx.monitor
    dataset = monitor.dataset
    rules = [i for i in monitor.indicators() if i.min_denominator or i.min_numerator]
    items = population_rule_items(ctx, lang)
    if len(rules) == 1:
        items.append(t("Für einen Indikator gilt zusätzlich eine Mindestfallzahl oder ein Mindestnenner; sein Steckbrief "
                       "nennt sie.", lang))
    elif rules:
        items.append(t("Für {n} Indikatoren gilt zusätzlich eine Mindestfallzahl oder ein Mindestnenner; der Steckbrief "
                       "nennt ihn.", lang, n=format_number(len(rules), 0, lang)))
    out = [
        html.P(t("Kleine Zahlen können einzelne Personen erkennbar machen und schwanken zufällig stark. Deshalb gilt:", lang)),
        html.Ul([html.Li(item) for item in items]),
    ]
    if monitor.public:
        larger = (level_in_sentence(dataset, dataset.levels[-1].id, lang, plural=True) if len(dataset.levels) > 1
                  else t("Gesamtstadt", lang))
        out += [
            html.P(t("In dieser öffentlichen Ansicht kommt die Geheimhaltung hinzu: Es reicht nicht, einen kleinen Wert "
                     "wegzulassen, wenn er sich aus anderen errechnen ließe – etwa als Wert eines größeren Gebiets ({larger}) "
                     "minus die Werte seiner übrigen {smaller}, aus Summen von Gruppen oder aus Anzahl mal Anteil. Deshalb "
                     "werden, wo nötig, auch weitere Werte zurückgehalten, und eine Prüfung rechnet für jeden "
                     "zurückgehaltenen Wert nach, dass er sich aus allem Veröffentlichten nicht genau genug bestimmen "
                     "lässt.", lang, larger=larger,
                     smaller=level_in_sentence(dataset, dataset.levels[0].id, lang, plural=True))),
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


def uncertainty(ctx: ViewContext, lang: str = "de") -> list:
    """Intervals, clear versus random, borderline classes (docs/methods.md „Unsicherheit kleiner Zahlen“, „Grenzfälle“):
    what the reader needs to read a value of a small area, with this dataset's indicators that have an interval."""
    from dashboard.methods.borderline import resolve_distance
    from dashboard.ui.borderline import distance_text

    monitor = ctx.monitor
    with_interval = monitor.indicators_with_intervals()
    out = [
        html.P(t("In kleinen Gebieten schwanken Anteile stark zufällig: Von 30 Kindern sind 6 schon 20 %, 8 schon 27 %. "
                 "Deshalb steht bei Anteilen und Quoten, die aus Fallzahlen berechnet sind, ein 95-%-Intervall: der Bereich, "
                 "in dem der Wert ohne die zufällige Schwankung mit großer Sicherheit liegt. Je weniger Menschen, desto "
                 "breiter ist es.", lang)),
        html.P(t("Ein Unterschied zum übergeordneten Gebiet oder zur Gesamtstadt und eine Veränderung zwischen zwei Jahren "
                 "heißen „deutlich“, wenn sie sich mit einem statistischen Test (Signifikanzniveau 5 %) nicht durch Zufall "
                 "erklären lassen, sonst „im Rahmen zufälliger Schwankung“. Von vielen Gebieten, in denen sich in "
                 "Wahrheit nichts geändert hat, nennt der Test etwa jedes zwanzigste trotzdem „deutlich“: ein Hinweis, "
                 "kein Beweis.", lang)),
        html.P(t("„Grenzfall“ heißt: Der Wert liegt so nah an einer Klassengrenze (in diesem Datensatz höchstens {distance} "
                 "Standardabweichungen), dass eine kleine Änderung die Klasse wechseln würde.", lang,
                 distance=distance_text(resolve_distance(monitor.dataset.borderline_distance), lang))),
    ]
    if with_interval:
        out.append(html.P(t("In diesem Datensatz haben {n} Indikatoren ein Intervall; Werte ohne Fallzahlen (etwa "
                            "veröffentlichte Anteile ohne Zähler und Nenner) haben keines und werden nicht getestet.", lang,
                            n=format_number(len(with_interval), 0, lang))))
    else:
        out.append(html.P(t("In dieser Ansicht hat kein Indikator ein Intervall: Dazu müssten seine Fallzahlen "
                            "veröffentlicht sein.", lang)))
    if monitor.public:
        out.append(html.P(t("In der öffentlichen Ansicht werden Intervalle und Tests nur aus veröffentlichten Zahlen "
                            "berechnet, und nur dort, wo der Nenner (etwa die Einwohnerzahl) selbst veröffentlicht ist: "
                            "Die Breite eines Intervalls verriete sonst die Fallzahl.", lang)))
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
    example = example_standing(ctx, lang)
    pairs = [
        (t("Wie finde ich mein Gebiet?", lang),
         t("Geben Sie oben in die Suche den Namen oder die Nummer des Gebiets ein – je nach Datensatz auch Straße, Postleitzahl "
           "oder Ortsteil – oder klicken Sie auf der Karte hinein.", lang)),
        (t("Warum hat mein Gebiet keinen Wert?", lang),
         t("Entweder wohnen dort zu wenige Menschen, die Fallzahl ist zu klein, der Wert wird zum Schutz eines anderen Werts "
           "zurückgehalten, oder es gibt für dieses Jahr keine Daten. Siehe „Kleine Zahlen“ oben.", lang)),
        (t("Ist eine dunkle Farbe schlecht?", lang),
         " ".join([t("Nicht unbedingt – das sagt die Legende: Sie ordnet jeder Farbe Werte oder Klassen zu und nennt unter "
                     "ihrem Titel, was günstiger ist.", lang), *colour_texts(ctx, lang)])),
        *([(t("Was bedeutet „{example}“?", lang, example=example[1]),
            t("Von den übrigen Gebieten derselben Ebene mit einem Wert im selben Jahr haben mindestens {percent} % einen "
              "günstigeren Wert als dieses Gebiet. Es sagt, wo ein Gebiet im Vergleich steht, nicht wie groß der Abstand "
              "ist. Der Rang zählt vom günstigsten Wert aus: Rang 1 hat das günstigste Gebiet.", lang,
              percent=example[2]))] if example else []),
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
        section("unsicherheit", t("Zufall, Intervalle und Grenzfälle", lang), *uncertainty(ctx, lang)),
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
