"""The burden, index and change views build, public mode offers no scenario, a district focuses the map (and the main
map's drill-down alike), the legends count the focus, a scenario is described by its rule and the index classes differ
by marks; a dataset with one level has no district filter."""
import json
from urllib.parse import quote

from dashboard.ui import burden as burden_view
from dashboard.ui import change as change_view
from dashboard.ui import social_index as index_view
from dashboard.ui.components import colouring
from dashboard.urls import colouring_url
from tests.integration.conftest import CallbackClient
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


def map_props(tree, view):
    return find(tree, view.MAP)["props"], find(tree, view.AREAS)["props"]["hideout"]


def test_a_district_in_the_address_zooms_the_map_and_fades_the_rest(app):
    monitor, geometry = app.monitor, app.view_context.geometry
    inside = set(monitor.descendants("03", "planungsraum"))
    tree = render(app, burden_view.PATH, "?jahr=2023&bezirk=03")
    container, hideout = map_props(tree, burden_view)
    # one fit, in assets/qm_map.js from hideout.view (clear of title and legend): the container opens on the city
    assert hideout["view"] == geometry.area_bounds("03") and container["bounds"] == geometry.bounds
    assert set(hideout["focus"]) == inside and hideout["focus"]
    assert find(tree, burden_view.TITLE)["props"]["children"].endswith(" – " + monitor.area_names("bezirk")["03"])
    legend = json.dumps(find(tree, burden_view.LEGEND), ensure_ascii=False)
    assert "blass: Gebiete außerhalb der Auswahl" in legend
    # the legend counts the areas of the district, as the index legend does
    table = monitor.burden_bundle(monitor.burden_rules()[0], 2023).table.loc[sorted(inside)]
    assert "Anzahl Gebiete in " + monitor.area_names("bezirk")["03"] in legend
    counts = table[table["rated"]]["burden_count"].value_counts()
    assert all(f"{'Belastung' if n == 1 else 'Belastungen'}{' (mehrfach belastet, ab 3)' if n == 3 else ''}: {int(counts.get(n, 0))}\"" in legend
               for n in range(6)) and counts.sum() < 0.5 * len(monitor.areas("planungsraum"))
    # the dimension filter fades the areas not burdened in all chosen dimensions, within the district too
    _, filtered = map_props(render(app, burden_view.PATH, "?jahr=2023&bezirk=03&dimension=Umwelt"), burden_view)
    table = monitor.burden_bundle(monitor.burden_rules()[0], 2023).table
    assert set(filtered["focus"]) == {a for a in inside if "Umwelt" in table.loc[a, "dimensions"]} < inside
    # without a filter: the whole city, nothing faded
    tree = render(app, burden_view.PATH, "?jahr=2023")
    container, hideout = map_props(tree, burden_view)
    assert container["bounds"] == hideout["view"] == geometry.bounds and hideout["focus"] is None
    assert "blass" not in json.dumps(find(tree, burden_view.LEGEND), ensure_ascii=False)


def test_another_district_picked_moves_the_map_there(app):
    client = CallbackClient(app)
    state = {f"{burden_view.RULE}.value": "umweltgerechtigkeit", "qm-lang.data": "de"}
    controls = {f"{burden_view.YEAR}.value": 2023, f"{burden_view.DIMENSIONS}.value": [], f"{burden_view.DISTRICT}.value": "05",
                f"{burden_view.ENABLED}.value": ["UL", "UN", "UT", "UG", "US"], f"{burden_view.K}.value": 3,
                f"{burden_view.CUT}.value": "regel"}
    response = client.call(burden_view.LEGEND, "children", controls, state, changed=[f"{burden_view.DISTRICT}.value"])
    assert response.status_code == 200, response.data[:300]
    out = json.loads(response.data)["response"]
    hideout = out[colouring(burden_view.AREAS)]["data"]
    assert hideout["view"] == app.view_context.geometry.area_bounds("05")
    assert set(hideout["focus"]) == set(app.monitor.descendants("05", "planungsraum"))
    assert out[burden_view.URL_SYNC]["data"]["bezirk"] == "05"


def test_scenario_title_method_and_legend_describe_the_rule_shown(app):
    tree = render(app, burden_view.PATH, "?jahr=2023&aus=UL&schnitt=quantile&k=2")
    heading = find(tree, burden_view.TITLE)["props"]["children"]
    assert heading == ("SZENARIO – Mehrfachbelastung: 4 von 5 Kriterien (ohne Luftbelastung (Klasse)), je Kriterium: unter "
                       "den ungünstigsten 25 % der Gebiete, 2023 (mehrfach belastet ab 2)")
    method = find(tree, burden_view.METHOD)["props"]["children"]
    assert "Kernindikatoren" not in heading + method and method.endswith("Nicht berücksichtigt: Luftbelastung (Klasse).")
    # the legend: the map's colours (fixed by the rule: 0..5) and, from k on, the map's dashed outline on the swatch
    # (the shared legend rows with their `outlined` flag, styled by assets/qm.css)
    hideout = find(tree, burden_view.AREAS)["props"]["hideout"]
    swatches = [row["props"]["children"][0]["props"] for row in find(tree, burden_view.LEGEND)["props"]["children"][1]["props"]["children"]]
    counts = swatches[:5]  # 0..4 criteria
    assert [s["style"]["backgroundColor"] for s in counts] == hideout["colors"][:5] and len(hideout["colors"]) == 6
    assert ["qm-swatch-outlined" in s["className"] for s in counts] == [False, False, True, True, True]
    assert all("border" not in s["style"] for s in swatches)  # no inline copy of the map's dash


def test_index_classes_differ_by_marks_on_map_and_legend_alike(app):
    tree = render(app, index_view.PATH, "?jahr=2024&bezirk=03")
    container, hideout = map_props(tree, index_view)
    assert hideout["view"] == app.view_context.geometry.area_bounds("03") and container["bounds"] == app.view_context.geometry.bounds
    assert set(hideout["focus"]) == set(app.monitor.descendants("03", "planungsraum"))
    # each dynamics class its own marks (stable none), in an ink that stands out from the class colour
    names = [p["name"] if p else None for p in hideout["patterns"]]
    assert names == ["plus", None, "minus"] * 4
    assert {p["ink"] for p in hideout["patterns"] if p} == {"#000000", "#ffffff"}
    legend = find(tree, index_view.LEGEND)
    text = json.dumps(legend, ensure_ascii=False)
    assert "Anzahl Gebiete in " + app.monitor.area_names("bezirk")["03"] in text
    assert "blass: Gebiete außerhalb der Auswahl" in text
    plus = hideout["patterns"][0]
    assert quote(plus["d"]) in text and text.count("data:image/svg+xml") == 8  # the swatches draw the map's marks


def test_change_map_focuses_a_district_at_any_level(app):
    monitor, geometry = app.monitor, app.view_context.geometry
    for level, members in (("planungsraum", set(monitor.descendants("03", "planungsraum"))), ("bezirk", {"03"})):
        tree = render(app, change_view.PATH, f"?indikator=A1&ebene={level}&bezirk=03")
        container, hideout = map_props(tree, change_view)
        assert hideout["view"] == geometry.area_bounds("03") and set(hideout["focus"]) == members
        assert container["bounds"] == geometry.bounds
    assert find(tree, change_view.TITLE)["props"]["children"].endswith(" – " + monitor.area_names("bezirk")["03"])


def test_change_map_counts_the_district_it_shows(app):
    """Under "– <Bezirk>" the summary counts the district's areas, not the city's, and the legend says what fades."""
    monitor = app.monitor
    tree = render(app, change_view.PATH, "?indikator=A1&ebene=planungsraum&bezirk=03")
    bundle = change_view.report.change_bundle(monitor, "A1", "planungsraum", *_years(tree))
    klass = bundle.table.loc[sorted(monitor.descendants("03", "planungsraum")), "klass"]
    summary = json.dumps(find(tree, change_view.SUMMARY), ensure_ascii=False)
    assert f"Gestiegen: {int((klass >= 4).sum())} Gebiete" in summary and int((bundle.table["klass"] >= 4).sum()) > (klass >= 4).sum()
    assert f"etwa unverändert: {int((klass == 3).sum())}" in summary
    assert "blass: Gebiete außerhalb der Auswahl" in json.dumps(find(tree, change_view.LEGEND), ensure_ascii=False)
    whole = render(app, change_view.PATH, "?indikator=A1&ebene=planungsraum")
    assert "blass" not in json.dumps(find(whole, change_view.LEGEND), ensure_ascii=False)
    assert f"Gestiegen: {int((bundle.table['klass'] >= 4).sum())} Gebiete" in json.dumps(find(whole, change_view.SUMMARY), ensure_ascii=False)


def _years(tree) -> tuple[int, int]:
    return find(tree, change_view.FROM)["props"]["value"], find(tree, change_view.TO)["props"]["value"]


def test_an_unknown_district_shows_the_city_with_a_notice(app):
    for view, query in ((burden_view, "?jahr=2023"), (index_view, "?jahr=2024"), (change_view, "?indikator=A1")):
        tree = render(app, view.PATH, query + "&bezirk=0301")  # a Prognoseraum, not a Bezirk
        _, hideout = map_props(tree, view)
        assert hideout["focus"] is None and hideout["view"] == app.view_context.geometry.bounds
        assert "Das Gebiet für den Ausschnitt aus dem Link gibt es nicht" in json.dumps(find(tree, view.NOTICE), ensure_ascii=False)


def test_the_main_maps_drill_down_fits_like_the_other_maps(app):
    """fokus= goes to the map as hideout.view (fitted by assets/qm_map.js clear of title and legend), not as the
    container's bounds: one fit, the same on every map."""
    from dashboard.ui import ids
    geometry = app.view_context.geometry
    tree = render(app, "/", "?indikator=A1&ebene=planungsraum&fokus=03")
    container, hideout = find(tree, ids.MAP)["props"], find(tree, ids.AREAS)["props"]["hideout"]
    assert hideout["view"] == geometry.area_bounds("03") and container["bounds"] == geometry.bounds
    assert set(hideout["focus"]) == set(app.monitor.descendants("03", "planungsraum"))
    assert "blass: Gebiete außerhalb der Auswahl" in json.dumps(find(tree, ids.LEGEND), ensure_ascii=False)
    # a recolour (another indicator) keeps the drill-down's view, so the map does not move
    response = app.server.test_client().get(colouring_url(app.monitor.dataset.release, "de", "planungsraum", "A2", 2024, "03"))
    assert response.status_code == 200, response.data[:300]
    assert json.loads(response.data)["hideout"]["view"] == geometry.area_bounds("03")
    whole = find(render(app, "/", "?indikator=A1"), ids.AREAS)["props"]["hideout"]
    assert whole["view"] == geometry.bounds and whole["focus"] is None
    assert "blass" not in json.dumps(find(render(app, "/", "?indikator=A1"), ids.LEGEND), ensure_ascii=False)


def test_a_dataset_with_one_level_has_no_district_filter(app, tmp_path):
    """With one level its areas are what the map draws: no "Bezirk" picker listing every area; bezirk= is refused."""
    from dashboard import create_app
    from dashboard.settings import Settings
    from tests.integration.test_ingest_generic import base_config, write_city
    from dashboard.ingest.generic import ingest_from_config
    config = base_config()
    config["levels"] = [{k: v for k, v in config["levels"][0].items() if k != "parent_column"} | {"label_de": "Stadtteil"}]
    one = create_app(Settings(data_dir=ingest_from_config(write_city(tmp_path, config)), cache_dir=None))
    tree = render(one, change_view.PATH, "?indikator=EW&bezirk=0101")
    picker = find(tree, change_view.DISTRICT)
    assert picker is not None and picker["props"]["options"] == [] and picker["props"]["value"] is None
    box = _parent_of(tree, change_view.DISTRICT)
    assert box["props"]["hidden"] is True
    assert "Das Gebiet für den Ausschnitt aus dem Link gibt es nicht" in json.dumps(tree, ensure_ascii=False)
    assert find(tree, change_view.AREAS)["props"]["hideout"]["focus"] is None
    # with levels above, the picker shows, named by the top level
    box = _parent_of(render(app, change_view.PATH, "?indikator=A1"), change_view.DISTRICT)
    assert box["props"]["hidden"] is False and box["props"]["children"][0]["props"]["children"] == "Bezirk"


def _parent_of(tree, component_id):
    """The component whose children hold the component with this id."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            children = node.get("props", {}).get("children")
            items = children if isinstance(children, list) else [children]
            if any(isinstance(c, dict) and c.get("props", {}).get("id") == component_id for c in items):
                return node
            stack.extend(items)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(node)
    return None
