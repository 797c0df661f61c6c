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
from dataclasses import asdict, dataclass
from typing import Any

from realpolitik.case import Case
from realpolitik.results import RunResults

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


@dataclass(frozen=True)
class IssueScore:
    outcome: str
    issue: str
    title: str
    date: str
    description: str  # what happened, in the case's words
    source: str  # the id of the source that records it
    observed: float
    forecasts: dict[str, float]  # model -> point forecast
    errors: dict[str, float]  # model -> |forecast - observed|
    monte_carlo_median: float
    in_band_90: bool
    in_quartiles: bool
    # model -> whether the outcome fell inside the model's calibrated 90% interval (the
    # interval from its validated track record, docs/validation.md)
    in_calibrated_90: dict[str, bool]


@dataclass(frozen=True)
class CategoryScore:
    """A descriptor's variant or a game's outcome set against a distribution."""

    outcome: str
    subject: str  # descriptor or game id
    kind: str  # "descriptor" or "game"
    date: str
    description: str  # what happened, in the case's words
    source: str  # the id of the source that records it
    observed: str
    probabilities: dict[str, float]
    brier: float
    uniform_brier: float  # the score of a uniform forecast: the reference to beat
    top: tuple[str, ...]  # the categories given the highest probability
    hit: float  # 1 if the observed one alone was top, 1/n if it shared the top with n-1, else 0


@dataclass(frozen=True)
class Backtest:
    """Every outcome of a case scored, with summaries and a calibration table."""

    case: str
    as_of: str
    issues: tuple[IssueScore, ...]
    categories: tuple[CategoryScore, ...]
    calibration: tuple[dict[str, float], ...]
    unscored: tuple[dict[str, str], ...]  # outcomes without a forecast to score, and why
    # where the descriptors' distributions came from (scenario_measure); None without any
    scenario_measure: str | None = None

    def summary(self) -> dict[str, Any]:
        """Mean absolute error by model, band coverage, mean Brier scores and hit rates."""
        out: dict[str, Any] = {"issues": len(self.issues), "categories": len(self.categories)}
        if self.issues:
            count = len(self.issues)
            out["mean_absolute_error"] = {
                model: sum(score.errors[model] for score in self.issues) / count for model in MODELS
            }
            out["in_band_90"] = sum(score.in_band_90 for score in self.issues) / count
            out["in_quartiles"] = sum(score.in_quartiles for score in self.issues) / count
            out["in_calibrated_90"] = {
                model: sum(score.in_calibrated_90.get(model, False) for score in self.issues)
                / count
                for model in sorted({m for score in self.issues for m in score.in_calibrated_90})
            }
        for kind in ("descriptor", "game"):
            scores = [score for score in self.categories if score.kind == kind]
            if scores:
                out[f"{kind}_brier"] = sum(score.brier for score in scores) / len(scores)
                out[f"{kind}_uniform_brier"] = sum(s.uniform_brier for s in scores) / len(scores)
                out[f"{kind}_hits"] = sum(score.hit for score in scores) / len(scores)
                out[f"{kind}_brier_skill"] = brier_skill(
                    out[f"{kind}_brier"], out[f"{kind}_uniform_brier"]
                )
        if self.scenario_measure is not None:
            out["descriptor_measure"] = self.scenario_measure
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "case": self.case,
            "as_of": self.as_of,
            "summary": self.summary(),
            "issues": [asdict(score) for score in self.issues],
            "categories": [asdict(score) for score in self.categories],
            "calibration": list(self.calibration),
            "unscored": list(self.unscored),
            "scenario_measure": self.scenario_measure,
        }


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
    likelihood = (results.scenarios or {}).get("likelihood")
    return LIKELIHOOD_MEASURE if likelihood else ROBUSTNESS_MEASURE


def scenario_distribution(results: RunResults, descriptor: str) -> dict[str, float]:
    """The scenario engine's probability for each variant of ``descriptor``.

    From the basin likelihood when the results carry one (its per-descriptor distribution,
    docs/scenarios.md "How likely is each future"). Otherwise from the consistent scenarios
    holding each variant, each weighted by its robustness (its ensemble share; 1 each when no
    ensemble was run). Empty when there is nothing to go on."""
    scenarios_part = results.scenarios or {}
    likelihood = _likelihood_distribution(scenarios_part, descriptor)
    if likelihood is not None:
        return _normalised(likelihood)
    scenarios = scenarios_part.get("consistent") or []
    weights: dict[str, float] = {}
    for scenario in scenarios:
        share = scenario.get("ensemble_share")
        weight = 1.0 if share is None else float(share)
        variant = scenario["variants"][descriptor]
        weights[variant] = weights.get(variant, 0.0) + weight
    if sum(weights.values()) <= 0:  # robust nowhere: fall back to equal weights
        weights = {}
        for scenario in scenarios:
            variant = scenario["variants"][descriptor]
            weights[variant] = weights.get(variant, 0.0) + 1.0
    return _normalised(weights)


def _likelihood_distribution(
    scenarios_part: Mapping[str, Any], descriptor: str
) -> dict[str, float] | None:
    """The likelihood block's distribution for ``descriptor`` (None when there is none)."""
    found = ((scenarios_part.get("likelihood") or {}).get("descriptors") or {}).get(descriptor)
    return None if found is None else {str(k): float(v) for k, v in found.items()}


def game_distribution(results: RunResults, game: str) -> dict[str, float]:
    """A game's probability for each outcome: its mean probability under the solution
    concept across the payoff sweep. Empty when the game was not swept."""
    entry = None if results.games is None else results.games.game(game)
    if entry is None or not entry.sweep.frequencies:
        return {}
    return _normalised(entry.sweep.distribution())


def _calibration(
    forecasts: Sequence[tuple[float, bool]], bins: int = 5
) -> tuple[dict[str, float], ...]:
    rows = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(p, hit) for p, hit in forecasts if low <= p < high or (b == bins - 1 and p == 1)]
        if inside:
            rows.append(
                {
                    "low": low,
                    "high": high,
                    "count": float(len(inside)),
                    "mean_forecast": sum(p for p, _ in inside) / len(inside),
                    "observed_frequency": sum(hit for _, hit in inside) / len(inside),
                }
            )
    return tuple(rows)


def backtest(case: Case, results: RunResults) -> Backtest:
    """Score the forecasts in ``results`` (from :func:`realpolitik.analysis.analyse` on
    ``case``) against ``case.outcomes``."""
    if not case.outcomes:
        raise BacktestError(
            f"case '{case.id}' records no outcomes",
            "add [[outcomes]] entries for what happened after as_of (see docs/case-format.md)",
        )
    issues_by_id = {issue["id"]: issue for issue in (results.bargaining or {}).get("issues", [])}
    issue_scores: list[IssueScore] = []
    categories: list[CategoryScore] = []
    unscored: list[dict[str, str]] = []
    pooled: list[tuple[float, bool]] = []
    for outcome in case.outcomes:
        date = outcome.date.isoformat()
        if outcome.issue is not None and outcome.value is not None:
            forecast = issues_by_id.get(outcome.issue)
            if forecast is None:
                unscored.append({"outcome": outcome.id, "why": "the issue was not forecast"})
                continue
            summary = forecast["monte_carlo"]["summaries"]["eum"]
            low, high = summary["interval_90"]
            q1, q3 = summary["quartiles"]
            points = {model: float(forecast["point"][model]) for model in MODELS}
            issue_scores.append(
                IssueScore(
                    outcome=outcome.id,
                    issue=outcome.issue,
                    title=forecast["title"],
                    date=date,
                    description=outcome.description,
                    source=outcome.source,
                    observed=float(outcome.value),
                    forecasts=points,
                    errors={m: abs(points[m] - outcome.value) for m in MODELS},
                    monte_carlo_median=float(summary["median"]),
                    in_band_90=bool(low <= outcome.value <= high),
                    in_quartiles=bool(q1 <= outcome.value <= q3),
                    in_calibrated_90={
                        row["model"]: bool(
                            row["interval_90"][0] <= outcome.value <= row["interval_90"][1]
                        )
                        for row in forecast.get("calibrated", {}).get("models", [])
                    },
                )
            )
            continue
        if outcome.descriptor is not None and outcome.variant is not None:
            kind, subject, observed = "descriptor", outcome.descriptor, outcome.variant
            probabilities = scenario_distribution(results, subject)
            categories_known = [
                v.id for d in case.scenarios.descriptors if d.id == subject for v in d.variants
            ]
        elif outcome.game is not None and outcome.outcome is not None:
            # A table's cell may be named by its id or its strategies; the engines know the
            # latter ("status-quo / hedging").
            names = case.game(outcome.game).outcome_names()
            kind, subject = "game", outcome.game
            observed = names.get(outcome.outcome, outcome.outcome)
            probabilities = game_distribution(results, subject)
            categories_known = list(dict.fromkeys(names.values()))
        else:
            unscored.append({"outcome": outcome.id, "why": "it resolves no issue, descriptor "
                             "or game"})  # fmt: skip
            continue
        if not probabilities:
            unscored.append({"outcome": outcome.id, "why": f"the {kind} has no forecast"})
            continue
        full = {k: probabilities.get(k, 0.0) for k in categories_known} or probabilities
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
    return Backtest(
        case=case.id,
        as_of=case.case.as_of.isoformat(),
        issues=tuple(issue_scores),
        categories=tuple(categories),
        calibration=_calibration(pooled),
        unscored=tuple(unscored),
        scenario_measure=(
            scenario_measure(results) if any(s.kind == "descriptor" for s in categories) else None
        ),
    )
