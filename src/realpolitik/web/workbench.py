"""The workbench: open a case, change its judgments, rerun the quick engines, compare.

A case opened on the page (a built-in one, or a case file's text sent with the source texts
its evidence quotes) is kept for the service's lifetime as its text. An edit names a
judgment by a readable address (``issues[peacekeepers].positions[russia].salience``) and a
new value; it is checked on its own first (known address, value on the judgment's scale,
within its stated range), then written into the case text in place (comments and layout
kept) and the whole text is read again by the service's intake, the same checks as any case
file. Nothing a client sends is trusted: a value reaches the engines only through a text
that passed those checks.

The quick engines are the point forecasts of every bargaining model on every issue and the
exact set of consistent scenarios (no Monte Carlo, no sweeps), run in a child process
stopped after :data:`QUICK_SECONDS` (:mod:`realpolitik.web.isolation`). The evidence of
each judgment is shown with its quote and, when source texts were sent, whether the quote is
found in them. Source texts are written only into a fresh temporary folder of the case's
own, under names checked to stay inside it.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from realpolitik.analysis.inputs import issue_inputs
from realpolitik.analysis.scenarios_stage import case_matrix
from realpolitik.bargaining import MODELS, BargainingError, forecast
from realpolitik.case import Case, iter_judgments
from realpolitik.case.checks import MAX_CONSISTENT_SCENARIOS
from realpolitik.case.judgments import FieldPath, JudgedInput
from realpolitik.case.locate import line_index, line_of
from realpolitik.case.model import MAX_JUDGED
from realpolitik.evidence import Status, check_evidence, confined
from realpolitik.scenarios import ComputeLimitError, Deadline, ScenarioError, consistent_scenarios
from realpolitik.web.isolation import ChildFailed, TimeLimitReached, call_isolated

#: Seconds the quick engines may take on one case before they are stopped.
QUICK_SECONDS = 60.0
#: Seconds of that the scenario search may take (it says so if it runs out).
SEARCH_SECONDS = 40.0
#: Consistent scenarios shown in full (the count is always whole).
SHOWN_SCENARIOS = 50
#: Cases kept open at once.
MAX_OPEN_CASES = 40
#: Source texts sent with one case, and a file name's pattern (each part of a path).
MAX_SOURCE_FILES = 64
_NAME_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")

#: The scale of each kind of judgment: (lowest, highest, whole numbers only).
SCALES: dict[str, tuple[float, float, bool]] = {
    "capability": (0.0, 100.0, False),
    "position": (0.0, 100.0, False),
    "salience": (0.0, 100.0, False),
    "reference": (0.0, 100.0, False),
    "cross-impact": (-3.0, 3.0, True),
    "probability": (0.0, 1.0, False),
    "payoff": (-MAX_JUDGED, MAX_JUDGED, False),
}


class EditRefused(Exception):
    """Edits that cannot be applied; ``problems`` name each field, what is wrong and the fix."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class TooManyCases(Exception):
    """The workbench holds as many cases as it may."""


# -- addresses ---------------------------------------------------------------------------


def address_of(case: Case, path: FieldPath) -> str:
    """The readable address of the judgment at ``path`` (indices named by their ids)."""
    parts: list[str] = []
    node: Any = case
    index = 0
    while index < len(path):
        key = path[index]
        if isinstance(key, int):
            item = node[key]
            label = _label(parts[-1] if parts else "", item, key)
            parts[-1] = f"{parts[-1]}[{label}]"
            node = item
        else:
            parts.append(str(key))
            node = node[key] if isinstance(node, dict) else getattr(node, str(key))
        index += 1
    return ".".join(parts)


def _label(collection: str, item: Any, index: int) -> str:
    if collection == "impacts":
        return f"{item.source}>{item.target}"
    if collection == "positions":
        return str(item.actor)
    ident = getattr(item, "id", None)
    return str(ident) if ident is not None else str(index + 1)


def judgments_by_address(case: Case) -> dict[str, JudgedInput]:
    """Every judgment of ``case`` by its address, in file order."""
    return {address_of(case, judged.path): judged for judged in iter_judgments(case)}


# -- source texts ------------------------------------------------------------------------


def source_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a source text, or None when it can."""
    parts = name.split("/")
    if not name or len(name) > 300 or not all(_NAME_PART.match(part) for part in parts):
        return (
            f"{name[:60]!r} is not a plain file name (letters, digits, '.', '_', '-', parts "
            "joined by '/', no '..', at most 100 characters a part)"
        )
    if any(part in (".", "..") or part.startswith("..") for part in parts):
        return f"{name[:60]!r} has a '..' part"
    return None


def write_sources(folder: Path, texts: Sequence[tuple[str, str]]) -> None:
    """Write each ``(name, text)`` into ``folder`` (new and empty), never outside it."""
    for name, text in texts:
        target = confined(folder, name)
        if target is None or source_name_problem(name) is not None:
            raise ValueError(f"source name {name!r} leaves the folder")  # checked before
        target.parent.mkdir(parents=True, exist_ok=True)  # a fresh folder: no links in it
        with target.open("x", encoding="utf-8") as handle:  # never over an existing file
            handle.write(text)


# -- the quick engines ---------------------------------------------------------------------


def quick_look(case: Case, sources: Path | None, tolerance: float) -> dict[str, Any]:
    """Point forecasts of every model on every issue, the consistent scenarios, and (with
    source texts) each evidence item's check. Runs in a child process."""
    issues = []
    for issue in case.issues:
        actors, positions, saliences, capabilities = issue_inputs(case, issue)
        forecasts: dict[str, float | None] = {}
        status = ""
        for model in MODELS:
            try:
                result = forecast(positions.value, saliences.value, capabilities.value, model=model)
            except BargainingError:
                forecasts[model] = None
                continue
            forecasts[model] = round(float(result.forecast), 4)
            if model == "eum":
                status = str(result.status)
        issues.append(
            {"id": issue.id, "title": issue.title, "low": issue.low, "high": issue.high,
             "forecasts": forecasts, "eum_status": status, "actors": len(actors)}
        )  # fmt: skip
    scenarios: dict[str, Any] = {"descriptors": len(case.scenarios.descriptors)}
    if case.scenarios.descriptors:
        matrix, _ = case_matrix(case)
        try:
            found = consistent_scenarios(
                matrix, tolerance, limit=MAX_CONSISTENT_SCENARIOS,
                deadline=Deadline.after(SEARCH_SECONDS),
            )  # fmt: skip
        except (ComputeLimitError, ScenarioError) as error:
            scenarios |= {"space": matrix.space_size, "count": None, "shown": [],
                          "error": {"message": str(error), "fix": _way_out(error)}}  # fmt: skip
        else:
            shown = [
                {"variants": {d: matrix.variants[i][int(v)]
                              for i, (d, v) in enumerate(zip(matrix.descriptors, s.variants,
                                                             strict=True))},
                 "key": ",".join(str(int(v)) for v in s.variants)}
                for s in found.scenarios[:SHOWN_SCENARIOS]
            ]  # fmt: skip
            scenarios |= {"space": found.space_size, "count": len(found.scenarios),
                          "shown": shown, "error": None}  # fmt: skip
    evidence = None
    if sources is not None:
        report = check_evidence(case, sources)
        evidence = {
            check.item: str(check.status)
            for check in report.checks
            if check.status != Status.ASSUMPTION  # those are judgments, not evidence items
        }
    return {"issues": issues, "scenarios": scenarios, "evidence": evidence}


def _way_out(error: Exception) -> str:
    fix = getattr(error, "fix", None)
    return str(fix) if fix else "simplify the matrix, or run the full job with more time"


# -- writing an edit into the text -----------------------------------------------------------

_VALUE = re.compile(r"(?<![\w\"'-])value\s*=\s*([-+]?[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][-+]?\d+)?)")


def number_text(value: float, whole: bool) -> str:
    """``value`` as TOML writes it."""
    if whole or float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def rewrite_value(
    text: str, path: FieldPath, new: str, index: dict[FieldPath, int] | None = None
) -> str | None:
    """``text`` with the judgment at ``path`` given the value ``new``, or None when its
    ``value`` cannot be found unambiguously on its line. ``index`` is the text's
    :func:`~realpolitik.case.locate.line_index` (a rewrite keeps every line where it was, so
    one index serves a series of rewrites)."""
    lines = text.split("\n")
    number = line_of(index if index is not None else line_index(text), (*path, "value"))
    if number is None or not 1 <= number <= len(lines):
        return None
    line = lines[number - 1]
    matches = list(_VALUE.finditer(line))
    if len(matches) > 1:  # several judgments on one line: the one under its own key
        key = re.escape(str(path[-1]))
        anchor = re.search(rf"(?<![\w-])[\"']?{key}[\"']?\s*=\s*\{{", line)
        if anchor is None:
            return None
        matches = [m for m in matches if m.start() > anchor.end()][:1]
    if len(matches) != 1:
        return None
    found = matches[0]
    lines[number - 1] = line[: found.start(1)] + new + line[found.end(1) :]
    return "\n".join(lines)


@dataclass(frozen=True)
class Edit:
    address: str
    value: float


def prepare_edits(case: Case, text: str, edits: Iterable[Edit], filename: str) -> str:
    """The case text with every edit written in; raises :class:`EditRefused` listing every
    edit that names no judgment, leaves its scale or range, or cannot be written."""
    known = judgments_by_address(case)
    index = line_index(text)
    problems: list[dict[str, Any]] = []
    changed = text
    seen: set[str] = set()
    for number, edit in enumerate(edits, start=1):
        where = f"edits[{number}]"
        judged = known.get(edit.address)
        if judged is None:
            problems.append(_edit_problem(where, edit.address, _unknown(edit.address, known)))
            continue
        if edit.address in seen:
            problems.append(_edit_problem(where, edit.address, (
                "this judgment is edited twice", "send one edit per judgment")))  # fmt: skip
            continue
        seen.add(edit.address)
        fault = value_fault(judged, edit.value)
        if fault is not None:
            problems.append(_edit_problem(where, edit.address, fault, filename, index, judged))
            continue
        whole = SCALES[judged.kind][2]
        rewritten = rewrite_value(changed, judged.path, number_text(edit.value, whole), index)
        if rewritten is None:
            problems.append(_edit_problem(where, edit.address, (
                "its value could not be found alone on its line of the case text",
                "change it in the case text itself (the editor shows the line)"),
                filename, index, judged))  # fmt: skip
            continue
        changed = rewritten
    if problems:
        raise EditRefused(problems)
    return changed


def value_fault(judged: JudgedInput, value: float) -> tuple[str, str] | None:
    """What is wrong with ``value`` for this judgment, and the fix; None when nothing."""
    low, high, whole = SCALES[judged.kind]
    if not math.isfinite(value):
        return f"{value!r} is not a finite number", "give a number"
    if whole and not float(value).is_integer():
        return f"{value:g} is not a whole number", f"give a whole number from {low:g} to {high:g}"
    if not low <= value <= high:
        return (
            f"{value:g} is outside the {judged.kind} scale {low:g} to {high:g}",
            f"give a value from {low:g} to {high:g}",
        )
    stated = judged.judgment.range
    if stated is not None and not stated[0] <= value <= stated[1]:
        return (
            f"{value:g} lies outside the judgment's stated range [{stated[0]:g}, {stated[1]:g}]",
            "give a value within the range, or widen the range in the case text",
        )
    return None


def _unknown(address: str, known: dict[str, JudgedInput]) -> tuple[str, str]:
    import difflib

    close = difflib.get_close_matches(address, list(known), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    return (
        "no judgment has this address",
        f"{hint}the case's judgments and their addresses are listed by GET /api/workbench/<id>",
    )


def _edit_problem(
    where: str,
    address: str,
    fault: tuple[str, str],
    filename: str | None = None,
    index: dict[FieldPath, int] | None = None,
    judged: JudgedInput | None = None,
) -> dict[str, Any]:
    line = None
    if index is not None and judged is not None:
        line = line_of(index, (*judged.path, "value"))
    return {"file": filename, "line": line, "field": f"{where} ({address[:200]})",
            "message": fault[0], "fix": fault[1]}  # fmt: skip


# -- the open cases ------------------------------------------------------------------------


@dataclass
class OpenCase:
    """A case open on the workbench: its text as opened and as edited, and what the quick
    engines made of each."""

    id: str
    name: str
    origin: str  # "built-in" or "uploaded"
    original_text: str
    text: str
    case: Case
    original: Case
    sources: Path | None
    source_files: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    quick_error: dict[str, str] | None = None
    tolerance: float = 0.0
    #: Where the evidence is checked: the sent source texts, or the service's own folder.
    evidence_folder: Path | None = None
    edits: list[dict[str, Any]] = field(default_factory=list)
    opened: float = field(default_factory=time.time)
    #: Held while an edit is applied, so that edits to one case go one at a time.
    busy: asyncio.Lock = field(default_factory=asyncio.Lock)


class Workbench:
    """The cases open for the service's lifetime; source texts under one temporary folder,
    removed when the service stops."""

    def __init__(self, time_limit: float = QUICK_SECONDS, workers: int = 2) -> None:
        self.time_limit = time_limit
        self._cases: dict[str, OpenCase] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(workers)
        self._root: Path | None = None

    def folder(self) -> Path:
        """A new, empty folder of its own for one case's source texts."""
        with self._lock:
            if self._root is None:
                self._root = Path(tempfile.mkdtemp(prefix="realpolitik-web-sources-"))
            return Path(tempfile.mkdtemp(dir=self._root))

    def quick(self, case: Case, sources: Path | None, tolerance: float = 0.0) -> dict[str, Any]:
        """The quick engines on ``case`` in a child process; raises :class:`QuickFailed`."""
        with self._slots:
            try:
                result: dict[str, Any] = call_isolated(
                    quick_look, case, sources, tolerance, time_limit=self.time_limit
                )
            except TimeLimitReached:
                raise QuickFailed(
                    f"the quick engines took longer than {self.time_limit:g} s and were stopped",
                    "run the full job (Run) instead, which has a longer time limit",
                ) from None
            except ChildFailed as error:
                raise QuickFailed(
                    f"the quick engines failed ({error})",
                    "try again; if it recurs, run the case with `realpolitik run`",
                ) from None
        return result

    def add(self, entry: OpenCase) -> OpenCase:
        with self._lock:
            if len(self._cases) >= MAX_OPEN_CASES:
                raise TooManyCases(f"{MAX_OPEN_CASES} cases are open already")
            self._cases[entry.id] = entry
        return entry

    def new_id(self) -> str:
        return "c" + secrets.token_hex(5)

    def get(self, case_id: str) -> OpenCase | None:
        with self._lock:
            return self._cases.get(case_id)

    def all(self) -> list[OpenCase]:
        with self._lock:
            return sorted(self._cases.values(), key=lambda c: c.opened, reverse=True)

    def close(self, case_id: str) -> OpenCase | None:
        with self._lock:
            entry = self._cases.pop(case_id, None)
        if entry is not None:
            self.discard(entry)
        return entry

    def discard(self, entry: OpenCase) -> None:
        """Delete the source texts sent with ``entry``."""
        if entry.sources is not None:
            shutil.rmtree(entry.sources, ignore_errors=True)

    def shutdown(self) -> None:
        with self._lock:
            root, self._root = self._root, None
            self._cases.clear()
        if root is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(root)


class QuickFailed(Exception):
    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


# -- what the page shows -------------------------------------------------------------------


def judgment_rows(entry: OpenCase) -> list[dict[str, Any]]:
    """Each judgment with its address, scale, line in the text and its evidence."""
    case = entry.case
    lines = line_index(entry.text)
    checks = (entry.after or entry.before or {}).get("evidence") or {}
    evidence = {item.id: item for item in case.evidence}
    sources = {source.id: source for source in case.sources}
    originals = {
        address: judged.judgment.value
        for address, judged in judgments_by_address(entry.original).items()
    }
    rows = []
    for address, judged in judgments_by_address(case).items():
        low, high, whole = SCALES[judged.kind]
        judgment = judged.judgment
        quotes = []
        for item_id in judgment.evidence:
            item = evidence.get(item_id)
            if item is None:
                continue
            source = sources.get(item.source)
            quotes.append(
                {"id": item.id, "quote": item.anchor, "claim": item.claim,
                 "source": source.title if source is not None else item.source,
                 "source_id": item.source, "paragraph": item.paragraph,
                 "check": checks.get(item.id)}
            )  # fmt: skip
        rows.append(
            {"address": address, "kind": judged.kind, "label": judged.label,
             "value": judgment.value, "original": originals.get(address),
             "low": low, "high": high, "whole": whole,
             "range": list(judgment.range) if judgment.range is not None else None,
             "sd": judgment.sd, "line": line_of(lines, (*judged.path, "value")),
             "evidence": quotes, "assumption": judgment.assumption}
        )  # fmt: skip
    return rows
