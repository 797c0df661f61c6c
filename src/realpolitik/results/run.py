"""The results of one run of the main job: what results.json holds, as one typed model."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from realpolitik.results.backtest import Backtest
from realpolitik.results.bargaining import BargainingResults
from realpolitik.results.base import ResultModel
from realpolitik.results.case import CaseSummary
from realpolitik.results.evidence import EvidenceReport
from realpolitik.results.games import GamesResults
from realpolitik.results.leverage import LeverageResults
from realpolitik.results.pathways import PathwaysResults
from realpolitik.results.scenarios import ScenariosResults
from realpolitik.results.triangulation import Statement

T = TypeVar("T")


class Meta(ResultModel):
    """What was run: the case, its digest, the version and the settings that matter."""

    case: str
    title: str
    as_of: str
    case_sha256: str
    version: str
    seed: int
    n_runs: int
    command: str  # the command that recomputes these results


class RunResults(ResultModel):
    """Every stage's results. A stage that was not run is absent from results.json; a stage
    that ran and had nothing to say (no sources for the evidence check, no dynamics for the
    pathways) is present as ``null``."""

    meta: Meta
    case: CaseSummary
    evidence: EvidenceReport | None = None
    bargaining: BargainingResults | None = None
    scenarios: ScenariosResults | None = None
    leverage: LeverageResults | None = None
    pathways: PathwaysResults | None = None
    games: GamesResults | None = None
    triangulation: list[Statement] | None = None
    backtest: Backtest | None = None

    def ran(self, stage: str) -> bool:
        """Whether ``stage`` was part of this run (its result may still be ``None``)."""
        return stage in self.model_fields_set

    def json_data(self) -> dict[str, Any]:
        """The JSON form: the stages that ran, each as its model dumps it."""
        data = self.model_dump(mode="json")
        return {key: value for key, value in data.items() if key in self.model_fields_set}


def required(part: T | None, stage: str) -> T:
    """``part``, a stage's results that a consumer cannot do without; a ValueError naming the
    stage when the run did not produce it (a run with ``only=`` that left it out)."""
    if part is None:
        raise ValueError(f"these results hold no {stage} stage; run the whole analysis")
    return part


def dumps(results: RunResults) -> str:
    """The canonical JSON text of results (sorted keys, two-space indent, no NaN)."""
    return json.dumps(results.json_data(), indent=2, sort_keys=True, allow_nan=False) + "\n"


def loads(text: str | bytes) -> RunResults:
    """Results read back from their JSON text (raises pydantic's ValidationError or
    ValueError when the text is not results of this version)."""
    return RunResults.model_validate_json(text)
