"""The base of every typed result: a pydantic model that refuses fields it does not declare."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ResultModel(BaseModel):
    """A part of a run's results. Its JSON form (``model_dump(mode="json")``) is what
    ``results.json`` holds, so a field added here is a field added to the published schema."""

    model_config = ConfigDict(extra="forbid")
