"""English texts of the explanations: the methodology page (/methodik), the indicator fact sheets (/indikator/<id>),
the fact-sheet links of the legends and the plain wording of polarity and the small-number rule."""
from __future__ import annotations

STRINGS = {
    # footer, legends
    "Methodik und Fragen": "Methodology and FAQ",
    "Methodik und Fragen ›": "Methodology and FAQ ›",
    "Steckbrief": "Fact sheet",
    "Was bedeutet das? Steckbrief ›": "What does this mean? Fact sheet ›",
    "Methodik ›": "Methodology ›",
    # polarity and the small-number rule (dashboard/present.py)
    "Klasse {best} am günstigsten, Klasse {worst} am ungünstigsten": "class {best} most favourable, class {worst} least favourable",
    "Bezugsgröße": "reference population",
    "Werte, deren Nenner ({denominator}) kleiner als {n} ist, werden nicht gezeigt.":
        "Values whose denominator ({denominator}) is smaller than {n} are not shown.",
    "Werte, die auf 1 bis unter {n} Fällen beruhen, werden nicht gezeigt.":
        "Values based on 1 to fewer than {n} cases are not shown.",
    "Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert (nicht bewertet).":
        "Areas with fewer than {n} residents get no value (not rated).",
    "Der Indikator beschreibt den Ort, nicht die Menschen: er wird auch für Gebiete mit wenigen Einwohnerinnen und "
    "Einwohnern gezeigt.":
        "The indicator describes the place, not the people: it is shown for areas with few residents too.",
    "In dieser öffentlichen Ansicht werden außerdem Werte zurückgehalten, aus denen sich ein zurückgehaltener Wert "
    "errechnen ließe (etwa als Differenz zwischen einem Gebiet und seinen Teilgebieten), und alle Werte werden auf "
    "{decimals} Nachkommastellen gerundet veröffentlicht. Welche Werte das betrifft, steht in der Karte als „keine "
    "Angabe (geringe Fallzahl)“.":
        "In this public view, values from which a withheld value could be calculated (for instance as the difference "
        "between an area and its sub-areas) are withheld as well, and all values are published rounded to {decimals} "
        "decimal places. The values concerned appear on the map as “not available (small numbers)”.",
    "Als Anzahl wird der Indikator auch für Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern gezeigt.":
        "Being a count, the indicator is shown for areas with fewer than {n} residents too.",
    # the index method in words (dashboard/present.py index_method_text; the class words from status_class_text and
    # dynamic_class_text)
    "{label}: Bewertet werden nur Gebiete mit mindestens {min_population} Einwohnerinnen und Einwohnern. Jeder "
    "Statusindikator ({status}) wird über alle bewerteten Gebiete vergleichbar gemacht (z-standardisiert: Abstand vom "
    "Mittelwert in Standardabweichungen), diese z-Werte werden gemittelt und der Mittelwert erneut standardisiert. Status: "
    "unter {c1} = {s1}, {c1} bis {c2} = {s2}, über {c2} bis {c3} = {s3}, über {c3} = {s4}. Dynamik ebenso aus den "
    "Veränderungen ({dynamic}): unter {d1} {y1}, {d1} bis {d2} {y2}, über {d2} {y3}. Fehlt einem Jahrgang ein Indikator, "
    "wird er ausgelassen.":
        "{label}: only areas with at least {min_population} residents are rated. Each status indicator ({status}) is made "
        "comparable across all rated areas (z-standardised: distance from the mean in standard deviations); these z-values "
        "are averaged and the mean is standardised again. Status: below {c1} = {s1}, {c1} to {c2} = {s2}, above {c2} to "
        "{c3} = {s3}, above {c3} = {s4}. Dynamics likewise from the changes ({dynamic}): below {d1} {y1}, {d1} to {d2} "
        "{y2}, above {d2} {y3}. An indicator missing in a year is left out.",
    # status classes in plain words (dashboard/present.py status_class_text), the index legend
    "günstig": "favourable",
    "ungünstig": "unfavourable",
    "sehr ungünstig": "very unfavourable",
    "Status {best} bis {worst}. Kürzel: Statusklasse, dann die Dynamik (+ positiv, +/- stabil, - negativ); in Klammern "
    "die Zahl der Gebiete.":
        "Status {best} to {worst}. Codes: status class, then the dynamics (+ positive, +/- stable, - negative); in "
        "brackets the number of areas.",
    "In dieser öffentlichen Ansicht werden außerdem Werte zurückgehalten, aus denen sich ein zurückgehaltener Wert "
    "erschließen ließe. Welche Werte das betrifft, steht in der Karte als „keine Angabe (geringe Fallzahl)“.":
        "In this public view, values from which a withheld value could be inferred are withheld as well. The values "
        "concerned appear on the map as “not available (small numbers)”.",
    # fact sheet (dashboard/ui/indicator_sheet.py)
    "Auf einen Blick": "At a glance",
    "{stichtag} (zuletzt {date})": "{stichtag} (latest {date})",
    "Berechnung": "Calculation",
    "{scale} × Zähler ÷ Nenner": "{scale} × numerator ÷ denominator",
    "Wertung": "Direction",
    "Klassenbildung der Karte": "Map classes",
    "Kernindikator": "Core indicator",
    "Kennung": "Identifier",
    "Klassen": "Classes",
    "Ebenen und Jahre": "Levels and years",
    "Für diesen Indikator liegen keine Werte vor.": "There are no values for this indicator.",
    "Für größere Gebiete eine Näherung: bevölkerungsgewichtetes Mittel der kleineren Gebiete, da keine Zählwerte "
    "vorliegen.":
        "For larger areas an approximation: population-weighted mean of the smaller areas, as there are no counts.",
    "Der Datensatz nennt keine besonderen Einschränkungen.": "The dataset names no particular limitations.",
    "Für diesen Indikator gibt es keine Karte.": "There is no map for this indicator.",
    "Karte: {caption}": "Map: {caption}",
    "Auf der großen Karte zeigen ›": "Show on the large map ›",
    "Auf der Karte zeigen ›": "Show on the map ›",
    "Für die Gesamtstadt gibt es keine Zeitreihe dieses Indikators.": "There is no time series of this indicator for the whole city.",
    "{city}: {first} ({first_year}) bis {last} ({last_year}).": "{city}: {first} ({first_year}) to {last} ({last_year}).",
    "Indikator nicht gefunden": "Indicator not found",
    "Einen Indikator mit der Kennung „{indicator_id}“ gibt es in diesem Datensatz nicht.":
        "There is no indicator with the identifier “{indicator_id}” in this dataset.",
    "Alle Indikatoren in der Methodik ›": "All indicators in the methodology ›",
    "Alle Indikatoren ›": "All indicators ›",
    "Entwicklung in der Gesamtstadt": "Trend in the whole city",
    "Einschränkungen": "Limitations",
    "Kleine Zahlen": "Small numbers",
    # methodology page (dashboard/ui/methodology.py)
    "Wie die Werte entstehen, was die Karte zeigt und was sie nicht zeigt – für {dataset}.":
        "How the values are made, what the map shows and what it does not – for {dataset}.",
    "Inhalt": "Contents",
    "So lesen Sie die Karte": "How to read the map",
    "Jede Fläche ist ein Gebiet; die Farbe zeigt, in welcher Klasse sein Wert liegt. Die Legende sagt, welche Werte zu "
    "welcher Farbe gehören und ob höhere Werte günstiger oder ungünstiger sind.":
        "Each shape is an area; its colour shows the class its value falls in. The legend says which values belong to "
        "which colour and whether higher values are more or less favourable.",
    "Je dunkler die Farbe, desto höher der Wert oder die Klasse; ob das günstig ist, hängt vom Indikator ab und steht "
    "unter dem Titel der Legende.":
        "The darker the colour, the higher the value or class; whether that is favourable depends on the indicator and "
        "is stated below the legend's title.",
    # the colour families (dashboard/ui/methodology.py COLOUR_TEXTS)
    "Gelb bis Rot: höhere Werte sind ungünstiger, je dunkler, desto ungünstiger – das gilt auch für Klassen, deren "
    "höchste Nummer die ungünstigste ist.":
        "Yellow to red: higher values are less favourable, the darker the less favourable – this also holds for "
        "classes whose highest number is the least favourable.",
    "Gelb über Grün bis Blau: höhere Werte sind günstiger, je dunkler, desto günstiger.":
        "Yellow through green to blue: higher values are more favourable, the darker the more favourable.",
    "Blau bis Violett: ohne Wertung, je dunkler, desto höher.": "Blue to purple: not rated either way, the darker the higher.",
    "Karten mit eigenen Farben (etwa ein Index) erklären sie in ihrer Legende.":
        "Maps with colours of their own (an index, for instance) explain them in their legend.",
    "Schraffierte oder blasse graue Flächen haben keinen Wert: zu wenige Einwohnerinnen und Einwohner, zu kleine "
    "Fallzahlen oder keine Daten.":
        "Hatched or pale grey areas have no value: too few residents, too few cases or no data.",
    "Fahren Sie über ein Gebiet (oder tippen Sie es an), um Namen und Wert zu sehen; ein Klick öffnet seine Kennzahlen "
    "und den Weg zum Gebietsprofil.":
        "Hover over an area (or tap it) to see its name and value; a click opens its key figures and the way to its "
        "area profile.",
    "Oben wählen Sie Indikator, Jahr und Gebietsebene (die kleinste: {level}). „Steckbrief“ in der Legende erklärt den "
    "Indikator.":
        "At the top you choose indicator, year and level (the smallest: {level}). “Fact sheet” in the legend explains "
        "the indicator.",
    "{n} {levels}": "{n} {levels}",
    "Die Stadt ist in Gebiete auf mehreren Ebenen gegliedert, von der kleinsten zur größten: {chain}. Jedes Gebiet "
    "gehört zu genau einem Gebiet der nächsthöheren Ebene; darüber steht die Gesamtstadt.":
        "The city is divided into areas on several levels, from the smallest to the largest: {chain}. Each area belongs "
        "to exactly one area of the next level up; above them all is the whole city.",
    "Die Quelle, der Stichtag und die genaue Definition jedes Indikators stehen in seinem Steckbrief.":
        "The source, reference date and exact definition of each indicator are in its fact sheet.",
    "Anteile, Quoten und größere Gebiete": "Shares, rates and larger areas",
    "Anteile und Quoten werden aus Zähler und Nenner gebildet (z. B. Personen mit einem Merkmal je 100 Einwohnerinnen "
    "und Einwohner). Für größere Gebiete werden Zähler und Nenner der kleineren Gebiete addiert und dann geteilt – nicht "
    "die Anteile gemittelt. So zählt jede Person gleich viel.":
        "Shares and rates are formed from a numerator and a denominator (e.g. people with a characteristic per 100 "
        "residents). For larger areas the numerators and denominators of the smaller areas are added up and then "
        "divided – the shares are not averaged. So every person counts the same.",
    "Anzahlen (z. B. Einwohnerinnen und Einwohner) werden für größere Gebiete addiert.":
        "Counts (e.g. residents) are added up for larger areas.",
    "Wo keine Zählwerte vorliegen (z. B. Messwerte), ist der Wert eines größeren Gebiets das nach der Einwohnerzahl "
    "gewichtete Mittel der kleineren Gebiete – eine Näherung; die Karte kennzeichnet sie.":
        "Where there are no counts (e.g. measurements), the value of a larger area is the population-weighted mean of "
        "the smaller areas – an approximation; the map marks it.",
    "Einige Werte gibt es nur so, wie die Quelle sie je Ebene veröffentlicht; sie werden nicht umgerechnet.":
        "Some values exist only as the source publishes them for each level; they are not recalculated.",
    "Farben und Klassen der Karte": "Colours and classes of the map",
    "Die Karte teilt die Werte eines Jahres und einer Ebene in wenige Klassen, jede mit einer Farbe. Verwendet werden:":
        "The map divides the values of one year and level into a few classes, each with a colour. Used are:",
    "Bei Quantilen liegen in jeder Klasse etwa gleich viele Gebiete; die Klassen sagen also, wo ein Gebiet im Vergleich "
    "steht, nicht ob ein Wert hoch im Sinne eines Zielwerts ist. Indikatoren, die schon als Klassen geliefert werden "
    "(z. B. ein Index), behalten die Klassen der Quelle.":
        "With quantiles each class holds about the same number of areas; the classes say where an area stands in "
        "comparison, not whether a value is high measured against a target. Indicators delivered as classes (e.g. an "
        "index) keep the classes of the source.",
    "Anteil und Rang („{example}“) vergleichen ein Gebiet mit den übrigen Gebieten derselben Ebene, die im selben Jahr "
    "einen Wert in dieser Ansicht haben; gleiche Werte zählen zu keiner Seite, der Anteil ist abgerundet. Klassen (z. B. "
    "ein Index) haben keinen Rang.":
        "Share and rank (“{example}”) compare an area with the other areas of the same level that have a value in this "
        "view in the same year; equal values count for neither side, the share is rounded down. Classes (e.g. an index) "
        "have no rank.",
    "Die Mehrfachbelastung zählt, in wie vielen Indikatoren ein Gebiet zu den belasteten gehört. Der Datensatz legt die "
    "Regeln fest:":
        "The multiple burden counts in how many indicators an area is among the burdened ones. The dataset sets the "
        "rules:",
    "Status- und Dynamik-Index": "Status and dynamics index",
    "Ein Index fasst mehrere Indikatoren zu einer Einstufung zusammen. Der Status beschreibt die Lage zu einem Stichtag, "
    "die Dynamik ihre Veränderung in den Jahren davor. Die Klassen reichen beim Status von {best} bis {worst}, bei der "
    "Dynamik von {rising} bis {falling}.":
        "An index combines several indicators into one rating. The status describes the situation at a reference date, "
        "the dynamics its change in the years before. The status classes range from {best} to {worst}, the dynamics "
        "from {rising} to {falling}.",
    "„z-Wert“ heißt: der Abstand eines Werts vom Mittelwert aller bewerteten Gebiete, gemessen in Standardabweichungen. "
    "So werden Indikatoren mit verschiedenen Einheiten vergleichbar.":
        "“z-score” means: the distance of a value from the mean of all rated areas, measured in standard deviations. "
        "This makes indicators with different units comparable.",
    "Schätzungen": "Estimates",
    "Manche Werte sind Schätzungen, etwa wenn Gebietsgrenzen geändert wurden und ältere Werte auf die neuen Gebiete "
    "übertragen sind, oder wenn ein größeres Gebiet aus einem Mittelwert gebildet wird. Karte, Tooltip und Tabellen "
    "kennzeichnen sie („Schätzung“, ≈); Zeitreihen zeichnen sie gepunktet und verbinden sie nicht mit gemessenen Werten.":
        "Some values are estimates, for instance where area boundaries changed and older values were carried over to "
        "the new areas, or where a larger area is formed from a mean. Map, tooltip and tables mark them (“estimate”, "
        "≈); time series draw them dotted and never join them to measured values.",
    "Das betrifft in diesem Datensatz {n} Indikatoren; wie genau, steht jeweils im Steckbrief unter „Einschränkungen“.":
        "In this dataset this concerns {n} indicators; how exactly is in each fact sheet under “Limitations”.",
    "Das betrifft in diesem Datensatz einen Indikator; wie genau, steht in seinem Steckbrief unter „Einschränkungen“.":
        "In this dataset this concerns one indicator; how exactly is in its fact sheet under “Limitations”.",
    "Kleine Zahlen und Geheimhaltung": "Small numbers and confidentiality",
    "Kleine Zahlen können einzelne Personen erkennbar machen und schwanken zufällig stark. Deshalb gilt:":
        "Small numbers can make individual people identifiable and vary strongly by chance. Therefore:",
    # the population rule and its exceptions (dashboard/ui/methodology.py population_rule_items)
    "Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert („nicht bewertet“).":
        "Areas with fewer than {n} residents get no value (“not rated”).",
    "Die Werte dieses Datensatzes werden auch für Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern gezeigt.":
        "The values of this dataset are shown for areas with fewer than {n} residents too.",
    "Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert („nicht bewertet“); ausgenommen sind "
    "Anzahlen (z. B. „{count}“) und Werte, die den Ort beschreiben, nicht die Menschen (z. B. „{place}“).":
        "Areas with fewer than {n} residents get no value (“not rated”); counts (e.g. “{count}”) and values that "
        "describe the place rather than the people (e.g. “{place}”) are exempt.",
    "Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert („nicht bewertet“); ausgenommen sind "
    "Anzahlen (z. B. „{count}“).":
        "Areas with fewer than {n} residents get no value (“not rated”); counts (e.g. “{count}”) are exempt.",
    "Gebiete mit weniger als {n} Einwohnerinnen und Einwohnern erhalten keinen Wert („nicht bewertet“); ausgenommen sind "
    "Werte, die den Ort beschreiben, nicht die Menschen (z. B. „{place}“).":
        "Areas with fewer than {n} residents get no value (“not rated”); values that describe the place rather than the "
        "people (e.g. “{place}”) are exempt.",
    "Für {n} Indikatoren gilt zusätzlich eine Mindestfallzahl oder ein Mindestnenner; der Steckbrief nennt ihn.":
        "For {n} indicators a minimum number of cases or a minimum denominator applies as well; the fact sheet names it.",
    "Für einen Indikator gilt zusätzlich eine Mindestfallzahl oder ein Mindestnenner; sein Steckbrief nennt sie.":
        "For one indicator a minimum number of cases or a minimum denominator applies as well; its fact sheet names it.",
    "In dieser öffentlichen Ansicht kommt die Geheimhaltung hinzu: Es reicht nicht, einen kleinen Wert wegzulassen, wenn "
    "er sich aus anderen errechnen ließe – etwa als Wert eines größeren Gebiets ({larger}) minus die Werte seiner übrigen "
    "{smaller}, aus Summen von Gruppen oder aus Anzahl mal Anteil. Deshalb werden, wo nötig, auch weitere Werte "
    "zurückgehalten, und eine Prüfung rechnet für jeden zurückgehaltenen Wert nach, dass er sich aus allem "
    "Veröffentlichten nicht genau genug bestimmen lässt.":
        "In this public view confidentiality comes on top: leaving out a small value is not enough if it could be "
        "calculated from others – for instance as the value of a larger area ({larger}) minus the values of its other "
        "{smaller}, from sums of groups or from count times share. So, where needed, further values are withheld, and a "
        "check calculates for every withheld value that it cannot be determined precisely enough from everything "
        "published.",
    "Zurückgehaltene Werte erscheinen überall gleich: „keine Angabe (geringe Fallzahl)“. Ob ein Wert wegen seiner eigenen "
    "kleinen Zahl oder zum Schutz eines anderen fehlt, wird nicht gesagt – sonst ließe sich der geschützte Wert "
    "eingrenzen.":
        "Withheld values look the same everywhere: “not available (small numbers)”. Whether a value is missing because "
        "of its own small number or to protect another is not said – otherwise the protected value could be narrowed "
        "down.",
    "Nicht zur Veröffentlichung bestimmte Indikatoren werden in dieser Ansicht nicht angeboten.":
        "Indicators not intended for publication are not offered in this view.",
    "In dieser internen Ansicht sind solche Werte sichtbar und gekennzeichnet; sie dürfen nicht weitergegeben werden. "
    "Die öffentliche Ansicht hält sie und alle Werte, aus denen sie sich errechnen ließen, zurück.":
        "In this internal view such values are visible and marked; they must not be passed on. The public view "
        "withholds them and every value from which they could be calculated.",
    "Rundung": "Rounding",
    "Jeder Indikator hat eine feste Zahl von Nachkommastellen (in diesem Datensatz {decimals}); so wird er überall "
    "gezeigt. Liegt ein Wert genau auf der Mitte, wird zur geraden Ziffer gerundet.":
        "Each indicator has a fixed number of decimal places (in this dataset {decimals}); it is shown that way "
        "everywhere. A value exactly halfway is rounded to the even digit.",
    "In der öffentlichen Ansicht wird schon auf dem Server gerundet: ungerundete Anteile verrieten sonst die Fallzahlen, "
    "aus denen sie berechnet sind. Summen und Differenzen gerundeter Werte können deshalb um eine Einheit der letzten "
    "Stelle abweichen.":
        "In the public view values are rounded on the server already: unrounded shares would reveal the case numbers "
        "they are calculated from. Sums and differences of rounded values may therefore differ by one unit of the last "
        "digit.",
    "Häufige Fragen": "Frequently asked questions",
    "Wie finde ich mein Gebiet?": "How do I find my area?",
    "Geben Sie oben in die Suche den Namen oder die Nummer des Gebiets ein – je nach Datensatz auch Straße, Postleitzahl "
    "oder Ortsteil – oder klicken Sie auf der Karte hinein.":
        "Type the name or number of the area into the search at the top – depending on the dataset also a street, "
        "postcode or locality – or click into the map.",
    "Warum hat mein Gebiet keinen Wert?": "Why does my area have no value?",
    "Entweder wohnen dort zu wenige Menschen, die Fallzahl ist zu klein, der Wert wird zum Schutz eines anderen Werts "
    "zurückgehalten, oder es gibt für dieses Jahr keine Daten. Siehe „Kleine Zahlen“ oben.":
        "Either too few people live there, the number of cases is too small, the value is withheld to protect another "
        "value, or there are no data for this year. See “Small numbers” above.",
    "Ist eine dunkle Farbe schlecht?": "Is a dark colour bad?",
    "Nicht unbedingt – das sagt die Legende: Sie ordnet jeder Farbe Werte oder Klassen zu und nennt unter ihrem Titel, "
    "was günstiger ist.":
        "Not necessarily – the legend says: it assigns values or classes to each colour and states below its title which "
        "way is more favourable.",
    "Was bedeutet „{example}“?": "What does “{example}” mean?",
    "Von den übrigen Gebieten derselben Ebene mit einem Wert im selben Jahr haben mindestens {percent} % einen "
    "günstigeren Wert als dieses Gebiet. Es sagt, wo ein Gebiet im Vergleich steht, nicht wie groß der Abstand ist. Der "
    "Rang zählt vom günstigsten Wert aus: Rang 1 hat das günstigste Gebiet.":
        "Of the other areas of the same level with a value in the same year, at least {percent} % have a more favourable "
        "value than this area. It says where an area stands in comparison, not how large the gap is. The rank counts from "
        "the most favourable value: the most favourable area has rank 1.",
    "Warum passen Summen nicht genau?": "Why do sums not add up exactly?",
    "Werte werden gerundet gezeigt, und zurückgehaltene Werte fehlen in jeder Summe. Werte größerer Gebiete werden aus "
    "den ungerundeten Zählwerten berechnet.":
        "Values are shown rounded, and withheld values are missing from every sum. Values of larger areas are calculated "
        "from the unrounded counts.",
    "Was heißt „Schätzung“?": "What does “estimate” mean?",
    "Der Wert wurde nicht so gemessen, sondern übertragen oder gemittelt – etwa nach einer Änderung der Gebietsgrenzen. "
    "Der Steckbrief des Indikators sagt, wie.":
        "The value was not measured like this but carried over or averaged – for instance after a change of area "
        "boundaries. The indicator's fact sheet says how.",
    "Darf ich die Daten weiterverwenden?": "May I reuse the data?",
    "Ja, unter der Lizenz des Datensatzes ({license}) und mit der Quellenangabe unten auf jeder Seite.":
        "Yes, under the dataset's licence ({license}) and with the attribution at the bottom of every page.",
    "Alle Indikatoren": "All indicators",
}
