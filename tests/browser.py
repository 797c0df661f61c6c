"""Open a page in Debian's headless Chromium through Playwright and report what a person sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


#: What a reader would see as broken in a drawn report: chart text cut off at the chart's edge,
#: labels drawn over one another, a legend over an axis title, contents links to nothing, a
#: command running out of its box, a contents bar that print and screenshots draw mid-page.
LAYOUT_CHECKS = """() => {
  const faults = [];
  const inside = (a, b) => a.top >= b.top - 1 && a.bottom <= b.bottom + 1
    && a.left >= b.left - 1 && a.right <= b.right + 1;
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
    && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const boxes = (plot, selector) => [...plot.querySelectorAll(selector)]
    .map(el => [el, el.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const name = plot.id;
    const chart = plot.querySelector('.main-svg').getBoundingClientRect();
    for (const [el, r] of boxes(plot, '.gtitle, .xtitle, .ytitle, .legend, .annotation-text'))
      if (!inside(r, chart)) faults.push(`${name}: ${el.getAttribute('class')} cut off`);
    const labels = boxes(plot, '.annotation-text, .gtitle, .xtick text, .ytick text');
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++)
        if (overlap(labels[i][1], labels[j][1]))
          faults.push(`${name}: '${labels[i][0].textContent}' over '${labels[j][0].textContent}'`);
    const points = boxes(plot, '.scatterlayer .textpoint');
    for (let i = 0; i < points.length; i++)
      for (let j = i + 1; j < points.length; j++)
        if (overlap(points[i][1], points[j][1]))
          faults.push(`${name}: '${points[i][0].textContent}' over '${points[j][0].textContent}'`);
    for (const [, axis] of boxes(plot, '.xtitle'))
      for (const [, legend] of boxes(plot, '.legend'))
        if (overlap(axis, legend)) faults.push(`${name}: the legend covers the x-axis title`);
  }
  for (const link of document.querySelectorAll('nav a'))
    if (!document.getElementById(link.getAttribute('href').slice(1)))
      faults.push(`contents link ${link.getAttribute('href')} leads nowhere`);
  for (const pre of document.querySelectorAll('pre'))
    if (pre.scrollWidth > pre.clientWidth + 1) faults.push('a command runs out of its box');
  const nav = document.querySelector('nav');
  if (nav && ['sticky', 'fixed'].includes(getComputedStyle(nav).position))
    faults.push('the contents bar is drawn over the page in print and full-page screenshots');
  return faults;
}"""


@dataclass
class PageView:
    console_errors: list[str] = field(default_factory=list)
    layout_faults: list[str] = field(default_factory=list)
    section_in_view: str = ""  # the section at the middle of the window (after a #link)
    section_ids: list[str] = field(default_factory=list)
    plots: int = 0
    plots_by_section: dict[str, int] = field(default_factory=dict)
    title: str = ""


def view(url: str, screenshot: Path, wait_ms: int = 1500) -> PageView:
    """Load ``url``, wait for charts to draw, save a screenshot, and collect facts."""
    seen = PageView()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "console",
                lambda m: seen.console_errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: seen.console_errors.append(str(e)))
            page.goto(url, timeout=180_000)  # a busy machine loads a long report slowly
            page.wait_for_timeout(wait_ms)
            seen.title = page.title()
            seen.section_ids = page.eval_on_selector_all("section", "els => els.map(e => e.id)")
            seen.plots = page.locator(".js-plotly-plot").count()
            seen.layout_faults = page.evaluate(LAYOUT_CHECKS)
            seen.section_in_view = page.evaluate(
                "() => document.elementFromPoint(innerWidth / 2, innerHeight / 2)"
                "?.closest('section')?.id || ''"
            )
            for section in seen.section_ids:
                seen.plots_by_section[section] = page.locator(
                    f"section#{section} .js-plotly-plot"
                ).count()
            page.screenshot(path=str(screenshot), full_page=False)
        finally:
            browser.close()
    return seen
