"""Choose the expected-utility model's default readings by cross-validation on DEU III.

Runs every combination of the open readings (``realpolitik.bargaining.all_options``, 512) on
every issue of the bundled DEU III development part, then:

1. nested cross-validation of the *procedure* "take the combination with the lowest training
   MAE": in each of K outer folds the combination is chosen on the other folds and scored on
   this one; the out-of-fold MAE of the procedure, with a bootstrap 95% interval, is the honest
   figure for an EUM whose readings were chosen on data;
2. the combination the procedure picks on all development issues (the new default), how often
   each combination was picked across folds, and the best and worst combinations' MAE beside
   the weighted mean's.

Usage: python scripts/eum_options_cv.py [--data FILE] [--folds 5] [--seed 0] [--capability equal]
Prints Markdown tables for docs/bargaining.md and writes the per-combination MAEs to
``--json`` when asked. Takes a few minutes on two cores (512 x 245 model runs).
"""

from __future__ import annotations

import argparse
import collections
import json
import multiprocessing
import os
import time
from dataclasses import asdict

import numpy as np

from realpolitik.bargaining import EumOptions, all_options, run_eum
from realpolitik.validation.crossval import fold_labels
from realpolitik.validation.data import BargainingRecord, read_dataset


def _code(options: EumOptions) -> str:
    return "".join(str(code) for code in options.codes())


_RECORDS: tuple[BargainingRecord, ...] = ()


def _load(path: str | None, capability: str) -> None:
    global _RECORDS
    _RECORDS = read_dataset(path, capability=capability).records  # type: ignore[arg-type]


def _column(option: EumOptions) -> tuple[np.ndarray, collections.Counter[str]]:
    """One combination's forecast of every issue, and how its runs ended."""
    values = np.empty(len(_RECORDS))
    status: collections.Counter[str] = collections.Counter()
    for r, record in enumerate(_RECORDS):
        result = run_eum(
            record.positions, record.saliences, record.capabilities, record.scale, options=option
        )
        values[r] = result.forecast
        status[result.status] += 1
    return values, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--boot", type=int, default=2000)
    parser.add_argument("--capability", choices=("equal", "votes"), default="equal")
    parser.add_argument("--data", help="a DEU III-layout or long CSV file (default: bundled)")
    parser.add_argument("--json", help="write every combination's MAE here")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    data = read_dataset(args.data, capability=args.capability)
    records = data.records
    y = np.array([r.outcome for r in records])
    options = list(all_options())
    started = time.perf_counter()
    with multiprocessing.Pool(args.processes, _load, (args.data, args.capability)) as pool:
        columns = pool.map(_column, options, chunksize=8)
    forecasts = np.column_stack([values for values, _ in columns])
    status = sum((counts for _, counts in columns), collections.Counter())
    elapsed = time.perf_counter() - started
    errors = np.abs(forecasts - y[:, None])
    mae = errors.mean(axis=0)
    mean_forecast = np.array([np.average(r.positions, weights=r.weights) for r in records])
    mean_errors = np.abs(mean_forecast - y)

    labels = fold_labels(len(records), args.folds, args.seed)
    chosen_errors = np.empty(len(records))
    picks = []
    for k in range(args.folds):
        test = labels == k
        best = int(np.argmin(errors[~test].mean(axis=0)))
        picks.append(best)
        chosen_errors[test] = errors[test, best]
    rng = np.random.default_rng(args.seed)
    resamples = rng.integers(0, len(records), size=(args.boot, len(records)))
    boot = chosen_errors[resamples].mean(axis=1)
    paired = (chosen_errors - mean_errors)[resamples].mean(axis=1)
    overall = int(np.argmin(mae))

    print(f"{len(records)} issues x {len(options)} combinations in {elapsed:.0f} s; "
          f"run endings: {dict(status)}")  # fmt: skip
    print()
    print("| procedure | MAE | 95% CI | vs weighted mean | 95% CI |")
    print("|---|---|---|---|---|")
    print(
        f"| EUM, readings chosen on training folds (nested {args.folds}-fold) | "
        f"{chosen_errors.mean():.2f} | {np.percentile(boot, 2.5):.2f}-"
        f"{np.percentile(boot, 97.5):.2f} | {(chosen_errors - mean_errors).mean():+.2f} | "
        f"{np.percentile(paired, 2.5):+.2f} to {np.percentile(paired, 97.5):+.2f} |"
    )
    print(f"| weighted mean | {mean_errors.mean():.2f} | | | |")
    print()
    print("Picked per outer fold:", ", ".join(_code(options[p]) for p in picks))
    print(f"Picked on all {len(records)} issues (the default): {_code(options[overall])} "
          f"{asdict(options[overall])}")  # fmt: skip
    print()
    print("| rank | code | options | MAE (all issues, in sample) |")
    print("|---|---|---|---|")
    order = np.argsort(mae, kind="stable")
    shown = [*order[:8], *order[-3:]]
    for rank, m in enumerate(shown):
        place = rank + 1 if rank < 8 else len(options) - (len(shown) - rank) + 1
        print(f"| {place} | {_code(options[m])} | {', '.join(asdict(options[m]).values())} | "
              f"{mae[m]:.2f} |")  # fmt: skip
    for name, option in (("previous default", EumOptions()),):
        m = options.index(option)
        print(f"| {name} | {_code(option)} | {', '.join(asdict(option).values())} | {mae[m]:.2f} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "issues": [r.id for r in records],
                    "codes": [_code(o) for o in options],
                    "mae": mae.round(6).tolist(),
                },
                handle,
                indent=1,
            )


if __name__ == "__main__":
    main()
