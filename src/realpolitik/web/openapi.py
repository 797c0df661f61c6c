"""The service's OpenAPI description, completed where FastAPI cannot know the service: the
answers of the :class:`~realpolitik.web.guard.Guard` (400 for a foreign Host, 401 without the
token, 413 for a body too large), the built-in case ids, the size limit of a case text, and
no 422 where no request can be invalid."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from realpolitik.web.guard import OPEN_PATHS
from realpolitik.web.intake import CaseLimits

_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}


def describe(
    app: FastAPI, limits: CaseLimits, cases: list[str], with_token: bool
) -> dict[str, Any]:
    """The OpenAPI schema of ``app`` (made once, then kept)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {})
    for model in ("RunRequest", "OpenRequest"):
        request = components["schemas"][model]["properties"]
        request["case"] |= {"enum": cases}
        request["toml"] |= {"maxLength": limits.max_bytes}
        for name in ("case", "toml"):
            request[name].pop("default", None)  # absent, not null
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            _complete(operation, method, with_token and path not in OPEN_PATHS)
    if with_token:
        components["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "The service's token."},
            "query": {"type": "apiKey", "in": "query", "name": "token"},
        }
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)
    app.openapi_schema = schema
    return schema


def _complete(operation: dict[str, Any], method: str, needs_token: bool) -> None:
    responses: dict[str, Any] = operation["responses"]
    invalid = responses.get("422", {}).get("content", {}).get("application/json", {})
    if "HTTPValidationError" in str(invalid.get("schema", "")):
        del responses["422"]  # FastAPI's default, for parameters that cannot be invalid
    host = "The Host header names no host this service answers to."
    if "400" in responses:
        responses["400"]["description"] += " Or: " + host
    else:
        responses["400"] = {"description": host, "content": _ERROR}
    if method == "post":
        responses.setdefault("413", {"description": "The body is too large.", "content": _ERROR})
    if needs_token:
        responses["401"] = {"description": "The token is missing or wrong.", "content": _ERROR}
        operation["security"] = [{"bearer": []}, {"query": []}]
