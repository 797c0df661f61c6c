"""Benchmark of model validation on the bundled DEU III development part, in one process.

Run: ``.venv/bin/python benchmarks/bench_validation.py [--reference-issues 20]``

1. The expected-utility model over every development issue (245), warm: the compiled kernel
   against the plain reference implementation, whose per-issue cost is measured on the first
   ``--reference-issues`` issues and scaled; the ratio compares per-issue costs measured here.
   The issue's target speaks of 351 issues (the whole DEU III); the time is scaled to 351 too.
2. The whole validation (every model and learner, 5 folds, 2,000 bootstrap resamples), as
   ``realpolitik validate-models`` runs it, and the same with 200 resamples to show the
   bootstrap's share.

Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import time

from realpolitik.bargaining import EumOptions, run_eum, run_eum_reference
from realpolitik.validation.data import read_dataset
from realpolitik.validation.run import validate_models


def eum_over_issues(reference_issues: int) -> None:
    records = read_dataset().records
    options = EumOptions()
    record = records[0]
    run_eum(record.positions, record.saliences, record.capabilities, options=options)  # compile
    start = time.perf_counter()
    for record in records:
        run_eum(record.positions, record.saliences, record.capabilities, options=options)
    fast = time.perf_counter() - start
    start = time.perf_counter()
    for record in records[:reference_issues]:
        run_eum_reference(
            record.positions, record.saliences, record.capabilities, record.scale, options=options
        )
    reference = (time.perf_counter() - start) / reference_issues * len(records)
    print(
        f"EUM over {len(records)} issues (default readings, warm): kernel {fast:.2f} s "
        f"({fast / len(records) * 351:.2f} s scaled to 351 issues); reference "
        f"{reference:.1f} s (from {reference_issues} issues); ratio {reference / fast:.0f}x"
    )


def whole_validation() -> None:
    for n_boot in (2000, 200):
        start = time.perf_counter()
        report = validate_models(n_boot=n_boot)
        elapsed = time.perf_counter() - start
        print(
            f"validate-models, {len(report.leaderboard)} models, 5 folds, {n_boot} bootstrap "
            f"resamples: {elapsed:.1f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference-issues", type=int, default=20)
    args = parser.parse_args()
    eum_over_issues(args.reference_issues)
    whole_validation()


if __name__ == "__main__":
    main()
