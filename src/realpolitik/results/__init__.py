"""Typed results of the main job (pydantic models), their canonical JSON and their schema.

Stages return these models; the report, the backtest, the triangulation, the run store and
the web service read them; ``results.json`` is their JSON form (:func:`dumps`), and
:func:`schema` is the JSON Schema published for people who read results.json from code."""

from __future__ import annotations

from typing import Any

from realpolitik.results.base import ResultModel
from realpolitik.results.run import Meta, RunResults, dumps, loads, required


def schema() -> dict[str, Any]:
    """The JSON Schema of results.json."""
    return RunResults.model_json_schema(mode="serialization")


__all__ = ["Meta", "ResultModel", "RunResults", "dumps", "loads", "required", "schema"]
