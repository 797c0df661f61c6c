"""The judged inputs of a case as one *problem*, and seeded draws from it: shared by every engine.

Shaped like SALib (Herman & Usher 2017): a :class:`Problem` describes every uncertain input
once (name, value, stated uncertainty, bounds); :func:`sample` turns it into rows of draws;
:func:`~realpolitik.uncertainty.evaluate.evaluate` maps an engine over the rows; the analyses
in :mod:`~realpolitik.uncertainty.analyse` and :mod:`~realpolitik.uncertainty.sensitivity`
summarise the outputs. Bargaining Monte Carlo, scenario ensembles and game sweeps all draw
here, so one rule per kind of uncertainty holds everywhere (docs/uncertainty.md):

* a **range** [low, high]: the triangular distribution with its mode at the value (Johnson,
  Kotz & Balakrishnan 1995, ch. 26): the judged value stays the most likely, the range the
  hard limits;
* a **standard deviation**: the normal distribution around the value, truncated to the
  input's bounds (drawn by inverse CDF, so no draw is ever moved onto a bound); 0 keeps the
  value fixed;
* **nothing stated**: the same truncated normal with the default standard deviation,
  :data:`DEFAULT_SD_FRACTION` (5 %) of the width of the input's scale: 5 points on 0-100, 0.05
  for a salience fraction or a probability, 0.3 on the -3..+3 cross-impact scale. An input
  without a finite scale (a game payoff: utilities have no natural unit) has no default and
  stays fixed unless it states an uncertainty.

Draws are seeded and independent of how the work is split: row ``r`` of a sample always
comes from block ``r // BLOCK_ROWS`` of the seed's :class:`numpy.random.SeedSequence`
children (``spawn_key=(block,)``), whichever process draws it and however many rows it
draws at once. Every input takes one uniform number per row and maps it through its inverse
CDF, so a row's draws depend only on the seed, the problem and the row index.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import ndtr, ndtri

from realpolitik.uncertainty.errors import UncertaintyError

FloatArray = NDArray[np.float64]

#: Without a stated uncertainty, the sd is this fraction of the width of the input's scale.
DEFAULT_SD_FRACTION = 0.05
#: In one-at-a-time swings and sensitivity ranges, a stated or default sd spans +- this many sd.
SWING_SDS = 2.0
#: Rows drawn from one child of the seed; a fixed number, so draws never depend on chunking.
BLOCK_ROWS = 256


def _optional(values: ArrayLike | None, n: int, name: str) -> FloatArray:
    if values is None:
        return np.full(n, np.nan)
    array = np.asarray(values, dtype=np.float64)
    if array.shape != (n,):
        raise UncertaintyError(f"{name} must have one entry per item ({n}), got {array.shape}")
    return array


@dataclass(frozen=True)
class Judged:
    """Judged values of one kind with their stated uncertainty; NaN marks 'not stated'.

    ``value``, ``sd``, ``low`` and ``high`` have one entry per item; ``bounds`` are the
    limits every draw respects (the scale, [0, 1] for a salience fraction, or infinite for a
    quantity without a scale).
    """

    value: FloatArray
    sd: FloatArray
    low: FloatArray
    high: FloatArray
    bounds: tuple[float, float]

    @classmethod
    def of(
        cls,
        value: ArrayLike,
        sd: ArrayLike | None = None,
        low: ArrayLike | None = None,
        high: ArrayLike | None = None,
        bounds: tuple[float, float] = (0.0, 100.0),
    ) -> Judged:
        """Build and check judged values; pass NaN (or omit) where nothing is stated."""
        values = np.asarray(value, dtype=np.float64)
        if values.ndim != 1 or not np.all(np.isfinite(values)):
            raise UncertaintyError("values must be a one-dimensional list of finite numbers")
        n = len(values)
        sds, lows, highs = (
            _optional(sd, n, "sd"),
            _optional(low, n, "low"),
            _optional(high, n, "high"),
        )
        lower, upper = float(bounds[0]), float(bounds[1])
        if math.isnan(lower) or math.isnan(upper) or not lower < upper:
            raise UncertaintyError(f"bounds must be numbers with low < high, got {bounds}")
        if np.any((values < lower) | (values > upper)):
            raise UncertaintyError(f"values must lie within bounds {bounds}, got {values}")
        if np.any(sds < 0) or np.any(np.isinf(sds)):
            raise UncertaintyError(f"standard deviations must be finite and >= 0, got {sds}")
        if np.any(np.isnan(lows) != np.isnan(highs)):
            raise UncertaintyError("a range needs both ends: give low and high together")
        ranged = ~np.isnan(lows)
        if np.any(ranged & ~np.isnan(sds)):
            raise UncertaintyError("give an item a standard deviation or a range, not both")
        if np.any(ranged & ((lows > values) | (highs < values))):
            raise UncertaintyError("a range must contain its value (low <= value <= high)")
        return cls(values, sds, lows, highs, (lower, upper))

    def default_sd(self, default_sd_fraction: float = DEFAULT_SD_FRACTION) -> float:
        """The sd of an item that states nothing: a fraction of the scale's width (0 without
        a finite scale)."""
        width = self.bounds[1] - self.bounds[0]
        return default_sd_fraction * width if math.isfinite(width) else 0.0

    def spread(self, default_sd_fraction: float = DEFAULT_SD_FRACTION) -> FloatArray:
        """The standard deviation each item is drawn with (stated, or the default); NaN for
        an item with a range."""
        default = self.default_sd(default_sd_fraction)
        result: FloatArray = np.where(np.isnan(self.sd), default, self.sd)
        return np.where(np.isnan(self.low), result, np.nan)

    def limits(
        self, default_sd_fraction: float = DEFAULT_SD_FRACTION
    ) -> tuple[FloatArray, FloatArray]:
        """Low and high ends for swings and sensitivity: the range, else value +- 2 sd,
        within the bounds."""
        sd = np.nan_to_num(self.spread(default_sd_fraction))
        ranged = ~np.isnan(self.low)
        low = np.where(ranged, self.low, self.value - SWING_SDS * sd)
        high = np.where(ranged, self.high, self.value + SWING_SDS * sd)
        return (
            np.clip(low, self.bounds[0], self.bounds[1]),
            np.clip(high, self.bounds[0], self.bounds[1]),
        )


@dataclass(frozen=True)
class Problem:
    """Every uncertain input of one study, described once.

    Inputs come in named groups (``positions``, ``impacts``, ``payoffs``...), each a
    :class:`Judged` of one kind; ``names`` labels every input (``position:armenia``). The
    arrays hold one entry per input over all groups: the value, the sd it is drawn with (NaN
    where a range is stated), the range ends (NaN where none) and the bounds.
    """

    names: tuple[str, ...]
    groups: tuple[tuple[str, int, int], ...]
    value: FloatArray
    sd: FloatArray
    low: FloatArray
    high: FloatArray
    lower: FloatArray
    upper: FloatArray
    swing_low: FloatArray
    swing_high: FloatArray

    @classmethod
    def of(
        cls,
        groups: Mapping[str, Judged],
        names: Mapping[str, Sequence[str]] | None = None,
        default_sd_fraction: float = DEFAULT_SD_FRACTION,
    ) -> Problem:
        """A problem from named groups; ``names[group]`` labels its items (default
        ``group:0``, ``group:1``...)."""
        if not math.isfinite(default_sd_fraction) or default_sd_fraction < 0:
            raise UncertaintyError(f"default_sd_fraction must be >= 0, got {default_sd_fraction}")
        labels: list[str] = []
        spans: list[tuple[str, int, int]] = []
        parts: list[tuple[FloatArray, ...]] = []
        for group, judged in groups.items():
            n = len(judged.value)
            own = list((names or {}).get(group, [f"{group}:{k}" for k in range(n)]))
            if len(own) != n:
                raise UncertaintyError(f"{group}: {n} items but {len(own)} names")
            spans.append((group, len(labels), len(labels) + n))
            labels += own
            swing_low, swing_high = judged.limits(default_sd_fraction)
            parts.append(
                (
                    judged.value,
                    judged.spread(default_sd_fraction),
                    judged.low,
                    judged.high,
                    np.full(n, judged.bounds[0]),
                    np.full(n, judged.bounds[1]),
                    swing_low,
                    swing_high,
                )
            )
        columns = [
            np.concatenate([part[k] for part in parts]) if parts else np.zeros(0) for k in range(8)
        ]
        return cls(tuple(labels), tuple(spans), *columns)

    @property
    def num_vars(self) -> int:
        return len(self.names)

    def rules(self) -> list[str]:
        """How each input is drawn: ``triangular``, ``normal`` or ``fixed``."""
        return [
            "triangular" if not math.isnan(low) else ("normal" if sd > 0 else "fixed")
            for low, sd in zip(self.low.tolist(), self.sd.tolist(), strict=True)
        ]

    def split(self, rows: FloatArray) -> dict[str, FloatArray]:
        """The columns of ``rows`` (shape (rows, inputs)) by group."""
        return {group: rows[:, start:stop] for group, start, stop in self.groups}


def resolve_seed(seed: int | None) -> int:
    """The seed itself, or fresh entropy fixed once for a whole sample when it is None."""
    if seed is None:
        return int(np.random.default_rng().integers(0, 2**63 - 1))
    if seed < 0:
        raise UncertaintyError(f"seed must be >= 0, got {seed}")
    return int(seed)


def uniforms(seed: int, start: int, stop: int, n_inputs: int) -> FloatArray:
    """Uniform numbers for rows ``start`` to ``stop`` (shape (stop - start, n_inputs)),
    the same for a row whichever range it is drawn in (see the module docstring)."""
    first, last = start // BLOCK_ROWS, (stop - 1) // BLOCK_ROWS if stop > start else -1
    blocks = [
        np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(b,)))).random(
            (BLOCK_ROWS, n_inputs)
        )
        for b in range(first, last + 1)
    ]
    if not blocks:
        return np.zeros((0, n_inputs))
    stacked = np.concatenate(blocks)
    offset = start - first * BLOCK_ROWS
    result: FloatArray = stacked[offset : offset + stop - start]
    return result


def _triangular(low: FloatArray, mode: FloatArray, high: FloatArray, u: FloatArray) -> FloatArray:
    """Inverse CDF of the triangular distribution (handles low == high and mode at an end)."""
    width = high - low
    with np.errstate(divide="ignore", invalid="ignore"):
        split = np.where(width > 0, (mode - low) / width, 0.5)
        left = low + np.sqrt(u * width * (mode - low))
        right = high - np.sqrt((1 - u) * width * (high - mode))
    result: FloatArray = np.where(width > 0, np.where(u < split, left, right), low)
    return result


def _truncated_normal(
    value: FloatArray, sd: FloatArray, lower: FloatArray, upper: FloatArray, u: FloatArray
) -> FloatArray:
    """Inverse CDF of the normal(value, sd) truncated to [lower, upper] (sd > 0).

    The value lies within its bounds, so the truncation points sit on either side of the
    centre and the CDF's range [Phi(a), Phi(b)] contains 0.5: no precision is lost."""
    safe = np.where(sd > 0, sd, 1.0)
    a = ndtr((lower - value) / safe)
    b = ndtr((upper - value) / safe)
    p = np.clip(a + u * (b - a), np.nextafter(0.0, 1.0), np.nextafter(1.0, 0.0))
    result: FloatArray = value + safe * ndtri(p)
    return result


def draw(problem: Problem, seed: int, start: int, stop: int) -> FloatArray:
    """Rows ``start`` to ``stop`` of the sample of ``problem`` under ``seed``."""
    u = uniforms(seed, start, stop, problem.num_vars)
    ranged = ~np.isnan(problem.low)
    normal = problem.sd > 0
    rows = np.broadcast_to(problem.value, u.shape).copy()
    if np.any(normal):
        drawn = _truncated_normal(problem.value, problem.sd, problem.lower, problem.upper, u)
        rows = np.where(normal, drawn, rows)
    if np.any(ranged):
        low = np.where(ranged, problem.low, 0.0)
        high = np.where(ranged, problem.high, 1.0)
        mode = np.where(ranged, problem.value, 0.5)
        rows = np.where(ranged, _triangular(low, mode, high, u), rows)
    result: FloatArray = np.clip(rows, problem.lower, problem.upper)
    return result


@dataclass(frozen=True)
class Sample:
    """``n_rows`` seeded draws of a problem, drawn lazily (a chunk draws only its rows)."""

    problem: Problem
    seed: int
    n_rows: int
    start: int = 0

    def chunk(self, start: int, stop: int) -> Sample:
        """Rows ``start`` to ``stop`` of this sample, as a sample of their own."""
        return Sample(self.problem, self.seed, stop - start, self.start + start)

    def rows(self) -> FloatArray:
        """The draws, shape (n_rows, inputs)."""
        return draw(self.problem, self.seed, self.start, self.start + self.n_rows)


@dataclass(frozen=True)
class Rows:
    """Rows given explicitly (a SALib design, one-at-a-time settings)."""

    array: FloatArray

    @property
    def n_rows(self) -> int:
        return int(self.array.shape[0])

    def chunk(self, start: int, stop: int) -> Rows:
        return Rows(self.array[start:stop])

    def rows(self) -> FloatArray:
        return self.array


def sample(problem: Problem, n_runs: int, seed: int | None = 0) -> Sample:
    """``n_runs`` draws of every input of ``problem`` under the rules of the module docstring."""
    if n_runs < 1:
        raise UncertaintyError(f"n_runs must be at least 1, got {n_runs}")
    return Sample(problem, resolve_seed(seed), n_runs)


def sample_judged(judged: Judged, n_runs: int, seed: int | None = 0) -> FloatArray:
    """Draws of one group of judged values: an array of shape (n_runs, items)."""
    return sample(Problem.of({"values": judged}), n_runs, seed).rows()
