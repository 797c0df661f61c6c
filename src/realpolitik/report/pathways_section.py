"""The report's pathways section: dynamic CIB over the case's periods (results ``pathways``).

Reads the typed block of the pathways stage (:class:`PathwaysBlock`), draws the flow of
starts from period to period as a Sankey diagram and lists pathways, outcomes and branch
points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
from pydantic import ValidationError

from realpolitik.analysis.dynamics_stage import PathwaysBlock
from realpolitik.case import Case
from realpolitik.report import figures
from realpolitik.results import RunResults
from realpolitik.scenarios.dynamic import Pathway, PeriodOutcome

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


def pathways_section(case: Case, results: RunResults, page: Page) -> str:
    from realpolitik.report.html import esc, table

    data = results.pathways
    if data is None:
        return (
            '<p class="note">The case defines no periods, so no pathways were computed (see '
            "<code>[scenarios.dynamics]</code> in the case format).</p>"
        )
    try:
        block = PathwaysBlock.model_validate(data)
    except ValidationError:
        return (
            '<p class="note">These results hold pathways in a form this version does not '
            "read (they come from another version of realpolitik); run the case again to see "
            "them.</p>"
        )
    result = block.result
    outcomes = {o.id: o for o in result.outcomes}
    spans = ", ".join(
        p.name if p.name == f"{p.start}-{p.end}" else f"{p.name} ({p.start}-{p.end})"
        for p in block.periods
    )
    moving = sum(p.share for p in result.pathways if len(set(p.outcomes)) > 1)
    starts = (
        f"every one of the {result.n_starts:,} first-period starts (exact shares)"
        if result.complete
        else f"a seeded sample of {result.n_starts:,} first-period starts (estimated shares)"
    )
    parts = [
        f"<p>Dynamic CIB (Weimer-Jehle 2023) over {len(block.periods)} period(s): "
        f"{esc(spans)}. Each period starts from the scenario the one before settled in, and "
        f"global succession settles it again; the shares are those of {esc(starts)}. "
        f"Under the judged matrix <b>{moving:.1%}</b> of the starts follow a pathway whose "
        "outcome changes from one period to the next. Here S1, S2, ... name the pathways' "
        "outcomes, listed under Outcomes below (not the consistent scenarios of the Scenarios "
        "section).</p>"
    ]
    if result.exogenous:
        descriptors = {d.id: d for d in case.scenarios.descriptors}

        def named(d: str, v: str) -> str:
            found = descriptors.get(d)
            names = {x.id: x.name for x in found.variants} if found else {}
            return names.get(v, v)

        held = "; ".join(
            f"{esc(descriptors[d].name if d in descriptors else d)}: "
            + " then ".join(esc(named(d, v)) for v in vs)
            for d, vs in result.exogenous.items()
        )
        parts.append(f"<p>Exogenous (given for each period): {held}.</p>")
    if result.shocks:
        shocks = "; ".join(
            f"{esc(s['descriptor'])} forced to {esc(s['variant'])} in {esc(s['period'])}"
            for s in result.shocks
        )
        parts.append(f"<p>Shocks: {shocks}.</p>")
    if block.thresholds:
        rules = "".join(
            f"<li>{esc(title)} ({esc(k)})</li>" for k, title in block.thresholds.items()
        )
        parts.append(f"<p>Threshold rules (from the second period on):</p><ul>{rules}</ul>")
    if result.ensemble is not None:
        sample = "every start" if result.ensemble.complete else (
            f"the same {result.ensemble.n_starts:,} sampled starts"
        )  # fmt: skip
        parts.append(
            f"<p>Judgment uncertainty: {result.ensemble.n_draws} matrices drawn around the "
            f"judgments, each run from {esc(sample)}; a pathway's ensemble share is its mean "
            "share over the draws.</p>"
        )
    judged = [p for p in result.pathways if p.share > 0][:SHOWN]
    periods = [p.name for p in block.periods]
    judged_chart = pathway_sankey(periods, judged, "Pathways under the judged matrix")
    parts.append(page.figure(judged_chart, "judged-matrix"))
    if result.ensemble is not None:
        by_ensemble = sorted(result.pathways, key=lambda p: -(p.ensemble_share or 0.0))[:SHOWN]
        parts.append(
            page.figure(
                pathway_sankey(
                    periods, by_ensemble, "Pathways over the ensemble draws", ensemble=True
                ),
                "ensemble-draws",
            )
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
    parts.append(
        table(["pathway", "share of starts", "ensemble share", "what moves", "rules fired"], rows)
    )
    used = dict.fromkeys(o for p in listed for o in p.outcomes)
    parts.append(
        "<h3>Outcomes</h3>"
        + table(
            ["", "cycle", "scenario in words"],
            [(o, "yes" if outcomes[o].is_cycle else "", _words(case, outcomes[o])) for o in used],
            numeric=False,
        )
    )
    if result.branch_points:
        rows_b = [
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
        parts.append(
            "<h3>Branch points</h3>"
            + table(
                ["period", "after", "branches", "descriptors that differ", "cause"],
                rows_b,
                numeric=False,
            )
        )
    inputs = _inputs(case)
    if inputs:
        parts.append(
            "<h3>What the dynamics rest on</h3>"
            + table(["input", "value", "grounds"], inputs, numeric=False)
        )
    return "".join(parts)
