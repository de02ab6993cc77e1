"""The area profile (dashboard/ui/profile.py, its wording in dashboard/present.py "area profile"; the report
dashboard/reports/profile.py is data only): page, tables, strength/weakness sentences, burden and index summary,
CSV/XLSX downloads.

Terms as in the Berlin documents' English: Gebietsprofil = area profile, Kennzahlen = key figures,
Stärken/Schwächen = strengths/weaknesses, Belastungen = burdens, Gesamtstadt = whole city.
"""

STRINGS = {
    # toolbar and header
    "Kennzahlen gruppieren nach": "Group key figures by",
    "Tabelle als CSV": "Table as CSV",
    "Tabelle als Excel (XLSX)": "Table as Excel (XLSX)",
    "Drucken / als PDF speichern": "Print / save as PDF",
    "Anderes Gebiet suchen": "Find another area",
    "Name oder Kennung, z. B. „Mitte“": "Name or ID, e.g. “Mitte”",
    "Kein Gebiet gefunden.": "No area found.",
    "Übergeordnete Gebiete": "Parent areas",
    "{population} Einwohnerinnen und Einwohner ({date})": "{population} residents ({date})",
    "{n} Teilgebiete ({level})": "{n} sub-areas ({level})",
    "Gebietsprofil, Berichtsjahr {year}": "Area profile, reporting year {year}",
    "Datenstand {release}": "Data release {release}",
    "öffentliche Fassung": "public version",
    "interne Fassung – enthält nicht öffentliche Angaben": "internal version – contains information that is not public",
    # notices of the view state (dashboard/state/profile.py)
    "Für das Jahr aus dem Link gibt es keine Werte dieses Gebiets; das Standardjahr wird gezeigt.":
        "There are no values for this area in the year from the link; the default year is shown.",
    # overview map
    "dieses Gebiet": "this area",
    "ebenfalls in {parent}": "also in {parent}",
    "Profil": "Profile",
    "anderes Gebiet (Klick öffnet dessen Profil)": "other area (click to open its profile)",
    "Übersichtskarte: Lage von {name} in der Stadt": "Overview map: location of {name} in the city",
    "Lage im Stadtgebiet (orange; hellorange: die anderen Gebiete desselben übergeordneten Gebiets). "
    "Klick auf ein Gebiet öffnet dessen Profil.":
        "Location in the city (orange; light orange: the other areas within the same parent area). "
        "Click an area to open its profile.",
    # not found
    "Gebiet nicht gefunden": "Area not found",
    "Ein Gebiet mit der Kennung „{area_id}“ gibt es in diesem Datensatz nicht.":
        "There is no area with the ID “{area_id}” in this dataset.",
    # the sentence around the link to the map: "… or choose it in the [Map] view."
    "Suchen Sie das Gebiet unten nach Name oder Kennung, oder wählen Sie es auf der ":
        "Search for the area below by name or ID, or choose it in the ",
    " aus.": " view.",
    # part I
    "Teil I – Beschreibung und Bewertung": "Part I – Description and assessment",
    "1. Überblick: Mehrfachbelastung und Sozialindex": "1. Overview: multiple burden and social index",
    "2. Kennzahlen nach Dimension": "2. Key figures by dimension",
    "2. Kennzahlen nach Zielbereich": "2. Key figures by target area (Zielbereich)",
    "Differenzen: Gebiet minus Vergleichswert, bei Anteilen in Prozentpunkten (Pp.). "
    "≈ = Schätzung; im Trend: Linie = Gebiet, hohle Punkte = Schätzungen":
        "Differences: area minus comparison value, for shares in percentage points (pp). "
        "≈ = estimate; in the trend: line = area, hollow dots = estimates",
    "orange = geringe Fallzahl (nur intern)": "orange = small numbers (internal only)",
    "Kennzahlen {group}, Berichtsjahr {year}": "Key figures: {group}, reporting year {year}",
    "Bewertung (automatisch abgeleitet)": "Assessment (derived automatically)",
    "Keine deutliche Stärke oder Schwäche, weder gegenüber der Gesamtstadt noch unter den Gebieten dieser Ebene.":
        "No clear strength or weakness, neither compared with the whole city nor among the areas of this level.",
    "Für dieses Gebiet liegen in diesem Jahr keine Kennzahlen vor.": "There are no key figures for this area in this year.",
    "ohne Zuordnung": "not assigned",
    "3. Eigene Beschreibung des Gebiets": "3. Description of the area by the planning team",
    "Qualitative Beschreibung aus der Fachplanung (nicht aus den Kennzahlen berechnet).":
        "Qualitative description by the planning departments (not computed from the key figures).",
    "Nicht zur Veröffentlichung freigegeben: Die Notizen zu diesem Gebiet beginnen nicht mit der Zeile "
    "„Öffentlich: ja“; die öffentliche Ansicht zeigt daher weder Beschreibung noch Ziele und Maßnahmen.":
        "Not released for publication: the notes on this area do not begin with the line “Öffentlich: ja”, "
        "so the public view shows neither the description nor the goals and measures.",
    "4. Zusammenfassung: Stärken und Schwächen (automatisch aus den Kennzahlen abgeleitet)":
        "4. Summary: strengths and weaknesses (derived automatically from the key figures)",
    "Stärken ({n})": "Strengths ({n})",
    "Schwächen ({n})": "Weaknesses ({n})",
    "Keine.": "None.",
    "Stärke": "Strength",
    "Schwäche": "Weakness",
    "5. Nicht öffentlich (nur interne Ansicht)": "5. Not public (internal view only)",
    "Beschlusslage, Stand der Bearbeitung, Termin der nächsten Fortschreibung, Verantwortlichkeiten.":
        "Decisions taken, state of work, date of the next update, responsibilities.",
    # part II
    "Teil II – Ziele und Maßnahmen": "Part II – Goals and measures",
    "Ziele für das Gebiet": "Goals for the area",
    "Geplante Maßnahmen und Maßnahmenvorschläge": "Planned and proposed measures",
    "Keine Angaben hinterlegt.": "No information recorded.",
    # sources
    "Quellen und Datenstand": "Sources and data release",
    "Datensatz": "Dataset",
    "Quelle": "Source",
    # the key-figures table
    "Wert": "Value",
    "Differenz zu {area}": "Difference from {area}",
    "Differenz zur Gesamtstadt": "Difference from whole city",
    "Rang in {area}": "Rank in {area}",
    "Trend": "Trend",
    "{rank} von {n}": "{rank} of {n}",
    "Verlauf {first}–{last}: {from_value} → {to_value}": "Trend {first}–{last}: {from_value} → {to_value}",
    "Pp.": "pp",
    "geringe Fallzahl – nur intern, nicht veröffentlichen": "small numbers – internal only, do not publish",
    "unterschreitet den Schwellenwert ({limit})": "below the threshold ({limit})",
    "überschreitet den Schwellenwert ({limit})": "above the threshold ({limit})",
    "Zielwert {target} nicht erreicht": "target {target} not met",
    # small multiples
    "Entwicklung: {title}": "Trend: {title}",
    "Zielwert": "Target value",
    "Schwellenwert": "Threshold",
    "gebietsprofil-{area}-{group}": "area-profile-{area}-{group}",
    # burdens and index classes
    "Szenario": "scenario",
    "nicht bewertet (fehlende oder zurückgehaltene Werte)": "not rated (missing or withheld values)",
    "{count} von {n} Belastungen ({which})": "{count} of {n} burdens ({which})",
    "mehrfach belastet (ab {min_count})": "multiply burdened ({min_count} or more)",
    "nicht mehrfach belastet": "not multiply burdened",
    "nicht für alle Indikatoren bewertet": "not rated on every indicator",
    "{n_multiple} von {n_rated} bewerteten Gebieten der Ebene {level} sind mehrfach belastet (ab {min_count} "
    "Belastungen), mit {population_multiple} von {population_rated} Einwohnerinnen und Einwohnern.":
        "{n_multiple} of {n_rated} rated areas at the level “{level}” are multiply burdened ({min_count} or more "
        "burdens), home to {population_multiple} of {population_rated} residents.",
    "Klasse {code} – Status {status}, Dynamik {dynamic}": "Class {code} – status {status}, dynamics {dynamic}",
    "nicht bewertet (unter der Mindesteinwohnerzahl oder ohne gültige Werte)":
        "not rated (below the minimum population or without valid values)",
    "{n_valid} von {n_members} Teilgebieten bewertet; Klassen (Anzahl Gebiete): {counts}":
        "{n_valid} of {n_members} sub-areas rated; classes (number of areas): {counts}",
    "Für diesen Datensatz sind keine Regeln zur Mehrfachbelastung und kein Index festgelegt.":
        "No multiple-burden rules and no index are defined for this dataset.",
    # rules shown with the figures (dashboard/ui/profile.py RANK_NOTE, ASSESSMENT_NOTE)
    "Rang 1 = günstigster Wert (bei „höher = ungünstiger“ der niedrigste, bei „höher = günstiger“ der höchste); "
    "Indikatoren ohne Wertung werden nach der Höhe des Werts gereiht (Rang 1 = höchster Wert). "
    "Gebiete ohne Angabe erhalten keinen Rang.":
        "Rank 1 = most favourable value (the lowest where “higher = less favourable”, the highest where “higher = more "
        "favourable”); indicators without valuation are ranked by value (rank 1 = highest value). "
        "Areas without a value get no rank.",
    "Automatisch abgeleitet: Eine Stärke (Schwäche) ist ein Wert, der günstiger (ungünstiger) als der Wert der "
    "Gesamtstadt ist und zum günstigsten (ungünstigsten) Fünftel aller Gebiete dieser Ebene gehört; bei "
    "Klassen die günstigste (ungünstigste) Klasse. Gibt es keinen Wert der Gesamtstadt, entscheidet allein der "
    "Rang unter den veröffentlichten Werten der Ebene (Lage in der Verteilung); der Satz sagt das dann. "
    "Indikatoren ohne Wertung, Anzahlen und Werte ohne Angabe (geringe Fallzahl) werden nicht bewertet.":
        "Derived automatically: a strength (weakness) is a value that is more (less) favourable than the whole-city value "
        "and lies in the most (least) favourable fifth of all areas at this level; for classes, the most (least) favourable "
        "class. Where there is no whole-city value, the rank among the published values of the level decides alone "
        "(position in the distribution); the sentence then says so. Indicators without a rating, counts and values "
        "not given (small numbers) are not rated.",
    # strengths and weaknesses as sentences (dashboard/present.py ASSESSMENT_SENTENCES, CLASS_SENTENCES)
    "Der Wert für „{label}“ liegt mit {value}{note} deutlich über dem Wert der Gesamtstadt ({city}); "
    "das Gebiet gehört damit zum günstigsten Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).":
        "At {value}{note}, the value for “{label}” is well above the whole-city value ({city}); the area is thus in the "
        "most favourable fifth of the areas at this level (rank {rank} of {n}, as of {year}).",
    "Der Wert für „{label}“ liegt mit {value}{note} deutlich unter dem Wert der Gesamtstadt ({city}); "
    "das Gebiet gehört damit zum günstigsten Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).":
        "At {value}{note}, the value for “{label}” is well below the whole-city value ({city}); the area is thus in the "
        "most favourable fifth of the areas at this level (rank {rank} of {n}, as of {year}).",
    "Der Wert für „{label}“ liegt mit {value}{note} deutlich über dem Wert der Gesamtstadt ({city}); "
    "das Gebiet gehört damit zum ungünstigsten Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).":
        "At {value}{note}, the value for “{label}” is well above the whole-city value ({city}); the area is thus in the "
        "least favourable fifth of the areas at this level (rank {rank} of {n}, as of {year}).",
    "Der Wert für „{label}“ liegt mit {value}{note} deutlich unter dem Wert der Gesamtstadt ({city}); "
    "das Gebiet gehört damit zum ungünstigsten Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).":
        "At {value}{note}, the value for “{label}” is well below the whole-city value ({city}); the area is thus in the "
        "least favourable fifth of the areas at this level (rank {rank} of {n}, as of {year}).",
    "Die Einstufung „{label}“ ist „{name}“ (Klasse {code} von {n}, die günstigste Klasse; Stand {year}){note}.":
        "The rating for “{label}” is “{name}” (class {code} of {n}, the most favourable class; as of {year}){note}.",
    "Die Einstufung „{label}“ ist „{name}“ (Klasse {code} von {n}, die ungünstigste Klasse; Stand {year}){note}.":
        "The rating for “{label}” is “{name}” (class {code} of {n}, the least favourable class; as of {year}){note}.",
    # downloads (CSV and XLSX)
    "gebietsprofil-{area}-{year}": "area-profile-{area}-{year}",
    "Gebietsprofil {name} ({level} {area_id}), {year}": "Area profile {name} ({level} {area_id}), {year}",
    "Klasse (Code)": "Class (code)",
    "Klasse (Bezeichnung)": "Class (label)",
    "Übergeordnete Gebiete: {parents}": "Parent areas: {parents}",
    "Ansicht: {view}": "View: {view}",
    "Ränge: {note}": "Ranks: {note}",
    "Kennzahl-ID": "Key figure ID",
    "Einheit": "Unit",
    "Wert übergeordnetes Gebiet": "Value of parent area",
    "Wert Gesamtstadt": "Value of whole city",
    "Differenz zum übergeordneten Gebiet": "Difference from parent area",
    "Einheit der Differenz": "Unit of difference",
    "Rang im übergeordneten Gebiet": "Rank within parent area",
    "Gebiete im übergeordneten Gebiet": "Areas within parent area",
    "Rang in der Gesamtstadt": "Rank in whole city",
    "Gebiete in der Gesamtstadt": "Areas in whole city",
    "öffentlich": "public",
    "intern (nicht zur Veröffentlichung)": "internal (not for publication)",
    "Kennzahlen": "Key figures",
    "Stärke (automatisch abgeleitet)": "Strength (derived automatically)",
    "Schwäche (automatisch abgeleitet)": "Weakness (derived automatically)",
    "Eigene Beschreibung des Gebiets": "Description of the area by the planning team",
    "Ziele": "Goals",
    "Maßnahmen": "Measures",
    "Nicht öffentlich": "Not public",
    "Hinweis zur Ableitung": "How this was derived",
    # assessment from the distribution (no whole-city value), estimates in the trends, neighbours, print
    "Der Wert für „{label}“ liegt mit {value}{note} im günstigsten Fünftel der Gebiete dieser Ebene: günstiger "
    "als in {percent} % der übrigen (Rang {rank} von {n}, Stand {year}; ohne Wert der Gesamtstadt, nach der "
    "Verteilung bewertet).":
        "At {value}{note}, the value for “{label}” lies in the most favourable fifth of the areas at this level: more "
        "favourable than in {percent} % of the others (rank {rank} of {n}, as of {year}; no whole-city value, rated by "
        "the distribution).",
    "Der Wert für „{label}“ liegt mit {value}{note} im ungünstigsten Fünftel der Gebiete dieser Ebene: ungünstiger "
    "als in {percent} % der übrigen (Rang {rank} von {n}, Stand {year}; ohne Wert der Gesamtstadt, nach der "
    "Verteilung bewertet).":
        "At {value}{note}, the value for “{label}” lies in the least favourable fifth of the areas at this level: less "
        "favourable than in {percent} % of the others (rank {rank} of {n}, as of {year}; no whole-city value, rated by "
        "the distribution).",
    "Schätzwerte und gemessene Werte getrennt gezeichnet": "estimates and measured values drawn apart",
    "Nachbargebiete": "Neighbouring areas",
    "mit Nachbargebieten vergleichen": "compare with the neighbouring areas",
    "Vergleich mit allen {n} Nachbargebieten": "Comparison with all {n} neighbouring areas",
    "Vergleich mit den {n} Nachbargebieten mit der längsten gemeinsamen Grenze":
        "Comparison with the {n} neighbouring areas with the longest shared border",
    "Differenz": "Difference",
    "interne Fassung – nicht veröffentlichen": "internal edition – do not publish",
    "Seite {page} von {pages}": "Page {page} of {pages}",
    "Berichtsjahr {year} · Export · anderes Gebiet": "Reporting year {year} · export · another area",
}
