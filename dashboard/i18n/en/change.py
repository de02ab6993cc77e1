"""English strings: clear versus random change on /veraenderung and in the profile's assessment (issue 17, part 2)."""
STRINGS: dict[str, str] = {
    "Nur deutliche Veränderungen hervorheben": "Highlight clear changes only",
    "Ohne Fallzahlen (Zähler und Nenner) ist keine Prüfung möglich, ob eine Veränderung deutlich ist oder im "
    "Rahmen zufälliger Schwankung liegt.":
        "Without case numbers (numerator and denominator) there is no test of whether a change is clear or within "
        "random variation.",
    "deutlich": "clear",
    "im Rahmen zufälliger Schwankung": "within random variation",
    "95 %: {low} bis {high} {unit}": "95 %: {low} to {high} {unit}",
    "aufgehellt: {n} Gebiete, Veränderung im Rahmen zufälliger Schwankung (95-%-Intervall enthält 0)":
        "lightened: {n} areas, change within random variation (95 % interval contains 0)",
    "{n} Veränderungen im Rahmen zufälliger Schwankung, hier nicht aufgehellt.":
        "{n} changes within random variation, not lightened here.",
    "Deutlich gestiegen: {up} · deutlich gesunken: {down} · im Rahmen zufälliger Schwankung: {random}":
        "Clearly up: {up} · clearly down: {down} · within random variation: {random}",
    "ohne Prüfung: {n}": "not tested: {n}",
}
STRINGS.update({
    "Der Wert für „{label}“ liegt mit {value}{note} {relation} ({city}); das Gebiet gehört damit zum günstigsten "
    "Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).":
        "At {value}{note}, the value for “{label}” is {relation} ({city}); the area is thus in the most favourable fifth "
        "of the areas at this level (rank {rank} of {n}, as of {year}).",
    "Der Wert für „{label}“ liegt mit {value}{note} {relation} ({city}); das Gebiet gehört damit zum ungünstigsten "
    "Fünftel der Gebiete dieser Ebene (Rang {rank} von {n}, Stand {year}).":
        "At {value}{note}, the value for “{label}” is {relation} ({city}); the area is thus in the least favourable fifth "
        "of the areas at this level (rank {rank} of {n}, as of {year}).",
    "Der Wert für „{label}“ liegt mit {value}{note} {relation} ({city}) und im günstigsten Fünftel der Gebiete "
    "dieser Ebene (Rang {rank} von {n}, Stand {year}), aber der Unterschied zur Gesamtstadt liegt im Rahmen "
    "zufälliger Schwankung (95-%-Intervall des Gebiets: {lower} bis {upper}).":
        "At {value}{note}, the value for “{label}” is {relation} ({city}) and in the most favourable fifth of the areas "
        "at this level (rank {rank} of {n}, as of {year}), but the difference to the whole city is within random "
        "variation (the area's 95 % interval: {lower} to {upper}).",
    "Der Wert für „{label}“ liegt mit {value}{note} {relation} ({city}) und im ungünstigsten Fünftel der Gebiete "
    "dieser Ebene (Rang {rank} von {n}, Stand {year}), aber der Unterschied zur Gesamtstadt liegt im Rahmen "
    "zufälliger Schwankung (95-%-Intervall des Gebiets: {lower} bis {upper}).":
        "At {value}{note}, the value for “{label}” is {relation} ({city}) and in the least favourable fifth of the areas "
        "at this level (rank {rank} of {n}, as of {year}), but the difference to the whole city is within random "
        "variation (the area's 95 % interval: {lower} to {upper}).",
    "über dem Wert der Gesamtstadt": "above the whole-city value",
    "unter dem Wert der Gesamtstadt": "below the whole-city value",
    "Der Unterschied ist deutlich: Der Wert der Gesamtstadt liegt außerhalb des 95-%-Intervalls des Gebiets ({lower} bis {upper}).":
        "The difference is clear: the whole-city value lies outside the area's 95 % interval ({lower} to {upper}).",
    "Nicht auf zufällige Schwankung geprüft (ohne Fallzahlen kein Intervall).":
        "Not tested for random variation (no interval without case numbers).",
    "Nicht auf zufällige Schwankung geprüft (kein Wert der Gesamtstadt).":
        "Not tested for random variation (no whole-city value).",
    "Seit {since} deutlich gestiegen ({change}; 95-%-Intervall {low} bis {high}).":
        "Clearly up since {since} ({change}; 95 % interval {low} to {high}).",
    "Seit {since} deutlich gesunken ({change}; 95-%-Intervall {low} bis {high}).":
        "Clearly down since {since} ({change}; 95 % interval {low} to {high}).",
    "Die Veränderung seit {since} ({change}) liegt im Rahmen zufälliger Schwankung.":
        "The change since {since} ({change}) is within random variation.",
})
STRINGS.update({
    "Automatisch abgeleitet: Eine Stärke (Schwäche) ist ein Wert, der günstiger (ungünstiger) als der Wert der "
    "Gesamtstadt ist und zum günstigsten (ungünstigsten) Fünftel aller Gebiete dieser Ebene gehört; hat der "
    "Wert Fallzahlen, muss der Unterschied zur Gesamtstadt außerdem deutlich sein (der Wert der Gesamtstadt "
    "liegt außerhalb des 95-%-Intervalls des Gebiets), sonst steht er unter „Auffällig, aber im Rahmen "
    "zufälliger Schwankung“. Ohne Fallzahlen ist der Unterschied nicht auf zufällige Schwankung geprüft; der "
    "Satz sagt das. Bei Klassen die günstigste (ungünstigste) Klasse. Gibt es keinen Wert der Gesamtstadt, "
    "entscheidet allein der Rang unter den veröffentlichten Werten der Ebene (Lage in der Verteilung); der Satz "
    "sagt das dann. Indikatoren ohne Wertung, Anzahlen und Werte ohne Angabe (geringe Fallzahl) werden nicht "
    "bewertet.":
        "Derived automatically: a strength (weakness) is a value more (less) favourable than the whole-city value that lies "
        "in the most (least) favourable fifth of all areas at this level; where the value has case numbers, the difference "
        "to the whole city must also be clear (the whole-city value outside the area's 95 % interval), otherwise it is listed "
        "under “Notable, but within random variation”. Without case numbers the difference is not tested for random "
        "variation; the sentence says so. For classes, the most (least) favourable class. Where there is no whole-city "
        "value, the rank among the level's published values alone decides (position in the distribution); the sentence "
        "then says so. Indicators without a valuation, counts and values not given (small numbers) are not assessed.",
    "Auffällig, aber im Rahmen zufälliger Schwankung ({n})": "Notable, but within random variation ({n})",
    "Auffällig, aber im Rahmen zufälliger Schwankung": "Notable, but within random variation",
    "Im günstigsten oder ungünstigsten Fünftel, aber der Unterschied zur Gesamtstadt kann Zufall kleiner Zahlen "
    "sein: keine Stärke oder Schwäche, zum Beobachten.":
        "In the most or least favourable fifth, but the difference to the whole city may be chance in small numbers: "
        "no strength or weakness, one to watch.",
})
