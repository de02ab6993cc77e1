"""The burden and index views build, and public mode offers no scenario."""
import json

from dashboard.ui import burden as burden_view
from dashboard.ui import social_index as index_view
from tests.integration.test_app import find, render


def test_burden_layout_builds_with_official_rule(app):
    tree = render(app, burden_view.PATH, "?jahr=2023")
    rule = app.monitor.burden_rules()[0]
    hideout = find(tree, burden_view.AREAS)["props"]["hideout"]
    assert hideout["classes"] == app.monitor.burden_bundle(rule, 2023).hideout["classes"]
    assert find(tree, burden_view.SCENARIO_BOX) is not None
    assert "SZENARIO" not in json.dumps(find(tree, burden_view.TITLE))


def test_scenario_from_url_is_marked(app):
    tree = render(app, burden_view.PATH, "?jahr=2023&aus=UL&k=2")
    assert find(tree, burden_view.TITLE)["props"]["children"].startswith("SZENARIO")
    assert "Fallen heraus" in json.dumps(find(tree, burden_view.DIFF), ensure_ascii=False)


def test_hostile_burden_url_falls_back(app):
    tree = render(app, burden_view.PATH, "?regel=<x>&jahr=abc&k=zehn&schnitt=drop&bezirk=99")
    text = json.dumps(tree, ensure_ascii=False)
    assert "Hinweis" in text
    assert not find(tree, burden_view.TITLE)["props"]["children"].startswith("SZENARIO")


def test_public_mode_has_no_scenario(public_app):
    tree = render(public_app, burden_view.PATH, "?jahr=2023&aus=UL&k=1")
    assert find(tree, burden_view.SCENARIO_BOX) is None
    assert not find(tree, burden_view.TITLE)["props"]["children"].startswith("SZENARIO")
    assert "nur in der internen Ansicht" in json.dumps(tree, ensure_ascii=False)
    assert not any(burden_view.ENABLED in key for key in public_app.callback_map)


def test_index_layout_builds(app):
    tree = render(app, index_view.PATH, "?jahr=2024")
    hideout = find(tree, index_view.AREAS)["props"]["hideout"]
    assert len(hideout["colors"]) == 12
    assert set(hideout["classes"].values()) - {-2} <= set(range(12))
    assert "z-standardisiert" in json.dumps(find(tree, index_view.METHOD), ensure_ascii=False)
