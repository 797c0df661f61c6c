"""The report's "Bargaining forecasts" section: every model's forecast on every issue.

It reads ``results.bargaining`` (:class:`~realpolitik.results.bargaining.BargainingResults`,
from :mod:`realpolitik.analysis.bargaining_stage`): which model to trust (the track record,
with the case's own recorded outcomes when the backtest ran), an overview of the forecasts,
and for each issue its scale, the Monte Carlo bands, the one-at-a-time swings, the
expected-utility rounds, who moves and the Sobol ranking. The layout is the template
``templates/bargaining.html.j2``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from pydantic import MISSING

from realpolitik.case import Case, Issue
from realpolitik.report import figures
from realpolitik.report.html import MODEL_NAMES, scale_words, where_on_scale
from realpolitik.report.templating import render
from realpolitik.results import RunResults, required
from realpolitik.results.backtest import Backtest
from realpolitik.results.bargaining import BargainingIssue, BargainingResults
from realpolitik.uncertainty.sensitivity import SobolIndices

if TYPE_CHECKING:
    from realpolitik.report.html import Page

#: Bars of the tornado chart and rows of the Sobol table of each issue.
TOP_SWINGS = 10
TOP_SOBOL = 6


def input_label(name: str, actor_names: Mapping[str, str]) -> str:
    """A sensitivity input in words: ``position:united-states`` -> "United States: position"."""
    kind, _, actor = name.partition(":")
    if not actor:
        return name
    return f"{actor_names.get(actor, actor)}: {kind}"


def scale_points(case: Case, issue: Issue) -> list[tuple[float, str, str | None]]:
    """Every named point of an issue's scale in order (its ends and its anchors), each with
    its grounds where it has any: the claims of its evidence, or its assumption."""
    grounds = {
        anchor.at: (
            f"assumption: {anchor.assumption}"
            if anchor.assumption
            else " ".join(
                f"{case.evidence_item(ref).claim} [{case.evidence_item(ref).source}, {ref}]"
                for ref in anchor.evidence
            )
        )
        for anchor in issue.anchors
        if anchor.assumption or anchor.evidence
    }
    return [(at, meaning, grounds.get(at)) for at, meaning in scale_words(issue)]


def sobol_rows(
    sobol: SobolIndices, actor_names: Mapping[str, str], top: int = TOP_SOBOL
) -> list[tuple[str, float, float, float]]:
    """The inputs with the largest total-order Sobol indices: input, total index, its 95%
    half-width and the first-order index."""
    index = {name: k for k, name in enumerate(sobol.names)}
    return [
        (
            input_label(name, actor_names),
            sobol.total[index[name]],
            sobol.total_conf[index[name]],
            sobol.first_order[index[name]],
        )
        for name in sobol.ranking[:top]
    ]


@dataclass(frozen=True)
class IssuePart:
    """What the section shows of one issue besides its typed results."""

    issue: BargainingIssue
    description: str
    scale: list[tuple[float, str, str | None]]
    band_chart: Markup
    tornado_chart: Markup
    rounds_chart: Markup
    moves: list[tuple[str, float, float, float, float]]
    sobol: list[tuple[str, float, float, float]]


def issue_part(case: Case, issue: BargainingIssue, models: list[str], page: Page) -> IssuePart:
    """One issue's charts and tables."""
    names = {actor.id: actor.name for actor in case.actors}
    colours = figures.actor_colours(case)
    anchors = figures.issue_anchors(case).get(issue.id, [])
    moving = [bar for bar in issue.sensitivity.swings if abs(bar.swing) > 1e-9]
    swings = sorted(moving, key=lambda bar: -abs(bar.swing))[:TOP_SWINGS]
    labels = {bar.name: input_label(bar.name, names) for bar in swings}
    eum = issue.eum
    winning = issue.monte_carlo.summaries["eum"].winning_share
    moved = sorted(
        zip(issue.actors, eum.rounds[0], eum.rounds[-1], eum.moved, winning, strict=True),
        key=lambda row: -abs(row[3]),
    )
    band_chart = figures.forecast_bands(issue, {m: MODEL_NAMES[m] for m in models}, anchors)
    tornado_chart = figures.tornado(issue, swings, labels, anchors)
    rounds_chart = figures.trajectories(
        issue,
        [names.get(a, a) for a in issue.actors],
        [colours.get(a, "#777") for a in issue.actors],
        anchors,
    )
    return IssuePart(
        issue=issue,
        description=case.issue(issue.id).description,
        scale=scale_points(case, case.issue(issue.id)),
        band_chart=page.figure(band_chart, issue.id + "-forecast"),
        tornado_chart=page.figure(tornado_chart, issue.id + "-tornado"),
        rounds_chart=page.figure(rounds_chart, issue.id + "-rounds"),
        moves=[
            (names.get(a, a), start, end, delta, share) for a, start, end, delta, share in moved
        ],
        sobol=sobol_rows(issue.sensitivity.sobol, names),
    )


def own_record(backtest: Backtest | None) -> dict[str, Any] | None:
    """The case's own recorded outcomes on its issues, when the backtest scored any: their
    count, each model's mean absolute error (smallest first) and how many of each model's
    calibrated 90% intervals held the outcome."""
    summary = None if backtest is None else backtest.summary
    if summary is None or not summary.issues or summary.mean_absolute_error is MISSING:
        return None
    count = summary.issues
    errors = ", ".join(
        f"{MODEL_NAMES.get(model, model)} {error:.1f}"
        for model, error in sorted(summary.mean_absolute_error.items(), key=lambda x: x[1])
    )
    calibrated = {} if summary.in_calibrated_90 is MISSING else summary.in_calibrated_90
    covered = ", ".join(
        f"{MODEL_NAMES.get(model, model)} {round(share * count)} of {count}"
        for model, share in calibrated.items()
    )
    return {"count": count, "errors": errors, "covered": covered}


def record_rows(data: BargainingResults) -> list[tuple[str, int, str, str, str, str]]:
    """Each model's track record, best first: rank, validated error with its interval, the
    half-width of its calibrated 90% interval, its held-out coverage and a note."""
    return [
        (
            MODEL_NAMES.get(name, name),
            entry.rank,
            f"{entry.mae[0]:.1f} ({entry.mae[1]:.1f}-{entry.mae[2]:.1f})",
            f"±{entry.half_width_90:.0f}",
            f"{100 * entry.coverage_90:.0f}%",
            entry.note,
        )
        for name, entry in data.track_record.models.items()
    ]


def calibrated_rows(data: BargainingResults) -> tuple[list[str], list[tuple[str, ...]]]:
    """The models with calibrated forecasts (best first) and, per issue, each one's forecast
    with its calibrated interval and whether the models agree."""
    present = {row.model for issue in data.issues for row in issue.calibrated.models}
    order = [name for name in data.track_record.models if name in present]
    rows = []
    for issue in data.issues:
        calibrated = issue.calibrated
        by_model = {row.model: row for row in calibrated.models}
        cells = [
            f"{row.forecast:.0f} [{row.interval_90[0]:.0f}-{row.interval_90[1]:.0f}]"
            if (row := by_model.get(model))
            else "no reference point"
            for model in order
        ]
        verdict = (
            f"models disagree by {calibrated.spread:.0f} points, more than the best "
            "model's typical error"
            if calibrated.disagree
            else "within the best model's typical error of each other"
        )
        rows.append((issue.title, *cells, verdict))
    return order, rows


def bargaining_section(case: Case, results: RunResults, page: Page) -> str:
    data = required(results.bargaining, "bargaining")
    options = data.issues[0].eum.parameters.options if data.issues else None
    order, issue_rows = calibrated_rows(data)
    overview = [
        (
            issue,
            [
                *(issue.point[m] for m in data.models),
                "{:.0f}-{:.0f}".format(*issue.monte_carlo.summaries["eum"].quartiles),
                "{:.0f}-{:.0f}".format(*issue.monte_carlo.summaries["eum"].interval_90),
                where_on_scale(case.issue(issue.id), issue.point["eum"]),
            ],
        )
        for issue in data.issues
    ]
    return render(
        "bargaining.html.j2",
        data=data,
        record=data.track_record,
        names=MODEL_NAMES,
        readings=None if options is None else vars(options),
        record_rows=record_rows(data),
        order_names=[MODEL_NAMES.get(m, m) for m in order],
        issue_rows=issue_rows,
        own=own_record(results.backtest),
        overview=overview,
        issues=[issue_part(case, issue, data.models, page) for issue in data.issues],
    )
