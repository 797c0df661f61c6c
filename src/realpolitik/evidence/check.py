"""Verify that every evidence anchor stands in the paragraph it cites.

A source text is split into paragraphs: the n-th non-empty line is paragraph n. Anchors and
paragraphs are compared after normalisation (Unicode NFKC, curly quotes made straight, every
dash and hyphen made '-', runs of whitespace made one space, case folded), so that an anchor
typed on an ordinary keyboard matches typeset text.

A case names its source texts, and the case may come from anyone (the web service takes case
files from its clients), so a source's ``file`` is confined to the sources folder: an absolute
path, a ``..`` part, or a name whose resolved path (symbolic links followed) leaves the folder
is refused, with one message whatever lies outside. Only files inside the folder are ever
opened, so the anchor check (a substring test that answers "verified") cannot be used to
guess, one character at a time, the text of any other file on the machine. Results and
messages name a source text by its path relative to the sources folder, never an absolute
path.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from realpolitik.case import Case, Problem, Source, iter_judgments
from realpolitik.case.judgments import FieldPath
from realpolitik.case.locate import line_of
from realpolitik.results.evidence import FAILURES, EvidenceCheck, EvidenceReport, Status

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


REFUSED_FIX = (
    "name a file inside the sources folder by its path relative to that folder "
    "(no absolute path, no '..', no link that leads out of the folder)"
)


def source_file(source: Source) -> str:
    """The name a source's text has in the sources folder (``ID.txt`` when none is given)."""
    return source.file or f"{source.id}.txt"


def shown_path(path: Path) -> str:
    """How results and reports name a file or folder: as given when relative, else by its own
    name only, so that no absolute path of the machine reaches a results file or a web
    client."""
    if path.is_absolute():
        return Path(os.path.normpath(path)).name or "."
    return str(path)


def confined(sources_dir: Path, name: str) -> Path | None:
    """The resolved path of ``name`` inside ``sources_dir``, or None when ``name`` is
    absolute, has a '..' part, or resolves (following symbolic links) outside the folder.

    The answer does not depend on whether anything exists outside the folder."""
    relative = PurePosixPath(name)
    if "\x00" in name or relative.is_absolute() or ".." in relative.parts:
        return None
    try:
        root = sources_dir.resolve()
        target = (root / relative).resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, an over-long name
        return None
    if target == root or not target.is_relative_to(root):
        return None
    return target


def _refusal(source: Source) -> tuple[str, str, str]:
    """The field, message and fix for a refused source file: the same for every refused
    name, so the message tells nothing about what lies outside the folder."""
    field = f"sources[{source.id}].file"
    return field, f"{source_file(source)!r} is not a file inside the sources folder", REFUSED_FIX


def refused_sources(
    case: Case, sources_dir: Path, lines: Mapping[FieldPath, int] | None = None
) -> list[Problem]:
    """A located problem for every source whose ``file`` lies outside ``sources_dir``.

    ``lines`` (from :func:`realpolitik.case.locate.line_index` on the case's text) adds the
    line of each ``file`` field; without it the problems name the field only."""
    problems = []
    for index, source in enumerate(case.sources):
        if confined(sources_dir, source_file(source)) is None:
            line = None if lines is None else line_of(lines, ("sources", index, "file"))
            problems.append(Problem(Path(case.file or case.id), line, *_refusal(source)))
    return problems


def _read_source(source: Source, sources_dir: Path) -> list[str] | str:
    """The normalised paragraphs of a source's text, or a message saying why there are none.

    Messages name the file relative to the sources folder only."""
    name = source_file(source)
    path = confined(sources_dir, name)
    if path is None:
        field, message, fix = _refusal(source)
        return f"{field}: {message}; {fix}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return f"{name} does not exist in the sources folder"
    except UnicodeDecodeError:
        return f"{name} in the sources folder is not UTF-8 text; save it with UTF-8 encoding"
    except OSError as error:
        return f"cannot read {name} in the sources folder ({error.strerror or 'unreadable'})"
    return [normalise(p) for p in paragraphs(text)]


def _hindsight(case: Case, source_id: str) -> str:
    """A note for evidence from a source written after the case's as_of (which the case
    allows when the source's ``covers`` period ends by then): its writer knew more."""
    source = case.source(source_id)
    if source.date <= case.case.as_of or source.covers is None:
        return ""
    first, last = source.covers
    return f"written {source.date}, after as_of, about {first} to {last}"


def check_evidence(case: Case, sources_dir: Path) -> EvidenceReport:
    """Check every evidence anchor of ``case`` against the source texts in ``sources_dir``.

    A source whose file lies outside the folder is not opened: its evidence items fail with
    the same message as any other refused name (see :func:`refused_sources`)."""
    texts = {source.id: _read_source(source, sources_dir) for source in case.sources}
    checks: list[EvidenceCheck] = []
    for item in case.evidence:
        text = texts.get(item.source)
        if not isinstance(text, list):
            checks.append(
                EvidenceCheck(item=item.id, status=Status.NO_SOURCE_TEXT, source=item.source,
                              paragraph=item.paragraph,
                              detail=text or f"source '{item.source}' is not declared")
            )  # fmt: skip
            continue
        anchor = normalise(item.anchor)
        found = tuple(number for number, para in enumerate(text, start=1) if anchor in para)
        if item.paragraph in found:
            status, detail = Status.VERIFIED, _hindsight(case, item.source)
        elif found:
            shown = ", ".join(str(n) for n in found)
            status, detail = Status.WRONG_PARAGRAPH, f"the anchor stands in paragraph {shown}"
        elif item.paragraph > len(text):
            status = Status.NOT_FOUND
            detail = f"the source has only {len(text)} paragraphs, and the anchor is in none"
        else:
            status, detail = Status.NOT_FOUND, "the anchor is in no paragraph of the source"
        checks.append(
            EvidenceCheck(item=item.id, status=status, source=item.source,
                          paragraph=item.paragraph, found_in=found, detail=detail)
        )  # fmt: skip
    for judged in iter_judgments(case):
        if judged.judgment.assumption is not None:
            checks.append(
                EvidenceCheck(item=judged.label, status=Status.ASSUMPTION,
                              detail=judged.judgment.assumption)
            )  # fmt: skip
    counts = Counter(str(check.status) for check in checks)
    return EvidenceReport(
        case=case.id,
        sources_dir=shown_path(sources_dir),
        ok=not any(check.status in FAILURES for check in checks),
        counts={str(s): counts.get(str(s), 0) for s in Status},
        checks=tuple(checks),
    )
