"""The report's HTML templates (Jinja2) and the filters they share.

Every section of the report is a template under ``report/templates``; Python code gathers what
a section shows (from the typed run results) and the template lays it out. Autoescaping is on:
text from a case or from results is escaped unless it is marked safe (:class:`markupsafe.Markup`,
which is what a chart's HTML from :meth:`Page.figure` and a rendered sub-template are).

Shared pieces live in ``macros.html.j2`` (``table``, ``cell``); import them in a template with
``{% from "macros.html.j2" import table %}``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup


def number(value: object) -> str:
    """A table's number: floats to three significant digits, integers as they are."""
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


@cache
def environment() -> Environment:
    """The one Jinja2 environment of the report (templates are compiled once a process)."""
    env = Environment(
        loader=PackageLoader("realpolitik.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        undefined=StrictUndefined,  # a misspelt name in a template fails, never prints ""
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = number
    return env


def render(template: str, **context: Any) -> Markup:
    """``template`` (a file name under report/templates) rendered with ``context``; the result
    is safe HTML, so a section can place it in another template as it is."""
    return Markup(environment().get_template(template).render(**context))
