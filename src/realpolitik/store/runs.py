"""The run store: every analysis run recorded in SQLite, whole or not at all.

A run is written in a single transaction at its end, so a run that is interrupted leaves no
partial record, and a reader never sees half a run. The database lives under the user's data
directory unless a path is given.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, ValidationError

from realpolitik.results import RunResults

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    case_id TEXT NOT NULL,
    case_sha256 TEXT NOT NULL,
    seed INTEGER,
    n_runs INTEGER,
    version TEXT NOT NULL,
    command TEXT NOT NULL,
    inputs TEXT NOT NULL,
    results TEXT NOT NULL
);
"""


class StoreError(Exception):
    """The store cannot be opened or does not hold what was asked for."""


def default_store_path() -> Path:
    return Path(platformdirs.user_data_dir("realpolitik")) / "runs.sqlite"


class RunHeader(BaseModel):
    """What `realpolitik runs list` shows of a run: everything but its inputs and results."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int
    created: str  # UTC, to the second
    case: str  # the case's id
    case_sha256: str
    seed: int | None
    n_runs: int | None
    version: str
    command: str


@dataclass(frozen=True)
class RunRecord:
    id: int
    created: str
    case_id: str
    case_sha256: str
    seed: int | None
    n_runs: int | None
    version: str
    command: str
    inputs: dict[str, Any]
    results: dict[str, Any]  # the results' JSON form, as results.json holds it

    def run_results(self) -> RunResults:
        """The results as their typed model; :class:`StoreError` when they do not have the
        shape this version reads (a run recorded by an older realpolitik)."""
        try:
            return RunResults.model_validate(self.results)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise StoreError(
                f"run {self.id} was recorded by realpolitik {self.version} and its results do"
                f" not have this version's shape (at {where}: {first['msg']}); run its"
                f" command again to record it anew: {self.command}"
            ) from None

    def header(self) -> RunHeader:
        return RunHeader(
            id=self.id, created=self.created, case=self.case_id, case_sha256=self.case_sha256,
            seed=self.seed, n_runs=self.n_runs, version=self.version, command=self.command,
        )  # fmt: skip


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=30)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"cannot open the run store {path}: {error}") from None
    with closing(connection):
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(SCHEMA)
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"{path} is not a realpolitik run store ({error}); choose another --store path"
            ) from None
        yield connection


def save_run(
    path: Path,
    *,
    case_id: str,
    case_sha256: str,
    seed: int | None,
    n_runs: int | None,
    version: str,
    command: str,
    inputs: Mapping[str, Any],
    results: RunResults,
) -> int:
    """Record one run in a single transaction and return its id."""
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    row = (
        created, case_id, case_sha256, seed, n_runs, version, command,
        json.dumps(inputs, sort_keys=True, default=str),
        json.dumps(results.json_data(), sort_keys=True),
    )  # fmt: skip
    with _connect(path) as connection, connection:
        cursor = connection.execute(
            "INSERT INTO runs (created, case_id, case_sha256, seed, n_runs, version, command,"
            " inputs, results) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        run_id = cursor.lastrowid
    if run_id is None:  # pragma: no cover - sqlite always sets it after an INSERT
        raise StoreError("the run store did not return an id for the new run")
    return run_id


def _record(row: tuple[Any, ...]) -> RunRecord:
    return RunRecord(
        id=row[0], created=row[1], case_id=row[2], case_sha256=row[3], seed=row[4],
        n_runs=row[5], version=row[6], command=row[7],
        inputs=json.loads(row[8]), results=json.loads(row[9]),
    )  # fmt: skip


_COLUMNS = "id, created, case_id, case_sha256, seed, n_runs, version, command, inputs, results"


def list_runs(path: Path) -> list[RunRecord]:
    with _connect(path) as connection:
        rows = connection.execute(f"SELECT {_COLUMNS} FROM runs ORDER BY id").fetchall()
    return [_record(row) for row in rows]


def get_run(path: Path, run_id: int) -> RunRecord:
    with _connect(path) as connection:
        row = connection.execute(f"SELECT {_COLUMNS} FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise StoreError(f"run {run_id} is not in {path}; `realpolitik runs list` shows the ids")
    return _record(row)


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, Mapping):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, list):
        flat = {}
        for index, item in enumerate(value):
            flat.update(_flatten(item, f"{prefix}[{index}]"))
        return flat
    return {prefix: value}


class Change(BaseModel):
    """One value that differs between two runs: where, and its value in each ("(absent)"
    where a run lacks it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    section: Literal["inputs", "results"]
    path: str  # dotted, with [index] for list items: "results.bargaining.issues[0].title"
    before: Any
    after: Any


_MISSING = "(absent)"


def diff_runs(first: RunRecord, second: RunRecord) -> list[Change]:
    """Every input and result value that differs between two runs, by dotted path."""
    changes: list[Change] = []
    sections: tuple[Literal["inputs", "results"], ...] = ("inputs", "results")
    for section in sections:
        before = _flatten(getattr(first, section))
        after = _flatten(getattr(second, section))
        for path in sorted(set(before) | set(after)):
            old, new = before.get(path, _MISSING), after.get(path, _MISSING)
            if old != new:
                changes.append(Change(section=section, path=path, before=old, after=new))
    return changes
