"""Whole-case checks: references between sections, dates, and the shape of games.

Each check returns faults as ``(path, message, fix)``; the loader turns paths into lines.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

from realpolitik.case.dynamics import check_dynamics
from realpolitik.case.judgments import FieldPath, iter_judgments
from realpolitik.case.model import CHANCE, Case, Game

Fault = tuple[FieldPath, str, str]

#: The most consistent scenarios one run of the main job holds: its results and report list
#: every one, and its ensemble tallies them per sampled matrix. (`realpolitik scenarios`
#: lists up to a million.) A case whose unlinked descriptors alone exceed it cannot run.
MAX_CONSISTENT_SCENARIOS = 50_000


def check_case(case: Case) -> list[Fault]:
    """All faults of a structurally valid case, in file order of the sections."""
    return [
        *_duplicates(case),
        *_evidence(case),
        *_issues(case),
        *_scenarios(case),
        *check_dynamics(case),
        *(fault for g, game in enumerate(case.games) for fault in _game(case, g, game)),
        *_facts(case),
        *_outcomes(case),
    ]


def nearest(typed: str, known: Iterable[str]) -> str | None:
    """The known id closest in spelling to ``typed``, if one is close; never ``typed`` itself
    (a suggestion to write what was written helps nobody)."""
    candidates = sorted(set(known) - {typed})
    found = difflib.get_close_matches(typed, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


def _choices(known: Iterable[str], typed: str | None = None) -> str:
    names = sorted(set(known))
    if not names:
        return "none are defined yet"
    shown = ", ".join(names[:12])
    listed = f"known: {shown}" + (", ..." if len(names) > 12 else "")
    guess = None if typed is None else nearest(typed, names)
    return f"did you mean '{guess}'? {listed}" if guess else listed


def _repeated(ids: Sequence[str], path: FieldPath, what: str) -> Iterator[Fault]:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            yield (
                (*path, index, "id"),
                f"duplicate {what} id '{item}'",
                f"give each {what} its own id",
            )
        seen.add(item)


def _duplicates(case: Case) -> Iterator[Fault]:
    yield from _repeated([s.id for s in case.sources], ("sources",), "source")
    yield from _repeated([e.id for e in case.evidence], ("evidence",), "evidence")
    yield from _repeated([a.id for a in case.actors], ("actors",), "actor")
    yield from _repeated([i.id for i in case.issues], ("issues",), "issue")
    yield from _repeated(
        [d.id for d in case.scenarios.descriptors], ("scenarios", "descriptors"), "descriptor"
    )
    for d, descriptor in enumerate(case.scenarios.descriptors):
        yield from _repeated(
            [v.id for v in descriptor.variants],
            ("scenarios", "descriptors", d, "variants"),
            f"variant (of descriptor '{descriptor.id}')",
        )
    yield from _repeated(
        [i.id for i in case.scenarios.interventions],
        ("scenarios", "interventions"),
        "intervention",
    )
    yield from _repeated([g.id for g in case.games], ("games",), "game")
    yield from _repeated([f.id for f in case.facts], ("facts",), "fact")
    yield from _repeated([o.id for o in case.outcomes], ("outcomes",), "outcome")


def _listed(names: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(f"'{name}'" for name in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _evidence(case: Case) -> Iterator[Fault]:
    sources = {source.id: source for source in case.sources}
    for e, item in enumerate(case.evidence):
        if item.source not in sources:
            yield (
                ("evidence", e, "source"),
                f"unknown source '{item.source}'",
                "add a [[sources]] entry with this id or cite another "
                f"({_choices(sources, item.source)})",
            )
    yield from _source_dates(case)
    # One fault per unknown id, at its first citation: a mistyped id is one mistake, however
    # many judgments repeat it.
    known = {item.id for item in case.evidence}
    citations: dict[str, list[tuple[FieldPath, str]]] = {}
    for i, issue in enumerate(case.issues):
        for a, anchor in enumerate(issue.anchors):
            for k, ref in enumerate(anchor.evidence):
                if ref not in known:
                    place: tuple[FieldPath, str] = (
                        ("issues", i, "anchors", a, "evidence", k),
                        f"anchor at {anchor.at:g} of issue '{issue.id}'",
                    )
                    citations.setdefault(ref, []).append(place)
    for judged in iter_judgments(case):
        for k, ref in enumerate(judged.judgment.evidence):
            if ref not in known:
                citations.setdefault(ref, []).append(((*judged.path, "evidence", k), judged.label))
    for f, fact in enumerate(case.facts):
        for k, ref in enumerate(fact.evidence):
            if ref not in known:
                fact_place: tuple[FieldPath, str] = (
                    ("facts", f, "evidence", k),
                    f"fact '{fact.id}'",
                )
                citations.setdefault(ref, []).append(fact_place)
    for ref, places in citations.items():
        (path, label), others = places[0], len(places) - 1
        also = f" (and in {others} more place{'s' if others > 1 else ''})" if others else ""
        yield (
            path,
            f"unknown evidence '{ref}' cited for the {label}{also}",
            f"add an [[evidence]] entry with this id or fix the spelling ({_choices(known, ref)})",
        )


def _source_dates(case: Case) -> Iterator[Fault]:
    """A source written after ``as_of`` may back a judgment only when it says, by ``covers``,
    that it reports on a period that ended by ``as_of``: one fault per source, at its date."""
    as_of = case.case.as_of
    citing: dict[str, list[str]] = {}
    for item in case.evidence:
        citing.setdefault(item.source, []).append(item.id)
    for s, source in enumerate(case.sources):
        cited_by = citing.get(source.id, [])
        if not cited_by or source.date <= as_of:
            continue
        count = f"{len(cited_by)} evidence item{'s' if len(cited_by) > 1 else ''}"
        if source.covers is None:
            yield (
                ("sources", s, "date"),
                f"source '{source.id}' is dated {source.date}, after the case's as_of {as_of}, "
                f"and {count} cite it ({_listed(cited_by)})",
                "if it was written later about events up to as_of, say which period it reports "
                f"with `covers = [{as_of.replace(day=1)}, {as_of}]` (first and last day) beside "
                "`date`; if it reports later events, cite it from [[outcomes]] instead",
            )
        elif source.covers[1] > as_of:
            yield (
                ("sources", s, "covers"),
                f"source '{source.id}' (written {source.date}) covers events up to "
                f"{source.covers[1]}, after the case's as_of {as_of}, and {count} cite it "
                f"({_listed(cited_by)})",
                "evidence must describe the world as of as_of: cite a source whose period ends "
                "by then, or correct `covers`",
            )


def _issues(case: Case) -> Iterator[Fault]:
    actors = {actor.id for actor in case.actors}
    # One fault per unknown actor, at its first position, however many issues name it.
    unknown: dict[str, list[tuple[FieldPath, str]]] = {}
    for i, issue in enumerate(case.issues):
        seen: set[str] = set()
        for p, entry in enumerate(issue.positions):
            path: FieldPath = ("issues", i, "positions", p, "actor")
            if entry.actor not in actors:
                unknown.setdefault(entry.actor, []).append((path, issue.id))
            elif entry.actor in seen:
                yield (
                    path,
                    f"actor '{entry.actor}' has two positions on issue '{issue.id}'",
                    "keep one position per actor and issue",
                )
            seen.add(entry.actor)
        capability = {actor.id: actor.capability.value for actor in case.actors}
        weighty = [
            entry
            for entry in issue.positions
            if entry.salience.value > 0 and capability.get(entry.actor, 0.0) > 0
        ]
        if issue.positions and not weighty and all(e.actor in actors for e in issue.positions):
            yield (
                ("issues", i, "positions"),
                f"no actor on issue '{issue.id}' has both salience and capability above zero",
                "the bargaining models weigh each actor by salience times capability: give at "
                "least one actor a positive salience on this issue (and a positive capability)",
            )

    for actor, places in unknown.items():
        (path, first), *others = places
        also = f" (and on {_listed([issue for _, issue in others])})" if others else ""
        yield (
            path,
            f"unknown actor '{actor}' on issue '{first}'{also}",
            f"declare it under [[actors]] or use a known actor ({_choices(actors, actor)})",
        )


def _variant_index(case: Case) -> dict[str, set[str]]:
    return {d.id: {v.id for v in d.variants} for d in case.scenarios.descriptors}


def _variant_fault(
    variants: dict[str, set[str]], path: FieldPath, descriptor: str, variant: str
) -> Fault | None:
    if descriptor not in variants:
        return (
            path,
            f"unknown descriptor '{descriptor}'",
            "declare it under [[scenarios.descriptors]] or use a known one "
            f"({_choices(variants, descriptor)})",
        )
    if variant not in variants[descriptor]:
        return (
            path,
            f"descriptor '{descriptor}' has no variant '{variant}'",
            f"use one of its variants ({_choices(variants[descriptor], variant)})",
        )
    return None


def _unlinked(case: Case) -> Iterator[Fault]:
    """Descriptors that neither act nor are acted on hold every variant consistent, whatever
    the others do (Weimer-Jehle 2006): each combination of their variants joins each consistent
    scenario of the rest. Too many such combinations, and no run can hold the result."""
    linked = {
        ref.split(".")[0]
        for impact in case.scenarios.impacts
        if impact.value != 0
        for ref in (impact.source, impact.target)
    }
    unlinked = [
        (d, descriptor)
        for d, descriptor in enumerate(case.scenarios.descriptors)
        if descriptor.id not in linked
    ]
    combinations = math.prod(len(descriptor.variants) for _, descriptor in unlinked)
    if combinations > MAX_CONSISTENT_SCENARIOS:
        count = f"{combinations:,}" if combinations < 10**9 else f"{float(combinations):.3g}"
        names = ", ".join(f"'{descriptor.id}'" for _, descriptor in unlinked[:6])
        more = f" and {len(unlinked) - 6} more" if len(unlinked) > 6 else ""
        yield (
            ("scenarios", "descriptors", unlinked[0][0]),
            f"descriptors {names}{more} are linked to no other by a nonzero cross-impact: each "
            f"of the {count} combinations of their variants is consistent beside every "
            f"consistent scenario of the rest, more than the {MAX_CONSISTENT_SCENARIOS:,} a run "
            "holds",
            "add the [[scenarios.impacts]] that link them to the other descriptors, or remove "
            "the descriptors the analysis does not need",
        )


def _scenarios(case: Case) -> Iterator[Fault]:
    variants = _variant_index(case)
    pairs: set[tuple[str, str]] = set()
    for k, impact in enumerate(case.scenarios.impacts):
        base: FieldPath = ("scenarios", "impacts", k)
        source_descriptor, source_variant = impact.source.split(".")
        target_descriptor, target_variant = impact.target.split(".")
        faults = [
            _variant_fault(variants, (*base, "source"), source_descriptor, source_variant),
            _variant_fault(variants, (*base, "target"), target_descriptor, target_variant),
        ]
        yield from (fault for fault in faults if fault is not None)
        if source_descriptor == target_descriptor:
            yield (
                (*base, "target"),
                f"cross-impact of descriptor '{source_descriptor}' on itself",
                "a descriptor's variants never act on each other in CIB; "
                "remove this entry or target another descriptor",
            )
        if (impact.source, impact.target) in pairs:
            yield (
                (*base, "target"),
                f"the impact of {impact.source} on {impact.target} is given twice",
                "keep one entry per (source, target) pair",
            )
        pairs.add((impact.source, impact.target))
    issues = {issue.id for issue in case.issues}
    for d, linked in enumerate(case.scenarios.descriptors):
        path: FieldPath = ("scenarios", "descriptors", d)
        if linked.issue is None:
            for v, option in enumerate(linked.variants):
                if option.scale is not None:
                    yield (
                        (*path, "variants", v, "scale"),
                        f"variant '{option.id}' has a scale but its descriptor names no issue",
                        'add `issue = "..."` to the descriptor or remove the scale',
                    )
        elif linked.issue not in issues:
            yield (
                (*path, "issue"),
                f"unknown issue '{linked.issue}'",
                f"link the descriptor to a known issue ({_choices(issues, linked.issue)})",
            )
        elif not any(option.scale is not None for option in linked.variants):
            yield (
                (*path, "issue"),
                f"descriptor '{linked.id}' is linked to issue '{linked.issue}' but no "
                "variant says where it lies on that scale",
                "give variants `scale = [low, high]` on the issue's 0-100 scale",
            )
    for n, intervention in enumerate(case.scenarios.interventions):
        for descriptor, variant in intervention.fix.items():
            fault = _variant_fault(
                variants, ("scenarios", "interventions", n, "fix", descriptor), descriptor, variant
            )
            if fault is not None:
                yield fault
    yield from _unlinked(case)


def _payoff_faults(
    players: Sequence[str], payoffs: Iterable[str], path: FieldPath, where: str
) -> Iterator[Fault]:
    given = set(payoffs)
    for player in players:
        if player not in given:
            yield (
                path,
                f"{where} has no payoff for player '{player}'",
                f"add `{player} = {{ value = ..., evidence = [...] }}` to its payoffs",
            )
    for player in sorted(given - set(players)):
        yield (
            (*path, player),
            f"{where} pays '{player}', who is not a player of the game",
            f"remove it or add it to `players` ({', '.join(players)})",
        )


def _game(case: Case, g: int, game: Game) -> Iterator[Fault]:
    base: FieldPath = ("games", g)
    actors = {actor.id for actor in case.actors}
    unknown = [player for player in game.players if player not in actors]
    for p, player in enumerate(game.players):
        if player in unknown:
            yield (
                (*base, "players", p),
                f"player '{player}' of game '{game.id}' is not an actor",
                f"declare it under [[actors]] or use a known actor ({_choices(actors, player)})",
            )
    # A player id that names no actor is one mistake: the nodes, payoffs and profiles that
    # name the player as intended would each repeat it, so they are checked against the
    # players only once the list is right.
    yield from game_faults(game, base, players_known=not unknown)
    if game.form == "extensive":
        for o, outcome in enumerate(game.outcomes):
            yield from _implied(case, outcome.implies, (*base, "outcomes", o, "implies"))
    else:
        for c, cell in enumerate(game.cells):
            yield from _implied(case, cell.implies, (*base, "cells", c, "implies"))


def game_faults(game: Game, base: FieldPath = (), players_known: bool = True) -> Iterator[Fault]:
    """The faults of a game's structure, the one check of a game whether it comes from a case
    file or is built in code (:mod:`realpolitik.games.model`): players listed once, and for a
    tree, ids unique, every move leading to a node or outcome, each node and outcome reached
    once from the root, chance probabilities that add up to 1, information sets of one player
    with the same moves and perfect recall, and every outcome paying every player; for a
    table, strategies for every player and one cell paying every player for each profile.
    Paths start at ``base``. With ``players_known`` false (a player is misnamed, see the
    case's own check), nothing is checked against the players."""
    for player, count in Counter(game.players).items():
        if count > 1:
            yield ((*base, "players"), f"player '{player}' is listed twice", "list it once")
    if CHANCE in game.players:
        yield (
            (*base, "players", game.players.index(CHANCE)),
            f"'{CHANCE}' plays game '{game.id}', but the name is reserved for moves by nature",
            f"give the actor another id; nodes with player = '{CHANCE}' are nature's moves",
        )
    if game.form == "extensive":
        yield from _extensive(game, base, players_known)
    else:
        yield from _normal(game, base, players_known)


def _implied(case: Case, refs: Sequence[str], path: FieldPath) -> Iterator[Fault]:
    """The variants an outcome implies exist, and name one variant per descriptor (a
    scenario holds one)."""
    variants = _variant_index(case)
    seen: dict[str, str] = {}
    for k, ref in enumerate(refs):
        descriptor, variant = ref.split(".")
        fault = _variant_fault(variants, (*path, k), descriptor, variant)
        if fault is not None:
            yield fault
        elif descriptor in seen:
            yield (
                (*path, k),
                f"'{ref}' is implied beside '{descriptor}.{seen[descriptor]}'"
                if seen[descriptor] != variant
                else f"'{ref}' is listed twice",
                "name at most one variant of each descriptor",
            )
        seen.setdefault(descriptor, variant)


def _extensive(game: Game, base: FieldPath, players_known: bool) -> Iterator[Fault]:
    if game.strategies or game.cells:
        yield (
            (*base, "form"),
            "an extensive-form game with `strategies` or `cells`",
            "use nodes and outcomes for form = 'extensive', or set form = 'normal'",
        )
    if not game.nodes or not game.outcomes:
        yield (
            (*base, "nodes" if not game.nodes else "outcomes"),
            f"extensive-form game '{game.id}' needs at least one node and one outcome",
            "add [[games.nodes]] and [[games.outcomes]] entries",
        )
        return
    yield from _repeated([n.id for n in game.nodes], (*base, "nodes"), "node")
    yield from _repeated([o.id for o in game.outcomes], (*base, "outcomes"), "outcome")
    nodes = {node.id: node for node in game.nodes}
    outcomes = {outcome.id for outcome in game.outcomes}
    clash = sorted(set(nodes) & outcomes)
    for name in clash:
        yield ((*base, "outcomes"), f"'{name}' is both a node and an outcome", "rename one")
    if game.root is not None and game.root not in nodes:
        yield (
            (*base, "root"),
            f"root '{game.root}' is not a node",
            f"name one of the nodes ({_choices(nodes, game.root)})",
        )
        return
    targets = set(nodes) | outcomes
    infosets: dict[str, tuple[str, tuple[str, ...], int]] = {}
    for n, node in enumerate(game.nodes):
        path: FieldPath = (*base, "nodes", n)
        if players_known and node.player != CHANCE and node.player not in game.players:
            yield (
                (*path, "player"),
                f"node '{node.id}' is played by '{node.player}', not a player of the game",
                f"use one of {', '.join(game.players)} or 'chance'",
            )
        yield from _repeated([m.id for m in node.moves], (*path, "moves"), "move")
        for m, move in enumerate(node.moves):
            if move.to not in targets:
                yield (
                    (*path, "moves", m, "to"),
                    f"move '{move.id}' leads to '{move.to}', which is no node or outcome",
                    f"point it at one of: {_choices(targets, move.to)}",
                )
            if node.player == CHANCE and move.probability is None:
                yield (
                    (*path, "moves", m),
                    f"chance move '{move.id}' has no probability",
                    "add `probability = { value = ..., assumption = ... }`",
                )
            if node.player != CHANCE and move.probability is not None:
                yield (
                    (*path, "moves", m, "probability"),
                    f"move '{move.id}' of a player has a probability",
                    "only moves of 'chance' nodes carry probabilities; remove it",
                )
        if node.player == CHANCE:
            total = sum(m.probability.value for m in node.moves if m.probability is not None)
            if all(m.probability is not None for m in node.moves) and not math.isclose(
                total, 1.0, abs_tol=1e-9
            ):
                yield (
                    (*path, "moves"),
                    f"chance probabilities at '{node.id}' add up to {total:g}, not 1",
                    "adjust them so that they sum to 1",
                )
            if node.infoset is not None:
                yield (
                    (*path, "infoset"),
                    "a chance node in an information set",
                    "information sets are for players' nodes; remove `infoset`",
                )
        if node.infoset is not None and node.player != CHANCE:
            moves = tuple(m.id for m in node.moves)
            if node.infoset in infosets:
                player, first_moves, first = infosets[node.infoset]
                if player != node.player or moves != first_moves:
                    yield (
                        (*path, "infoset"),
                        f"node '{node.id}' shares information set '{node.infoset}' with "
                        f"'{game.nodes[first].id}' but differs in player or moves",
                        "nodes of one information set need the same player and the same "
                        "move ids in the same order",
                    )
            else:
                infosets[node.infoset] = (node.player, moves, n)
    shape = list(_tree_shape(game, base, nodes, outcomes))
    yield from shape
    if not shape:
        yield from _perfect_recall(game, base)
    for o, outcome in enumerate(game.outcomes):
        if players_known:
            yield from _payoff_faults(
                game.players,
                outcome.payoffs,
                (*base, "outcomes", o, "payoffs"),
                f"outcome '{outcome.id}'",
            )


def _perfect_recall(game: Game, base: FieldPath) -> Iterator[Fault]:
    """Nodes of one information set share their player's own past: the same decision
    points left by the same moves (perfect recall, Kuhn 1953). Gambit's solvers need it.
    Assumes a well-formed tree (checked before)."""
    nodes = {node.id: node for node in game.nodes}
    # Per node, the (player, decision point, move) steps on the path from the root.
    paths: dict[str, tuple[tuple[str, str, str], ...]] = {}
    stack: list[tuple[str, tuple[tuple[str, str, str], ...]]] = [(game.root_id or "", ())]
    while stack:
        node_id, path = stack.pop()
        node = nodes[node_id]
        paths[node_id] = path
        point = node.infoset or node.id
        for move in node.moves:
            if move.to in nodes:
                stack.append((move.to, (*path, (node.player, point, move.id))))
    first: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}
    for n, node in enumerate(game.nodes):
        if node.infoset is None or node.player == CHANCE or node.id not in paths:
            continue
        own = tuple(
            (point, move) for player, point, move in paths[node.id] if player == node.player
        )
        if node.infoset not in first:
            first[node.infoset] = (node.id, own)
        elif first[node.infoset][1] != own:
            other = first[node.infoset][0]
            yield (
                (*base, "nodes", n, "infoset"),
                f"node '{node.id}' shares information set '{node.infoset}' with '{other}', but "
                f"'{node.player}' reaches them by different moves of its own",
                "a player remembers what it did (perfect recall): give these nodes separate "
                "information sets",
            )


def _tree_shape(
    game: Game, base: FieldPath, nodes: Mapping[str, object], outcomes: set[str]
) -> Iterator[Fault]:
    """Every node and outcome reached exactly once from the root, no cycles."""
    parents: Counter[str] = Counter()
    for node in game.nodes:
        for move in node.moves:
            parents[move.to] += 1
    root = game.root_id
    for n, node in enumerate(game.nodes):
        if node.id == root and parents[node.id]:
            yield (
                (*base, "nodes", n),
                f"the root '{node.id}' is reached by a move",
                "a game tree has no cycles: point that move elsewhere",
            )
        elif node.id != root and parents[node.id] == 0:
            yield (
                (*base, "nodes", n),
                f"node '{node.id}' is never reached",
                "lead a move to it or remove it",
            )
        elif parents[node.id] > 1:
            yield (
                (*base, "nodes", n),
                f"node '{node.id}' is reached by {parents[node.id]} moves",
                "a tree gives each node one parent: use separate nodes in one information set "
                "for indistinguishable positions",
            )
    for o, outcome in enumerate(game.outcomes):
        if parents[outcome.id] == 0:
            yield (
                (*base, "outcomes", o),
                f"outcome '{outcome.id}' is never reached",
                "lead a move to it or remove it",
            )
        elif parents[outcome.id] > 1:
            yield (
                (*base, "outcomes", o),
                f"outcome '{outcome.id}' is reached by {parents[outcome.id]} moves",
                "give each end of the tree its own outcome id",
            )


def _normal(game: Game, base: FieldPath, players_known: bool) -> Iterator[Fault]:
    if game.nodes or game.outcomes or game.root is not None:
        yield (
            (*base, "form"),
            "a normal-form game with nodes, outcomes or a root",
            "use strategies and cells for form = 'normal', or set form = 'extensive'",
        )
    if not players_known:  # strategies, profiles and payoffs are keyed by the right ids
        return
    for player in game.players:
        if player not in game.strategies:
            yield (
                (*base, "strategies"),
                f"player '{player}' has no strategies",
                f'add `{player} = ["strategy-a", "strategy-b"]` to strategies',
            )
    for player, strategies in game.strategies.items():
        if player not in game.players:
            yield (
                (*base, "strategies", player),
                f"strategies given for '{player}', who is not a player",
                f"remove them or add '{player}' to players",
            )
        if not strategies:
            yield ((*base, "strategies", player), "an empty strategy list", "list at least one")
        for strategy, count in Counter(strategies).items():
            if count > 1:
                yield (
                    (*base, "strategies", player),
                    f"strategy '{strategy}' is listed twice",
                    "list each strategy once",
                )
    seen: dict[tuple[str, ...], int] = {}
    players = [p for p in game.players if p in game.strategies]
    for c, cell in enumerate(game.cells):
        path: FieldPath = (*base, "cells", c)
        bad = False
        for player in game.players:
            chosen = cell.profile.get(player)
            if chosen is None:
                bad = True
                yield (
                    (*path, "profile"),
                    f"the profile does not say what '{player}' plays",
                    f'add `{player} = "..."` to the profile',
                )
            elif player in game.strategies and chosen not in game.strategies[player]:
                bad = True
                yield (
                    (*path, "profile", player),
                    f"'{chosen}' is not a strategy of '{player}'",
                    f"use one of: {', '.join(game.strategies[player])}",
                )
        for player in sorted(set(cell.profile) - set(game.players)):
            bad = True
            yield (
                (*path, "profile", player),
                f"'{player}' is not a player of the game",
                "remove it from the profile",
            )
        if not bad:
            key = tuple(cell.profile[p] for p in game.players)
            if key in seen:
                yield (
                    (*path, "profile"),
                    f"the profile {dict(cell.profile)} has two cells (also cell {seen[key] + 1})",
                    "keep one cell per profile",
                )
            seen[key] = c
        yield from _payoff_faults(
            game.players, cell.payoffs, (*path, "payoffs"), f"cell {c + 1} of '{game.id}'"
        )
    named: set[str] = set()
    for c, cell in enumerate(game.cells):
        if cell.id is not None and cell.id in named:
            yield ((*base, "cells", c, "id"), f"duplicate cell id '{cell.id}'",
                   "give each cell its own id")  # fmt: skip
        named.add(cell.id or "")
    if len(players) == len(game.players):
        for profile in itertools.product(*(game.strategies[p] for p in game.players)):
            if profile not in seen:
                shown = ", ".join(f"{p}={s}" for p, s in zip(game.players, profile, strict=True))
                yield (
                    (*base, "cells"),
                    f"no cell for the profile ({shown}) of game '{game.id}'",
                    "add a [[games.cells]] entry for it: every profile needs payoffs",
                )


def _facts(case: Case) -> Iterator[Fault]:
    expected: dict[str, tuple[type, ...]] = {
        "integer": (int,),
        "number": (int, float),
        "date": (dt.date,),
        "text": (str,),
    }
    for f, fact in enumerate(case.facts):
        value_ok = isinstance(fact.value, expected[fact.kind]) and not isinstance(fact.value, bool)
        if value_ok and isinstance(fact.value, float) and not math.isfinite(fact.value):
            yield (
                ("facts", f, "value"),
                f"fact '{fact.id}' has the value {fact.value!r}",
                "give a finite number",
            )
        if not value_ok:
            yield (
                ("facts", f, "value"),
                f"fact '{fact.id}' is of kind {fact.kind} but its value is "
                f"{type(fact.value).__name__} {fact.value!r}",
                f"give a value of kind {fact.kind} or change `kind`",
            )


def _outcomes(case: Case) -> Iterator[Fault]:
    as_of = case.case.as_of
    sources = {source.id: source for source in case.sources}
    issues = {issue.id for issue in case.issues}
    variants = _variant_index(case)
    games = {game.id: game for game in case.games}
    for o, outcome in enumerate(case.outcomes):
        base: FieldPath = ("outcomes", o)
        source = sources.get(outcome.source)
        if source is None:
            yield (
                (*base, "source"),
                f"unknown source '{outcome.source}'",
                f"add it under [[sources]] ({_choices(sources, outcome.source)})",
            )
        elif source.date <= as_of:
            yield (
                (*base, "source"),
                f"outcome '{outcome.id}' cites '{source.id}', dated {source.date}, "
                f"not after as_of {as_of}",
                "an outcome records what happened later: cite a source dated after as_of",
            )
        elif source.covers is not None and source.covers[1] < outcome.date:
            yield (
                (*base, "source"),
                f"outcome '{outcome.id}' happened on {outcome.date}, but '{source.id}' covers "
                f"events only up to {source.covers[1]}",
                "cite a source that reports the outcome, or correct the source's `covers`",
            )
        if outcome.date <= as_of:
            yield (
                (*base, "date"),
                f"outcome dated {outcome.date}, not after as_of {as_of}",
                "outcomes are for backtests: only events after as_of belong here",
            )
        if outcome.issue is not None and outcome.issue not in issues:
            yield (
                (*base, "issue"),
                f"unknown issue '{outcome.issue}'",
                f"use a known issue ({_choices(issues, outcome.issue)})",
            )
        if (outcome.issue is None) != (outcome.value is None):
            yield (
                (*base, "issue" if outcome.issue is None else "value"),
                "`issue` and `value` go together",
                "give both (the issue and where it settled on 0-100) or neither",
            )
        if (outcome.descriptor is None) != (outcome.variant is None):
            yield (
                (*base, "descriptor" if outcome.descriptor is None else "variant"),
                "`descriptor` and `variant` go together",
                "give both or neither",
            )
        elif outcome.descriptor is not None and outcome.variant is not None:
            fault = _variant_fault(
                variants, (*base, "variant"), outcome.descriptor, outcome.variant
            )
            if fault is not None:
                yield fault
        if outcome.game is not None:
            game = games.get(outcome.game)
            if game is None:
                yield (
                    (*base, "game"),
                    f"unknown game '{outcome.game}'",
                    f"use a known game ({_choices(games, outcome.game)})",
                )
            elif outcome.outcome is not None and outcome.outcome not in game.outcome_names():
                yield (
                    (*base, "outcome"),
                    f"game '{game.id}' has no outcome '{outcome.outcome}'",
                    f"use one of its outcomes ({_choices(game.outcome_names(), outcome.outcome)})",
                )
