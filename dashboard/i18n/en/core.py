"""The page frame: header, footer, navigation, language switch, shared notices and map texts."""

STRINGS = {
    "Quartiersmonitor": "Quartiersmonitor",
    "Zum Inhalt springen": "Skip to content",
    "fiktive Beispieldaten": "fictitious sample data",
    "Indikator": "Indicator",
    "Jahr (Stichtag)": "Year (reference date)",
    "Gebietsebene": "Spatial level",
    "Einheit: {unit}": "Unit: {unit}",
    "Stichtag: {stichtag}": "Reference date: {stichtag}",
    "Quelle: {source}": "Source: {source}",
    "Klassenbildung: {method}": "Classification: {method}",
    "höhere Werte = ungünstiger": "higher values = less favourable",
    "höhere Werte = günstiger": "higher values = more favourable",
    "ohne Wertung": "no valuation",
    "Definition": "Definition",
    "Zähler": "Numerator",
    "Nenner": "Denominator",
    "Zielbereich": "Target area (Zielbereich)",
    "{n} Werte sind Schätzungen. {how}": "{n} values are estimates. {how}",
    "Bevölkerungsgewichtetes Mittel der Teilgebiete (keine Zählwerte), daher nur eine Näherung.":
        "Population-weighted mean of the sub-areas (no counts), hence only an approximation.",
    "Auf dieser Ebene eine Näherung: bevölkerungsgewichtetes Mittel der Planungsräume, da keine Zählwerte vorliegen.":
        "An approximation at this level: population-weighted mean of the smallest areas, as no counts are available.",
    "Hinweis": "Note",
    "{n} Gebiete ohne Angabe wegen geringer Fallzahl bzw. unter {min_population} Einwohnern (nicht bewertet).":
        "{n} areas without a value because of small numbers or fewer than {min_population} residents (not rated).",
    ("{n} Gebiete ohne Angabe wegen geringer Fallzahl, unter {min_population} Einwohnern (nicht bewertet) oder zum "
     "Schutz kleiner Zahlen in einem Nachbargebiet (Geheimhaltung)."):
        ("{n} areas without a value because of small numbers, fewer than {min_population} residents (not rated) or to "
         "protect small numbers in a neighbouring area (statistical confidentiality)."),
    "Auf dieser Ebene nicht verfügbar: der Indikator hat keine Zählwerte und lässt sich nicht korrekt zusammenfassen.":
        "Not available at this level: the indicator has no counts and cannot be aggregated correctly.",
    "Kennzahlen {year}": "Key figures {year}",
    "Gebiet": "Area",
    "Gesamtstadt": "Whole city",
    "geringe Fallzahl": "small numbers",
    "Wert wegen geringer Fallzahl nur intern sichtbar – nicht veröffentlichen.":
        "Value visible internally only because of small numbers – do not publish.",
    "Schätzung": "estimate",
    "Datenquellen": "Data sources",
    "Datenstand": "Data release",
    "Schließen": "Close",
    "Seite nicht gefunden": "Page not found",
    "Diese Adresse gibt es nicht. Zurück zur Karte:": "This address does not exist. Back to the map:",
    "zur Karte": "to the map",
    "Karte der Gebiete, eingefärbt nach dem gewählten Indikator": "Map of the areas, coloured by the chosen indicator",
    # header and footer
    "Gebiet suchen (Name oder Nummer) …": "Search an area (name or number) …",
    "Gebiet suchen": "Search an area",
    "Kein Gebiet gefunden": "No area found",
    "Gebietssuche": "Area search",
    "Suche löschen": "Clear search",
    "Auswahl löschen": "Clear selection",
    "Alle auswählen": "Select all",
    "Keine auswählen": "Select none",
    "{num_selected} gewählt": "{num_selected} selected",
    "öffentliche Ansicht": "public view",
    "interne Ansicht": "internal view",
    "Lizenz": "Licence",
    "Datenschutz": "Privacy",
    "Impressum": "Imprint",
    "English": "English",
    "Deutsch": "Deutsch",
    "Link kopieren": "Copy link",
    "Link kopiert": "Link copied",
    "Kopieren nicht möglich – bitte die Adresszeile kopieren.": "Copying is not possible – please copy the address bar.",
    "gültig bis": "valid until",
    "Link in die Zwischenablage kopieren – er enthält die ganze Ansicht und den Datenstand.":
        "Copy the link to the clipboard – it holds the whole view and the data release.",
    # navigation
    "Ansichten": "Views",
    "Karte": "Map",
    "Mehrfachbelastung": "Multiple burden",
    "Status/Dynamik-Index": "Status/dynamics index",
    "Zeitreihen": "Time series",
    "Veränderung": "Change",
    "Vergleich": "Comparison",
    # notices from the URL (dashboard/monitor.py resolve_view)
    "Die Adresse war ungültig oder zu lang; die Standardansicht wird gezeigt.":
        "The address was invalid or too long; the default view is shown.",
    "Der Indikator aus dem Link ist nicht verfügbar; der Standardindikator wird gezeigt.":
        "The indicator from the link is not available; the default indicator is shown.",
    "Die Gebietsebene aus dem Link passt nicht zum Indikator; eine passende Ebene wird gezeigt.":
        "The spatial level from the link does not fit the indicator; a suitable level is shown.",
    "Für das Jahr aus dem Link gibt es keine Werte; das nächstliegende Jahr wird gezeigt.":
        "There are no values for the year from the link; the nearest year is shown.",
    "Das Gebiet aus dem Link gibt es in diesem Datensatz nicht.": "The area from the link does not exist in this dataset.",
    "Der Ausschnitt aus dem Link passt nicht zur Gebietsebene und wird nicht gezeigt.":
        "The map section from the link does not fit the spatial level and is not shown.",
    # release pinning
    "Dieser Link wurde mit dem Datenstand {old} erstellt; gezeigt wird der aktuelle Datenstand {new}. Werte können sich geändert haben.":
        "This link was made with data release {old}; the current data release {new} is shown. Values may have changed.",
    "Der Datenstand im Link ({old}) ist unbekannt; gezeigt wird der aktuelle Datenstand {new}.":
        "The data release in the link ({old}) is unknown; the current data release {new} is shown.",
}
STRINGS.update({
    # legend and map tooltip words (dashboard/present.py)
    "keine Angabe (geringe Fallzahl)": "no value (small numbers)",
    "keine Daten": "no data",
    "geringe Fallzahl (nur intern)": "small numbers (internal only)",
    "nicht bewertet": "not rated",
    # every download (dashboard/export.py)
    "Lizenz: {license}": "Licence: {license}",
    "Datenquellen: {attribution}": "Data sources: {attribution}",
    "Datensatz: {title}, Datenstand {release}": "Dataset: {title}, data release {release}",
    "ja": "yes",
    "nein": "no",
    "nicht veröffentlicht (geringe Fallzahl/Geheimhaltung)": "not published (small numbers/confidentiality)",
    "Klassenbezeichnung": "Class label",
    "Ausschnitt: {area}": "Map section: {area}",
})
