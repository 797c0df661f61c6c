"""The report's pathways section: dynamic CIB over the case's periods (results ``pathways``).

Reads the typed results of the pathways stage
(:class:`~realpolitik.results.pathways.PathwaysResults`), draws the flow of starts from period
to period as a Sankey diagram and lists pathways, outcomes and branch points; the layout is
``templates/pathways.html.j2``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
from markupsafe import Markup

from realpolitik.case import Case
from realpolitik.report import figures
from realpolitik.report.templating import render
from realpolitik.results import RunResults
from realpolitik.results.pathways import Pathway, PeriodOutcome

if TYPE_CHECKING:
    from realpolitik.report.html import Page

#: Pathways drawn and listed: the most likely under the judged matrix, then the ensemble's.
SHOWN = 12


def pathway_sankey(
    periods: Sequence[str], shown: Sequence[Pathway], title: str, ensemble: bool = False
) -> go.Figure:
    """Flows of starts through the outcomes of each period (a node per period and outcome,
    a link per pair of consecutive outcomes, as wide as the share that takes it)."""
    nodes: dict[tuple[int, str], int] = {}
    links: dict[tuple[int, int], float] = {}
    for pathway in shown:
        share = (pathway.ensemble_share or 0.0) if ensemble else pathway.share
        if share <= 0:
            continue
        for t, outcome in enumerate(pathway.outcomes):
            nodes.setdefault((t, outcome), len(nodes))
        for t in range(len(pathway.outcomes) - 1):
            pair = (nodes[(t, pathway.outcomes[t])], nodes[(t + 1, pathway.outcomes[t + 1])])
            links[pair] = links.get(pair, 0.0) + share
    single = len(periods) == 1
    labels = [f"{outcome} ({periods[t]})" for (t, outcome) in nodes]
    colours = [figures.PALETTE[t % len(figures.PALETTE)] for (t, _) in nodes]
    if single:  # one period: a link from the starts to each outcome
        labels.append("all starts")
        colours.append("#7f7f7f")
        start = len(labels) - 1
        for pathway in shown:
            share = (pathway.ensemble_share or 0.0) if ensemble else pathway.share
            if share > 0:
                pair = (start, nodes[(0, pathway.outcomes[0])])
                links[pair] = links.get(pair, 0.0) + share
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "color": colours, "pad": 14, "thickness": 14},
            link={
                "source": [a for a, _ in links],
                "target": [b for _, b in links],
                "value": list(links.values()),
            },
            valueformat=".1%",
        )
    )
    return figures._layout(fig, title, height=380 + 12 * len(nodes) // 2)


def _words(case: Case, outcome: PeriodOutcome) -> str:
    names = {(d.id, v.id): v.name for d in case.scenarios.descriptors for v in d.variants}
    scenarios = ["; ".join(names.get((d, v), v) for d, v in z.items()) for z in outcome.variants]
    return " | then | ".join(scenarios) if outcome.is_cycle else scenarios[0]


def _changes(outcomes: Mapping[str, PeriodOutcome], pathway: Pathway) -> str:
    """What moves between consecutive periods along a pathway (first scenario of each)."""
    steps = []
    for before, after in zip(pathway.outcomes, pathway.outcomes[1:], strict=False):
        a, b = outcomes[before].variants[0], outcomes[after].variants[0]
        moved = [f"{d}: {a[d]} to {b[d]}" for d in a if a[d] != b[d]]
        steps.append(", ".join(moved) if moved else "no change")
    return " / ".join(steps) if steps else ""


def _grounds(item: Any) -> str:
    if item.evidence:
        return "evidence: " + ", ".join(item.evidence)
    return f"assumption: {item.assumption}"


def _inputs(case: Case) -> list[tuple[str, str, str]]:
    """Every input of the dynamics section with its evidence or assumption."""
    dynamics = case.scenarios.dynamics
    if dynamics is None:
        return []
    rows = [(f"period {p.id}", f"{p.start}-{p.end}", _grounds(p)) for p in dynamics.periods]
    for item in dynamics.exogenous:
        for step in item.trajectory:
            rows.append((f"{item.descriptor} in {step.period}", step.variant, _grounds(step)))
    for shock in dynamics.shocks:
        rows.append(
            (f"shock {shock.id} in {shock.period}", f"{shock.descriptor}.{shock.variant}",
             _grounds(shock))
        )  # fmt: skip
    for rule in dynamics.thresholds:
        for impact in rule.impacts:
            rows.append(
                (f"rule {rule.id}", f"{impact.source} on {impact.target}: {impact.value:+d}",
                 _grounds(impact))
            )  # fmt: skip
    return rows


def pathways_section(case: Case, results: RunResults, page: Page) -> Markup:
    block = results.pathways
    if block is None:
        return render("pathways.html.j2", result=None)
    result = block.result
    outcomes = {o.id: o for o in result.outcomes}
    spans = ", ".join(
        p.name if p.name == f"{p.start}-{p.end}" else f"{p.name} ({p.start}-{p.end})"
        for p in block.periods
    )
    descriptors = {d.id: d for d in case.scenarios.descriptors}

    def named(d: str, v: str) -> str:
        found = descriptors.get(d)
        names = {x.id: x.name for x in found.variants} if found else {}
        return names.get(v, v)

    exogenous = [
        (descriptors[d].name if d in descriptors else d, [named(d, v) for v in vs])
        for d, vs in result.exogenous.items()
    ]
    judged = [p for p in result.pathways if p.share > 0][:SHOWN]
    periods = [p.name for p in block.periods]
    judged_chart = page.figure(
        pathway_sankey(periods, judged, "Pathways under the judged matrix"), "judged-matrix"
    )
    ensemble_chart = None
    if result.ensemble is not None:
        by_ensemble = sorted(result.pathways, key=lambda p: -(p.ensemble_share or 0.0))[:SHOWN]
        ensemble_chart = page.figure(
            pathway_sankey(periods, by_ensemble, "Pathways over the ensemble draws", ensemble=True),
            "ensemble-draws",
        )
    listed = judged + [p for p in result.pathways if p.share == 0][: max(0, SHOWN - len(judged))]
    rows = [
        (
            " → ".join(p.outcomes),
            float(p.share),
            "" if p.ensemble_share is None else float(p.ensemble_share),
            _changes(outcomes, p),
            " / ".join(", ".join(r) or "none" for r in p.rules[1:]) if p.rules else "",
        )
        for p in listed
    ]
    used = dict.fromkeys(o for p in listed for o in p.outcomes)
    branch_rows = [
        (
            b.period,
            " → ".join(b.after) or "(start)",
            ", ".join(f"{x.outcome} {x.share:.1%}" for x in b.branches)
            + (f", other {b.other:.1%}" if b.other > 0.0005 else ""),
            ", ".join(b.descriptors),
            f"{b.cause} ({b.basis})"
            + "".join(
                f"; {d.descriptor} at the start places {d.accuracy:.0%} of starts right "
                f"(knowing nothing: {d.base:.0%})"
                for d in b.deciding
            ),
        )
        for b in result.branch_points[:SHOWN]
    ]
    return render(
        "pathways.html.j2",
        result=result,
        block=block,
        spans=spans,
        moving=sum(p.share for p in result.pathways if len(set(p.outcomes)) > 1),
        exogenous=exogenous,
        judged_chart=judged_chart,
        ensemble_chart=ensemble_chart,
        rows=rows,
        outcome_rows=[
            (o, "yes" if outcomes[o].is_cycle else "", _words(case, outcomes[o])) for o in used
        ],
        branch_rows=branch_rows,
        inputs=_inputs(case),
    )
