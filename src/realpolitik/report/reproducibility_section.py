"""The report's "Reproducibility" section: what was run, and the command that reruns it."""

from __future__ import annotations

from realpolitik.case import Case
from realpolitik.report.html import Page
from realpolitik.report.templating import render
from realpolitik.results import RunResults


def reproducibility_section(case: Case, results: RunResults, page: Page) -> str:
    return render("reproducibility.html.j2", meta=results.meta)
