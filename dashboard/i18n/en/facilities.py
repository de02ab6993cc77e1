"""English for the map overlays (dashboard/overlays.py, dashboard/ui/overlays.py) and the facilities (point layers:
dashboard/facilities.py, dashboard/ingest/facilities.py, the profile's "Soziale Infrastruktur" in
dashboard/ui/profile_facilities.py)."""

STRINGS = {
    "Weitere Ebenen": "Further layers",
    "Einrichtungen": "Facilities",
    "OpenStreetMap": "OpenStreetMap",
    "Förderkulissen": "Funding areas",
    "Maßnahmen": "Measures",
    "Kapazität": "Capacity",
    # the profile's section (dashboard/ui/profile_facilities.py)
    "Soziale Infrastruktur": "Social infrastructure",
    "Einrichtungen im Gebiet nach Art: Anzahl, Summe der Kapazität (soweit angegeben), Stand und Quelle. "
    "Versorgungskennzahlen wie Kitaplätze je Kind stehen bei den Kennzahlen. Die Namen und Adressen stehen nur "
    "auf dem Bildschirm, nicht im Druck.":
        "Facilities in the area by type: number, total capacity (where given), date and source. Supply ratios such as "
        "day-care places per child are among the key figures. Names and addresses are shown on screen only, not in print.",
    "Aus OpenStreetMap (Open Database License, ODbL 1.0): von Freiwilligen erfasst, nicht vollständig und nicht "
    "Teil der amtlichen Kennzahlen; getrennt von den amtlichen Ebenen gehalten.":
        "From OpenStreetMap (Open Database License, ODbL 1.0): collected by volunteers, not complete and not part of "
        "the official key figures; kept apart from the official layers.",
    "({n} ohne Angabe)": "({n} not stated)",
    "nur intern": "internal only",
    "Art der Einrichtung": "Type of facility",
    "Anzahl": "count",
    "Stand": "As of",
    "ohne Namen": "unnamed",
    "… und {n} weitere: alle auf der Karte": "… and {n} more: all of them on the map",
    "{layer}: {n} – Namen und Adressen": "{layer}: {n} – names and addresses",
    "Einrichtungen im Gebiet": "Facilities in the area",
    "Orte aus OpenStreetMap im Gebiet": "Places from OpenStreetMap in the area",
    "Einrichtungen auf der Karte zeigen": "Show the facilities on the map",
    "{n} Einrichtungen": "{n} facilities",
    "Soziale Infrastruktur, {layer}: {parts} (Stand {stand}; {credit})": "Social infrastructure, {layer}: {parts} (as of {stand}; {credit})",
    "1 Einrichtung": "1 facility",
    "Name": "Name",
    "Kategorie": "Category",
    "Einheit der Kapazität": "Unit of capacity",
    "Adresse": "Address",
    "Gebiet (Kennung)": "Area (id)",
    "Gebiet": "Area",
    "Längengrad": "Longitude",
    "Breitengrad": "Latitude",
    "Quelle und Lizenz": "Source and licence",
    "Einrichtungen – {title}": "Facilities – {title}",
    # units of the supply ratios (Berlin's registry has no English unit field; Indicator.text falls back to these)
    "Plätze je 100 Kinder": "places per 100 children",
    "je 10.000 EW": "per 10,000 residents",
    "Plätze je 100 EW ab 65": "places per 100 residents aged 65+",
    "Plätze je 1.000 EW": "places per 1,000 residents",
}
