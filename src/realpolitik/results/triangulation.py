"""Where the engines agree: plain statements setting one engine's answer against another's
(:func:`realpolitik.analysis.triangulation.triangulate`)."""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

from pydantic import Field

from realpolitik.results.base import ResultModel

#: How a comparison came out. "no link": the forecast lies in no variant's span; "not
#: compared": the scenario engine did not run; "no scenarios": it found no consistent one.
Verdict: TypeAlias = Literal["agree", "disagree", "no link", "not compared", "no scenarios"]


class BargainingVsScenarios(ResultModel):
    """An issue's expected-utility forecast against the descriptor that describes the same
    question: does the most robust consistent scenario hold the variant the forecast lies in?"""

    kind: Literal["bargaining-vs-scenarios"] = "bargaining-vs-scenarios"
    issue: str
    descriptor: str
    verdict: Verdict
    forecast: float  # the expected-utility point forecast (0-100)
    forecast_variants: list[str]  # the variants whose span holds the forecast
    robust_variant: str | None  # the variant the most robust consistent scenario holds
    scenario_counts: dict[str, int]  # variant -> consistent scenarios that hold it
    text: str  # the statement in words


class GameVsScenarios(ResultModel):
    """A game outcome an equilibrium reaches against the scenario variants it implies: are
    they held by a consistent scenario, and by the most robust one?"""

    kind: Literal["game-vs-scenarios"] = "game-vs-scenarios"
    game: str
    outcome: str
    verdict: Verdict
    implies: list[str]  # descriptor.variant references
    supporting_scenarios: int  # consistent scenarios holding every implied variant
    in_most_robust: bool
    text: str  # the statement in words


#: One statement of the triangulation, told apart by its ``kind``.
Statement: TypeAlias = Annotated[
    BargainingVsScenarios | GameVsScenarios, Field(discriminator="kind")
]
