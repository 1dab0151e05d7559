"""Looking at a posed body: an orthographic camera from a view's azimuth and elevation."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.domain.body import Vec
from bot.domain.poses import View

Point = tuple[float, float]


def _normalised(v: Vec) -> Vec:
    length = math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2)
    return (v[0] / length, v[1] / length, v[2] / length)


def _cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


@dataclass(frozen=True)
class Camera:
    """Screen coordinates in body heights, y growing downward as in an image."""

    toward: Vec  # unit vector from the scene to the viewer
    right: Vec
    up: Vec

    @classmethod
    def from_view(cls, view: View) -> Camera:
        az, el = math.radians(view.azimuth), math.radians(view.elevation)
        toward = (math.sin(az) * math.cos(el), -math.cos(az) * math.cos(el), math.sin(el))
        forward = (-toward[0], -toward[1], -toward[2])
        right = _normalised(_cross(forward, (0.0, 0.0, 1.0)))
        up = _cross(right, forward)
        return cls(toward, right, up)

    def screen(self, point: Vec) -> Point:
        return (_dot(point, self.right), -_dot(point, self.up))

    def depth(self, point: Vec) -> float:
        """Larger is nearer the viewer."""
        return _dot(point, self.toward)

    def sees(self, normal: Vec) -> bool:
        """Whether a face with this outward normal turns toward the viewer."""
        return _dot(normal, self.toward) > 1e-6
