"""Shared helpers for the scenario engine tests (it holds no tests itself)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from realpolitik.scenarios.model import CrossImpactMatrix

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SOMEWHERELAND = SHARED / "data" / "cib" / "somewhereland.scw"

#: The published consistent scenarios of Somewhereland (../shared/data/cib/README.md).
PUBLISHED = [
    "A3B1C3D2E1F1", "A3B2C3D2E1F1", "A2B1C3D2E2F1", "A2B2C3D2E2F1", "A3B1C2D1E1F2",
    "A1B2C2D1E1F2", "A3B2C2D1E1F2", "A1B3C2D1E1F2", "A1B3C2D1E1F3", "A1B3C1D2E3F3",
]  # fmt: skip


def code_to_scenario(code: str) -> tuple[int, ...]:
    """'A1B3C2D1E1F3' -> (0, 2, 1, 0, 0, 2)."""
    return tuple(int(number) - 1 for number in re.findall(r"[A-Z](\d+)", code))


def random_matrix(
    rng: np.random.Generator,
    sizes: list[int],
    density: float = 0.6,
    low: int = -3,
    high: int = 3,
    self_density: float = 0.0,
) -> CrossImpactMatrix:
    """A random integer matrix: each off-diagonal judgment is nonzero with ``density``, each
    judgment of a diagonal block (a descriptor acting on itself, as ScenarioWizard allows)
    with ``self_density`` (0: ordinary matrices, whose diagonal blocks are zero)."""
    total = sum(sizes)
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    impacts = rng.integers(low, high + 1, size=(total, total)).astype(float)
    draws = rng.random((total, total))
    keep = draws < density
    for i in range(len(sizes)):
        block = (slice(offsets[i], offsets[i + 1]), slice(offsets[i], offsets[i + 1]))
        keep[block] = draws[block] < self_density
    impacts *= keep
    names = [f"D{i}" for i in range(len(sizes))]
    variants = [tuple(f"D{i}v{k}" for k in range(n)) for i, n in enumerate(sizes)]
    return CrossImpactMatrix(tuple(names), tuple(variants), impacts)
