"""The report's "What happened next" section: the backtest (``results.backtest``), each
recorded outcome set against the forecast made as of the case's date, with summaries, charts
and a calibration table (see docs/backtest.md)."""

from __future__ import annotations

from pydantic import MISSING

from realpolitik.backtest import run_forecasts
from realpolitik.case import Case
from realpolitik.report import figures
from realpolitik.report.html import MODEL_NAMES, Page, where_on_scale
from realpolitik.report.templating import render
from realpolitik.results import RunResults, required
from realpolitik.results.backtest import BacktestSummary, CategoryScore, IssueScore

#: The models of an issue score's table, in its column order.
SCORED_MODELS = ("eum", "mean", "median", "nash")
KIND_LABELS = {"descriptor": "scenario descriptors", "game": "games"}


def _outcome_source(case: Case, source_id: str) -> str:
    """A source in words: author, title, publisher and date (its id when the case lacks it)."""
    try:
        source = case.source(source_id)
    except KeyError:
        return source_id
    return f"{source.author}, {source.title} ({source.publisher}, {source.date.isoformat()})"


def _issue_summary(summary: BacktestSummary) -> dict[str, object] | None:
    """Per-model mean error and calibrated-interval coverage over the issue outcomes, and the
    Monte Carlo band's coverage (None when no issue outcome was scored)."""
    count = summary.issues
    if not count or summary.mean_absolute_error is MISSING:
        return None
    calibrated = {} if summary.in_calibrated_90 is MISSING else summary.in_calibrated_90
    ranked = sorted(summary.mean_absolute_error.items(), key=lambda item: item[1])
    return {
        "count": count,
        "rows": [
            (
                MODEL_NAMES.get(model, model),
                f"{error:.1f}",
                f"{round(calibrated[model] * count)} of {count}" if model in calibrated else "-",
            )
            for model, error in ranked
        ],
        "in_band_90": round(_share(summary.in_band_90) * count),
        "in_quartiles": round(_share(summary.in_quartiles) * count),
    }


def _share(value: float | MISSING) -> float:
    if value is MISSING:
        raise ValueError("the backtest summary gives issue errors without the band coverage")
    return value


def _brier_rows(summary: BacktestSummary) -> list[tuple[str, ...]]:
    """Mean Brier score, the uniform forecast's, the skill and the hit rate, per kind."""
    return [
        (
            KIND_LABELS[scores.kind],
            f"{scores.brier:.3f}",
            f"{scores.uniform_brier:.3f}",
            "-" if scores.brier_skill is None else f"{scores.brier_skill:+.2f}",
            f"{scores.hits:.0%}",
        )
        for scores in summary.brier_by_kind()
    ]


def _outcome_labels(results: RunResults, game_id: str) -> dict[str, str]:
    """A game's outcome labels as the games stage gives them (empty when it has none)."""
    entry = None if results.games is None else results.games.game(game_id)
    return {} if entry is None else dict(entry.outcome_labels)


def _category_names(case: Case, results: RunResults, score: CategoryScore) -> tuple[str, str]:
    """What a scored category outcome is about and what happened, in words."""
    if score.kind == "descriptor":
        for descriptor in case.scenarios.descriptors:
            if descriptor.id == score.subject:
                variant = {v.id: v.name for v in descriptor.variants}
                return descriptor.name, variant.get(score.observed, score.observed)
        return score.subject, score.observed
    labels = _outcome_labels(results, score.subject)
    try:
        game = case.game(score.subject)
    except KeyError:
        return score.subject, labels.get(score.observed, score.observed)
    named = {game.profile_id(cell.profile): cell.id for cell in game.cells if cell.id}
    observed = labels.get(score.observed, score.observed)
    if score.observed in named:
        observed = f"{named[score.observed]} ({observed})"
    return game.title, observed


def _bands(case: Case, results: RunResults) -> dict[str, tuple[float, float]]:
    """The expected-utility Monte Carlo 90% band of each issue the run forecast."""
    issues = run_forecasts(results, case).issues
    return {issue_id: forecast.interval_90 for issue_id, forecast in issues.items()}


def backtest_section(case: Case, results: RunResults, page: Page) -> str:
    scored = required(results.backtest, "backtest")
    issue_chart = None
    if scored.issues:
        bands = _bands(case, results)
        anchors = figures.issue_anchors(case)
        issue_chart = page.figure(
            figures.forecast_vs_outcome(
                [
                    (
                        score.title,
                        {MODEL_NAMES.get(m, m): value for m, value in score.forecasts.items()},
                        score.observed,
                        bands.get(score.issue),
                        anchors.get(score.issue, []),
                    )
                    for score in scored.issues
                ]
            ),
            "forecast-vs-outcome",
        )
    known_issues = {issue.id for issue in case.issues}
    issue_rows = [
        (
            score.title, score.date, f"{score.observed:g}",
            where_on_scale(case.issue(score.issue), score.observed)
            if score.issue in known_issues else "",
            *(f"{score.forecasts[m]:.0f} ({score.errors[m]:.0f})" for m in SCORED_MODELS),
            "yes" if score.in_band_90 else "no",
        )
        for score in scored.issues
    ]  # fmt: skip
    category_rows = [
        (
            f"{'scenario descriptor' if score.kind == 'descriptor' else 'game'}: {subject}",
            score.date, observed, f"{score.probabilities.get(score.observed, 0.0):.0%}",
            ", ".join(score.top), f"{score.brier:.3f}", f"{score.uniform_brier:.3f}",
        )
        for score in scored.categories
        for subject, observed in [_category_names(case, results, score)]
    ]  # fmt: skip
    calibration_chart = (
        page.figure(figures.calibration(scored.calibration), "calibration")
        if scored.calibration
        else None
    )
    calibration_rows = [
        (f"{row.low:.1f}-{row.high:.1f}", f"{row.count:.0f}", f"{row.mean_forecast:.2f}",
         f"{row.observed_frequency:.2f}")
        for row in scored.calibration
    ]  # fmt: skip
    scores: list[IssueScore | CategoryScore] = [*scored.issues, *scored.categories]
    what = [
        (score.outcome, score.date, score.description, _outcome_source(case, score.source))
        for score in scores
    ]
    return render(
        "backtest.html.j2",
        as_of=scored.as_of,
        recorded=len(case.outcomes),
        issue_summary=_issue_summary(scored.summary),
        brier_rows=_brier_rows(scored.summary),
        issue_chart=issue_chart,
        issue_rows=issue_rows,
        category_rows=category_rows,
        calibration_chart=calibration_chart,
        calibration_rows=calibration_rows,
        what=what,
        unscored=scored.unscored,
    )
