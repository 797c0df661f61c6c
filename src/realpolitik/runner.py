"""The main job from a loaded case to files on disk and a stored run: what `realpolitik run`
and the web service both do, written once.

Steps: make the output folder (before any work, so a bad folder fails fast), run every stage
of the analysis, write ``results.json`` (canonical JSON) and the self-contained
``report.html``, optionally export the charts as PNG and SVG, and record the run in the SQLite
store in one transaction.

Every file is written whole or not at all: it goes to a temporary file in the same folder, is
flushed to disk, and only then renamed over the old one (``os.replace`` is atomic on POSIX and
Windows). A run killed mid-way therefore leaves the previous report and results intact, never
a truncated one; at worst a hidden ``.NAME.*.tmp`` file stays behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from realpolitik.analysis import RunSettings, analyse, dumps
from realpolitik.analysis.core import Progress
from realpolitik.case import Case
from realpolitik.report import ChartExportError, build_report, chart_index, export_charts
from realpolitik.results import RunResults
from realpolitik.store import StoreError, save_run

#: A folder name this module creates: no separators, no leading dot, nothing a shell expands.
_FOLDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


class OutputError(Exception):
    """The run's files or its record cannot be written; ``fix`` says what to do."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True)
class RunOutput:
    """Where a finished run went: its record in the store, its files, its results."""

    run_id: int
    out_dir: Path
    report_path: Path
    results_path: Path
    results: RunResults
    chart_note: str  # what happened to the chart images ("" when not asked for)


def prepare_output(out_dir: Path) -> Path:
    """Create the output folder, or raise :class:`OutputError` saying why not."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"cannot create the output folder {out_dir} ({error.strerror})",
            "choose another output folder",
        ) from None
    return out_dir


def new_run_folder(root: Path, name: str) -> Path:
    """Create ``root/name`` as a new, empty folder and return its resolved path.

    The folder is made with an exclusive ``mkdir``: when anything is already there (an earlier
    run's folder, a file, a symbolic link pointing anywhere) it raises ``FileExistsError`` and
    touches nothing, so a run never writes into another run's folder nor follows a link out
    of ``root``. Raises :class:`OutputError` when ``root`` cannot be created."""
    if not _FOLDER_NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a plain folder name")
    try:
        root.mkdir(parents=True, exist_ok=True)
        real_root = root.resolve(strict=True)
    except OSError as error:
        raise OutputError(
            f"cannot create the output folder {root} ({error.strerror})",
            "choose another output folder",
        ) from None
    folder = real_root / name
    try:
        folder.mkdir()
    except FileExistsError:
        raise
    except OSError as error:
        raise OutputError(
            f"cannot create the run folder {folder} ({error.strerror})",
            "free some space or choose another output folder",
        ) from None
    return folder


def write_files(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write each ``name: content`` into ``folder``, each file whole or not at all.

    All the contents are first written to temporary files beside their targets and flushed
    to disk; only then is each renamed over its target, so the files change together as far
    as a file system allows and a failure before the renames changes none of them."""
    staged: list[tuple[Path, Path]] = []
    try:
        for name, content in files.items():
            staged.append((_stage(folder, name, content), folder / name))
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    _sync_folder(folder)
    return [target for _, target in staged]


def _stage(folder: Path, name: str, content: bytes) -> Path:
    """``content`` in a new hidden file beside ``folder/name``, flushed to disk."""
    temporary = folder / f".{name}.{secrets.token_hex(6)}.tmp"
    # O_EXCL: a fresh file, never an existing one or the target of a planted link.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            _write_all(stream, content)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return temporary


def _write_all(stream: IO[bytes], content: bytes) -> None:
    """Write the bytes (a seam for the tests that simulate a kill mid-write)."""
    stream.write(content)


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entries, so the renames survive a power cut (POSIX only)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _export_charts(
    figures: Sequence[tuple[str, Any]], out_dir: Path, sections: Mapping[str, str]
) -> str:
    """Draw the charts into a hidden staging folder, then move each finished image into
    ``out_dir/charts`` and write its ``index.md`` (file, title, section): a run killed while
    drawing leaves the previous images whole."""
    charts = out_dir / "charts"
    staging = Path(tempfile.mkdtemp(prefix=".charts-", dir=out_dir))
    try:
        drawn = export_charts(figures, staging)
        charts.mkdir(exist_ok=True)
        for image in drawn:
            with image.open("rb") as stream:
                os.fsync(stream.fileno())
            os.replace(image, charts / image.name)
        write_files(charts, {"index.md": chart_index(figures, drawn, sections).encode("utf-8")})
    except ChartExportError as error:
        return f"warning: {error}"
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return f"{len(drawn)} chart images in {charts} (listed in index.md)"


def run_and_record(
    case: Case,
    settings: RunSettings,
    out_dir: Path,
    store_path: Path,
    case_name: str | None = None,
    progress: Progress | None = None,
    charts: bool = False,
) -> RunOutput:
    """Analyse ``case``, write its report and results under ``out_dir`` and record the run in
    the store at ``store_path``. With ``charts`` the report's charts are also drawn as PNG and
    SVG files (the report itself embeds them and does not need the files); images that cannot
    be drawn (no Chromium) leave a warning in ``chart_note``; a store that cannot be written
    raises :class:`OutputError` after the files are written."""
    prepare_output(out_dir)
    results = analyse(case, settings, case_name=case_name, progress=progress)
    return record_run(case, settings, results, out_dir, store_path, charts)


def record_run(
    case: Case,
    settings: RunSettings,
    results: RunResults,
    out_dir: Path,
    store_path: Path,
    charts: bool = True,
) -> RunOutput:
    """Write the report and results of an analysed case under ``out_dir`` and record the run
    (the second half of :func:`run_and_record`)."""
    prepare_output(out_dir)
    results_path = out_dir / "results.json"
    report_path = out_dir / "report.html"
    report = build_report(case, results)
    try:
        write_files(
            out_dir,
            {
                results_path.name: dumps(results).encode("utf-8"),
                report_path.name: report.html.encode("utf-8"),
            },
        )
    except OSError as error:
        raise OutputError(
            f"cannot write the results to {out_dir} ({error.strerror})",
            "free some space or choose another output folder",
        ) from None
    chart_note = _export_charts(report.figures, out_dir, report.sections) if charts else ""
    try:
        run_id = save_run(
            store_path, case_id=case.id, case_sha256=case.digest, seed=settings.seed,
            n_runs=settings.n_runs, version=results.meta.version,
            command=results.meta.command, inputs=case.model_dump(mode="json"),
            results=results,
        )  # fmt: skip
    except StoreError as error:
        raise OutputError(str(error), "give a writable file path for the run store") from None
    return RunOutput(run_id, out_dir, report_path, results_path, results, chart_note)


@dataclass(frozen=True)
class BatchJob:
    """One case of a batch: the loaded case, the name it was given by, its output folder."""

    case: Case
    case_name: str
    out_dir: Path


def _analyse_job(job: tuple[Case, RunSettings, str]) -> RunResults:
    case, settings, name = job
    return analyse(case, settings, case_name=name)


def run_many(
    jobs: Sequence[BatchJob],
    settings: RunSettings,
    store_path: Path,
    charts: bool = True,
    done: Callable[[RunOutput], None] | None = None,
) -> list[RunOutput]:
    """Run many cases through one executor (``settings.workers``/``scheduler``), each case a
    task of its own, and write and record each in its own folder as its results come back.

    On a cluster each worker analyses whole cases one at a time; in this process the cases
    run one after the other (and their sweeps on the current executor). Results are the same
    as one ``run_and_record`` per case. ``done`` is called after each case is recorded."""
    from realpolitik.uncertainty import executing

    for job in jobs:
        prepare_output(job.out_dir)
    outputs: list[RunOutput] = []
    inner = replace(settings, workers=None, scheduler=None)
    with executing(settings.workers, settings.scheduler) as executor:
        tasks = [(job.case, inner, job.case_name) for job in jobs]
        if executor.workers > 1:
            analysed = executor.map(_analyse_job, tasks)
        else:
            analysed = [_analyse_job(task) for task in tasks]
        for job, results in zip(jobs, analysed, strict=True):
            output = record_run(job.case, inner, results, job.out_dir, store_path, charts)
            outputs.append(output)
            if done is not None:
                done(output)
    return outputs
