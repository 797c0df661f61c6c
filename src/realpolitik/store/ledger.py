"""The ledger of sealed forecasts: an append-only, hash-chained JSON Lines file.

Sealing a run copies its forecasts out of the run store into ``ledger.jsonl``, beside the
store's database, as one line that cannot later be changed unnoticed, so that the forecasts can
be graded honestly once the outcomes are known (pre-registration). Each line is the canonical
JSON of one :class:`LedgerEntry` (sorted keys, no spaces, UTF-8). It carries ``previous``, the
SHA-256 of the line before it (64 zeros for the first), and ``entry_sha256``, the SHA-256 of
its own canonical JSON without that field: editing any line breaks the chain at that line
(Haber & Stornetta 1991, "How to time-stamp a digital document", *Journal of Cryptology*
3(2), 99-111). The chain cannot show that lines were cut from the end or that the whole file
was rewritten; the hash of the latest entry, kept somewhere else, pins everything up to it.

Lines are appended under an exclusive ``fcntl.flock`` lock and flushed to disk with
``os.fsync``; readers take a shared lock, so nobody reads half a line. Entries are never
rewritten or deleted.

Grading sets a sealed entry's forecasts against the outcomes of its case with
:func:`realpolitik.backtest.backtest`, the same scoring as ``realpolitik backtest``.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationError,
    field_serializer,
)

from realpolitik.backtest import (
    CategoryScore,
    Forecasts,
    IssueForecast,
    IssueScore,
    backtest,
    game_distribution,
    scenario_distribution,
)
from realpolitik.backtest.score import MODELS, _normalised
from realpolitik.case import Case, Outcome
from realpolitik.results import RunResults
from realpolitik.results.backtest import BacktestSummary, Unscored
from realpolitik.results.bargaining import BargainingIssue
from realpolitik.store.runs import RunRecord, StoreError, get_run

LEDGER_NAME = "ledger.jsonl"
GENESIS = "0" * 64  # the ``previous`` of the first entry

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class LedgerError(Exception):
    """The ledger cannot be read, is broken, or refuses an entry; ``fix`` says what to do."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def ledger_path(store_path: Path) -> Path:
    """The ledger that belongs to the run store at ``store_path``: in the same folder."""
    return store_path.parent / LEDGER_NAME


def canonical_json(data: Any) -> str:
    """The one JSON text of ``data`` that the ledger hashes: sorted keys, no spaces."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def utc_text(moment: dt.datetime) -> str:
    """A UTC time as the ledger writes it: ``2025-06-01T12:00:00Z``."""
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def results_sha256(results: Mapping[str, Any]) -> str:  # the JSON form of results
    """SHA-256 of a run's results as canonical JSON. The same from the store's copy and from
    ``json.load`` of the run's results.json, since both hold the same values."""
    return sha256_hex(canonical_json(results))


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SealedBand(_Frozen):
    """One bargaining model's Monte Carlo spread on an issue (0-100 scale)."""

    median: float
    quartiles: tuple[float, float]
    interval_90: tuple[float, float]


class SealedIssue(_Frozen):
    """An issue's forecasts: each model's point forecast and, where run, its Monte Carlo
    spread."""

    id: str
    title: str
    point: dict[str, float]  # model -> point forecast
    bands: dict[str, SealedBand] = {}  # model -> spread


class SealedDistribution(_Frozen):
    """A probability for each variant of a descriptor, or each outcome of a game."""

    id: str
    probabilities: dict[str, float]


class SealedForecasts(_Frozen):
    """What :func:`realpolitik.backtest.backtest` scores, fixed at sealing. Descriptors and
    games are sealed as the distributions the backtest derives from the run's results
    (:func:`~realpolitik.backtest.scenario_distribution`,
    :func:`~realpolitik.backtest.game_distribution`), so a later change to that derivation
    cannot change a sealed forecast."""

    issues: tuple[SealedIssue, ...] = ()
    descriptors: tuple[SealedDistribution, ...] = ()
    games: tuple[SealedDistribution, ...] = ()

    def is_empty(self) -> bool:
        return not (self.issues or self.descriptors or self.games)


class LedgerEntry(_Frozen):
    """One sealed run: one line of the ledger."""

    sequence: int = Field(ge=1)  # the line number, from 1
    sealed_at: dt.datetime  # UTC, to the second
    run_id: int
    store: str  # the run store's file name
    case_id: str
    case_sha256: str  # of the case file the run was made from
    results_sha256: Sha256  # see results_sha256()
    version: str  # realpolitik's version that made the run
    command: str  # the command that reproduces the run
    note: str | None = None
    forecasts: SealedForecasts
    previous: Sha256  # SHA-256 of the previous line, GENESIS for the first
    entry_sha256: Sha256  # SHA-256 of this entry's canonical JSON without this field

    def line(self) -> str:
        """The entry as its ledger line (without the newline)."""
        return canonical_json(self.model_dump(mode="json"))


def _sealed_issue(issue: BargainingIssue) -> SealedIssue:
    return SealedIssue(
        id=issue.id,
        title=issue.title,
        point=issue.point,
        bands={
            model: SealedBand.model_validate(summary, from_attributes=True)
            for model, summary in issue.monte_carlo.summaries.items()
        },
    )


def seal_forecasts(results: RunResults) -> SealedForecasts:
    """The forecasts a backtest scores, taken from a run's results."""
    issues = tuple(
        _sealed_issue(issue) for issue in (results.bargaining.issues if results.bargaining else [])
    )
    descriptors = []
    for descriptor in [] if results.scenarios is None else results.scenarios.descriptors:
        found = scenario_distribution(results, descriptor.id)
        if found:  # every variant, those no consistent scenario holds at 0
            variants = [variant.id for variant in descriptor.variants]
            probabilities = {variant: found.get(variant, 0.0) for variant in variants}
            descriptors.append(SealedDistribution(id=descriptor.id, probabilities=probabilities))
    games = []
    for game in results.games.games if results.games is not None else ():
        found = game_distribution(results, game.id)
        if found:
            games.append(SealedDistribution(id=game.id, probabilities=found))
    return SealedForecasts(issues=issues, descriptors=tuple(descriptors), games=tuple(games))


# --- reading and checking the chain ---------------------------------------------------------


@dataclass(frozen=True)
class LedgerCheck:
    """The result of walking the chain: how many lines hold, and the first that does not."""

    path: Path
    entries: int  # intact entries before the first broken line (all of them when intact)
    last_sha256: str  # entry_sha256 of the last intact entry (GENESIS when none)
    broken_line: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_line is None

    def raise_if_broken(self) -> None:
        if self.broken_line is not None:
            raise LedgerError(self.describe(), BROKEN_FIX)

    def describe(self) -> str:
        if self.broken_line is not None:
            return f"{self.path}:{self.broken_line}: {self.problem}"
        if not self.entries:
            return f"{self.path}: no entries yet"
        plural = "entry" if self.entries == 1 else "entries"
        return (
            f"{self.path}: {self.entries} {plural}, chain intact "
            f"(last entry_sha256 {self.last_sha256})"
        )


BROKEN_FIX = (
    "a ledger is never repaired in place: restore ledger.jsonl from a copy, or move it aside "
    "and start a new ledger"
)


def _check_line(raw: bytes, number: int, previous: str) -> tuple[LedgerEntry | None, str]:
    """The entry on line ``number`` and "", or None and what is wrong with the line."""
    if not raw:
        return None, "the line is empty"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "the line is not UTF-8 text (it was edited or damaged)"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, f"the line is not JSON ({error.msg} at column {error.colno})"
    if not isinstance(data, dict):
        return None, "the line is not a JSON object"
    if canonical_json(data) != text:
        return None, "the line is not in canonical JSON form (it was edited)"
    try:
        entry = LedgerEntry.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return None, f"the line is not a ledger entry ({where}: {first['msg']})"
    content = {key: value for key, value in data.items() if key != "entry_sha256"}
    if sha256_hex(canonical_json(content)) != entry.entry_sha256:
        return None, "entry_sha256 does not match the entry's content (the line was edited)"
    if entry.sequence != number:
        return None, f"sequence is {entry.sequence} on line {number} (a line was removed or added)"
    if entry.previous != previous:
        what = "the first entry" if number == 1 else f"line {number - 1}"
        return None, (
            f"previous is {entry.previous[:12]}... but {what} hashes to {previous[:12]}... "
            "(an earlier line was changed, removed or inserted)"
        )
    return entry, ""


def _walk(data: bytes, path: Path) -> tuple[list[LedgerEntry], LedgerCheck]:
    """Every intact entry up to the first broken line, and the check."""
    entries: list[LedgerEntry] = []
    previous = last = GENESIS
    *lines, tail = data.split(b"\n")  # a whole ledger ends with a newline: tail is empty
    for number, raw in enumerate(lines, start=1):
        entry, problem = _check_line(raw, number, previous)
        if entry is None:
            return entries, LedgerCheck(path, len(entries), last, number, problem)
        entries.append(entry)
        previous = hashlib.sha256(raw).hexdigest()
        last = entry.entry_sha256
    if tail:
        problem = "the last line has no newline (an append was interrupted)"
        return entries, LedgerCheck(path, len(entries), last, len(lines) + 1, problem)
    return entries, LedgerCheck(path, len(entries), last)


@contextmanager
def _locked(path: Path, mode: Literal["rb", "a+b"]) -> Iterator[IO[bytes]]:
    """The ledger file opened and locked: shared for reading, exclusive for appending."""
    try:
        handle = open(path, mode)  # noqa: SIM115 - closed below, after the lock is released
    except OSError as error:
        raise LedgerError(
            f"cannot open the ledger {path} ({error.strerror})",
            "check the --store path and that its folder is writable",
        ) from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_SH if mode == "rb" else fcntl.LOCK_EX)
        try:
            yield handle
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


def load_ledger(path: Path) -> tuple[list[LedgerEntry], LedgerCheck]:
    """Every intact entry, oldest first, up to the first broken line, and the check of the
    whole chain (a missing ledger is an empty one)."""
    if not path.exists():
        return [], LedgerCheck(path, 0, GENESIS)
    with _locked(path, "rb") as handle:
        return _walk(handle.read(), path)


def verify_ledger(path: Path) -> LedgerCheck:
    """Walk the ledger's hash chain and report the first broken line."""
    return load_ledger(path)[1]


def read_ledger(path: Path) -> list[LedgerEntry]:
    """Every entry of an intact ledger, oldest first; :class:`LedgerError` naming the first
    broken line otherwise."""
    entries, check = load_ledger(path)
    check.raise_if_broken()
    return entries


# --- sealing --------------------------------------------------------------------------------


def _new_entry(
    record: RunRecord,
    store_name: str,
    forecasts: SealedForecasts,
    sequence: int,
    sealed_at: dt.datetime,
    note: str | None,
    previous: str,
) -> LedgerEntry:
    """The entry sealing ``record``, its own hash computed over the rest of it."""
    content = {
        "sequence": sequence,
        "sealed_at": sealed_at,
        "run_id": record.id,
        "store": store_name,
        "case_id": record.case_id,
        "case_sha256": record.case_sha256,
        "results_sha256": results_sha256(record.results),
        "version": record.version,
        "command": record.command,
        "note": note,
        "forecasts": forecasts,
        "previous": previous,
        "entry_sha256": GENESIS,  # a placeholder, left out of the hash below
    }
    draft = LedgerEntry.model_validate(content).model_dump(mode="json")
    del draft["entry_sha256"]
    return LedgerEntry.model_validate({**draft, "entry_sha256": sha256_hex(canonical_json(draft))})


def seal_run(
    store_path: Path, run_id: int, note: str | None = None, now: dt.datetime | None = None
) -> LedgerEntry:
    """Seal run ``run_id`` of the store at ``store_path``: append its forecasts to the
    ledger beside the store and return the new entry. Refuses an unknown run, a run already
    sealed and a broken ledger with :class:`LedgerError`."""
    if not store_path.is_file():
        raise LedgerError(
            f"there is no run store at {store_path}",
            "give the --store path that `realpolitik run` recorded the run in",
        )
    try:
        record = get_run(store_path, run_id)
    except StoreError as error:
        raise LedgerError(str(error), "check the --store path and the run id") from None
    forecasts = seal_forecasts(record.run_results())
    if forecasts.is_empty():
        raise LedgerError(
            f"run {run_id} holds no forecasts to seal (no issue, scenario or game forecast)",
            "seal a run of a case with issues, scenarios or games",
        )
    sealed_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    path = ledger_path(store_path)
    with _locked(path, "a+b") as handle:
        handle.seek(0)
        data = handle.read()
        entries, check = _walk(data, path)
        check.raise_if_broken()
        for old in entries:
            if old.run_id == run_id and old.store == store_path.name:
                raise LedgerError(
                    f"run {run_id} of {store_path.name} is already sealed as entry "
                    f"{old.sequence} of {path} (sealed {utc_text(old.sealed_at)}, "
                    f"entry_sha256 {old.entry_sha256})",
                    "a sealed forecast stays as it was; make a new run to seal a new forecast",
                )
        previous = hashlib.sha256(data.split(b"\n")[-2]).hexdigest() if entries else GENESIS
        entry = _new_entry(
            record, store_path.name, forecasts, len(entries) + 1, sealed_at, note, previous
        )
        try:
            handle.write((entry.line() + "\n").encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as error:
            raise LedgerError(
                f"cannot append to the ledger {path} ({error.strerror})",
                "free some space or check the folder's permissions, then seal again",
            ) from None
    return entry


# --- grading --------------------------------------------------------------------------------


class OutcomeTiming(_Frozen):
    """When an outcome is dated against when the forecast was sealed. An outcome dated on or
    before the day of sealing may have been known when the forecast was made."""

    outcome: str
    date: dt.date
    sealed_at: dt.datetime
    known_at_sealing: bool


class EntryGrade(_Frozen):
    """One sealed entry scored against its case's outcomes (or awaiting them)."""

    entry: LedgerEntry
    status: Literal["graded", "awaiting outcomes"]
    why_awaiting: str | None = None
    case_file: str | None = None
    case_file_sha256: str | None = None  # differs from the entry's when outcomes were added
    timing: tuple[OutcomeTiming, ...] = ()
    issues: tuple[IssueScore, ...] = ()
    categories: tuple[CategoryScore, ...] = ()
    unscored: tuple[Unscored, ...] = ()
    summary: BacktestSummary | None = None  # written {} while awaiting outcomes

    @field_serializer("summary", mode="wrap")
    def _summary(
        self, summary: BacktestSummary | None, handler: SerializerFunctionWrapHandler
    ) -> Any:
        return {} if summary is None else handler(summary)


def _as_forecasts(sealed: SealedForecasts) -> Forecasts:
    """The sealed forecasts as the backtest scores them. An issue is scored against its
    expected-utility band beside the points, so an issue sealed without one has no forecast;
    the distributions are taken as they were sealed (normalised again, as the backtest does
    with a run's distributions)."""
    return Forecasts(
        issues={
            issue.id: IssueForecast(
                id=issue.id,
                title=issue.title,
                point={model: issue.point[model] for model in MODELS},
                median=issue.bands["eum"].median,
                quartiles=issue.bands["eum"].quartiles,
                interval_90=issue.bands["eum"].interval_90,
            )
            for issue in sealed.issues
            if "eum" in issue.bands
        },
        descriptors={item.id: _normalised(item.probabilities) for item in sealed.descriptors},
        games={item.id: _normalised(item.probabilities) for item in sealed.games},
    )


def _timing(outcome: Outcome, sealed_at: dt.datetime) -> OutcomeTiming:
    return OutcomeTiming(
        outcome=outcome.id,
        date=outcome.date,
        sealed_at=sealed_at,
        known_at_sealing=outcome.date <= sealed_at.date(),
    )


def grade_entry(entry: LedgerEntry, case: Case | None) -> EntryGrade:
    """Score a sealed entry against ``case``'s outcomes, each with the backtest's scoring;
    an entry without a case or without outcomes is awaiting them."""
    if case is None or not case.outcomes:
        why = (
            f"no case file with id '{entry.case_id}' was given"
            if case is None
            else f"case '{case.id}' records no outcomes yet"
        )
        return EntryGrade(entry=entry, status="awaiting outcomes", why_awaiting=why)
    scored = backtest(case, _as_forecasts(entry.forecasts))
    graded = bool(scored.issues or scored.categories)
    return EntryGrade(
        entry=entry,
        status="graded" if graded else "awaiting outcomes",
        why_awaiting=None if graded else "no outcome of the case resolves a sealed forecast",
        case_file=case.file or None,
        case_file_sha256=case.digest or None,
        timing=tuple(_timing(outcome, entry.sealed_at) for outcome in case.outcomes),
        issues=scored.issues,
        categories=scored.categories,
        unscored=scored.unscored,
        summary=scored.summary,
    )


def grade_ledger(entries: Sequence[LedgerEntry], cases: Mapping[str, Case]) -> list[EntryGrade]:
    """Grade every entry against the case of the same id in ``cases``."""
    return [grade_entry(entry, cases.get(entry.case_id)) for entry in entries]
