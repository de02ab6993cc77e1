"""English strings: groups (issue 17) - the view /gruppen (dashboard/ui/groups.py, state/groups.py) and the profile
section "Bevölkerungsgruppen" (dashboard/ui/profile_groups.py)."""
STRINGS: dict[str, str] = {
    "Gruppen": "Groups",
    "Bevölkerungsgruppen": "Population groups",
    "Bevölkerungsgruppen – {name} ({level}), {year}": "Population groups – {name} ({level}), {year}",
    "Bevölkerungsgruppen – {name} ({level} {area_id}), {year}": "Population groups – {name} ({level} {area_id}), {year}",
    "Anteil jeder Gruppe an allen Einwohnerinnen und Einwohnern des Gebiets, daneben das übergeordnete Gebiet und "
    "die Gesamtstadt. Höhere Ebenen sind aus den Zahlen der Planungsräume berechnet (Summe der Gruppe durch Summe "
    "der Einwohner, kein Mittel der Anteile). Kleine Zahlen werden je Gruppe zurückgehalten.":
        "Share of each group among all residents of the area, next to the parent area and the whole city. Higher levels "
        "are computed from the counts of the planning areas (sum of the group divided by the sum of residents, not a "
        "mean of shares). Small numbers are withheld group by group.",
    "Berechnet als 100 % minus „{label}“.": "Computed as 100 % minus “{label}”.",
    "Anzahl = Anteil × Einwohnerzahl (nur intern; öffentlich nur, wo die Zahl selbst veröffentlicht ist).":
        "Count = share × residents (internal only; public only where the count itself is published).",
    "Dieser Datensatz hat keine Bevölkerungsgruppen.": "This dataset has no population groups.",
    "Gruppen werden in dataset.toml als [[group_sets]] beschrieben (Anteils-Indikatoren je Gruppe mit "
    "Zähler und Nenner); siehe docs/ingest.md, Abschnitt „Gruppen“.":
        "Groups are described in dataset.toml as [[group_sets]] (share indicators per group with numerator and "
        "denominator); see docs/ingest.md, section “Gruppen”.",
    "Das Gebiet aus dem Link gibt es in diesem Datensatz nicht; ein Beispielgebiet wird gezeigt.":
        "The area in the link does not exist in this dataset; an example area is shown.",
    "Für das Jahr aus dem Link gibt es keine Gruppenwerte; das nächstliegende Jahr mit Werten wird gezeigt.":
        "There are no group values for the year in the link; the nearest year with values is shown.",
    "Für dieses Gebiet und Jahr liegen keine Gruppenwerte vor.": "There are no group values for this area and year.",
    "Anteil im Gebiet (%)": "Share in the area (%)",
    "Anteil {name} (%)": "Share {name} (%)",
    "Anteil × Einwohnerzahl (intern)": "share × residents (internal)",
    "Anzahl im Gebiet": "Count in the area",
    "Anzahl „–“: die Zahl der Gruppe wird nicht eigens veröffentlicht.": "Count “–”: the group's count is not published as such.",
    "Ebene": "Level",
    "Ergänzung (100 % minus Indikator)": "Complement (100 % minus indicator)",
    "Gruppe": "Group",
    "95-%-Intervall": "95 % interval",
    "95-%-Intervall, untere Grenze (%)": "95 % interval, lower bound (%)",
    "95-%-Intervall, obere Grenze (%)": "95 % interval, upper bound (%)",
    "Unter dem Anteil des Gebiets: 95-%-Intervall (Wilson-Score aus Zähler und Nenner) – der Bereich, in "
    "dem der Anteil bei zufälliger Schwankung kleiner Zahlen plausibel liegt.":
        "Below the area's share: 95 % interval (Wilson score from numerator and denominator) – the range in which the "
        "share plausibly lies given the random variation of small numbers.",
    "Anteil an allen Einwohnerinnen und Einwohnern": "share of all residents",
    "Gruppensatz": "Group set",
    "Gruppen im Vergleich mit Diagramm und Download": "Groups compared, with chart and download",
    "Herkunft der Anzahl": "Source of the count",
    "Indikator (Kennung)": "Indicator (id)",
    "Methodik: Gruppen": "Methodology: groups",
    "Methodik": "Methodology",
    "Stand: {year}.": "As of {year}.",
    "Weiter:": "Continue:",
    "veröffentlichte Zahl": "published count",
    "{label} im Gebiet ({year}): {value}": "{label} in the area ({year}): {value}",
    "≈ = Schätzung (z. B. aus den LOR 2006 übertragen; siehe Steckbrief des Indikators).":
        "≈ = estimate (e.g. carried over from the LOR 2006; see the indicator's fact sheet).",
}
