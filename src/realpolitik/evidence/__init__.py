"""Evidence: check that cited anchors stand in their sources."""

from realpolitik.evidence.check import (
    Check,
    EvidenceReport,
    Status,
    check_evidence,
    normalise,
    paragraphs,
)

__all__ = ["Check", "EvidenceReport", "Status", "check_evidence", "normalise", "paragraphs"]
