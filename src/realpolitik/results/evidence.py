"""The evidence check: whether every evidence anchor stands in the paragraph it cites
(:func:`realpolitik.evidence.check_evidence`)."""

from __future__ import annotations

from enum import StrEnum

from realpolitik.results.base import ResultModel


class Status(StrEnum):
    """The verdict on one evidence item (or one judgment labelled an assumption)."""

    VERIFIED = "verified"
    NOT_FOUND = "not found"
    WRONG_PARAGRAPH = "wrong paragraph"
    NO_SOURCE_TEXT = "no source text"
    ASSUMPTION = "assumption"


#: The verdicts that fail the check.
FAILURES = frozenset({Status.NOT_FOUND, Status.WRONG_PARAGRAPH, Status.NO_SOURCE_TEXT})


class EvidenceCheck(ResultModel):
    """The verdict on one evidence item, or one judgment labelled an assumption."""

    item: str  # the evidence item's id, or the judgment's label for an assumption
    status: Status
    source: str = ""  # the source's id ("" for an assumption)
    paragraph: int | None = None  # the paragraph the item cites
    found_in: tuple[int, ...] = ()  # the paragraphs that hold the anchor
    detail: str = ""  # why it failed, the assumption's reason, or a hindsight note


class EvidenceReport(ResultModel):
    """Every evidence item checked against the source texts: the ``evidence`` part of
    results.json (``null`` there when the run was given no sources folder)."""

    case: str  # the case's id
    sources_dir: str  # as realpolitik.evidence.shown_path names it: never an absolute path
    ok: bool  # no check failed (see FAILURES)
    counts: dict[str, int]  # status -> how many checks have it, every status listed
    checks: tuple[EvidenceCheck, ...]
