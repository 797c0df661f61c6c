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


@dataclass
class PageView:
    console_errors: list[str] = field(default_factory=list)
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
            page.goto(url)
            page.wait_for_timeout(wait_ms)
            seen.title = page.title()
            seen.section_ids = page.eval_on_selector_all("section", "els => els.map(e => e.id)")
            seen.plots = page.locator(".js-plotly-plot").count()
            for section in seen.section_ids:
                seen.plots_by_section[section] = page.locator(
                    f"section#{section} .js-plotly-plot"
                ).count()
            page.screenshot(path=str(screenshot), full_page=False)
        finally:
            browser.close()
    return seen
