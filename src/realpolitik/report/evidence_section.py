"""The report's "Evidence and assumptions" section: the anchor check (``results.evidence``),
the sources, every evidence item with the inputs citing it, every judged input with its
grounds, and the assumptions with their reasons."""

from __future__ import annotations

from typing import Any

from realpolitik.case import Case, iter_judgments
from realpolitik.report.html import Page, _grounds
from realpolitik.report.templating import render
from realpolitik.results import RunResults
from realpolitik.results.evidence import Status


def judged_name(case: Case, judged: Any) -> str:
    """A judged input in the report's words, by its place in the case: actors, issues,
    descriptors, variants and players by name (the case file's ids are for the file)."""
    path = judged.path
    actor = {a.id: a.name for a in case.actors}
    if path[0] == "actors":
        return f"capability of {case.actors[path[1]].name}"
    if path[0] == "issues":
        issue = case.issues[path[1]]
        if path[2] == "reference":
            return f"{issue.title}: reference point (status quo)"
        entry = issue.positions[path[3]]
        return f"{issue.title}: {path[4]} of {actor.get(entry.actor, entry.actor)}"
    if path[0] == "scenarios":
        names = {
            f"{d.id}.{v.id}": f"{d.name}: {v.name}"
            for d in case.scenarios.descriptors
            for v in d.variants
        }
        impact = case.scenarios.impacts[path[2]]
        return (
            f"impact of “{names.get(impact.source, impact.source)}” on "
            f"“{names.get(impact.target, impact.target)}”"
        )
    if path[0] == "games":
        game = case.games[path[1]]
        if path[2] == "nodes":
            move = game.nodes[path[3]].moves[path[5]]
            return f"{game.title}: chance of {move.name or move.id}"
        player = actor.get(str(path[5]), str(path[5]))
        if path[2] == "outcomes":
            return f"{game.title}: payoff to {player} at {game.outcomes[path[3]].id}"
        cell = game.cells[path[3]]
        return f"{game.title}: payoff to {player} at {game.profile_id(cell.profile)}"
    return str(judged.label)


def evidence_section(case: Case, results: RunResults, page: Page) -> str:
    report = results.evidence
    statuses = (
        {}
        if report is None
        else {c.item: str(c.status) for c in report.checks if c.status != Status.ASSUMPTION}
    )
    sources = {source.id: source for source in case.sources}
    uses: dict[str, list[str]] = {}
    for judged in iter_judgments(case):
        for ref in judged.judgment.evidence:
            uses.setdefault(ref, []).append(judged.label)
    evidence = [
        (
            item.id,
            f"{source.author if (source := sources.get(item.source)) else item.source}, "
            f"¶{item.paragraph}",
            f"“{item.anchor}”",
            item.claim,
            len(uses.get(item.id, [])),
            statuses.get(item.id, "not checked"),
        )
        for item in case.evidence
    ]
    inputs = [
        (judged_name(case, judged), f"{judged.judgment.value:g}", _grounds(case, judged.judgment))
        for judged in iter_judgments(case)
    ]
    assumptions = [
        (judged_name(case, judged), f"{judged.judgment.value:g}", judged.judgment.assumption or "")
        for judged in iter_judgments(case)
        if judged.judgment.is_assumption
    ]
    source_rows = [
        (s.id, s.author, s.title, s.publisher, s.date.isoformat(), s.note or "")
        for s in case.sources
    ]
    return render(
        "evidence.html.j2",
        report=report,
        sources=source_rows,
        evidence=evidence,
        inputs=inputs,
        assumptions=assumptions,
    )
