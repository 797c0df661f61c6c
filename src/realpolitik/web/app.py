"""The web service: the cases, a case check, and the main job, behind a page and a JSON API.

``create_app`` builds the FastAPI application; ``realpolitik serve`` runs it with uvicorn.

API (JSON; errors are ``{"error": ..., "fix": ...}`` or ``{"error": ..., "problems": [...]}``,
each problem naming the file, line, field, what is wrong and the fix):

- ``GET /api/cases``: the built-in cases with their counts;
- ``GET /api/cases/{id}``: one case's summary (404 names the known cases);
- ``POST /api/validate``: the text of a case file as the request body (``X-Filename`` names it
  in messages): ``{"ok": true, "summary": ...}`` or ``{"ok": false, "problems": [...]}``;
- ``POST /api/runs``: ``{"case": "<built-in id>"}`` or ``{"toml": "<case file text>"}`` plus
  optional settings (``runs``, ``seed``, ``sensitivity_samples``, ``game_draws``,
  ``scenario_draws``, ``tolerance``): 202 with the queued job; 422 for a bad request or a
  case with problems; 429 when too many runs wait;
- ``GET /api/runs`` and ``GET /api/runs/{id}``: jobs with status, stage progress, headline;
- ``GET /runs/{id}/report.html`` and ``/runs/{id}/results.json``: a finished run's files
  (409 while it is not finished);
- ``GET /``: the page; ``GET /docs``: the generated API description.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from realpolitik import __version__
from realpolitik.analysis import RunSettings
from realpolitik.case import Case, CaseError, builtin_cases, load_case, parse_case
from realpolitik.case.summary import summarise
from realpolitik.store import default_store_path
from realpolitik.web.jobs import JobQueue, QueueFull, Runner, default_runner
from realpolitik.web.page import page_html

#: Largest request body accepted (a case file is tens of kilobytes; the flagship is ~150 kB).
MAX_BODY = 2_000_000


class RunRequest(BaseModel):
    """A request to run the main job on a built-in case or on a case file's text."""

    model_config = ConfigDict(extra="forbid")

    case: str | None = Field(None, description="A built-in case id.")
    toml: str | None = Field(None, description="The text of a case file.")
    filename: str = Field("uploaded.toml", max_length=200, description="Names it in messages.")
    runs: int = Field(1000, ge=1, le=20_000, description="Monte Carlo runs per issue.")
    seed: int = Field(2021, ge=0, le=2**32 - 1)
    sensitivity_samples: int = Field(128, ge=8, le=4096)
    game_draws: int = Field(200, ge=1, le=5000)
    scenario_draws: int = Field(200, ge=1, le=5000)
    tolerance: float = Field(0.0, ge=0.0, le=10.0)

    @model_validator(mode="after")
    def _one_source(self) -> RunRequest:
        if (self.case is None) == (self.toml is None):
            raise ValueError("give exactly one of 'case' (a built-in id) and 'toml' (a case)")
        return self


def _error(status: int, message: str, fix: str) -> JSONResponse:
    return JSONResponse({"error": message, "fix": fix}, status_code=status)


def _problems(status: int, message: str, problems: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"error": message, "problems": problems}, status_code=status)


def _fix_for(detail: dict[str, Any]) -> str:
    """How to mend one request field, from pydantic's error type and context."""
    kind = detail.get("type", "")
    if kind == "missing":
        return "add this field"
    if kind == "extra_forbidden":
        return f"remove it; the fields are {', '.join(RunRequest.model_fields)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _bounds(detail)
        return f"give a value from {low} to {high}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "give a whole number"
    if kind in ("float_parsing", "float_type", "finite_number"):
        return "give a number"
    if kind in ("string_type", "string_too_long"):
        return "give a short text" if kind == "string_too_long" else "give a text"
    if kind == "json_invalid":
        return 'send a JSON object, e.g. {"case": "south-caucasus-2021"}'
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return 'send a JSON object, e.g. {"case": "south-caucasus-2021"}'
    if kind == "value_error":  # the one rule of RunRequest's own
        return 'send {"case": "<built-in id>"} or {"toml": "<case file text>"}, not both'
    return "see the API description at /docs"


def _bounds(detail: dict[str, Any]) -> tuple[Any, Any]:
    name = str(detail.get("loc", ("", ""))[-1])
    info = RunRequest.model_fields.get(name)
    low = high = "?"
    for item in info.metadata if info is not None else []:
        low = getattr(item, "ge", low)
        high = getattr(item, "le", high)
    return low, high


def create_app(
    store_path: Path | None = None,
    out_root: Path | None = None,
    sources: Path | None = None,
    runner: Runner = default_runner,
) -> FastAPI:
    """The service. Runs are recorded in ``store_path`` (default: the user's run store) and
    written under ``out_root`` (default ``out/web``); with ``sources`` (a folder of source
    texts) every run also checks its case's evidence."""
    app = FastAPI(
        title="realpolitik",
        version=__version__,
        description="Strategic analysis of geopolitical conflicts: bargaining forecasts, "
        "cross-impact scenarios and games, every input traced to its evidence.",
    )
    queue = JobQueue(
        out_root if out_root is not None else Path("out") / "web",
        store_path if store_path is not None else default_store_path(),
        runner,
    )
    app.state.queue = queue
    app.router.add_event_handler("shutdown", queue.shutdown)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = []
        for detail in error.errors():
            location = [str(part) for part in detail.get("loc", ()) if part != "body"]
            message = str(detail.get("msg", "invalid")).removeprefix("Value error, ")
            if detail.get("type") == "json_invalid":
                location = []
                reason = (detail.get("ctx") or {}).get("error", "")
                message = f"the body is not valid JSON ({reason})" if reason else message
            problems.append(
                {"field": ".".join(location) or "(body)", "message": message,
                 "fix": _fix_for(dict(detail))}
            )  # fmt: skip
        return _problems(422, "the request is not valid", problems)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse(page_html(__version__, sources is not None))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # no icon; spares browsers a 404 on every page

    @app.get("/api/cases")
    def cases() -> list[dict[str, Any]]:
        """The built-in cases, with what each holds."""
        return [_summary(load_case(name)) for name in builtin_cases()]

    @app.get("/api/cases/{case_id}", response_model=None)
    def case(case_id: str) -> dict[str, Any] | JSONResponse:
        """One built-in case's summary."""
        known = builtin_cases()
        if case_id not in known:
            return _error(404, f"no built-in case {case_id!r}", f"use one of: {', '.join(known)}")
        return _summary(load_case(case_id))

    @app.post("/api/validate", response_model=None)
    async def validate(request: Request) -> dict[str, Any] | JSONResponse:
        """Check the text of a case file (the request body) and list every problem."""
        raw = await request.body()
        refusal = _check_body(raw)
        if refusal is not None:
            return refusal
        name = request.headers.get("x-filename", "uploaded.toml")[:200] or "uploaded.toml"
        try:
            loaded = parse_case(raw, Path(name))
        except CaseError as error:
            return {"ok": False, "problems": [problem.to_dict() for problem in error.problems]}
        return {"ok": True, "summary": _summary(loaded)}

    @app.post("/api/runs", status_code=202, response_model=None)
    def submit(request: RunRequest) -> dict[str, Any] | JSONResponse:
        """Queue the main job on a built-in case or on a case file's text."""
        if request.case is not None:
            known = builtin_cases()
            if request.case not in known:
                return _problems(
                    422,
                    "the request is not valid",
                    [{"field": "case", "message": f"no built-in case {request.case!r}",
                      "fix": f"use one of: {', '.join(known)}"}],
                )  # fmt: skip
            loaded = load_case(request.case)
            case_name = request.case
        else:
            assert request.toml is not None  # the model checks that one of them is given
            raw = request.toml.encode("utf-8")
            refusal = _check_body(raw)
            if refusal is not None:
                return refusal
            try:
                loaded = parse_case(raw, Path(request.filename))
            except CaseError as error:
                return _problems(
                    422, "the case has problems", [p.to_dict() for p in error.problems]
                )
            case_name = request.filename
        settings = RunSettings(
            n_runs=request.runs,
            seed=request.seed,
            sources=sources,
            sensitivity_samples=request.sensitivity_samples,
            game_draws=request.game_draws,
            scenario_draws=request.scenario_draws,
            tolerance=request.tolerance,
        )
        try:
            job = queue.submit(loaded, settings, case_name)
        except QueueFull as error:
            return _error(429, str(error), "wait for some to finish, then ask again")
        return job.to_dict()

    @app.get("/api/runs")
    def runs() -> list[dict[str, Any]]:
        """Every run requested since the service started, newest first."""
        return [job.to_dict() for job in queue.all()]

    @app.get("/api/runs/{job_id}", response_model=None)
    def run(job_id: str) -> dict[str, Any] | JSONResponse:
        """One run: status, progress by stage, and when done the headline and links."""
        job = queue.get(job_id)
        if job is None:
            return _error(404, f"no run {job_id!r}", "list the runs at /api/runs")
        return job.to_dict()

    def finished_file(job_id: str, name: str, media_type: str) -> FileResponse | JSONResponse:
        job = queue.get(job_id)
        if job is None:
            return _error(404, f"no run {job_id!r}", "list the runs at /api/runs")
        if job.status == "failed":
            message = (job.error or {}).get("message", "the run failed")
            return _error(409, f"run {job_id} failed: {message}", "correct the case and run again")
        if job.status != "done":
            return _error(
                409, f"run {job_id} is {job.status}", f"wait until /api/runs/{job_id} says done"
            )
        return FileResponse(job.out_dir / name, media_type=media_type)

    @app.get("/runs/{job_id}/report.html", response_model=None)
    def report(job_id: str) -> FileResponse | JSONResponse:
        """A finished run's self-contained HTML report."""
        return finished_file(job_id, "report.html", "text/html")

    @app.get("/runs/{job_id}/results.json", response_model=None)
    def results(job_id: str) -> FileResponse | JSONResponse:
        """A finished run's results (canonical JSON, the same as `realpolitik run` writes)."""
        return finished_file(job_id, "results.json", "application/json")

    return app


def _summary(case: Case) -> dict[str, Any]:
    """A case's summary without the file path it was read from (a path on the server)."""
    summary = summarise(case)
    summary.pop("file", None)
    return summary


def _check_body(raw: bytes) -> JSONResponse | None:
    """Refuse an empty or oversized case text."""
    if not raw.strip():
        return _error(400, "the request has no case text", "send the case file's text")
    if len(raw) > MAX_BODY:
        return _error(
            413,
            f"the case text is {len(raw):,} bytes, more than {MAX_BODY:,}",
            "split large tables out of the case or run it with the command line",
        )
    return None
