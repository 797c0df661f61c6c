"""The result of each stage of the main job, as the stage returns it and results.json holds it.

Each name is the type of one top-level key of results.json. A stage whose result is still a
plain mapping is typed ``dict[str, Any]`` here until it gets a model of its own."""

from __future__ import annotations

from typing import Any, TypeAlias

from realpolitik.results.games import GamesResults as GamesResults

CaseSummaryResults: TypeAlias = dict[str, Any]
EvidenceResults: TypeAlias = dict[str, Any]
BargainingResults: TypeAlias = dict[str, Any]
ScenariosResults: TypeAlias = dict[str, Any]
LeverageResults: TypeAlias = dict[str, Any]
PathwaysResults: TypeAlias = dict[str, Any]
TriangulationResults: TypeAlias = list[dict[str, Any]]
BacktestResults: TypeAlias = dict[str, Any]
