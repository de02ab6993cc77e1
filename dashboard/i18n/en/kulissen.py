"""English for funding areas (Förderkulissen): the map overlay's tooltips, the profile section, the burden filter
(dashboard/kulissen.py, dashboard/ui/profile_kulissen.py, dashboard/ui/burden.py)."""

STRINGS = {
    '< 1 %': '< 1%',
    'Anteil an der Fläche des Gebiets': 'Share of the area’s territory',
    'Anteil der Kulisse im Gebiet': 'Share of the funding area inside the area',
    'Anteil: der Teil der Fläche des Gebiets, der in der Kulisse liegt (beim Import aus den Flächen berechnet; '
    'überlappende Teilflächen einer Kulisse zählen einmal). Einwohnerinnen und Einwohner nur, wenn das Gebiet '
    'zu mindestens 99 % in der Kulisse liegt; für eine teilweise Überschneidung lässt sich die Zahl nicht schätzen, '
    'weil die Adressen keine Koordinaten haben.':
        'Share: the part of the area’s territory that lies in the funding area (computed from the polygons at import; '
        'overlapping parts of one layer count once). Residents only where the area lies at least 99% inside; a '
        'partial overlap cannot be estimated because the addresses have no coordinates.',
    'Das Gebiet überschneidet keine der Kulissen ({names}).': 'The area does not overlap any of the layers ({names}).',
    'Förderkulissen und Gebietskulissen': 'Funding areas and designated areas',
    'Förderkulissen: das Gebiet überschneidet keine.': 'Funding areas: the area overlaps none.',
    'Einwohnerinnen und Einwohner in der Kulisse': 'Residents inside',
    'Kontext': 'context',
    'Kontext, keine Förderkulisse': 'context, not a funding area',
    'Kulisse': 'Layer',
    'Kulisse {layer}{kind}: {parts}; {features}': 'Layer {layer}{kind}: {parts}; {features}',
    'Stand {date}': 'as of {date}',
    'in Kraft seit': 'in force since',
    'in Kraft seit {date}': 'in force since {date}',
    'insgesamt': 'total',
    'nicht veröffentlicht': 'not published',
    'Überschneidung mit Förderkulissen': 'Overlap with funding areas',
    '{population} Einwohnerinnen und Einwohner': '{population} residents',
    '{share} der Gebietsfläche': '{share} of the area’s territory',
    # the burden view's filter (dashboard/ui/burden.py, dashboard/state/burden.py)
    'Die Kulisse aus dem Link gibt es nicht; alle Gebiete werden gezeigt.': 'The funding area in the link does not exist; all areas are shown.',
    'Die Lage zur Kulisse aus dem Link ist unbekannt; gezeigt werden die Gebiete innerhalb der Kulisse.':
        'The position relative to the funding area in the link is unknown; the areas inside it are shown.',
    'Nur Gebiete innerhalb oder außerhalb einer Förderkulisse': 'Only areas inside or outside a funding area',
    'alle Gebiete': 'all areas',
    'außerhalb': 'outside',
    'innerhalb (mindestens die Hälfte der Fläche)': 'inside (at least half of the territory)',
    'nur Gebiete außerhalb: {kulisse}': 'only areas outside: {kulisse}',
    'nur Gebiete innerhalb: {kulisse}': 'only areas inside: {kulisse}',
    '(innerhalb: mindestens die Hälfte der Fläche des Gebiets liegt in der Kulisse; Quelle: {credit}, Stand {stand})':
        '(inside: at least half of the area’s territory lies in the funding area; source: {credit}, as of {stand})',
}
