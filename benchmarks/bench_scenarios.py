"""Benchmark of the CIB scenario engine (not a test: it prints figures, asserts agreement).

Run:  .venv/bin/python benchmarks/bench_scenarios.py [--quick] [--repeat N] [--prophesy-site DIR]
      [--basins-only]

Columns, on the same matrices in one process:

- ``reference``: the plain enumerator (the oracle), run only where it finishes in seconds;
  elsewhere its time is estimated from its measured rate (scenarios/s) and marked "~";
- ``enumerate``: the Numba enumerator (scenarios/s reported);
- ``branch-and-bound``: the exact search used for large spaces (nodes visited reported);
  run alone it splits large spaces into parts searched on every CPU the process may use, or
  on ``REALPOLITIK_THREADS`` threads (nodes summed);
- ``cpsat``: the OR-Tools CP-SAT formulation;
- ``prophesy-cib``: the peer package from PyPI, which enumerates every scenario and tests its
  consistency. It must not live in the project's environment: install it in its own venv,
  e.g. ``python -m venv /tmp/prophesy-venv && /tmp/prophesy-venv/bin/pip install
  prophesy-cib``, and pass that venv's site-packages with ``--prophesy-site`` (it is appended
  to ``sys.path``, so the project's own packages keep precedence). Without it the column is
  skipped with a message.

Times are medians of ``--repeat`` runs (default 5) for methods that finish within a second,
with the fastest and slowest run beside them, since one timing on a shared 2-core machine
can be off by half.

Matrices (fixed seeds): Somewhereland (486 scenarios); a random 8 x 3..4 matrix (~2e4);
ScenarioWizard's own test project ``bench_50x50`` (15 descriptors, ~6e7 scenarios;
tests/data/scenariowizard/) and the nested-CIB project ``CIB_natl_regional`` (15 descriptors,
~2.3e7 scenarios, judgments up to 15 and a self-impact on its last descriptor), whose
consistent sets are also checked against the lists ScenarioWizard exported for them;
17 descriptors with 55 variants (13 x 3 + 4 x 4, ~4.1e8 scenarios), once with every
descriptor pair linked (half the judgments nonzero) and once block-sparse (half the pairs
linked); and 30 descriptors x 4 variants (~1.2e18 scenarios), block-sparse with 15 % and with 25 %
of descriptor pairs linked. ``auto`` races branch-and-bound (one thread) against CP-SAT.
Judgments are whole numbers drawn uniformly from -3..+3.

A second table times succession basins: the compiled kernels (``basins``, the default) against
the plain Python path kept as their oracle (``method="reference"``), on Somewhereland and on the
flagship case's matrix (11 descriptors, 262,440 scenarios): from every start (the reference
only without ``--quick``, where it takes a minute or more) and from the same 20,000 sampled
starts under both rules. Results must agree exactly.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from realpolitik.scenarios import CrossImpactMatrix, basins, from_blocks, read_scw, read_sl
from realpolitik.scenarios.search import find_consistent

ROOT = Path(__file__).resolve().parents[1]
SOMEWHERELAND = ROOT.parent / "shared" / "data" / "cib" / "somewhereland.scw"
SCENARIOWIZARD = ROOT / "tests" / "data" / "scenariowizard"
#: The solution list ScenarioWizard exported for each of its projects benchmarked here.
LISTS = {
    "ScenarioWizard bench_50x50": "bench_50x50_sw.sl",
    "ScenarioWizard nested, self": "CIB_natl_regional.sl",
}


def dense_matrix(seed: int, sizes: list[int], density: float) -> CrossImpactMatrix:
    """Every descriptor pair linked; each judgment nonzero with ``density``."""
    rng = np.random.default_rng(seed)
    blocks = {
        (i, j): rng.integers(-3, 4, size=(si, sj)) * (rng.random((si, sj)) < density)
        for i, si in enumerate(sizes)
        for j, sj in enumerate(sizes)
        if i != j
    }
    return _named(sizes, blocks)


def block_sparse_matrix(seed: int, sizes: list[int], pair_density: float) -> CrossImpactMatrix:
    """Each ordered descriptor pair linked with ``pair_density``; linked blocks are full."""
    rng = np.random.default_rng(seed)
    blocks = {}
    for i, si in enumerate(sizes):
        for j, sj in enumerate(sizes):
            if i != j and rng.random() < pair_density:
                blocks[(i, j)] = rng.integers(-3, 4, size=(si, sj))
    return _named(sizes, blocks)


def _named(sizes: list[int], blocks: dict[tuple[int, int], np.ndarray]) -> CrossImpactMatrix:  # type: ignore[type-arg]
    return from_blocks(
        [f"D{i}" for i in range(len(sizes))],
        [[f"D{i}v{k}" for k in range(size)] for i, size in enumerate(sizes)],
        blocks,
    )


def prophesy_runner(
    site: str | None,
) -> Callable[[CrossImpactMatrix], list[tuple[int, ...]]] | None:
    """A function that finds the consistent scenarios with prophesy-cib, or None."""
    if site:
        sys.path.append(site)
    try:
        from prophesy_cib import CrossImpact, Descriptor, DescriptorType, Model, Variant
        from prophesy_cib.scenario_gen import enumerate_all_scenarios
        from prophesy_cib.succession import compute_scenario_consistency
    except ImportError as error:
        print(f"prophesy-cib: not importable ({error}); its column is skipped. Install it in a")
        print("  separate venv and pass --prophesy-site (see this script's docstring).")
        return None

    def run(matrix: CrossImpactMatrix) -> list[tuple[int, ...]]:
        descriptors = [
            Descriptor(
                index=d + 1,
                name=name,
                type=DescriptorType.NOMINAL,
                variants=tuple(Variant(index=k + 1, name=v) for k, v in enumerate(names)),
            )
            for d, (name, names) in enumerate(zip(matrix.descriptors, matrix.variants, strict=True))
        ]
        offsets = matrix.offsets
        impacts = []
        for i, j in itertools.product(range(matrix.n_descriptors), repeat=2):
            for k, l_ in itertools.product(
                range(matrix.n_variants[i]), range(matrix.n_variants[j])
            ):
                value = float(matrix.impacts[offsets[i] + k, offsets[j] + l_])
                if value:
                    impacts.append(CrossImpact(i + 1, k + 1, j + 1, l_ + 1, value))
        model = Model(descriptors, impacts)
        found = []
        for scenario in enumerate_all_scenarios(model, threshold=None):
            if compute_scenario_consistency(scenario, model) >= -1e-9:
                found.append(
                    tuple(scenario.variant_indices[d + 1] - 1 for d in range(len(descriptors)))
                )
        return sorted(found)

    return run


def timed(function: Callable[[], object], repeat: int = 1) -> tuple[object, list[float]]:
    """The result and the run times: once, then ``repeat - 1`` more times if the first run
    took under a second."""
    times = []
    started = time.perf_counter()
    result = function()
    times.append(time.perf_counter() - started)
    while times[0] < 1.0 and len(times) < repeat:
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return result, times


def flagship_matrix() -> CrossImpactMatrix:
    """The cross-impact matrix of the built-in case south-caucasus-2021."""
    from realpolitik.analysis.scenarios_stage import case_matrix
    from realpolitik.case import load_case

    return case_matrix(load_case("south-caucasus-2021"))[0]


def basin_benchmark(quick: bool, repeat: int) -> None:
    """Compiled basins against the plain Python oracle on the same starts, side by side."""
    somewhereland, flagship = read_scw(SOMEWHERELAND), flagship_matrix()
    runs: list[tuple[str, CrossImpactMatrix, str, int | None, bool]] = [
        ("somewhereland, every start", somewhereland, "global", None, True),
        ("flagship, every start", flagship, "global", None, not quick),
        ("flagship, 20,000 sampled", flagship, "global", 20_000, True),
        ("flagship, 20,000 sampled", flagship, "local", 20_000, True),
    ]
    basins(somewhereland)  # compile (or load from the cache) outside the timings
    basins(somewhereland, n_samples=10, seed=1)
    print()
    print(f"{'basins':28} {'rule':6} {'starts':>8} {'compiled s':>11} {'(min-max)':>15} "
          f"{'reference s':>11} {'ratio':>8} {'attractors':>10}")  # fmt: skip
    for name, matrix, rule, n_samples, with_reference in runs:
        options = {"rule": rule, "n_samples": n_samples, "seed": 7}
        compiled, times = timed(lambda m=matrix, o=options: basins(m, **o), repeat)  # type: ignore[misc]
        seconds = float(np.median(times))
        spread = f"({min(times):.4f}-{max(times):.4f})" if len(times) > 1 else ""
        reference_text, ratio = "skipped", ""
        if with_reference:
            reference, slow = timed(
                lambda m=matrix, o=options: basins(m, method="reference", **o)  # type: ignore[misc]
            )
            if reference != compiled:
                raise SystemExit(f"basins, {name} ({rule}): compiled and reference disagree")
            reference_text, ratio = f"{slow[0]:.3f}", f"x{slow[0] / seconds:,.0f}"
        print(f"{name:28} {rule:6} {compiled.n_starts:>8,} {seconds:>11.4f} {spread:>15} "  # type: ignore[attr-defined]
              f"{reference_text:>11} {ratio:>8} {len(compiled.attractors):>10}")  # type: ignore[attr-defined]  # fmt: skip
    print("-> compiled and reference basins agree wherever both ran")
    likelihood_benchmark(flagship, repeat)


def likelihood_benchmark(flagship: CrossImpactMatrix, repeat: int) -> None:
    """The flagship's basin likelihood as the scenario stage computes it (200 member matrices,
    256 starts each), and the same members counted by the plain reference path on a subset."""
    from realpolitik.analysis.scenarios_stage import case_matrix
    from realpolitik.case import load_case
    from realpolitik.scenarios import sample_matrices
    from realpolitik.scenarios.likelihood import STARTS_PER_MEMBER, basin_likelihood
    from realpolitik.scenarios.succession import attractor_counts, draw_starts

    sd = case_matrix(load_case("south-caucasus-2021"))[1]
    members = list(sample_matrices(flagship, 200, sd, 2021))
    result, times = timed(lambda: basin_likelihood(flagship, members, seed=2021), repeat)
    seconds = float(np.median(times))
    subset = members[:10]
    starts = [draw_starts(flagship.n_variants, {}, STARTS_PER_MEMBER, k) for k in range(10)]

    def counts(method: str) -> list[object]:
        return [
            attractor_counts(m.weighted_impacts(), m.offsets, "global", {}, s, method)  # type: ignore[arg-type]
            for m, s in zip(subset, starts, strict=True)
        ]

    fast, fast_times = timed(lambda: counts("compiled"), repeat)
    slow, slow_times = timed(lambda: counts("reference"))
    if fast != slow:
        raise SystemExit("likelihood members: compiled and reference disagree")
    print(
        f"likelihood, flagship: 200 members x {STARTS_PER_MEMBER} starts in {seconds:.3f} s "
        f"(largest standard error {result.largest_standard_error:.4f}, "  # type: ignore[attr-defined]
        f"{len(result.attractors)} attractors); 10 members compiled "  # type: ignore[attr-defined]
        f"{np.median(fast_times):.4f} s vs reference {slow_times[0]:.3f} s "
        f"(x{slow_times[0] / float(np.median(fast_times)):,.0f}), same counts"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 30 x 4 matrix")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--prophesy-site", help="site-packages of a venv holding prophesy-cib")
    parser.add_argument("--basins-only", action="store_true", help="only the basins table")
    args = parser.parse_args()
    if args.basins_only:
        basin_benchmark(args.quick, args.repeat)
        return
    prophesy = prophesy_runner(args.prophesy_site)

    cases: list[tuple[str, CrossImpactMatrix, list[str]]] = [
        ("somewhereland", read_scw(SOMEWHERELAND),
         ["reference", "enumerate", "branch-and-bound", "cpsat", "prophesy"]),
        ("random 8 desc (~2e4)", dense_matrix(2, [4, 3, 3, 4, 3, 3, 4, 3], 0.5),
         ["reference", "enumerate", "branch-and-bound", "cpsat", "prophesy"]),
        ("ScenarioWizard bench_50x50", read_scw(SCENARIOWIZARD / "bench_50x50.scw"),
         ["enumerate", "branch-and-bound", "cpsat", "auto"]),
        ("ScenarioWizard nested, self", read_scw(SCENARIOWIZARD / "CIB_natl_regional.scw"),
         ["enumerate", "branch-and-bound", "cpsat", "auto"]),
        ("17 desc/55 var, all pairs", dense_matrix(1, [3] * 13 + [4] * 4, 0.5),
         ["branch-and-bound", "cpsat", "auto"]),
        ("17 desc/55 var, half pairs", block_sparse_matrix(1, [3] * 13 + [4] * 4, 0.5),
         ["branch-and-bound", "cpsat", "auto"]),
    ]  # fmt: skip
    if not args.quick:
        cases.append(("30 desc x 4, 15% pairs", block_sparse_matrix(0, [4] * 30, 0.15),
                      ["branch-and-bound", "cpsat", "auto"]))  # fmt: skip
        cases.append(("30 desc x 4, 25% pairs", block_sparse_matrix(1, [4] * 30, 0.25),
                      ["branch-and-bound", "cpsat", "auto"]))  # fmt: skip

    # Warm the Numba kernels (compiled once and cached on disk) outside the timings.
    find_consistent(cases[0][1], method="enumerate")
    find_consistent(cases[0][1], method="branch-and-bound")

    reference_rate = None
    print(f"{'matrix':28} {'scenarios':>10} {'method':17} {'seconds':>9} {'(min-max)':>15} "
          f"{'consistent':>10} {'nodes':>12} {'rate / ratio':>24}")  # fmt: skip
    for name, matrix, methods in cases:
        answers: dict[str, list[tuple[int, ...]]] = {}
        times: dict[str, float] = {}
        for method in methods:
            if method == "prophesy":
                if prophesy is None:
                    continue
                found, runs = timed(lambda m=matrix: prophesy(m))  # type: ignore[misc]
                nodes = matrix.space_size
            else:
                outcome, runs = timed(
                    lambda m=matrix, k=method: find_consistent(m, method=k),  # type: ignore[misc]
                    args.repeat,
                )
                found, nodes, used = outcome  # type: ignore[misc]
                if method == "auto":
                    method = f"auto->{used}"
            seconds = float(np.median(runs))
            spread = f"({min(runs):.4f}-{max(runs):.4f})" if len(runs) > 1 else ""
            answers[method] = found  # type: ignore[assignment]
            times[method] = seconds
            note = ""
            if method in ("reference", "enumerate", "prophesy"):
                rate = matrix.space_size / seconds
                note = f"{rate:,.0f} scen/s"
                if method == "reference":
                    reference_rate = rate
            if "reference" in times and method != "reference":
                note += f"  x{times['reference'] / seconds:,.1f} vs ref"
            elif reference_rate and method != "reference":
                estimate = matrix.space_size / reference_rate
                note += f"  ~x{estimate / seconds:,.3g} vs ref (est.)"
            print(f"{name:28} {matrix.space_size:>10.3g} {method:17} {seconds:>9.4f} "
                  f"{spread:>15} {len(found):>10} {nodes:>12,} {note:>24}")  # type: ignore[arg-type]  # fmt: skip
        if name in LISTS:
            listed = sorted(read_sl(SCENARIOWIZARD / LISTS[name], matrix))
            answers["ScenarioWizard's .sl"] = listed
        distinct = {tuple(answer) for answer in answers.values()}
        agreement = "all methods agree" if len(distinct) == 1 else "METHODS DISAGREE"
        print(f"{'':28} -> {agreement} ({', '.join(answers)})")
        if len(distinct) != 1:
            raise SystemExit(f"{name}: methods disagree")
    if prophesy is None:
        print("prophesy-cib column skipped (not importable).")
    basin_benchmark(args.quick, args.repeat)


if __name__ == "__main__":
    main()
