"""Percentile and rank of a value among the areas of its level (dashboard/methods/rank.py, worded by
dashboard/present.py standing_text): the map tooltip, the map's click panel, the profile rows and downloads,
and the fact-sheet links of those rows.

"günstiger/ungünstiger" = more/less favourable (as in the profile's assessment sentences); "übrigen" = the other
areas of the level (the share is taken of the others, n − 1).
"""

STRINGS = {
    # sentences (present.STANDING_SENTENCES)
    "günstiger als {percent} % der übrigen {levels}": "more favourable than {percent} % of the other {levels}",
    "ungünstiger als {percent} % der übrigen {levels}": "less favourable than {percent} % of the other {levels}",
    "je {percent} % der übrigen {levels} mit günstigerem und mit ungünstigerem Wert":
        "{percent} % each of the other {levels} with a more and with a less favourable value",
    "höher als {percent} % der übrigen {levels}": "higher than {percent} % of the other {levels}",
    "niedriger als {percent} % der übrigen {levels}": "lower than {percent} % of the other {levels}",
    "je {percent} % der übrigen {levels} mit höherem und mit niedrigerem Wert":
        "{percent} % each of the other {levels} with a higher and with a lower value",
    "Rang {rank} von {n}": "rank {rank} of {n}",
    # profile download (dashboard/ui/profile.py export_table)
    "Lage unter den Gebieten der Ebene": "Standing among the areas of the level",
    # fact-sheet links (click panel, profile rows)
    "Steckbrief: Definition, Quelle, Methode": "Fact sheet: definition, source, method",
}
