"""The report's "Consistent futures" section: the CIB study of the case's descriptors.

It reads ``results.scenarios`` (:class:`~realpolitik.results.scenarios.ScenariosResults`, the
scenario stage): the consistent scenarios numbered S1, S2, ... (most probable first, then most
robust), a heat map of the variants each holds, the basins of global succession, robustness,
the most different scenarios and the interventions. The layout is
``templates/scenarios.html.j2``; the charts come from :mod:`realpolitik.report.figures`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from realpolitik.case import Case
from realpolitik.report import figures
from realpolitik.report.templating import render
from realpolitik.results import RunResults, required
from realpolitik.results.scenarios import ConsistentScenario, Named, ScenariosResults

if TYPE_CHECKING:
    from realpolitik.report.html import Page

#: Attractors and scenarios drawn in the bar charts.
SHOWN = 15


def ordered(data: ScenariosResults) -> list[ConsistentScenario]:
    """The consistent scenarios in the report's order (S1 first): most probable, then most
    robust, then the highest total impact score."""
    return sorted(
        data.consistent,
        key=lambda s: (-s.probability, -s.ensemble_share, -s.total_impact_score),
    )


def _in_words(data: ScenariosResults, variants: Named) -> str:
    names = {(d.id, v.id): v.name for d in data.descriptors for v in d.variants}
    return "; ".join(names[(d.id, variants[d.id])] for d in data.descriptors)


def scenarios_section(case: Case, results: RunResults, page: Page) -> Markup:
    data = required(results.scenarios, "scenarios")
    if not data.studied():
        return render("scenarios.html.j2", data=data)
    succession = required(data.succession, "scenarios.succession")
    ensemble = required(data.ensemble, "scenarios.ensemble")
    consistent = ordered(data)
    labels = [f"S{k + 1}" for k in range(len(consistent))]
    context: dict[str, Any] = {}
    if consistent:
        heat = figures.consistent_scenarios(data, consistent, labels)
        context["heat"] = page.figure(heat, "consistent-scenarios")
        context["rows"] = [
            (
                label,
                _in_words(data, s.variants),
                s.total_impact_score,
                s.probability,
                s.ensemble_share,
                s.basin,
            )
            for label, s in zip(labels, consistent, strict=True)
        ]
    basin_chart = figures.succession_basins(succession, consistent, labels, SHOWN)
    robust_chart = figures.bars(
        "Robustness: share of sampled matrices in which each is consistent",
        labels[:SHOWN], [s.ensemble_share for s in consistent[:SHOWN]], "share of matrices",
    )  # fmt: skip
    label_of = {tuple(s.indices): label for label, s in zip(labels, consistent, strict=True)}
    variant_name = {(d.id, v.id): v.name for d in data.descriptors for v in d.variants}
    interventions = [
        {
            "title": intervention.title,
            "fixed": ", ".join(variant_name[(d, v)] for d, v in intervention.fix.items()),
            "rows": [
                (_in_words(data, s.variants), s.total_impact_score) for s in intervention.consistent
            ],
        }
        for intervention in data.interventions or []
    ]
    return render(
        "scenarios.html.j2",
        data=data,
        consistent=consistent,
        ensemble=ensemble,
        likelihood=data.likelihood,
        held=sum(s.probability for s in consistent),
        succession=succession,
        basin_chart=page.figure(basin_chart, "succession-basins"),
        robust_chart=page.figure(robust_chart, "robustness"),
        diverse=[label_of[tuple(z)] for z in data.diverse or []],
        interventions=interventions,
        **context,
    )
