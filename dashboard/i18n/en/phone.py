"""English texts of the phone layout: the folding controls, legend and header menu, the area sheet."""

STRINGS = {
    "Einstellungen: Auswahl und Filter": "Settings: selection and filters",
    "Legende": "Legend",
    "Legende ein- oder ausklappen": "Show or hide the legend",
    "Auswahl aufheben und schließen": "Clear the selection and close",
    "Menü": "Menu",
    "Präsentation, Sitzungsmappe, Link und Sprache": "Presentation, meeting pack, link and language",
    # the map's hint without a selected area: a phone is tapped, a desktop clicked (dashboard/ui/map.py area_panel)
    "Tippen oder klicken Sie ein Gebiet in der Karte an oder wählen Sie es in der Tabelle, um seine Kennzahlen zu sehen.":
        "Tap or click an area on the map, or choose it in the table, to see its key figures.",
}
