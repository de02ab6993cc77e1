"""English strings: how to read uncertain values on the methodology page (issue 17)."""
STRINGS: dict[str, str] = {
    "Zufall, Intervalle und Grenzfälle": "Chance, intervals and borderline cases",
    "In kleinen Gebieten schwanken Anteile stark zufällig: Von 30 Kindern sind 6 schon 20 %, 8 schon 27 %. "
    "Deshalb steht bei Anteilen und Quoten, die aus Fallzahlen berechnet sind, ein 95-%-Intervall: der Bereich, "
    "in dem der Wert ohne die zufällige Schwankung mit großer Sicherheit liegt. Je weniger Menschen, desto "
    "breiter ist es.":
        "In small areas, shares vary a lot by chance: of 30 children, 6 are already 20 %, 8 already 27 %. That is why "
        "shares and rates computed from counts come with a 95 % interval: the range in which the value without the "
        "random variation lies with high confidence. The fewer people, the wider it is.",
    "Ein Unterschied zum übergeordneten Gebiet oder zur Gesamtstadt und eine Veränderung zwischen zwei Jahren "
    "heißen „deutlich“, wenn sie sich mit einem statistischen Test (Signifikanzniveau 5 %) nicht durch Zufall "
    "erklären lassen, sonst „im Rahmen zufälliger Schwankung“. Von vielen Gebieten, in denen sich in "
    "Wahrheit nichts geändert hat, nennt der Test etwa jedes zwanzigste trotzdem „deutlich“: ein Hinweis, "
    "kein Beweis.":
        "A difference to the parent area or to the city and a change between two years are called “clear” when a "
        "statistical test (significance level 5 %) cannot explain them by chance, otherwise “within random "
        "variation”. Of many areas in which nothing really changed, the test still calls about one in twenty "
        "“clear”: a hint, not a proof.",
    "„Grenzfall“ heißt: Der Wert liegt so nah an einer Klassengrenze (in diesem Datensatz höchstens {distance} "
    "Standardabweichungen), dass eine kleine Änderung die Klasse wechseln würde.":
        "“Borderline case” means: the value lies so close to a class boundary (in this dataset at most {distance} "
        "standard deviations) that a small change would switch the class.",
    "In diesem Datensatz haben {n} Indikatoren ein Intervall; Werte ohne Fallzahlen (etwa "
    "veröffentlichte Anteile ohne Zähler und Nenner) haben keines und werden nicht getestet.":
        "In this dataset {n} indicators have an interval; values without counts (such as shares published without "
        "numerator and denominator) have none and are not tested.",
    "In dieser Ansicht hat kein Indikator ein Intervall: Dazu müssten seine Fallzahlen "
    "veröffentlicht sein.":
        "In this view no indicator has an interval: its counts would have to be published for that.",
    "In der öffentlichen Ansicht werden Intervalle und Tests nur aus veröffentlichten Zahlen "
    "berechnet, und nur dort, wo der Nenner (etwa die Einwohnerzahl) selbst veröffentlicht ist: "
    "Die Breite eines Intervalls verriete sonst die Fallzahl.":
        "In the public view, intervals and tests are computed from published figures only, and only where the "
        "denominator (such as the number of residents) is published itself: otherwise the width of an interval "
        "would give the count away.",
}
