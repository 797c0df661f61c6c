"""The main job from a loaded case to files on disk and a stored run: what `realpolitik run`
and the web service both do, written once.

Steps: make the output folder (before any work, so a bad folder fails fast), run every stage
of the analysis, write ``results.json`` (canonical JSON) and the self-contained
``report.html``, optionally export the charts as PNG and SVG, and record the run in the SQLite
store in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from realpolitik.analysis import RunSettings, analyse, dumps
from realpolitik.analysis.core import Progress
from realpolitik.case import Case
from realpolitik.report import ChartExportError, build_report, export_charts
from realpolitik.store import StoreError, save_run


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
    results: dict[str, Any]
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


def run_and_record(
    case: Case,
    settings: RunSettings,
    out_dir: Path,
    store_path: Path,
    case_name: str | None = None,
    progress: Progress | None = None,
    charts: bool = True,
) -> RunOutput:
    """Analyse ``case``, write its report and results under ``out_dir`` and record the run in
    the store at ``store_path``. Chart images that cannot be drawn (no Chromium) leave a
    warning in ``chart_note``; a store that cannot be written raises :class:`OutputError`
    after the files are written."""
    prepare_output(out_dir)
    results = analyse(case, settings, case_name=case_name, progress=progress)
    results_path = out_dir / "results.json"
    report_path = out_dir / "report.html"
    try:
        results_path.write_text(dumps(results), encoding="utf-8")
        report = build_report(case, results)
        report_path.write_text(report.html, encoding="utf-8")
    except OSError as error:
        raise OutputError(
            f"cannot write the results to {out_dir} ({error.strerror})",
            "free some space or choose another output folder",
        ) from None
    chart_note = ""
    if charts:
        try:
            written = export_charts(report.figures, out_dir / "charts")
            chart_note = f"{len(written)} chart images in {out_dir / 'charts'}"
        except ChartExportError as error:
            chart_note = f"warning: {error}"
    try:
        run_id = save_run(
            store_path, case_id=case.id, case_sha256=case.digest, seed=settings.seed,
            n_runs=settings.n_runs, version=results["meta"]["version"],
            command=results["meta"]["command"], inputs=case.model_dump(mode="json"),
            results=results,
        )  # fmt: skip
    except StoreError as error:
        raise OutputError(str(error), "give a writable file path for the run store") from None
    return RunOutput(run_id, out_dir, report_path, results_path, results, chart_note)
