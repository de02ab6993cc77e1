"""Fixed vocabulary that datasets use: dimensions, units, Zielbereiche, reference-date words.

Indicator labels and definitions come in English from the dataset itself (`label_en`, `[indicator.en]`);
names of places and sources stay as published.
"""

STRINGS = {
    # dimensions (dashboard/catalog.py DIMENSIONS)
    "Soziales": "Social",
    "Umwelt": "Environment",
    "Gesundheit": "Health",
    "Bildung": "Education",
    "Demografie": "Demography",
    "Wohnen": "Housing",
    "Index": "Index",
    "Dimension": "Dimension",
    # units
    "Personen": "persons",
    "Klasse": "class",
    "Prozentpunkte": "percentage points",
    "Indexwert": "index value",
    "je 100 EW": "per 100 residents",
    "je 100 Kinder unter 6 J.": "per 100 children under 6",
    "je 100 EW unter 6 J.": "per 100 residents under 6",
    "Anzahl (0–5)": "count (0–5)",
    "Anzahl": "count",
    "Jahre": "years",
    # Zielbereiche of the Berlin core indicators
    "Ausgewogenheit demografischer Strukturen": "Balanced demographic structures",
    "Armutsrisiko/Armut vermeiden": "Avoid poverty risk and poverty",
    "Umweltgerechtigkeit (Mehrfachbelastung)": "Environmental justice (multiple burden)",
    "Gesamtbild Sozialräumliche Entwicklung": "Overall picture of socio-spatial development",
    "Attraktivität des Quartiers/Stadtteils als Wohnort": "Attractiveness of the neighbourhood as a place to live",
    "Entwicklungsrisiken von Kindern und Jugendlichen": "Developmental risks of children and young people",
    "Familienfreundlichkeit": "Family friendliness",
    "Bildungschancen verbessern": "Improve educational opportunities",
    "Gesundheit fördern": "Promote health",
    "Integration fördern": "Promote integration",
    # reference dates
    "Stichtag": "reference date",
    "Ausgabe 2021/2022": "edition 2021/2022",
    "Dezember 2013": "December 2013",
    "Januar 2014": "January 2014",
    "Vergleichsstand 2013 bzw. 2022 (GSSA 2022)": "comparison 2013 and 2022 (GSSA 2022)",
    # classification methods (dashboard/methods/classify.py METHOD_LABELS_DE)
    "Quantile (gleich viele Gebiete je Klasse)": "quantiles (equal number of areas per class)",
    "gleiche Intervalle": "equal intervals",
    "natürliche Brüche (Fisher-Jenks)": "natural breaks (Fisher-Jenks)",
    "Standardabweichung um den Mittelwert": "standard deviation around the mean",
    "Klassen laut Quelle": "classes as published",
}
