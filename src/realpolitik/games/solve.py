"""Equilibria of games, computed by Gambit's solvers.

* :func:`subgame_perfect`: every pure subgame-perfect equilibrium of a tree (Selten 1965), by
  subgame decomposition: each subgame, with the subgames below it replaced by their
  equilibrium payoffs, is solved by Gambit (``enumpure_agent_solve``, kept where
  ``max_regret`` is zero). On perfect-information trees the answer is checked against
  :func:`backward_induction`, our own plain version of Zermelo's and Kuhn's (1953) method.
* :func:`pure_nash`: all pure Nash equilibria (``enumpure_solve`` on the strategic form).
* :func:`mixed_nash`: mixed equilibria. Two players: all extreme equilibria by enumeration of
  vertices (``enummixed_solve``; Mangasarian 1964, Avis et al. 2010), or one or more by
  Lemke-Howson / sequence-form linear complementarity (``lcp_solve``; Lemke & Howson 1964,
  Koller, Megiddo & von Stengel 1996). More players: support enumeration with polynomial
  systems (``enumpoly_solve``; McKelvey & McLennan 1996), or the global Newton method
  (``gnm_solve``; Govindan & Wilson 2003), or the logit tracing limit (``logit_solve``).
* :func:`logit_qre`: the logit quantal response equilibrium at a given precision λ on the
  principal branch (McKelvey & Palfrey 1995; agent form for trees, McKelvey & Palfrey 1998),
  traced by Gambit (Turocy 2005). λ = 0 is uniform play; as λ grows play approaches a Nash
  equilibrium.
* :func:`solve`: one entry point that picks among them by name.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, Literal

import pygambit as gbt
from pygambit import qre

from realpolitik.games.describe import equilibrium_path, payoff_grounds
from realpolitik.games.errors import GameError
from realpolitik.games.model import ExtensiveGame, Game, NormalGame
from realpolitik.games.results import Equilibrium, Solution
from realpolitik.games.to_gambit import chance_probabilities, exact, to_gambit, to_gambit_reduced

__all__ = [
    "CONCEPTS",
    "MIXED_METHODS",
    "backward_induction",
    "logit_qre",
    "mixed_nash",
    "pure_nash",
    "solve",
    "subgame_perfect",
]

CONCEPTS: tuple[str, ...] = ("spe", "pure", "nash", "qre")
"""Names accepted by :func:`solve`: subgame-perfect, pure Nash, mixed Nash, logit QRE."""

MixedMethod = Literal["auto", "enummixed", "lcp", "lp", "enumpoly", "gnm", "logit"]
MIXED_METHODS: tuple[str, ...] = ("auto", "enummixed", "lcp", "lp", "enumpoly", "gnm", "logit")
"""Gambit methods accepted by :func:`mixed_nash`."""

_ORDINAL_NOTE = (
    "payoffs are ordinal ranks; mixed play and quantal response read ranks as utilities, so "
    "their probabilities are illustrative only (pure equilibria depend on the order alone)"
)


# --------------------------------------------------------------------------- reference


def backward_induction(game: ExtensiveGame) -> list[dict[str, str]]:
    """All pure subgame-perfect plans of a perfect-information tree, by backward induction.

    Zermelo (1913), Kuhn (1953): solve the last decisions first; at each decision node the
    mover picks a move that maximises their payoff given the plans below; chance nodes average
    with their probabilities. Ties keep every maximising move, so the list holds every pure
    SPE. A plan maps each decision point (see :meth:`ExtensiveGame.decision_point`) to a move
    id. Arithmetic is exact (fractions). This is a plain reference used to check
    :func:`subgame_perfect`; it is not the engine's solver.
    """
    if not game.is_perfect_information:
        raise GameError(
            f"game {game.id!r} has information sets with several nodes; backward induction "
            "needs perfect information, use subgame_perfect or nash instead"
        )
    players = game.players

    def values(target: str) -> list[tuple[dict[str, str], tuple[Fraction, ...]]]:
        if not game.is_node(target):
            payoffs = game.outcome(target).payoffs
            return [({}, tuple(exact(payoffs[p].value) for p in players))]
        node = game.node(target)
        below = [values(move.to) for move in node.moves]
        found: list[tuple[dict[str, str], tuple[Fraction, ...]]] = []
        for combination in itertools.product(*below):
            plan: dict[str, str] = {}
            for sub_plan, _ in combination:
                plan.update(sub_plan)
            if node.is_chance:
                weights = chance_probabilities(game, node)
                expected = tuple(
                    sum(
                        (w * v[i] for w, (_, v) in zip(weights, combination, strict=True)),
                        Fraction(0),
                    )
                    for i in range(len(players))
                )
                found.append((plan, expected))
                continue
            mover = players.index(node.player)
            best = max(v[mover] for _, v in combination)
            for move, (_, v) in zip(node.moves, combination, strict=True):
                if v[mover] == best:
                    found.append(({**plan, game.decision_point(node): move.id}, v))
        return found

    return [plan for plan, _ in values(game.root_id)]


# --------------------------------------------------------------------------- reading Gambit


def _float(value: Any) -> float:
    return float(value) if value is not None else 0.0


def _strategic_choices(
    gambit_game: gbt.Game, profile: gbt.MixedStrategyProfile
) -> dict[str, dict[str, float]]:
    # Kuhn (1953): the behaviour at an information set is the probability of the strategies
    # that plan each move there, among the player's strategies that do not themselves avoid
    # it. Unlike Gambit's as_behavior() this keeps the moves at information sets that the
    # other players' play leaves unreached (a threat never carried out).
    choices: dict[str, dict[str, float]] = {}
    for player in gambit_game.players:
        for infoset in player.infosets:
            weights = {a.label: 0.0 for a in infoset.actions}
            for strategy in player.strategies:
                action = strategy.action(infoset)
                if action is not None:
                    weights[action.label] += _float(profile[strategy])
            total = sum(weights.values())
            if total > 0:
                choices[infoset.label] = {m: w / total for m, w in weights.items()}
    return choices


def _tree_equilibrium(
    game: ExtensiveGame,
    profile: gbt.MixedBehaviorProfile,
    gambit_game: gbt.Game,
    planned: dict[str, dict[str, float]] | None = None,
) -> Equilibrium:
    choices: dict[str, dict[str, float]] = {}
    for infoset in gambit_game.infosets:
        if infoset.player.is_chance:
            continue
        if planned is not None:
            if infoset.label in planned:
                choices[infoset.label] = planned[infoset.label]
        elif profile.is_defined_at(infoset):
            choices[infoset.label] = {a.label: _float(profile[a]) for a in infoset.actions}
    outcomes = {outcome.id: 0.0 for outcome in game.outcomes}
    for node in gambit_game.nodes:
        if node.is_terminal and node.outcome is not None:
            outcomes[node.outcome.label] += _float(profile.realiz_prob(node))
    payoffs = {player: _float(profile.payoff(player)) for player in game.players}
    return Equilibrium(choices, payoffs, outcomes, equilibrium_path(game, choices))


def _table_equilibrium(game: NormalGame, profile: gbt.MixedStrategyProfile) -> Equilibrium:
    choices = {
        player: {s: _float(profile[player][s]) for s in game.strategies[player]}
        for player in game.players
    }
    outcomes: dict[str, float] = {}
    for cell in game.cells:
        probability = 1.0
        for player in game.players:
            probability *= choices[player][cell.profile[player]]
        outcomes[game.outcome_id(cell.profile)] = probability
    payoffs = {player: _float(profile.payoff(player)) for player in game.players}
    return Equilibrium(choices, payoffs, outcomes, equilibrium_path(game, choices))


def _equilibria(game: Game, gambit_game: gbt.Game, profiles: list[Any]) -> list[Equilibrium]:
    found: list[Equilibrium] = []
    seen: set[tuple[Any, ...]] = set()
    for profile in profiles:
        if isinstance(game, ExtensiveGame):
            if isinstance(profile, gbt.MixedBehaviorProfile):
                equilibrium = _tree_equilibrium(game, profile, gambit_game)
            else:
                planned = _strategic_choices(gambit_game, profile)
                equilibrium = _tree_equilibrium(game, profile.as_behavior(), gambit_game, planned)
        else:
            equilibrium = _table_equilibrium(game, profile)
        # Distinct strategic profiles of a tree can behave alike; keep one of each.
        key = tuple(
            (point, move, round(p, 9))
            for point, moves in sorted(equilibrium.choices.items())
            for move, p in sorted(moves.items())
        )
        if key not in seen:
            seen.add(key)
            found.append(equilibrium)
    return found


def _solution(
    game: Game,
    concept: str,
    method: str,
    equilibria: list[Equilibrium],
    precision: float | None = None,
    checked: bool | None = None,
    notes: tuple[str, ...] = (),
) -> Solution:
    # Every payoff is shown, those of outcomes on a path first: the payoffs off the path are
    # the ones that make the path an equilibrium (why Russia prefers one outcome to another).
    reached = frozenset(o for eq in equilibria for o in eq.outcomes_on_path())
    grounds = payoff_grounds(game)
    grounds = (
        *(g for g in grounds if g.outcome in reached),
        *(g for g in grounds if g.outcome not in reached),
    )
    return Solution(
        game_id=game.id,
        concept=concept,
        method=method,
        equilibria=tuple(equilibria),
        precision=precision,
        checked_by_backward_induction=checked,
        grounds=grounds,
        notes=notes,
    )


# --------------------------------------------------------------------------- solvers


def subgame_perfect(game: Game) -> Solution:
    """All pure subgame-perfect equilibria of a game tree (Selten 1965), found with Gambit.

    Subgame decomposition: the subgames (nodes whose subtree no information set leaves, see
    :meth:`ExtensiveGame.subgame_roots`) are solved from the bottom up. At each subgame root,
    the subgames just below are replaced by the payoffs of their equilibria (every
    combination, when they have several), and Gambit lists the pure agent equilibria of that
    reduced game (``enumpure_agent_solve``), of which those where no player gains by any
    deviation (Gambit's ``max_regret`` is zero) are its Nash equilibria. On
    perfect-information trees the result is compared with :func:`backward_induction`; a
    disagreement raises ``RuntimeError``, since it would mean a fault in this code rather
    than in the game.

    Mixed subgame-perfect equilibria are not searched: when no pure one exists the solution is
    empty and a note suggests ``nash`` or ``qre``.
    """
    if not isinstance(game, ExtensiveGame):
        raise GameError(
            f"game {game.id!r} is a normal-form table with no subgames; ask for nash or pure "
            "equilibria instead of subgame-perfect ones"
        )
    roots = set(game.subgame_roots())
    plans = [plan for plan, _ in _solve_subgame(game, game.root_id, roots)]
    gambit_game = to_gambit(game)
    profiles = [_pure_profile(gambit_game, plan) for plan in plans]
    equilibria = _equilibria(game, gambit_game, profiles)
    checked: bool | None = None
    if game.is_perfect_information:
        reference = {_plan_key(plan) for plan in backward_induction(game)}
        found = {_plan_key(plan) for plan in plans}
        if reference != found:
            raise RuntimeError(
                f"game {game.id!r}: Gambit and backward induction disagree on the subgame-"
                f"perfect equilibria ({sorted(found)} vs {sorted(reference)}); please report"
            )
        checked = True
    notes = () if equilibria else ("no pure subgame-perfect equilibrium; try nash or qre",)
    return _solution(
        game,
        "subgame-perfect",
        "enumpure_agent_solve on each reduced subgame",
        equilibria,
        checked=checked,
        notes=notes,
    )


def _frontier(game: ExtensiveGame, root: str, roots: set[str]) -> list[str]:
    # The subgame roots met first on each path below ``root``.
    found: list[str] = []
    for move in game.node(root).moves:
        if not game.is_node(move.to):
            continue
        if move.to in roots:
            found.append(move.to)
        else:
            found.extend(_frontier(game, move.to, roots))
    return found


def _solve_subgame(
    game: ExtensiveGame, root: str, roots: set[str]
) -> list[tuple[dict[str, str], tuple[Any, ...]]]:
    below = _frontier(game, root, roots)
    solved = [_solve_subgame(game, child, roots) for child in below]
    found: list[tuple[dict[str, str], tuple[Any, ...]]] = []
    for combination in itertools.product(*solved):
        cut = {child: values for child, (_, values) in zip(below, combination, strict=True)}
        reduced = to_gambit_reduced(game, root, cut)
        for profile in gbt.nash.enumpure_agent_solve(reduced).equilibria:
            if profile.max_regret() != 0:
                continue
            plan: dict[str, str] = {}
            for sub_plan, _ in combination:
                plan.update(sub_plan)
            for infoset in reduced.infosets:
                (taken,) = [a.label for a in infoset.actions if profile[a] == 1]
                plan[infoset.label] = taken
            found.append((plan, tuple(profile.payoff(p) for p in game.players)))
    return found


def _pure_profile(gambit_game: gbt.Game, plan: Mapping[str, str]) -> gbt.MixedBehaviorProfile:
    profile = gambit_game.mixed_behavior_profile(rational=True)
    for infoset in gambit_game.infosets:
        for action in infoset.actions:
            profile[action] = 1 if plan[infoset.label] == action.label else 0
    return profile


def _plan_key(plan: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(plan.items()))


def pure_nash(game: Game) -> Solution:
    """All pure-strategy Nash equilibria (Nash 1951), by Gambit's ``enumpure_solve``.

    A tree is solved on its reduced strategic form; each equilibrium is shown as behaviour
    (the move at each information set the plan reaches).
    """
    gambit_game = to_gambit(game)
    profiles = list(gbt.nash.enumpure_solve(gambit_game).equilibria)
    return _solution(game, "pure-nash", "enumpure_solve", _equilibria(game, gambit_game, profiles))


def mixed_nash(game: Game, method: MixedMethod = "auto") -> Solution:
    """Mixed-strategy Nash equilibria (Nash 1951) by one of Gambit's methods.

    ``auto`` enumerates all extreme equilibria of two-player games (``enummixed``) and uses
    ``enumpoly`` beyond. ``lcp`` (two players) and ``lp`` (two-player constant-sum) work on the
    sequence form of trees; ``gnm`` and ``logit`` return one equilibrium of any game. Pure
    equilibria are included where the method finds them.
    """
    chosen = _mixed_method(game, method)
    gambit_game = to_gambit(game)
    profiles = _mixed_profiles(game, gambit_game, chosen)
    notes = (_ORDINAL_NOTE,) if game.payoff_kind == "ordinal" else ()
    equilibria = _equilibria(game, gambit_game, profiles)
    return _solution(game, "mixed-nash", f"{chosen}_solve", equilibria, notes=notes)


def _mixed_method(game: Game, method: str) -> str:
    if method not in MIXED_METHODS:
        raise GameError(
            f"unknown method {method!r} for game {game.id!r}; use one of {list(MIXED_METHODS)}"
        )
    two = len(game.players) == 2
    if method == "auto":
        method = "enummixed" if two else "enumpoly"
    if method in ("enummixed", "lcp", "lp") and not two:
        raise GameError(
            f"game {game.id!r} has {len(game.players)} players; method {method!r} needs two, "
            "use enumpoly, gnm or logit"
        )
    return method


def _mixed_profiles(game: Game, gambit_game: gbt.Game, method: str) -> list[Any]:
    solvers: dict[str, Callable[[gbt.Game], Any]] = {
        "enummixed": gbt.nash.enummixed_solve,
        "lcp": gbt.nash.lcp_solve,
        "lp": gbt.nash.lp_solve,
        "enumpoly": gbt.nash.enumpoly_solve,
        "gnm": gbt.nash.gnm_solve,
        "logit": gbt.nash.logit_solve,
    }
    try:
        return list(solvers[method](gambit_game).equilibria)
    except (RuntimeError, ValueError) as error:
        raise GameError(
            f"game {game.id!r}: Gambit's {method} failed ({error}); try method 'auto'"
        ) from error


def mixed_nash_outcomes(game: NormalGame, tolerance: float = 1e-9) -> tuple[str, ...]:
    """The cells (outcome ids, sorted) that some mixed Nash equilibrium of a table reaches
    with probability above ``tolerance``: what ``mixed_nash(game)`` predicts, without
    building its description (the threshold search asks this of a thousand tables).

    The same Gambit method and the same arithmetic as :func:`mixed_nash`, so the answer is
    that of ``mixed_nash(game).outcomes_on_path(tolerance)``, sorted."""
    gambit_game = to_gambit(game)
    reached: set[str] = set()
    for profile in _mixed_profiles(game, gambit_game, _mixed_method(game, "auto")):
        choices = {
            player: {s: _float(profile[player][s]) for s in game.strategies[player]}
            for player in game.players
        }
        for cell in game.cells:
            probability = 1.0
            for player in game.players:
                probability *= choices[player][cell.profile[player]]
            if probability > tolerance:
                reached.add(game.outcome_id(cell.profile))
    return tuple(sorted(reached))


def logit_qre(game: Game, precision: float, use_strategic: bool = False) -> Solution:
    """The logit quantal response equilibrium at precision λ = ``precision``.

    McKelvey & Palfrey (1995): each player chooses with probabilities proportional to
    exp(λ * expected payoff); λ = 0 is uniform play, λ -> infinity approaches a Nash
    equilibrium. Gambit traces the principal branch from λ = 0 (Turocy 2005) and returns the
    point at ``precision``. Trees are solved in agent form (McKelvey & Palfrey 1998) unless
    ``use_strategic`` asks for the reduced strategic form.
    """
    if not precision >= 0:
        raise GameError(
            f"game {game.id!r}: the logit precision λ must be a number >= 0, got {precision}"
        )
    gambit_game = to_gambit(game)
    strategic = use_strategic or not isinstance(game, ExtensiveGame)
    if precision == 0:
        # Gambit cannot stop the trace at its starting point, but the branch starts there.
        point = qre.logit_solve_branch(gambit_game, use_strategic=strategic)[0]
    else:
        point = qre.logit_solve_lambda(gambit_game, precision, use_strategic=strategic)[0]
    if abs(point.lam - precision) > 1e-6 * max(1.0, precision):
        raise GameError(
            f"game {game.id!r}: Gambit's logit trace ended at λ={point.lam:g}, not at "
            f"{precision:g}; try a smaller precision"
        )
    values = [point[i] for i in range(len(point))]
    if strategic:
        profile: Any = gambit_game.mixed_strategy_profile(rational=False)
        for strategy, value in zip(gambit_game.strategies, values, strict=True):
            profile[strategy] = value
    else:
        profile = gambit_game.mixed_behavior_profile(rational=False)
        actions = [a for a in gambit_game.actions if not a.infoset.player.is_chance]
        for action, value in zip(actions, values, strict=True):
            profile[action] = value
    notes = (_ORDINAL_NOTE,) if game.payoff_kind == "ordinal" else ()
    equilibria = _equilibria(game, gambit_game, [profile])
    method = "logit_solve_lambda" + (" (strategic form)" if strategic else " (agent form)")
    return _solution(game, "logit-qre", method, equilibria, precision=precision, notes=notes)


def solve(game: Game, concept: str = "spe", precision: float | None = None) -> Solution:
    """Solve ``game`` under ``concept``: ``spe``, ``pure``, ``nash`` (mixed) or ``qre``.

    ``spe`` on a normal-form table falls back to ``pure`` Nash (a table has no subgames), with
    a note. ``qre`` needs ``precision`` (λ).
    """
    if concept == "spe":
        if isinstance(game, NormalGame):
            solution = pure_nash(game)
            note = "a table has no subgames; these are its pure Nash equilibria"
            return _with_note(solution, note)
        return subgame_perfect(game)
    if concept == "pure":
        return pure_nash(game)
    if concept == "nash":
        return mixed_nash(game)
    if concept == "qre":
        if precision is None:
            raise GameError(f"game {game.id!r}: qre needs a precision λ (e.g. --noise 2.0)")
        return logit_qre(game, precision)
    raise GameError(f"unknown solution {concept!r} for game {game.id!r}; use one of {CONCEPTS}")


def _with_note(solution: Solution, note: str) -> Solution:
    return solution.model_copy(update={"notes": (*solution.notes, note)})
