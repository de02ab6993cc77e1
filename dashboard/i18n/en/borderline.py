"""English strings: borderline (issue 17)."""
STRINGS: dict[str, str] = {
    # tooltips of the index and burden maps (dashboard/ui/borderline.py)
    "Grenzfall: Status nahe der Grenze zwischen „{below}“ und „{above}“":
        "Borderline: status near the boundary between “{below}” and “{above}”",
    "Grenzfall: Dynamik nahe der Grenze zwischen „{below}“ und „{above}“":
        "Borderline: dynamics near the boundary between “{below}” and “{above}”",
    "Grenzfall bei: {criteria}": "Borderline for: {criteria}",
    "knapp mehrfach belastet": "just multiply burdened",
    "knapp nicht mehrfach belastet": "just short of multiple burden",
    # legends
    "Grenzfall: Wert nahe einer Klassengrenze (± {distance} Standardabweichungen): {n}":
        "Borderline: value near a class boundary (± {distance} standard deviations): {n}",
    "gepunktet umrandet: Grenzfall, strichpunktiert: mehrfach belastet und Grenzfall; {just_in} knapp "
    "mehrfach belastet, {just_out} knapp nicht mehrfach belastet (ein Grenzfall entscheidet)":
        "dotted outline: borderline, dash-dotted: multiply burdened and borderline; {just_in} just multiply burdened, "
        "{just_out} just short of multiple burden (one borderline criterion decides)",
    # the profile (ui/profile.py overview_items)
    "Grenzfall: der Statusindex ({value}) liegt nahe der Grenze zu „{other}“ ({cut})":
        "Borderline: the status index ({value}) lies near the boundary to “{other}” ({cut})",
    "Grenzfall: der Dynamikindex ({value}) liegt nahe der Grenze zu „{other}“ ({cut})":
        "Borderline: the dynamics index ({value}) lies near the boundary to “{other}” ({cut})",
    "Grenzfall bei: {criteria} (Wert nahe der Schnittgrenze)": "Borderline for: {criteria} (value near the cut)",
    "Grenzfälle (Wert nahe einer Klassengrenze): {n}": "Borderline areas (value near a class boundary): {n}",
}
