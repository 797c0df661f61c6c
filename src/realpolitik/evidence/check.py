"""Verify that every evidence anchor stands in the paragraph it cites.

A source text is split into paragraphs: the n-th non-empty line is paragraph n. Anchors and
paragraphs are compared after normalisation (Unicode NFKC, curly quotes made straight, every
dash and hyphen made '-', runs of whitespace made one space, case folded), so that an anchor
typed on an ordinary keyboard matches typeset text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from realpolitik.case import Case, iter_judgments

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
    }
)  # fmt: skip
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d-]+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form in which anchors and paragraphs are compared."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _DASHES.sub("-", text)
    return _SPACE.sub(" ", text).strip().casefold()


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a source text: its non-empty lines, in order (paragraph 1 first)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class Status(StrEnum):
    VERIFIED = "verified"
    NOT_FOUND = "not found"
    WRONG_PARAGRAPH = "wrong paragraph"
    NO_SOURCE_TEXT = "no source text"
    ASSUMPTION = "assumption"


FAILURES = frozenset({Status.NOT_FOUND, Status.WRONG_PARAGRAPH, Status.NO_SOURCE_TEXT})


@dataclass(frozen=True)
class Check:
    """The verdict on one evidence item, or one judgment labelled an assumption."""

    item: str
    status: Status
    source: str = ""
    paragraph: int | None = None
    found_in: tuple[int, ...] = ()
    detail: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "item": self.item,
            "status": str(self.status),
            "source": self.source,
            "paragraph": self.paragraph,
            "found_in": list(self.found_in),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class EvidenceReport:
    case_id: str
    sources_dir: str
    checks: tuple[Check, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(check.status in FAILURES for check in self.checks)

    def to_dict(self) -> dict[str, object]:
        return {
            "case": self.case_id,
            "sources_dir": self.sources_dir,
            "ok": self.ok,
            "counts": dict(self.counts),
            "checks": [check.to_dict() for check in self.checks],
        }


def _source_paragraphs(case: Case, sources_dir: Path) -> dict[str, list[str] | str]:
    """Normalised paragraphs per source id, or a message saying why there are none."""
    texts: dict[str, list[str] | str] = {}
    for source in case.sources:
        name = source.file or f"{source.id}.txt"
        path = sources_dir / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            texts[source.id] = f"{path} does not exist"
        except (OSError, UnicodeDecodeError) as error:
            texts[source.id] = f"cannot read {path}: {error}"
        else:
            texts[source.id] = [normalise(p) for p in paragraphs(text)]
    return texts


def check_evidence(case: Case, sources_dir: Path) -> EvidenceReport:
    """Check every evidence anchor of ``case`` against the source texts in ``sources_dir``."""
    texts = _source_paragraphs(case, sources_dir)
    checks: list[Check] = []
    for item in case.evidence:
        text = texts.get(item.source)
        if not isinstance(text, list):
            checks.append(
                Check(item.id, Status.NO_SOURCE_TEXT, item.source, item.paragraph,
                      detail=text or f"source '{item.source}' is not declared")
            )  # fmt: skip
            continue
        anchor = normalise(item.anchor)
        found = tuple(number for number, para in enumerate(text, start=1) if anchor in para)
        if item.paragraph in found:
            status, detail = Status.VERIFIED, ""
        elif found:
            shown = ", ".join(str(n) for n in found)
            status, detail = Status.WRONG_PARAGRAPH, f"the anchor stands in paragraph {shown}"
        elif item.paragraph > len(text):
            status = Status.NOT_FOUND
            detail = f"the source has only {len(text)} paragraphs, and the anchor is in none"
        else:
            status, detail = Status.NOT_FOUND, "the anchor is in no paragraph of the source"
        checks.append(Check(item.id, status, item.source, item.paragraph, found, detail))
    for judged in iter_judgments(case):
        if judged.judgment.assumption is not None:
            checks.append(Check(judged.label, Status.ASSUMPTION, detail=judged.judgment.assumption))
    counts = Counter(str(check.status) for check in checks)
    return EvidenceReport(
        case.id, str(sources_dir), tuple(checks), {str(s): counts.get(str(s), 0) for s in Status}
    )
