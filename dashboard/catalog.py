"""The indicator registry (indicators.toml) and dataset description (dataset.toml).

Both are configuration written by ingest and validated here at start: a broken registry stops
the app with a German message naming the file, the entry and the field, instead of failing later
inside a callback.
"""
from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from dashboard.methods.aggregate import AGGREGATIONS, AggregationSpec
from dashboard.methods.borderline import MAX_DISTANCE
from dashboard.methods.burden import RULES as BURDEN_RULES
from dashboard.methods.burden import BurdenCriterion, BurdenRule
from dashboard.methods.indices import IndexDefinition

# The dimensions in the order every view lists them (indicator picker, comparison, profile).
DIMENSIONS = ("Soziales", "Bildung", "Gesundheit", "Umwelt", "Wohnen", "Demografie", "Index")
CITY_LEVEL = "stadt"  # the level of the root area (the whole city); not one of a dataset's [[levels]]
POLARITIES = ("higher_is_worse", "higher_is_better", "neutral")
KINDS = ("share", "rate", "count", "class", "index", "mean")
CLASSIFICATIONS = ("quantiles", "equal_interval", "fisher_jenks", "std_mean", "categorical")
INTERVALS = ("", "wilson", "poisson", "none")  # methods/uncertainty.METHODS


class RegistryError(ValueError):
    """A dataset's configuration is invalid; the message is German and names file, entry and field."""


def did_you_mean(value: Any, choices: Iterable[str]) -> str:
    """" Meinten Sie 'x'?" for the closest of `choices` to a misspelt value, or "": the one suggestion of every
    message about an unknown key, indicator, column or Zielbereich."""
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" Meinten Sie {close[0]!r}?" if close else ""


def unknown_key_problem(key: str, known: Iterable[str], what: str = "Feld") -> str:
    """The one wording for a key nobody reads (config sections, registry fields, burden rules …):
    "unbekanntes Feld 'simplfy_m'. Meinten Sie 'simplify_m'?" when a known key is close, else the
    allowed keys. A typo is an error, never silently ignored (issue 15)."""
    allowed = sorted(known)
    article = "unbekannter" if what == "Abschnitt" else "unbekanntes"
    shown = f"[{key}]" if what == "Abschnitt" else repr(key)
    if hint := did_you_mean(key, allowed):
        return f"{article} {what} {shown}.{hint}"
    return f"{article} {what} {shown} (erlaubt: {', '.join(allowed)})."


def check_known_keys(entry: dict[str, Any], known: Iterable[str], where: str, error: type[Exception] | None = None,
                     what: str = "Feld") -> None:
    """Raise `error` (RegistryError by default) naming `where` and the first unknown key of `entry`."""
    known = set(known)
    unknown = sorted(str(k) for k in set(entry) - known)
    if unknown:
        raise (error or RegistryError)(f"{where}: {unknown_key_problem(unknown[0], known, what)}")


_SOURCE_PREFIX = re.compile(r"^\s*(?:Datenquellen|Datenquelle|Quellen|Quelle\(n\)|Quelle|Data sources|Data source|Sources|Source)\s*:\s*",
                            re.IGNORECASE)


def strip_source_prefix(text: str) -> str:
    """An attribution without a leading "Datenquellen:" ("Quelle(n):", "Data sources:"): the app writes that
    word itself (footer, every file), so a dataset that repeats it would read "Datenquellen: Datenquellen: …"."""
    return _SOURCE_PREFIX.sub("", text, count=1) if isinstance(text, str) else text


@dataclass(frozen=True)
class Indicator:
    """One entry of indicators.toml."""

    id: str  # short stable id, e.g. "A1"
    label_de: str  # short German label for pickers and legends
    label_en: str  # English label
    description: str  # exact German definition (numerator / denominator as published)
    unit: str  # e.g. "%", "je 100 EW", "Personen", "Klasse"
    dimension: str  # one of DIMENSIONS
    polarity: str  # one of POLARITIES
    aggregation: str  # one of AGGREGATIONS
    source: str  # provenance and attribution
    stichtag: str  # reference date, e.g. "31.12."
    kind: str = "share"  # one of KINDS
    zielbereich: str = ""  # Berlin Zielbereich, e.g. "Armutsrisiko/Armut vermeiden"
    scale: float = 100.0  # value = scale * numerator / denominator
    numerator_label: str = ""
    denominator_label: str = ""
    weight: str = ""  # indicator id used as weight for weighted_mean
    levels: tuple[str, ...] = ()  # levels at which the indicator is published; empty = all
    public: bool = True  # shown in public mode
    min_denominator: float = 0  # suppress when the denominator (or area population) is smaller
    min_numerator: float = 0  # suppress when 0 < numerator < min_numerator
    target: float | None = None  # Zielwert
    threshold: float | None = None  # Schwellenwert
    classification: str = "quantiles"  # one of CLASSIFICATIONS
    classes: int = 5
    decimals: int = 1
    categories: dict[str, str] = field(default_factory=dict)  # class value -> label for kind="class"
    colors: tuple[str, ...] = ()  # optional colour per category (in category order), e.g. the 12 status/dynamics types
    core: bool = False  # Kernindikator
    suppress_small_areas: bool = True  # apply the dataset's min_population rule (False for values that describe the place, e.g. air quality)
    estimate_note: str = ""  # how values marked `estimate` were derived (e.g. carried across a boundary change)
    note: str = ""  # caveat shown with the indicator (validity, reference basis, definition changes)
    # the 95 % interval (docs/methods.md, „Unsicherheit kleiner Zahlen“): "" = by kind (share: Wilson, rate: Poisson),
    # "wilson", "poisson", or "none" (e.g. a net migration rate, whose numerator is a difference of two counts)
    interval: str = ""
    en: dict[str, Any] = field(default_factory=dict)  # [indicator.en]: English texts, fields as in EN_FIELDS

    def label(self, lang: str = "de") -> str:
        return self.label_en if lang == "en" else self.label_de

    def text(self, name: str, lang: str = "de") -> str:
        """A text field (description, unit, note, …) in lang: the dataset's English text, else the
        vocabulary's translation (units, Zielbereiche, dimensions), else as published."""
        german = getattr(self, name)
        if lang != "en":
            return german
        from dashboard.i18n import tt

        return self.en.get(name) or tt(german, lang)

    def reference_date(self, year: int, lang: str = "de") -> str:
        """The Stichtag of the value for `year`, in lang: "31.12." + 2024 is a date (31.12.2024,
        31 Dec 2024, formatted by Babel); a reference that names its own period ("Ausgabe 2021/2022")
        stays as it is; any other word gets the year ("Jahresmittel 2024")."""
        from dashboard.i18n import format_date

        day_month = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.\s*", self.stichtag)
        if day_month:
            return format_date(date(int(year), int(day_month[2]), int(day_month[1])), lang)
        text = self.text("stichtag", lang)
        return text if any(ch.isdigit() for ch in text) else f"{text} {int(year)}"

    def stichtag_text(self, lang: str = "de") -> str:
        """The reference as the registry words it ("31.12.", "Ausgabe 2021/2022"), in lang: what a fact sheet or a
        metadata table names; a value's own date is reference_date (the one place a date is made of it)."""
        return self.text("stichtag", lang)

    def category_labels(self, lang: str = "de") -> dict[str, str]:
        return {**self.categories, **self.en.get("categories", {})} if lang == "en" else self.categories

    @property
    def aggregation_spec(self) -> AggregationSpec:
        return AggregationSpec(self.aggregation, self.scale, self.weight or None)

    def available_at(self, level: str) -> bool:
        return not self.levels or level in self.levels

    @property
    def population_rule(self) -> bool:
        """Whether the dataset's minimum population (Dataset.min_population) withholds this indicator's values in
        small areas. Not for counts (how many people live there is no share that would single anyone out) and not
        for values that describe the place rather than its people (`suppress_small_areas = false`, e.g. noise).
        The one rule: Monitor._mask/_mask_rows apply it, opendata lists it, the fact sheet and /methodik say it."""
        return self.kind != "count" and self.suppress_small_areas


@dataclass(frozen=True)
class Level:
    id: str
    label_de: str
    label_en: str

    def label(self, lang: str = "de") -> str:
        return self.label_en if lang == "en" else self.label_de


@dataclass(frozen=True)
class Dataset:
    """dataset.toml plus the registry: everything the app knows about one dataset folder."""

    path: Path
    id: str
    title: str
    attribution: str
    license: str
    release: str
    levels: tuple[Level, ...]  # smallest first
    indicators: dict[str, Indicator]
    default_indicator: str
    default_year: int
    default_level: str
    population_indicator: str = "EW"
    min_population: int = 300
    synthetic: bool = False
    city_name: str = ""
    title_en: str = ""  # English title (dataset.toml `title_en`); empty = the German title
    attribution_en: str = ""  # English attribution (dataset.toml `attribution_en`); empty = the German one
    license_en: str = ""  # English licence text (dataset.toml `license_en`); empty = the German one
    burden_rules: tuple[BurdenRule, ...] = ()  # [[burden_rules]]; the official one first
    indices: tuple[IndexDefinition, ...] = ()  # [[indices]]
    group_sets: tuple = ()  # [[group_sets]]: population groups side by side (dashboard/group_sets.py, /gruppen)
    borderline_distance: float | None = None  # Grenzfall distance for every index and rule without their own (methods.borderline)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def level_ids(self) -> list[str]:
        return [lv.id for lv in self.levels]

    def dimension_order(self, dimensions) -> list[str]:
        """The given dimensions in the catalog's order (DIMENSIONS), unknown ones last."""
        rank = {d: i for i, d in enumerate(DIMENSIONS)}
        return sorted(dict.fromkeys(dimensions), key=lambda d: rank.get(d, len(rank)))

    def title_for(self, lang: str = "de") -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def attribution_for(self, lang: str = "de") -> str:
        return self.attribution_en if lang == "en" and self.attribution_en else self.attribution

    def license_for(self, lang: str = "de") -> str:
        return self.license_en if lang == "en" and self.license_en else self.license

    def level(self, level_id: str) -> Level:
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        raise KeyError(level_id)


# fields an indicator may give in English under [indicator.en]
EN_FIELDS = ("description", "unit", "source", "numerator_label", "denominator_label", "zielbereich", "stichtag",
             "estimate_note", "note", "categories")
_REQUIRED = ("id", "label_de", "label_en", "description", "unit", "dimension", "polarity", "aggregation", "source", "stichtag")


def _indicator_from_toml(entry: dict[str, Any], where: str, level_ids: list[str]) -> Indicator:
    check_known_keys(entry, {f.name for f in fields(Indicator)}, where)
    for name in _REQUIRED:
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip():
            raise RegistryError(f"{where}: Pflichtfeld {name!r} fehlt oder ist leer (Wert: {value!r}).")
    checks = (("dimension", DIMENSIONS), ("polarity", POLARITIES), ("aggregation", AGGREGATIONS),
              ("kind", KINDS), ("classification", CLASSIFICATIONS), ("interval", INTERVALS))
    for name, allowed in checks:
        if name in entry and entry[name] not in allowed:
            raise RegistryError(f"{where}: Feld {name!r} hat den Wert {entry[name]!r}; erlaubt: {', '.join(allowed)}.")
    levels = tuple(entry.get("levels", ()))
    for lv in levels:
        if lv not in level_ids:
            raise RegistryError(f"{where}: Feld 'levels' nennt die unbekannte Ebene {lv!r} (Ebenen: {', '.join(level_ids)}).")
    if entry["aggregation"] == "weighted_mean" and not entry.get("weight"):
        raise RegistryError(f"{where}: Aggregation 'weighted_mean' braucht das Feld 'weight' (z. B. \"EW\").")
    classes = entry.get("classes", 5)
    categorical = entry.get("kind") == "class" and bool(entry.get("categories"))  # one map class per category, not ranges
    if not isinstance(classes, int) or not 2 <= classes <= (99 if categorical else 7):  # the colour scales have 7 steps
        raise RegistryError(f"{where}: Feld 'classes' muss eine ganze Zahl von 2 bis 7 sein (die Farbskalen haben höchstens "
                            f"7 Stufen; Kategorien einer Klassen-Kennzahl bekommen ihre Farben aus 'colors') (Wert: {classes!r}).")
    for name in ("min_denominator", "min_numerator", "scale"):
        if name in entry and (not isinstance(entry[name], (int, float)) or entry[name] < 0):
            raise RegistryError(f"{where}: Feld {name!r} muss eine Zahl ≥ 0 sein (Wert: {entry[name]!r}).")
    colors = tuple(entry.get("colors", ()))
    if colors and (len(colors) != len(entry.get("categories", {})) or not all(isinstance(c, str) and c.startswith("#") for c in colors)):
        raise RegistryError(f"{where}: Feld 'colors' braucht je Kategorie eine Farbe als '#rrggbb' "
                            f"({len(entry.get('categories', {}))} Kategorien, {len(colors)} Farben).")
    english = entry.get("en", {})
    if isinstance(english, dict):
        check_known_keys(english, EN_FIELDS, f"{where}, Tabelle 'en'")
    if not isinstance(english, dict) or set(english) - set(EN_FIELDS):
        raise RegistryError(f"{where}: Tabelle 'en' darf nur die Felder {', '.join(EN_FIELDS)} enthalten "
                            f"(gefunden: {', '.join(sorted(english)) if isinstance(english, dict) else english!r}).")
    for name, value in english.items():
        if name == "categories":
            if not isinstance(value, dict) or set(map(str, value)) - set(map(str, entry.get("categories", {}))):
                raise RegistryError(f"{where}: 'en.categories' muss dieselben Klassen wie 'categories' beschriften (Wert: {value!r}).")
        elif not isinstance(value, str):
            raise RegistryError(f"{where}: Feld 'en.{name}' muss ein Text sein (Wert: {value!r}).")
    kwargs = dict(entry)
    kwargs["en"] = {k: ({str(c): str(label) for c, label in v.items()} if k == "categories" else v) for k, v in english.items()}
    kwargs["levels"] = levels
    kwargs["colors"] = colors
    kwargs["categories"] = {str(k): str(v) for k, v in entry.get("categories", {}).items()}
    return Indicator(**kwargs)


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise RegistryError(f"{path}: Datei fehlt. Ein Datensatz-Ordner braucht dataset.toml und indicators.toml.")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: kein gültiges TOML ({exc}).") from None


RELEASES_FILE = "releases.toml"


def release_history(path: Path) -> list[dict[str, str]]:
    """Earlier releases of a dataset folder, oldest first: [{"id": …, "replaced": "YYYY-MM-DD"}]."""
    file = Path(path) / RELEASES_FILE
    if not file.exists():
        return []
    entries = _read_toml(file).get("release", [])
    return [{"id": str(e["id"]), "replaced": str(e.get("replaced", ""))} for e in entries if isinstance(e, dict) and "id" in e]


def load_registry(path: Path, level_ids: list[str]) -> dict[str, Indicator]:
    """Read and validate indicators.toml; returns indicators by id in file order."""
    doc = _read_toml(path)
    entries = doc.get("indicator")
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"{path}: keine Einträge [[indicator]] gefunden.")
    registry: dict[str, Indicator] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{path}, Eintrag {number} (id={entry.get('id')!r})"
        indicator = _indicator_from_toml(entry, where, level_ids)
        if indicator.id in registry:
            raise RegistryError(f"{where}: die id {indicator.id!r} kommt doppelt vor.")
        registry[indicator.id] = indicator
    for indicator in registry.values():
        if indicator.weight and indicator.weight not in registry:
            raise RegistryError(f"{path}, Indikator {indicator.id!r}: Gewicht {indicator.weight!r} ist kein Indikator des Registers.")
    return registry


def load_dataset(path: Path) -> Dataset:
    """Read dataset.toml and indicators.toml of a dataset folder and check they fit together."""
    path = Path(path)
    meta_path = path / "dataset.toml"
    meta = _read_toml(meta_path)
    for name in ("id", "title", "attribution", "license", "release", "levels", "defaults"):
        if name not in meta:
            raise RegistryError(f"{meta_path}: Pflichtfeld {name!r} fehlt.")
    for name in ("title_en", "attribution_en", "license_en"):
        if not isinstance(meta.get(name, ""), str):
            raise RegistryError(f"{meta_path}: Feld {name!r} muss ein Text sein (Wert: {meta[name]!r}).")
    levels = tuple(Level(lv["id"], lv.get("label_de", lv["id"]), lv.get("label_en", lv["id"])) for lv in meta["levels"])
    level_ids = [lv.id for lv in levels]
    registry = load_registry(path / "indicators.toml", level_ids)
    defaults = meta["defaults"]
    if defaults.get("indicator") not in registry:
        raise RegistryError(f"{meta_path}: defaults.indicator={defaults.get('indicator')!r} ist nicht im Register.")
    if defaults.get("level") not in level_ids:
        raise RegistryError(f"{meta_path}: defaults.level={defaults.get('level')!r} ist keine Ebene ({', '.join(level_ids)}).")
    population = meta.get("population_indicator", "EW")
    if population not in registry:
        raise RegistryError(f"{meta_path}: population_indicator={population!r} ist nicht im Register.")
    min_population = int(meta.get("min_population", 300))
    borderline = borderline_distance_from(meta.get("borderline_distance"), str(meta_path))
    burden_rules = tuple(_burden_rule(entry, n, meta_path, registry) for n, entry in enumerate(meta.get("burden_rules", []), 1))
    indices = tuple(_index_definition(entry, n, meta_path, registry, population, min_population)
                    for n, entry in enumerate(meta.get("indices", []), 1))
    from dashboard.group_sets import group_sets_from_meta  # here: dashboard.group_sets imports this module

    return Dataset(
        path=path,
        id=str(meta["id"]),
        title=str(meta["title"]),
        attribution=strip_source_prefix(str(meta["attribution"])),
        license=str(meta["license"]),
        attribution_en=strip_source_prefix(meta.get("attribution_en", "")),
        license_en=meta.get("license_en", ""),
        release=str(meta["release"]),
        levels=levels,
        indicators=registry,
        default_indicator=defaults["indicator"],
        default_year=int(defaults["year"]),
        default_level=defaults["level"],
        population_indicator=population,
        min_population=min_population,
        synthetic=bool(meta.get("synthetic", False)),
        city_name=str(meta.get("city_name", "")),
        title_en=meta.get("title_en", "").strip(),
        burden_rules=tuple(sorted(burden_rules, key=lambda r: not r.official)),
        indices=indices,
        group_sets=group_sets_from_meta(meta, meta_path, registry),
        borderline_distance=borderline,
        raw=meta,
    )


BURDEN_RULE_FIELDS = ("id", "label", "criteria", "min_count", "official", "borderline_distance")
BURDEN_CRITERION_FIELDS = ("indicator", "rule", "value")
INDEX_FIELDS = ("id", "label", "status_indicators", "dynamic_indicators", "status_cuts", "dynamic_cuts", "min_population",
                "validity_indicator", "valid_codes", "dynamic_change_years", "borderline_distance")


def borderline_distance_from(value: Any, where: str) -> float | None:
    """The field `borderline_distance` (dataset.toml, an index, a burden rule): how close to a class boundary, in
    standard deviations, makes an area a Grenzfall (dashboard/methods/borderline.py); None when not given."""
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= MAX_DISTANCE:
        raise RegistryError(f"{where}, Feld 'borderline_distance': muss eine Zahl von 0 bis {MAX_DISTANCE:g} sein – der Abstand "
                            f"zur Klassengrenze in Standardabweichungen, ab dem ein Gebiet als Grenzfall gilt, z. B. 0.1 "
                            f"(Wert: {value!r}).")
    return float(value)


def _burden_rule(entry: dict[str, Any], number: int, path: Path, registry: dict[str, Indicator]) -> BurdenRule:
    return burden_rule_from_toml(entry, f"{path}, burden_rules Eintrag {number} (id={entry.get('id')!r})", registry)


def burden_rule_from_toml(entry: Any, where: str, registry: dict[str, Indicator]) -> BurdenRule:
    """One burden rule (dataset.toml `burden_rules`, import config `[[burden_rules]]`): which indicators
    count, how an area becomes "hoch" by each (dashboard/methods/burden.py) and k = min_count.
    Every problem is a RegistryError naming `where`, the criterion and the field."""
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: erwartet wird ein Abschnitt mit id, label, criteria (Wert: {entry!r}).")
    check_known_keys(entry, BURDEN_RULE_FIELDS, where)
    for name in ("id", "label"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise RegistryError(f"{where}: Pflichtfeld {name!r} fehlt oder ist kein Text (Wert: {entry.get(name)!r}).")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", entry["id"]):
        raise RegistryError(f"{where}: Feld 'id' darf nur Buchstaben, Ziffern, '-' und '_' enthalten (Wert: {entry['id']!r}); "
                            "sie steht in der Adresse der Ansicht.")
    items = entry.get("criteria")
    if not isinstance(items, list) or not items:
        raise RegistryError(f"{where}: Pflichtfeld 'criteria' fehlt oder ist leer; erwartet wird eine Liste wie "
                            "[{ indicator = \"SGB2\", rule = \"quantile\", value = 0.25 }, …] (Wert: {items!r}).")
    criteria = []
    for n, c in enumerate(items, start=1):
        cwhere = f"{where}, Kriterium Nr. {n}"
        if not isinstance(c, dict):
            raise RegistryError(f"{cwhere}: erwartet wird {{ indicator = \"…\", rule = \"…\", value = … }} (Wert: {c!r}).")
        check_known_keys(c, BURDEN_CRITERION_FIELDS, cwhere)
        indicator = registry.get(c.get("indicator")) if isinstance(c.get("indicator"), str) else None
        if indicator is None:
            raise RegistryError(f"{cwhere}, Feld 'indicator': der Wert {c.get('indicator')!r} ist kein Indikator des Registers "
                                f"(bekannt: {', '.join(registry)}).{did_you_mean(c.get('indicator'), registry)}")
        cwhere = f"{where}, Kriterium Nr. {n} ({indicator.id})"
        if any(x.indicator_id == indicator.id for x in criteria):
            raise RegistryError(f"{cwhere}, Feld 'indicator': der Indikator {indicator.id!r} kommt in der Regel zweimal vor.")
        rule = c.get("rule")
        if rule not in BURDEN_RULES:
            raise RegistryError(f"{cwhere}, Feld 'rule': Regel {rule!r} ist unbekannt (erlaubt: {', '.join(BURDEN_RULES)}).")
        value = c.get("value", indicator.threshold if rule == "threshold" else None)
        if value is None and rule == "threshold":
            raise RegistryError(f"{cwhere}, Feld 'value': fehlt, und der Indikator hat keinen Schwellenwert ('threshold' im Register). "
                                "Bitte den Schwellenwert als value angeben.")
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise RegistryError(f"{cwhere}, Feld 'value': muss eine Zahl sein (Wert: {value!r}).")
        if rule == "quantile" and not 0 < value < 1:
            raise RegistryError(f"{cwhere}, Feld 'value': bei rule = \"quantile\" ist value der Anteil der am stärksten belasteten "
                                f"Gebiete und liegt zwischen 0 und 1, z. B. 0.25 für das schlechteste Viertel (Wert: {value!r}).")
        if rule == "class" and indicator.kind != "class":
            raise RegistryError(f"{cwhere}, Feld 'rule': rule = \"class\" braucht einen Klassen-Indikator (kind = \"class\"); "
                                f"{indicator.id!r} hat kind = {indicator.kind!r}. Bitte quantile, zscore oder threshold verwenden.")
        criteria.append(BurdenCriterion(indicator.id, rule, float(value), indicator.polarity, indicator.dimension, indicator.label_de))
    min_count = entry.get("min_count", min(3, len(criteria)))
    if not isinstance(min_count, int) or isinstance(min_count, bool) or not 1 <= min_count <= len(criteria):
        raise RegistryError(f"{where}, Feld 'min_count': muss eine ganze Zahl von 1 bis {len(criteria)} (Zahl der Kriterien) sein "
                            f"(Wert: {min_count!r}).")
    official = entry.get("official", False)
    if not isinstance(official, bool):
        raise RegistryError(f"{where}, Feld 'official': muss true oder false sein (Wert: {official!r}).")
    return BurdenRule(str(entry["id"]), str(entry["label"]), tuple(criteria), min_count, official,
                      borderline_distance_from(entry.get("borderline_distance"), where))


def _index_definition(entry: dict[str, Any], number: int, path: Path, registry: dict[str, Indicator],
                      population: str, min_population: int) -> IndexDefinition:
    return index_from_toml(entry, f"{path}, indices Eintrag {number} (id={entry.get('id')!r})", registry, population, min_population)


def index_from_toml(entry: Any, where: str, registry: dict[str, Indicator], population: str, min_population: int) -> IndexDefinition:
    """One status/dynamics index (dataset.toml `indices`, import config `[[indices]]`, dashboard/methods/indices.py)."""
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: erwartet wird ein Abschnitt mit id, label, status_indicators, dynamic_indicators (Wert: {entry!r}).")
    check_known_keys(entry, INDEX_FIELDS, where)
    for name in ("id", "label"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise RegistryError(f"{where}: Pflichtfeld {name!r} fehlt oder ist kein Text (Wert: {entry.get(name)!r}).")
    for name in ("status_indicators", "dynamic_indicators"):
        items = entry.get(name)
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            raise RegistryError(f"{where}: Pflichtfeld {name!r} fehlt oder ist keine Liste von Indikator-ids (Wert: {items!r}).")
    named = [("status_indicators", i) for i in entry["status_indicators"]] + [("dynamic_indicators", i) for i in entry["dynamic_indicators"]]
    if entry.get("validity_indicator") is not None:
        named.append(("validity_indicator", entry["validity_indicator"]))
    for name, indicator_id in named:
        if indicator_id not in registry:
            raise RegistryError(f"{where}, Feld {name!r}: Indikator {indicator_id!r} ist nicht im Register."
                                f"{did_you_mean(indicator_id, registry)}")
    for name, count in (("status_cuts", 3), ("dynamic_cuts", 2)):
        cuts = entry.get(name)
        if cuts is not None and (not isinstance(cuts, list) or len(cuts) != count
                                 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in cuts)
                                 or sorted(cuts) != list(cuts)):
            raise RegistryError(f"{where}, Feld {name!r}: erwartet werden {count} aufsteigende Zahlen (Wert: {cuts!r}).")
    for name in ("min_population", "dynamic_change_years"):
        number = entry.get(name)
        if number is not None and (not isinstance(number, (int, float)) or isinstance(number, bool) or number < (1 if name == "dynamic_change_years" else 0)):
            raise RegistryError(f"{where}, Feld {name!r}: muss eine Zahl ≥ {1 if name == 'dynamic_change_years' else 0} sein (Wert: {number!r}).")
    return IndexDefinition(
        id=str(entry["id"]), label=str(entry["label"]),
        status_indicators=tuple(entry["status_indicators"]), dynamic_indicators=tuple(entry["dynamic_indicators"]),
        status_cuts=tuple(entry.get("status_cuts", (-1.0, 1.0, 1.5))), dynamic_cuts=tuple(entry.get("dynamic_cuts", (-1.0, 1.0))),
        min_population=float(entry.get("min_population", min_population)), population_indicator=population,
        validity_indicator=entry.get("validity_indicator"), valid_codes=tuple(float(v) for v in entry.get("valid_codes", (1,))),
        dynamic_change_years=entry.get("dynamic_change_years"),
        borderline_distance=borderline_distance_from(entry.get("borderline_distance"), where),
    )


def content_release_id(*files: Path) -> str:
    """A release id from the content of the data files: same data, same id (12 hex digits)."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()[:12]
