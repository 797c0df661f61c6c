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
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from realpolitik.uncertainty.analyse import refuse_nan
from realpolitik.uncertainty.errors import UncertaintyError
from realpolitik.uncertainty.evaluate import evaluate
from realpolitik.uncertainty.sampling import Rows

FloatArray = NDArray[np.float64]
Evaluate = Callable[[FloatArray], FloatArray]
Undefined = Literal["raise", "drop"]


class Swing(BaseModel):
    """One bar of a tornado chart; ``swing`` is the output at the high end minus the output at
    the low end (worked out when the bar is made)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    low_input: float
    high_input: float
    output_at_low: float
    output_at_high: float
    swing: float

    @classmethod
    def between(
        cls, name: str, low_input: float, high_input: float, at_low: float, at_high: float
    ) -> Swing:
        """The bar of input ``name`` swung from ``low_input`` to ``high_input``."""
        return cls(
            name=name,
            low_input=low_input,
            high_input=high_input,
            output_at_low=at_low,
            output_at_high=at_high,
            swing=at_high - at_low,
        )


class SobolIndices(BaseModel):
    """First-order and total Sobol indices with their bootstrap 95 % half-widths; ``ranking``
    lists the inputs from the largest total index to the smallest (ties keep the input order),
    worked out when the indices are made."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    names: list[str]
    first_order: list[float]
    first_order_conf: list[float]
    total: list[float]
    total_conf: list[float]
    n_evaluations: int
    dropped: int = 0  # base samples left out because a row of theirs had no output
    ranking: list[str]

    @classmethod
    def ranked(
        cls,
        names: list[str],
        first_order: list[float],
        first_order_conf: list[float],
        total: list[float],
        total_conf: list[float],
        n_evaluations: int,
        dropped: int = 0,
    ) -> SobolIndices:
        """The indices with their ranking worked out from ``total``."""
        order = np.argsort(-np.asarray(total, dtype=np.float64), kind="stable")
        return cls(
            names=names,
            first_order=first_order,
            first_order_conf=first_order_conf,
            total=total,
            total_conf=total_conf,
            n_evaluations=n_evaluations,
            dropped=dropped,
            ranking=[names[int(k)] for k in order],
        )


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
        Swing.between(
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
        return SobolIndices.ranked(list(names), zeros, zeros, zeros, zeros, 0)
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
    return SobolIndices.ranked(
        list(names), first, first_conf, total, total_conf, len(rows), dropped
    )
