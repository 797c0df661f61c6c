"""The report's "Leverage points" section: which cross-impact judgments carry the answer.

It reads ``results.leverage`` (the leverage stage, :mod:`realpolitik.analysis.leverage_stage`)
and the scenario stage's consistent set, whose S-numbers it shares with the scenarios section;
the layout is ``templates/leverage.html.j2``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from realpolitik.case import Case
from realpolitik.report import figures
from realpolitik.report.html import Page, _grounds
from realpolitik.report.templating import render
from realpolitik.results import RunResults, required
from realpolitik.results.leverage import JudgmentChange
from realpolitik.results.scenarios import ScenariosResults

#: Rows of the ranked tables.
TOP_SINGLES = 25
TOP_PAIRS = 10

#: A scenario as a key: its (descriptor, variant) pairs in the case's order.
ScenarioKey = tuple[tuple[str, str], ...]


def scenario_labels(scenarios: ScenariosResults) -> dict[ScenarioKey, str]:
    """S1, S2, ... as the scenarios section numbers them (most robust first)."""
    ordered = sorted(scenarios.consistent, key=lambda s: (-s.ensemble_share, -s.total_impact_score))
    return {tuple(s.variants.items()): f"S{k + 1}" for k, s in enumerate(ordered)}


def _names(scenarios: ScenariosResults) -> dict[str, str]:
    """``descriptor.variant`` -> "Descriptor: Variant" in the case's words."""
    return {
        f"{d.id}.{v.id}": f"{d.name}: {v.name}" for d in scenarios.descriptors for v in d.variants
    }


def _which(found: Sequence[Mapping[str, str]], labels: Mapping[ScenarioKey, str]) -> str:
    return ", ".join(sorted(labels.get(tuple(z.items()), "?") for z in found))


def _change(change: JudgmentChange, names: Mapping[str, str]) -> str:
    return (
        f"{names[change.source]} → {names[change.target]}: "
        f"{change.value:+g} → {change.new_value:+g}"
    )


def _why(case: Case, change: JudgmentChange) -> str:
    judgment = next(
        i for i in case.scenarios.impacts if (i.source, i.target) == (change.source, change.target)
    )
    return _grounds(case, judgment)


def leverage_section(case: Case, results: RunResults, page: Page) -> Markup:
    if not results.ran("leverage") or results.leverage is None:
        return render("leverage.html.j2", ran=results.ran("leverage"), data=None)
    data = results.leverage
    scenarios = required(results.scenarios, "scenarios")
    labels = scenario_labels(scenarios)
    names = _names(scenarios)
    unit = "point" if data.steps == 1 else "points"
    fragile = sorted(
        ((int(labels[tuple(s.variants.items())][1:]), s) for s in data.scenarios),
        key=lambda pair: pair[0],
    )
    chart = None
    if fragile:
        chart = page.figure(
            figures.bars(
                f"Changes of one judgment by ≤ {data.steps} {unit} that remove each consistent "
                "scenario",
                [f"S{number}" for number, _ in fragile],
                [s.single_levers for _, s in fragile],
                "number of single-judgment changes",
            ),
            "removals-per-scenario",
        )
    singles = [
        (
            rank,
            _change(lever.changes[0], names),
            _which(lever.removed, labels) or "none",
            len(lever.added),
            _why(case, lever.changes[0]),
        )
        for rank, lever in enumerate(data.singles[:TOP_SINGLES], start=1)
    ]
    pairs = [
        (
            rank,
            "; ".join(_change(change, names) for change in lever.changes),
            _which(lever.removed, labels) or "none",
            len(lever.added),
        )
        for rank, lever in enumerate(data.pairs[:TOP_PAIRS], start=1)
    ]
    return render(
        "leverage.html.j2", ran=True, data=data, chart=chart, singles=singles, pairs=pairs
    )
