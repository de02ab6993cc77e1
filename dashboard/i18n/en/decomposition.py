"""English strings: decomposition (issue 17 part 4: why an area changed class)."""
STRINGS: dict[str, str] = {
    # present.py: the sentences
    "Statusindex": "status index",
    "Dynamikindex": "dynamics index",
    "Der Statusindex stieg seit {von} von {before} auf {after}": "Since {von} the status index rose from {before} to {after}",
    "Der Statusindex sank seit {von} von {before} auf {after}": "Since {von} the status index fell from {before} to {after}",
    "Der Statusindex blieb seit {von} bei {after}": "Since {von} the status index stayed at {after}",
    "Der Dynamikindex stieg seit {von} von {before} auf {after}": "Since {von} the dynamics index rose from {before} to {after}",
    "Der Dynamikindex sank seit {von} von {before} auf {after}": "Since {von} the dynamics index fell from {before} to {after}",
    "Der Dynamikindex blieb seit {von} bei {after}": "Since {von} the dynamics index stayed at {after}",
    "höherer Wert = niedrigerer sozialer Status": "higher value = lower social status",
    "höherer Wert = ungünstigere Entwicklung": "higher value = less favourable development",
    "Neustandardisierung": "re-standardisation",
    "Veränderung {label}": "Change in {label}",
    "{name}: keine Zerlegung, das Gebiet ist nur in der Ausgabe {year} bewertet.":
        "{name}: no decomposition, the area is rated in the {year} edition only.",
    "Klasse unverändert: {klass}": "class unchanged: {klass}",
    "Klasse {before} → {after}": "class {before} → {after}",
    "Neustandardisierung ({value})": "re-standardisation ({value})",
    "Wegfall von {indicator} ({value})": "{indicator} dropped from the index ({value})",
    "Aufnahme von {indicator} ({value})": "{indicator} added to the index ({value})",
    "{a} und {b}": "{a} and {b}",
    "vor allem durch {parts}": "mainly through {parts}",
    "gegenläufig {parts}": "in the other direction {parts}",
    "Neustandardisierung {value}": "re-standardisation {value}",
    "{indicator} ist nicht mehr Teil des Index ({value})": "{indicator} is no longer part of the index ({value})",
    "{indicator} ist neu im Index ({value})": "{indicator} is new in the index ({value})",
    "Seit {von}: {changes} – {movement}.": "Since {von}: {changes} – {movement}.",
    "Seit {von}: nicht in beiden Jahren bewertet, kein Vergleich.": "Since {von}: not rated in both years, no comparison.",
    "hinzugekommen: {burdens}": "added: {burdens}",
    "weggefallen: {burdens}": "dropped: {burdens}",
    "Belastungen unverändert": "burdens unchanged",
    "neu mehrfach belastet": "newly multiply burdened",
    "nicht mehr mehrfach belastet": "no longer multiply burdened",
    "weiterhin mehrfach belastet": "still multiply burdened",
    "weiterhin nicht mehrfach belastet": "still not multiply burdened",
    # ui/profile_change.py: the profile's downloads
    "Klassenwechsel: {sentence}": "Class change: {sentence}",
    "Klassenwechsel": "Class change",
    "Klassenwechsel – {title}": "Class change – {title}",
    "Index oder Regel": "Index or rule",
    "Klasse vorher (Belastungen)": "Class before (burdens)",
    "Klasse nachher (Belastungen)": "Class after (burdens)",
    "Index vorher": "Index before",
    "Index nachher": "Index after",
    "Teil (Kennung)": "Part (ID)",
    "Teil": "Part",
    "z-Wert vorher": "z-score before",
    "z-Wert nachher": "z-score after",
    "Beitrag zur Indexänderung": "Contribution to the index change",
    "Die Beiträge der Indikatoren (z-Wert-Änderung mal Gewicht der früheren Ausgabe) und die Neustandardisierung "
    "ergeben zusammen genau die Änderung des Index (Methodik, „Warum sich die Klasse änderte“).":
        "The indicators' contributions (change of the z-score times the weight of the earlier edition) and the "
        "re-standardisation add up exactly to the change of the index (methodology, “Why the class changed”).",
    # ui/change_reasons.py: the panel on /veraenderung
    "Warum hat sich die Klasse geändert?": "Why did the class change?",
    "Zerlegung der Indexänderung: Beitrag eines Indikators = Änderung seines z-Werts mal dessen Gewicht in der "
    "früheren Ausgabe; die Neustandardisierung ist der Rest aus der neuen Streuung und einer geänderten Zahl von "
    "Indikatoren (fällt ein Indikator weg, heben sich sein Teil und die Neustandardisierung großenteils auf). "
    "Beiträge und Neustandardisierung ergeben zusammen genau die Änderung. "
    "Ein höherer Index ist ungünstiger (Status: niedrigerer sozialer Status).":
        "Decomposition of the index change: an indicator's contribution = the change of its z-score times its weight in "
        "the earlier edition; the re-standardisation is the remainder from the new spread and a changed number of "
        "indicators (when an indicator leaves, its part and the re-standardisation largely offset each other). Contributions and re-standardisation add up exactly to the change. A higher index is less "
        "favourable (status: lower social status).",
    "Zwischen den gewählten Jahren liegt keine zweite Ausgabe des Index.": "The chosen years do not span a second edition of the index.",
    "Ausgabe {before} → {after}: {n} Gebiete mit anderer Klasse.": "Edition {before} → {after}: {n} areas with another class.",
    "Klasse vorher → nachher": "Class before → after",
    "Index vorher → nachher": "Index before → after",
    "größte Beiträge": "largest contributions",
    "{indicator} (nicht mehr im Index)": "{indicator} (no longer in the index)",
    "{indicator} (neu im Index)": "{indicator} (new in the index)",
    "Kein Vergleich: die Regel hat zwischen den gewählten Jahren nur ein Jahr ({years}).":
        "No comparison: the rule has only one year between the chosen years ({years}).",
    "{before} → {after}: {n_in} Gebiete neu mehrfach belastet, {n_out} nicht mehr.":
        "{before} → {after}: {n_in} areas newly multiply burdened, {n_out} no longer.",
    "Belastungen vorher → nachher": "Burdens before → after",
    "hinzugekommen": "added",
    "weggefallen": "dropped",
    "Zerlegung als CSV herunterladen": "Download the decomposition as CSV",
    "Zerlegung als Excel (XLSX) herunterladen": "Download the decomposition as Excel (XLSX)",
    "Warum hat sich die Klasse geändert? {von}–{bis}": "Why did the class change? {von}–{bis}",
    "Klasse vorher": "Class before",
    "Klasse nachher": "Class after",
    "Index vorher (Regel: Belastungen)": "Index before (rule: burdens)",
    "Index nachher (Regel: Belastungen)": "Index after (rule: burdens)",
    "klassenwechsel-{von}-{bis}": "class-change-{von}-{bis}",
}
