"""Time series, comparison, presentation mode and Sitzungsmappe, and the privacy and imprint pages
(dashboard/ui/trends.py, compare.py, presentation.py, legal.py; dashboard/reports/series.py, compare.py).

Terms: Zeitreihe = time series, Vergleich = comparison, zusammen = combined, Sitzungsmappe = meeting deck,
Präsentation = presentation, Datenschutz = privacy, Impressum = imprint.
"""

STRINGS = {
    # time series (dashboard/ui/trends.py)
    # notices of dashboard/state/trends.py
    "Gebiete aus dem Link gibt es auf keiner Gebietsebene dieses Datensatzes; sie wurden weggelassen.":
        "Areas from the link exist at no spatial level of this dataset and were left out.",
    "Gebiete aus dem Link liegen nicht auf der Ebene des Diagramms und wurden weggelassen.":
        "Areas from the link are not at the chart's spatial level and were left out.",
    "Höchstens 5 Gebiete je Diagramm; die übrigen wurden weggelassen.": "At most 5 areas per chart; the others were left out.",
    "Gebiete (bis zu {n})": "Areas (up to {n})",
    "Gebiet suchen …": "Search an area …",
    "Bezugslinien: übergeordnetes Gebiet und Gesamtstadt": "Reference lines: parent area and whole city",
    "{indicator} – Zeitreihe, {level}": "{indicator} – time series, {level}",
    "zeitreihe-{indicator}-{level}": "time-series-{indicator}-{level}",
    "Schätzung (hohle Punkte, gepunktet)": "estimate (hollow dots, dotted)",
    "Zielwert {value}": "Target value {value}",
    "Schwellenwert {value}": "Threshold {value}",
    "Keine Werte für diese Auswahl.": "No values for this selection.",
    "{indicator} – Werte der Zeitreihe": "{indicator} – values of the time series",
    "Wählen Sie links bis zu fünf Gebiete; gezeigt wird sonst nur die Gesamtstadt.":
        "Choose up to five areas on the left; otherwise only the whole city is shown.",
    "Dünne graue Linien, jede mit eigenem Strichmuster: übergeordnete Gebiete und Gesamtstadt als Bezug. "
    "Jede Linie ist an ihrem Ende beschriftet.":
        "Thin grey lines, each with its own dash pattern: parent areas and whole city for reference. "
        "Every line is labelled at its end.",
    "Ohne Werte und daher ohne Linie: {lines}.": "No values, hence no line: {lines}.",
    "Keine Bezugslinien: „{indicator}“ hat keine Werte für übergeordnete Gebiete oder die Gesamtstadt.":
        "No reference lines: “{indicator}” has no values for parent areas or the whole city.",
    "Werte gibt es nur für {year}: eine Entwicklung lässt sich erst mit weiteren Jahren zeigen.":
        "There are values for {year} only: a trend can only be shown with further years.",
    # the time series' empty state
    "Für {areas} ({level}) gibt es keine Werte von „{indicator}“.": "There are no values of “{indicator}” for {areas} ({level}).",
    "Für die Gesamtstadt ({city}) gibt es keine Werte von „{indicator}“ – ohne gewählte Gebiete zeigt die Zeitreihe nur sie.":
        "There are no values of “{indicator}” for the whole city ({city}) – without chosen areas the time series shows "
        "only the city.",
    "Auf der Ebene {level} hat der Indikator Werte für {years}.": "At the level “{level}” the indicator has values for {years}.",
    "Für {areas} ({level}) werden keine Werte von „{indicator}“ veröffentlicht: zu geringe Fallzahlen.":
        "No values of “{indicator}” are published for {areas} ({level}): the numbers are too small.",
    "Zeitreihe für {areas}": "Time series for {areas}",
    "„{indicator}“ {year} als Karte": "“{indicator}” {year} as a map",
    "Zeitreihe der Gesamtstadt: {indicator}": "Time series of the whole city: {indicator}",
    "Stattdessen:": "Instead:",
    "Schätzung (hohle Punkte, gepunktete Linie, ≈ in der Tabelle): {how}":
        "Estimate (hollow dots, dotted line, ≈ in the table): {how}",
    "bevölkerungsgewichtetes Mittel der Teilgebiete (keine Zählwerte), daher nur eine Näherung.":
        "population-weighted mean of the sub-areas (no counts), hence only an approximation.",
    "Senkrechte gestrichelte Linie: die Reihe wechselt zwischen Schätzung und gemessenen Werten; "
    "die Werte davor und danach sind nur eingeschränkt vergleichbar und werden nicht verbunden.":
        "Vertical dashed line: the series switches between estimated and measured values; the values before and after "
        "are only partly comparable and are not joined.",
    "Lücken: keine Angabe wegen geringer Fallzahl oder kein Wert in diesem Jahr.":
        "Gaps: no value because of small numbers, or no value in that year.",
    "⚠ markiert Werte mit geringer Fallzahl: nur intern sichtbar – nicht veröffentlichen.":
        "⚠ marks values based on small numbers: visible internally only – do not publish.",
    "Waagerechte Linien: {lines}.": "Horizontal lines: {lines}.",
    "Veränderung zwischen zwei Jahren als Karte": "Change between two years as a map",
    "Diese Gebiete vergleichen": "Compare these areas",
    "Wechsel: Schätzung → gemessen": "Switch: estimate → measured",
    "Wechsel: gemessen → Schätzung": "Switch: measured → estimate",
    # comparison (dashboard/ui/compare.py, dashboard/reports/compare.py)
    # notices of dashboard/state/compare.py
    "Wählen Sie 2 bis 5 Gebiete zum Vergleich (Suchfeld links oder ein Link /vergleich?gebiete=…).":
        "Choose 2 to 5 areas to compare (search box on the left, or a link /vergleich?gebiete=…).",
    "Gebiete aus dem Link gibt es in diesem Datensatz nicht und wurden weggelassen.":
        "Areas from the link do not exist in this dataset and were left out.",
    "Die Gesamtstadt steht immer als eigene Spalte im Vergleich.": "The whole city always has its own column in the comparison.",
    "Höchstens 5 Gebiete lassen sich vergleichen; die übrigen wurden weggelassen.":
        "At most 5 areas can be compared; the others were left out.",
    "Gebiete ({min} bis {max}, jede Ebene)": "Areas ({min} to {max}, any level)",
    "Kein Gebiet gefunden – Namen eingeben": "No area found – type a name",
    "Indikator im Diagramm": "Indicator in the chart",
    "Tabelle als CSV herunterladen": "Download table as CSV",
    "Noch keine Gebiete gewählt.": "No areas chosen yet.",
    "Für das Jahr aus dem Link gibt es keine Werte dieser Gebiete; das nächstliegende Jahr mit Werten wird gezeigt.":
        "The year from the link has no values for these areas; the nearest year with values is shown.",
    "Keine Werte für {year}.": "No values for {year}.",
    # the comparison's empty states
    "{level} in {area}": "{level} in {area}",
    "Wählen Sie links 2 bis 5 Gebiete (jede Ebene); bis dahin zeigt die Tabelle die Werte der Gesamtstadt für {year}.":
        "Choose 2 to 5 areas on the left (any level); until then the table shows the whole city's values for {year}.",
    "Vergleichen: {areas}": "Compare: {areas}",
    "Zum Beispiel:": "For example:",
    "Kein Diagramm: „{indicator}“ hat {year} keine Werte für die gewählten Gebiete.":
        "No chart: “{indicator}” has no values for the chosen areas in {year}.",
    "Werte gibt es für {years}.": "There are values for {years}.",
    "Vergleich {year} öffnen": "Open the comparison for {year}",
    "Den Indikator gibt es für keines der gewählten Gebiete in keinem Jahr; er liegt nur auf der Ebene {levels} vor.":
        "The indicator has no value for any of the chosen areas in any year; it exists only at the level(s) {levels}.",
    "Diagramm {year} für „{indicator}“": "Chart {year} for “{indicator}”",
    "{year}: {n} Indikatoren mit gemessenen Werten für diese Gebiete, {shown} hier. ":
        "{year}: {n} indicators with measured values for these areas, {shown} here. ",
    "zusammen": "combined",
    "Die gewählten Gebiete als ein Gebiet: aus Zählwerten berechnet, Anteile nie gemittelt.":
        "The chosen areas as one area: computed from counts, shares never averaged.",
    "Kennzahlen {year} im Vergleich": "Key figures {year} compared",
    "{area} (keine Angabe)": "{area} (no value)",
    "{area} (nicht verfügbar)": "{area} (not available)",
    "vergleich-{indicator}-{year}": "comparison-{indicator}-{year}",
    "Gebietsvergleich {year}": "Area comparison {year}",
    "Gebietsvergleich {year}: {names}": "Area comparison {year}: {names}",
    "„zusammen“: die gewählten Gebiete als ein Gebiet – aus Zählwerten berechnet (z. B. für ein Fördergebiet "
    "aus mehreren Planungsräumen), Anteile werden nie gemittelt. ≈ Näherung/Schätzung, – nicht berechenbar "
    "(Grund im Tooltip).":
        "“Combined”: the chosen areas as one area – computed from counts (e.g. for a funding area made up of several "
        "planning areas); shares are never averaged. ≈ approximation/estimate, – cannot be computed (reason in the tooltip).",
    "{area} liegt in {parent}": "{area} lies within {parent}",
    "Die Auswahl überschneidet sich ({pairs}); „zusammen“ wird daher nicht berechnet.":
        "The chosen areas overlap ({pairs}), so “combined” is not computed.",
    "Link zu diesem Vergleich: ": "Link to this comparison: ",
    "als Zeitreihe": "as a time series",
    "Zu wenige Fälle: der Wert wird nicht veröffentlicht.": "Too few cases: the value is not published.",
    "Kein Wert für dieses Jahr.": "No value for this year.",
    "Auf der Ebene {level} nicht vorhanden.": "Not available at the level “{level}”.",
    "Lässt sich nicht zusammenfassen: der Indikator hat keine Zählwerte "
    "(z. B. Klassen oder Indexwerte), ein Mittelwert wäre irreführend.":
        "Cannot be combined: the indicator has no counts (e.g. classes or index values), and a mean would be misleading.",
    "Die gewählten Gebiete überschneiden sich; eine Summe würde Einwohner doppelt zählen.":
        "The chosen areas overlap; a sum would count residents twice.",
    "Näherung: bevölkerungsgewichtetes Mittel der Gebiete (keine Zählwerte vorhanden).":
        "Approximation: population-weighted mean of the areas (no counts available).",
    "Nicht für alle gewählten Gebiete vorhanden ({present} von {n}).": "Not available for all chosen areas ({present} of {n}).",
    "Ein Gebiet der Auswahl hat eine geringe Fallzahl; die Summe könnte sie offenlegen.":
        "One of the chosen areas has small numbers; the sum could disclose them.",
    "enthält Schätzungen": "includes estimates",
    ("In der öffentlichen Ansicht nicht verfügbar: ohne veröffentlichte Zählwerte ließe sich ein "
     "gemeinsamer Wert mit anderen Angaben zu einer geschützten kleinen Fallzahl verrechnen."):
        ("Not available in the public view: without published counts a combined value could be "
         "combined with other figures to reveal a protected small number."),
    # the comparison's download (dashboard/ui/compare.py export_table)
    "„zusammen“ = die Gebiete als ein Gebiet, aus Zählwerten berechnet (Anteile nie gemittelt); "
    "leer, wo das nicht korrekt möglich ist.":
        "“Combined” = the areas as one area, computed from counts (shares never averaged); "
        "empty where that is not correctly possible.",
    "Indikator-ID": "Indicator ID",
    "gebietsvergleich-{year}": "area-comparison-{year}",
    "{column}: Klasse (Code)": "{column}: class (code)",
    "{column}: Klasse (Bezeichnung)": "{column}: class (label)",
    "{column}: Schätzung": "{column}: estimate",
    "{column}: nicht veröffentlicht": "{column}: not published",
    # presentation mode and Sitzungsmappe (dashboard/ui/presentation.py, assets/qm_presentation.js)
    "Präsentation": "Presentation",
    "Präsentation beenden": "End presentation",
    "Präsentationsmodus für Beamer (Pfeiltasten: nächste/vorige Ansicht, Esc: beenden)":
        "Presentation mode for projectors (arrow keys: next/previous view, Esc: leave)",
    "Folie {n} von {total}": "Slide {n} of {total}",
    "Keine Sitzungsmappe – Ansichten über „Sitzungsmappe“ sammeln": "No meeting deck – collect views with “Meeting deck”",
    "Sitzungsmappe": "Meeting deck",
    "Mitgelieferte Sitzungsmappen": "Meeting decks supplied with the dataset",
    "„{title}“ laden ({n} Ansichten)": "Load “{title}” ({n} views)",
    "Ansichten sammeln und in der Sitzung wie Folien zeigen: Pfeiltasten oder Bild auf/ab blättern, "
    "Esc beendet die Präsentation.":
        "Collect views and show them in the meeting like slides: arrow keys or Page Up/Down to move on, "
        "Esc ends the presentation.",
    "Titel der Sitzungsmappe": "Title of the meeting deck",
    "Aktuelle Ansicht hinzufügen": "Add current view",
    "Präsentation starten": "Start presentation",
    "Als Datei speichern": "Save as file",
    "Datei laden": "Load file",
    "Liste leeren": "Clear list",
    "Noch keine Ansichten. Öffnen Sie eine Ansicht und wählen Sie „Aktuelle Ansicht hinzufügen“.":
        "No views yet. Open a view and choose “Add current view”.",
    "nach oben": "move up",
    "nach unten": "move down",
    "Entfernen": "Remove",
    "„{title}“ nach oben": "Move “{title}” up",
    "„{title}“ nach unten": "Move “{title}” down",
    "„{title}“ entfernen": "Remove “{title}”",
    "„{title}“ hinzugefügt.": "“{title}” added.",
    "Sitzungsmappe „{title}“ geladen ({n} Ansichten).": "Meeting deck “{title}” loaded ({n} views).",
    "Datei geladen: „{title}“ ({n} Ansichten).": "File loaded: “{title}” ({n} views).",
    "Sitzungsmappe des Quartiersmonitors: Ansichten in der Reihenfolge der Präsentation.":
        "Quartiersmonitor meeting deck: views in the order of the presentation.",
    "sitzungsmappe-{name}.toml": "meeting-deck-{name}.toml",
    "ansichten": "views",
    # Sitzungsmappe errors: each says what is wrong and what to do
    "Die Sitzungsmappe": "The meeting deck",
    "Die Datei „{name}“": "The file “{name}”",
    "Datei": "file",
    "{source}: Der Titel": "{source}: the title",
    "{source}, Ansicht {number}": "{source}, view {number}",
    "Der Titel": "The title",
    "Der Titel der Ansicht": "The title of the view",
    "Aktuelle Ansicht": "Current view",
    "{what} muss ein Text sein.": "{what} must be text.",
    "{what} ist länger als {max} Zeichen.": "{what} is longer than {max} characters.",
    "Die Adresse fehlt. Jede Ansicht braucht eine Adresse wie „/mehrfachbelastung?jahr=2023“.":
        "The address is missing. Every view needs an address such as “/mehrfachbelastung?jahr=2023”.",
    "Die Adresse ist länger als {max} Zeichen.": "The address is longer than {max} characters.",
    "Die Adresse „{shown}“ ist keine Ansicht dieser Anwendung. Erlaubt sind nur Adressen "
    "innerhalb der Anwendung, die mit „/“ beginnen, z. B. „/mehrfachbelastung?jahr=2023“.":
        "The address “{shown}” is not a view of this application. Only addresses within the application that start "
        "with “/” are allowed, e.g. “/mehrfachbelastung?jahr=2023”.",
    "{source} hat nicht das erwartete Format: erwartet werden „title“ und eine Liste „views“.":
        "{source} does not have the expected format: “title” and a list “views” are expected.",
    "{source}: „views“ muss eine Liste von Ansichten sein.": "{source}: “views” must be a list of views.",
    "{source} enthält {n} Ansichten; erlaubt sind höchstens {max}. Bitte teilen Sie sie auf mehrere Sitzungsmappen auf.":
        "{source} contains {n} views; at most {max} are allowed. Please split them into several meeting decks.",
    "{where}: erwartet werden „title“ und „url“.": "{where}: “title” and “url” are expected.",
    "Die Datei „{name}“ ist größer als {kb} kB; eine Sitzungsmappe ist eine kleine Textdatei.":
        "The file “{name}” is larger than {kb} kB; a meeting deck is a small text file.",
    "Die Datei „{name}“ ist keine UTF-8-Textdatei.": "The file “{name}” is not a UTF-8 text file.",
    "Die Datei „{name}“ ist kein gültiges JSON (Zeile {line}, Spalte {column}).":
        "The file “{name}” is not valid JSON (line {line}, column {column}).",
    "Die Datei „{name}“ ist kein gültiges TOML: {error}.": "The file “{name}” is not valid TOML: {error}.",
    "Die Datei „{name}“ hat keine bekannte Endung; erwartet wird .toml oder .json.":
        "The file “{name}” has no known extension; .toml or .json is expected.",
    "Die Datei „{name}“ enthält keine Ansichten.": "The file “{name}” contains no views.",
    "Die Datei konnte nicht gelesen werden.": "The file could not be read.",
    "Die Datei ist größer als {kb} kB; eine Sitzungsmappe ist eine kleine Textdatei.":
        "The file is larger than {kb} kB; a meeting deck is a small text file.",
    "Die Sitzungsmappe enthält schon {max} Ansichten; mehr sind nicht möglich.":
        "The meeting deck already contains {max} views; no more are possible.",
    # privacy and imprint (dashboard/ui/legal.py)
    "Datenschutzhinweis": "Privacy notice",
    "Was diese Anwendung speichert": "What this application stores",
    "Nichts über Sie: Es gibt keine Anmeldung, keine Cookies, kein Tracking und keine Analysewerkzeuge. "
    "Ihre Auswahl (Indikator, Jahr, Gebiet) steht nur in der Adresse der Seite und wird auf dem Server "
    "nicht gespeichert. Alle Skripte, Schriften und Gebietsgrenzen kommen von diesem Server selbst.":
        "Nothing about you: there is no login, no cookies, no tracking and no analytics. Your selection (indicator, "
        "year, area) is held only in the page address and is not stored on the server. All scripts, fonts and area "
        "boundaries come from this server itself.",
    "Die Hintergrundkarte wird von einem Kachelserver geladen; dieser erhält dabei, wie jeder "
    "Webserver, die IP-Adresse Ihres Geräts.":
        "The background map is loaded from a tile server, which, like any web server, receives your device's IP address.",
    "Anbieter: {provider}.": "Provider: {provider}.",
    "Server-Protokolle": "Server logs",
    "Der Webserver kann technisch notwendige Zugriffsdaten (Zeitpunkt, aufgerufene Adresse, IP-Adresse) "
    "kurzzeitig protokollieren, um den Betrieb zu sichern. Art und Dauer legt der Betreiber fest.":
        "The web server may briefly log technically necessary access data (time, requested address, IP address) to keep "
        "the service running. The operator decides what is logged and for how long.",
    "Kleine Fallzahlen": "Small numbers",
    "Werte für Gebiete mit weniger als {min_population} Einwohnerinnen und Einwohnern "
    "sowie Werte, deren Fallzahl unter der für den Indikator festgelegten Mindestfallzahl liegt, "
    "werden nicht veröffentlicht (Schutz vor der Identifizierung einzelner Personen).":
        "Values for areas with fewer than {min_population} residents, and values whose case numbers are below the "
        "minimum set for the indicator, are not published (protection against identifying individuals).",
    "In dieser öffentlichen Ansicht werden solche Werte bereits auf dem Server entfernt: Sie erscheinen "
    "weder in der Karte noch in Tabellen, Diagrammen, Tooltips oder Downloads, sondern als "
    "„keine Angabe (geringe Fallzahl)“. Nicht zur Veröffentlichung bestimmte Indikatoren werden nicht angeboten.":
        "In this public view such values are already removed on the server: they appear neither on the map nor in "
        "tables, charts, tooltips or downloads, but as “no value (small numbers)”. Indicators not intended for "
        "publication are not offered.",
    "In dieser internen Ansicht sind solche Werte sichtbar und als geringe Fallzahl gekennzeichnet; "
    "sie dürfen nicht weitergegeben oder veröffentlicht werden.":
        "In this internal view such values are visible and marked as small numbers; they must not be passed on or "
        "published.",
    "Verantwortlich": "Responsible",
    "Betreiber": "Operator",
    "Kontakt": "Contact",
    "[Betreiber: Name der Stelle und Anschrift – bitte mit QM_OPERATOR festlegen]":
        "[Operator: name of the organisation and address – please set with QM_OPERATOR]",
    "[Kontakt: E-Mail-Adresse oder Telefon – bitte mit QM_CONTACT festlegen]":
        "[Contact: e-mail address or telephone – please set with QM_CONTACT]",
    "Daten und Quellen": "Data and sources",
    "Quellenangabe": "Attribution",
    "Quartiersmonitor ist freie Software; die Anwendung zeigt die Daten so, wie sie der Datensatz liefert.":
        "Quartiersmonitor is free software; the application shows the data as the dataset provides them.",
}
