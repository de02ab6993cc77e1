"""English texts of the measures (Maßnahmen): profile section, downloads, map overlay (dashboard/measures.py,
dashboard/ui/profile_measures.py)."""
from __future__ import annotations

STRINGS = {
    # where a measure applies, seen from the profile's area
    "in diesem Gebiet": "in this area",
    "im übergeordneten Gebiet {name}": "in the parent area {name}",
    "im Teilgebiet {name}": "in the sub-area {name}",
    # periods
    "ab {begin}": "from {begin}",
    "bis {end}": "until {end}",
    # map overlay
    "Maßnahmen: {source}": "Measures: {source}",
    "Maßnahmen der Fachplanung": "Measures of the departments' planning",
    "Federführung: {lead}": "Lead: {lead}",
    "Zeitraum: {period}": "Period: {period}",
    "Status: {status}": "Status: {status}",
    "nicht öffentlich": "not public",
    # profile table and downloads
    "Maßnahme": "Measure",
    "Bezug": "Applies",
    "Ziel": "Goal",
    "Ziel: {goal}": "Goal: {goal}",
    "Federführung": "Lead department",
    "Finanzierung": "Financing",
    "Zeitraum": "Period",
    "Träger": "Provider",
    "Partner": "Partners",
    "Einzubindende Akteure": "Actors to involve",
    "Erfolgskontrolle": "Success check",
    "Status": "Status",
    "Federführung / Träger": "Lead department / provider",
    "Zeitraum / Status": "Period / status",
    "Partner / einzubindende Akteure": "Partners / actors to involve",
    "Maßnahmen – {title}": "Measures – {title}",
    "Maßnahmen: {group}": "Measures: {group}",
    "Für dieses Gebiet sind keine Maßnahmen eingetragen.": "No measures are recorded for this area.",
    "Stand: {stand}": "As of: {stand}",
    "{n} Maßnahmen": "{n} measures",
    "1 Maßnahme": "1 measure",
    "Ohne Zielbereich": "Without target area",
    # common status words (a measure's status is free text; these are translated where they occur)
    "geplant": "planned",
    "laufend": "ongoing",
    "abgeschlossen": "completed",
    "vorgeschlagen": "proposed",
}
