"""English texts of the phone layout: the folding controls, legend and header menu, the area sheet."""

STRINGS = {
    "Einstellungen: Auswahl und Filter": "Settings: selection and filters",
    "Legende": "Legend",
    "Legende ein- oder ausklappen": "Show or hide the legend",
    "Auswahl aufheben und schließen": "Clear the selection and close",
    "Menü": "Menu",
    "Präsentation, Sitzungsmappe, Link und Sprache": "Presentation, meeting pack, link and language",
}
