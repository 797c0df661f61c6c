"""Typed results of the main job (pydantic models), their canonical JSON and their schema.

Stages return these models; the report, the backtest, the triangulation, the run store and
the web service read them; ``results.json`` is their JSON form (:func:`dumps`), and
:func:`schema` is the JSON Schema published for people who read results.json from code."""

from __future__ import annotations

import json
from typing import Any

from realpolitik.results.base import ResultModel
from realpolitik.results.run import Meta, RunResults, dumps, loads, required

#: Where the published schema lives in the repository, and the command that writes it.
SCHEMA_FILE = "docs/results.schema.json"
SCHEMA_COMMAND = f"realpolitik schema --out {SCHEMA_FILE}"


def schema() -> dict[str, Any]:
    """The JSON Schema of results.json (draft 2020-12, as pydantic writes it)."""
    found = RunResults.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **found}


def schema_text() -> str:
    """The published text of :func:`schema`: sorted keys, two-space indent, one final
    newline, so that the same models always give the same bytes."""
    return json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


__all__ = [
    "SCHEMA_COMMAND",
    "SCHEMA_FILE",
    "Meta",
    "ResultModel",
    "RunResults",
    "dumps",
    "loads",
    "required",
    "schema",
    "schema_text",
]
