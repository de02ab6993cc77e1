"""The words and marks of the 95 % intervals (issue 17 part 1; docs/methods.md, „Unsicherheit kleiner Zahlen“) that the
profile, the comparison and the time series share: the interval as text, the verdict of a difference ("deutlich" /
"im Rahmen zufälliger Schwankung") as a small mark with its words, and the notes said once per table. Numbers only
from the reports (Monitor.intervals); nothing is computed here."""
from __future__ import annotations

from typing import Any

from dash import html

from dashboard.i18n import format_number, t
from dashboard.methods import uncertainty
from dashboard.present import is_missing

INTERVAL_LABEL = "95-%-Intervall"
SHORT_LABEL = "95 %:"  # before the bounds under a value
VERDICT_WORDS = {uncertainty.CLEAR: "deutlich", uncertainty.RANDOM: "im Rahmen zufälliger Schwankung"}
# the marks next to a difference: filled = clear, hollow = within random variation (told apart without colour)
VERDICT_MARKS = {uncertainty.CLEAR: "●", uncertainty.RANDOM: "○"}
NO_COUNTS_NOTE = ("Ohne Fallzahlen kein Intervall: Werte ohne Zähler und Nenner (z. B. übernommene Anteile ohne Fallzahlen, "
                  "Index- und Klassenwerte) haben keines.")
NO_PUBLISHED_COUNTS_NOTE = ("Ohne Fallzahlen kein Intervall: Werte ohne veröffentlichte Zähler und Nenner (z. B. übernommene "
                            "Anteile ohne Fallzahlen, Index- und Klassenwerte) haben keines.")
INTERVAL_NOTE = ("95-%-Intervall: Bereich, in dem der Wert ohne die zufällige Schwankung kleiner Zahlen mit 95 % Sicherheit liegt "
                 "(Wilson- bzw. Poisson-Intervall, Methodik: „Unsicherheit kleiner Zahlen“).")
PROFILE_INTERVAL_NOTE = ("Unter dem Wert klein das 95-%-Intervall: der Bereich, in dem der Wert ohne die zufällige Schwankung "
                         "kleiner Zahlen mit 95 % Sicherheit liegt (Wilson- bzw. Poisson-Intervall, Methodik: „Unsicherheit kleiner Zahlen“).")
VERDICT_NOTE = ("● deutlich: der Vergleichswert liegt außerhalb des 95-%-Intervalls des Gebiets; "
                "○ im Rahmen zufälliger Schwankung: er liegt darin.")


def has_interval(lower: Any, upper: Any) -> bool:
    return not is_missing(lower) and not is_missing(upper)


def interval_text(lower: Any, upper: Any, decimals: int, lang: str = "de") -> str:
    """"18,7–21,4" (without unit); "" without an interval."""
    if not has_interval(lower, upper):
        return ""
    return f"{format_number(float(lower), decimals, lang)}–{format_number(float(upper), decimals, lang)}"


def interval_title(lower: Any, upper: Any, decimals: int, unit: str = "", lang: str = "de") -> str:
    """"95-%-Intervall: 18,7–21,4 %" for a tooltip or a table cell; "" without an interval."""
    text = interval_text(lower, upper, decimals, lang)
    return f"{t(INTERVAL_LABEL, lang)}: {text}{(' ' + unit) if unit else ''}" if text else ""


def verdict_words(verdict: Any, lang: str = "de") -> str:
    """"deutlich" | "im Rahmen zufälliger Schwankung" | "" (no test: no counts or nothing to compare)."""
    return t(VERDICT_WORDS[verdict], lang) if verdict in VERDICT_WORDS else ""


def verdict_mark(verdict: Any, lang: str = "de") -> html.Span | None:
    """The small mark next to a difference, its words as tooltip and for screen readers; None without a test."""
    if verdict not in VERDICT_WORDS:
        return None
    words = verdict_words(verdict, lang)
    return html.Span([html.Span(VERDICT_MARKS[verdict], **{"aria-hidden": "true"}), html.Span(words, className="qm-visually-hidden")],
                     title=words, className=f"qm-verdict qm-verdict-{verdict}", **{"data-verdict": verdict})


def no_interval_note(public: bool, lang: str = "de") -> str:
    return t(NO_PUBLISHED_COUNTS_NOTE if public else NO_COUNTS_NOTE, lang)
