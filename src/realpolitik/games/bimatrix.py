"""Every extreme Nash equilibrium of a two-player table, exactly and fast: the solver that the
payoff sweep and the threshold search use for mixed equilibria of small tables, which they ask
of a thousand tables a run.

Method (Mangasarian 1964; Avis, Rosenberg, Savani & von Stengel, "Enumeration of Nash
equilibria for two-player games", Economic Theory 42, 2010, section 3). Make each player's
payoffs positive (adding a constant to one player's payoffs changes no best response): A for
the row player, B for the column player, both m x n. The extreme equilibria are then the pairs
of nonzero vertices x of P = {x >= 0 : B^T x <= 1} and y of Q = {y >= 0 : A y <= 1} that are
completely labelled (every row played with positive probability is a best response to y, that
is its inequality of Q is tight at y, and every column played is a best response to x), each
scaled to sum to one. A nonzero vertex y of Q with support J solves A[I, J] y_J = 1 for some
square nonsingular A[I, J] whose rows I are tight at y; so solving every square system of
equal-size row and column sets, and keeping the solutions that are positive on J and satisfy
every inequality, lists every vertex, in degenerate games too (a vertex on more facets than its
dimension is met once per basis and kept once). Each vertex is known by its support and its
set of tight inequalities, and two vertices form an equilibrium when each support lies within
the other's tight set. A table with m rows and n columns has C(m + n, m) - 1 such systems per
polytope.

All of it is exact. The payoffs enter as the fractions of their shortest decimal forms (as
Gambit receives them, :func:`~realpolitik.games.to_gambit.exact`), are scaled to whole numbers,
and each system is solved by Cramer's rule in Python integers, so every sign and every tie is
decided without rounding. The answer is the set of profiles that Gambit's ``enummixed_solve``
(rational) lists, which finds the same vertex pairs by a lexicographic reverse search: Gambit is
the reference, and the tests compare the two on random tables with tied payoffs. Only the order
differs (Gambit's follows its search), and Gambit sometimes lists an equilibrium twice on a
tied table (its readers keep one); :func:`draw_summary` therefore answers only when its
floating-point sums cannot depend on that order. Tables with more than :data:`MAX_SYSTEMS`
systems per polytope are left to Gambit (its search visits vertices only, not every basis).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction

from realpolitik.games.model import NormalGame
from realpolitik.games.solve import mixed_nash_outcomes
from realpolitik.games.to_gambit import exact

__all__ = [
    "MAX_SYSTEMS",
    "Profile",
    "draw_summary",
    "extreme_equilibria",
    "nash_outcomes",
    "payoff_matrices",
    "systems",
    "table_equilibria",
]

#: Largest number of square systems per polytope (C(m + n, m) - 1) solved here; larger tables
#: go to Gambit. The count grows quickly with the table; up to this limit the enumeration was
#: measured faster than Gambit's exact solver (on a busy machine: 5 x 3, 55 systems, 1.2 ms
#: against 18.7 ms; 6 x 6, 923 systems, 98 ms against 168 ms).
MAX_SYSTEMS = 1000

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]
"""A mixed profile: the row player's probabilities, then the column player's."""

# A vertex of a best-response polytope: the columns it uses (bit mask), the rows tight at it
# (bit mask), and its coordinates on its support up to a common positive factor.
_Vertex = tuple[int, int, tuple[int, ...]]


def payoff_matrices(game: NormalGame) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
    """The payoffs of a two-player table as exact fractions: the row player's A and the column
    player's B, each indexed [row strategy][column strategy] in the game's strategy order."""
    row_player, column_player = game.players
    rows = {s: i for i, s in enumerate(game.strategies[row_player])}
    columns = {s: j for j, s in enumerate(game.strategies[column_player])}
    zero = Fraction(0)
    a = [[zero] * len(columns) for _ in rows]
    b = [[zero] * len(columns) for _ in rows]
    for cell in game.cells:
        i, j = rows[cell.profile[row_player]], columns[cell.profile[column_player]]
        a[i][j] = exact(cell.payoffs[row_player].value)
        b[i][j] = exact(cell.payoffs[column_player].value)
    return a, b


def _whole(matrix: Sequence[Sequence[Fraction]]) -> list[list[int]]:
    # The same best responses in positive whole numbers: scaled by the common denominator and
    # shifted so that the least payoff becomes 1.
    scale = math.lcm(*(v.denominator for row in matrix for v in row))
    whole = [[v.numerator * (scale // v.denominator) for v in row] for row in matrix]
    low = min(min(row) for row in whole)
    return [[v - low + 1 for v in row] for row in whole]


def _solve(square: Sequence[Sequence[int]]) -> tuple[int, list[int]]:
    """Determinant d of ``square`` and the numerators u with square @ (u / d) = (1, ..., 1)
    (Cramer's rule: u_k is the determinant with column k replaced by ones)."""
    size = len(square)
    if size == 1:
        return square[0][0], [1]
    if size == 2:
        (a, b), (c, d) = square
        return a * d - b * c, [d - b, a - c]
    if size == 3:
        (a, b, c), (d, e, f), (g, h, i) = square
        ei_fh, di_fg, dh_eg = e * i - f * h, d * i - f * g, d * h - e * g
        det = a * ei_fh - b * di_fg + c * dh_eg
        return det, [
            ei_fh - b * (i - f) + c * (h - e),
            a * (i - f) - di_fg + c * (d - g),
            a * (e - h) - b * (d - g) + dh_eg,
        ]
    det = _determinant(square)
    numerators = []
    for k in range(size):
        replaced = [[1 if c == k else v for c, v in enumerate(row)] for row in square]
        numerators.append(_determinant(replaced))
    return det, numerators


def _determinant(square: Sequence[Sequence[int]]) -> int:
    # Fraction-free Gaussian elimination (Bareiss 1968): every division is exact.
    rows = [list(row) for row in square]
    size = len(rows)
    sign, previous = 1, 1
    for k in range(size - 1):
        if rows[k][k] == 0:
            swap = next((r for r in range(k + 1, size) if rows[r][k] != 0), None)
            if swap is None:
                return 0
            rows[k], rows[swap] = rows[swap], rows[k]
            sign = -sign
        pivot = rows[k][k]
        for r in range(k + 1, size):
            for c in range(k + 1, size):
                rows[r][c] = (rows[r][c] * pivot - rows[r][k] * rows[k][c]) // previous
        previous = pivot
    return sign * rows[-1][-1]


def _vertices(matrix: Sequence[Sequence[int]]) -> list[_Vertex]:
    """Every nonzero vertex of {z >= 0 : matrix @ z <= 1} (positive whole-number matrix)."""
    n_rows, n_columns = len(matrix), len(matrix[0])
    found: list[_Vertex] = []
    for c in range(n_columns):
        # One column alone: z_c = 1 / (its largest entry), tight at the rows holding it.
        column = [row[c] for row in matrix]
        largest = max(column)
        tight = sum(1 << r for r, v in enumerate(column) if v == largest)
        found.append((1 << c, tight, (1,)))
    for size in range(2, min(n_rows, n_columns) + 1):
        for columns in itertools.combinations(range(n_columns), size):
            support = sum(1 << c for c in columns)
            restricted = [[row[c] for c in columns] for row in matrix]
            for tight, numerators in _vertices_on(restricted, size):
                found.append((support, tight, numerators))
    return found


def _vertices_on(restricted: list[list[int]], size: int) -> list[tuple[int, tuple[int, ...]]]:
    """The vertices whose support is exactly the ``size`` columns of ``restricted`` (the
    matrix cut to those columns): each as its tight rows and its numerators."""
    found: list[tuple[int, tuple[int, ...]]] = []
    tight_sets: list[int] = []
    for chosen in itertools.combinations(range(len(restricted)), size):
        mask = 0
        for r in chosen:
            mask |= 1 << r
        # Rows tight at a vertex already found on these columns give that vertex again.
        if any(mask & ~tight == 0 for tight in tight_sets):
            continue
        det, numerators = _solve([restricted[r] for r in chosen])
        if det == 0:
            continue
        if det < 0:
            det, numerators = -det, [-u for u in numerators]
        if min(numerators) <= 0:
            continue
        tight = 0
        r = 0
        if size == 2:
            u0, u1 = numerators
            for v0, v1 in restricted:
                total = v0 * u0 + v1 * u1
                if total > det:
                    break
                if total == det:
                    tight |= 1 << r
                r += 1
        elif size == 3:
            u0, u1, u2 = numerators
            for v0, v1, v2 in restricted:
                total = v0 * u0 + v1 * u1 + v2 * u2
                if total > det:
                    break
                if total == det:
                    tight |= 1 << r
                r += 1
        else:
            for row in restricted:
                total = sum(v * u for v, u in zip(row, numerators, strict=True))
                if total > det:
                    break
                if total == det:
                    tight |= 1 << r
                r += 1
        if r == len(restricted):
            tight_sets.append(tight)
            found.append((tight, tuple(numerators)))
    return found


def _spread(size: int, support: int, numerators: tuple[int, ...]) -> tuple[Fraction, ...]:
    total = sum(numerators)
    values = iter(numerators)
    return tuple(
        Fraction(next(values), total) if support >> k & 1 else Fraction(0) for k in range(size)
    )


def systems(n_rows: int, n_columns: int) -> int:
    """Square systems solved per polytope for an ``n_rows`` x ``n_columns`` table."""
    return math.comb(n_rows + n_columns, n_rows) - 1


def extreme_equilibria(
    a: Sequence[Sequence[Fraction]], b: Sequence[Sequence[Fraction]]
) -> list[Profile]:
    """Every extreme Nash equilibrium of the bimatrix game (``a``, ``b``) (module docstring),
    exactly: ``a[i][j]`` and ``b[i][j]`` are the row and column player's payoffs when the row
    player plays i and the column player j. The list holds each equilibrium once, ordered by
    the row player's vertex and then the column player's (not Gambit's order)."""
    n_rows, n_columns = len(a), len(a[0])
    rows_of_q = _whole(a)  # Q: the column player's strategy y, one inequality per row
    whole_b = _whole(b)
    rows_of_p = [[whole_b[i][j] for i in range(n_rows)] for j in range(n_columns)]
    column_vertices = _vertices(rows_of_q)  # (support in columns, tight rows)
    row_vertices = _vertices(rows_of_p)  # (support in rows, tight columns)
    found: list[Profile] = []
    for x_support, x_tight, x_numerators in row_vertices:
        x: tuple[Fraction, ...] | None = None
        for y_support, y_tight, y_numerators in column_vertices:
            if x_support & ~y_tight or y_support & ~x_tight:
                continue
            if x is None:
                x = _spread(n_rows, x_support, x_numerators)
            found.append((x, _spread(n_columns, y_support, y_numerators)))
    return found


def table_equilibria(game: NormalGame) -> list[Profile] | None:
    """:func:`extreme_equilibria` of a two-player table, or None when the table has more
    than :data:`MAX_SYSTEMS` systems per polytope (then ask Gambit; setting it to 0 sends every
    table there, which the benchmark uses as its reference)."""
    if len(game.players) != 2:
        return None
    n_rows, n_columns = (len(game.strategies[p]) for p in game.players)
    if systems(n_rows, n_columns) > MAX_SYSTEMS:
        return None
    return extreme_equilibria(*payoff_matrices(game))


def _outcome_probabilities(game: NormalGame, profile: Profile) -> dict[str, float]:
    # As Gambit's profiles are read (solve._table_equilibrium): each probability as the float
    # nearest the exact fraction, a cell's probability the product in player order.
    choices = {
        player: dict(zip(game.strategies[player], map(float, mixed), strict=True))
        for player, mixed in zip(game.players, profile, strict=True)
    }
    outcomes: dict[str, float] = {}
    for cell in game.cells:
        probability = 1.0
        for player in game.players:
            probability *= choices[player][cell.profile[player]]
        outcomes[game.outcome_id(cell.profile)] = probability
    return outcomes


def nash_outcomes(game: NormalGame, tolerance: float = 1e-9) -> tuple[str, ...]:
    """The sorted outcome ids that some extreme equilibrium reaches with probability above
    ``tolerance``: the answer of :func:`~realpolitik.games.solve.mixed_nash_outcomes`, which
    this asks instead when the table is too large for this module (or not a two-player one)."""
    profiles = table_equilibria(game)
    if profiles is None:
        return mixed_nash_outcomes(game, tolerance)
    reached: set[str] = set()
    for profile in profiles:
        probabilities = _outcome_probabilities(game, profile)
        reached.update(o for o, p in probabilities.items() if p > tolerance)
    return tuple(sorted(reached))


def draw_summary(
    game: NormalGame, tolerance: float
) -> tuple[tuple[str, ...], dict[str, float]] | None:
    """What one solved draw of the payoff sweep records for mixed Nash equilibria
    (:func:`~realpolitik.games.sweep.sweep`): the sorted outcomes some equilibrium reaches
    with probability above ``tolerance``, and each outcome's probability averaged over the
    equilibria, summed in floating point exactly as the sweep sums Gambit's list.

    None when that cannot be promised without Gambit's order: the table is too large for this
    module, two equilibria round alike (the sweep keeps only the first Gambit lists), or an
    average sums three or more different nonzero terms whose floating-point total depends on
    their order."""
    profiles = table_equilibria(game)
    if profiles is None:
        return None
    described = [_outcome_probabilities(game, profile) for profile in profiles]
    keys = {
        tuple(
            (player, strategy, round(float(p), 9))
            for player, mixed in sorted(zip(game.players, profile, strict=True))
            for strategy, p in sorted(zip(game.strategies[player], mixed, strict=True))
        )
        for profile in profiles
    }
    if len(keys) != len(profiles):
        return None
    count = len(described)
    mean: dict[str, float] = {}
    reached: set[str] = set()
    for outcome in described[0]:
        terms = [probabilities[outcome] / count for probabilities in described]
        total = _order_free_sum(terms)
        if total is None:
            return None
        mean[outcome] = total
        if any(probabilities[outcome] > tolerance for probabilities in described):
            reached.add(outcome)
    return tuple(sorted(reached)), mean


def _order_free_sum(terms: list[float]) -> float | None:
    """The left-to-right float sum of ``terms`` from 0.0 when every order of the terms gives
    the same bits; None when it might not. Adding 0.0 changes nothing and two terms commute,
    so only three or more different nonzero terms need checking (all orders, up to six)."""
    nonzero = [t for t in terms if t != 0.0]
    if len(nonzero) > 2 and len(set(nonzero)) > 1:
        if len(nonzero) > 6:
            return None
        totals = {_left_sum(order) for order in itertools.permutations(nonzero)}
        if len(totals) > 1:
            return None
    return _left_sum(terms)


def _left_sum(terms: Sequence[float]) -> float:
    total = 0.0
    for term in terms:
        total += term
    return total
