"""Evidence: check that cited anchors stand in their sources, read only from the sources
folder."""

from realpolitik.evidence.check import (
    Check,
    EvidenceReport,
    Status,
    check_evidence,
    confined,
    normalise,
    paragraphs,
    refused_sources,
    shown_path,
    source_file,
)

__all__ = [
    "Check",
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
