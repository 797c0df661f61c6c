"""Reports: the HTML page, its charts, and static copies of the charts."""

from realpolitik.report.html import Report, build_report, render_report
from realpolitik.report.images import (
    ChartExportError,
    chart_index,
    export_charts,
    find_browser,
    stable_svg,
)

__all__ = [
    "ChartExportError",
    "Report",
    "build_report",
    "chart_index",
    "export_charts",
    "find_browser",
    "render_report",
    "stable_svg",
]
