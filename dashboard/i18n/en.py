STRINGS = {
    "app_title": "Quartiersmonitor",
    "synthetic_badge": "fictitious sample data",
    "indicator": "Indicator",
    "year": "Year (reference date)",
    "level": "Spatial level",
}
