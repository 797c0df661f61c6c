"""Evidence: check that cited anchors stand in their sources, read only from the sources
folder."""

from realpolitik.evidence.check import (
    check_evidence,
    confined,
    normalise,
    paragraphs,
    refused_sources,
    shown_path,
    source_file,
)
from realpolitik.results.evidence import EvidenceCheck, EvidenceReport, Status

__all__ = [
    "EvidenceCheck",
    "EvidenceReport",
    "Status",
    "check_evidence",
    "confined",
    "normalise",
    "paragraphs",
    "refused_sources",
    "shown_path",
    "source_file",
]
