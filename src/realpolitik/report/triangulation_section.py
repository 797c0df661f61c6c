"""The report's "Where the engines agree" section: the triangulation's statements, each with
its verdict (``results.triangulation``, :mod:`realpolitik.analysis.triangulation`)."""

from __future__ import annotations

from realpolitik.case import Case
from realpolitik.report.html import Page
from realpolitik.report.templating import render
from realpolitik.results import RunResults


def triangulation_section(case: Case, results: RunResults, page: Page) -> str:
    statements = results.triangulation or []
    return render(
        "triangulation.html.j2",
        statements=statements,
        agree=sum(1 for s in statements if s.verdict == "agree"),
        disagree=sum(1 for s in statements if s.verdict == "disagree"),
    )
