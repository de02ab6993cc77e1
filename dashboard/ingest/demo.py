"""The synthetic demo city "Musterstadt" (fiktive Beispieldaten), written to data/demo/.

Deterministic for a given seed. The geometry is a tessellation (Voronoi cells of seed points that
are denser toward the centre, cut by a river) clipped to an organic outline in EPSG:25832 in central
Germany, about 25 km across. Planungsräume are grouped bottom-up into contiguous Bezirksregionen,
Prognoseräume and Bezirke (graph regions grown from k-means seeds), so every higher level is the
union of its children and borders are shared. Values come from smooth latent fields over the area
centroids (social disadvantage, migration, age, family, urbanity, green, traffic), so neighbours
resemble each other and indicators correlate plausibly; counts are drawn from those rates so that
every share has integer numerator and denominator and all counts fit together (age groups add up
to the population). Nothing here describes a real place.
"""
from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.cluster.vq import kmeans2
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

from dashboard.ingest import registries
from dashboard.ingest.build import ROOT_ID, ROOT_LEVEL, write_dataset
from dashboard.ingest.gazetteer import from_addresses
from dashboard.ingest.facilities import demo as facilities_demo
from dashboard.ingest.kulissen import demo_layers as kulissen_demo_layers
from dashboard.ingest.measures import demo_layer as measures_demo_layer

CRS = "EPSG:25832"
CENTER = (548_000.0, 5_660_000.0)  # somewhere between Kassel and Fulda; the city itself is fictional
RADIUS = 12_000.0
YEARS = tuple(range(2015, 2025))
EDITIONS = (2017, 2019, 2021, 2023)  # Umweltgerechtigkeit-style burden classes, every two years
N_BEZIRKE = 12
PLR_PER_PROGNOSERAUM = 9.0  # Berlin-like ratios: ~500 PLR, ~140 BZR, ~55 Prognoseräume, 12 Bezirke
PLR_PER_BEZIRKSREGION = 3.3

# indicator registry and dataset texts (data, not code): dashboard/ingest/registries/demo.toml
REGISTRY = registries.load("demo")
INDICATORS: list[dict] = REGISTRY.entries()
META: dict = REGISTRY.dataset()

BEZIRK_NAMES = ["Hohenfeld", "Bergheim", "Auental", "Waldau", "Rosenhöhe", "Kirchdorf", "Eichwalde", "Sonnenberg",
                "Talheim", "Buchholz", "Steinbach", "Lindenau", "Wiesengrund"]
STEMS = ["Linden", "Birken", "Eichen", "Buchen", "Erlen", "Ahorn", "Kastanien", "Rosen", "Mühlen", "Wiesen", "Sonnen",
         "Brunnen", "Kirch", "Schloss", "Wald", "Feld", "Garten", "Heide", "Moor", "See", "Bach", "Stein", "Burg",
         "Hasel", "Weiden", "Fichten", "Tannen", "Holunder", "Flieder", "Lerchen", "Falken", "Hirsch", "Fuchs", "Raben",
         "Tauben", "Kreuz", "Markt", "Ziegel", "Kalk", "Sand", "Kloster", "Pfarr", "Hopfen", "Korn", "Apfel", "Kirsch"]
PLR_SUFFIXES = ["hof", "feld", "grund", "winkel", "berg", "garten", "siedlung", "ring", "kamp", "busch", "wiese", "anger",
                "straße", "weg", "park", "platz"]
BZR_SUFFIXES = ["viertel", "aue", "heide", "tal", "höhe"]
AM_SUFFIXES = ["graben", "hang", "teich", "wall", "tor", "bach", "berg", "markt"]
DIRECTIONS = ["Nord", "Nordost", "Ost", "Südost", "Süd", "Südwest", "West", "Nordwest"]


def build_demo(out_dir: Path, seed: int = 2024) -> Path:
    """Generate Musterstadt and write it to out_dir through write_dataset."""
    rng = np.random.default_rng(seed)
    outline, river = _outline_and_river(rng)
    plr = _planungsraeume(outline, river, rng)
    plr = _hierarchy(plr, rng)
    fields = _latent_fields(plr, rng)
    special = _special_areas(plr, fields)
    _name_areas(plr, special, rng)
    areas = _all_levels(plr)
    values = _values(plr, fields, special, rng)
    notes = _notes(plr, areas, fields, special)
    meta = dict(META, seed=seed)
    gazetteer = from_addresses(_addresses(plr, np.random.default_rng(seed + 1)))  # own generator: values stay as they were
    gazetteer.attrs["source"] = "Ortsverzeichnis der Demo"
    layers = kulissen_demo_layers(meta, areas)  # funding areas (dashboard/ingest/kulissen.py)
    layers.append(measures_demo_layer(meta, seed))  # fictional measures (dashboard/ingest/measures.py)
    values, indicators, facilities = facilities_demo(meta, areas, values, INDICATORS, seed)  # Kitas, Schulen (ingest/facilities.py)
    layers.append(facilities)
    # An example Sitzungsmappe (presentation slides) ships with the demo, swapped in with the data.
    return write_dataset(Path(out_dir), meta, indicators, areas, values, notes=notes,
                         extra_files={"sitzungsmappen/lenkungsgruppe.toml": SITZUNGSMAPPE_LENKUNGSGRUPPE}, gazetteer=gazetteer,
                         layers=layers)


SITZUNGSMAPPE_LENKUNGSGRUPPE = """\
# Sitzungsmappe des Quartiersmonitors: Ansichten in der Reihenfolge der Präsentation.
# Im Präsentationsmodus mit Pfeiltasten oder Bild auf/ab blättern; Esc beendet ihn.
title = "Lenkungsgruppe Integrierte Stadtteilentwicklung"

[[views]]
title = "SGB-II-Bezug nach Bezirk, 2024"
url = "/?indikator=A1&jahr=2024&ebene=bezirk"

[[views]]
title = "Mehrfachbelastung (Umweltgerechtigkeit), 2023"
url = "/mehrfachbelastung?regel=umweltgerechtigkeit&jahr=2023"

[[views]]
title = "Status/Dynamik-Index, 2024"
url = "/sozialindex?index=sozialindex&jahr=2024"

[[views]]
title = "Gebietsprofil einer Bezirksregion"
url = "/gebiet/100201?jahr=2024"

[[views]]
title = "Vergleich dreier Bezirke, 2024"
url = "/vergleich?gebiete=01,02,03&jahr=2024"

[[views]]
title = "Zeitreihe SGB-II-Bezug in drei Bezirken"
url = "/zeitreihen?indikator=A1&ebene=bezirk&gebiete=01,02,03"
"""


# --------------------------------------------------------------------------------------------
# geometry


def _outline_and_river(rng: np.random.Generator) -> tuple[shapely.Polygon, shapely.LineString]:
    theta = np.linspace(0.0, 2 * np.pi, 480, endpoint=False)
    radius = np.ones_like(theta)
    for harmonic, amplitude in ((2, 0.10), (3, 0.08), (4, 0.04), (5, 0.05), (7, 0.025), (11, 0.012), (17, 0.006)):
        radius += amplitude * np.sin(harmonic * theta + rng.uniform(0, 2 * np.pi))
    radius *= RADIUS
    outline = shapely.Polygon(np.column_stack([CENTER[0] + 1.08 * radius * np.cos(theta), CENTER[1] + radius * np.sin(theta)]))
    x = np.linspace(CENTER[0] - 18_000, CENTER[0] + 18_000, 400)
    phase1, phase2 = rng.uniform(0, 2 * np.pi, 2)
    y = (CENTER[1] - 900 + 1_400 * np.sin(2 * np.pi * (x - CENTER[0]) / 26_000 + phase1)
         + 450 * np.sin(2 * np.pi * (x - CENTER[0]) / 6_500 + phase2))
    return outline, shapely.LineString(np.column_stack([x, y]))


def _seed_points(outline: shapely.Polygon, rng: np.random.Generator) -> np.ndarray:
    """Dart throwing with a spacing that shrinks toward the centre (denser inner city)."""
    minx, miny, maxx, maxy = outline.bounds
    candidates = rng.uniform([minx, miny], [maxx, maxy], size=(40_000, 2))
    inside = shapely.contains_xy(outline, candidates[:, 0], candidates[:, 1])
    candidates = candidates[inside]
    r = np.hypot(candidates[:, 0] - CENTER[0], candidates[:, 1] - CENTER[1])
    density = 1.0 + 3.0 * np.exp(-((r / 5_500.0) ** 2))
    spacing = 1_030.0 / np.sqrt(density)
    accepted = np.empty((0, 2))
    for point, gap in zip(candidates, spacing):
        if accepted.shape[0] and np.min(np.sum((accepted - point) ** 2, axis=1)) < gap * gap:
            continue
        accepted = np.vstack([accepted, point])
    return accepted


def _planungsraeume(outline: shapely.Polygon, river: shapely.LineString, rng: np.random.Generator) -> gpd.GeoDataFrame:
    seeds = _seed_points(outline, rng)
    minx, miny, maxx, maxy = outline.buffer(3_000).bounds
    cells = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=shapely.box(minx, miny, maxx, maxy), ordered=True)
    # Node all borders (cell edges, outline, river) and polygonise: every face shares its edges
    # exactly with its neighbours, so later unions have no slivers.
    lines = [shapely.boundary(c) for c in shapely.get_parts(cells)] + [outline.exterior, river]
    faces = np.array(shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(lines)))))
    probe = shapely.point_on_surface(faces)
    faces = faces[shapely.contains(outline, probe)]
    river_side = _north_of(river, outline)
    north = shapely.contains(river_side, shapely.point_on_surface(faces))
    faces, north = _merge_small(list(faces), list(north))
    frame = gpd.GeoDataFrame({"north": north}, geometry=faces, crs=CRS)
    centroids = frame.geometry.centroid
    frame["x"], frame["y"] = centroids.x.to_numpy(), centroids.y.to_numpy()
    frame["r"] = np.hypot(frame["x"] - CENTER[0], frame["y"] - CENTER[1])
    frame["river"] = [g.boundary.intersection(river).length > 150 for g in frame.geometry]
    return frame.sort_values(["y", "x"], ascending=[False, True]).reset_index(drop=True)


def _north_of(river: shapely.LineString, outline: shapely.Polygon) -> shapely.Polygon:
    minx, miny, maxx, maxy = outline.buffer(5_000).bounds
    coords = list(river.coords)
    return shapely.Polygon(coords + [(coords[-1][0], maxy), (coords[0][0], maxy)])


def _merge_small(faces: list, north: list) -> tuple[list, list]:
    """Join faces far below the typical size (river and outline cuts) to their longest same-side neighbour."""
    limit = 0.3 * float(np.median(shapely.area(np.array(faces))))
    while True:
        areas = shapely.area(np.array(faces))
        order = np.argsort(areas)
        if areas[order[0]] >= limit:
            return faces, north
        small = int(order[0])
        tree = shapely.STRtree(faces)
        best, best_len = None, 0.0
        for other in tree.query(faces[small], predicate="intersects"):
            if other == small or north[other] != north[small]:
                continue
            shared = faces[small].boundary.intersection(faces[other].boundary).length
            if shared > best_len:
                best, best_len = int(other), shared
        if best is None:  # an island piece without same-side neighbour: keep it as it is
            limit = areas[order[0]]
            continue
        faces[best] = shapely.union_all([faces[best], faces[small]])
        del faces[small]
        del north[small]


def _adjacency(geoms: np.ndarray, min_shared: float = 1.0) -> list[tuple[int, int, float]]:
    """Rook neighbours (a shared border longer than min_shared metres) as (i, j, shared length)."""
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = []
    for i, j in zip(left, right):
        if i < j:
            shared = geoms[i].boundary.intersection(geoms[j].boundary).length
            if shared > min_shared:
                pairs.append((int(i), int(j), shared))
    return pairs


# --------------------------------------------------------------------------------------------
# hierarchy


def _hierarchy(plr: gpd.GeoDataFrame, rng: np.random.Generator) -> gpd.GeoDataFrame:
    pairs = _adjacency(plr.geometry.to_numpy())
    plr.attrs["pairs"] = pairs
    xy = plr[["x", "y"]].to_numpy()
    north = plr["north"].to_numpy()
    # Bezirke never cross the river: each bank is grouped on its own.
    bezirk = np.full(len(plr), -1)
    n_north = int(round(N_BEZIRKE * north.mean()))
    next_label = 0
    for side, k in ((True, n_north), (False, N_BEZIRKE - n_north)):
        members = np.flatnonzero(north == side)
        labels = _grow_regions(members, xy, pairs, k, rng)
        bezirk[members] = labels + next_label
        next_label += labels.max() + 1
    prognoseraum = _split(bezirk, xy, pairs, PLR_PER_PROGNOSERAUM, rng, minimum=2)
    bezirksregion = _split(prognoseraum, xy, pairs, PLR_PER_BEZIRKSREGION, rng, minimum=1)
    plr["bezirk_k"], plr["prognoseraum_k"], plr["bezirksregion_k"] = bezirk, prognoseraum, bezirksregion
    _assign_ids(plr)
    return plr


def _split(parent: np.ndarray, xy: np.ndarray, pairs, per_child: float, rng, minimum: int) -> np.ndarray:
    child = np.full(len(parent), -1)
    next_label = 0
    for label in np.unique(parent):
        members = np.flatnonzero(parent == label)
        k = max(minimum, int(round(len(members) / per_child)))
        k = min(k, len(members))
        labels = _grow_regions(members, xy, pairs, k, rng)
        child[members] = labels + next_label
        next_label += labels.max() + 1
    return child


def _grow_regions(members: np.ndarray, xy: np.ndarray, pairs, k: int, rng) -> np.ndarray:
    """k contiguous regions of the given areas: k-means seeds, then nearest seed along the neighbour graph."""
    if k <= 1:
        return np.zeros(len(members), dtype=int)
    points = xy[members]
    centroids, _ = kmeans2(points, k, minit="++", seed=rng, iter=30)
    seeds: list[int] = []
    for c in centroids:
        order = np.argsort(np.sum((points - c) ** 2, axis=1))
        seeds.append(int(next(i for i in order if i not in seeds)))
    local = {int(m): i for i, m in enumerate(members)}
    rows, cols, weights = [], [], []
    for i, j, _shared in pairs:
        if i in local and j in local:
            a, b = local[i], local[j]
            d = float(np.hypot(*(points[a] - points[b])))
            rows += [a, b]
            cols += [b, a]
            weights += [d, d]
    graph = coo_matrix((weights, (rows, cols)), shape=(len(members), len(members))).tocsr()
    _dist, _pred, sources = dijkstra(graph, directed=False, indices=seeds, min_only=True, return_predecessors=True)
    labels = np.array([seeds.index(s) if s >= 0 else -1 for s in sources])
    unreached = labels < 0
    if unreached.any():  # a piece cut off from the rest (rare): nearest seed in the plane
        d = ((points[unreached, None, :] - points[None, seeds, :]) ** 2).sum(axis=2)
        labels[unreached] = d.argmin(axis=1)
    _, labels = np.unique(labels, return_inverse=True)
    return labels


def _assign_ids(plr: gpd.GeoDataFrame) -> None:
    """Berlin-style ids: Bezirk 2 digits, Prognoseraum 4, Bezirksregion 6, Planungsraum 8."""
    xy = plr[["x", "y"]]

    def order_key(frame: pd.DataFrame) -> pd.Series:  # north to south in 2-km bands, then west to east
        return -np.round(frame["y"] / 2_000.0) * 1e7 + frame["x"]

    centre = xy.groupby(plr["bezirk_k"]).mean()
    dist = np.hypot(centre["x"] - CENTER[0], centre["y"] - CENTER[1])
    angle = np.degrees(np.arctan2(centre["x"] - CENTER[0], centre["y"] - CENTER[1])) % 360  # clockwise from north
    first = dist.idxmin()
    ordered = [first] + sorted((k for k in centre.index if k != first), key=lambda k: angle[k])
    bezirk_id = {k: f"{n:02d}" for n, k in enumerate(ordered, start=1)}
    plr["bezirk_id"] = plr["bezirk_k"].map(bezirk_id)
    for level, parent_level in (("prognoseraum", "bezirk"), ("bezirksregion", "prognoseraum"), ("planungsraum", "bezirksregion")):
        key = f"{level}_k" if level != "planungsraum" else None
        groups = plr.groupby(key)[["x", "y"]].mean() if key else plr[["x", "y"]]
        parents = plr.groupby(key)[f"{parent_level}_id"].first() if key else plr[f"{parent_level}_id"]
        table = groups.assign(parent=parents, key=order_key(groups)).sort_values(["parent", "key"])
        table["number"] = table.groupby("parent").cumcount() + 1
        ids = table["parent"] + table["number"].map("{:02d}".format)
        if key:
            plr[f"{level}_id"] = plr[key].map(ids)
        else:
            plr["planungsraum_id"] = ids.reindex(plr.index)


# --------------------------------------------------------------------------------------------
# latent fields


def _standard(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / values.std()


def _latent_fields(plr: gpd.GeoDataFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
    xy = plr[["x", "y"]].to_numpy()
    d2 = ((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2)

    def smooth(sigma: float) -> np.ndarray:
        kernel = np.exp(-d2 / (2 * sigma * sigma))
        return _standard(kernel @ rng.standard_normal(len(xy)) / kernel.sum(axis=1))

    r = plr["r"].to_numpy() / 1_000.0
    urban = np.exp(-((r / 5.5) ** 2))
    estates = np.zeros(len(xy))  # large post-war housing estates at the edge
    for angle in rng.uniform(0, 2 * np.pi, 3):
        cx, cy = CENTER[0] + 8_500 * np.sin(angle), CENTER[1] + 8_000 * np.cos(angle)
        estates += np.exp(-(((xy[:, 0] - cx) ** 2 + (xy[:, 1] - cy) ** 2) / (2 * 1_300.0 ** 2)))
    ring = np.exp(-(((r - 3.2) / 1.4) ** 2))  # the old working-class ring around the centre
    dep = _standard(smooth(1_800) + 1.6 * estates + 0.8 * ring - 0.6 * np.exp(-((r / 1.6) ** 2)))
    mig = _standard(0.6 * dep + 0.5 * _standard(urban) + 0.6 * smooth(2_500))
    old = _standard(0.7 * smooth(2_500) + 0.5 * r / 12 - 0.2 * dep + 0.4 * estates)
    family = _standard(smooth(2_000) + 0.35 * r / 12 - 0.3 * urban)
    river = plr["river"].to_numpy().astype(float)
    green = _standard(-1.4 * urban + 0.7 * smooth(1_500) + 0.6 * river)
    road = smooth(700)
    return {
        "urban": urban, "dep": dep, "mig": mig, "old": old, "family": family, "green": green,
        "air": _standard(1.6 * urban + 0.35 * road + 0.3 * smooth(3_000)),
        "noise": _standard(1.2 * urban + 0.6 * road + 0.2 * smooth(1_000)),
        "heat": _standard(1.3 * urban - 0.5 * green + 0.3 * smooth(2_000)),
        "dep_trend": _standard(-0.8 * ring + 0.6 * estates + 0.4 * smooth(3_000)),
        "growth": smooth(3_000),
        "size": smooth(1_200),
        "school": smooth(2_000),
        "kita": smooth(1_500),
        "vacancy": smooth(2_500),
    }


def _special_areas(plr: gpd.GeoDataFrame, fields: dict[str, np.ndarray]) -> dict[int, tuple[str, int]]:
    """Six to eight areas with hardly any residents (airport, industry, parks), index -> (name, EW 2015)."""
    area = plr.geometry.area.to_numpy()
    r = plr["r"].to_numpy()
    taken: set[int] = set()

    def pick(mask: np.ndarray, score: np.ndarray) -> int:
        candidates = [i for i in np.argsort(-score) if mask[i] and i not in taken]
        candidates = candidates or [i for i in np.argsort(-score) if i not in taken]
        taken.add(int(candidates[0]))
        return int(candidates[0])

    outer = r > 0.7 * RADIUS
    special = {
        pick(outer, area): ("Flughafen", 25),
        pick(outer & (plr["y"].to_numpy() > CENTER[1]), area * fields["noise"].clip(0.1)): ("Industriegebiet Nord", 140),
        pick(outer & (plr["y"].to_numpy() < CENTER[1]), area): ("Gewerbegebiet Süd", 210),
        pick(outer, area * (fields["green"] + 3)): ("Stadtwald", 60),
        pick(plr["river"].to_numpy() & (r > 0.35 * RADIUS), area): ("Hafen", 180),
        pick(plr["river"].to_numpy() & (r < 0.35 * RADIUS), area): ("Stadtpark", 12),
        pick((r > 0.25 * RADIUS) & (r < 0.55 * RADIUS), area * (fields["urban"] + 0.5)): ("Güterbahnhof", 270),
    }
    return special


def _name_areas(plr: gpd.GeoDataFrame, special: dict[int, tuple[str, int]], rng: np.random.Generator) -> None:
    bezirke = plr.groupby("bezirk_id")[["x", "y"]].mean()
    names: dict[str, str] = {}
    pool = list(BEZIRK_NAMES)
    rng.shuffle(pool)
    cardinal = {"N": "Nordstadt", "E": "Oststadt", "S": "Südstadt", "W": "Weststadt"}
    dist = np.hypot(bezirke["x"] - CENTER[0], bezirke["y"] - CENTER[1]).sort_values()
    for rank, bezirk_id in enumerate(dist.index):
        if rank == 0:
            names[bezirk_id] = "Altstadt"
            continue
        dx, dy = bezirke.loc[bezirk_id, "x"] - CENTER[0], bezirke.loc[bezirk_id, "y"] - CENTER[1]
        sector = "NESW"[int(((math.degrees(math.atan2(dx, dy)) + 45) % 360) // 90)]
        if rank <= 5 and cardinal.get(sector) and cardinal[sector] not in names.values():
            names[bezirk_id] = cardinal[sector]
        else:
            names[bezirk_id] = pool.pop()
    plr["bezirk_name"] = plr["bezirk_id"].map(names)

    prognose = plr.groupby("prognoseraum_id")[["x", "y"]].mean()
    prognose_names: dict[str, str] = {}
    for bezirk_id, group in prognose.groupby(prognose.index.str[:2]):
        cx, cy = group["x"].mean(), group["y"].mean()
        spread = np.hypot(group["x"] - cx, group["y"] - cy)
        used: set[str] = set()
        for pid in spread.sort_values().index:
            dx, dy = group.loc[pid, "x"] - cx, group.loc[pid, "y"] - cy
            angle = math.degrees(math.atan2(dx, dy)) % 360
            if spread[pid] < 0.35 * max(spread.max(), 1.0) and "Mitte" not in used:
                part = "Mitte"
            else:  # the free compass direction closest to the area's bearing from the Bezirk centre
                free = [k for k, d in enumerate(DIRECTIONS) if d not in used] or list(range(len(DIRECTIONS)))
                best = min(free, key=lambda k: abs((angle - 45 * k + 180) % 360 - 180))
                part = DIRECTIONS[best]
            base, n = part, 2
            while part in used:
                part, n = f"{base} {n}", n + 1
            used.add(part)
            prognose_names[pid] = f"{names[bezirk_id]} {part}"
    plr["prognoseraum_name"] = plr["prognoseraum_id"].map(prognose_names)

    stems = list(STEMS)
    bzr_pool = [s + suffix for s in stems for suffix in BZR_SUFFIXES]
    plr_pool = [s + suffix for s in stems for suffix in PLR_SUFFIXES] + [f"Am {s}{suffix}" for s in stems for suffix in AM_SUFFIXES]
    rng.shuffle(bzr_pool)
    rng.shuffle(plr_pool)
    bzr_ids = sorted(plr["bezirksregion_id"].unique())
    plr["bezirksregion_name"] = plr["bezirksregion_id"].map(dict(zip(bzr_ids, bzr_pool)))
    reserved = {name for name, _ in special.values()}
    plr_names = iter(n for n in plr_pool if n not in reserved)
    names_plr = [special[i][0] if i in special else next(plr_names) for i in range(len(plr))]
    centre = min((i for i in range(len(plr)) if i not in special), key=lambda i: plr["r"].iloc[i])
    names_plr[centre] = "Am Markt"
    plr["planungsraum_name"] = names_plr


def _all_levels(plr: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every area at every level: Planungsräume plus the dissolved higher levels and the city."""
    frames = [gpd.GeoDataFrame({"area_id": plr["planungsraum_id"], "level": "planungsraum", "name": plr["planungsraum_name"],
                                "parent_id": plr["bezirksregion_id"]}, geometry=plr.geometry, crs=CRS)]
    for level, parent in (("bezirksregion", "prognoseraum"), ("prognoseraum", "bezirk"), ("bezirk", None)):
        groups = plr.groupby(f"{level}_id")
        geoms = groups.geometry.apply(lambda g: shapely.union_all(g.to_numpy()))
        frames.append(gpd.GeoDataFrame({
            "area_id": geoms.index, "level": level, "name": groups[f"{level}_name"].first().to_numpy(),
            "parent_id": groups[f"{parent}_id"].first().to_numpy() if parent else ROOT_ID,
        }, geometry=geoms.to_numpy(), crs=CRS))
    city = shapely.union_all(plr.geometry.to_numpy())
    frames.append(gpd.GeoDataFrame({"area_id": [ROOT_ID], "level": ROOT_LEVEL, "name": ["Musterstadt"], "parent_id": [None]},
                                   geometry=[city], crs=CRS))
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=CRS)


# --------------------------------------------------------------------------------------------
# gazetteer: synthetic addresses on a street grid, postcodes and Ortsteile that cut across the areas

STREET_SPACING = 700.0  # m between parallel streets
POSTCODE_CELL = 3_500.0  # m: postcode areas are squares of this size
ORTSTEILE = ["Oberdorf", "Niederau", "Kirchberg", "Mühlental", "Schönwalde", "Hagen", "Rotenburg", "Weidenhof",
             "Grünau", "Lindenthal", "Neudorf", "Friedrichsfeld", "Heiligenborn", "Marienhöhe", "Wolfsgrund",
             "Kranichsfelde", "Birkholz", "Steinau", "Erlenbruch", "Sonnfeld", "Waldkirchen", "Ahornweiler"]
EAST_WEST = ["straße", "allee"]
NORTH_SOUTH = ["weg", "ring"]


def _addresses(plr: gpd.GeoDataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """street, number, postcode, ortsteil, area_id of synthetic addresses (8 to 40 per Planungsraum, denser in the centre).

    Streets are a grid (east-west streets "…straße"/"…allee", north-south "…weg"/"…ring"); an address lies on the nearer
    of its two grid lines, numbered along the street, odd on one side and even on the other; a second house on the same
    number gets a letter ("12a"). Postcodes are squares, Ortsteile Voronoi cells around the Altstadt and random seeds,
    so both cut across the Planungsräume like real ones. The Ortsteil in the centre is called Altstadt like the Bezirk."""
    rows = []
    for area_id, geom, r in zip(plr["planungsraum_id"], plr.geometry, plr["r"]):
        n = int(rng.integers(8, 41) * (1.5 if r < RADIUS / 3 else 1.0))
        xmin, ymin, xmax, ymax = geom.bounds
        points: list[tuple[float, float]] = []
        while len(points) < n:
            xs, ys = rng.uniform(xmin, xmax, 4 * n), rng.uniform(ymin, ymax, 4 * n)
            inside = shapely.contains_xy(geom, xs, ys)
            points += list(zip(xs[inside], ys[inside]))[: n - len(points)]
        rows += [(area_id, x, y) for x, y in points]
    a = pd.DataFrame(rows, columns=["area_id", "x", "y"])
    gx, gy = (a["x"] - CENTER[0]) / STREET_SPACING, (a["y"] - CENTER[1]) / STREET_SPACING
    east_west = (gy - gy.round()).abs() < (gx - gx.round()).abs()
    line = np.where(east_west, gy.round(), gx.round()).astype(int)
    names = {}
    for horizontal, suffixes in ((True, EAST_WEST), (False, NORTH_SOUTH)):
        lines = sorted(set(line[east_west.to_numpy() == horizontal]))
        pool = [stem + suffix for suffix in suffixes for stem in STEMS]
        pool = [name for name in pool if name != "Marktstraße"] + ["Marktstraße"]
        order = rng.permutation(len(pool))
        names.update({(horizontal, k): pool[order[i]] for i, k in enumerate(lines)})
    a["street"] = [names[(h, k)] for h, k in zip(east_west, line)]
    along = pd.Series(np.where(east_west, a["x"], a["y"]))
    along = along - along.groupby(a["street"]).transform("min")  # every street starts at number 1
    side = np.where(east_west, gy > gy.round(), gx > gx.round()).astype(int)
    a["number"] = (2 * (along // 40).astype(int) + 1 + side).astype(str)
    a = a.sort_values(["street", "number", "x", "y"], kind="stable").reset_index(drop=True)
    repeat = a.groupby(["street", "number"]).cumcount()
    a.loc[repeat > 0, "number"] = a["number"] + repeat.map(lambda k: "abcdefghijklmnopqrstuvwxyz"[min(k, 26) - 1])
    cell_x = ((a["x"] - CENTER[0] + RADIUS) // POSTCODE_CELL).astype(int)
    cell_y = ((CENTER[1] + RADIUS - a["y"]) // POSTCODE_CELL).astype(int)
    a["postcode"] = (34100 + 100 * cell_y + 10 * cell_x + 1).astype(str)
    seeds = np.vstack([[CENTER], CENTER + rng.uniform(-RADIUS, RADIUS, (len(ORTSTEILE), 2))])
    nearest = np.argmin(np.hypot(a["x"].to_numpy()[:, None] - seeds[:, 0], a["y"].to_numpy()[:, None] - seeds[:, 1]), axis=1)
    a["ortsteil"] = np.array(["Altstadt", *ORTSTEILE])[nearest]
    return a[["street", "number", "postcode", "ortsteil", "area_id"]]


# --------------------------------------------------------------------------------------------
# values


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1.0 - p))


# Citywide shift of the SGB II rates: falling until 2019, a bump in 2020, rising again from 2022.
A1_YEAR_SHIFT = dict(zip(YEARS, (0.0, -0.02, -0.06, -0.10, -0.14, -0.09, -0.11, -0.12, -0.05, -0.03)))


def _values(plr: gpd.GeoDataFrame, f: dict[str, np.ndarray], special: dict[int, tuple[str, int]], rng: np.random.Generator) -> pd.DataFrame:
    n = len(plr)
    ids = plr["planungsraum_id"].to_numpy()
    ew0 = np.round(1_350 * np.exp(0.28 * f["size"] + 0.25 * f["urban"] + 0.12 * rng.standard_normal(n))).clip(450, 6_000)
    is_special = np.zeros(n, dtype=bool)
    for i, (_name, ew) in special.items():
        ew0[i], is_special[i] = ew, True
    growth = 0.004 + 0.003 * f["growth"]
    boom = np.argsort(-(f["growth"] + f["family"] - 3 * is_special))[:3]  # new-build quarters from 2018 on
    dep0, rows = f["dep"], []
    lden_base = 57.0 + 6.2 * f["noise"] + 0.6 * rng.standard_normal(n)
    lden_base[is_special] += 6.0
    served0 = _logistic(0.9 + 1.1 * f["green"] + 0.3 * rng.standard_normal(n))
    hh_size = (1.95 + 0.18 * f["family"] - 0.25 * f["urban"]).clip(1.45, 2.4)
    classes: dict[str, list[np.ndarray]] = {}
    status_base: dict[int, np.ndarray] = {}

    for t, year in enumerate(YEARS):
        ew = ew0 * (1 + growth) ** t * np.exp(0.004 * rng.standard_normal(n))
        ew[boom] *= 1 + 0.07 * max(0, year - 2017)
        ew = np.where(is_special, ew0 + rng.integers(-3, 4, n), np.round(ew)).clip(5).astype(np.int64)
        dep = dep0 + 0.35 * f["dep_trend"] * t / 9 + 0.06 * rng.standard_normal(n)

        age = np.column_stack([
            0.055 * np.exp(0.18 * f["family"] + 0.08 * dep),  # 0 to under 6
            0.075 * np.exp(0.18 * f["family"] + 0.08 * dep),  # 6 to under 15
            0.043 * np.exp(0.08 * f["family"]),  # 15 to under 20
            0.055 * np.exp(0.35 * f["urban"]),  # 20 to under 25
            0.500 * np.exp(0.25 * f["urban"] - 0.05 * f["old"]),  # 25 to under 60
            0.065 * np.exp(0.22 * f["old"]),  # 60 to under 65
            0.200 * np.exp(0.32 * f["old"] + 0.01 * t),  # 65 and older
        ])
        age /= age.sum(axis=1, keepdims=True)
        groups = np.array([rng.multinomial(e, p) for e, p in zip(ew, age)])
        u6, u15 = groups[:, 0], groups[:, 0] + groups[:, 1]
        u20, u25 = u15 + groups[:, 2], u15 + groups[:, 2] + groups[:, 3]
        over60, over65 = groups[:, 5] + groups[:, 6], groups[:, 6]
        under65 = ew - over65
        five = rng.binomial(u6, 0.17)
        pupils = rng.binomial(groups[:, 1], 0.97) + rng.binomial(groups[:, 2], 0.6)
        leavers = rng.binomial(groups[:, 2], 0.19)

        p_a1 = _logistic(-2.05 + 0.68 * dep + 0.1 * f["mig"] + A1_YEAR_SHIFT[year])
        sgb2 = rng.binomial(under65, p_a1)
        bg = np.round(sgb2 / 1.85).astype(np.int64)
        bg_kids = rng.binomial(bg, (0.33 + 0.04 * f["family"]).clip(0.2, 0.5))
        single = rng.binomial(bg_kids, _logistic(-0.15 + 0.2 * dep + 0.1 * f["family"]))
        kids_sgb2 = np.minimum(rng.binomial(u15, _logistic(_logit(p_a1) + 0.55)), sgb2)
        p_a4 = _logistic(-3.1 + 0.6 * dep + 0.35 * f["mig"] + 0.02 * t)
        p_a5 = _logistic(-4.0 + 0.55 * dep - 0.015 * t)
        p_b1 = _logistic(-1.7 + 0.5 * dep + 0.55 * f["mig"])
        p_b2 = _logistic(-2.2 + 0.35 * dep)
        p_b3 = _logistic(-2.5 + 0.45 * dep + 0.01 * t)
        p_b5 = _logistic(-2.6 + 0.5 * dep + 0.2 * f["school"])
        p_b6 = _logistic(-1.1 + 0.8 * f["mig"] + 0.2 * dep + 0.03 * t)
        p_c1 = _logistic(-0.95 + 0.75 * f["mig"] + 0.025 * t)
        served = np.round(ew * (served0 + 0.004 * t).clip(0.02, 0.99)).astype(np.int64)
        places = rng.binomial(u6, _logistic(1.5 + 0.45 * f["kita"] - 0.25 * dep + 0.09 * t))
        saldo_rate = 0.025 * f["family"] - 0.035 * f["urban"] + 0.01
        saldo = np.round(rng.normal(u6 * saldo_rate, np.sqrt(u6 * 0.12) + 0.5)).astype(np.int64)
        saldo = np.clip(saldo, -u6, u6)
        volume = np.round(ew * (0.22 + 0.09 * f["urban"] + 0.025 * f["dep"]).clip(0.08, 0.6) * np.exp(0.06 * rng.standard_normal(n)))
        dwellings = np.round(ew / hh_size).astype(np.int64).clip(1)
        vacant = rng.binomial(dwellings, _logistic(-3.55 + 0.45 * f["vacancy"] + 0.25 * dep - 0.06 * t))
        lden = np.round(lden_base - 0.05 * t + 0.25 * rng.standard_normal(n), 1).clip(40, 78)

        counts = {
            "A1": (sgb2, under65), "A2": (single, bg_kids), "A3": (kids_sgb2, u15),
            "A4": (rng.binomial(over65, p_a4), over65), "A5": (rng.binomial(u25, p_a5), u25),
            "B1": (rng.binomial(five, p_b1), five), "B2": (rng.binomial(five, p_b2), five),
            "B3": (rng.binomial(five, p_b3), five), "B5": (rng.binomial(leavers, p_b5), leavers),
            "B6": (rng.binomial(pupils, p_b6), pupils), "C1": (rng.binomial(ew, p_c1), ew),
            "C2": (over60, ew), "C3": (u20, ew), "D1": (saldo, u6), "D3": (served, ew), "D4": (places, u6),
            "E3": (volume, ew), "E6": (vacant, dwellings),
        }
        year_rows = [pd.DataFrame({"area_id": ids, "indicator_id": "EW", "year": year, "value": ew.astype(float)}),
                     pd.DataFrame({"area_id": ids, "indicator_id": "LDEN", "year": year, "value": lden})]
        for indicator_id, (num, den) in counts.items():
            year_rows.append(pd.DataFrame({"area_id": ids, "indicator_id": indicator_id, "year": year, "value": np.nan,
                                           "numerator": num.astype(float), "denominator": den.astype(float)}))
        rows.extend(year_rows)

        if year in EDITIONS:
            edition = (year - EDITIONS[0]) / 2
            with np.errstate(divide="ignore", invalid="ignore"):
                status = (np.where(under65 > 0, sgb2 / under65, np.nan) + np.where(u15 > 0, kids_sgb2 / u15, np.nan)) / 2
            status[ew < 300] = np.nan
            status_base[year] = status
            air = f["air"] - 0.08 * edition + 0.12 * rng.standard_normal(n)
            heat = f["heat"] + 0.06 * edition + 0.12 * rng.standard_normal(n)
            air_cuts, heat_cuts = np.quantile(f["air"], [0.45, 0.8]), np.quantile(f["heat"], [0.5, 0.8])
            z = (status - np.nanmean(status)) / np.nanstd(status)
            served_share = served / np.maximum(ew, 1)
            classes.setdefault("UL", []).append(1 + np.digitize(air, air_cuts))
            classes.setdefault("UN", []).append(1 + np.digitize(lden, [55.0, 65.0]))
            classes.setdefault("UT", []).append(1 + np.digitize(heat, heat_cuts))
            classes.setdefault("UG", []).append(3 - np.digitize(served_share, [0.45, 0.75]))
            classes.setdefault("US", []).append(np.where(np.isnan(z), np.nan, 1 + np.digitize(z, [-1.0, 1.0])))

    for indicator_id, per_edition in classes.items():
        for year, cls in zip(EDITIONS, per_edition):
            keep = ~np.isnan(cls.astype(float))
            rows.append(pd.DataFrame({"area_id": ids[keep], "indicator_id": indicator_id, "year": year, "value": cls[keep].astype(float)}))
    values = pd.concat(rows, ignore_index=True)
    return values[["area_id", "indicator_id", "year", "value", "numerator", "denominator"]]


# --------------------------------------------------------------------------------------------
# notes


def _notes(plr: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, f: dict[str, np.ndarray], special: dict[int, tuple[str, int]]) -> dict[str, str]:
    centre = int(np.argmin(plr["r"].to_numpy() + 1e9 * np.isin(np.arange(len(plr)), list(special))))
    estate = int(np.argmax(f["dep"] - 10 * np.isin(np.arange(len(plr)), list(special))))
    airport = next(i for i, (name, _) in special.items() if name == "Flughafen")
    bzr = plr.loc[estate, "bezirksregion_id"]
    bzr_name = areas.loc[areas["area_id"] == bzr, "name"].iloc[0]
    fictional = "*Fiktive Beispielbeschreibung (Musterstadt, synthetische Daten).*"
    # the first line releases a notes file for the public view (docs/ingest.md, "Gebietsnotizen"); without it
    # the public profile shows nothing of it
    released = "Öffentlich: ja\n\n"
    return {
        plr.loc[centre, "planungsraum_id"]: (
            f"{released}# {plr.loc[centre, 'planungsraum_name']}\n\n{fictional}\n\n"
            "Historischer Stadtkern mit Markt, Rathaus und kleinteiligem Einzelhandel. Viele Einpersonenhaushalte "
            "und junge Erwachsene, hohe Fluktuation.\n\n"
            "**Stärken:** gute Erreichbarkeit mit Bus und Bahn, kurze Wege, lebendiges Vereins- und Kulturleben.\n\n"
            "**Herausforderungen:** Verkehrslärm an den Hauptstraßen, wenig wohnungsnahes Grün, Hitze in Sommernächten."
        ),
        plr.loc[estate, "planungsraum_id"]: (
            f"{released}# {plr.loc[estate, 'planungsraum_name']}\n\n{fictional}\n\n"
            "Großwohnsiedlung der 1970er-Jahre am Stadtrand mit überwiegend Mietwohnungen in mehrgeschossigen Bauten.\n\n"
            "**Stärken:** großzügige Freiflächen zwischen den Häusern, Stadtteilzentrum mit Familienzentrum, engagierte "
            "Nachbarschaftsinitiativen.\n\n"
            "**Herausforderungen:** hoher Anteil an Haushalten im SGB-II-Bezug, viele Kinder mit Sprachförderbedarf, "
            "sanierungsbedürftige Schulgebäude."
        ),
        plr.loc[airport, "planungsraum_id"]: (
            f"{released}# {plr.loc[airport, 'planungsraum_name']}\n\n{fictional}\n\n"
            "Flughafengelände mit wenigen Betriebswohnungen. Wegen der sehr geringen Einwohnerzahl werden die meisten "
            "Anteile hier nicht ausgewiesen (geringe Fallzahl)."
        ),
        bzr: (
            f"{released}# Bezirksregion {bzr_name}\n\n{fictional}\n\n"
            "Die Bezirksregion ist Programmgebiet der Städtebauförderung („Sozialer Zusammenhalt“). Ein "
            "Quartiersmanagement koordiniert seit 2018 Angebote für Familien und Ältere."
        ),
    }
