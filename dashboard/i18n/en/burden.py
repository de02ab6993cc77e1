"""The multiple-burden view, the status/dynamics index view and their method texts."""

STRINGS = {
    # multiple burden view (dashboard/ui/burden.py)
    "SZENARIO": "SCENARIO",
    "Mehrfachbelastung: {rule}, {year} (mehrfach belastet ab {k})": "Multiple burden: {rule}, {year} (multiply burdened from {k})",
    "Regel": "Rule",
    "{rule} (offiziell)": "{rule} (official)",
    "Jahr": "Year",
    "Nur Gebiete mit Belastungen in allen gewählten Dimensionen": "Only areas with burdens in all chosen dimensions",
    # the district filter of the burden, index and change maps (ui/components.district_picker, state.read_district)
    "alle {levels}": "all {levels}",
    "{levels} suchen": "Search {levels}",
    "Nichts gefunden": "Nothing found",
    "Das Gebiet für den Ausschnitt aus dem Link gibt es nicht; die ganze Stadt wird gezeigt.":
        "The area to focus on from the link does not exist; the whole city is shown.",
    "{heading} (Anzahl Gebiete)": "{heading} (number of areas)",
    "{heading} (Anzahl Gebiete in {district})": "{heading} (number of areas in {district})",
    "Szenario (nur intern)": "Scenario (internal only)",
    "Indikatoren an- und abwählen, Mindestzahl k und Schnittregel ändern. Ein Szenario ist nie das offizielle Ergebnis.":
        "Switch indicators on or off, change the minimum number k and the cut-off rule. A scenario is never the official result.",
    "Indikatoren": "Indicators",
    "mehrfach belastet ab (k)": "multiply burdened from (k)",
    "Schnittregel": "Cut-off rule",
    "wie in der Regel festgelegt": "as set in the rule",
    "Klasse 3 (hoch)": "class 3 (high)",
    "ungünstigstes Viertel der Gebiete": "least favourable quarter of the areas",
    "z-Wert: mindestens 1 Standardabweichung ungünstiger": "z-score: at least 1 standard deviation less favourable",
    "Zurücksetzen": "Reset",
    "Karte der Gebiete nach Zahl der Belastungen": "Map of the areas by number of burdens",
    "Zahl der Belastungen": "Number of burdens",
    "schwarz gestrichelt umrandet: mehrfach belastet (ab {k} Belastungen)": "dashed black outline: multiply burdened ({k} or more burdens)",
    "blass: Gebiete außerhalb der Auswahl": "faded: areas outside the selection",
    "nur mit Belastungen in: {dimensions}": "only with burdens in: {dimensions}",
    "Gebiete und Einwohner nach Zahl der Belastungen": "Areas and residents by number of burdens",
    "Belastungen": "burdens",
    "Einwohner": "Residents",
    "Mehrfach belastete Gebiete": "Multiply burdened areas",
    "Kein Gebiet erreicht die Mindestzahl an Belastungen.": "No area reaches the minimum number of burdens.",
    "{n} Belastungen · {population} Einwohner": "{n} burdens · {population} residents",
    "{n} mehrfach belastete Gebiete mit {population} Einwohnerinnen und Einwohnern.":
        "{n} multiply burdened areas with {population} residents.",
    "Unterschied zur offiziellen Regel": "Difference from the official rule",
    "Kommen hinzu": "Added",
    "Fallen heraus": "Dropped",
    "keine": "none",
    "Wie wurde das berechnet?": "How was this calculated?",
    "Liste als CSV herunterladen": "Download list as CSV",
    "Liste als Excel (XLSX) herunterladen": "Download list as Excel (XLSX)",
    # the download (dashboard/ui/burden.py export_table)
    "SZENARIO (nicht die offizielle Regel)": "SCENARIO (not the official rule)",
    "offizielle Regel": "official rule",
    "Mehrfachbelastung {year} – {kind}": "Multiple burden {year} – {kind}",
    "Regel: {rule}, mehrfach belastet ab {k} – {kind}": "Rule: {rule}, multiply burdened from {k} – {kind}",
    "Wie wurde das berechnet? {method}": "How was this calculated? {method}",
    "Jahr {year}, Stichtag {date}": "Year {year}, reference date {date}",
    "Nur {level}: {district}": "Only {level}: {district}",
    "Quelle {label}: {source}": "Source {label}: {source}",
    "Öffentliche Fassung: Werte, die wegen geringer Fallzahl oder zur Geheimhaltung nicht veröffentlicht werden, gehen "
    "nicht in die Bewertung ein (nicht bewertet).":
        "Public version: values withheld because of small numbers or for confidentiality are left out of the rating "
        "(not rated).",
    "Interne Auswertung: bewertet auch Werte mit geringer Fallzahl – nicht veröffentlichen.":
        "Internal analysis: also rates values based on small numbers – do not publish.",
    "belastet: {indicator}": "burdened: {indicator}",
    "Gebiet-ID": "Area ID",
    "mehrfach belastet": "multiply burdened",
    "bewertet": "rated",
    "ja": "yes",
    "nein": "no",
    "mehrfachbelastung-{year}": "multiple-burden-{year}",
    "mehrfachbelastung-{year}-szenario": "multiple-burden-{year}-scenario",
    # notices (dashboard/state/burden.py)
    "Die Regel aus dem Link gibt es nicht; die offizielle Regel wird gezeigt.":
        "The rule from the link does not exist; the official rule is shown.",
    "Für diesen Datensatz ist keine Regel zur Mehrfachbelastung festgelegt.":
        "No multiple-burden rule is defined for this dataset.",
    "Für das Jahr aus dem Link gibt es keine Werte; das letzte Jahr wird gezeigt.":
        "There are no values for the year from the link; the latest year is shown.",
    "Szenarien gibt es nur in der internen Ansicht; gezeigt wird die offizielle Regel.":
        "Scenarios are only available in the internal view; the official rule is shown.",
    "Die Schnittregel aus dem Link ist unbekannt.": "The cut-off rule from the link is unknown.",
    # the rule in words and the legend (dashboard/present.py burden_rule_text, burden_count_label)
    "Offizielle Regel": "Official rule",
    "Szenario (nicht die offizielle Regel)": "Scenario (not the official rule)",
    "{kind} „{rule}“: Ein Gebiet gilt je Indikator als belastet, wenn {criteria}. Die Mehrfachbelastung ist die Zahl der "
    "belasteten Indikatoren; ab {min_count} gilt ein Gebiet als mehrfach belastet. Gebiete ohne Wert für einen Indikator "
    "werden für diesen nicht bewertet.":
        "{kind} “{rule}”: an area counts as burdened on an indicator as follows: {criteria}. The multiple burden is the "
        "number of burdened indicators; an area with {min_count} or more counts as multiply burdened. Areas without a "
        "value for an indicator are not rated on it.",
    "Klasse {value} (hoch)": "class {value} (high)",
    "unter den ungünstigsten {pct} % der Gebiete": "among the least favourable {pct}% of areas",
    "mindestens {value} Standardabweichungen ungünstiger als der Mittelwert":
        "at least {value} standard deviations less favourable than the mean",
    "ungünstiger als der Schwellenwert {value}": "less favourable than the threshold {value}",
    "Schnitt je Kriterium wie in der Regel festgelegt": "cut-off per criterion as set in the rule",
    "je Kriterium: {cut}": "per criterion: {cut}",
    "{n} von {total} Kriterien (ohne {left})": "{n} of {total} criteria (without {left})",
    "alle {n} Kriterien": "all {n} criteria",
    "{kind}: Ein Gebiet gilt je Indikator als belastet, wenn {criteria}. Die Mehrfachbelastung ist die Zahl der "
    "belasteten Indikatoren; ab {min_count} gilt ein Gebiet als mehrfach belastet. Gebiete ohne Wert für einen "
    "Indikator werden für diesen nicht bewertet.":
        "{kind}: an area counts as burdened on an indicator as follows: {criteria}. The multiple burden is the number of "
        "burdened indicators; an area with {min_count} or more counts as multiply burdened. Areas without a value for an "
        "indicator are not rated on it.",
    "Nicht berücksichtigt: {left}.": "Left out: {left}.",
    "{n} Belastung": "{n} burden",
    "{n} Belastungen": "{n} burdens",
    " (mehrfach belastet, ab {k})": " (multiply burdened: {k} or more)",
    # rule labels of the shipped datasets (dataset.toml [[burden_rules]] label)
    "Umweltgerechtigkeit (fünf Kernindikatoren)": "Environmental justice (five core indicators)",
    "Umweltgerechtigkeit 2021/22 (fünf Kernindikatoren)": "Environmental justice 2021/22 (five core indicators)",
    "Ungünstigstes Viertel (Soziales und Umwelt)": "Least favourable quarter (social and environment)",
    # status/dynamics index view (dashboard/ui/social_index.py)
    "{index}, Stichtag {date}": "{index}, reference date {date}",
    "Karte des Status-/Dynamik-Index": "Map of the status/dynamics index",
    "Status und Dynamik": "Status and dynamics",
    "Status ↓ / Dynamik →": "Status ↓ / dynamics →",
    "nicht bewertet ({n})": "not rated ({n})",
    "{code} (Status {status}, Dynamik {dynamic})": "{code} (status {status}, dynamics {dynamic})",
    "nicht bewertet (unter Mindesteinwohnerzahl oder ungültig)": "not rated (below the minimum population or invalid)",
    "Den Index aus dem Link gibt es nicht; der erste Index des Datensatzes wird gezeigt.":
        "The index from the link does not exist; the dataset's first index is shown.",
    "Für diesen Datensatz ist kein Status-/Dynamik-Index festgelegt.": "No status/dynamics index is defined for this dataset.",
    "Für das Jahr aus dem Link gibt es keinen Index; das letzte Jahr wird gezeigt.":
        "There is no index for the year from the link; the latest year is shown.",
    # index labels of the shipped datasets (dataset.toml [[indices]] label)
    "Sozialindex Musterstadt (Status und Dynamik nach Art des MSS)":
        "Social index Musterstadt (status and dynamics following the MSS)",
    "Status/Dynamik-Index (Monitoring Soziale Stadtentwicklung, nachgerechnet)":
        "Status/dynamics index (Monitoring Soziale Stadtentwicklung, recalculated)",
    # the method in words (dashboard/present.py index_method_text): dashboard/i18n/en/explain.py
}
