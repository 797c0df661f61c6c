"""The JSON form of the CIB engine's results: what ``realpolitik scenarios --json`` prints.

Each record is a pydantic model read from the engine's own result object by attribute
(``Record.model_validate(result)``): a field of the record is the engine attribute (or
property) of the same name, so the schema is declared here once and no JSON is written by
hand. Fields the engine does not hold have defaults (``version``, ``complete``), and the few
that change form on the way (fixed variants keyed by descriptor, a comparison's figures) say
so in a validator. The key order of each record is its field order, which is what the command
prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import MISSING, ConfigDict, ValidationInfo, field_validator

from realpolitik import __version__
from realpolitik.results.base import ResultModel
from realpolitik.results.leverage import LeverageResults
from realpolitik.scenarios.analysis import ScenarioAnalysis
from realpolitik.scenarios.ensemble import EnsembleResult
from realpolitik.scenarios.scw import SolutionComparison


class Record(ResultModel):
    """A record read from an engine object's attributes."""

    model_config = ConfigDict(from_attributes=True)


def _keyed_by_text(fixed: Mapping[int, int]) -> dict[str, int]:
    """Pinned variants ``{descriptor index: variant index}`` with the index as text."""
    return {str(d): v for d, v in fixed.items()}


class ScenarioRecord(Record):
    """:class:`~realpolitik.scenarios.balance.Scenario`."""

    variants: list[int]
    names: list[str]
    label: str
    inconsistency: float
    total_impact_score: float


class SearchRecord(Record):
    """:class:`~realpolitik.scenarios.search.SearchResult`; ``fixed`` by descriptor name, and
    ``complete`` always True (a search returns the whole set or raises)."""

    version: str = __version__
    descriptors: list[str]
    tolerance: float
    fixed: dict[str, int]
    method: str
    space_size: int
    nodes: int
    seconds: float
    complete: bool = True
    self_impacts: list[str]
    scenarios: list[ScenarioRecord]

    @field_validator("fixed", mode="before")
    @classmethod
    def _by_name(cls, fixed: Mapping[int, int], info: ValidationInfo) -> dict[str, int]:
        names: Sequence[str] = info.data["descriptors"]
        return {names[d]: v for d, v in fixed.items()}


class AttractorRecord(Record):
    """:class:`~realpolitik.scenarios.succession.Attractor`."""

    scenarios: list[list[int]]
    labels: list[str]
    is_cycle: bool
    basin_size: int
    share: float


class BasinRecord(Record):
    """:class:`~realpolitik.scenarios.succession.BasinResult`."""

    version: str = __version__
    rule: str
    fixed: dict[str, int]
    n_starts: int
    complete: bool
    seed: int | None
    attractors: list[AttractorRecord]

    _fixed = field_validator("fixed", mode="before")(_keyed_by_text)


class EnsembleScenarioRecord(Record):
    """:class:`~realpolitik.scenarios.ensemble.EnsembleScenario`."""

    variants: list[int]
    names: list[str]
    label: str
    count: int
    share: float


class EnsembleRecord(Record):
    """:class:`~realpolitik.scenarios.ensemble.EnsembleResult` (of sampled matrices or of
    experts)."""

    version: str = __version__
    kind: str
    n_runs: int
    seed: int | None
    tolerance: float
    fixed: dict[str, int]
    scenarios: list[EnsembleScenarioRecord]

    _fixed = field_validator("fixed", mode="before")(_keyed_by_text)


class FigureRecord(ResultModel):
    """A figure a solution list gives that differs from the one computed here."""

    line: int
    figure: str
    file: float
    here: float


class ComparisonRecord(Record):
    """:class:`~realpolitik.scenarios.scw.SolutionComparison`."""

    path: str
    listed: int
    found: int
    agree: bool
    missing: list[list[int]]
    extra: list[list[int]]
    figures: list[FigureRecord]

    @field_validator("figures", mode="before")
    @classmethod
    def _figures(cls, figures: Sequence[tuple[int, str, float, float]]) -> list[FigureRecord]:
        return [
            FigureRecord(line=line, figure=what, file=listed, here=here)
            for line, what, listed, here in figures
        ]


class DescriptorRecord(ResultModel):
    name: str
    variants: list[str]


class StudyRecord(ResultModel):
    """What ``realpolitik scenarios --json`` prints: the matrix's descriptors, the search,
    the parts asked for (None when not), and the comparison with a solution list when one
    was given (absent otherwise)."""

    version: str = __version__
    title: str
    descriptors: list[DescriptorRecord]
    search: SearchRecord
    basins: BasinRecord | None
    ensemble: EnsembleRecord | None
    top: list[ScenarioRecord] | None
    experts: EnsembleRecord | None
    leverage: LeverageResults | None
    comparison: ComparisonRecord | MISSING = MISSING


def study_record(
    analysis: ScenarioAnalysis,
    experts: EnsembleResult | None = None,
    leverage: LeverageResults | None = None,
    comparison: SolutionComparison | None = None,
) -> StudyRecord:
    """The record of a whole study (:func:`~realpolitik.scenarios.analyse_scenarios`), with
    the expert panel, the leverage points and the comparison when there are."""
    matrix = analysis.matrix
    extra: dict[str, Any] = {}
    if comparison is not None:
        extra["comparison"] = ComparisonRecord.model_validate(comparison)
    return StudyRecord(
        title=matrix.title,
        descriptors=[
            DescriptorRecord(name=name, variants=list(names))
            for name, names in zip(matrix.descriptors, matrix.variants, strict=True)
        ],
        search=SearchRecord.model_validate(analysis.search),
        basins=None if analysis.basins is None else BasinRecord.model_validate(analysis.basins),
        ensemble=(
            None if analysis.ensemble is None else EnsembleRecord.model_validate(analysis.ensemble)
        ),
        top=None
        if analysis.top is None
        else [ScenarioRecord.model_validate(s) for s in analysis.top],
        experts=None if experts is None else EnsembleRecord.model_validate(experts),
        leverage=leverage,
        **extra,
    )
