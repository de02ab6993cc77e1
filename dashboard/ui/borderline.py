"""Grenzfälle in words and marks, shared by the index map (ui/social_index.py), the burden map (ui/burden.py) and the
profile (ui/profile.py): the tooltip lines (hideout.borderline, drawn by assets/qm_map.js borderlineStyle as a dotted
black outline that keeps the class colour), the legend row and the profile's sentences. Data come from
dashboard/reports/borderline.py."""
from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboard.i18n import format_number, t
from dashboard.present import dynamic_text, status_text

PARTS = ("status", "dynamic")


def distance_text(distance: float, lang: str = "de") -> str:
    """0,1 / 0,05: the configured distance with as many decimals as it has (at most 2)."""
    decimals = 0 if float(distance).is_integer() else (1 if round(distance, 1) == distance else 2)
    return format_number(distance, decimals, lang)


def class_word(part: str, code: Any, lang: str = "de") -> str:
    return status_text(int(code), lang) if part == "status" else dynamic_text(int(code), lang)


def index_tooltips(flags: pd.DataFrame, lang: str = "de") -> dict[str, str]:
    """Area id -> the tooltip line(s) of a borderline index area: "Grenzfall: Status nahe der Grenze zwischen „mittel“
    und „niedrig“" (and the same for the dynamics)."""
    out: dict[str, str] = {}
    for part in PARTS:
        near = flags[flags[f"{part}_borderline"]]
        for aid, below, above in zip(near.index, near[f"{part}_below"], near[f"{part}_above"]):
            words = {"below": class_word(part, below, lang), "above": class_word(part, above, lang)}
            line = (t("Grenzfall: Status nahe der Grenze zwischen „{below}“ und „{above}“", lang, **words) if part == "status"
                    else t("Grenzfall: Dynamik nahe der Grenze zwischen „{below}“ und „{above}“", lang, **words))
            out[aid] = f"{out[aid]}; {line}" if aid in out else line
    return out


def burden_tooltips(flags: pd.DataFrame, labels: dict[str, str], lang: str = "de") -> dict[str, str]:
    """Area id -> "Grenzfall bei: Lärm, Grün – knapp mehrfach belastet" for areas with a borderline criterion."""
    out = {}
    for aid, near, decisive in zip(flags.index, flags["near"], flags["decisive"]):
        if near:
            out[aid] = t("Grenzfall bei: {criteria}", lang, criteria=", ".join(labels.get(i, i) for i in near)) + decisive_suffix(decisive, lang)
    return out


def decisive_suffix(decisive: str | None, lang: str = "de") -> str:
    if decisive == "just_in":
        return " – " + t("knapp mehrfach belastet", lang)
    if decisive == "just_out":
        return " – " + t("knapp nicht mehrfach belastet", lang)
    return ""


def legend_row(n: int, distance: float, lang: str = "de") -> html.Div:
    """The legend line of the dotted outline, with the number of borderline areas."""
    return html.Div([html.Span(className="qm-swatch qm-swatch-borderline",
                               style={"border": "2px dotted #000000", "boxSizing": "border-box", "backgroundColor": "#ffffff"}),
                     " " + t("Grenzfall: Wert nahe einer Klassengrenze (± {distance} Standardabweichungen): {n}", lang,
                             distance=distance_text(distance, lang), n=format_number(n, 0, lang))],
                    className="qm-legend-row qm-legend-borderline")


def index_sentences(entry: dict[str, Any], lang: str = "de") -> list[str]:
    """The profile's words for an area's borderline index parts (reports.profile.index_summary's `borderline`):
    "Grenzfall: der Statusindex (0,97) liegt nahe der Grenze zu „niedrig“ (1,0)"."""
    out = []
    for b in entry.get("borderline", []):
        words = {"value": format_number(b["value"], 2, lang), "other": class_word(b["part"], b["other"], lang),
                 "cut": format_number(b["cut"], 1, lang)}
        out.append(t("Grenzfall: der Statusindex ({value}) liegt nahe der Grenze zu „{other}“ ({cut})", lang, **words)
                   if b["part"] == "status" else
                   t("Grenzfall: der Dynamikindex ({value}) liegt nahe der Grenze zu „{other}“ ({cut})", lang, **words))
    return out


def burden_sentence(entry: dict[str, Any], labels: dict[str, str], lang: str = "de") -> str:
    """The profile's words for an area's borderline criteria (reports.profile.burden_summary's `borderline`,
    `decisive`), or ''."""
    near = entry.get("borderline") or []
    if not near:
        return ""
    text = t("Grenzfall bei: {criteria} (Wert nahe der Schnittgrenze)", lang, criteria=", ".join(labels.get(i, i) for i in near))
    return text + decisive_suffix(entry.get("decisive"), lang)


def members_text(n: int | None, lang: str = "de", sentence: bool = True) -> str:
    """" Grenzfälle (Wert nahe einer Klassengrenze): 12." (after a sentence) or "; Grenzfälle …: 12" (after a list) for a
    larger area's summary; '' for none."""
    if not n:
        return ""
    text = t("Grenzfälle (Wert nahe einer Klassengrenze): {n}", lang, n=format_number(n, 0, lang))
    return f" {text}." if sentence else f"; {text}"
