"""The report's "The case at a glance" section: what the case holds, by count, its facts, and
the actors' capabilities and positions.

It reads the case summary of the run (``results.case``) and draws its charts from the case."""

from __future__ import annotations

from realpolitik.case import Case
from realpolitik.report import figures
from realpolitik.report.html import Page
from realpolitik.report.templating import render
from realpolitik.results import RunResults


def overview_section(case: Case, results: RunResults, page: Page) -> str:
    return render(
        "overview.html.j2",
        description=case.case.description,
        summary=results.case,
        facts=[(fact.name, str(fact.value), fact.unit) for fact in case.facts],
        capabilities=page.figure(figures.capabilities(case), "capabilities"),
        positions=page.figure(figures.positions(case), "positions"),
    )
