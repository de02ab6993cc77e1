"""English strings: clear versus random change on /veraenderung and in the profile's assessment (issue 17, part 2)."""
STRINGS: dict[str, str] = {
    "Nur deutliche Veränderungen hervorheben": "Highlight clear changes only",
    "Ohne Fallzahlen (Zähler und Nenner) ist keine Prüfung möglich, ob eine Veränderung deutlich ist oder im "
    "Rahmen zufälliger Schwankung liegt.":
        "Without case numbers (numerator and denominator) there is no test of whether a change is clear or within "
        "random variation.",
    "deutlich": "clear",
    "im Rahmen zufälliger Schwankung": "within random variation",
    "95 %: {low} bis {high} {unit}": "95 %: {low} to {high} {unit}",
    "aufgehellt: {n} Gebiete, Veränderung im Rahmen zufälliger Schwankung (95-%-Intervall enthält 0)":
        "lightened: {n} areas, change within random variation (95 % interval contains 0)",
    "{n} Veränderungen im Rahmen zufälliger Schwankung, hier nicht aufgehellt.":
        "{n} changes within random variation, not lightened here.",
    "Deutlich gestiegen: {up} · deutlich gesunken: {down} · im Rahmen zufälliger Schwankung: {random}":
        "Clearly up: {up} · clearly down: {down} · within random variation: {random}",
    "ohne Prüfung: {n}": "not tested: {n}",
}
