"""The run store (SQLite)."""

from realpolitik.store.runs import (
    Change,
    RunRecord,
    StoreError,
    default_store_path,
    diff_runs,
    get_run,
    list_runs,
    save_run,
)

__all__ = [
    "Change",
    "RunRecord",
    "StoreError",
    "default_store_path",
    "diff_runs",
    "get_run",
    "list_runs",
    "save_run",
]
