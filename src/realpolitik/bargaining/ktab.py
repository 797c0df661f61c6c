"""KTAB's probabilistic Condorcet election (PCE) and Spatial Model of Politics (SMP), on one issue.

KTAB, the KAPSARC Toolkit for Behavioral Analysis, is described in B. Wise, L. Lee & B. Efird,
"Modeling Bargaining Behavior: The KTAB Spatial Model of Politics" and B. Wise & S. Bankes,
"Non-spatial Probabilistic Condorcet Election Methodology" (KAPSARC discussion papers, 2015-16),
and published as open C++ code (``KAPSARC/KTAB`` on GitHub; we read the copy in the fork
``lsyaseen/KTAB``). This module restates, in our own words, what these files compute:

* ``KTAB/kmodel/libsrc/kmodel.cpp``: ``Model::vote`` (the voting rules), ``Model::coalitions``,
  ``Model::vProb`` (victory probabilities), ``Model::condPCE``, ``Model::markovIncentivePCE``,
  ``Model::markovUniformPCE``, ``Model::scalarPCE``, ``Model::bigRfromProb``,
  ``Model::estNRA``, ``Actor::vProbLittle`` and ``Actor::thirdPartyVoteSU``;
* ``examples/smp/libsrc/smp.cpp``: ``SMPModel::bsUtil``, ``SMPState::setAllAUtil``,
  ``SMPActor::interpolateBrgn`` (``interpBrgnSnPm``, ``interpBrgnS2PMax``),
  ``SMPState::pDist``, ``smpStopFn`` and ``SMPModel::configExec`` (the stopping constants);
* ``examples/smp/libsrc/smpbcn.cpp``: ``SMPState::doBCN``, ``probEduChlg``,
  ``bestChallenge``, ``brgnStateUtil`` and ``queueUpdatePstn`` (the actor-queue resolution);
* ``examples/smp/libsrc/smp.h`` and ``KTAB/kmodel/libsrc/kmodel.h``: the defaults (voting rule
  ``Proportional``, victory model ``Linear``, PCE model ``Conditional``, deterministic state
  transitions, ``BigRRange::Mid``, ``BigRAdjust::OneThirdRA``, ``ThirdPartyCommit::SemiCommit``,
  ``InterVecBrgn::S2P2``, ``SMPBargnModel::InitOnlyInterp``).

Positions are divided by the scale's range (KTAB works on [0, 1]); the distance d between two
positions is then in [0, 1]. ``docs/bargaining.md`` (section "KTAB") gives the formulas.

Two engines compute the same numbers: ``engine="compiled"`` (Numba kernels, the default) and
``engine="reference"`` (plain NumPy, written for reading); the tests hold them equal. Numba
compiles the kernels on first use (about 45 s on a small shared machine) and caches them on
disk; later runs load them in under a second.

Checked against KTAB's own output: the kernels reproduce, to the printed precision, the whole
27-round reference run ``examples/smp/doc/20170530_ref-SOE-Pol-Comp.txt`` (13 actors, two
dimensions, KTAB's default parameters; the round kernel takes any number of dimensions for
this purpose) and the PCE of a bargain queue printed in ``20170530_ref-smpExample.txt``
(PropCbc votes, Markov-incentive PCE). An older one-dimensional position log in the same
folder (``SOE-Policy.csv_posLog.csv``, of unrecorded version and parameters) is not
reproduced.

What we changed or left out, loudly:

* The public functions take one dimension (KTAB's SMP is multi-dimensional; in one dimension
  its salience-weighted distance is the plain distance, and the overall salience is the
  salience).
* Deterministic: KTAB's ``StochasticSTM`` draws bargains at random; we implement only its
  deterministic mode, and break every tie (equal expected gains, equal bargain probabilities,
  within a relative 1e-12) in favour of the lowest index (the actor listed first; in an
  actor's queue: its status quo, then bargains in the order of their initiators). The order
  of the actors therefore matters only in exact ties between actors that are not
  interchangeable (a mirror-symmetric line-up; zero-salience targets of different capability).
* Bargain resolution by actor queues only (KTAB's ``ActorQueues``; its later ``BindingBest``
  was unfinished in the code we read) and bargains interpolated by the initiator only
  (``InitOnlyInterp``, the default; the other two KTAB bargain models pass an expected utility
  where a probability belongs, so we do not offer them).
* No ideal-point accommodation (KTAB's default identity matrix: ideals follow positions).
* KTAB requires every capability and salience to be positive; we accept zeros: an actor with
  zero weight casts zero votes, and in the PCE its position is not put to the vote (nobody
  stands behind it), so it has no influence at all. When every option receives the same
  probability, the inferred risk attitudes (``bigRfromProb``, which divides by the spread)
  are all set to 0 (risk neutral).
* KTAB's ``ASymProsp`` voting rule is left out: KTAB sums it over ordered pairs in index
  order, which makes the result depend on how the actors are listed.
* The SMP ends "settled" under KTAB's rule (after at least two rounds, a round moves the
  actors less than ``tolerance`` times the first round did, KTAB's ``minDeltaRatio`` = 0.02)
  or when nobody moves; "cycle" when the positions repeat an earlier round exactly (KTAB would
  run on to ``max_rounds``; our forecast is then the mean over one period); "unsettled" after
  ``max_rounds``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numba
import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.bargaining._validate import check_actors
from realpolitik.bargaining.errors import BargainingError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

VotingRule = Literal["binary", "proportional_binary", "proportional", "proportional_cubic", "cubic"]
VictoryModel = Literal["linear", "square", "quartic", "octic", "binary"]
PceModel = Literal["conditional", "markov_incentive", "markov_uniform"]
ForecastRule = Literal["expected", "most_probable"]
RiskRange = Literal["min", "mid", "max"]
RiskAdjustment = Literal["none", "one_third", "half", "two_thirds", "full"]
ThirdPartyCommit = Literal["full", "semi", "none"]
BargainInterpolation = Literal["s1p1", "s2p2", "s2pmax"]
CoalitionWeight = Literal["capability", "capability_salience"]
Engine = Literal["compiled", "reference"]

VOTING_RULES: tuple[VotingRule, ...] = (
    "binary",
    "proportional_binary",
    "proportional",
    "proportional_cubic",
    "cubic",
)
VICTORY_MODELS: tuple[VictoryModel, ...] = ("linear", "square", "quartic", "octic", "binary")
PCE_MODELS: tuple[PceModel, ...] = ("conditional", "markov_incentive", "markov_uniform")
FORECAST_RULES: tuple[ForecastRule, ...] = ("expected", "most_probable")
RISK_RANGES: tuple[RiskRange, ...] = ("min", "mid", "max")
RISK_ADJUSTMENTS: tuple[RiskAdjustment, ...] = ("none", "one_third", "half", "two_thirds", "full")
THIRD_PARTY_COMMITS: tuple[ThirdPartyCommit, ...] = ("full", "semi", "none")
BARGAIN_INTERPOLATIONS: tuple[BargainInterpolation, ...] = ("s1p1", "s2p2", "s2pmax")
COALITION_WEIGHTS: tuple[CoalitionWeight, ...] = ("capability", "capability_salience")
ENGINES: tuple[Engine, ...] = ("compiled", "reference")
SMP_STATUSES: tuple[str, ...] = ("settled", "cycle", "unsettled")

# Integer codes that reach the kernels: the index of each name in the tuples above.
VOTE_BINARY, VOTE_PROPORTIONAL_BINARY, VOTE_PROPORTIONAL, VOTE_PROPORTIONAL_CUBIC, VOTE_CUBIC = (
    range(5)
)
VICTORY_LINEAR, VICTORY_SQUARE, VICTORY_QUARTIC, VICTORY_OCTIC, VICTORY_BINARY = range(5)
PCE_CONDITIONAL, PCE_MARKOV_INCENTIVE, PCE_MARKOV_UNIFORM = range(3)
FORECAST_EXPECTED, FORECAST_MOST_PROBABLE = range(2)
RISK_MIN, RISK_MID, RISK_MAX = range(3)
ADJUST_NONE, ADJUST_ONE_THIRD, ADJUST_HALF, ADJUST_TWO_THIRDS, ADJUST_FULL = range(5)
COMMIT_FULL, COMMIT_SEMI, COMMIT_NONE = range(3)
INTERPOLATE_S1P1, INTERPOLATE_S2P2, INTERPOLATE_S2PMAX = range(3)
SETTLED, CYCLE, UNSETTLED = range(3)

# KTAB's constants (kmodel.cpp, smp.cpp, smpbcn.cpp, smp.h), on the [0, 1] scale.
_BINARY_VOTE_STEP = 1e-8  # Model::vote: a utility gap of 1e-8 already casts the full vote
_PROPORTIONAL_BINARY_MIX = 0.2  # Model::vote, rbp
_PROPORTIONAL_CUBIC_MIX = 0.5  # Model::vote, rpc
_BINARY_VICTORY_THRESHOLD = 1.10  # Model::vProb: 10% more strength wins outright
_BINARY_VICTORY_FLOOR = 1e-6  # Model::vProb, minX
_MIN_COALITION = 1e-8  # Model::coalitions, minC
_MIN_CHALLENGE_COALITION = 1e-10  # SMPState::probEduChlg, minCltn
_INCENTIVE_FLOOR = 1e-10  # Model::markovIncentivePCE, epsSupport
_MARKOV_INCENTIVE_TOLERANCE = 1e-8
_MARKOV_UNIFORM_TOLERANCE = 1e-6
_MARKOV_MAX_ITERATIONS = 10_000  # KTAB loops until converged; we stop here at the latest
_MIN_GAIN = 1e-5  # SMPState::bestChallenge, minSigEDU
_MIN_BARGAIN_WEIGHT = 1e-6  # SMPActor::interpBrgnSnPm, minW
_BARGAIN_ROUNDING = 1e4  # interpBrgnSnPm rounds bargains to 4 decimals of [0, 1]
_MIN_FIRST_STEP = 1e-4  # smpStopFn, minSigDelta
_MIN_ROUNDS = 2  # SMPModel::configExec, minIter
_SAME_POSITION = 1e-3  # SMPModel::posTol: closer positions are one option
_GRID_SLACK = 1e-9  # rounding error allowed when testing a gap against _SAME_POSITION
_TIE = 1e-12  # relative gap below which two values count as tied (lowest index wins)
_SAME_STATE = 1e-12  # positions this close (on [0, 1]) repeat an earlier round


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class PceResult:
    """A probabilistic Condorcet election over the actors' positions.

    ``options`` are the distinct positions of the actors with weight (capability times
    salience) above zero, in increasing order; positions closer than 0.1% of the scale's range
    count as one option (KTAB's ``posTol``), placed at their mean. ``probabilities[k]`` is the
    probability that option k wins (they sum to 1); ``victory[a][b]`` the probability that
    option a beats option b in a pairwise contest. ``actor_options[i]`` is the option actor i
    holds, or -1 for an actor without weight whose position is no option.
    ``actor_probabilities`` gives each actor the probability of its option, as KTAB's
    ``posProb`` does: actors sharing an option share its probability, so these need not sum
    to 1.
    """

    forecast: float
    options: list[float]
    probabilities: list[float]
    actor_options: list[int]
    victory: list[list[float]]
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def actor_probabilities(self) -> list[float]:
        """The probability of each actor's option (0 for an actor whose position is none)."""
        return [self.probabilities[k] if k >= 0 else 0.0 for k in self.actor_options]


@dataclass(frozen=True)
class SmpResult:
    """A run of KTAB's Spatial Model of Politics on one issue.

    ``rounds[t]`` holds every actor's position after round t (``rounds[0]`` is the start), on
    the issue's scale; ``round_forecasts[t]`` the forecast of that state (a PCE over its
    distinct positions, see :func:`spatial_model_of_politics`). ``forecast`` is the final
    state's forecast, or the mean over one period of a cycle. ``probabilities[i]`` is the
    final-state probability of actor i's position (shared by actors at the same position),
    ``risk_attitudes[i]`` actor i's inferred risk attitude R in the final state. ``status`` is
    ``"settled"``, ``"cycle"`` or ``"unsettled"``.
    """

    forecast: float
    rounds: list[list[float]]
    round_forecasts: list[float]
    probabilities: list[float]
    risk_attitudes: list[float]
    status: str
    cycle_length: int = 0
    parameters: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Compiled kernels


@numba.njit(cache=True, inline="always")
def _vote(rule: int, weight: float, gain: float) -> float:  # pragma: no cover - compiled
    """Model::vote: the vote of a voter of weight ``weight`` whose utility gap is ``gain``."""
    step = min(1.0, max(-1.0, gain / _BINARY_VOTE_STEP))
    if rule == VOTE_BINARY:
        return weight * step
    if rule == VOTE_PROPORTIONAL_BINARY:
        return weight * ((1.0 - _PROPORTIONAL_BINARY_MIX) * gain + _PROPORTIONAL_BINARY_MIX * step)
    if rule == VOTE_PROPORTIONAL_CUBIC:
        return weight * (
            (1.0 - _PROPORTIONAL_CUBIC_MIX) * gain + _PROPORTIONAL_CUBIC_MIX * gain * gain * gain
        )
    if rule == VOTE_CUBIC:
        return weight * gain * gain * gain
    return weight * gain


@numba.njit(cache=True)
def _victory_pair(model: int, first: float, second: float) -> float:  # pragma: no cover
    """Model::vProb for one pair: the probability that strength ``first`` beats ``second``."""
    if model == VICTORY_BINARY:
        threshold = _BINARY_VICTORY_THRESHOLD
        if first >= threshold * second:
            a, b = 1.0, _BINARY_VICTORY_FLOOR
        elif second >= threshold * first:
            a, b = _BINARY_VICTORY_FLOOR, 1.0
        else:
            share = first / (first + second)
            a = (share * (threshold + 1.0) - 1.0) / (threshold - 1.0)
            b = 1.0 - a
        return a / (a + b)
    power = 1.0
    if model == VICTORY_SQUARE:
        power = 2.0
    elif model == VICTORY_QUARTIC:
        power = 4.0
    elif model == VICTORY_OCTIC:
        power = 8.0
    a = first**power
    b = second**power
    return float(a / (a + b))


@numba.njit(cache=True)
def _coalitions(
    utilities: FloatArray, weights: FloatArray, rule: int
) -> FloatArray:  # pragma: no cover - compiled
    """Model::coalitions: strength[a, b] of the coalition for option a against option b."""
    voters, options = utilities.shape
    strength = np.full((options, options), _MIN_COALITION)
    for a in range(options):
        for b in range(a):
            for k in range(voters):
                v = _vote(rule, weights[k], utilities[k, a] - utilities[k, b])
                if v > 0.0:
                    strength[a, b] += v
                elif v < 0.0:
                    strength[b, a] -= v
    return strength


@numba.njit(cache=True)
def _victory(strength: FloatArray, model: int) -> FloatArray:  # pragma: no cover - compiled
    options = strength.shape[0]
    victory = np.empty((options, options))
    for a in range(options):
        victory[a, a] = 0.5
        for b in range(a):
            victory[a, b] = _victory_pair(model, strength[a, b], strength[b, a])
            victory[b, a] = 1.0 - victory[a, b]
    return victory


@numba.njit(cache=True)
def _conditional(victory: FloatArray) -> FloatArray:  # pragma: no cover - compiled
    """Model::condPCE: P[a] proportional to the product over b of P[a beats b] (in logs)."""
    options = victory.shape[0]
    logs = np.zeros(options)
    for a in range(options):
        for b in range(options):
            logs[a] += np.log(victory[a, b])
    top = logs.max()
    p = np.exp(logs - top)
    result: FloatArray = p / p.sum()
    return result


@numba.njit(cache=True)
def _markov_incentive(strength: FloatArray, victory: FloatArray) -> FloatArray:  # pragma: no cover
    """Model::markovIncentivePCE: challenges in proportion to the incentive to make them."""
    options = strength.shape[0]
    incentive = strength * victory
    for a in range(options):
        incentive[a, a] += _INCENTIVE_FLOOR
    challenge = incentive / incentive.sum(axis=0)  # challenge[a, b]: a challenges favourite b
    p = np.full(options, 1.0 / options)
    q = np.empty(options)
    for _ in range(_MARKOV_MAX_ITERATIONS):
        change = 0.0
        for a in range(options):
            total = 0.0
            for b in range(options):
                total += victory[a, b] * (p[a] * challenge[b, a] + p[b] * challenge[a, b])
            q[a] = total
            change = max(change, abs(total - p[a]))
        p = 0.5 * (p + q)
        if change <= _MARKOV_INCENTIVE_TOLERANCE:
            break
    result: FloatArray = p / p.sum()
    return result


@numba.njit(cache=True)
def _markov_uniform(victory: FloatArray) -> FloatArray:  # pragma: no cover - compiled
    """Model::markovUniformPCE: every option challenges the favourite with probability 1/n."""
    options = victory.shape[0]
    p = np.full(options, 1.0 / options)
    q = np.empty(options)
    for _ in range(_MARKOV_MAX_ITERATIONS):
        change = 0.0
        for a in range(options):
            total = 0.0
            for b in range(options):
                total += victory[a, b] * (p[a] + p[b])
            q[a] = total / options
            change = max(change, abs(q[a] - p[a]))
        p = 0.5 * (p + q)
        if change <= _MARKOV_UNIFORM_TOLERANCE:
            break
    result: FloatArray = p / p.sum()
    return result


@numba.njit(cache=True)
def _pce(
    utilities: FloatArray, weights: FloatArray, rule: int, victory_model: int, pce_model: int
) -> tuple[FloatArray, FloatArray]:  # pragma: no cover - compiled
    """Model::scalarPCE: the option probabilities and the pairwise victory matrix."""
    strength = _coalitions(utilities, weights, rule)
    victory = _victory(strength, victory_model)
    if pce_model == PCE_MARKOV_INCENTIVE:
        return _markov_incentive(strength, victory), victory
    if pce_model == PCE_MARKOV_UNIFORM:
        return _markov_uniform(victory), victory
    return _conditional(victory), victory


@numba.njit(cache=True)
def _group_options(
    z: FloatArray, eligible: NDArray[np.bool_], tolerance: float
) -> tuple[FloatArray, IntArray]:  # pragma: no cover - compiled
    """Distinct positions of the eligible actors and the option each actor holds.

    Sorted eligible positions closer than ``tolerance`` to their neighbour form one option,
    placed at their mean (single linkage, so the grouping does not depend on the actors'
    order). Positions exactly ``tolerance`` apart stay distinct, as under KTAB's strict test;
    bargains rounded to 4 decimals make such gaps common, so the test allows for rounding
    error (_GRID_SLACK) to give the same answer on a mirrored scale. An ineligible actor holds
    the option closer than ``tolerance`` to its position, if any, else -1.
    """
    n = len(z)
    order = np.argsort(z, kind="mergesort")
    sums = np.zeros(n)
    counts = np.zeros(n)
    lows = np.zeros(n)
    highs = np.zeros(n)
    holds = np.full(n, -1, dtype=np.int64)
    groups = 0
    for actor in order:
        if not eligible[actor]:
            continue
        value = z[actor]
        if groups == 0 or value - highs[groups - 1] >= tolerance - _GRID_SLACK:
            lows[groups] = value
            groups += 1
        sums[groups - 1] += value
        counts[groups - 1] += 1.0
        highs[groups - 1] = value
        holds[actor] = groups - 1
    for actor in range(n):
        if holds[actor] < 0:
            for g in range(groups):
                reach = tolerance - _GRID_SLACK
                if lows[g] - reach < z[actor] < highs[g] + reach:
                    holds[actor] = g
                    break
    return sums[:groups] / counts[:groups], holds


@numba.njit(cache=True)
def _first_best(values: FloatArray) -> int:  # pragma: no cover - compiled
    """Index of the largest value; values within a relative _TIE of it go to the lowest index."""
    top = values.max()
    limit = top - _TIE * max(1.0, abs(top))
    for k in range(len(values)):
        if values[k] >= limit:
            return k
    return 0


@numba.njit(cache=True, inline="always")
def _utility(distance: float, risk: float) -> float:  # pragma: no cover - compiled
    """SMPModel::bsUtil: (1 - d)(1 + d R), concave for R > 0 (risk averse)."""
    return (1.0 - distance) * (1.0 + distance * risk)


@numba.njit(cache=True)
def _risk_from_probabilities(p: FloatArray, risk_range: int) -> FloatArray:  # pragma: no cover
    """Model::bigRfromProb: the most probable position is the most risk averse (R up to 1)."""
    low = p.min()
    spread = p.max() - low
    if spread <= _TIE:
        return np.zeros(len(p))
    high = p.max()
    if risk_range == RISK_MIN:
        result: FloatArray = (p - low) / spread
    elif risk_range == RISK_MAX:
        result = (2.0 * p - (high + low)) / spread
    else:
        result = (3.0 * p - (high + 2.0 * low)) / (2.0 * spread)
    return result


@numba.njit(cache=True, inline="always")
def _estimated_risk(own: float, other: float, adjustment: int) -> float:  # pragma: no cover
    """Model::estNRA: h's estimate of i's risk attitude, anchored on h's own."""
    if adjustment == ADJUST_FULL:
        return other
    if adjustment == ADJUST_TWO_THIRDS:
        return (own + 2.0 * other) / 3.0
    if adjustment == ADJUST_HALF:
        return 0.5 * (own + other)
    if adjustment == ADJUST_ONE_THIRD:
        return (2.0 * own + other) / 3.0
    return own


@numba.njit(cache=True)
def _distance(
    ideal: FloatArray, position: FloatArray, saliences: FloatArray
) -> float:  # pragma: no cover - compiled
    """SMPModel::bvDiff: salience-weighted distance, scaled so that it is at most 1 on [0, 1]^m.

    In one dimension it is the plain distance. With no salience on any dimension (which KTAB
    forbids) we fall back to the unweighted root-mean-square distance.
    """
    dims = len(ideal)
    if dims == 1:
        return float(abs(ideal[0] - position[0]))
    weighted = 0.0
    total = 0.0
    plain = 0.0
    for k in range(dims):
        gap = ideal[k] - position[k]
        weighted += (gap * saliences[k]) ** 2
        total += saliences[k] ** 2
        plain += gap * gap
    if total <= 0.0:
        return float(np.sqrt(plain / dims))
    return float(np.sqrt(weighted / total))


@numba.njit(cache=True)
def _distances(z: FloatArray, sal: FloatArray) -> FloatArray:  # pragma: no cover - compiled
    """distance[a, b]: from a's ideal (its position) to b's position, with a's saliences."""
    n = z.shape[0]
    distance = np.empty((n, n))
    for a in range(n):
        for b in range(n):
            distance[a, b] = _distance(z[a], z[b], sal[a])
    return distance


@numba.njit(cache=True)
def _risk_attitudes(
    distance: FloatArray, weights: FloatArray, codes: IntArray
) -> FloatArray:  # pragma: no cover - compiled
    """SMPState::setAllAUtil: a risk-neutral PCE over every actor's position gives each R."""
    p, _ = _pce(1.0 - distance, weights, codes[0], codes[1], codes[2])
    return _risk_from_probabilities(p, codes[3])


@numba.njit(cache=True)
def _state_probabilities(
    z: FloatArray, risk: FloatArray, weights: FloatArray, codes: IntArray
) -> tuple[FloatArray, FloatArray, IntArray]:  # pragma: no cover - compiled
    """SMPState::pDist(-1): a PCE over the distinct positions, each actor with its own R."""
    options, holds = _group_options(z, weights > 0.0, _SAME_POSITION)
    n = len(z)
    utilities = np.empty((n, len(options)))
    for i in range(n):
        for k in range(len(options)):
            utilities[i, k] = _utility(abs(z[i] - options[k]), risk[i])
    p, _ = _pce(utilities, weights, codes[0], codes[1], codes[2])
    return options, p, holds


@numba.njit(cache=True)
def _challenge(
    u: FloatArray,
    s: FloatArray,
    c: FloatArray,
    i: int,
    j: int,
    k: int,
    rule: int,
    commit: int,
) -> tuple[float, float]:  # pragma: no cover - compiled
    """SMPState::probEduChlg: probability that i beats j, and k's expected gain from i -> j.

    ``u`` is the estimating actor's view of everyone's utilities (u[a, b]: a's utility of b's
    position). The principals vote their salience times capability; each third party n first
    judges the contest with only the principals and itself (Actor::vProbLittle), then votes
    the difference between joining i and joining j (Actor::thirdPartyVoteSU).
    """
    n_actors = len(s)
    for_i = _MIN_CHALLENGE_COALITION
    for_j = _MIN_CHALLENGE_COALITION
    v_i = _vote(rule, s[i] * c[i], u[i, i] - u[i, j])
    v_j = _vote(rule, s[j] * c[j], u[j, i] - u[j, j])
    for_i += max(v_i, 0.0) + max(v_j, 0.0)
    for_j += max(-v_i, 0.0) + max(-v_j, 0.0)
    base_i = for_i
    base_j = for_j
    for n in range(n_actors):
        if n in (i, j):
            continue
        weight = s[n] * c[n]
        uni = u[n, i]
        unj = u[n, j]
        unn = u[n, n]
        alone = _vote(rule, weight, uni - unj)
        little_i = base_i + max(alone, 0.0)
        little_j = base_j + max(-alone, 0.0)
        p_in = little_i / (little_i + little_j)
        p_jn = 1.0 - p_in
        if commit == COMMIT_SEMI:
            join_i = p_in * (uni + uni + unn) + p_jn * (3.0 * unj)
            join_j = p_in * (3.0 * uni) + p_jn * (unj + unj + unn)
        elif commit == COMMIT_FULL:
            join_i = p_in * (3.0 * uni) + p_jn * (3.0 * unj)
            join_j = join_i
        else:
            join_i = p_in * (uni + uni + unn) + p_jn * (unj + unj + unn)
            join_j = join_i
        v = _vote(rule, weight, join_i - join_j)
        if v > 0.0:
            for_i += v
        elif v < 0.0:
            for_j -= v
    p_ij = for_i / (for_i + for_j)
    victory = 2.0 * u[k, i]
    contest = p_ij * victory + (1.0 - p_ij) * 2.0 * u[k, j]
    challenge = (1.0 - s[j]) * victory + s[j] * contest
    return p_ij, challenge - (u[k, i] + u[k, j])


@numba.njit(cache=True)
def _round4(value: float) -> float:  # pragma: no cover - compiled
    return float(np.floor(0.5 + value * _BARGAIN_ROUNDING) / _BARGAIN_ROUNDING)


@numba.njit(cache=True)
def _interpolate(
    ti: float, si: float, pi: float, tj: float, sj: float, pj: float, method: int
) -> tuple[float, float]:  # pragma: no cover - compiled
    """SMPActor::interpolateBrgn: the positions i and j take in i's proposed bargain."""
    if method == INTERPOLATE_S2PMAX:
        di = max(pj - pi, 0.0)
        dj = max(pi - pj, 0.0)
        si2 = si * si
        sj2 = sj * sj
        shift_i = (di * sj2) / (di * sj2 + _MIN_BARGAIN_WEIGHT + (1.0 - di) * si2)
        shift_j = (dj * si2) / (dj * si2 + _MIN_BARGAIN_WEIGHT + (1.0 - dj) * sj2)
        return ti + shift_i * (tj - ti), tj + shift_j * (ti - tj)
    if method == INTERPOLATE_S1P1:
        wi = si * pi
        wj = sj * pj
    else:
        wi = si * si * pi * pi
        wj = sj * sj * pj * pj
    total = wi + _MIN_BARGAIN_WEIGHT + wj
    bi = ((wi + _MIN_BARGAIN_WEIGHT) * ti + wj * tj) / total
    bj = (wi * ti + (_MIN_BARGAIN_WEIGHT + wj) * tj) / total
    return _round4(bi), _round4(bj)


@numba.njit(cache=True)
def _play_round(
    z: FloatArray,
    sal: FloatArray,
    s: FloatArray,
    c: FloatArray,
    weights: FloatArray,
    risk: FloatArray,
    codes: IntArray,
    new_z: FloatArray,
) -> None:  # pragma: no cover - compiled
    """SMPState::doBCN with actor queues: challenges, bargains, and each queue's PCE.

    ``z`` and ``sal`` hold positions and saliences with one column per dimension (the public
    functions use one; KTAB's multi-dimensional reference runs use more); ``s`` is each
    actor's overall salience (the sum over dimensions), ``c`` its capability, ``weights`` the
    voting weights of the PCEs. Writes the new positions into ``new_z``.
    """
    n, dims = z.shape
    rule, victory_model, pce_model = codes[0], codes[1], codes[2]
    adjustment, commit, method = codes[4], codes[5], codes[6]
    distance = _distances(z, sal)
    own = np.empty((n, n))
    for a in range(n):
        for b in range(n):
            own[a, b] = _utility(distance[a, b], risk[a])
    # 1. each actor's best challenge, judged from its own view of everyone's risk attitude
    target = np.full(n, -1, dtype=np.int64)
    bargain_i = np.empty((n, dims))
    bargain_j = np.empty((n, dims))
    view = np.empty((n, n))
    gains = np.empty(n)
    chances = np.empty(n)
    for i in range(n):
        for a in range(n):
            estimate = _estimated_risk(risk[i], risk[a], adjustment)
            for b in range(n):
                view[a, b] = _utility(distance[a, b], estimate)
        for j in range(n):
            if j == i:
                gains[j] = -np.inf
                continue
            chance, gain = _challenge(view, s, c, i, j, i, rule, commit)
            chances[j] = chance
            gains[j] = gain
        best = _first_best(gains)
        if gains[best] > _MIN_GAIN:
            target[i] = best
            p = chances[best]
            for k in range(dims):
                b_i, b_j = _interpolate(
                    z[i, k], sal[i, k], p, z[best, k], sal[best, k], 1.0 - p, method
                )
                bargain_i[i, k] = b_i
                bargain_j[i, k] = b_j
    # 2. each actor's queue: its status quo, then the bargains involving it by initiator
    base = own.sum(axis=1)
    for k in range(n):
        members = 1
        for i in range(n):
            if target[i] >= 0 and (i == k or target[i] == k):
                members += 1
        utilities = np.empty((n, members))
        utilities[:, 0] = base / n
        moves = np.empty((members, dims))
        moves[0] = z[k]
        m = 1
        for i in range(n):
            j = target[i]
            if j < 0 or (i != k and j != k):
                continue
            for a in range(n):
                # the state's utility to a: the mean utility of the positions in it
                changed = (
                    _utility(_distance(z[a], bargain_i[i], sal[a]), risk[a])
                    + _utility(_distance(z[a], bargain_j[i], sal[a]), risk[a])
                    - own[a, i]
                    - own[a, j]
                )
                utilities[a, m] = (base[a] + changed) / n
            moves[m] = bargain_i[i] if i == k else bargain_j[i]
            m += 1
        p, _ = _pce(utilities, weights, rule, victory_model, pce_model)
        new_z[k] = moves[_first_best(p)]


@numba.njit(cache=True)
def _state_forecast(
    z: FloatArray, risk: FloatArray, weights: FloatArray, codes: IntArray
) -> float:  # pragma: no cover - compiled
    options, p, _ = _state_probabilities(z, risk, weights, codes)
    if codes[7] == FORECAST_MOST_PROBABLE:
        top = p.max()
        limit = top - _TIE * max(1.0, top)
        total = 0.0
        count = 0.0
        for k in range(len(p)):
            if p[k] >= limit:
                total += options[k]
                count += 1.0
        return total / count
    return float(np.sum(p * options))


@numba.njit(cache=True)
def _repeats(history: FloatArray, last: int) -> int:  # pragma: no cover - compiled
    """The latest round before ``last - 1`` whose positions ``history[last]`` repeats, or -1."""
    for earlier in range(last - 2, -1, -1):
        if np.max(np.abs(history[last] - history[earlier])) <= _SAME_STATE:
            return earlier
    return -1


@numba.njit(cache=True)
def _run(
    z0: FloatArray,
    s: FloatArray,
    c: FloatArray,
    weights: FloatArray,
    codes: IntArray,
    max_rounds: int,
    tolerance: float,
    history: FloatArray,
    forecasts: FloatArray,
    risks: FloatArray,
) -> tuple[int, int, int]:  # pragma: no cover - compiled
    """Play rounds on one dimension until KTAB's stopping rule, a cycle or ``max_rounds``.

    Fills ``history`` (positions on [0, 1] after each round, row 0 the start), ``forecasts``
    (each state's forecast) and ``risks`` (each state's risk attitudes); returns the rounds
    played, the status code and the cycle's length.
    """
    n = len(z0)
    # one contiguous column each, so that every kernel is compiled for a single array layout
    z = z0.copy()
    new_z = np.empty(n)
    sal = s.reshape(n, 1)
    history[0] = z
    first_step = 0.0
    for rnd in range(max_rounds):
        risk = _risk_attitudes(_distances(z.reshape(n, 1), sal), weights, codes)
        risks[rnd] = risk
        forecasts[rnd] = _state_forecast(z, risk, weights, codes)
        _play_round(z.reshape(n, 1), sal, s, c, weights, risk, codes, new_z.reshape(n, 1))
        step = np.sum(np.abs(new_z - z))
        z[:] = new_z
        history[rnd + 1] = z
        played = rnd + 1
        if rnd == 0:
            first_step = step + _MIN_FIRST_STEP
        status = -1
        if step == 0.0 or (played >= _MIN_ROUNDS and step / first_step < tolerance):
            status = SETTLED
        elif _repeats(history, played) >= 0:
            status = CYCLE
        if status >= 0 or played == max_rounds:
            risk = _risk_attitudes(_distances(z.reshape(n, 1), sal), weights, codes)
            risks[played] = risk
            forecasts[played] = _state_forecast(z, risk, weights, codes)
            if status == CYCLE:
                return played, CYCLE, played - _repeats(history, played)
            if status == SETTLED:
                return played, SETTLED, 0
    return max_rounds, UNSETTLED, 0


# --------------------------------------------------------------------------------------------
# Reference implementation (plain NumPy, for reading and for testing the kernels)


def _reference_vote(rule: str, weights: FloatArray, gains: FloatArray) -> FloatArray:
    step = np.clip(gains / _BINARY_VOTE_STEP, -1.0, 1.0)
    mixes: dict[str, FloatArray] = {
        "binary": step,
        "proportional_binary": (1 - _PROPORTIONAL_BINARY_MIX) * gains
        + _PROPORTIONAL_BINARY_MIX * step,
        "proportional": gains,
        "proportional_cubic": (1 - _PROPORTIONAL_CUBIC_MIX) * gains
        + _PROPORTIONAL_CUBIC_MIX * gains**3,
        "cubic": gains**3,
    }
    result: FloatArray = weights * mixes[rule]
    return result


def _reference_victory(strength: FloatArray, model: str) -> FloatArray:
    against = strength.T
    if model == "binary":
        threshold = _BINARY_VICTORY_THRESHOLD
        share = strength / (strength + against)
        middle = (share * (threshold + 1) - 1) / (threshold - 1)
        first = np.where(strength >= threshold * against, 1.0, middle)
        first = np.where(against >= threshold * strength, _BINARY_VICTORY_FLOOR, first)
        second = np.where(strength >= threshold * against, _BINARY_VICTORY_FLOOR, 1 - middle)
        second = np.where(against >= threshold * strength, 1.0, second)
        victory: FloatArray = first / (first + second)
    else:
        power = {"linear": 1, "square": 2, "quartic": 4, "octic": 8}[model]
        victory = strength**power / (strength**power + against**power)
    np.fill_diagonal(victory, 0.5)
    return victory


def _reference_pce(
    utilities: FloatArray, weights: FloatArray, rule: str, victory_model: str, pce_model: str
) -> tuple[FloatArray, FloatArray]:
    """Model::scalarPCE, written with arrays: option probabilities and victory matrix."""
    gains = utilities[:, :, None] - utilities[:, None, :]  # gains[k, a, b] = u(k, a) - u(k, b)
    votes = _reference_vote(rule, weights[:, None, None], gains)
    strength = _MIN_COALITION + np.maximum(votes, 0.0).sum(axis=0)
    np.fill_diagonal(strength, _MIN_COALITION)
    victory = _reference_victory(strength, victory_model)
    n = len(victory)
    if pce_model == "conditional":
        logs = np.log(victory).sum(axis=1)
        p = np.exp(logs - logs.max())
        return p / p.sum(), victory
    p = np.full(n, 1.0 / n)
    if pce_model == "markov_incentive":
        incentive = strength * victory + _INCENTIVE_FLOOR * np.eye(n)
        challenge = incentive / incentive.sum(axis=0)
        tolerance = _MARKOV_INCENTIVE_TOLERANCE
    else:
        tolerance = _MARKOV_UNIFORM_TOLERANCE
    for _ in range(_MARKOV_MAX_ITERATIONS):
        if pce_model == "markov_incentive":
            # held[a, b]: a is the favourite and b challenges it
            held = p[:, None] * challenge.T
            q = (victory * (held + held.T)).sum(axis=1)
        else:
            q = (victory * (p[:, None] + p[None, :])).sum(axis=1) / n
        change = np.max(np.abs(q - p))
        p = 0.5 * (p + q)
        if change <= tolerance:
            break
    return p / p.sum(), victory


def _reference_distances(ideals: FloatArray, sal: FloatArray, positions: FloatArray) -> FloatArray:
    """SMPModel::bvDiff from each actor's ideal (row) to each position (column).

    Rows use the judging actor's saliences; ``ideals`` and ``sal`` have one row per actor and
    ``positions`` one row per position, all with one column per dimension.
    """
    gaps = ideals[:, None, :] - positions[None, :, :]
    if ideals.shape[1] == 1:
        result: FloatArray = np.abs(gaps[:, :, 0])
        return result
    total = (sal**2).sum(axis=1)[:, None]
    weighted = ((gaps * sal[:, None, :]) ** 2).sum(axis=2)
    plain = (gaps**2).mean(axis=2)
    safe_total = np.where(total > 0, total, 1.0)
    result = np.where(total > 0, np.sqrt(weighted / safe_total), np.sqrt(plain))
    return result


def _reference_risk_attitudes(
    distance: FloatArray, weights: FloatArray, settings: dict[str, Any]
) -> FloatArray:
    p, _ = _reference_pce(
        1.0 - distance,
        weights,
        settings["voting_rule"],
        settings["victory_model"],
        settings["pce_model"],
    )
    low, high = p.min(), p.max()
    spread = high - low
    if spread <= _TIE:
        return np.zeros(len(p))
    formulas: dict[str, FloatArray] = {
        "min": (p - low) / spread,
        "mid": (3 * p - (high + 2 * low)) / (2 * spread),
        "max": (2 * p - (high + low)) / spread,
    }
    return formulas[settings["risk_range"]]


def _reference_utility(distance: FloatArray, risk: FloatArray) -> FloatArray:
    result: FloatArray = (1.0 - distance) * (1.0 + distance * risk)
    return result


def _reference_estimated_risk(own: float, other: FloatArray, adjustment: str) -> FloatArray:
    estimates: dict[str, FloatArray] = {
        "none": np.full(len(other), own),
        "one_third": (2.0 * own + other) / 3.0,
        "half": (own + other) / 2.0,
        "two_thirds": (own + 2.0 * other) / 3.0,
        "full": other,
    }
    return estimates[adjustment]


def _reference_challenge(
    u: FloatArray, s: FloatArray, c: FloatArray, i: int, j: int, rule: str, commit: str
) -> tuple[float, float]:
    """SMPState::probEduChlg(i, i, i, j): i's chance against j and i's expected gain."""
    w = s * c
    principal_votes = _reference_vote(
        rule, np.array([w[i], w[j]]), np.array([u[i, i] - u[i, j], u[j, i] - u[j, j]])
    )
    base_i = _MIN_CHALLENGE_COALITION + np.maximum(principal_votes, 0).sum()
    base_j = _MIN_CHALLENGE_COALITION + np.maximum(-principal_votes, 0).sum()
    third = np.array([n for n in range(len(s)) if n not in (i, j)], dtype=np.int64)
    uni, unj, unn = u[third, i], u[third, j], u[third, third]
    alone = _reference_vote(rule, w[third], uni - unj)
    p_in = (base_i + np.maximum(alone, 0)) / (base_i + base_j + np.abs(alone))
    p_jn = 1 - p_in
    if commit == "semi":
        gap = p_in * (2 * uni + unn) + p_jn * 3 * unj - (p_in * 3 * uni + p_jn * (2 * unj + unn))
    else:  # full and no commitment make joining either side worth the same
        gap = np.zeros(len(third))
    votes = _reference_vote(rule, w[third], gap)
    for_i = base_i + np.maximum(votes, 0).sum()
    for_j = base_j + np.maximum(-votes, 0).sum()
    p_ij = float(for_i / (for_i + for_j))
    victory = 2 * u[i, i]
    contest = p_ij * victory + (1 - p_ij) * 2 * u[i, j]
    challenge = (1 - s[j]) * victory + s[j] * contest
    return p_ij, float(challenge - (u[i, i] + u[i, j]))


def _reference_interpolate(
    ti: float, si: float, pi: float, tj: float, sj: float, pj: float, method: str
) -> tuple[float, float]:
    if method == "s2pmax":
        di, dj = max(pj - pi, 0.0), max(pi - pj, 0.0)
        shift_i = di * sj**2 / (di * sj**2 + _MIN_BARGAIN_WEIGHT + (1 - di) * si**2)
        shift_j = dj * si**2 / (dj * si**2 + _MIN_BARGAIN_WEIGHT + (1 - dj) * sj**2)
        return ti + shift_i * (tj - ti), tj + shift_j * (ti - tj)
    power = 1 if method == "s1p1" else 2
    wi, wj = (si * pi) ** power, (sj * pj) ** power
    total = wi + _MIN_BARGAIN_WEIGHT + wj
    bi = ((wi + _MIN_BARGAIN_WEIGHT) * ti + wj * tj) / total
    bj = (wi * ti + (_MIN_BARGAIN_WEIGHT + wj) * tj) / total
    return (
        float(np.floor(0.5 + bi * _BARGAIN_ROUNDING) / _BARGAIN_ROUNDING),
        float(np.floor(0.5 + bj * _BARGAIN_ROUNDING) / _BARGAIN_ROUNDING),
    )


def _reference_first_best(values: FloatArray) -> int:
    top = float(np.max(values))
    return int(np.flatnonzero(values >= top - _TIE * max(1.0, abs(top)))[0])


def _reference_round(
    z: FloatArray,
    sal: FloatArray,
    s: FloatArray,
    c: FloatArray,
    weights: FloatArray,
    risk: FloatArray,
    settings: dict[str, Any],
) -> FloatArray:
    """One round of SMPState::doBCN (actor queues), one actor at a time.

    ``z`` and ``sal`` have one column per dimension; returns the new positions, same shape.
    """
    n, dims = z.shape
    distance = _reference_distances(z, sal, z)
    own = _reference_utility(distance, risk[:, None])
    bargains: list[tuple[int, int, FloatArray, FloatArray]] = []  # (initiator, target, b_i, b_j)
    for i in range(n):
        estimates = _reference_estimated_risk(risk[i], risk, settings["risk_adjustment"])
        view = _reference_utility(distance, estimates[:, None])
        gains = np.full(n, -np.inf)
        chances = np.zeros(n)
        for j in range(n):
            if j != i:
                chances[j], gains[j] = _reference_challenge(
                    view, s, c, i, j, settings["voting_rule"], settings["third_party_commit"]
                )
        j = _reference_first_best(gains)
        if gains[j] > _MIN_GAIN:
            p = chances[j]
            pairs = [
                _reference_interpolate(
                    z[i, k], sal[i, k], p, z[j, k], sal[j, k], 1 - p, settings["interpolation"]
                )
                for k in range(dims)
            ]
            bargains.append(
                (i, j, np.array([b[0] for b in pairs]), np.array([b[1] for b in pairs]))
            )
    new_z = np.empty_like(z)
    for k in range(n):
        columns = [own.sum(axis=1) / n]
        moves = [z[k]]
        for i, j, b_i, b_j in bargains:
            if k not in (i, j):
                continue
            after = z.copy()
            after[i], after[j] = b_i, b_j
            # each voter's utility of the state: the mean over the positions in it
            reach = _reference_distances(z, sal, after)
            columns.append(_reference_utility(reach, risk[:, None]).sum(axis=1) / n)
            moves.append(b_i if i == k else b_j)
        p, _ = _reference_pce(
            np.column_stack(columns),
            weights,
            settings["voting_rule"],
            settings["victory_model"],
            settings["pce_model"],
        )
        new_z[k] = moves[_reference_first_best(p)]
    return new_z


def _reference_forecast(
    z: FloatArray, risk: FloatArray, weights: FloatArray, settings: dict[str, Any]
) -> tuple[float, FloatArray, FloatArray, IntArray]:
    options, holds = _group_options(z, weights > 0, _SAME_POSITION)
    utilities = _reference_utility(np.abs(z[:, None] - options[None, :]), risk[:, None])
    p, _ = _reference_pce(
        utilities,
        weights,
        settings["voting_rule"],
        settings["victory_model"],
        settings["pce_model"],
    )
    return _summarise(options, p, settings["forecast"]), options, p, holds


def _reference_run(
    z0: FloatArray,
    s: FloatArray,
    c: FloatArray,
    weights: FloatArray,
    settings: dict[str, Any],
    max_rounds: int,
    tolerance: float,
) -> tuple[FloatArray, FloatArray, FloatArray, int, int]:
    history = [z0.copy()]
    forecasts: list[float] = []
    risks: list[FloatArray] = []
    first_step = 0.0
    status, cycle_length = UNSETTLED, 0
    sal = s[:, None]
    for rnd in range(max_rounds):
        z = history[-1]
        risk = _reference_risk_attitudes(
            _reference_distances(z[:, None], sal, z[:, None]), weights, settings
        )
        risks.append(risk)
        forecasts.append(_reference_forecast(z, risk, weights, settings)[0])
        new_z = _reference_round(z[:, None], sal, s, c, weights, risk, settings)[:, 0]
        step = float(np.abs(new_z - z).sum())
        history.append(new_z)
        if rnd == 0:
            first_step = step + _MIN_FIRST_STEP
        repeats = [
            t
            for t in range(len(history) - 3, -1, -1)
            if np.max(np.abs(history[-1] - history[t])) <= _SAME_STATE
        ]
        if step == 0.0 or (len(history) - 1 >= _MIN_ROUNDS and step / first_step < tolerance):
            status = SETTLED
        elif repeats:
            status, cycle_length = CYCLE, len(history) - 1 - repeats[0]
        if status != UNSETTLED or rnd == max_rounds - 1:
            risk = _reference_risk_attitudes(
                _reference_distances(new_z[:, None], sal, new_z[:, None]), weights, settings
            )
            risks.append(risk)
            forecasts.append(_reference_forecast(new_z, risk, weights, settings)[0])
            break
    return np.array(history), np.array(forecasts), np.array(risks), status, cycle_length


# --------------------------------------------------------------------------------------------
# Public functions


def _summarise(options: FloatArray, p: FloatArray, rule: str) -> float:
    """The forecast from a distribution over options: its mean, or its most probable option."""
    if rule == "most_probable":
        top = float(p.max())
        tied = p >= top - _TIE * max(1.0, top)
        return float(options[tied].mean())
    return float(np.sum(p * options))


def _check_choice(name: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise BargainingError(f"unknown {name} {value!r}; choose one of {', '.join(choices)}")


def _code(value: str, choices: Sequence[str], name: str) -> int:
    _check_choice(name, value, choices)
    return list(choices).index(value)


def probabilistic_condorcet(
    positions: ArrayLike,
    saliences: ArrayLike,
    capabilities: ArrayLike,
    scale: Sequence[float] = (0.0, 100.0),
    *,
    voting_rule: VotingRule = "proportional",
    victory_model: VictoryModel = "linear",
    model: PceModel = "conditional",
    forecast: ForecastRule = "expected",
    engine: Engine = "compiled",
) -> PceResult:
    """KTAB's probabilistic Condorcet election over the actors' positions (one issue).

    The options are the distinct positions of actors with weight w = capability x salience
    above zero (see :class:`PceResult` for shared positions). Actor k's utility of option a
    falls linearly with distance, u_k(a) = 1 - |x_k - a| / range. In the contest of a against
    b, k votes v_k = w_k f(u_k(a) - u_k(b)) with f the ``voting_rule`` (Model::vote;
    ``"proportional"`` is f(g) = g); the coalition for a over b is
    C(a, b) = 1e-8 + sum_k max(v_k, 0) (Model::coalitions). With ``victory_model``
    ``"linear"`` (KTAB's default) a beats b with probability C(a,b) / (C(a,b) + C(b,a));
    ``"square"``, ``"quartic"``, ``"octic"`` raise both strengths to 2, 4, 8 first, and
    ``"binary"`` lets a 10% advantage win outright (Model::vProb). The option probabilities
    follow ``model``: ``"conditional"`` (KTAB's default, Model::condPCE) takes P(a) in
    proportion to the product over b of P(a beats b), the chance that a beats every rival
    given that some option does; ``"markov_incentive"`` and ``"markov_uniform"`` are the
    stationary distributions of KTAB's Markov challenge processes.

    KTAB reports the distribution itself; as one number, ``forecast="expected"`` (default)
    gives its mean position and ``"most_probable"`` the most probable option (the mean of
    the options tied for it). KTAB lets the caller choose the voting weights of
    ``Model::scalarPCE``; here they are capability times salience, as in our other models,
    so an actor with zero salience or capability has no influence.
    """
    x, s, c, (low, high) = check_actors(positions, saliences, capabilities, scale)
    codes = (
        _code(voting_rule, VOTING_RULES, "voting_rule"),
        _code(victory_model, VICTORY_MODELS, "victory_model"),
        _code(model, PCE_MODELS, "model"),
    )
    _check_choice("forecast", forecast, FORECAST_RULES)
    _check_choice("engine", engine, ENGINES)
    span = high - low
    z = (x - low) / span
    weights = c * s
    options, holds = _group_options(z, weights > 0.0, _SAME_POSITION)
    utilities = 1.0 - np.abs(z[:, None] - options[None, :])
    if engine == "compiled":
        p, victory = _pce(utilities, weights, *codes)
    else:
        p, victory = _reference_pce(utilities, weights, voting_rule, victory_model, model)
    return PceResult(
        forecast=low + span * _summarise(options, p, forecast),
        options=(low + span * options).tolist(),
        probabilities=p.tolist(),
        actor_options=holds.tolist(),
        victory=victory.tolist(),
        parameters={
            "voting_rule": voting_rule,
            "victory_model": victory_model,
            "model": model,
            "forecast": forecast,
            "weights": "capability x salience",
            "utility": "linear in distance",
            "same_position": _SAME_POSITION,
        },
    )


def spatial_model_of_politics(
    positions: ArrayLike,
    saliences: ArrayLike,
    capabilities: ArrayLike,
    scale: Sequence[float] = (0.0, 100.0),
    *,
    max_rounds: int = 100,
    tolerance: float = 0.02,
    voting_rule: VotingRule = "proportional",
    victory_model: VictoryModel = "linear",
    model: PceModel = "conditional",
    risk_range: RiskRange = "mid",
    risk_adjustment: RiskAdjustment = "one_third",
    third_party_commit: ThirdPartyCommit = "semi",
    interpolation: BargainInterpolation = "s2p2",
    coalition_weight: CoalitionWeight = "capability",
    forecast: ForecastRule = "expected",
    engine: Engine = "compiled",
) -> SmpResult:
    """KTAB's Spatial Model of Politics on one issue (deterministic, actor queues).

    Positions are divided by the range (d = distance on [0, 1]). Each round (SMPState::doBCN):

    1. **Risk attitudes** (setAllAUtil): a risk-neutral PCE (utility 1 - d) over every
       actor's position, voters weighted by ``coalition_weight`` (KTAB: capability), gives
       probabilities p; actor i's risk attitude is R_i = (3 p_i - (p_max + 2 p_min)) /
       (2 (p_max - p_min)) in [-1/2, 1] (``risk_range="mid"``; ``"min"`` maps to [0, 1],
       ``"max"`` to [-1, 1]). Utility is then u_i(y) = (1 - d)(1 + d R_i). Actor h judges i
       with R_hi = (2 R_h + R_i) / 3 (``risk_adjustment="one_third"``).
    2. **Challenges** (probEduChlg, bestChallenge): from its own view, i weighs challenging each
       j. The principals vote salience x capability; each third party n votes the difference
       between joining i and joining j in a little three-actor contest (``third_party_commit``
       ``"semi"``: a winning ally keeps its position; with ``"full"`` or ``"none"`` the two
       sides are worth the same and third parties abstain, as in KTAB). P = C_i / (C_i + C_j)
       and i's expected gain is (1 - s_j) 2u_i(x_i) + s_j [P 2u_i(x_i) + (1 - P) 2u_i(x_j)]
       - u_i(x_i) - u_i(x_j). Actor i challenges the j with the largest gain above 1e-5.
    3. **Bargain** (interpolateBrgn, InitOnlyInterp): i proposes that both move to
       (w_i x_i + w_j x_j) / (w_i + w_j) with w_i = s_i^2 P^2, w_j = s_j^2 (1 - P)^2
       (``interpolation="s2p2"``; ``"s1p1"`` drops the squares, ``"s2pmax"`` is KTAB's third
       rule), rounded to 4 decimals of [0, 1] as KTAB does. The bargain goes into the queues
       of i and of j.
    4. **Resolution** (queueUpdatePstn): each actor k holds a PCE over the states its queue
       would bring about (its status quo and each bargain; a state's utility to a voter is
       the mean utility of all positions in it), voters weighted by ``coalition_weight``, and
       takes its position in the most probable one.

    The run stops (smpStopFn) when, after at least 2 rounds, a round's total movement
    sum_i |x_i(t) - x_i(t-1)| falls below ``tolerance`` (0.02) times that of the first round
    (plus 1e-4): "settled"; when no actor moves ("settled"); when the positions repeat an
    earlier round exactly ("cycle"); or after ``max_rounds`` ("unsettled", forecast = the
    final state's). A state's forecast is a PCE over its distinct positions, each actor
    with its own risk-aware utility (SMPState::pDist), summarised by ``forecast``
    (``"expected"``: probability-weighted mean; ``"most_probable"``). The choices named
    here, apart from ``coalition_weight="capability_salience"``, are KTAB's; the module
    docstring lists what we simplified.
    """
    x, s, c, (low, high) = check_actors(positions, saliences, capabilities, scale)
    if max_rounds < 1:
        raise BargainingError(f"max_rounds must be at least 1, got {max_rounds}")
    if not tolerance >= 0:
        raise BargainingError(f"tolerance must be non-negative, got {tolerance}")
    settings: dict[str, Any] = {
        "voting_rule": voting_rule,
        "victory_model": victory_model,
        "pce_model": model,
        "risk_range": risk_range,
        "risk_adjustment": risk_adjustment,
        "third_party_commit": third_party_commit,
        "interpolation": interpolation,
        "forecast": forecast,
    }
    codes = np.array(
        [
            _code(voting_rule, VOTING_RULES, "voting_rule"),
            _code(victory_model, VICTORY_MODELS, "victory_model"),
            _code(model, PCE_MODELS, "model"),
            _code(risk_range, RISK_RANGES, "risk_range"),
            _code(risk_adjustment, RISK_ADJUSTMENTS, "risk_adjustment"),
            _code(third_party_commit, THIRD_PARTY_COMMITS, "third_party_commit"),
            _code(interpolation, BARGAIN_INTERPOLATIONS, "interpolation"),
            _code(forecast, FORECAST_RULES, "forecast"),
        ],
        dtype=np.int64,
    )
    _check_choice("coalition_weight", coalition_weight, COALITION_WEIGHTS)
    _check_choice("engine", engine, ENGINES)
    weights = c.copy() if coalition_weight == "capability" else c * s
    span = high - low
    z0 = (x - low) / span
    if engine == "compiled":
        n = len(z0)
        history = np.empty((max_rounds + 1, n))
        forecasts = np.empty(max_rounds + 1)
        risks = np.empty((max_rounds + 1, n))
        played, status, cycle_length = _run(
            z0, s, c, weights, codes, max_rounds, float(tolerance), history, forecasts, risks
        )
        history, forecasts, risks = (
            history[: played + 1],
            forecasts[: played + 1],
            risks[: played + 1],
        )
    else:
        history, forecasts, risks, status, cycle_length = _reference_run(
            z0, s, c, weights, settings, max_rounds, float(tolerance)
        )
    if engine == "compiled":
        _, p, holds = _state_probabilities(history[-1], risks[-1], weights, codes)
    else:
        _, _, p, holds = _reference_forecast(history[-1], risks[-1], weights, settings)
    actor_probabilities = [float(p[k]) if k >= 0 else 0.0 for k in holds]
    value = float(forecasts[-cycle_length:].mean()) if status == CYCLE else float(forecasts[-1])
    return SmpResult(
        forecast=low + span * value,
        rounds=(low + span * history).tolist(),
        round_forecasts=(low + span * forecasts).tolist(),
        probabilities=actor_probabilities,
        risk_attitudes=risks[-1].tolist(),
        status=SMP_STATUSES[status],
        cycle_length=int(cycle_length),
        parameters={
            **settings,
            "max_rounds": max_rounds,
            "tolerance": tolerance,
            "coalition_weight": coalition_weight,
            "state_transitions": "deterministic (ties to the lowest index)",
            "bargain_model": "initiator interpolates (InitOnlyInterp)",
            "bargain_resolution": "actor queues",
        },
    )
