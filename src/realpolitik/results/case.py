"""The case at a glance: what a case holds, by count, and how much of it rests on evidence
(:func:`realpolitik.case.summary.summarise`)."""

from __future__ import annotations

from realpolitik.results.base import ResultModel


class CaseCounts(ResultModel):
    """How many of each thing the case declares."""

    sources: int
    evidence_items: int
    actors: int
    issues: int
    positions: int
    descriptors: int
    variants: int
    cross_impacts: int
    interventions: int
    games: int
    facts: int
    outcomes: int


class KindSplit(ResultModel):
    """The judged inputs of one kind (position, salience, cross-impact...): how many cite
    evidence and how many are labelled assumptions."""

    evidenced: int
    assumed: int


class JudgmentCounts(ResultModel):
    """Every judged input of the case, split by whether it cites evidence."""

    total: int
    evidenced: int
    assumed: int
    evidenced_share: float  # evidenced / total (1 when the case has no judged input)
    by_kind: dict[str, KindSplit]


class CaseSummary(ResultModel):
    """A case's identity and counts: the ``case`` part of results.json. The case file's path
    is not part of it (results carry no paths); :func:`~realpolitik.case.summary.summarise`
    gives it beside the summary for the command line."""

    id: str
    title: str
    as_of: str  # YYYY-MM-DD
    sha256: str  # of the case file
    counts: CaseCounts
    judgments: JudgmentCounts
