"""The pathways stage's results: the case's ``[scenarios.dynamics]`` through the dynamic CIB
engine (:mod:`realpolitik.scenarios.dynamic`, whose :class:`DynamicResult` is ``result``)."""

from __future__ import annotations

from pydantic import ConfigDict

from realpolitik.results.base import ResultModel
from realpolitik.scenarios.dynamic import DynamicResult


class PeriodSpan(ResultModel):
    """One period of the case: its id, its name and its first and last year."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    start: int
    end: int


class PathwaysResults(ResultModel):
    """The case's periods, its threshold rules by id and title, and what the engine found."""

    model_config = ConfigDict(frozen=True)

    periods: list[PeriodSpan]
    thresholds: dict[str, str]
    result: DynamicResult
