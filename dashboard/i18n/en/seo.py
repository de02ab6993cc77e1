"""English for what search engines read (dashboard/seo.py: the meta descriptions of the pages)."""

STRINGS = {
    "Gebietsprofil {name} ({level} {area_id}) im {site}: Kennzahlen des Gebiets im Vergleich zu "
    "übergeordneten Gebieten und Gesamtstadt, mit Zeitreihen und Quellen.":
        "Area profile {name} ({level} {area_id}) in the {site}: the area's key figures compared with its parent "
        "areas and the whole city, with time series and sources.",
    "{site} – Methodik: Definitionen, Quellen und Rechenregeln der Kennzahlen, Geheimhaltung und "
    "häufige Fragen.":
        "{site} – methodology: definitions, sources and calculation rules of the key figures, statistical "
        "confidentiality and frequently asked questions.",
    "{site} – Offene Daten: alle veröffentlichten Werte und die Gebietsgrenzen zum Herunterladen "
    "(CSV, Parquet, GeoPackage).":
        "{site} – open data: all published values and the area boundaries to download (CSV, Parquet, GeoPackage).",
    "{site}: kleinräumige Kennzahlen zu sozialer Lage, Umwelt und Gesundheit auf der Karte, in "
    "Gebietsprofilen, Zeitreihen und Vergleichen – mit Methodik und offenen Daten.":
        "{site}: small-area key figures on social conditions, environment and health on the map, in area "
        "profiles, time series and comparisons – with methodology and open data.",
}
