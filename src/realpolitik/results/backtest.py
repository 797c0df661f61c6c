"""The backtest: a run's forecasts scored against what happened after the case's date
(:func:`realpolitik.backtest.backtest`; the method is in docs/backtest.md)."""

from __future__ import annotations

from typing import Literal, NamedTuple, TypeVar

from pydantic import MISSING

from realpolitik.results.base import ResultModel

T = TypeVar("T")


class IssueScore(ResultModel):
    """An issue's recorded outcome against every bargaining model's point forecast and the
    expected-utility Monte Carlo spread."""

    outcome: str  # the outcome's id in the case
    issue: str
    title: str
    date: str  # when it happened (YYYY-MM-DD)
    description: str  # what happened, in the case's words
    source: str  # the id of the source that records it
    observed: float  # where the issue settled (0-100)
    forecasts: dict[str, float]  # model -> point forecast
    errors: dict[str, float]  # model -> |forecast - observed|
    monte_carlo_median: float  # of the expected-utility forecast
    in_band_90: bool  # inside the expected-utility Monte Carlo 90% band
    in_quartiles: bool  # inside its interquartile range
    # model -> whether the outcome fell inside the model's calibrated 90% interval (the
    # interval from its validated track record, docs/validation.md)
    in_calibrated_90: dict[str, bool]


class CategoryScore(ResultModel):
    """A descriptor's variant or a game's outcome set against a distribution."""

    outcome: str  # the outcome's id in the case
    subject: str  # descriptor or game id
    kind: Literal["descriptor", "game"]
    date: str  # when it happened (YYYY-MM-DD)
    description: str  # what happened, in the case's words
    source: str  # the id of the source that records it
    observed: str  # the variant or the game outcome that happened
    probabilities: dict[str, float]  # category -> forecast probability
    brier: float  # multi-category Brier score (0 best, 2 worst)
    uniform_brier: float  # the score of a uniform forecast: the reference to beat
    top: tuple[str, ...]  # the categories given the highest probability
    hit: float  # 1 if the observed one alone was top, 1/n if it shared the top with n-1, else 0


class CalibrationBin(ResultModel):
    """The probabilities in one bin of width 0.2, pooled over every category scored: the
    mean forecast against how often the category happened (Murphy & Winkler 1977)."""

    low: float
    high: float
    count: float  # probabilities in the bin
    mean_forecast: float
    observed_frequency: float


class Unscored(ResultModel):
    """An outcome without a forecast to score, and why."""

    outcome: str
    why: str


class KindBrier(NamedTuple):
    """The mean scores of one kind of category outcome (descriptors or games)."""

    kind: Literal["descriptor", "game"]
    brier: float
    uniform_brier: float
    hits: float
    brier_skill: float | None


class BacktestSummary(ResultModel):
    """Mean absolute error by model, band coverage, mean Brier scores and hit rates. The
    issue figures are present only when an issue outcome was scored, the descriptor and game
    figures only when one of that kind was (absent, not null, otherwise)."""

    issues: int  # issue outcomes scored
    categories: int  # descriptor and game outcomes scored
    mean_absolute_error: dict[str, float] | MISSING = MISSING  # model -> mean |error|
    in_band_90: float | MISSING = MISSING  # share inside the EUM Monte Carlo 90% band
    in_quartiles: float | MISSING = MISSING  # share inside its interquartile range
    in_calibrated_90: dict[str, float] | MISSING = MISSING  # model -> share inside
    descriptor_brier: float | MISSING = MISSING
    descriptor_uniform_brier: float | MISSING = MISSING
    descriptor_hits: float | MISSING = MISSING
    descriptor_brier_skill: float | MISSING | None = MISSING  # None: the reference is perfect
    game_brier: float | MISSING = MISSING
    game_uniform_brier: float | MISSING = MISSING
    game_hits: float | MISSING = MISSING
    game_brier_skill: float | MISSING | None = MISSING
    descriptor_measure: str | MISSING = MISSING  # where the descriptors' distributions came from

    def brier_by_kind(self) -> list[KindBrier]:
        """The Brier summaries present: descriptors first, then games."""
        found = []
        if self.descriptor_brier is not MISSING:
            found.append(
                KindBrier(
                    "descriptor",
                    self.descriptor_brier,
                    _given(self.descriptor_uniform_brier),
                    _given(self.descriptor_hits),
                    _given(self.descriptor_brier_skill),
                )
            )
        if self.game_brier is not MISSING:
            found.append(
                KindBrier(
                    "game",
                    self.game_brier,
                    _given(self.game_uniform_brier),
                    _given(self.game_hits),
                    _given(self.game_brier_skill),
                )
            )
        return found


def _given(value: T | MISSING) -> T:
    """A summary figure that comes with the one checked before it (a ValueError when the
    summary lacks it: summaries made by hand may)."""
    if value is MISSING:
        raise ValueError("the backtest summary gives a Brier score without its companions")
    return value


class Backtest(ResultModel):
    """Every outcome of a case scored, with summaries and a calibration table: the
    ``backtest`` part of results.json (present when the case records outcomes)."""

    case: str
    as_of: str
    summary: BacktestSummary
    issues: tuple[IssueScore, ...]
    categories: tuple[CategoryScore, ...]
    calibration: tuple[CalibrationBin, ...]
    unscored: tuple[Unscored, ...]
    # where the descriptors' distributions came from; None when no descriptor was scored
    scenario_measure: str | None = None
