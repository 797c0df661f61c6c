"""Expected Utility Model, fast kernel (Numba), vectorised over actor pairs and Monte Carlo runs.

The formulas, step numbers and open readings are those of the reference implementation in
:mod:`realpolitik.bargaining.eum_reference` (Scholz, Calbert & Smith 2011, after Bueno de
Mesquita 1994, 2002); this module computes the same numbers with compiled loops and is tested
against the reference to 1e-9. One run costs O(n^3) per round (step 3 sums every actor's vote
on every pair); a batch of runs is spread over the CPU cores with ``numba.prange``. The
stopping rule (step 10) compares each round's positions with every earlier round's, to find
a cycle: O(rounds n) per round, small beside the round itself.

The operations are ordered exactly as in the reference so that discrete choices (which
quadrant a pair falls in, which offer an actor takes) come out the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import numba
import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.bargaining._validate import check_actors
from realpolitik.bargaining.errors import BargainingError
from realpolitik.bargaining.options import EumOptions
from realpolitik.bargaining.results import (
    CAPITULATE,
    COMPEL,
    COMPROMISE_LOWER,
    COMPROMISE_UPPER,
    CONFLICT_LOST,
    CONFLICT_WON,
    CYCLE,
    NONE,
    RUN_STATUSES,
    SETTLED,
    STALEMATE,
    UNSETTLED,
    EumParameters,
    Forecast,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_TIE_TOLERANCE = 1e-12


@numba.njit(cache=True)
def _weighted_median(x: FloatArray, w: FloatArray) -> float:  # pragma: no cover - compiled
    order = np.argsort(x, kind="mergesort")
    total = 0.0
    for k in range(len(x)):
        total += w[order[k]]
    half = 0.5 * total - _TIE_TOLERANCE * total
    running = 0.0
    lower = x[order[len(x) - 1]]
    for k in range(len(x)):
        running += w[order[k]]
        if running >= half:
            lower = x[order[k]]
            break
    running = 0.0
    upper = x[order[0]]
    for k in range(len(x) - 1, -1, -1):
        running += w[order[k]]
        if running >= half:
            upper = x[order[k]]
            break
    return float(0.5 * (lower + upper))


@numba.njit(cache=True, inline="always")
def _utility(base: float, r: float) -> float:  # pragma: no cover - compiled
    """2 - 4 base^r; pow(base, 1) is base exactly, so r = 1 skips the call."""
    if r == 1.0:
        return 2.0 - 4.0 * base
    return float(2.0 - 4.0 * base**r)


@numba.njit(cache=True, inline="always")
def _no_contest(
    distance: float, to_forecast: float, r: float, q: float, t: float, status_quo: float
) -> float:  # pragma: no cover - compiled
    """Q U_sq + (1 - Q)(T U_b + (1 - T) U_w); with Q = 1 the second term is exactly 0.

    ``status_quo`` is U_sq = 2 - 4 (0.5)^r, computed once per actor by the caller.
    """
    if q == 1.0:
        return q * status_quo
    better = _utility(0.5 - 0.25 * (to_forecast + distance), r)
    worse = _utility(0.5 + 0.25 * (to_forecast + distance), r)
    return q * status_quo + (1.0 - q) * (t * better + (1.0 - t) * worse)


@numba.njit(cache=True, inline="always")
def _combine(
    resist: float, p: float, success: float, failure: float, no_contest: float
) -> float:  # pragma: no cover - compiled
    contest = resist * (p * success + (1.0 - p) * failure) + (1.0 - resist) * success
    return float(contest - no_contest)


@numba.njit(cache=True)
def _expected_utility(
    x: FloatArray,
    s: FloatArray,
    span: float,
    mu: float,
    q: float,
    t: float,
    responder: bool,
    challenger: int,
    target: int,
    r: float,
    p: float,
) -> float:  # pragma: no cover - compiled
    distance = abs(x[challenger] - x[target]) / span
    to_forecast = abs(x[challenger] - mu) / span
    resist = s[target] if responder else s[challenger]
    success = _utility(0.5 - 0.5 * distance, r)
    failure = _utility(0.5 + 0.5 * distance, r)
    no_contest = _no_contest(distance, to_forecast, r, q, t, _utility(0.5, r))
    return _combine(resist, p, success, failure, no_contest)


@numba.njit(cache=True)
def _classify(
    own: float, other: float, compel_gain: bool, reversed_lower: bool
) -> tuple[int, float]:  # pragma: no cover - compiled
    if own > 0.0 and other > 0.0:
        if other > own:
            return CONFLICT_LOST, 0.0
        return CONFLICT_WON, 0.0
    if own <= 0.0 and other <= 0.0:
        return STALEMATE, 0.0
    if own > 0.0:
        winner_gain = own
        loser_loss = -other
    else:
        winner_gain = other
        loser_loss = -own
    fraction = min(winner_gain, loser_loss) / max(winner_gain, loser_loss)
    if compel_gain:
        imposes = winner_gain > loser_loss
        opposite = loser_loss > winner_gain
    else:
        imposes = loser_loss > winner_gain
        opposite = winner_gain > loser_loss
    if own > 0.0:
        if imposes:
            return COMPEL, 0.0
        return COMPROMISE_UPPER, fraction
    if reversed_lower:
        imposes = opposite
    if imposes:
        return CAPITULATE, 0.0
    return COMPROMISE_LOWER, fraction


@numba.njit(cache=True)
def _probabilities(
    x: FloatArray,
    w: FloatArray,
    span: float,
    r: FloatArray,
    risk_votes: bool,
    all_pairs: bool,
    out: FloatArray,
) -> None:  # pragma: no cover - compiled
    """Steps 2-3 for every ordered pair, written into ``out``.

    ``gap[a, k]`` is voter k's distance to position a (raised to r_k for risk-adjusted votes),
    computed once, so the O(n^3) vote sums are subtractions only.
    """
    n = len(x)
    gap = np.empty((n, n))
    for a in range(n):
        for k in range(n):
            if risk_votes and r[k] != 1.0:
                gap[a, k] = (abs(x[k] - x[a]) / span) ** r[k]
            elif risk_votes:
                gap[a, k] = abs(x[k] - x[a]) / span
            else:
                gap[a, k] = abs(x[k] - x[a])
    all_votes = 0.0
    if all_pairs:
        unordered = 0.0
        for a in range(n):
            for b in range(a + 1, n):
                for k in range(n):
                    if risk_votes:
                        unordered += abs(w[k] * (gap[b, k] - gap[a, k]))
                    else:
                        unordered += abs(w[k] * (gap[b, k] - gap[a, k]) / span)
        all_votes = 2.0 * unordered
    # The vote on (j, i) is exactly minus the vote on (i, j), so one pass over k serves both.
    for i in range(n):
        out[i, i] = 0.0
        for j in range(i + 1, n):
            out[i, j] = 0.0
            out[j, i] = 0.0
            if x[i] == x[j]:
                continue
            support = 0.0
            against = 0.0
            total = 0.0
            for k in range(n):
                if risk_votes:
                    v = w[k] * (gap[j, k] - gap[i, k])
                else:
                    v = w[k] * (gap[j, k] - gap[i, k]) / span
                support += max(v, 0.0)
                against += max(-v, 0.0)
                total += abs(v)
            if all_pairs:
                total = all_votes
            out[i, j] = 0.5 if total == 0.0 else support / total
            out[j, i] = 0.5 if total == 0.0 else against / total


@numba.njit(cache=True)
def _play_round(
    x: FloatArray,
    s: FloatArray,
    c: FloatArray,
    w: FloatArray,
    span: float,
    q: float,
    t: float,
    codes_in: IntArray,
    codes: IntArray,
    new_x: FloatArray,
) -> None:  # pragma: no cover - compiled
    """One round (steps 1-9); writes interaction codes and new positions in place."""
    n = len(x)
    responder = codes_in[0] == 0
    received = codes_in[1] == 0
    compel_gain = codes_in[2] == 0
    reversed_lower = codes_in[3] == 1
    receiver_view = codes_in[4] == 0
    choice = codes_in[5]
    all_pairs = codes_in[6] == 1
    risk_votes = codes_in[7] == 1
    mu = _weighted_median(x, w)
    probability = np.zeros((n, n))
    _probabilities(x, w, span, np.ones(n), risk_votes, all_pairs, probability)
    security = np.zeros(n)
    for i in range(n):
        level = 0.0
        for j in range(n):
            if j == i:
                continue
            if received:
                level += _expected_utility(
                    x, s, span, mu, q, t, responder, j, i, 1.0, probability[j, i]
                )
            else:
                level += _expected_utility(
                    x, s, span, mu, q, t, responder, i, j, 1.0, probability[i, j]
                )
        security[i] = level
    highest = security.max()
    lowest = security.min()
    risk = np.empty(n)
    for i in range(n):
        relative = 0.0
        if highest != lowest:
            relative = (2 * security[i] - highest - lowest) / (highest - lowest)
        risk[i] = (1.0 - relative / 3.0) / (1.0 + relative / 3.0)
    if risk_votes:
        _probabilities(x, w, span, risk, risk_votes, all_pairs, probability)
    status_quo = np.empty(n)
    for i in range(n):
        status_quo[i] = _utility(0.5, risk[i])
    fractions = np.zeros((n, n))
    anchors = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            codes[i, j] = NONE
            if i == j or x[i] == x[j]:
                continue
            # Both readings of the pair share its distance and i's exponent.
            distance = abs(x[i] - x[j]) / span
            success = _utility(0.5 - 0.5 * distance, risk[i])
            failure = _utility(0.5 + 0.5 * distance, risk[i])
            own_quo = _no_contest(distance, abs(x[i] - mu) / span, risk[i], q, t, status_quo[i])
            other_quo = _no_contest(distance, abs(x[j] - mu) / span, risk[i], q, t, status_quo[i])
            own = _combine(
                s[j] if responder else s[i], probability[i, j], success, failure, own_quo
            )
            other = _combine(
                s[i] if responder else s[j], probability[j, i], success, failure, other_quo
            )
            code, fraction = _classify(own, other, compel_gain, reversed_lower)
            codes[i, j] = code
            fractions[i, j] = fraction
            weight = abs(own) + abs(other)
            if weight == 0.0:
                anchors[i, j] = x[i]
            else:
                anchors[i, j] = (abs(own) * x[i] + abs(other) * x[j]) / weight
    for i in range(n):
        found = False
        best = x[i]
        best_move = 0.0
        best_power = 0.0
        best_kind = 0
        best_second = 0.0
        for j in range(n):
            if receiver_view:
                code = codes[i, j]
                fraction = fractions[i, j]
                anchor = anchors[i, j]
                conflict, partial, full = CONFLICT_LOST, COMPROMISE_LOWER, CAPITULATE
            else:
                code = codes[j, i]
                fraction = fractions[j, i]
                anchor = anchors[j, i]
                conflict, partial, full = CONFLICT_WON, COMPROMISE_UPPER, COMPEL
            if code == conflict:
                kind = 0
                offer = x[j]
            elif code == partial:
                kind = 1
                offer = x[i] + fraction * (x[j] - x[i])
            elif code == full:
                kind = 2
                offer = x[j]
            else:
                continue
            move = abs(offer - x[i])
            power = c[j]
            if not found:
                better = True
            elif choice == 0:
                better = move < best_move or (
                    move == best_move
                    and (power > best_power or (power == best_power and offer < best))
                )
            elif choice == 1:
                better = power > best_power or (
                    power == best_power
                    and (move < best_move or (move == best_move and offer < best))
                )
            else:
                # conflict_first ranks within a kind by the move; scholz_code ranks
                # compromises by their anchor point instead.
                second = anchor if (choice == 3 and kind == 1) else move
                better = kind < best_kind or (
                    kind == best_kind
                    and (
                        second < best_second
                        or (
                            second == best_second
                            and (power > best_power or (power == best_power and offer < best))
                        )
                    )
                )
            if better:
                found = True
                best = offer
                best_move = move
                best_power = power
                best_kind = kind
                best_second = anchor if (choice == 3 and kind == 1) else move
        new_x[i] = best


@numba.njit(cache=True)
def _repeated_round(history: FloatArray, last: int, limit: float) -> int:  # pragma: no cover
    """The latest round before ``last - 1`` whose positions ``history[last]`` repeats, or -1."""
    n = history.shape[1]
    for earlier in range(last - 2, -1, -1):
        same = True
        for i in range(n):
            if abs(history[last, i] - history[earlier, i]) > limit:
                same = False
                break
        if same:
            return earlier
    return -1


@numba.njit(cache=True)
def _run(
    x0: FloatArray,
    s: FloatArray,
    c: FloatArray,
    span: float,
    q: float,
    t: float,
    codes_in: IntArray,
    max_rounds: int,
    tolerance: float,
    history: FloatArray,
    medians: FloatArray,
    codes: IntArray,
) -> tuple[int, int, int]:  # pragma: no cover - compiled
    """Play until the run settles, cycles or reaches ``max_rounds`` (step 10).

    Fills ``history`` (positions after each round, row 0 the start), ``medians`` (their
    weighted medians) and ``codes``; returns the rounds played, the status code of
    :data:`~realpolitik.bargaining.results.RUN_STATUSES` and the cycle's length (0 unless it
    cycles). ``codes`` may hold fewer slots than rounds (a batch keeps none): the last slot
    is then overwritten.
    """
    n = len(x0)
    w = c * s
    x = x0.copy()
    history[0, :] = x
    medians[0] = _weighted_median(x, w)
    limit = tolerance * span
    new_x = np.empty(n)
    for rnd in range(max_rounds):
        slot = min(rnd, codes.shape[0] - 1)
        _play_round(x, s, c, w, span, q, t, codes_in, codes[slot], new_x)
        moved = 0.0
        for i in range(n):
            moved = max(moved, abs(new_x[i] - x[i]))
        x[:] = new_x
        history[rnd + 1, :] = x
        medians[rnd + 1] = _weighted_median(x, w)
        if moved <= limit:
            return rnd + 1, SETTLED, 0
        earlier = _repeated_round(history, rnd + 1, limit)
        if earlier >= 0:
            return rnd + 1, CYCLE, rnd + 1 - earlier
    return max_rounds, UNSETTLED, 0


@numba.njit(cache=True)
def _outcome(
    medians: FloatArray, played: int, status: int, cycle_length: int
) -> tuple[float, float, float]:  # pragma: no cover - compiled
    """The run's forecast and its lowest and highest median (see ``eum_reference.run_outcome``)."""
    if status == SETTLED:
        first = played
    elif status == CYCLE:
        first = played - cycle_length + 1
    else:
        first = 1 + played // 2
    total = 0.0
    low = medians[first]
    high = medians[first]
    for k in range(first, played + 1):
        total += medians[k]
        low = min(low, medians[k])
        high = max(high, medians[k])
    return total / (played + 1 - first), low, high


@numba.njit(cache=True, parallel=True)
def _run_batch(
    positions: FloatArray,
    saliences: FloatArray,
    capabilities: FloatArray,
    span: float,
    q: float,
    t: float,
    codes_in: IntArray,
    max_rounds: int,
    tolerance: float,
    final: FloatArray,
    forecasts: FloatArray,
    rounds_played: IntArray,
    statuses: IntArray,
) -> None:  # pragma: no cover - compiled
    runs, n = positions.shape
    for run in numba.prange(runs):
        history = np.empty((max_rounds + 1, n))
        medians = np.empty(max_rounds + 1)
        codes = np.empty((1, n, n), dtype=np.int64)
        played, status, cycle_length = _run(
            positions[run],
            saliences[run],
            capabilities[run],
            span,
            q,
            t,
            codes_in,
            max_rounds,
            tolerance,
            history,
            medians,
            codes,
        )
        final[run, :] = history[played]
        forecasts[run] = _outcome(medians, played, status, cycle_length)[0]
        rounds_played[run] = played
        statuses[run] = status


def _check_run_settings(max_rounds: int, tolerance: float, q: float, t: float) -> None:
    if max_rounds < 1:
        raise BargainingError(f"max_rounds must be at least 1, got {max_rounds}")
    if tolerance < 0:
        raise BargainingError(f"tolerance must be non-negative, got {tolerance}")
    if not (0.0 <= q <= 1.0 and 0.0 <= t <= 1.0):
        raise BargainingError(f"q and t are probabilities in [0, 1], got q={q}, t={t}")


def run_eum(
    positions: ArrayLike,
    saliences: ArrayLike,
    capabilities: ArrayLike,
    scale: Sequence[float] = (0.0, 100.0),
    options: EumOptions | None = None,
    max_rounds: int = 100,
    tolerance: float = 1e-12,
    q: float = 1.0,
    t: float = 1.0,
) -> Forecast:
    """Run the expected-utility model on one issue and return every round.

    Positions lie on ``scale``; saliences in [0, 1]; capabilities are non-negative (only their
    ratios matter). ``q`` and ``t`` are the status-quo probabilities of step 5 (Scholz et al.
    use q = 1, which makes t irrelevant).

    The run stops when it has settled (no actor moved more than ``tolerance`` times the
    scale's range; forecast: the weighted median of the final positions), when it has entered
    a cycle (the positions repeat, within the same tolerance, those after an earlier round;
    forecast: the mean of the medians over one period, with ``cycle_length``, ``cycle_low``
    and ``cycle_high``) or after ``max_rounds`` rounds. In the last case the status is
    ``"unsettled"`` and the forecast, the mean of the medians over the last half of the
    rounds, **depends on max_rounds: raise it** until the run settles or cycles.
    """
    options = options or EumOptions()
    x, s, c, (low, high) = check_actors(positions, saliences, capabilities, scale)
    _check_run_settings(max_rounds, tolerance, q, t)
    n = len(x)
    history = np.empty((max_rounds + 1, n))
    medians = np.empty(max_rounds + 1)
    codes = np.empty((max_rounds, n, n), dtype=np.int64)
    played, status, cycle_length = _run(
        x,
        s,
        c,
        high - low,
        q,
        t,
        np.array(options.codes(), dtype=np.int64),
        max_rounds,
        tolerance,
        history,
        medians,
        codes,
    )
    value, lowest, highest = _outcome(medians, played, status, cycle_length)
    rounds = history[: played + 1]
    steps = np.abs(np.diff(rounds, axis=0)).sum(axis=0)
    # Built from the kernel's own arrays, whose types are right by construction: no validation
    # (it would add about a sixth to the run, which the option searches repeat many times).
    return Forecast.model_construct(
        model="eum",
        forecast=float(value),
        scale=(low, high),
        rounds=rounds.tolist(),
        round_forecasts=medians[: played + 1].tolist(),
        interactions=codes[:played].tolist(),
        moved=(rounds[-1] - rounds[0]).tolist(),
        path_length=steps.tolist(),
        parameters=EumParameters(
            options=options, max_rounds=max_rounds, tolerance=tolerance, q=q, t=t
        ),
        status=RUN_STATUSES[status],
        cycle_length=int(cycle_length),
        cycle_low=float(lowest),
        cycle_high=float(highest),
    )


def run_eum_batch(
    positions: FloatArray,
    saliences: FloatArray,
    capabilities: FloatArray,
    scale: tuple[float, float],
    options: EumOptions | None = None,
    max_rounds: int = 100,
    tolerance: float = 1e-12,
    q: float = 1.0,
    t: float = 1.0,
) -> tuple[FloatArray, FloatArray, IntArray, IntArray]:
    """Run the model on many versions of one issue at once (rows = Monte Carlo runs).

    Takes arrays of shape (runs, actors), already validated (the Monte Carlo layer draws them
    inside the allowed ranges). Returns the forecast of each run (runs,), the final positions
    (runs, actors), the number of rounds each run played (runs,) and how each run ended
    (runs,): an index into :data:`~realpolitik.bargaining.results.RUN_STATUSES` (0 settled,
    1 cycle, 2 unsettled). Forecasts follow :func:`run_eum`'s stopping rule; an unsettled
    run's forecast depends on ``max_rounds``.
    """
    options = options or EumOptions()
    x = np.ascontiguousarray(positions, dtype=np.float64)
    s = np.ascontiguousarray(saliences, dtype=np.float64)
    c = np.ascontiguousarray(capabilities, dtype=np.float64)
    if x.ndim != 2 or x.shape != s.shape or x.shape != c.shape:
        raise BargainingError(
            f"batch arrays must all have shape (runs, actors); got {x.shape}, {s.shape}, {c.shape}"
        )
    _check_run_settings(max_rounds, tolerance, q, t)
    low, high = scale
    runs = x.shape[0]
    final = np.empty_like(x)
    forecasts = np.empty(runs)
    played = np.empty(runs, dtype=np.int64)
    statuses = np.empty(runs, dtype=np.int64)
    _run_batch(
        x,
        s,
        c,
        float(high - low),
        q,
        t,
        np.array(options.codes(), dtype=np.int64),
        max_rounds,
        tolerance,
        final,
        forecasts,
        played,
        statuses,
    )
    return forecasts, final, played, statuses
