"""The one uncertainty layer: problem -> sample -> evaluate -> analyse (docs/uncertainty.md)."""

from realpolitik.uncertainty.analyse import Bands, bands, quantiles, refuse_nan
from realpolitik.uncertainty.bargaining import (
    DEFAULT_WINNING_DISTANCE,
    BargainingSensitivity,
    ModelSummary,
    MonteCarloResult,
    bargaining_problem,
    monte_carlo,
    sensitivity,
)
from realpolitik.uncertainty.errors import UncertaintyError
from realpolitik.uncertainty.evaluate import chunk_bounds, evaluate, evaluate_each, map_chunks
from realpolitik.uncertainty.executors import (
    DaskExecutor,
    Executor,
    ExecutorError,
    ProcessExecutor,
    SerialExecutor,
    check_choice,
    current_executor,
    executing,
    open_executor,
)
from realpolitik.uncertainty.sampling import (
    BLOCK_ROWS,
    DEFAULT_SD_FRACTION,
    SWING_SDS,
    Judged,
    Problem,
    Rows,
    Sample,
    sample,
    sample_judged,
)
from realpolitik.uncertainty.sensitivity import (
    SobolIndices,
    Swing,
    one_at_a_time,
    sobol_indices,
)

__all__ = [
    "BLOCK_ROWS",
    "DEFAULT_SD_FRACTION",
    "DEFAULT_WINNING_DISTANCE",
    "SWING_SDS",
    "Bands",
    "BargainingSensitivity",
    "DaskExecutor",
    "Executor",
    "ExecutorError",
    "Judged",
    "ModelSummary",
    "MonteCarloResult",
    "Problem",
    "ProcessExecutor",
    "Rows",
    "Sample",
    "SerialExecutor",
    "SobolIndices",
    "Swing",
    "UncertaintyError",
    "bands",
    "bargaining_problem",
    "check_choice",
    "chunk_bounds",
    "current_executor",
    "evaluate",
    "evaluate_each",
    "executing",
    "map_chunks",
    "monte_carlo",
    "one_at_a_time",
    "open_executor",
    "quantiles",
    "refuse_nan",
    "sample",
    "sample_judged",
    "sensitivity",
    "sobol_indices",
]
