"""The result of each stage of the main job, as the stage returns it and results.json holds it.

Each name is the type of one top-level key of results.json. A stage whose result is still a
plain mapping is typed ``dict[str, Any]`` here until it gets a model of its own."""

from __future__ import annotations

from typing import TypeAlias

from realpolitik.results.backtest import Backtest
from realpolitik.results.bargaining import BargainingResults as BargainingResults
from realpolitik.results.case import CaseSummary
from realpolitik.results.evidence import EvidenceReport
from realpolitik.results.games import GamesResults as GamesResults
from realpolitik.results.leverage import LeverageResults as LeverageResults
from realpolitik.results.pathways import PathwaysResults as PathwaysResults
from realpolitik.results.scenarios import ScenariosResults as ScenariosResults
from realpolitik.results.triangulation import Statement

CaseSummaryResults: TypeAlias = CaseSummary
EvidenceResults: TypeAlias = EvidenceReport
TriangulationResults: TypeAlias = list[Statement]
BacktestResults: TypeAlias = Backtest
