"""The map view, its area table and downloads, the change map; class words of published categories."""

STRINGS = {
    # map view (dashboard/ui/map.py)
    "{indicator} – {level}, Stichtag {date}": "{indicator} – {level}, reference date {date}",
    "Indikator suchen": "Search indicators",
    "Kein Indikator gefunden": "No indicator found",
    "Ausschnitt": "Map section",
    "Unterteilen": "Break down",
    "{levels} anzeigen": "Show {levels}",
    "Gebietsprofil öffnen ›": "Open area profile ›",
    "Vergleichen ›": "Compare ›",
    "Zeitreihe ›": "Time series ›",
    "Kennzahl": "Key figure",
    # area table and its downloads (dashboard/ui/table.py)
    "Alle Gebiete": "All areas",
    "CSV herunterladen": "Download CSV",
    "Die Tabelle wird geladen …": "Loading the table …",
    "Excel (XLSX) herunterladen": "Download Excel (XLSX)",
    "Nr.": "No.",
    "Stadt": "City",
    "übergeordnet": "Parent area",
    "Rang": "Rank",
    "1 = günstigster Wert (bei neutralen Indikatoren: größter Wert)":
        "1 = most favourable value (for neutral indicators: largest value)",
    "Gebietsprofil": "Area profile",
    "Profil ›": "Profile ›",
    "geringe Fallzahl – nur intern": "small numbers – internal only",
    "Definition: {description}": "Definition: {description}",
    "Datensatz: {title}, Datenstand {release}": "Dataset: {title}, data release {release}",
    "Gebiete": "Areas",
    # change map (dashboard/ui/change.py, words from dashboard/reports/series.py)
    "Veränderung {von}–{bis}: {indicator} – {level}": "Change {von}–{bis}: {indicator} – {level}",
    "Veränderung {von}–{bis}": "Change {von}–{bis}",
    "Veränderung {von}–{bis} ({unit})": "Change {von}–{bis} ({unit})",
    "von": "from",
    "bis": "to",
    "Zeitreihe dieses Indikators": "Time series of this indicator",
    "Karte der Veränderung zwischen zwei Jahren je Gebiet": "Map of the change between two years per area",
    "Gestiegen: {up} Gebiete · gesunken: {down} · etwa unverändert: {same} · ohne Vergleich: {none}":
        "Increased: {up} areas · decreased: {down} · roughly unchanged: {same} · no comparison: {none}",
    "{n} Gebiete schraffiert: in einem der beiden Jahre keine Angabe wegen geringer Fallzahl.":
        "{n} areas hatched: no value in one of the two years because of small numbers.",
    "{n} Veränderungen beruhen auf mindestens einem geschätzten Wert (im Tooltip „Schätzung“).":
        "{n} changes rest on at least one estimated value (“estimate” in the tooltip).",
    "Wert geschätzt, nicht gemessen.": "Value estimated, not measured.",
    "Differenz: Wert {bis} minus Wert {von}; bei Anteilen in Prozentpunkten.":
        "Difference: value {bis} minus value {von}; for shares in percentage points.",
    "Differenz: Wert {bis} minus Wert {von}.": "Difference: value {bis} minus value {von}.",
    "Klassen: gleich breite Stufen um null (mittlere Klasse: etwa unverändert).":
        "Classes: equal steps around zero (middle class: roughly unchanged).",
    "unter {b0}": "below {b0}",
    "{b0} bis unter {b1}": "{b0} to below {b1}",
    "{b1} bis unter {b2}": "{b1} to below {b2}",
    "{b2} bis {b3} (etwa unverändert)": "{b2} to {b3} (roughly unchanged)",
    "über {b3} bis {b4}": "above {b3} to {b4}",
    "über {b4} bis {b5}": "above {b4} to {b5}",
    "über {b5}": "above {b5}",
    "keine Angabe (geringe Fallzahl) in einem der Jahre": "no value (small numbers) in one of the years",
    "keine Daten in einem der Jahre": "no data in one of the years",
    "rot = Verschlechterung (Anstieg), blau = Verbesserung (Rückgang)": "red = worsening (increase), blue = improvement (decrease)",
    "rot = Verschlechterung (Rückgang), blau = Verbesserung (Anstieg)": "red = worsening (decrease), blue = improvement (increase)",
    "ohne Wertung: orange = Rückgang, lila = Anstieg": "no valuation: orange = decrease, purple = increase",
    # notices of the change map (dashboard/ui/change.py resolve)
    "Kein Indikator hat Werte für mindestens zwei Jahre.": "No indicator has values for at least two years.",
    "Für den Indikator aus dem Link lässt sich keine Veränderung zeigen; der Standardindikator wird gezeigt.":
        "No change can be shown for the indicator from the link; the default indicator is shown.",
    "Für ein Jahr aus dem Link gibt es keine Werte; das erste bzw. letzte Jahr wird gezeigt.":
        "There are no values for a year from the link; the first or the latest year is shown.",
    "Von- und Bis-Jahr sind gleich; verglichen wird mit dem ersten verfügbaren anderen Jahr.":
        "The from and to years are the same; the comparison uses the first other available year.",
    "Das Von-Jahr lag nach dem Bis-Jahr; die Jahre wurden getauscht.":
        "The from year was after the to year; the years have been swapped.",
    # class words of published categories (legends, tooltips) and of the status/dynamics index
    # (dashboard/methods/indices.py STATUS_LABELS, DYNAMIC_LABELS); datasets may name their own in [indicator.en]
    "gering": "low",
    "mittel": "medium",
    "hoch": "high",
    "niedrig": "low",
    "sehr niedrig": "very low",
    "positiv": "positive",
    "stabil": "stable",
    "negativ": "negative",
    "gering belastet (gut versorgt)": "low burden (well supplied)",
    "hoch belastet (schlecht versorgt)": "high burden (poorly supplied)",
    "gültig": "valid",
    "ungültig (EW unter 300)": "invalid (fewer than 300 residents)",
    "ungültig (Ausreißer)": "invalid (outlier)",
    "ungültig (Grund nicht angegeben)": "invalid (reason not given)",
    **{f"{s}{sign} (Status {status}, Dynamik {dynamic})": f"{s}{sign} (status {status_en}, dynamics {dynamic_en})"
       for s, status, status_en in ((1, "hoch", "high"), (2, "mittel", "medium"), (3, "niedrig", "low"), (4, "sehr niedrig", "very low"))
       for sign, dynamic, dynamic_en in (("+", "positiv", "positive"), ("+/-", "stabil", "stable"), ("-", "negativ", "negative"))},
}
