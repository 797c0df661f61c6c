"""Walk every judged number of a case, with its path in the file and a readable label."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from realpolitik.case.model import Case, Judgment

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class JudgedInput:
    """One judgment, where it stands in the file, and what it is in words."""

    path: FieldPath
    kind: str  # capability, position, salience, reference, cross-impact, payoff, probability
    label: str
    judgment: Judgment


def iter_judgments(case: Case) -> Iterator[JudgedInput]:
    """Yield every judgment of ``case`` in file order."""
    for a, actor in enumerate(case.actors):
        yield JudgedInput(
            ("actors", a, "capability"), "capability", f"capability of {actor.id}", actor.capability
        )
    for i, issue in enumerate(case.issues):
        if issue.reference is not None:
            yield JudgedInput(
                ("issues", i, "reference"),
                "reference",
                f"{issue.id}: reference point (status quo)",
                issue.reference,
            )
        for p, entry in enumerate(issue.positions):
            base: FieldPath = ("issues", i, "positions", p)
            yield JudgedInput(
                (*base, "position"),
                "position",
                f"{issue.id}: position of {entry.actor}",
                entry.position,
            )
            yield JudgedInput(
                (*base, "salience"),
                "salience",
                f"{issue.id}: salience for {entry.actor}",
                entry.salience,
            )
    for k, impact in enumerate(case.scenarios.impacts):
        yield JudgedInput(
            ("scenarios", "impacts", k),
            "cross-impact",
            f"impact of {impact.source} on {impact.target}",
            impact,
        )
    for g, game in enumerate(case.games):
        for n, node in enumerate(game.nodes):
            for m, move in enumerate(node.moves):
                if move.probability is not None:
                    yield JudgedInput(
                        ("games", g, "nodes", n, "moves", m, "probability"),
                        "probability",
                        f"{game.id}: chance of {move.id} at {node.id}",
                        move.probability,
                    )
        for o, outcome in enumerate(game.outcomes):
            for player, payoff in outcome.payoffs.items():
                yield JudgedInput(
                    ("games", g, "outcomes", o, "payoffs", player),
                    "payoff",
                    f"{game.id}: payoff to {player} at {outcome.id}",
                    payoff,
                )
        for c, cell in enumerate(game.cells):
            profile = ", ".join(f"{p}={s}" for p, s in cell.profile.items())
            for player, payoff in cell.payoffs.items():
                yield JudgedInput(
                    ("games", g, "cells", c, "payoffs", player),
                    "payoff",
                    f"{game.id}: payoff to {player} at ({profile})",
                    payoff,
                )
