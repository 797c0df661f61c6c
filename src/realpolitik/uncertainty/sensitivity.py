"""Which inputs move an output most: variance-based indices (SALib) and one-at-a-time swings.

Engine-neutral: each function takes the inputs' names and low/high ends and a ``function``
that maps an array of input rows (shape (rows, inputs)) to one output per row; the rows go
through :func:`~realpolitik.uncertainty.evaluate.evaluate` and the current executor.

* Sobol indices (Sobol' 2001; Saltelli 2002; Saltelli et al. 2010) via SALib's Saltelli
  sampling and ``SALib.analyze.sobol``: S1 is the share of the output's variance due to an
  input alone, ST the share it takes part in with all interactions. Inputs are uniform on
  their [low, high]; an input whose low equals its high is fixed and gets index 0.
* One-at-a-time swings (the tornado chart): each input set to its low and then its high end
  with all others at their values; the swing is the change in output.

Rows without an output (NaN) are refused with a clear error by default (``undefined="raise"``).
With ``undefined="drop"`` Sobol drops every base sample whose group of rows (A, B and the D
mixed rows) holds a NaN, which keeps Saltelli's estimator intact on the rest and estimates
the indices where the output is defined; one-at-a-time leaves out the bars of inputs with a
NaN end. Both report what they dropped (``dropped`` in the results).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from realpolitik.uncertainty.analyse import refuse_nan
from realpolitik.uncertainty.errors import UncertaintyError
from realpolitik.uncertainty.evaluate import evaluate
from realpolitik.uncertainty.sampling import Rows

FloatArray = NDArray[np.float64]
Evaluate = Callable[[FloatArray], FloatArray]
Undefined = Literal["raise", "drop"]


@dataclass(frozen=True)
class Swing:
    """One bar of a tornado chart."""

    name: str
    low_input: float
    high_input: float
    output_at_low: float
    output_at_high: float

    @property
    def swing(self) -> float:
        """Output at the high end minus output at the low end."""
        return self.output_at_high - self.output_at_low

    def to_dict(self) -> dict[str, Any]:
        """Return the bar as plain data."""
        return {
            "name": self.name,
            "low_input": self.low_input,
            "high_input": self.high_input,
            "output_at_low": self.output_at_low,
            "output_at_high": self.output_at_high,
            "swing": self.swing,
        }


@dataclass(frozen=True)
class SobolIndices:
    """First-order and total Sobol indices with their bootstrap 95 % half-widths."""

    names: list[str]
    first_order: list[float]
    first_order_conf: list[float]
    total: list[float]
    total_conf: list[float]
    n_evaluations: int
    dropped: int = 0  # base samples left out because a row of theirs had no output
    extra: dict[str, Any] = field(default_factory=dict)

    def ranking(self) -> list[str]:
        """Input names from the largest total index to the smallest."""
        order = np.argsort(-np.asarray(self.total), kind="stable")
        return [self.names[k] for k in order]

    def to_dict(self) -> dict[str, Any]:
        """Return the indices as plain data."""
        return {
            "names": self.names,
            "first_order": self.first_order,
            "first_order_conf": self.first_order_conf,
            "total": self.total,
            "total_conf": self.total_conf,
            "n_evaluations": self.n_evaluations,
            "dropped": self.dropped,
            "ranking": self.ranking(),
        }


def _check(names: Sequence[str], values: FloatArray, lows: FloatArray, highs: FloatArray) -> None:
    if not len(names) == len(values) == len(lows) == len(highs):
        raise UncertaintyError("names, values, lows and highs need one entry per input")
    if np.any(lows > values) or np.any(highs < values):
        raise UncertaintyError("each input's value must lie within its [low, high]")


def one_at_a_time(
    names: Sequence[str],
    values: FloatArray,
    lows: FloatArray,
    highs: FloatArray,
    function: Evaluate,
    undefined: Undefined = "raise",
) -> list[Swing]:
    """Swing each input from its low to its high end alone; bars sorted by |swing|, largest
    first (ties keep the input order). With ``undefined="drop"`` an input whose low or high
    end gives no output has no bar (see the module docstring)."""
    values = np.asarray(values, dtype=np.float64)
    lows = np.asarray(lows, dtype=np.float64)
    highs = np.asarray(highs, dtype=np.float64)
    _check(names, values, lows, highs)
    d = len(values)
    rows = np.tile(values, (2 * d, 1))
    for k in range(d):
        rows[2 * k, k] = lows[k]
        rows[2 * k + 1, k] = highs[k]
    outputs = evaluate(function, Rows(rows))
    if undefined == "raise":
        refuse_nan(outputs, "one-at-a-time swings")
    swings = [
        Swing(
            names[k],
            float(lows[k]),
            float(highs[k]),
            float(outputs[2 * k]),
            float(outputs[2 * k + 1]),
        )
        for k in range(d)
        if not (np.isnan(outputs[2 * k]) or np.isnan(outputs[2 * k + 1]))
    ]
    return sorted(swings, key=lambda bar: -abs(bar.swing))


def sobol_indices(
    names: Sequence[str],
    values: FloatArray,
    lows: FloatArray,
    highs: FloatArray,
    function: Evaluate,
    n_base: int = 256,
    seed: int | None = 0,
    undefined: Undefined = "raise",
) -> SobolIndices:
    """Sobol indices of ``function`` with inputs uniform on [low, high].

    SALib draws n_base * (D + 2) rows (D = number of varying inputs; ``n_base`` should be a
    power of two); fixed inputs keep their value. NaN outputs: see the module docstring.
    """
    # SALib (and the SciPy statistics it loads) only when indices are asked for: the command
    # line starts without them.
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    values = np.asarray(values, dtype=np.float64)
    lows = np.asarray(lows, dtype=np.float64)
    highs = np.asarray(highs, dtype=np.float64)
    _check(names, values, lows, highs)
    if n_base < 2 or n_base & (n_base - 1):
        raise UncertaintyError(f"n_base must be a power of two, got {n_base}")
    varying = np.flatnonzero(highs > lows)
    d = len(values)
    zeros = [0.0] * d
    if len(varying) == 0:
        return SobolIndices(list(names), zeros, zeros, zeros, zeros, 0)
    problem = {
        "num_vars": len(varying),
        "names": [names[int(k)] for k in varying],
        "bounds": [[float(lows[k]), float(highs[k])] for k in varying],
    }
    draws = sobol_sample.sample(problem, n_base, calc_second_order=False, seed=seed)
    rows = np.tile(values, (len(draws), 1))
    rows[:, varying] = draws
    outputs = evaluate(function, Rows(rows))
    group = len(varying) + 2
    kept = ~np.isnan(outputs).reshape(-1, group).any(axis=1)
    dropped = int(np.sum(~kept))
    if dropped and (undefined == "raise" or not np.any(kept)):
        refuse_nan(outputs, "Sobol indices")
    outputs = outputs.reshape(-1, group)[kept].reshape(-1)
    first, first_conf, total, total_conf = (list(zeros) for _ in range(4))
    if np.var(outputs) > 0:
        result = sobol_analyze.analyze(
            problem, outputs, calc_second_order=False, print_to_console=False, seed=seed
        )
        for position, k in enumerate(varying):
            first[k] = float(result["S1"][position])
            first_conf[k] = float(result["S1_conf"][position])
            total[k] = float(result["ST"][position])
            total_conf[k] = float(result["ST_conf"][position])
    return SobolIndices(list(names), first, first_conf, total, total_conf, len(rows), dropped)
