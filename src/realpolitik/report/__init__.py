"""Reports: the HTML page and its charts."""

from realpolitik.report.html import render_report

__all__ = ["render_report"]
