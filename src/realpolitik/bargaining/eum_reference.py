"""Expected Utility Model, reference implementation: plain loops, one actor pair at a time.

This is the oracle that the fast kernel in :mod:`realpolitik.bargaining.eum` must match to
1e-9. It follows Scholz, Calbert & Smith (2011), "Unravelling Bueno de Mesquita's group
decision model", Journal of Theoretical Politics 23(4), which replicates Bueno de Mesquita
(1994, in Bueno de Mesquita & Stokman eds., *European Community Decision Making*; and 2002).
Where the paper is open, the reading is a named field of
:class:`~realpolitik.bargaining.options.EumOptions`. The formulas below were reconstructed from
public descriptions and re-implementations of the paper (its full text was not at hand); the
replication of the EC case in ``docs/bargaining.md`` is their check.

Notation. Actor i holds position x_i on the scale [low, high], salience s_i in [0, 1] and
capability c_i >= 0; w_i = c_i s_i. Distances are divided by the scale's range, so
d_ij = |x_i - x_j| / (high - low) lies in [0, 1]. mu is the round's forecast (the weighted
median position). Q is the probability that the status quo holds when i does not challenge
(Scholz et al. use Q = 1) and T the probability that a change without challenge favours i.

One round (the step numbers are ours):

1. mu = weighted median of the current positions, weights w (the round's forecast).
2. Votes. Third party k's vote for i against j is v_k(i, j) = w_k (|x_k - x_j| - |x_k - x_i|)
   / range: positive when k is closer to i (``vote_utility`` may raise the distances to the
   voter's risk exponent).
3. Probability that i prevails over j: P_ij = sum_k max(v_k(i, j), 0) / sum_k |v_k(i, j)|,
   summed over all actors k including i and j (0 when x_i = x_j; 1/2 when no one has a
   preference); ``probability_denominator`` may widen the denominator to every pair's votes.
4. Utilities for i of its contest with j, with risk exponent r (the perspective's):
   U_s = 2 - 4 (0.5 - 0.5 d_ij)^r (success), U_f = 2 - 4 (0.5 + 0.5 d_ij)^r (failure),
   U_sq = 2 - 4 (0.5)^r (status quo), U_b = 2 - 4 (0.5 - 0.25 (d_i,mu + d_ij))^r (things
   improve for i), U_w = 2 - 4 (0.5 + 0.25 (d_i,mu + d_ij))^r (things get worse).
5. Expected utility of i challenging j:
   E U_ij = s (P_ij U_s + (1 - P_ij) U_f) + (1 - s) U_s - Q U_sq - (1 - Q)(T U_b + (1 - T) U_w)
   where s is the salience of the one who may resist (``challenge_salience``).
6. With r = 1 for everyone, each actor's security level S_i (``security_level``), then
   R_i = (2 S_i - max_k S_k - min_k S_k) / (max_k S_k - min_k S_k) (0 when all are equal) and
   the risk exponent r_i = (1 - R_i / 3) / (1 + R_i / 3), which lies in [0.5, 2].
7. Each actor i recomputes, with its own r_i, its expected utility of challenging j, E^i U_ij,
   and its estimate of j's expected utility of challenging it, E^i U_ji.
8. Actor i places each pair in Bueno de Mesquita's quadrant chart (x = E^i U_ij,
   y = E^i U_ji): both positive is a conflict that the larger side wins; x > 0 >= y gives i the
   upper hand (compel, or j compromises); y > 0 >= x gives j the upper hand (i capitulates,
   or i compromises); neither positive is a stalemate. The borders inside the two mixed
   quadrants are ``compel_region`` and ``lower_hand_compromise``. A compromise moves the loser
   toward the winner by the fraction min(|x|, |y|) / max(|x|, |y|) of their distance.
9. Moves open to each actor come from its own reading of each pair or from the others' (the
   ``offer_view``); it takes one of them (``offer_choice``). All actors move at once. The
   ``scholz_code`` choice ranks compromises by their expected-utility-weighted point
   (:func:`compromise_anchor`), lowest first, which favours the low end of the scale.
10. Stop when the run has settled (no actor moved more than ``tolerance`` times the range:
    the positions stay where they are), or when it has entered a cycle (the positions after
    this round equal, within ``tolerance`` times the range for every actor, those after an
    earlier round: a round depends on nothing but the positions, so from then on the rounds
    in between repeat for ever), or after ``max_rounds`` rounds (unsettled).
    :func:`run_outcome` turns the medians of the run into its forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
)

_TIE_TOLERANCE = 1e-12


def weighted_median(positions: Sequence[float], weights: Sequence[float]) -> float:
    """Weighted median: midpoint of the lower and upper medians (step 1)."""
    pairs = sorted(zip(positions, weights, strict=True), key=lambda pair: pair[0])
    total = sum(weight for _, weight in pairs)
    half = 0.5 * total - _TIE_TOLERANCE * total
    running = 0.0
    lower = pairs[-1][0]
    for position, weight in pairs:
        running += weight
        if running >= half:
            lower = position
            break
    running = 0.0
    upper = pairs[0][0]
    for position, weight in reversed(pairs):
        running += weight
        if running >= half:
            upper = position
            break
    return 0.5 * (lower + upper)


def vote(
    k: int,
    i: int,
    j: int,
    x: Sequence[float],
    w: Sequence[float],
    span: float,
    exponent: float | None = None,
) -> float:
    """Step 2: actor k's capability- and salience-weighted vote for x_i over x_j.

    Linear: w_k (|x_k - x_j| - |x_k - x_i|) / range. With ``exponent`` (risk-adjusted votes,
    k's own r_k): w_k ((|x_k - x_j| / range)^r_k - (|x_k - x_i| / range)^r_k).
    """
    if exponent is None:
        return w[k] * (abs(x[k] - x[j]) - abs(x[k] - x[i])) / span
    return w[k] * (
        float((abs(x[k] - x[j]) / span) ** exponent) - float((abs(x[k] - x[i]) / span) ** exponent)
    )


def probability_of_success(
    i: int,
    j: int,
    x: Sequence[float],
    w: Sequence[float],
    span: float,
    exponents: Sequence[float] | None = None,
    all_votes: float | None = None,
) -> float:
    """Step 3: the probability that i prevails over j, from all actors' votes.

    The support (positive votes for i) is divided by the absolute votes on this pair, or by
    ``all_votes`` (every actor's absolute votes on every ordered pair) when given.
    """
    if x[i] == x[j]:
        return 0.0
    support = 0.0
    total = 0.0
    for k in range(len(x)):
        v = vote(k, i, j, x, w, span, None if exponents is None else exponents[k])
        support += max(v, 0.0)
        total += abs(v)
    if all_votes is not None:
        total = all_votes
    if total == 0.0:
        return 0.5
    return support / total


def probabilities(
    x: Sequence[float],
    w: Sequence[float],
    span: float,
    options: EumOptions,
    exponents: Sequence[float],
) -> list[list[float]]:
    """Step 3 for every ordered pair; ``exponents`` matter only for risk-adjusted votes."""
    n = len(x)
    voter_exponents = None if options.vote_utility == "linear" else exponents
    all_votes = None
    if options.probability_denominator == "all_pairs":
        # A vote on (b, a) is minus the vote on (a, b): every ordered pair is twice the
        # unordered ones.
        unordered = 0.0
        for a in range(n):
            for b in range(a + 1, n):
                for k in range(n):
                    r = None if voter_exponents is None else voter_exponents[k]
                    unordered += abs(vote(k, a, b, x, w, span, r))
        all_votes = 2.0 * unordered
    return [
        [
            probability_of_success(i, j, x, w, span, voter_exponents, all_votes) if i != j else 0.0
            for j in range(n)
        ]
        for i in range(n)
    ]


def utility_success(distance: float, r: float) -> float:
    """Step 4: utility of prevailing over an actor at scaled distance ``distance``."""
    return 2.0 - 4.0 * float((0.5 - 0.5 * distance) ** r)


def utility_failure(distance: float, r: float) -> float:
    """Step 4: utility of losing to an actor at scaled distance ``distance``."""
    return 2.0 - 4.0 * float((0.5 + 0.5 * distance) ** r)


def utility_status_quo(r: float) -> float:
    """Step 4: utility of the status quo."""
    return 2.0 - 4.0 * float(0.5**r)


def utility_better(distance: float, distance_to_forecast: float, r: float) -> float:
    """Step 4: utility of an unchallenged change that favours the actor."""
    return 2.0 - 4.0 * float((0.5 - 0.25 * (distance_to_forecast + distance)) ** r)


def utility_worse(distance: float, distance_to_forecast: float, r: float) -> float:
    """Step 4: utility of an unchallenged change that goes against the actor."""
    return 2.0 - 4.0 * float((0.5 + 0.25 * (distance_to_forecast + distance)) ** r)


@dataclass(frozen=True)
class _Issue:
    """The fixed data of one issue during a round."""

    x: list[float]
    s: list[float]
    c: list[float]
    w: list[float]
    low: float
    span: float
    mu: float
    q: float
    t: float
    options: EumOptions


def expected_utility(issue: _Issue, challenger: int, target: int, r: float, p: float) -> float:
    """Step 5: expected utility of ``challenger`` challenging ``target`` with exponent r."""
    x = issue.x
    distance = abs(x[challenger] - x[target]) / issue.span
    to_forecast = abs(x[challenger] - issue.mu) / issue.span
    if issue.options.challenge_salience == "responder":
        resist = issue.s[target]
    else:
        resist = issue.s[challenger]
    success = utility_success(distance, r)
    failure = utility_failure(distance, r)
    contest = resist * (p * success + (1.0 - p) * failure) + (1.0 - resist) * success
    no_contest = issue.q * utility_status_quo(r) + (1.0 - issue.q) * (
        issue.t * utility_better(distance, to_forecast, r)
        + (1.0 - issue.t) * utility_worse(distance, to_forecast, r)
    )
    return contest - no_contest


def risk_exponents(
    issue: _Issue, probability: list[list[float]], options: EumOptions
) -> list[float]:
    """Step 6: every actor's risk exponent r_i from its security level (computed at r = 1)."""
    n = len(issue.x)
    security = []
    for i in range(n):
        level = 0.0
        for j in range(n):
            if j == i:
                continue
            if options.security_level == "challenges_received":
                level += expected_utility(issue, j, i, 1.0, probability[j][i])
            else:
                level += expected_utility(issue, i, j, 1.0, probability[i][j])
        security.append(level)
    highest, lowest = max(security), min(security)
    exponents = []
    for level in security:
        relative = 0.0 if highest == lowest else (2 * level - highest - lowest) / (highest - lowest)
        exponents.append((1.0 - relative / 3.0) / (1.0 + relative / 3.0))
    return exponents


def classify(gain_own: float, gain_other: float, options: EumOptions) -> tuple[int, float]:
    """Step 8: quadrant of a pair as i reads it, and the compromise fraction if any.

    ``gain_own`` is E^i U_ij and ``gain_other`` E^i U_ji. Returns the interaction code of
    :data:`~realpolitik.bargaining.results.INTERACTION_TYPES` and the fraction of the distance
    the loser moves in a compromise (0 otherwise).
    """
    if gain_own > 0.0 and gain_other > 0.0:
        return (CONFLICT_LOST, 0.0) if gain_other > gain_own else (CONFLICT_WON, 0.0)
    if gain_own <= 0.0 and gain_other <= 0.0:
        return STALEMATE, 0.0
    if gain_own > 0.0:
        winner_gain, loser_loss = gain_own, -gain_other
    else:
        winner_gain, loser_loss = gain_other, -gain_own
    fraction = min(winner_gain, loser_loss) / max(winner_gain, loser_loss)
    if options.compel_region == "gain_exceeds_loss":
        imposes, opposite = winner_gain > loser_loss, loser_loss > winner_gain
    else:
        imposes, opposite = loser_loss > winner_gain, winner_gain > loser_loss
    if gain_own > 0.0:
        return (COMPEL, 0.0) if imposes else (COMPROMISE_UPPER, fraction)
    if options.lower_hand_compromise == "reversed":
        imposes = opposite
    return (CAPITULATE, 0.0) if imposes else (COMPROMISE_LOWER, fraction)


def compromise_anchor(
    own: float, other: float, own_position: float, other_position: float
) -> float:
    """The expected-utility-weighted point between a pair, used by ``scholz_code``.

    (|E^i U_ij| x_i + |E^i U_ji| x_j) / (|E^i U_ij| + |E^i U_ji|), the point that, according to
    a public re-implementation of Scholz et al.'s code, their code ranks compromises by.
    """
    weight = abs(own) + abs(other)
    if weight == 0.0:
        return own_position
    return (abs(own) * own_position + abs(other) * other_position) / weight


def _choose(
    current: float, offers: list[tuple[int, float, float, float]], options: EumOptions
) -> float | None:
    """Step 9: pick one (kind, new position, counterpart capability, anchor) offer, or None.

    Kind 0 is a conflict, 1 a compromise, 2 a capitulation or compulsion; the anchor is the
    pair's :func:`compromise_anchor`. Ties go to the stronger counterpart, then to the lower
    position, so the choice never depends on the order of the actors.
    """
    if not offers:
        return None
    if options.offer_choice == "least_move":
        best = min(offers, key=lambda o: (abs(o[1] - current), -o[2], o[1]))
    elif options.offer_choice == "most_powerful":
        best = min(offers, key=lambda o: (-o[2], abs(o[1] - current), o[1]))
    elif options.offer_choice == "conflict_first":
        best = min(offers, key=lambda o: (o[0], abs(o[1] - current), -o[2], o[1]))
    else:
        best = min(
            offers,
            key=lambda o: (o[0], o[3] if o[0] == 1 else abs(o[1] - current), -o[2], o[1]),
        )
    return best[1]


@dataclass(frozen=True)
class RoundResult:
    """What one round produced: new positions, the interaction codes and the exponents."""

    positions: list[float]
    interactions: list[list[int]]
    risk: list[float]
    forecast_before: float


def eum_round(
    x: Sequence[float],
    s: Sequence[float],
    c: Sequence[float],
    scale: tuple[float, float],
    options: EumOptions,
    q: float = 1.0,
    t: float = 1.0,
) -> RoundResult:
    """Play one round of the model (steps 1-9) from positions ``x``."""
    n = len(x)
    low, high = scale
    w = [c[k] * s[k] for k in range(n)]
    mu = weighted_median(x, w)
    issue = _Issue(list(x), list(s), list(c), w, low, high - low, mu, q, t, options)
    probability = probabilities(issue.x, w, issue.span, options, [1.0] * n)
    risk = risk_exponents(issue, probability, options)
    if options.vote_utility == "risk_adjusted":
        probability = probabilities(issue.x, w, issue.span, options, risk)
    codes = [[NONE] * n for _ in range(n)]
    fractions = [[0.0] * n for _ in range(n)]
    anchors = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i == j or x[i] == x[j]:
                continue
            own = expected_utility(issue, i, j, risk[i], probability[i][j])
            other = expected_utility(issue, j, i, risk[i], probability[j][i])
            codes[i][j], fractions[i][j] = classify(own, other, options)
            anchors[i][j] = compromise_anchor(own, other, x[i], x[j])
    new_positions = []
    for i in range(n):
        offers: list[tuple[int, float, float, float]] = []
        for j in range(n):
            if options.offer_view == "receiver":
                code, fraction, anchor = codes[i][j], fractions[i][j], anchors[i][j]
                conflict, partial, full = CONFLICT_LOST, COMPROMISE_LOWER, CAPITULATE
            else:
                code, fraction, anchor = codes[j][i], fractions[j][i], anchors[j][i]
                conflict, partial, full = CONFLICT_WON, COMPROMISE_UPPER, COMPEL
            if code == conflict:
                offers.append((0, x[j], c[j], anchor))
            elif code == partial:
                offers.append((1, x[i] + fraction * (x[j] - x[i]), c[j], anchor))
            elif code == full:
                offers.append((2, x[j], c[j], anchor))
        choice = _choose(x[i], offers, options)
        new_positions.append(x[i] if choice is None else choice)
    return RoundResult(new_positions, codes, risk, mu)


def repeated_round(rounds: Sequence[Sequence[float]], limit: float) -> int | None:
    """Step 10: the latest earlier round whose positions the last one repeats, or None.

    ``rounds[t]`` are the positions after round t (``rounds[0]`` the start); a repeat is a
    difference of at most ``limit`` for every actor. The round just before the last is not
    searched: a repeat of it is a settled run, not a cycle.
    """
    last = rounds[-1]
    for earlier in range(len(rounds) - 3, -1, -1):
        if all(abs(a - b) <= limit for a, b in zip(last, rounds[earlier], strict=True)):
            return earlier
    return None


def run_outcome(
    round_forecasts: Sequence[float], status: int, cycle_length: int
) -> tuple[float, float, float]:
    """Step 10: a run's forecast and the lowest and highest median it rests on.

    ``round_forecasts[t]`` is the median after round t. Settled: the last median. Cycle: the
    mean of the last ``cycle_length`` medians (one full period). Unsettled: the mean of the
    medians over the last half of the rounds played (rounded up), which depends on the cap.
    """
    played = len(round_forecasts) - 1
    if status == SETTLED:
        window = list(round_forecasts[-1:])
    elif status == CYCLE:
        window = list(round_forecasts[-cycle_length:])
    else:
        window = list(round_forecasts[1 + played // 2 :])
    return sum(window) / len(window), min(window), max(window)


@dataclass(frozen=True)
class ReferenceRun:
    """Positions after each round (index 0 = start), forecasts, interaction codes, outcome.

    ``status`` is an index into :data:`~realpolitik.bargaining.results.RUN_STATUSES`;
    ``forecast``, ``cycle_low`` and ``cycle_high`` come from :func:`run_outcome`.
    """

    rounds: list[list[float]]
    round_forecasts: list[float]
    interactions: list[list[list[int]]]
    status: int
    cycle_length: int
    forecast: float
    cycle_low: float
    cycle_high: float

    @property
    def status_name(self) -> str:
        """The status in words (``"settled"``, ``"cycle"`` or ``"unsettled"``)."""
        return RUN_STATUSES[self.status]


def run_eum_reference(
    positions: Sequence[float],
    saliences: Sequence[float],
    capabilities: Sequence[float],
    scale: tuple[float, float],
    options: EumOptions | None = None,
    max_rounds: int = 100,
    tolerance: float = 1e-12,
    q: float = 1.0,
    t: float = 1.0,
) -> ReferenceRun:
    """Run the model round after round (step 10); inputs are trusted (validated upstream)."""
    options = options or EumOptions()
    w = [capabilities[k] * saliences[k] for k in range(len(positions))]
    x = [float(value) for value in positions]
    rounds = [list(x)]
    forecasts = [weighted_median(x, w)]
    interactions = []
    limit = tolerance * (scale[1] - scale[0])
    status, cycle_length = UNSETTLED, 0
    for _ in range(max_rounds):
        result = eum_round(x, saliences, capabilities, scale, options, q, t)
        interactions.append(result.interactions)
        moved = max(abs(new - old) for new, old in zip(result.positions, x, strict=True))
        x = result.positions
        rounds.append(list(x))
        forecasts.append(weighted_median(x, w))
        if moved <= limit:
            status = SETTLED
            break
        earlier = repeated_round(rounds, limit)
        if earlier is not None:
            status, cycle_length = CYCLE, len(rounds) - 1 - earlier
            break
    forecast, low, high = run_outcome(forecasts, status, cycle_length)
    return ReferenceRun(rounds, forecasts, interactions, status, cycle_length, forecast, low, high)
