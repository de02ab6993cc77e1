"""Registry validation: a broken indicators.toml / dataset.toml stops with a German message naming where."""
from pathlib import Path

import pytest

from dashboard.catalog import RegistryError, load_dataset, load_registry

LEVELS = ["planungsraum", "bezirk"]
GOOD = '''
[[indicator]]
id = "EW"
label_de = "Einwohnerinnen und Einwohner"
label_en = "Residents"
description = "Melderechtlich registrierte Einwohnerinnen und Einwohner am Ort der Hauptwohnung"
unit = "Personen"
dimension = "Demografie"
polarity = "neutral"
aggregation = "sum"
kind = "count"
source = "Testquelle"
stichtag = "31.12."

[[indicator]]
id = "A1"
label_de = "SGB-II-Quote"
label_en = "SGB II rate"
description = "Anteil der Empfängerinnen und Empfänger von Transferleistungen nach SGB II an den EW 0 bis unter 65 Jahre"
unit = "%"
dimension = "Soziales"
polarity = "higher_is_worse"
aggregation = "ratio_of_sums"
source = "Testquelle"
stichtag = "31.12."
levels = ["planungsraum", "bezirk"]
min_denominator = 300
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "indicators.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_registry_loads_in_order(tmp_path):
    registry = load_registry(write(tmp_path, GOOD), LEVELS)
    assert list(registry) == ["EW", "A1"]
    assert registry["A1"].aggregation_spec.method == "ratio_of_sums"
    assert registry["A1"].available_at("bezirk") and registry["EW"].available_at("planungsraum")


@pytest.mark.parametrize("change, expected", [
    (('unit = "%"', 'unit = ""'), "Pflichtfeld 'unit'"),
    (('polarity = "higher_is_worse"', 'polarity = "schlecht"'), "'polarity' hat den Wert 'schlecht'"),
    (('aggregation = "ratio_of_sums"', 'aggregation = "mean_of_shares"'), "'aggregation' hat den Wert 'mean_of_shares'"),
    (('levels = ["planungsraum", "bezirk"]', 'levels = ["ortsteil"]'), "unbekannte Ebene 'ortsteil'"),
    (('id = "A1"', 'id = "EW"'), "die id 'EW' kommt doppelt vor"),
    (('min_denominator = 300', 'min_denominator = -5'), "'min_denominator' muss eine Zahl"),
    (('min_denominator = 300', 'farbe = "rot"'), "unbekanntes Feld 'farbe'"),
    (('aggregation = "ratio_of_sums"', 'aggregation = "weighted_mean"'), "braucht das Feld 'weight'"),
    # the colour scales have 7 steps: an 8th class would be drawn without a colour
    (('min_denominator = 300', 'min_denominator = 300\nclasses = 8'), "'classes' muss eine ganze Zahl von 2 bis 7"),
])
def test_invalid_entries_are_named(tmp_path, change, expected):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(RegistryError) as info:
        load_registry(path, LEVELS)
    message = str(info.value)
    assert expected in message
    assert str(path) in message and "Eintrag" in message


def test_broken_toml_and_missing_file(tmp_path):
    with pytest.raises(RegistryError, match="kein gültiges TOML"):
        load_registry(write(tmp_path, "[[indicator]\nid="), LEVELS)
    with pytest.raises(RegistryError, match="Datei fehlt"):
        load_registry(tmp_path / "fehlt.toml", LEVELS)


def test_dataset_defaults_must_exist(tmp_path):
    write(tmp_path, GOOD)
    (tmp_path / "dataset.toml").write_text('''
id = "t"
title = "Test"
attribution = "x"
license = "CC0-1.0"
release = "abc"
levels = [{id = "planungsraum"}, {id = "bezirk"}]
[defaults]
indicator = "Z9"
year = 2024
level = "planungsraum"
''', encoding="utf-8")
    with pytest.raises(RegistryError, match="defaults.indicator='Z9'"):
        load_dataset(tmp_path)


def test_a_class_indicator_may_have_more_categories_than_the_colour_scales_have_steps(tmp_path):
    """The 12 MSS status/dynamics types bring their own colours: the 7-step limit is for range classes only."""
    entry = ('id = "T"\nlabel_de = "Typ"\nlabel_en = "Type"\ndescription = "Gebietstyp"\nunit = "Klasse"\n'
             'dimension = "Index"\npolarity = "higher_is_worse"\naggregation = "none"\nsource = "Test"\nstichtag = "31.12."\n'
             'kind = "class"\nclassification = "categorical"\nclasses = 9\n'
             'categories = { "1" = "a", "2" = "b", "3" = "c", "4" = "d", "5" = "e", "6" = "f", "7" = "g", "8" = "h", "9" = "i" }\n')
    registry = load_registry(write(tmp_path, GOOD + "\n[[indicator]]\n" + entry), LEVELS)
    assert registry["T"].classes == 9
