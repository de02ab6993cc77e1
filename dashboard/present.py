"""The one presentation step: language-neutral results (numbers, codes, breaks, dates) to text.

The Monitor and the methods return data only; every word and every formatted number a user reads
is made here or by the views from these functions, in the page language. Numbers and dates are
formatted by Babel (dashboard.i18n.format_number / format_date); words come from the catalogue
(dashboard.i18n.t, German text as key).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dashboard.catalog import CITY_LEVEL
from dashboard.i18n import format_date, format_number, format_percent_points, t, tt
from dashboard.methods.indices import DYNAMIC_SIGNS
from dashboard.methods.values import is_missing

if TYPE_CHECKING:  # only for annotations
    from dashboard.catalog import Indicator
    from dashboard.methods.burden import BurdenRule
    from dashboard.methods.indices import IndexDefinition


# -- legends --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LegendEntry:
    """One legend row as data: a colour and what it stands for.

    kind: "range" (lower/upper; `first` = the lowest class, closed below), "category" (code of a class
    indicator), "count" (a burden count; code = the count), "withheld" (geringe Fallzahl /
    Geheimhaltung), "not_rated" (burden or index not rated), "no_data"."""

    color: str
    kind: str
    lower: float | None = None
    upper: float | None = None
    code: Any = None
    first: bool = False
    hatched: bool = False
    outlined: bool = False  # the map draws these areas with a dashed black outline (the burden map from k on)


@dataclass(frozen=True)
class LegendRow:
    color: str
    label: str
    hatched: bool = False
    outlined: bool = False


FIXED_LEGEND_TEXTS = {
    "withheld": "keine Angabe (geringe Fallzahl)",
    "not_rated": "nicht bewertet",
    "no_data": "keine Daten",
}


def legend_rows(entries: Iterable[LegendEntry], lang: str = "de", indicator: Indicator | None = None,
                min_count: int | None = None) -> list[LegendRow]:
    """The legend entries as rows with their label in lang."""
    return [LegendRow(e.color, legend_label(e, lang, indicator, min_count), e.hatched, e.outlined) for e in entries]


def legend_label(entry: LegendEntry, lang: str = "de", indicator: Indicator | None = None, min_count: int | None = None) -> str:
    if entry.kind == "range":
        decimals = indicator.decimals if indicator is not None else 1
        lower, upper = format_number(entry.lower, decimals, lang), format_number(entry.upper, decimals, lang)
        return f"{lower} – {upper}" if entry.first else f"> {lower} – {upper}"
    if entry.kind == "category":
        return category_text(indicator, entry.code, lang) if indicator is not None else str(entry.code)
    if entry.kind == "count":
        return burden_count_label(int(entry.code), min_count or 0, lang)
    return t(FIXED_LEGEND_TEXTS[entry.kind], lang)


def category_text(indicator: Indicator, code: Any, lang: str = "de") -> str:
    """A class value with its label: "3 niedrig (ungünstig)"; the bare code when it has no label. A label that starts
    with a code of its own ("2+/- (Status mittel, Dynamik stabil)" for the stored 23) is shown alone: the stored
    number means nothing to a reader."""
    key = category_code(code)
    labels = indicator.category_labels(lang)
    label = labels.get(key)
    if not label:
        return key
    return tt(label, lang) if OWN_CODE.match(label) else f"{key} {tt(label, lang)}"


def shown_code(indicator: Indicator, code: Any, lang: str = "de") -> str:
    """The code a legend row starts with: the stored code, or the label's own ("1+" for the stored 11)."""
    key = category_code(code)
    label = indicator.category_labels(lang).get(key) or ""
    own = OWN_CODE.match(label)
    return own.group(0)[:-1] if own else key


OWN_CODE = re.compile(r"\d[\d+\-/±]*[ (]")  # a label that starts with its own class code, e.g. "1+ (…)", "2+/- (…)"


def category_code(code: Any) -> str:
    """A class value as its code in the registry: 3.0 -> "3", "2+" -> "2+"."""
    if isinstance(code, float) and code.is_integer():
        return str(int(code))
    return str(code)


POLARITY_TEXTS = {"higher_is_worse": "höhere Werte = ungünstiger", "higher_is_better": "höhere Werte = günstiger"}
NEUTRAL_TEXT = "ohne Wertung"


def polarity_text(indicator: Indicator, lang: str = "de") -> str:
    """What the direction of an indicator means, in words that fit its kind: for values "höhere Werte = ungünstiger";
    for a class indicator its best and worst class ("Klasse 1 am günstigsten, Klasse 4 am ungünstigsten"), as "höhere
    Werte" would contradict a "1 hoch" that is the good class. A class is named by the code the legend shows."""
    if indicator.polarity not in POLARITY_TEXTS:
        return t(NEUTRAL_TEXT, lang)
    codes = list(indicator.category_labels(lang))
    if indicator.kind == "class" and len(codes) >= 2:
        best, worst = (codes[0], codes[-1]) if indicator.polarity == "higher_is_worse" else (codes[-1], codes[0])
        return t("Klasse {best} am günstigsten, Klasse {worst} am ungünstigsten", lang,
                 best=shown_code(indicator, best, lang), worst=shown_code(indicator, worst, lang))
    return t(POLARITY_TEXTS[indicator.polarity], lang)


def small_number_texts(monitor: Any, indicator: Indicator, lang: str = "de") -> list[str]:
    """The small-number rule of one indicator as sentences: its minimum numerator and denominator, the dataset's
    minimum population, and in public mode what disclosure control adds (docs/methods.md, „Geheimhaltung“).
    monitor: anything with `dataset` and `public` (the Monitor)."""
    out = []
    if indicator.min_denominator:
        denominator = indicator.text("denominator_label", lang) or t("Bezugsgröße", lang)
        out.append(t("Werte, deren Nenner ({denominator}) kleiner als {n} ist, werden nicht gezeigt.", lang,
                     denominator=denominator, n=format_number(indicator.min_denominator, 0, lang)))
    if indicator.min_numerator:
        out.append(t("Werte, die auf 1 bis unter {n} Fällen beruhen, werden nicht gezeigt.", lang,
                     n=format_number(indicator.min_numerator, 0, lang)))
    if indicator.population_rule:  # the rule Monitor._mask applies
        out.append(t("Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert (nicht bewertet).", lang,
                     n=format_number(monitor.dataset.min_population, 0, lang)))
    elif indicator.kind == "count":
        out.append(t("Als Anzahl wird der Indikator auch für Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern "
                     "gezeigt.", lang, n=format_number(monitor.dataset.min_population, 0, lang)))
    else:
        out.append(t("Der Indikator beschreibt den Ort, nicht die Menschen: er wird auch für Gebiete mit wenigen "
                     "Einwohnerinnen und Einwohnern gezeigt.", lang))
    if monitor.public and indicator.kind == "class":
        out.append(t("In dieser öffentlichen Ansicht werden außerdem Werte zurückgehalten, aus denen sich ein zurückgehaltener "
                     "Wert erschließen ließe. Welche Werte das betrifft, steht in der Karte als „keine Angabe (geringe "
                     "Fallzahl)“.", lang))
    elif monitor.public:
        out.append(t("In dieser öffentlichen Ansicht werden außerdem Werte zurückgehalten, aus denen sich ein zurückgehaltener "
                     "Wert errechnen ließe (etwa als Differenz zwischen einem Gebiet und seinen Teilgebieten), und alle Werte "
                     "werden auf {decimals} Nachkommastellen gerundet veröffentlicht. Welche Werte das betrifft, steht in der "
                     "Karte als „keine Angabe (geringe Fallzahl)“.", lang, decimals=format_number(indicator.decimals, 0, lang)))
    return out


CLASSIFICATION_TEXTS = {
    "quantiles": "Quantile (gleich viele Gebiete je Klasse)",
    "equal_interval": "gleiche Intervalle",
    "fisher_jenks": "natürliche Brüche (Fisher-Jenks)",
    "std_mean": "Standardabweichung um den Mittelwert",
    "categorical": "Klassen laut Quelle",
}


def classification_text(method: str, lang: str = "de") -> str:
    """How the classes were formed, e.g. "Quantile (gleich viele Gebiete je Klasse)"."""
    return t(CLASSIFICATION_TEXTS[method], lang) if method in CLASSIFICATION_TEXTS else method


# -- map tooltips (assets/qm_map.js reads these words from the hideout) -----------------------------------
MAP_WORDS = {
    "suppressedLabel": "keine Angabe (geringe Fallzahl)",
    "noDataLabel": "keine Daten",
    "estimateLabel": "Schätzung",
    "withheldInternalLabel": "geringe Fallzahl (nur intern)",
}


def hideout_words(hideout: Mapping[str, Any], lang: str, label: str, unit: str, not_rated: str | None = None) -> dict[str, Any]:
    """A colouring (language-neutral, from the Monitor) with its tooltip words and number format in lang:
    the indicator's label and unit, and the words for withheld, missing and estimated values.
    not_rated: the word for areas that are not rated (burden and index maps) instead of "geringe Fallzahl"."""
    out = dict(hideout, locale="en-GB" if lang == "en" else "de-DE", label=label, unit=unit)
    for key, text in MAP_WORDS.items():
        if key == "withheldInternalLabel" and not out.get("withheld"):
            continue  # withheld values reach the hideout only internally: no internal wording in public responses
        out[key] = t(text, lang)
    if not_rated is not None:
        out["suppressedLabel"] = t(not_rated, lang)
    return out


# -- multiple burden -----------------------------------------------------------------------------------
def burden_count_label(count: int, min_count: int, lang: str = "de") -> str:
    """Legend text of one burden count, e.g. "3 Belastungen (mehrfach belastet, ab 3)"."""
    text = t("{n} Belastung" if count == 1 else "{n} Belastungen", lang, n=count)
    return text + (t(" (mehrfach belastet, ab {k})", lang, k=min_count) if count == min_count else "")


CRITERION_TEXT = {
    "class": "Klasse {value} (hoch)",
    "quantile": "unter den ungünstigsten {pct} % der Gebiete",
    "zscore": "mindestens {value} Standardabweichungen ungünstiger als der Mittelwert",
    "threshold": "ungünstiger als der Schwellenwert {value}",
}


def _plain(value: float, lang: str) -> str:
    """A parameter as written in a rule: no trailing zeros (3, 0,25, 1,5)."""
    decimals = next((d for d in range(0, 7) if abs(round(value, d) - value) < 1e-9), 6)
    return format_number(value, decimals, lang, grouping=False)


def criterion_labels(rule: BurdenRule, lang: str, indicator_of: Callable[[str], Indicator | None]) -> dict[str, str]:
    """Indicator id -> the name of each criterion of a burden rule in lang: the rule's own (German) label,
    in English the indicator's English label (indicator_of: e.g. Monitor.indicator)."""
    labels = {}
    for c in rule.criteria:
        indicator = indicator_of(c.indicator_id)
        if lang != "de" and indicator is not None:
            labels[c.indicator_id] = indicator.label(lang)
        else:
            labels[c.indicator_id] = c.label or (indicator.label_de if indicator is not None else c.indicator_id)
    return labels


def burden_cut_text(rule: BurdenRule, lang: str = "de") -> str:
    """The cut of a rule in a few words when all its criteria share one ("je Kriterium Klasse 3 (hoch)"),
    else that each criterion keeps its own."""
    cuts = {(c.rule, c.value) for c in rule.criteria}
    if len(cuts) != 1:
        return t("Schnitt je Kriterium wie in der Regel festgelegt", lang)
    cut, value = next(iter(cuts))
    return t("je Kriterium: {cut}", lang,
             cut=t(CRITERION_TEXT[cut], lang, value=_plain(value, lang), pct=_plain(value * 100, lang)))


def _left_out(rule: BurdenRule, base: BurdenRule, labels: Mapping[str, str] | None) -> list[str]:
    """The names of the criteria of `base` a scenario leaves out."""
    used = {c.indicator_id for c in rule.criteria}
    return [(labels or {}).get(c.indicator_id) or c.label or c.indicator_id for c in base.criteria if c.indicator_id not in used]


def burden_rule_name(rule: BurdenRule, lang: str = "de", labels: Mapping[str, str] | None = None,
                     base: BurdenRule | None = None) -> str:
    """What a rule is called in titles and downloads. A rule of the dataset: its label. A scenario derived
    from `base` is described by what it rates - the criteria used (and left out) and the cut - never by the
    label of the rule it came from ("fünf Kernindikatoren" would be wrong for four).
    labels: indicator id -> label in lang (criterion_labels)."""
    if base is None or rule == base:
        return tt(rule.label, lang)
    left = _left_out(rule, base, labels)
    if left:
        criteria = t("{n} von {total} Kriterien (ohne {left})", lang, n=len(rule.criteria), total=len(base.criteria),
                     left=", ".join(left))
    else:
        criteria = t("alle {n} Kriterien", lang, n=len(rule.criteria))
    return f"{criteria}, {burden_cut_text(rule, lang)}"


def burden_rule_text(rule: BurdenRule, lang: str = "de", labels: Mapping[str, str] | None = None,
                     base: BurdenRule | None = None) -> str:
    """The rule in plain words ("Wie wurde das berechnet?"); a scenario derived from `base` also names the
    criteria it leaves out.

    labels: indicator id -> label in lang (the criteria carry the German labels)."""
    parts = []
    for c in rule.criteria:
        text = t(CRITERION_TEXT[c.rule], lang, value=_plain(c.value, lang), pct=_plain(c.value * 100, lang))
        label = (labels or {}).get(c.indicator_id) or c.label or c.indicator_id
        parts.append(f"{label}: {text}")
    kind = t("Offizielle Regel" if rule.official else "Szenario (nicht die offizielle Regel)", lang)
    if base is None or rule == base:
        return t("{kind} „{rule}“: Ein Gebiet gilt je Indikator als belastet, wenn {criteria}. Die Mehrfachbelastung ist "
                 "die Zahl der belasteten Indikatoren; ab {min_count} gilt ein Gebiet als mehrfach belastet. Gebiete ohne "
                 "Wert für einen Indikator werden für diesen nicht bewertet.", lang,
                 kind=kind, rule=tt(rule.label, lang), criteria="; ".join(parts), min_count=rule.min_count)
    left = _left_out(rule, base, labels)
    text = t("{kind}: Ein Gebiet gilt je Indikator als belastet, wenn {criteria}. Die Mehrfachbelastung ist die Zahl der "
             "belasteten Indikatoren; ab {min_count} gilt ein Gebiet als mehrfach belastet. Gebiete ohne Wert für einen "
             "Indikator werden für diesen nicht bewertet.", lang, kind=kind, criteria="; ".join(parts), min_count=rule.min_count)
    if left:
        text += " " + t("Nicht berücksichtigt: {left}.", lang, left=", ".join(left))
    return text


# -- status/dynamics index ---------------------------------------------------------------------------------
STATUS_TEXTS = {1: "hoch", 2: "mittel", 3: "niedrig", 4: "sehr niedrig"}
DYNAMIC_TEXTS = {1: "positiv", 2: "stabil", 3: "negativ"}


def status_text(code: int, lang: str = "de") -> str:
    """A status class in words: 1 hoch … 4 sehr niedrig."""
    return t(STATUS_TEXTS[int(code)], lang)


# What a class of the computed index means for the people there - the one place the app says it (the index legend,
# the method text, /methodik read it). 1 hoch is the favourable class: the lowest mean of indicators where higher is
# worse (methods/indices.py). A dataset's published class indicators label their classes in its registry (Berlin's
# MSS_STATUS/MSS_DYNAMIK in the same words; tests/integration/test_explain_pages.py holds them together).
STATUS_MEANINGS = {1: "günstig", 3: "ungünstig", 4: "sehr ungünstig"}
DYNAMIC_MEANINGS = {1: "günstig", 3: "ungünstig"}


def status_class_text(code: int, lang: str = "de") -> str:
    """A status class with its number and what it means: "1 hoch (günstig)", "2 mittel", "4 sehr niedrig (sehr ungünstig)"."""
    text = f"{int(code)} {status_text(code, lang)}"
    meaning = STATUS_MEANINGS.get(int(code))
    return f"{text} ({t(meaning, lang)})" if meaning else text


def dynamic_text(code: int, lang: str = "de") -> str:
    """A dynamics class in words: 1 positiv, 2 stabil, 3 negativ."""
    return t(DYNAMIC_TEXTS[int(code)], lang)


def dynamic_class_text(code: int, lang: str = "de") -> str:
    """A dynamics class with what it means: "positiv (günstig)", "stabil", "negativ (ungünstig)"."""
    meaning = DYNAMIC_MEANINGS.get(int(code))
    return f"{dynamic_text(code, lang)} ({t(meaning, lang)})" if meaning else dynamic_text(code, lang)


def index_class_text(code: str, lang: str = "de") -> str:
    """A combined status/dynamics class with its words: "3- (Status niedrig, Dynamik negativ)"."""
    dynamic = next(d for d, sign in DYNAMIC_SIGNS.items() if code[1:] == sign)
    return t("{code} (Status {status}, Dynamik {dynamic})", lang, code=code, status=status_text(int(code[0]), lang),
             dynamic=dynamic_text(dynamic, lang))


def index_method_text(definition: IndexDefinition, lang: str = "de", indicator_of: Callable[[str], Indicator | None] | None = None) -> str:
    """The index method in plain words, for "Wie wurde das berechnet?"; the indicators by their labels when
    `indicator_of` (e.g. Monitor.indicator) is given, else by their ids."""
    c1, c2, c3 = (_plain(c, lang) for c in definition.status_cuts)
    d1, d2 = (_plain(d, lang) for d in definition.dynamic_cuts)
    return t(
        "{label}: Bewertet werden nur Gebiete mit mindestens {min_population} Einwohnerinnen und Einwohnern. "
        "Jeder Statusindikator ({status}) wird über alle bewerteten Gebiete vergleichbar gemacht (z-standardisiert: "
        "Abstand vom Mittelwert in Standardabweichungen), diese z-Werte werden gemittelt und der Mittelwert erneut "
        "standardisiert. Status: unter {c1} = {s1}, {c1} bis {c2} = {s2}, über {c2} bis {c3} = {s3}, über {c3} = {s4}. "
        "Dynamik ebenso aus den Veränderungen ({dynamic}): unter {d1} {y1}, {d1} bis {d2} {y2}, über {d2} {y3}. Fehlt "
        "einem Jahrgang ein Indikator, wird er ausgelassen.", lang,
        **{f"s{c}": status_class_text(c, lang) for c in STATUS_TEXTS}, **{f"y{c}": dynamic_class_text(c, lang) for c in DYNAMIC_TEXTS},
        label=tt(definition.label, lang), min_population=format_number(definition.min_population, 0, lang),
        status=", ".join(_named(definition.status_indicators, lang, indicator_of)),
        dynamic=", ".join(_named(definition.dynamic_indicators, lang, indicator_of)),
        c1=c1, c2=c2, c3=c3, d1=d1, d2=d2)


def _named(indicator_ids, lang: str, indicator_of) -> list[str]:
    """Indicator ids as their labels in lang (ids where no lookup is given or the indicator is not visible)."""
    found = [(indicator_of(i) if indicator_of else None) for i in indicator_ids]
    return [ind.label(lang) if ind is not None else i for i, ind in zip(indicator_ids, found)]


# -- change between two years (the change map; LegendEntry kind "change": code = class 0..6, lower/upper its bounds) --
CHANGE_CLASS_TEXTS = ("unter {b0}", "{b0} bis unter {b1}", "{b1} bis unter {b2}", "{b2} bis {b3} (etwa unverändert)",
                      "über {b3} bis {b4}", "über {b4} bis {b5}", "über {b5}")
CHANGE_FIXED_TEXTS = {
    "withheld": "keine Angabe (geringe Fallzahl) in einem der Jahre",
    "no_data": "keine Daten in einem der Jahre",
}


def change_label(entry: LegendEntry, decimals: int, lang: str = "de") -> str:
    """Legend text of a change class, bounds signed ("−1,5 bis unter −0,5"), or of the withheld/no-data rows."""
    if entry.kind != "change":
        return t(CHANGE_FIXED_TEXTS[entry.kind], lang)
    klass = int(entry.code)
    bounds = {f"b{klass - 1}": entry.lower, f"b{klass}": entry.upper}  # class k lies between bound k-1 and bound k
    return t(CHANGE_CLASS_TEXTS[klass], lang,
             **{key: format_percent_points(value, decimals, lang) for key, value in bounds.items() if value is not None})


# -- area profile (dashboard/ui/profile.py and its downloads; dashboard/reports/profile.py gives the data) --------
SUPPRESSED_TEXT = FIXED_LEGEND_TEXTS["withheld"]  # "keine Angabe (geringe Fallzahl)"
SUPPRESSED_INTERNAL_TEXT = "geringe Fallzahl – nur intern, nicht veröffentlichen"
ESTIMATE_TEXT = MAP_WORDS["estimateLabel"]  # "Schätzung"
CITY_LEVEL_TEXT = "Gesamtstadt"


def level_label(dataset: Any, level: str, lang: str = "de") -> str:
    """A level id in words: the dataset's level label, "Gesamtstadt" for the city level, else the id."""
    if level == CITY_LEVEL:
        return t(CITY_LEVEL_TEXT, lang)
    return dataset.level(level).label(lang) if level in dataset.level_ids else level


def value_text(value: float | None, unit: str, decimals: int, lang: str = "de") -> str:
    """A value with its unit ("50,7 %"); "–" for a missing value."""
    if is_missing(value):
        return "–"
    return f"{format_number(value, decimals, lang)} {unit}".strip()


def indicator_value_text(indicator: Indicator, value: float | None, lang: str = "de") -> str:
    """A value of an indicator as readers see it: a class with its meaning ("2 mittel (…)"), else the number with
    its unit ("50,7 %"); "–" for a missing value. The one rule for the profile's cells and the map's panel."""
    if is_missing(value):
        return "–"
    if indicator.kind == "class" and indicator.categories:
        return category_text(indicator, value, lang)
    return value_text(value, indicator.text("unit", lang), indicator.decimals, lang)


def signed_text(value: float | None, unit: str, decimals: int, lang: str = "de") -> str:
    """A difference, signed with a true minus ("+1,2 Pp.", "−0,5 dB(A)", "±0,0 Pp."); "–" for a missing value."""
    if is_missing(value):
        return "–"
    return f"{format_percent_points(value, decimals, lang)} {unit}".strip()


def diff_unit_text(indicator: Indicator, lang: str = "de") -> str:
    """The unit of a difference: percentage points for shares, else the indicator's unit."""
    return t("Prozentpunkte", lang) if indicator.unit == "%" else indicator.text("unit", lang)  # not "Pp.": a word for insiders


def localized_figures(figures: Any, lang: str, indicator_of: Callable[[str], Indicator | None]) -> Any:
    """The profile's key figures (reports/profile.key_figures, data only) with their texts in lang: label,
    dimension, zielbereich, unit, diff_unit and stichtag (the indicator's reference date for the row's year).
    indicator_of: e.g. Monitor.indicator."""
    out = figures.copy()
    if out.empty:
        for column in ("label", "zielbereich", "unit", "diff_unit", "stichtag"):
            out[column] = []
        return out
    indicators = [indicator_of(i) for i in out["indicator_id"]]
    out["label"] = [ind.label(lang) for ind in indicators]
    out["dimension"] = [tt(d, lang) for d in out["dimension"]]
    out["zielbereich"] = [ind.text("zielbereich", lang) for ind in indicators]
    out["unit"] = [ind.text("unit", lang) for ind in indicators]
    out["diff_unit"] = [diff_unit_text(ind, lang) for ind in indicators]
    out["stichtag"] = [ind.reference_date(int(year), lang) for ind, year in zip(indicators, out["year"])]
    return out


def marker_texts(row: Mapping[str, Any], public: bool, indicator: Indicator, lang: str = "de") -> list[str]:
    """The notes on one key figure (a row of key_figures): withheld, estimate, threshold breached, target missed."""
    out = []
    if row["suppressed"]:
        out.append(t(SUPPRESSED_TEXT if public else SUPPRESSED_INTERNAL_TEXT, lang))
    if row["estimate"]:
        out.append(t(ESTIMATE_TEXT, lang))
    unit, decimals = indicator.text("unit", lang), indicator.decimals
    if row["threshold_breached"]:
        limit = value_text(row["threshold"], unit, decimals, lang)
        out.append(t("unterschreitet den Schwellenwert ({limit})", lang, limit=limit) if indicator.polarity == "higher_is_better"
                   else t("überschreitet den Schwellenwert ({limit})", lang, limit=limit))
    if row["target_missed"]:
        out.append(t("Zielwert {target} nicht erreicht", lang, target=value_text(row["target"], unit, decimals, lang)))
    return out


# a quantitative strength/weakness: (side, the area's value above/below the city's) -> sentence
ASSESSMENT_SENTENCES = {
    ("strength", "above"): "Der Wert für „{label}“ liegt mit {value}{note} deutlich über dem Wert der Gesamtstadt ({city}); "
                           "das Gebiet gehört damit zum günstigsten Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).",
    ("strength", "below"): "Der Wert für „{label}“ liegt mit {value}{note} deutlich unter dem Wert der Gesamtstadt ({city}); "
                           "das Gebiet gehört damit zum günstigsten Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).",
    ("weakness", "above"): "Der Wert für „{label}“ liegt mit {value}{note} deutlich über dem Wert der Gesamtstadt ({city}); "
                           "das Gebiet gehört damit zum ungünstigsten Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).",
    ("weakness", "below"): "Der Wert für „{label}“ liegt mit {value}{note} deutlich unter dem Wert der Gesamtstadt ({city}); "
                           "das Gebiet gehört damit zum ungünstigsten Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).",
}
# a quantitative strength/weakness where the city has no value: rated by the rank alone (reports/profile.assess,
# basis "distribution"; docs/methods.md, „Stärken und Schwächen im Gebietsprofil“)
DISTRIBUTION_SENTENCES = {
    "strength": "Der Wert für „{label}“ liegt mit {value}{note} im günstigsten Fünftel der Gebiete dieser Ebene: günstiger "
                "als in {percent} % der übrigen (Rang {rank} von {n}, Stand {year}; ohne Wert der Gesamtstadt, nach der "
                "Verteilung bewertet).",
    "weakness": "Der Wert für „{label}“ liegt mit {value}{note} im ungünstigsten Fünftel der Gebiete dieser Ebene: ungünstiger "
                "als in {percent} % der übrigen (Rang {rank} von {n}, Stand {year}; ohne Wert der Gesamtstadt, nach der "
                "Verteilung bewertet).",
}
# a quantitative strength/weakness by the city rule where the difference could not be tested (no counts): no "deutlich",
# which names the test's verdict (docs/methods.md, „Stärken und Schwächen im Gebietsprofil“)
UNTESTED_SENTENCES = {
    "strength": "Der Wert für „{label}“ liegt mit {value}{note} {relation} ({city}); das Gebiet gehört damit zum günstigsten "
                "Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).",
    "weakness": "Der Wert für „{label}“ liegt mit {value}{note} {relation} ({city}); das Gebiet gehört damit zum ungünstigsten "
                "Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).",
}
# the rank rule's candidate whose difference to the city lies within random variation (reports/profile.random_differences)
RANDOM_SENTENCES = {
    "strength": "Der Wert für „{label}“ liegt mit {value}{note} {relation} ({city}) und im günstigsten Fünftel der Gebiete "
                "dieser Ebene (Rang {rank} von {n}, Stand {year}), aber der Unterschied zur Gesamtstadt liegt im Rahmen "
                "zufälliger Schwankung (95-%-Intervall des Gebiets: {lower} bis {upper}).",
    "weakness": "Der Wert für „{label}“ liegt mit {value}{note} {relation} ({city}) und im ungünstigsten Fünftel der Gebiete "
                "dieser Ebene (Rang {rank} von {n}, Stand {year}), aber der Unterschied zur Gesamtstadt liegt im Rahmen "
                "zufälliger Schwankung (95-%-Intervall des Gebiets: {lower} bis {upper}).",
}
RELATION_TEXT = {"above": "über dem Wert der Gesamtstadt", "below": "unter dem Wert der Gesamtstadt"}
TESTED_NOTE = "Der Unterschied ist deutlich: Der Wert der Gesamtstadt liegt außerhalb des 95-%-Intervalls des Gebiets ({lower} bis {upper})."
UNTESTED_NOTE = "Nicht auf zufällige Schwankung geprüft (ohne Fallzahlen kein Intervall)."
UNTESTED_REFERENCE_NOTE = "Nicht auf zufällige Schwankung geprüft (kein Wert der Gesamtstadt)."
SINCE_SENTENCES = {  # the change since the previous year of the trend (reports/profile.change_since)
    ("clear", "up"): "Seit {since} deutlich gestiegen ({change}; 95-%-Intervall {low} bis {high}).",
    ("clear", "down"): "Seit {since} deutlich gesunken ({change}; 95-%-Intervall {low} bis {high}).",
    ("random", None): "Die Veränderung seit {since} ({change}) liegt im Rahmen zufälliger Schwankung.",
}
# a class indicator in its most/least favourable class
CLASS_SENTENCES = {
    "strength": "Die Einstufung „{label}“ ist „{name}“ (Klasse {code} von {n}, die günstigste Klasse; Stand {year}){note}.",
    "weakness": "Die Einstufung „{label}“ ist „{name}“ (Klasse {code} von {n}, die ungünstigste Klasse; Stand {year}){note}.",
}


def assessment_text(item: Mapping[str, Any], indicator: Indicator, lang: str = "de") -> str:
    """A strength or weakness (an item of reports/profile.assess) as a sentence in lang."""
    label = indicator.label(lang)
    note = f" ({t(ESTIMATE_TEXT, lang)})" if item["estimate"] else ""
    if item["kind"] == "class":
        code = item["code"]
        number = format_number(code, 0, lang)
        name = indicator.category_labels(lang).get(str(int(code)), number) if code == int(code) else number
        return t(CLASS_SENTENCES[item["side"]], lang, label=label, name=name, code=int(code), n=item["n"], year=item["year"],
                 note=note)
    unit, decimals = indicator.text("unit", lang), indicator.decimals
    words = {"label": label, "note": note, "rank": item["rank"], "n": item["n"], "year": item["year"],
             "value": value_text(item["value"], unit, decimals, lang)}
    if item.get("basis") == "distribution":
        # the share of the other areas the value is worse (weakness) or better (strength) than, rounded down:
        # never more than the ranks say
        position = item["position"] if item["side"] == "weakness" else 1 - item["position"]
        # share: the strict count of reports/profile.assess (ties count neither way), as the standing line says
        percent = format_number(item["share"] if "share" in item else int(100 * position + 1e-9), 0, lang)
        text = t(DISTRIBUTION_SENTENCES[item["side"]], lang, percent=percent, **words)
        return " ".join([text, t(UNTESTED_NOTE if not item.get("counts") else UNTESTED_REFERENCE_NOTE, lang), *_since(item, indicator, lang)])
    city = value_text(item["city"], unit, decimals, lang)
    bounds = {"lower": value_text(item.get("lower"), unit, decimals, lang), "upper": value_text(item.get("upper"), unit, decimals, lang)}
    test = item.get("test", "clear")  # an item made before the test (no key) reads as today
    if test == "random":
        text = t(RANDOM_SENTENCES[item["side"]], lang, relation=t(RELATION_TEXT[item["direction"]], lang), city=city, **bounds, **words)
    elif test == "clear":
        text = t(ASSESSMENT_SENTENCES[item["side"], item["direction"]], lang, city=city, **words)
        if item.get("counts"):
            text += " " + t(TESTED_NOTE, lang, **bounds)
    else:
        text = " ".join([t(UNTESTED_SENTENCES[item["side"]], lang, relation=t(RELATION_TEXT[item["direction"]], lang), city=city,
                           **words), t(UNTESTED_NOTE, lang)])
    return " ".join([text, *_since(item, indicator, lang)])


def _since(item: Mapping[str, Any], indicator: Indicator, lang: str) -> list[str]:
    """The sentence on the change since the previous year of the trend, where it was tested (reports/profile.change_since)."""
    since = item.get("since")
    if not since:
        return []
    unit, decimals = diff_unit_text(indicator, lang), indicator.decimals
    key = ("clear", "up" if since["change"] > 0 else "down") if since["test"] == "clear" else ("random", None)
    return [t(SINCE_SENTENCES[key], lang, since=since["year"], change=signed_text(since["change"], unit, decimals, lang),
              low=format_percent_points(since["low"], decimals, lang), high=signed_text(since["high"], unit, decimals, lang))]


# -- percentile and rank (dashboard/methods/rank.py; docs/methods.md „Perzentil und Rang“; added by "ranking") -----------
# side of methods/rank.standings -> sentence, per wording: "value" (an indicator with polarity), "neutral" (ranked by
# size); class indicators get none (methods/rank.py says why)
STANDING_SENTENCES = {
    ("value", "above"): "günstiger als {percent} % der übrigen {levels}",
    ("value", "below"): "ungünstiger als {percent} % der übrigen {levels}",
    ("value", "middle"): "je {percent} % der übrigen {levels} mit günstigerem und mit ungünstigerem Wert",
    ("neutral", "above"): "höher als {percent} % der übrigen {levels}",
    ("neutral", "below"): "niedriger als {percent} % der übrigen {levels}",
    ("neutral", "middle"): "je {percent} % der übrigen {levels} mit höherem und mit niedrigerem Wert",
}
STANDING_RANK_TEXT = "Rang {rank} von {n}"


def standing_wording(indicator: Indicator) -> str | None:
    """Which sentences fit the indicator: "neutral", "value", or None (a class indicator: no standing)."""
    if indicator.kind == "class":
        return None
    return "neutral" if indicator.polarity == "neutral" else "value"


def level_in_sentence(dataset: Any, level: str, lang: str = "de", plural: bool = False) -> str:
    """A level's name inside running text, singular or plural: "Planungsraum", "Planungsräume"; in English a common
    noun in lower case ("planning area", "planning areas"; an initial acronym such as "LOR area" stays). The one way
    every sentence, list item and link names a level (headings and table heads use Level.label). "" for an id that is
    not a level of the dataset."""
    from dashboard.i18n import plural as plural_of

    if level not in dataset.level_ids:
        return ""
    spec = dataset.level(level)
    text = plural_of(spec.label_de, spec.label_en, lang) if plural else spec.label(lang)
    if lang == "en" and not text[1:2].isupper():
        text = text[:1].lower() + text[1:]
    return text


def levels_in_sentence(dataset: Any, level: str, lang: str = "de") -> str:
    """A level's plural inside a sentence: "Planungsräume", "planning areas" (level_in_sentence, plural)."""
    return level_in_sentence(dataset, level, lang, plural=True)


def standing_text(standing: Mapping[str, Any] | None, indicator: Indicator, levels: str, lang: str = "de",
                  rank: bool = True) -> str:
    """An area's standing (a row of Monitor.standings) in words: "ungünstiger als 85 % der übrigen Planungsräume
    (Rang 499 von 536)"; rank=False leaves the rank out. "" when there is none (withheld, no value, n < 2)."""
    wording = standing_wording(indicator)
    if standing is None or wording is None:
        return ""
    parts = []
    side, percent = standing.get("side"), standing.get("percent")
    if side in ("above", "below", "middle") and not is_missing(percent):
        parts.append(t(STANDING_SENTENCES[wording, side], lang, percent=format_number(int(percent), 0, lang), levels=levels))
    if rank and not is_missing(standing.get("rank")):
        text = t(STANDING_RANK_TEXT, lang, rank=format_number(int(standing["rank"]), 0, lang),
                 n=format_number(int(standing["n"]), 0, lang))
        parts.append(f"({text})" if parts else text)
    return " ".join(parts)


def standing_texts(table: Any, indicator: Indicator, levels: str, lang: str = "de") -> dict[str, str]:
    """standing_text of every area of a Monitor.standings table, by area id (the map tooltip's line: hideout.standing,
    which assets/qm_map.js only shows); areas without one are left out."""
    if standing_wording(indicator) is None or table is None or not len(table):
        return {}
    texts = {str(area): standing_text(row, indicator, levels, lang) for area, row in table.to_dict("index").items()}
    return {area: text for area, text in texts.items() if text}


# -- the extra layers: facilities, funding areas (Förderkulissen), measures -------------------------------------
# Tooltip lines of the map overlays (dashboard/overlays.py `lines`) and the wording of the profile's Teil II sections.
CAPACITY_TEXT = "Kapazität"  # a facility layer's capacity without its own label ("Plätze")
KULISSE_CONTEXT_LABEL = "Kontext"  # after the name of a context layer in the overlay checklist
KULISSE_CONTEXT_TEXT = "Kontext, keine Förderkulisse"  # what a context layer is (tooltip, profile, exports)
MEASURES_CREDIT = "Maßnahmen: {source}"
MEASURES_CREDIT_NO_SOURCE = "Maßnahmen der Fachplanung"
NOT_PUBLIC_TEXT = "nicht öffentlich"


def _present(value: Any) -> bool:
    return value is not None and not is_missing(value) and value != ""


def capacity_line(capacity: Any, label: str, lang: str = "de") -> str:
    """A facility's capacity in a tooltip: 'Plätze: 120' (the layer's label, else 'Kapazität'); '' without one."""
    if not _present(capacity):
        return ""
    return f"{label or t(CAPACITY_TEXT, lang)}: {format_number(float(capacity), 0, lang)}"


def facility_lines(category: Any, capacity: Any, capacity_label: str, address: Any, lang: str = "de") -> list[str]:
    """A facility point's tooltip lines under its name: category, capacity, address (those it has)."""
    return [line for line in (category if isinstance(category, str) else "", capacity_line(capacity, capacity_label, lang),
                              address if isinstance(address, str) else "") if line]


def kulisse_overlay_label(label: str, context_only: bool, lang: str = "de") -> str:
    """A funding-area layer's name in the overlay checklist and legend; a context layer says so."""
    return f"{label} ({t(KULISSE_CONTEXT_LABEL, lang)})" if context_only else label


def kulisse_lines(layer_label: str, context_only: bool, in_force: Any, lang: str = "de") -> list[str]:
    """A funding-area feature's tooltip lines under its name: the layer (a context layer: that it is no funding
    area) and, where known, the date it is in force since (ISO text as stored)."""
    from datetime import date

    lines = [f"{layer_label} – {t(KULISSE_CONTEXT_TEXT, lang)}" if context_only else layer_label]
    if isinstance(in_force, str) and in_force:
        lines.append(t("in Kraft seit {date}", lang, date=format_date(date.fromisoformat(in_force[:10]), lang)))
    return lines


def period_text(begin: Any, end: Any, lang: str = "de") -> str:
    """A measure's period from its stored begin/end (year, YYYY-MM or ISO date): '2023–2025', 'ab 03/2024',
    'bis 31.12.2025' or ''."""
    from datetime import date

    def one(value: Any) -> str:
        if not isinstance(value, str) or not value:
            return ""
        parts = value.split("-")
        if len(parts) == 3:
            return format_date(date(*map(int, parts)), lang)
        if len(parts) == 2:
            return f"{parts[1]}/{parts[0]}"
        return value

    first, last = one(begin), one(end)
    if first and last:
        return first if first == last else f"{first}–{last}"
    if first:
        return t("ab {begin}", lang, begin=first)
    if last:
        return t("bis {end}", lang, end=last)
    return ""


def relation_text(relation: str, via_name: str, lang: str = "de") -> str:
    """Where a measure applies, seen from the profile's area (dashboard/measures.py RELATIONS)."""
    if relation == "parent":
        return t("im übergeordneten Gebiet {name}", lang, name=via_name)
    if relation == "child":
        return t("im Teilgebiet {name}", lang, name=via_name)
    return t("in diesem Gebiet", lang)


def measure_lines(row: Mapping[str, Any], hidden: bool, lang: str = "de") -> list[str]:
    """A measure's tooltip lines under its title: lead, period, status, and 'nicht öffentlich' where `hidden`
    (internal mode, a row not marked public)."""
    return [line for line in (
        t("Federführung: {lead}", lang, lead=row["lead"]) if row.get("lead") else "",
        t("Zeitraum: {period}", lang, period=period_text(row["begin"], row["end"], lang)) if (row.get("begin") or row.get("end")) else "",
        t("Status: {status}", lang, status=tt(row["status"], lang)) if row.get("status") else "",
        t(NOT_PUBLIC_TEXT, lang) if hidden else "",
    ) if line]


def measures_credit(source: str, lang: str = "de") -> str:
    """The measures overlay's credit line in the map's attribution."""
    return t(MEASURES_CREDIT, lang, source=source) if source else t(MEASURES_CREDIT_NO_SOURCE, lang)


# -- why did the class change? (issue 17 part 4: reports/profile.class_change, Monitor.index_change/burden_change) --
CHANGE_PART_NAMES = {"status": "Statusindex", "dynamic": "Dynamikindex"}
CHANGE_HEADS = {  # (part, direction) -> the sentence's head; a higher index is the unfavourable side (methods/indices.py)
    ("status", 1): "Der Statusindex stieg seit {von} von {before} auf {after}",
    ("status", -1): "Der Statusindex sank seit {von} von {before} auf {after}",
    ("status", 0): "Der Statusindex blieb seit {von} bei {after}",
    ("dynamic", 1): "Der Dynamikindex stieg seit {von} von {before} auf {after}",
    ("dynamic", -1): "Der Dynamikindex sank seit {von} von {before} auf {after}",
    ("dynamic", 0): "Der Dynamikindex blieb seit {von} bei {after}",
}
CHANGE_MEANINGS = {"status": "höherer Wert = niedrigerer sozialer Status", "dynamic": "höherer Wert = ungünstigere Entwicklung"}
CHANGE_DECIMALS = 2  # index values and contributions in the sentence and the panel


def change_part_label(part: str, indicator_of: Callable[[str], Indicator | None], lang: str = "de") -> str:
    """A part of an index decomposition in words: the indicator's label without a trailing "(…)" note (computed
    dynamics "ΔA1": "Veränderung <label>"), or "Neustandardisierung" for methods.indices.RESTANDARDISATION."""
    from dashboard.methods.indices import RESTANDARDISATION

    if part == RESTANDARDISATION:
        return t("Neustandardisierung", lang)
    computed = part.startswith("Δ")
    indicator = indicator_of(part[1:] if computed else part)
    label = re.sub(r"\s*\([^()]*\)$", "", indicator.label(lang)) if indicator is not None else part
    return t("Veränderung {label}", lang, label=label) if computed else label


def class_words(part: str, code: int | None, lang: str = "de") -> str:
    """A status class "2 mittel" / "3 niedrig (ungünstig)" or a dynamics class "negativ (ungünstig)"; "–" without one."""
    if code is None:
        return "–"
    return status_class_text(code, lang) if part == "status" else dynamic_class_text(code, lang)


def index_change_text(entry: Mapping[str, Any], indicator_of: Callable[[str], Indicator | None], lang: str = "de",
                      drivers: int = 2) -> str:
    """One sentence that explains an area's index change (an "index" entry of reports/profile.class_change): the
    direction and what it means, the classes, the largest contributions with the change's sign, the largest one
    against it, the re-standardisation and indicators that left or joined the index. Contributions that round to zero
    are left out."""
    part, digits = entry["part"], CHANGE_DECIMALS
    name = t(CHANGE_PART_NAMES[part], lang)
    if entry.get("reason") in ("only_before", "only_after"):
        year = entry["before"] if entry["reason"] == "only_before" else entry["after"]
        return t("{name}: keine Zerlegung, das Gebiet ist nur in der Ausgabe {year} bewertet.", lang, name=name, year=year)
    if entry.get("reason"):
        return ""
    change = entry["index_after"] - entry["index_before"]
    direction = 0 if round(change, digits) == 0 else (1 if change > 0 else -1)
    number = lambda v: format_number(v, digits, lang)  # noqa: E731
    signed = lambda v: signed_text(v, "", digits, lang)  # noqa: E731
    head = t(CHANGE_HEADS[(part, direction)], lang, von=entry["before"], before=number(entry["index_before"]),
             after=number(entry["index_after"]))
    if entry["class_before"] == entry["class_after"]:
        klass = t("Klasse unverändert: {klass}", lang, klass=class_words(part, entry["class_after"], lang))
    else:
        klass = t("Klasse {before} → {after}", lang, before=class_words(part, entry["class_before"], lang),
                  after=class_words(part, entry["class_after"], lang))
    from dashboard.methods.indices import RESTANDARDISATION

    visible = [p for p in entry["parts"] if round(p["contribution"], digits) != 0]

    def named(p: Mapping[str, Any]) -> str:  # a part with its contribution, as a driver or a counterweight
        value = signed(p["contribution"])
        if p["part"] == RESTANDARDISATION:
            return t("Neustandardisierung ({value})", lang, value=value)
        label = change_part_label(p["part"], indicator_of, lang)
        if not p["in_after"]:
            return t("Wegfall von {indicator} ({value})", lang, indicator=label, value=value)
        if not p["in_before"]:
            return t("Aufnahme von {indicator} ({value})", lang, indicator=label, value=value)
        return f"{label} ({value})"

    both = lambda items: (t("{a} und {b}", lang, a=", ".join(items[:-1]), b=items[-1]) if len(items) > 1 else items[0])  # noqa: E731
    by_size = sorted(visible, key=lambda p: -abs(p["contribution"]))
    main = [p for p in by_size if direction and p["contribution"] * direction > 0][:drivers]
    against = [p for p in by_size if direction and p["contribution"] * direction < 0][:1]
    pieces = []
    if main:
        pieces.append(t("vor allem durch {parts}", lang, parts=both([named(p) for p in main])))
    if against:
        pieces.append(t("gegenläufig {parts}", lang, parts=named(against[0])))
    for p in visible:  # the re-standardisation and a changed set of indicators are always said
        if p in main or p in against:
            continue
        label = change_part_label(p["part"], indicator_of, lang)
        if p["part"] == RESTANDARDISATION:
            pieces.append(t("Neustandardisierung {value}", lang, value=signed(p["contribution"])))
        elif not p["in_after"]:
            pieces.append(t("{indicator} ist nicht mehr Teil des Index ({value})", lang, indicator=label, value=signed(p["contribution"])))
        elif not p["in_before"]:
            pieces.append(t("{indicator} ist neu im Index ({value})", lang, indicator=label, value=signed(p["contribution"])))
    text = f"{head} ({t(CHANGE_MEANINGS[part], lang)}; {klass})"
    return (text + ": " + "; ".join(pieces) if pieces else text) + "."


def burden_change_text(entry: Mapping[str, Any], labels: Mapping[str, str], lang: str = "de") -> str:
    """Which burdens entered and left since the rule's previous year and whether the area entered or left the
    multiply burdened set (a "rule" entry of reports/profile.class_change); labels: indicator id -> criterion label."""
    if entry["movement"] == "not_rated":
        return t("Seit {von}: nicht in beiden Jahren bewertet, kein Vergleich.", lang, von=entry["before"])
    names = lambda ids: ", ".join(labels.get(i, i) for i in ids)  # noqa: E731
    pieces = []
    if entry["entered"]:
        pieces.append(t("hinzugekommen: {burdens}", lang, burdens=names(entry["entered"])))
    if entry["left"]:
        pieces.append(t("weggefallen: {burdens}", lang, burdens=names(entry["left"])))
    if not pieces:
        pieces.append(t("Belastungen unverändert", lang))
    movement = {"entered": "neu mehrfach belastet", "left": "nicht mehr mehrfach belastet",
                "stayed": "weiterhin mehrfach belastet", "outside": "weiterhin nicht mehrfach belastet"}[entry["movement"]]
    return t("Seit {von}: {changes} – {movement}.", lang, von=entry["before"], changes="; ".join(pieces), movement=t(movement, lang))
