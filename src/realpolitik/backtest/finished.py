"""A finished run to backtest: its results read from the run store or a results.json file,
so that scoring a run's forecasts never reruns the engines.

A run names its case in ``meta``: the id, the SHA-256 of the case file, and the command that
made it (whose third word is the case as it was given). The outcomes scored are those of the
case as it stands now; when its file has changed since the run (outcomes added later, as a
backtest expects), :attr:`FinishedRun.case_changed` says so.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from realpolitik.backtest.score import BacktestError
from realpolitik.results import RunResults
from realpolitik.store import StoreError, get_run

RESULTS_FILE = "results.json"
#: The parts of results a backtest reads; a run without any of them has nothing to score.
SCORED_PARTS = ("bargaining", "scenarios", "games")


@dataclass(frozen=True)
class FinishedRun:
    """The results of a finished run and where they came from ("run 3 of STORE", a path)."""

    results: RunResults
    where: str

    @property
    def case_id(self) -> str:
        return self.results.meta.case

    @property
    def case_as_given(self) -> str | None:
        """The case as the run's command named it (a built-in name or a file path)."""
        try:
            words = shlex.split(self.results.meta.command)
        except ValueError:
            return None
        return words[2] if len(words) > 2 and words[:2] == ["realpolitik", "run"] else None

    def case_changed(self, digest: str) -> bool:
        """Whether a case file with SHA-256 ``digest`` differs from the one the run read."""
        recorded = self.results.meta.case_sha256
        return bool(recorded and digest and recorded != digest)


def is_run_reference(argument: str) -> bool:
    """Whether ``argument`` names a finished run rather than a case: a run id (digits), a
    ``.json`` file, or a folder holding results.json and no case.toml."""
    if argument.isdigit():
        return True
    path = Path(argument)
    if path.suffix == ".json":
        return True
    return path.is_dir() and (path / RESULTS_FILE).is_file() and not (path / "case.toml").exists()


def read_finished_run(argument: str, store: Path) -> FinishedRun:
    """The run ``argument`` names (see :func:`is_run_reference`); raises
    :class:`BacktestError` naming what is missing and how to fix it."""
    if argument.isdigit():
        if not store.exists():
            raise BacktestError(
                f"there is no run store at {store} to read run {argument} from",
                "give --store the store the run was recorded in, or a results.json path",
            )
        try:
            record = get_run(store, int(argument))
        except StoreError as error:
            raise BacktestError(str(error), "check --store and the run id") from None
        return _checked(record.results, f"run {record.id} of {store}")
    path = Path(argument)
    if path.is_dir():
        path = path / RESULTS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise BacktestError(
            f"cannot read {path} ({error.strerror or error})",
            "give the results.json that `realpolitik run` wrote, or the run's folder",
        ) from None
    try:
        results = json.loads(text)
    except json.JSONDecodeError as error:
        raise BacktestError(
            f"{path} is not JSON (line {error.lineno}: {error.msg})",
            "give the results.json that `realpolitik run` wrote, unchanged",
        ) from None
    return _checked(results, str(path))


def _checked(results: Any, where: str) -> FinishedRun:
    if not isinstance(results, dict) or not isinstance(results.get("meta"), dict):
        raise BacktestError(
            f"{where} holds no run results (no `meta` part)",
            "give the results.json that `realpolitik run` wrote, or a run id from the store",
        )
    if "case" not in results["meta"]:
        raise BacktestError(f"{where} does not name its case", "give --case the case it ran")
    if not any(results.get(part) for part in SCORED_PARTS):
        raise BacktestError(
            f"{where} holds no forecasts (none of: {', '.join(SCORED_PARTS)})",
            "backtest a run of the whole analysis (`realpolitik run`)",
        )
    try:
        typed = RunResults.model_validate(results)
    except ValidationError as error:
        first = error.errors()[0]
        at = ".".join(str(part) for part in first["loc"])
        raise BacktestError(
            f"{where} does not have the shape of this version's results (at {at}: {first['msg']})",
            "run the case again with this version (`realpolitik run`), then backtest that run",
        ) from None
    return FinishedRun(typed, where)
