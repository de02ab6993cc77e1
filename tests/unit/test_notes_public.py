"""Area notes fail closed in public mode (dashboard/reports/profile.py, parse_notes; docs/ingest.md "Gebietsnotizen").

Only a file released by its first line ("Öffentlich: ja") shows anything publicly, and then only the
description, "## Ziele" and "## Maßnahmen". Every other heading, however it is written, starts the
internal part. The variants below are the ones that leaked under the old deny-list ("## Nicht öffentlich" only).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.reports import profile as report

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"
TITLES = ("Am Markt", "Planungsraum Am Markt")  # as notes() passes them for 01010104
SECRET = "Beschlusslage BA 17/2024 vertraulich"
PUBLIC = {"description": "Historischer Stadtkern.", "goals": "- Hitzeschutz verbessern", "measures": "| Entsiegelung | SGA |"}


def note(heading: str, released: bool = True) -> str:
    return ((("Öffentlich: ja\n\n") if released else "") + "# Am Markt\n\nHistorischer Stadtkern.\n\n"
            "## Ziele\n- Hitzeschutz verbessern\n\n## Maßnahmen\n| Entsiegelung | SGA |\n\n"
            f"{heading}\n{SECRET}\n")


HEADINGS = {
    "hyphen": "## Nicht-öffentlich",
    "third level": "### Nicht öffentlich",
    "no space after ##": "##Nicht öffentlich",
    "longer heading": "## Nicht öffentlicher Teil",
    "bold": "## **Nicht öffentlich**",
    "underscore emphasis": "## __Nicht öffentlich__",
    "no-break space": "## Nicht\u00a0öffentlich",
    "narrow no-break space": "## Nicht\u202föffentlich",
    "decomposed ö (NFD)": "## Nicht o\u0308ffentlich",
    "intern": "## Intern",
    "one word": "## Nichtöffentlich",
    "en dash": "## Nicht – öffentlich",
    "soft hyphen": "## Nicht öf\u00adfentlich",
    "capitals": "## NICHT ÖFFENTLICH",
    "closing hashes": "## Nicht öffentlich ##",
    "first level": "# Nicht öffentlich",
    "indented": "   ## Nicht öffentlich",
    "indented as code": "    ## Nicht öffentlich",
    "quoted": "> ## Nicht öffentlich",
    "list item": "- ## Nicht öffentlich",
    "setext": "Nicht öffentlich\n----------------",
    "setext first level": "Nicht öffentlich\n================",
    "unknown wording": "## Nur für die Verwaltung",
    "unknown subheading": "### Abstimmung mit dem Bezirksamt",
    "Ziele with more words": "## Ziele (intern abgestimmt)",
    "Ziele on the wrong level": "### Ziele",
    "Maßnahmen on the first level": "# Maßnahmen",
}


@pytest.mark.parametrize("heading", HEADINGS.values(), ids=HEADINGS.keys())
def test_every_heading_variant_keeps_its_text_out_of_the_public_output(heading):
    public = report.parse_notes(note(heading), public=True, titles=TITLES)
    assert SECRET not in str(public)
    assert public["internal"] is None
    assert {k: public[k] for k in PUBLIC} == PUBLIC  # the released sections before it still show


@pytest.mark.parametrize("heading", HEADINGS.values(), ids=HEADINGS.keys())
def test_every_heading_variant_lands_in_the_internal_section_internally(heading):
    internal = report.parse_notes(note(heading), public=False, titles=TITLES)
    assert SECRET in internal["internal"]
    assert all(SECRET not in (internal[k] or "") for k in PUBLIC)


@pytest.mark.parametrize("heading", [h for k, h in HEADINGS.items()
                                     if "Nicht" in h and k not in ("quoted", "list item", "indented as code")])
def test_a_recognised_internal_heading_is_the_section_title_not_text(heading):
    assert report.parse_notes(note(heading), public=False, titles=TITLES)["internal"] == SECRET


def test_an_unrecognised_heading_stays_visible_in_the_internal_text():
    internal = report.parse_notes(note("## Anhang"), public=False, titles=TITLES)["internal"]
    assert internal == f"## Anhang\n{SECRET}"


def test_without_the_release_line_nothing_is_public():
    text = note("## Nicht öffentlich", released=False)
    public = report.parse_notes(text, public=True, titles=TITLES)
    assert public == {"description": None, "goals": None, "measures": None, "internal": None, "released": False}
    internal = report.parse_notes(text, public=False, titles=TITLES)
    assert {k: internal[k] for k in PUBLIC} == PUBLIC and internal["internal"] == SECRET and not internal["released"]


@pytest.mark.parametrize("line", ["Öffentlich: ja", "öffentlich: ja", "ÖFFENTLICH: JA", "Oeffentlich: ja", "Öffentlich:ja",
                                  "Öffentlich : Ja", "**Öffentlich:** ja", "O\u0308ffentlich: ja", "\ufeffÖffentlich: ja",
                                  "Öffentlich:\u00a0ja", "  Öffentlich: ja  "])
def test_release_line_variants(line):
    public = report.parse_notes(f"\n{line}\n# Am Markt\n\nText.\n\n## Ziele\nmehr Grün\n", public=True, titles=TITLES)
    assert public["released"] and public["description"] == "Text." and public["goals"] == "mehr Grün"
    assert "ffentlich" not in str(public)  # the release line is never shown


@pytest.mark.parametrize("line", ["Öffentlich: nein", "Öffentlich: ja?", "Öffentlich: jain", "Öffentlich", "Öffentlich: vielleicht",
                                  "# Öffentlich: ja", "Veröffentlichen: ja", "---\nöffentlich: ja\n---"])
def test_anything_else_does_not_release(line):
    public = report.parse_notes(f"{line}\n# Am Markt\n\nText.\n\n## Ziele\nmehr Grün\n", public=True, titles=TITLES)
    assert not public["released"] and public["description"] is None and public["goals"] is None


def test_the_release_line_only_counts_first():
    public = report.parse_notes("# Am Markt\n\nÖffentlich: ja\n\nText.\n", public=True, titles=TITLES)
    assert public["description"] is None and not public["released"]


@pytest.mark.parametrize("heading,key", [("## Ziele", "goals"), ("## ziele:", "goals"), ("## **Ziele**", "goals"),
                                         ("##Ziele", "goals"), ("## Ziele 2025–2030", "goals"), ("## Ziele bis 2030", "goals"),
                                         ("## Maßnahmen", "measures"), ("## Massnahmen", "measures"), ("## MASSNAHMEN 2025", "measures"),
                                         ("## Ma\u00dfnahmen\u00a02025", "measures"), ("## Maßnahmen ##", "measures")])
def test_public_section_headings_are_recognised_in_their_usual_spellings(heading, key):
    public = report.parse_notes(f"Öffentlich: ja\n# Am Markt\n\nText.\n\n{heading}\nfreigegeben\n", public=True, titles=TITLES)
    assert public[key] == "freigegeben" and public["description"] == "Text."


def test_a_public_section_after_the_internal_part_is_public_again():
    text = "Öffentlich: ja\nText.\n## Nicht öffentlich\nGEHEIM\n## Maßnahmen\nSpielplatz\n"
    public = report.parse_notes(text, public=True, titles=TITLES)
    assert public["measures"] == "Spielplatz" and "GEHEIM" not in str(public)


def test_a_setext_heading_takes_its_whole_paragraph_with_it():
    text = "Öffentlich: ja\nText.\n\nNicht öffentlich,\nzweite Zeile\n---\nGEHEIM\n"
    public = report.parse_notes(text, public=True, titles=TITLES)
    assert public["description"] == "Text." and "zweite Zeile" not in str(public) and "GEHEIM" not in str(public)
    assert "GEHEIM" in report.parse_notes(text, public=False, titles=TITLES)["internal"]


def test_tables_and_rules_inside_a_section_are_not_headings():
    text = "Öffentlich: ja\nText.\n\n## Maßnahmen\n| Maßnahme | Träger |\n|---|---|\n| Spielplatz | Bezirk |\n\n***\n\nEnde\n"
    public = report.parse_notes(text, public=True, titles=TITLES)
    assert "|---|---|" in public["measures"] and public["measures"].endswith("Ende")


def test_a_first_level_heading_is_the_title_only_when_it_names_the_area():
    for title in ("# Am Markt", "#  am markt", "# Planungsraum Am Markt", "Am Markt\n========"):
        out = report.parse_notes(f"Öffentlich: ja\n{title}\n\nText.\n", public=True, titles=TITLES)
        assert out["description"] == "Text.", title
    for title in ("# Intern", "# Nicht öffentlich", "# Am Markt (intern)", "# Vermerk"):  # opening with the internal part
        out = report.parse_notes(f"Öffentlich: ja\n{title}\n\n{SECRET}\n", public=True, titles=TITLES)
        assert SECRET not in str(out) and out["description"] is None, title
        assert SECRET in report.parse_notes(f"Öffentlich: ja\n{title}\n\n{SECRET}\n", public=False, titles=TITLES)["internal"]
    assert report.parse_notes("Öffentlich: ja\n# Am Markt\n\nText.\n", public=True)["description"] is None  # no titles given


def test_committed_demo_notes_are_released_and_show_publicly():
    from dashboard import create_app
    from dashboard.settings import Settings

    public = create_app(Settings(data_dir=DEMO_DIR, mode="public", cache_dir=None)).monitor
    internal = create_app(Settings(data_dir=DEMO_DIR, mode="internal", cache_dir=None)).monitor
    paths = sorted((DEMO_DIR / "notes").glob("*.md"))
    assert paths
    for path in paths:
        assert path.read_text(encoding="utf-8").startswith("Öffentlich: ja\n"), path
        shown = report.notes(public, path.stem)
        assert shown["released"] and shown["description"].startswith("*Fiktive Beispielbeschreibung"), path
        assert report.notes(internal, path.stem)["internal"] is None, path  # the title is recognised, nothing held back


def test_public_monitor_drops_an_unreleased_file(tmp_path):
    from dashboard import create_app
    from dashboard.settings import Settings
    data = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, data)
    (data / "notes" / "01010104.md").write_text("# Am Markt\n\nNoch nicht abgestimmt.\n", encoding="utf-8")
    public = create_app(Settings(data_dir=data, mode="public", cache_dir=None)).monitor
    internal = create_app(Settings(data_dir=data, mode="internal", cache_dir=None)).monitor
    assert report.notes(public, "01010104")["description"] is None
    assert report.notes(internal, "01010104")["description"] == "Noch nicht abgestimmt."
