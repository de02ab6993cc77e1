"""References from code, tests and benchmarks into docs/ resolve (issue 12).

Docstrings and comments cite documentation sections, e.g. ``docs/methods.md, „Aggregation“`` or
``docs/ingest.md ("Gebietsnotizen")`` or ``section "Geheimhaltung" in docs/methods.md``. Every such
reference must name an existing file under docs/ and a heading that exists in it, so renaming a
heading without updating the citations fails here. The design notes outside the repository are not
part of a fresh clone, so their file name must not be cited outside docs/ either.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("dashboard", "tests", "bench")
SUFFIXES = {".py", ".js", ".css", ".sql", ".toml", ".md", ".txt", ".sh", ".cfg", ".ini", ".yml", ".yaml"}
FORBIDDEN = "METHODS" + ".md"
SELF = Path(__file__).resolve()  # not scanned: its examples are test input, not citations

_FILE = r"docs/(?P<file>[\w./-]+?\.md)"
_QUOTED = r"(?:„(?P<q1>[^“”\"\n]{1,100})[“”]|\"(?P<q2>[^\"\n]{1,100})\"|“(?P<q3>[^”\n]{1,100})”)"
# docs/x.md, „Section“ | docs/x.md ("Section") | docs/x.md "Section" | docs/x.md, Abschnitt „Section“
FORWARD = re.compile(_FILE + r"[,:]?[ \t]*\(?[ \t]*(?:(?:Abschnitt|section)[ \t]+)?" + _QUOTED)
# section "Section" in docs/x.md | „Section“ in docs/x.md
BACKWARD = re.compile(_QUOTED + r"[ \t]+(?:in|of|aus)[ \t]+" + _FILE)
ANY_FILE = re.compile(r"docs/[\w./-]+?\.md")
HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
FENCE = re.compile(r"^[ ]{0,3}(```|~~~)")

# Citations known to be wrong; each stays an expected failure until the citing file is corrected.
KNOWN_WRONG: set[tuple[str, str, str]] = set()  # (source, file, section) of a citation known to be wrong, marked xfail


@dataclass(frozen=True)
class Reference:
    source: str  # path relative to the repository root
    line: int
    file: str  # path below docs/
    section: str | None

    def __str__(self) -> str:
        return f"{self.source}:{self.line} -> docs/{self.file}" + (f" „{self.section}“" if self.section else "")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def headings(markdown: str) -> set[str]:
    """Heading texts of a Markdown file (ATX headings outside code fences), normalised.

    A heading with a trailing parenthesis, e.g. "Gebietsnotizen (`notes/<Kennung>.md`)", can also be
    cited without it ("Gebietsnotizen")."""
    found: set[str] = set()
    fenced = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        match = HEADING.match(line)
        if match:
            text = _normalise(match.group(2))
            found.add(text)
            short = re.sub(r"\s*\([^()]*\)$", "", text)
            if short:
                found.add(short)
    return found


def references_in(text: str, source: str) -> list[Reference]:
    """Every docs/*.md reference of a text, with the section it names (None for a bare file)."""
    refs: list[Reference] = []
    covered: set[tuple[int, int]] = set()
    for pattern in (FORWARD, BACKWARD):
        for match in pattern.finditer(text):
            section = match.group("q1") or match.group("q2") or match.group("q3")
            span = match.span("file")
            covered.add(span)
            refs.append(Reference(source, text.count("\n", 0, match.start()) + 1, match.group("file"), _normalise(section)))
    for match in ANY_FILE.finditer(text):
        span = (match.start() + len("docs/"), match.end())
        if span not in covered:
            refs.append(Reference(source, text.count("\n", 0, match.start()) + 1, match.group(0)[len("docs/"):], None))
    return refs


def _scanned_files() -> list[Path]:
    files = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            # installed npm packages (tests/e2e, bench: npm ci) are not the project's text
            if (path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts
                    and "node_modules" not in path.parts and path.resolve() != SELF):
                files.append(path)
    return files


def _all_references() -> list[Reference]:
    refs = []
    for path in _scanned_files():
        refs += references_in(path.read_text(encoding="utf-8", errors="replace"), str(path.relative_to(ROOT)))
    return refs


def problem(ref: Reference, docs: Path) -> str | None:
    """Why a reference does not resolve, or None."""
    target = docs / ref.file
    if not target.is_file():
        return f"{ref}: die Datei docs/{ref.file} gibt es nicht"
    if ref.section is not None and ref.section not in headings(target.read_text(encoding="utf-8")):
        return f"{ref}: docs/{ref.file} hat keine Überschrift „{ref.section}“"
    return None


REFERENCES = _all_references()
SECTION_REFERENCES = [r for r in REFERENCES if r.section is not None]


def _param(ref: Reference):
    marks = ()
    if (ref.source, ref.file, ref.section) in KNOWN_WRONG:
        marks = (pytest.mark.xfail(strict=True, reason="bekannter falscher Verweis, dem Verantwortlichen gemeldet"),)
    return pytest.param(ref, id=str(ref), marks=marks)


def test_the_scan_finds_the_method_citations():
    cited = {(r.file, r.section) for r in SECTION_REFERENCES}
    for section in ("Mehrfachbelastung", "Status-/Dynamik-Index", "Aggregation", "Kleine Fallzahlen",
                    "Klassen und Farben", "Geheimhaltung"):
        assert ("methods.md", section) in cited, section
    assert ("ingest.md", "Gebietsnotizen") in cited


@pytest.mark.parametrize("ref", [_param(r) for r in SECTION_REFERENCES])
def test_cited_section_exists(ref):
    assert problem(ref, ROOT / "docs") is None, problem(ref, ROOT / "docs")


def test_cited_files_exist():
    missing = [str(r) for r in REFERENCES if r.section is None and not (ROOT / "docs" / r.file).is_file()]
    assert not missing, missing


def test_design_notes_are_not_cited_outside_docs():
    hits = [f"{path.relative_to(ROOT)}:{n}" for path in _scanned_files()
            for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
            if FORBIDDEN in line]
    assert not hits, f"{FORBIDDEN} gibt es in einem frischen Klon nicht; zitiert wird docs/methods.md: {hits}"


def test_methods_document_stands_alone():
    text = (ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
    assert FORBIDDEN not in text and "shared/design" not in text


def test_methods_table_of_contents_lists_every_section():
    text = (ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
    sections = [m.group(2) for m in (HEADING.match(line) for line in text.splitlines()) if m and m.group(1) == "##"]
    toc = set(re.findall(r"^\d+\. \[([^\]]+)\]\(#[^)]+\)", text, flags=re.MULTILINE))
    assert sections and set(sections) == toc


def test_a_renamed_heading_is_found(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "methods.md").write_text("# Methoden\n\n## Aggregation\n\n```\n## Im Codeblock\n```\n\n"
                                     "## Gebietsnotizen (`notes/<Kennung>.md`)\n", encoding="utf-8")
    source = ('"""x (docs/methods.md, „Aggregation“), y (docs/methods.md, "Gebietsnotizen"),\n'
              'z (section "Im Codeblock" in docs/methods.md), w docs/andere.md, „Aggregation“."""\n')
    refs = references_in(source, "modul.py")
    assert [(r.file, r.section, r.line) for r in refs] == [
        ("methods.md", "Aggregation", 1), ("methods.md", "Gebietsnotizen", 1), ("andere.md", "Aggregation", 2),
        ("methods.md", "Im Codeblock", 2)]
    assert [problem(r, docs) is None for r in refs] == [True, True, False, False]
    (docs / "methods.md").write_text("# Methoden\n\n## Aggregation höherer Ebenen\n", encoding="utf-8")
    assert problem(refs[0], docs) == ("modul.py:1 -> docs/methods.md „Aggregation“: "
                                      "docs/methods.md hat keine Überschrift „Aggregation“")
