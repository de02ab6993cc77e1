"""The English switch: every German text the code passes to t() has an English translation with
the same placeholders, and the shared helpers behave."""
from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from dashboard.i18n import format_number, language, language_of, plural, t, tt
from dashboard.i18n.en import STRINGS as EN

PACKAGE = Path(__file__).resolve().parents[2] / "dashboard"


def literal_texts() -> list[tuple[str, int, str]]:
    """(file, line, text) of every string literal given as the first argument of t(...)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.append((str(path.relative_to(PACKAGE.parent)), node.lineno, node.args[0].value))
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_code_translates_many_texts():
    assert len(literal_texts()) > 150  # the views go through t(); a collapse of this number means the scan broke


def test_every_text_passed_to_t_has_an_english_translation():
    missing = sorted({f"{file}:{line}: {text!r}" for file, line, text in literal_texts() if text not in EN})
    assert missing == [], "ohne englische Übersetzung:\n" + "\n".join(missing[:40])


def test_translations_keep_the_placeholders():
    wrong = [(german, english) for german, english in EN.items() if placeholders(german) != placeholders(english)]
    assert wrong == []


def test_fallback_and_formatting():
    assert t("Karte", "en") == "Map" and t("Karte", "de") == "Karte"
    assert t("Kennzahlen {year}", "en", year=2024) == "Key figures 2024"
    assert t("ein Text ohne Übersetzung", "en") == "ein Text ohne Übersetzung"
    assert tt("Soziales", "en") == "Social" and tt("Mitte", "en") == "Mitte" and tt(None, "en") == ""
    assert format_number(12345.678, 1) == "12.345,7" and format_number(12345.678, 1, "en") == "12,345.7"
    assert format_number(None) == "–" and format_number(float("nan"), 2, "en") == "–"
    assert plural("Planungsraum", "Planning area", "de") == "Planungsräume"
    assert plural("Planungsraum", "Planning area", "en") == "Planning areas"


@pytest.mark.parametrize("value, expected", [("en", "en"), ("de", "de"), ("fr", "de"), (None, "de"), (["en"], "de"),
                                             ({"x": 1}, "de"), ("EN", "de")])
def test_language_accepts_only_known_codes(value, expected):
    assert language(value) == expected
    assert language_of({"sprache": value}) == expected
