"""English strings: uncertainty (issue 17): 95 % intervals in the profile, the comparison and the time series."""
STRINGS: dict[str, str] = {
    # shared words and notes (dashboard/ui/intervals.py)
    "95-%-Intervall": "95 % interval",
    "95 %:": "95 %:",
    "deutlich": "clear",
    "im Rahmen zufälliger Schwankung": "within random variation",
    "Ohne Fallzahlen kein Intervall: Werte ohne Zähler und Nenner (z. B. übernommene Anteile ohne Fallzahlen, "
    "Index- und Klassenwerte) haben keines.":
        "No counts, no interval: values without numerator and denominator (e.g. shares taken over without counts, "
        "index values and classes) have none.",
    "Ohne Fallzahlen kein Intervall: Werte ohne veröffentlichte Zähler und Nenner (z. B. übernommene "
    "Anteile ohne Fallzahlen, Index- und Klassenwerte) haben keines.":
        "No counts, no interval: values without published numerator and denominator (e.g. shares taken over without "
        "counts, index values and classes) have none.",
    "95-%-Intervall: Bereich, in dem der Wert ohne die zufällige Schwankung kleiner Zahlen mit 95 % Sicherheit liegt "
    "(Wilson- bzw. Poisson-Intervall, Methodik: „Unsicherheit kleiner Zahlen“).":
        "95 % interval: the range in which the value without the random variation of small numbers lies with 95 % confidence "
        "(Wilson or Poisson interval, methodology: “Uncertainty of small numbers”).",
    "Unter dem Wert klein das 95-%-Intervall: der Bereich, in dem der Wert ohne die zufällige Schwankung "
    "kleiner Zahlen mit 95 % Sicherheit liegt (Wilson- bzw. Poisson-Intervall, Methodik: „Unsicherheit kleiner Zahlen“).":
        "Below the value in small type, the 95 % interval: the range in which the value without the random "
        "variation of small numbers lies with 95 % confidence (Wilson or Poisson interval, methodology: “Uncertainty of small numbers”).",
    "● deutlich: der Vergleichswert liegt außerhalb des 95-%-Intervalls des Gebiets; "
    "○ im Rahmen zufälliger Schwankung: er liegt darin.":
        "● clear: the comparison value lies outside the area's 95 % interval; ○ within random variation: it lies inside.",
    # the profile's export (ui/profile.py)
    "95-%-Intervall, untere Grenze": "95 % interval, lower bound",
    "95-%-Intervall, obere Grenze": "95 % interval, upper bound",
    "Differenz zum übergeordneten Gebiet ist": "Difference to the parent area is",
    "Differenz zur Gesamtstadt ist": "Difference to the city is",
    # the comparison (ui/compare.py)
    "{column}: 95-%-Intervall, untere Grenze": "{column}: 95 % interval, lower bound",
    "{column}: 95-%-Intervall, obere Grenze": "{column}: 95 % interval, upper bound",
    "Im Diagramm: senkrechte Striche.": "In the chart: vertical bars.",
    # the time series (ui/trends.py)
    "Band: 95-%-Intervall": "Band: 95 % interval",
    "{line}: 95-%-Intervall": "{line}: 95 % interval",
    "Gebiets-ID": "Area ID",
    "Rolle": "Role",
    "Zeitreihe": "Time series",
    "(darunter klein: 95-%-Intervall)": "(below in small type: 95 % interval)",
    "Helles Band um die Linie eines Gebiets: 95-%-Intervall (Bereich, in dem der Wert ohne die zufällige "
    "Schwankung kleiner Zahlen mit 95 % Sicherheit liegt; bei Schätzungen heller und schraffiert).":
        "Light band around an area's line: 95 % interval (the range in which the value without the random "
        "variation of small numbers lies with 95 % confidence; lighter and hatched for estimates).",
}
