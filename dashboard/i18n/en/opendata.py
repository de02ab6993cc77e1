"""English for the open-data page /daten (dashboard/ui/opendata.py) and the column descriptions of dashboard/opendata.py."""

STRINGS = {
    "Offene Daten": "Open data",
    "Alle Werte dieser Anwendung und die Gebietsgrenzen zum Herunterladen – zum Weiterrechnen in Tabellenkalkulation, "
    "R, Python oder einem Geoinformationssystem.":
        "All values of this application and the area boundaries to download – for further work in a spreadsheet, "
        "R, Python or a geographic information system.",
    "Dateien": "Files",
    "Dateiname": "File name",
    "Die Dateien dieses Datenstands werden gerade erstellt; beim ersten Aufruf dauert das bis zu einer Minute. Die "
    "Größen erscheinen hier, sobald sie fertig sind; ein Download wartet so lange.":
        "The files of this data release are being made; the first time this takes up to a minute. Their sizes appear "
        "here as soon as they are ready; a download waits until then.",
    "Format": "Format",
    "Größe": "Size",
    "Gebietsgrenzen: {level}": "Boundaries: {level}",
    "Alle Werte: eine Zeile je Gebiet, Indikator und Jahr": "All values: one row per area, indicator and year",
    "Beschreibung der Indikatoren (Definition, Einheit, Quelle, Stichtag, Regeln)":
        "Description of the indicators (definition, unit, source, reference date, rules)",
    "Gebiete mit Namen und übergeordneten Gebieten, ohne Geometrie": "Areas with names and parent areas, without geometry",
    "Gebietsgrenzen aller Ebenen, dazu die Tabellen „werte“ und „indikatoren“ (für QGIS und andere GIS)":
        "Boundaries of all levels plus the tables “werte” (values) and “indikatoren” (indicators) (for QGIS and other GIS)",
    "Lizenz und Quellenangabe": "Licence and attribution",
    "Beschreibung der Dateien, Spalten und Regeln": "Description of the files, columns and rules (German)",
    "Alle Dateien in einem Archiv": "All files in one archive",
    "CSV: UTF-8, Komma als Trennzeichen, Dezimalpunkt, eine Kopfzeile, keine Kommentarzeilen; eine leere Zelle heißt "
    "„kein Wert“, Kennzeichen stehen als true/false. In Excel über Daten › Aus Text/CSV öffnen. Parquet enthält dieselbe "
    "Tabelle mit Datentypen. Geometrie in WGS 84 (EPSG:4326); das GeoPackage verknüpft Gebiete und Werte über area_id.":
        "CSV: UTF-8, comma as separator, decimal point, one header line, no comment lines; an empty cell means “no value”, "
        "flags read true/false. In Excel open it with Data › From Text/CSV. Parquet holds the same table with data types. "
        "Geometry in WGS 84 (EPSG:4326); the GeoPackage links areas and values by area_id.",
    "Spalten der Wertetabelle (werte.csv, werte.parquet, Tabelle „werte“ im GeoPackage)":
        "Columns of the value table (werte.csv, werte.parquet, table “werte” in the GeoPackage)",
    "Spalte": "Column",
    "Bedeutung": "Meaning",
    "Nummer des Gebiets der Ebene {level}, in dem das Gebiet liegt": "Number of the {level} the area lies in",
    "Einheit, Stichtag und Quelle jedes Indikators stehen in indikatoren.csv, die Rechenregeln auf der Methodenseite "
    "und in den Indikatorenblättern.":
        "Unit, reference date and source of each indicator are in indikatoren.csv, the rules of calculation on the "
        "methodology page and in the indicator fact sheets.",
    "Zur Methodenseite": "To the methodology page",
    "Geheimhaltung und Rundung": "Confidentiality and rounding",
    "Die Dateien enthalten genau die Werte, die diese öffentliche Anwendung in Karte, Tabellen und Gebietsprofilen "
    "zeigt – auf demselben Weg berechnet:":
        "The files hold exactly the values this public application shows in the map, tables and area profiles – "
        "computed the same way:",
    "Werte von Gebieten mit weniger als {min_population} Einwohnerinnen und Einwohnern und Werte mit zu kleiner "
    "Fallzahl werden nicht veröffentlicht; ebenso Werte, aus denen sich ein solcher Wert berechnen ließe. Sie stehen "
    "mit leerem Wert und withheld = true in der Tabelle.":
        "Values of areas with fewer than {min_population} residents and values based on too few cases are not "
        "published; neither are values from which such a value could be calculated. They appear with an empty value "
        "and withheld = true.",
    "Alle anderen Werte sind auf die Nachkommastellen gerundet, mit denen die Anwendung sie zeigt (indikatoren.csv, "
    "Spalte decimals). Summen gerundeter Werte können deshalb leicht abweichen.":
        "All other values are rounded to the decimals the application shows (indikatoren.csv, column decimals). Sums "
        "of rounded values may therefore differ slightly.",
    "Nicht zur Veröffentlichung bestimmte Indikatoren fehlen.": "Indicators not meant for publication are left out.",
    "Interne Fassung: Die Dateien enthalten nicht veröffentlichte Indikatoren und Werte mit geringer Fallzahl "
    "(withheld = true) in voller Genauigkeit. Nicht weitergeben und nicht veröffentlichen.":
        "Internal version: the files contain unpublished indicators and values based on small numbers (withheld = true) "
        "at full precision. Do not pass them on or publish them.",
    "Bitte nennen Sie bei jeder Weiterverwendung die Quellen und den Datenstand.":
        "Please name the sources and the data release whenever you reuse the data.",
    # column descriptions (dashboard/opendata.py VALUE_COLUMNS, shown on the page through tt())
    "Gebietsnummer (Schlüssel; verbindet mit gebiete.csv und den Geometrien)":
        "Area number (key; links to gebiete.csv and the geometry)",
    "Name des Gebiets": "Name of the area",
    "Ebene des Gebiets (Kennung der Ebene; stadt = Gesamtstadt)": "Level of the area (level id; stadt = whole city)",
    "Nummer des übergeordneten Gebiets (leer für die Gesamtstadt)": "Number of the parent area (empty for the whole city)",
    "Kennung des Indikators (siehe indikatoren.csv)": "Indicator id (see indikatoren.csv)",
    "Bezeichnung des Indikators": "Name of the indicator (German)",
    "Einheit des Werts": "Unit of the value (German)",
    "Stichtag oder Zeitraum des Werts": "Reference date or period of the value",
    "Wert (Dezimalpunkt; leer: kein Wert oder nicht veröffentlicht)": "Value (decimal point; empty: no value or not published)",
    "Bei Klassen-Indikatoren: Bedeutung des Klassenwerts": "For class indicators: meaning of the class value",
    "true: Schätzung (z. B. über eine Gebietsänderung übertragen), sonst false":
        "true: an estimate (e.g. carried across a boundary change), otherwise false",
    "true: Wert nicht veröffentlicht (geringe Fallzahl/Geheimhaltung), value ist leer":
        "true: value not published (small numbers/confidentiality), value is empty",
}
