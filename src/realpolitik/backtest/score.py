"""Score a run's forecasts against what happened: the case's ``[[outcomes]]``.

A case is built as of a date; its outcomes record, with a later source, where an issue
settled, which variant a descriptor took, or how a game ended. This module sets each outcome
against the forecast the engines made from the case alone:

- an issue outcome (``issue``, ``value`` on the 0-100 scale) against each bargaining model's
  point forecast: the absolute error; and against the expected-utility Monte Carlo spread:
  whether the value fell inside the 90 % band and the interquartile range;
- a descriptor outcome (``descriptor``, ``variant``) against the scenario engine's
  distribution over that descriptor's variants: the basin likelihood (the share of uniform
  starts that global succession carries to each attractor, averaged over the
  judgment-uncertainty ensemble; :mod:`realpolitik.scenarios.likelihood`), summed per variant.
  Results made before the likelihood existed (and sealed forecasts, which carry their own
  distribution) fall back to the consistent scenarios weighted by robustness; the score says
  which measure it used. Scored with the Brier score;
- a game outcome (``game``, ``outcome``) against the game's distribution over outcomes: the
  mean probability of each outcome under the solution concept across the payoff sweep. Scored
  with the Brier score.

The Brier score (Brier 1950, *Monthly Weather Review* 78(1), 1-3) of a forecast ``p`` over
categories with the observed category ``o`` is ``sum_k (p_k - [k = o])**2``: 0 for a certain
and right forecast, 2 for a certain and wrong one; a uniform forecast over ``K`` categories
scores ``1 - 1/K`` whatever happens, the reference a useful forecast must beat. Calibration
pools every probability given to every category and compares, in bins, the mean forecast with
how often the category happened (Murphy & Winkler 1977).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from realpolitik.case import Case, Outcome
from realpolitik.results import RunResults
from realpolitik.results.backtest import (
    Backtest,
    BacktestSummary,
    CalibrationBin,
    CategoryScore,
    IssueScore,
    Unscored,
)
from realpolitik.results.bargaining import BargainingIssue

MODELS = ("eum", "mean", "median", "nash")


class BacktestError(Exception):
    """The case or its results cannot be backtested; ``fix`` says what to do."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def brier(probabilities: Mapping[str, float], observed: str) -> float:
    """The multi-category Brier score of ``probabilities`` when ``observed`` happened.

    The terms are added in the sorted order of the categories: a float sum depends on its
    order, and the order of a set follows the interpreter's hash seed."""
    categories = sorted(set(probabilities) | {observed})
    return sum(
        (probabilities.get(k, 0.0) - (1.0 if k == observed else 0.0)) ** 2 for k in categories
    )


def brier_skill(score: float, reference: float) -> float | None:
    """The Brier skill score ``1 - score / reference`` (Murphy 1973): 1 for a perfect forecast,
    0 for one no better than the reference (here the uniform forecast), below 0 for a worse
    one. None when the reference itself is perfect (a single category)."""
    return None if reference <= 0 else 1.0 - score / reference


def summarise_scores(
    issues: Sequence[IssueScore],
    categories: Sequence[CategoryScore],
    scenario_measure: str | None = None,
) -> BacktestSummary:
    """Mean absolute error by model, band coverage, mean Brier scores and hit rates."""
    out: dict[str, Any] = {"issues": len(issues), "categories": len(categories)}
    if issues:
        count = len(issues)
        out["mean_absolute_error"] = {
            model: sum(score.errors[model] for score in issues) / count for model in MODELS
        }
        out["in_band_90"] = sum(score.in_band_90 for score in issues) / count
        out["in_quartiles"] = sum(score.in_quartiles for score in issues) / count
        out["in_calibrated_90"] = {
            model: sum(score.in_calibrated_90.get(model, False) for score in issues) / count
            for model in sorted({m for score in issues for m in score.in_calibrated_90})
        }
    for kind in ("descriptor", "game"):
        scores = [score for score in categories if score.kind == kind]
        if scores:
            out[f"{kind}_brier"] = sum(score.brier for score in scores) / len(scores)
            out[f"{kind}_uniform_brier"] = sum(s.uniform_brier for s in scores) / len(scores)
            out[f"{kind}_hits"] = sum(score.hit for score in scores) / len(scores)
            out[f"{kind}_brier_skill"] = brier_skill(
                out[f"{kind}_brier"], out[f"{kind}_uniform_brier"]
            )
    if scenario_measure is not None:
        out["descriptor_measure"] = scenario_measure
    return BacktestSummary(**out)


@dataclass(frozen=True)
class IssueForecast:
    """What the backtest scores an issue outcome against: every model's point forecast, the
    expected-utility Monte Carlo spread, and each model's calibrated 90% interval."""

    id: str
    title: str
    point: Mapping[str, float]  # model -> point forecast (every model of MODELS)
    median: float  # of the expected-utility Monte Carlo forecasts
    quartiles: tuple[float, float]
    interval_90: tuple[float, float]
    calibrated_90: Mapping[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Forecasts:
    """The forecasts a backtest scores, whatever holds them: a run's results
    (:func:`run_forecasts`) or the ledger's sealed copy of them. Descriptors and games are
    distributions over their variants and outcomes; a subject without one has no forecast."""

    issues: Mapping[str, IssueForecast] = field(default_factory=dict)  # by issue id
    descriptors: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    games: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    # where the descriptors' distributions came from (a measure's words; see below)
    descriptor_measure: str | None = None


def _normalised(weights: Mapping[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {key: value / total for key, value in weights.items()} if total > 0 else {}


#: The measures a descriptor's distribution can come from, as the backtest names them.
LIKELIHOOD_MEASURE = (
    "basin likelihood: share of uniform starts that global succession carries to each "
    "attractor, averaged over the judgment-uncertainty ensemble"
)
ROBUSTNESS_MEASURE = (
    "consistent scenarios weighted by robustness (ensemble share): results without a basin "
    "likelihood"
)


def scenario_measure(results: RunResults) -> str:
    """Which measure :func:`scenario_distribution` reads from ``results``."""
    likelihood = None if results.scenarios is None else results.scenarios.likelihood
    return LIKELIHOOD_MEASURE if likelihood else ROBUSTNESS_MEASURE


def scenario_distribution(results: RunResults, descriptor: str) -> dict[str, float]:
    """The scenario engine's probability for each variant of ``descriptor``.

    From the basin likelihood when the results carry one (its per-descriptor distribution,
    docs/scenarios.md "How likely is each future"). Otherwise from the consistent scenarios
    holding each variant, each weighted by its robustness (its ensemble share). Empty when
    there is nothing to go on."""
    if results.scenarios is None:
        return {}
    likelihood = results.scenarios.likelihood
    found = None if likelihood is None else likelihood.descriptors.get(descriptor)
    if found is not None:
        return _normalised(found)
    scenarios = results.scenarios.consistent
    weights: dict[str, float] = {}
    for scenario in scenarios:
        variant = scenario.variants[descriptor]
        weights[variant] = weights.get(variant, 0.0) + scenario.ensemble_share
    if sum(weights.values()) <= 0:  # robust nowhere: fall back to equal weights
        weights = {}
        for scenario in scenarios:
            variant = scenario.variants[descriptor]
            weights[variant] = weights.get(variant, 0.0) + 1.0
    return _normalised(weights)


def game_distribution(results: RunResults, game: str) -> dict[str, float]:
    """A game's probability for each outcome: its mean probability under the solution
    concept across the payoff sweep. Empty when the game was not swept."""
    entry = None if results.games is None else results.games.game(game)
    if entry is None or not entry.sweep.frequencies:
        return {}
    return _normalised(entry.sweep.distribution())


def _issue_forecast(issue: BargainingIssue) -> IssueForecast:
    """A bargaining issue's forecasts as the backtest scores them."""
    summary = issue.monte_carlo.summaries["eum"]
    return IssueForecast(
        id=issue.id,
        title=issue.title,
        point={model: float(issue.point[model]) for model in MODELS},
        median=float(summary.median),
        quartiles=(summary.quartiles[0], summary.quartiles[1]),
        interval_90=(summary.interval_90[0], summary.interval_90[1]),
        calibrated_90={
            row.model: (row.interval_90[0], row.interval_90[1]) for row in issue.calibrated.models
        },
    )


def run_forecasts(results: RunResults, case: Case) -> Forecasts:
    """The forecasts in a run's results that ``case``'s outcomes resolve: every issue
    forecast, and the distribution of each descriptor and game an outcome names."""
    issues = {
        issue.id: _issue_forecast(issue)
        for issue in (results.bargaining.issues if results.bargaining else [])
    }
    descriptors = {o.descriptor for o in case.outcomes if o.descriptor is not None}
    games = {o.game for o in case.outcomes if o.game is not None}
    return Forecasts(
        issues=issues,
        descriptors={d: scenario_distribution(results, d) for d in sorted(descriptors)},
        games={g: game_distribution(results, g) for g in sorted(games)},
        descriptor_measure=scenario_measure(results),
    )


def _calibration(
    forecasts: Sequence[tuple[float, bool]], bins: int = 5
) -> tuple[CalibrationBin, ...]:
    rows = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(p, hit) for p, hit in forecasts if low <= p < high or (b == bins - 1 and p == 1)]
        if inside:
            rows.append(
                CalibrationBin(
                    low=low,
                    high=high,
                    count=float(len(inside)),
                    mean_forecast=sum(p for p, _ in inside) / len(inside),
                    observed_frequency=sum(hit for _, hit in inside) / len(inside),
                )
            )
    return tuple(rows)


def _issue_score(outcome: Outcome, value: float, forecast: IssueForecast) -> IssueScore:
    """An issue outcome (where it settled: ``value``) against every model's point forecast
    and the Monte Carlo spread."""
    low, high = forecast.interval_90
    q1, q3 = forecast.quartiles
    return IssueScore(
        outcome=outcome.id,
        issue=forecast.id,
        title=forecast.title,
        date=outcome.date.isoformat(),
        description=outcome.description,
        source=outcome.source,
        observed=float(value),
        forecasts=dict(forecast.point),
        errors={m: abs(forecast.point[m] - value) for m in MODELS},
        monte_carlo_median=forecast.median,
        in_band_90=bool(low <= value <= high),
        in_quartiles=bool(q1 <= value <= q3),
        in_calibrated_90={
            model: bool(first <= value <= last)
            for model, (first, last) in forecast.calibrated_90.items()
        },
    )


def backtest(case: Case, forecasts: Forecasts | RunResults) -> Backtest:
    """Score ``forecasts`` (or those in a run's results, from
    :func:`realpolitik.analysis.analyse` on ``case``) against ``case.outcomes``."""
    if not case.outcomes:
        raise BacktestError(
            f"case '{case.id}' records no outcomes",
            "add [[outcomes]] entries for what happened after as_of (see docs/case-format.md)",
        )
    if isinstance(forecasts, RunResults):
        forecasts = run_forecasts(forecasts, case)
    issue_scores: list[IssueScore] = []
    categories: list[CategoryScore] = []
    unscored: list[Unscored] = []
    pooled: list[tuple[float, bool]] = []
    for outcome in case.outcomes:
        date = outcome.date.isoformat()
        if outcome.issue is not None and outcome.value is not None:
            forecast = forecasts.issues.get(outcome.issue)
            if forecast is None:
                unscored.append(Unscored(outcome=outcome.id, why="the issue was not forecast"))
            else:
                issue_scores.append(_issue_score(outcome, outcome.value, forecast))
            continue
        if outcome.descriptor is not None and outcome.variant is not None:
            kind: Literal["descriptor", "game"] = "descriptor"
            subject, observed = outcome.descriptor, outcome.variant
            probabilities = forecasts.descriptors.get(subject, {})
            categories_known = [
                v.id for d in case.scenarios.descriptors if d.id == subject for v in d.variants
            ]
        elif outcome.game is not None and outcome.outcome is not None:
            # A table's cell may be named by its id or its strategies; the engines know the
            # latter ("status-quo / hedging").
            names = case.game(outcome.game).outcome_names()
            kind, subject = "game", outcome.game
            observed = names.get(outcome.outcome, outcome.outcome)
            probabilities = forecasts.games.get(subject, {})
            categories_known = list(dict.fromkeys(names.values()))
        else:
            unscored.append(Unscored(outcome=outcome.id, why="it resolves no issue, descriptor "
                                     "or game"))  # fmt: skip
            continue
        if not probabilities:
            unscored.append(Unscored(outcome=outcome.id, why=f"the {kind} has no forecast"))
            continue
        full = {k: probabilities.get(k, 0.0) for k in categories_known} or dict(probabilities)
        best = max(full.values())
        top = tuple(k for k, p in full.items() if p >= best - 1e-12)
        count = max(len(full), 1)
        categories.append(
            CategoryScore(
                outcome=outcome.id,
                subject=subject,
                kind=kind,
                date=date,
                description=outcome.description,
                source=outcome.source,
                observed=observed,
                probabilities=full,
                brier=brier(full, observed),
                uniform_brier=1.0 - 1.0 / count,
                top=top,
                hit=1.0 / len(top) if observed in top else 0.0,
            )
        )
        pooled.extend((p, k == observed) for k, p in full.items())
    measure = (
        forecasts.descriptor_measure if any(s.kind == "descriptor" for s in categories) else None
    )
    return Backtest(
        case=case.id,
        as_of=case.case.as_of.isoformat(),
        summary=summarise_scores(issue_scores, categories, measure),
        issues=tuple(issue_scores),
        categories=tuple(categories),
        calibration=_calibration(pooled),
        unscored=tuple(unscored),
        scenario_measure=measure,
    )
