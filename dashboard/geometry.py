"""Serving the web geometry (data/<ds>/web/<level>.geojson) once per level, by URL.

The files are read and gzip-compressed once per process. The URL carries a content hash, so the
browser may cache it for a year (immutable): a recolour never refetches geometry, and a new data
release gets a new URL.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, abort, request

from dashboard.catalog import CITY_LEVEL

ROUTE_PREFIX = "/geo"
_NAME = re.compile(r"^[a-z0-9_]{1,40}$")


@dataclass(frozen=True)
class _Payload:
    raw: bytes
    gz: bytes
    digest: str


def _box(coordinates) -> list[list[float]]:
    """Bounding box of nested GeoJSON coordinates as [[south, west], [north, east]]."""
    xs: list[float] = []
    ys: list[float] = []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    walk(coordinates)
    return [[min(ys), min(xs)], [max(ys), max(xs)]]


@lru_cache(maxsize=4)
def label_points(web_dir: Path, release: str) -> dict[str, tuple[float, float]]:
    """area id -> (lon, lat) of the point the map writes the area's name at (the `label` property the import puts into
    web/<level>.geojson), for every level; read once per folder and release. The measures overlay places a measure
    without a location of its own there."""
    out: dict[str, tuple[float, float]] = {}
    for path in sorted(Path(web_dir).glob("*.geojson")):
        for feature in json.loads(path.read_bytes())["features"]:
            props = feature["properties"]
            if props.get("label"):
                out[str(props["id"])] = (float(props["label"][0]), float(props["label"][1]))
    return out


class GeometryService:
    def __init__(self, web_dir: Path, levels: list[str], outline_level: str):
        self.web_dir = Path(web_dir)
        self.outline_level = outline_level
        self._payloads: dict[str, _Payload] = {}
        for level in [*levels, CITY_LEVEL]:
            path = self.web_dir / f"{level}.geojson"
            if not path.exists():
                continue
            raw = path.read_bytes()
            self._payloads[level] = _Payload(raw, gzip.compress(raw, compresslevel=9, mtime=0), hashlib.sha256(raw).hexdigest()[:12])
        missing = [lv for lv in levels if lv not in self._payloads]
        if missing:
            raise FileNotFoundError(f"{self.web_dir}: Geometrie fehlt für Ebene(n) {', '.join(missing)} (web/<ebene>.geojson).")
        self.bounds = self._bounds()
        self._area_bounds = self._feature_bounds()

    def url(self, level: str) -> str:
        payload = self._payloads[level]
        return f"{ROUTE_PREFIX}/{level}.{payload.digest}.geojson"

    def area_bounds(self, area_id: str) -> list[list[float]] | None:
        """[[south, west], [north, east]] of one area of any level (for zooming to it)."""
        return self._area_bounds.get(area_id)

    def _bounds(self) -> list[list[float]]:
        source = self._payloads.get(CITY_LEVEL) or next(iter(self._payloads.values()))
        boxes = [_box(feature["geometry"]["coordinates"]) for feature in json.loads(source.raw)["features"]]
        return [[min(b[0][0] for b in boxes), min(b[0][1] for b in boxes)], [max(b[1][0] for b in boxes), max(b[1][1] for b in boxes)]]

    def feature_count(self, level: str | None = None) -> int:
        """How many areas a level's geometry has; without a level the largest level's (the map
        draws large datasets on a canvas)."""
        return self._counts.get(level, 0) if level else max(self._counts.values(), default=0)

    def _feature_bounds(self) -> dict[str, list[list[float]]]:
        out: dict[str, list[list[float]]] = {}
        self._counts: dict[str, int] = {}
        for level, payload in self._payloads.items():
            features = json.loads(payload.raw)["features"]
            self._counts[level] = len(features)
            for feature in features:
                out[str(feature["properties"]["id"])] = _box(feature["geometry"]["coordinates"])
        return out

    def register(self, server: Flask) -> None:
        @server.route(f"{ROUTE_PREFIX}/<name>")
        def geometry(name: str):
            level, _, rest = name.partition(".")
            digest = rest.removesuffix(".geojson")
            payload = self._payloads.get(level) if _NAME.match(level) else None
            if payload is None or digest != payload.digest:
                abort(404)
            gzip_ok = "gzip" in request.headers.get("Accept-Encoding", "")
            response = Response(payload.gz if gzip_ok else payload.raw, mimetype="application/geo+json")
            if gzip_ok:
                response.headers["Content-Encoding"] = "gzip"
            response.headers["Vary"] = "Accept-Encoding"
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
            return response
