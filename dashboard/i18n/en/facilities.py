"""English for the map overlays (dashboard/overlays.py, dashboard/ui/overlays.py) and the facilities (point layers:
dashboard/facilities.py, dashboard/ingest/facilities.py, the profile's "Soziale Infrastruktur")."""

STRINGS = {
    "Weitere Ebenen": "Further layers",
    "Einrichtungen": "Facilities",
    "OpenStreetMap": "OpenStreetMap",
    "Förderkulissen": "Funding areas",
    "Maßnahmen": "Measures",
    "Kapazität": "Capacity",
}
