"""Write the spreadsheets of the end-to-end workflow test (tests/test_workflow.py).

Run from the repository root: python tests/data/workflow/make_fixtures.py

- structure.scw: a ScenarioWizard file with the eight descriptors (no judgments yet), which
  `realpolitik new --from-scw` turns into the case's descriptors and variants;
- positions.xlsx: one sheet per issue (eight actors each) with position, salience and
  capability, and evidence for a few cells;
- impacts.csv: the square cross-impact matrix with descriptor.variant labels.

The numbers are made up for the test (no study behind them) and drawn with a fixed seed, so
running the script again writes the same judgments.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import openpyxl  # type: ignore[import-untyped]

from realpolitik.scenarios import CrossImpactMatrix, write_scw

HERE = Path(__file__).resolve().parent
ACTORS = ("north", "south", "east", "west", "broker", "union", "lender", "rebels")
ISSUES = ("border", "trade", "refugees", "sanctions")
DESCRIPTORS = {
    "Economy": ("Growth", "Stagnation", "Crisis"),
    "Border regime": ("Open", "Closed"),
    "Broker role": ("Active", "Absent"),
    "Union policy": ("Engaged", "Aloof"),
    "Rebel activity": ("High", "Low"),
    "Energy prices": ("High", "Moderate", "Low"),
    "Public opinion": ("Hawkish", "Dovish"),
    "Lender terms": ("Strict", "Lenient"),
}


def ids(name: str) -> str:
    return name.lower().replace(" ", "-")


def main() -> None:
    rng = np.random.default_rng(2021)
    names = tuple(DESCRIPTORS)
    variants = tuple(DESCRIPTORS[name] for name in names)
    size = sum(len(v) for v in variants)
    write_scw(CrossImpactMatrix(names, variants, np.zeros((size, size))), HERE / "structure.scw")

    book = openpyxl.Workbook()
    book.remove(book.active)
    for issue in ISSUES:
        sheet = book.create_sheet(issue)
        sheet.append(["actor", "position", "salience", "capability", "position_evidence"])
        for n, actor in enumerate(ACTORS):
            position = int(rng.integers(0, 101))
            salience = int(rng.integers(10, 101))
            capability = 20 + 10 * n if issue == ISSUES[0] else None
            evidence = "first-evidence" if actor == "north" else None
            sheet.append([actor, position, salience, capability, evidence])
    book.save(HERE / "positions.xlsx")

    labels = [f"{ids(d)}.{ids(v)}" for d in names for v in DESCRIPTORS[d]]
    owner = [d for d, name in enumerate(names) for _ in DESCRIPTORS[name]]
    with (HERE / "impacts.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source \\ target", *labels])
        for row, source in enumerate(labels):
            cells = []
            for column in range(len(labels)):
                same = owner[row] == owner[column]
                sparse = rng.random() < 0.5
                cells.append("" if same or sparse else str(int(rng.integers(-3, 4))))
            writer.writerow([source, *cells])


if __name__ == "__main__":
    main()
