"""Games and their solutions in words: the path of play, payoffs, probabilities, evidence.

The path sentence turns a move's name into a clause with its player as subject: the first
verb of the name, and any verb after "and"/"or", is put in the third person ("Give notice"
becomes "Azerbaijan gives notice"). Names that do not start with a plain verb ("Hedging",
"status-quo") are shown as "Azerbaijan: Hedging" instead of being bent into a sentence.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from realpolitik.games.errors import GameError
from realpolitik.games.model import (
    ExtensiveGame,
    Game,
    Judgment,
    Node,
    NormalGame,
    payoff_judgments,
    player_name,
)
from realpolitik.games.results import Equilibrium, PayoffGround, Solution, SweepResult

__all__ = [
    "chance_odds",
    "clause",
    "describe_game",
    "describe_solution",
    "describe_sweep",
    "equilibrium_path",
    "payoff_grounds",
    "render_table",
    "render_tree",
]

_CERTAIN = 1.0 - 1e-9
_IRREGULAR = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def _third_person(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lower + "es"
    if len(lower) > 1 and lower.endswith("y") and lower[-2] not in "aeiou":
        return lower[:-1] + "ies"
    return lower + "s"


def _looks_like_verb(word: str) -> bool:
    lower = word.lower()
    plural_or_third = lower.endswith("s") and not lower.endswith("ss")
    return word.isalpha() and not lower.endswith(("ing", "ed")) and not plural_or_third


def clause(subject: str, move_name: str) -> str:
    """``subject`` doing ``move_name``, e.g. ("Russia", "Withdraw") -> "Russia withdraws"."""
    words = move_name.split()
    if not words or not _looks_like_verb(words[0]):
        return f"{subject}: {move_name}"
    out = [_third_person(words[0])]
    for before, word in itertools.pairwise(words):
        out.append(_third_person(word) if before in ("and", "or") and word.isalpha() else word)
    return f"{subject} {' '.join(out)}"


def _percent(probability: float) -> str:
    return f"{100 * probability:.0f}%" if probability >= 0.01 else f"{100 * probability:.2g}%"


def _outcome_words(game: ExtensiveGame, outcome_id: str) -> str:
    outcome = game.outcome(outcome_id)
    return f"outcome {outcome.id!r}" + (f" ({outcome.description})" if outcome.description else "")


def equilibrium_path(game: Game, choices: Mapping[str, Mapping[str, float]]) -> str:
    """The path of play under ``choices`` (decision point -> move -> probability) in words.

    Moves taken for sure are chained with ";" and the path ends with "-> outcome". Where
    chance or a mixing player splits the path, the branches with positive probability are
    separated by "|", each with its probability and what follows it in brackets.
    """
    if isinstance(game, NormalGame):
        return _profile_words(game, choices)
    return _path_from(game, game.node(game.root_id), choices)


def _path_from(game: ExtensiveGame, node: Node, choices: Mapping[str, Mapping[str, float]]) -> str:
    subject = player_name(game, node.player)
    if node.is_chance:
        weights = {m.id: (m.probability.value if m.probability else 0.0) for m in node.moves}
    else:
        weights = dict(choices.get(game.decision_point(node), {}))
        if not weights:
            return f"{subject} has no stated choice at {node.id!r}"
    taken = [move for move in node.moves if weights.get(move.id, 0.0) > 1e-9]
    if len(taken) == 1 and weights[taken[0].id] >= _CERTAIN and not node.is_chance:
        here = clause(subject, taken[0].label)
        return f"{here}{_after(game, taken[0].to, choices)}"
    branches = []
    for move in taken:
        head = f"by chance {move.label}" if node.is_chance else clause(subject, move.label)
        rest = _after(game, move.to, choices)
        if rest.startswith("; "):
            rest = f", then [{rest[2:]}]"
        branches.append(f"{head} ({_percent(weights[move.id])}){rest}")
    return " | ".join(branches)


def _after(game: ExtensiveGame, target: str, choices: Mapping[str, Mapping[str, float]]) -> str:
    if game.is_node(target):
        return "; " + _path_from(game, game.node(target), choices)
    return " -> " + _outcome_words(game, target)


def _profile_words(game: NormalGame, choices: Mapping[str, Mapping[str, float]]) -> str:
    parts = []
    for player in game.players:
        weights = {s: p for s, p in choices.get(player, {}).items() if p > 1e-9}
        name = player_name(game, player)
        if len(weights) == 1:
            parts.append(f"{name} plays {next(iter(weights))}")
        else:
            mix = ", ".join(f"{s} {_percent(p)}" for s, p in weights.items())
            parts.append(f"{name} mixes {mix}")
    words = "; ".join(parts)
    if all(max(choices.get(p, {}).values(), default=0.0) >= _CERTAIN for p in game.players):
        profile = {p: max(choices[p], key=choices[p].__getitem__) for p in game.players}
        cell = game.cell(profile)
        words += f" -> outcome {game.outcome_id(profile)!r}"
        if cell.description:
            words += f" ({cell.description})"
    return words


def chance_odds(game: Game) -> dict[str, float]:
    """The outcomes that lie behind a chance node, each with the product of nature's
    probabilities on the way to it. There nature decides, not the players: an equilibrium
    can reach such an outcome in nearly every payoff draw, yet it comes about only that
    often, so it must not read as the players' choice. Empty for a table."""
    if not isinstance(game, ExtensiveGame):
        return {}
    found: dict[str, float] = {}

    def walk(node: Node, odds: float, by_chance: bool) -> None:
        for move in node.moves:
            step, chance = odds, by_chance
            if node.is_chance and move.probability is not None:
                step, chance = odds * move.probability.value, True
            if game.is_node(move.to):
                walk(game.node(move.to), step, chance)
            elif chance:
                found[move.to] = step

    walk(game.node(game.root_id), 1.0, False)
    return found


def _uncertainty(judgment: Judgment) -> str:
    if judgment.sd is not None:
        return f"sd {judgment.sd:g}"
    if judgment.range is not None:
        return f"range [{judgment.range[0]:g}, {judgment.range[1]:g}]"
    return "none stated"


def payoff_grounds(game: Game, outcomes: frozenset[str] | None = None) -> tuple[PayoffGround, ...]:
    """The grounds of each payoff judgment, for the given outcomes (all when None)."""
    return tuple(
        PayoffGround(
            outcome=outcome,
            player=player,
            value=judgment.value,
            uncertainty=_uncertainty(judgment),
            grounds=judgment.grounds,
        )
        for outcome, player, judgment in payoff_judgments(game)
        if outcomes is None or outcome in outcomes
    )


def render_tree(game: ExtensiveGame) -> str:
    """The game tree as indented text: each move with its player, each outcome's payoffs."""
    lines = [f"{game.title or game.id} ({game.payoff_kind} payoffs)"]

    def walk(node: Node, depth: int) -> None:
        pad = "  " * depth
        where = f" [infoset {node.infoset}]" if node.infoset is not None else ""
        lines.append(f"{pad}{player_name(game, node.player)} at {node.id}{where}:")
        for move in node.moves:
            chance = f" (p={move.probability.value:g})" if move.probability is not None else ""
            if game.is_node(move.to):
                lines.append(f"{pad}  - {move.label}{chance}")
                walk(game.node(move.to), depth + 2)
            else:
                outcome = game.outcome(move.to)
                pays = ", ".join(
                    f"{player_name(game, p)} {outcome.payoffs[p].value:g}" for p in game.players
                )
                lines.append(f"{pad}  - {move.label}{chance} -> {outcome.id}: {pays}")

    walk(game.node(game.root_id), 0)
    return "\n".join(lines)


def render_table(game: NormalGame) -> str:
    """The game table as text: one row per profile with every player's payoff."""
    header = [*(player_name(game, p) for p in game.players), "payoffs"]
    rows = [header]
    for cell in game.cells:
        pays = ", ".join(f"{player_name(game, p)} {cell.payoffs[p].value:g}" for p in game.players)
        rows.append([*(cell.profile[p] for p in game.players), pays])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [f"{game.title or game.id} ({game.payoff_kind} payoffs)"]
    lines.extend(
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )
    return "\n".join(lines)


def describe_game(game: Game) -> str:
    """The tree or the table of ``game`` as text."""
    if isinstance(game, ExtensiveGame):
        return render_tree(game)
    return render_table(game)


def _equilibrium_lines(game: Game, number: int, equilibrium: Equilibrium) -> list[str]:
    lines = [f"Equilibrium {number}: {equilibrium.path}"]
    lines.append(f"  plan: {_plan_words(game, equilibrium.choices)}")
    pays = ", ".join(
        f"{player_name(game, p)} {equilibrium.expected_payoffs[p]:.4g}" for p in game.players
    )
    lines.append(f"  expected payoffs: {pays}")
    reached = ", ".join(
        f"{o} {_percent(p)}" for o, p in equilibrium.outcome_probabilities.items() if p > 1e-9
    )
    lines.append(f"  outcome probabilities: {reached}")
    return lines


def _plan_words(game: Game, choices: Mapping[str, Mapping[str, float]]) -> str:
    # The whole plan, off the path too: a threat that is never carried out shows here.
    names: dict[tuple[str, str], str] = {}
    owners: dict[str, str] = {}
    if isinstance(game, ExtensiveGame):
        for node in game.nodes:
            owners[game.decision_point(node)] = player_name(game, node.player)
            names.update({(game.decision_point(node), m.id): m.label for m in node.moves})
    parts = []
    for point, weights in choices.items():
        used = {m: p for m, p in weights.items() if p > 1e-9}
        words = ", ".join(
            names.get((point, m), m) + ("" if p >= _CERTAIN else f" {_percent(p)}")
            for m, p in used.items()
        )
        owner = owners.get(point, player_name(game, point))
        where = f" at {point}" if isinstance(game, ExtensiveGame) else ""
        parts.append(f"{owner}{where}: {words}")
    return "; ".join(parts)


def describe_solution(game: Game, solution: Solution) -> str:
    """A solution as text: each equilibrium's path, payoffs, outcome probabilities, then the
    evidence behind the payoffs of the outcomes on a path, then any notes."""
    if solution.game_id != game.id:
        raise GameError(f"solution of game {solution.game_id!r} described with game {game.id!r}")
    head = f"{solution.concept} equilibria of {game.title or game.id} (Gambit: {solution.method}"
    if solution.precision is not None:
        head += f", precision λ={solution.precision:g}"
    lines = [head + ")"]
    if solution.checked_by_backward_induction:
        lines.append("Backward induction finds the same equilibria.")
    if not solution.equilibria:
        lines.append("No equilibrium of this kind was found.")
    for number, equilibrium in enumerate(solution.equilibria, start=1):
        lines.extend(_equilibrium_lines(game, number, equilibrium))
    if solution.grounds:
        lines.append("Why these payoffs:")
        lines.extend(
            f"  {g.outcome}, {player_name(game, g.player)} = {g.value:g} "
            f"(uncertainty {g.uncertainty}; {g.grounds})"
            for g in solution.grounds
        )
    lines.extend(f"Note: {note}" for note in solution.notes)
    return "\n".join(lines)


def describe_sweep(game: Game, result: SweepResult) -> str:
    """A sweep as text: outcome frequencies, then the payoffs whose change flips the answer."""
    lines = [
        f"Sweep of {game.title or game.id}: {result.n_runs} draws, seed {result.seed}, "
        f"{result.concept}; judged values predict {', '.join(result.base_outcomes) or 'nothing'}"
    ]
    behind_chance = chance_odds(game)
    for frequency in sorted(result.frequencies, key=lambda f: -f.on_path_share):
        if frequency.outcome in behind_chance:
            lines.append(
                f"  {frequency.outcome}: behind nature's move (chance "
                f"{_percent(behind_chance[frequency.outcome])}); reachable in equilibrium in "
                f"{_percent(frequency.on_path_share)} of draws, comes about with mean "
                f"probability {frequency.mean_probability:.3f}"
            )
            continue
        lines.append(
            f"  {frequency.outcome}: on the path in {_percent(frequency.on_path_share)} of "
            f"draws (mean probability {frequency.mean_probability:.3f})"
        )
    flips = [t for t in result.thresholds if t.lower is not None or t.upper is not None]
    if flips:
        lines.append("One-at-a-time thresholds (payoff value at which the prediction changes):")
    for item in flips:
        parts = []
        if item.lower is not None:
            parts.append(f"below {item.lower:.4g} -> {', '.join(item.lower_outcomes)}")
        if item.upper is not None:
            parts.append(f"above {item.upper:.4g} -> {', '.join(item.upper_outcomes)}")
        inside = " (inside its stated uncertainty)" if item.within_uncertainty else ""
        lines.append(
            f"  {player_name(game, item.player)} at {item.outcome} = {item.value:g}: "
            f"{'; '.join(parts)}{inside}"
        )
    lines.extend(f"Note: {note}" for note in result.notes)
    return "\n".join(lines)
