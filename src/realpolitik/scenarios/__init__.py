"""Scenario engine: Cross-Impact Balance (CIB) analysis (Weimer-Jehle 2006).

Start with :func:`read_scw` (or build a :class:`CrossImpactMatrix`), then
:func:`consistent_scenarios`, :func:`succession` / :func:`basins` and
:func:`ensemble_consistency`; :func:`analyse_scenarios` runs a whole study in one call (the
function behind ``realpolitik scenarios``). See docs/scenarios.md.
"""

from realpolitik.scenarios.analysis import ScenarioAnalysis, analyse_scenarios
from realpolitik.scenarios.balance import (
    Scenario,
    consistency_margin,
    describe,
    descriptor_inconsistencies,
    impact_balances,
    inconsistency,
    is_consistent,
    total_impact_score,
)
from realpolitik.scenarios.diversity import hamming, most_different
from realpolitik.scenarios.ensemble import (
    EnsembleResult,
    EnsembleScenario,
    ensemble_consistency,
    expert_ensemble,
    mean_matrix,
    sample_matrices,
)
from realpolitik.scenarios.errors import ComputeLimitError, ScenarioError
from realpolitik.scenarios.limits import DEFAULT_MAX_SECONDS, Deadline
from realpolitik.scenarios.model import CrossImpactMatrix, from_blocks
from realpolitik.scenarios.reference import reference_consistent
from realpolitik.scenarios.scw import (
    ScwDocument,
    Solution,
    SolutionComparison,
    SolutionList,
    compare_solutions,
    read_csv_matrix,
    read_scw,
    read_scw_document,
    read_sl,
    read_sl_document,
    write_csv_matrix,
    write_scw,
    write_sl,
)
from realpolitik.scenarios.search import SearchResult, consistent_scenarios, find_consistent
from realpolitik.scenarios.succession import (
    Attractor,
    BasinResult,
    SuccessionPath,
    basins,
    succession,
)

__all__ = [
    "DEFAULT_MAX_SECONDS",
    "Attractor",
    "BasinResult",
    "ComputeLimitError",
    "CrossImpactMatrix",
    "Deadline",
    "EnsembleResult",
    "EnsembleScenario",
    "Scenario",
    "ScenarioAnalysis",
    "ScenarioError",
    "ScwDocument",
    "SearchResult",
    "Solution",
    "SolutionComparison",
    "SolutionList",
    "SuccessionPath",
    "analyse_scenarios",
    "basins",
    "compare_solutions",
    "consistency_margin",
    "consistent_scenarios",
    "describe",
    "descriptor_inconsistencies",
    "ensemble_consistency",
    "expert_ensemble",
    "find_consistent",
    "from_blocks",
    "hamming",
    "impact_balances",
    "inconsistency",
    "is_consistent",
    "mean_matrix",
    "most_different",
    "read_csv_matrix",
    "read_scw",
    "read_scw_document",
    "read_sl",
    "read_sl_document",
    "reference_consistent",
    "sample_matrices",
    "succession",
    "total_impact_score",
    "write_csv_matrix",
    "write_scw",
    "write_sl",
]
