"""Inline SVG for the static site: the map of Thailand's provinces and bar charts, drawn here (no tile server).

The polygons are projected with an equirectangular projection scaled by the cosine of the middle
latitude (Thailand spans 15 degrees of latitude, where that is accurate enough for a choropleth) and
rounded to 0.1 px, so the same GeoJSON always gives the same path data.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEIGHT = 800.0
"""Height of the map in SVG units; the width follows from the projection."""


@dataclass(frozen=True)
class Shape:
    """One first-level unit of the GeoJSON, projected."""

    pcode: str
    """ADM1_PCODE: TH and the DOPA code (TH21 for Rayong)."""
    name_en: str
    name_th: str
    d: str
    """SVG path data."""

    @property
    def dopa_code(self) -> str:
        return self.pcode[2:]


@dataclass(frozen=True)
class Outline:
    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)


def rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    raise ValueError(f"unsupported geometry {geometry['type']}")


def outline(path: Path, height: float = HEIGHT) -> Outline:
    """The provinces of a GeoJSON FeatureCollection (ADM1_PCODE, ADM1_EN, ADM1_TH), sorted by P-code."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    features = collection["features"]
    points = [point for feature in features for ring in rings(feature["geometry"]) for point in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    aspect = math.cos(math.radians((north + south) / 2))
    scale = height / (north - south)
    width = round((east - west) * aspect * scale, 1)

    def project(point: list[float]) -> tuple[float, float]:
        return round((point[0] - west) * aspect * scale, 1), round((north - point[1]) * scale, 1)

    shapes = []
    for feature in features:
        parts = []
        for ring in rings(feature["geometry"]):
            projected: list[tuple[float, float]] = []
            for point in ring:
                xy = project(point)
                if not projected or projected[-1] != xy:
                    projected.append(xy)
            if len(projected) >= 3:
                parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z")
        properties = feature["properties"]
        shapes.append(Shape(properties["ADM1_PCODE"], properties["ADM1_EN"], properties["ADM1_TH"], "".join(parts)))
    return Outline(width, height, sorted(shapes, key=lambda shape: shape.pcode))


def step(count: int, steps: int) -> int:
    """The colour class of a count: 0 for none, then 1 .. steps, the last for `steps` or more."""
    return min(count, steps)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str | None = None


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart, laid out here so that the template only draws it."""

    title: str
    bars: list[Bar]
    label_width: float = 230.0
    bar_height: float = 26.0
    width: float = 640.0

    @property
    def height(self) -> float:
        return self.bar_height * len(self.bars) + 8

    @property
    def maximum(self) -> int:
        return max((bar.value for bar in self.bars), default=0)

    def length(self, value: int) -> float:
        room = self.width - self.label_width - 48
        return round(room * value / self.maximum, 1) if self.maximum else 0.0
