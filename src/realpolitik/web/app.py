"""The web service: the cases, a case check, and the main job, behind a page and a JSON API.

``create_app`` builds the FastAPI application; ``realpolitik serve`` runs it with uvicorn.

API (JSON; errors are ``{"error": ..., "fix": ...}`` or ``{"error": ..., "problems": [...]}``,
each problem naming the file, line, field, what is wrong and the fix):

- ``GET /api/cases``: the built-in cases with their counts;
- ``GET /api/cases/{id}``: one case's summary (404 names the known cases);
- ``POST /api/validate``: the text of a case file as the request body (``X-Filename`` names it
  in messages): ``{"ok": true, "summary": ...}`` or ``{"ok": false, "problems": [...]}``;
  400 for an empty body, 413 above the size limit, 422 beyond the other limits of
  :class:`~realpolitik.web.intake.CaseLimits`;
- ``POST /api/runs``: ``{"case": "<built-in id>"}`` or ``{"toml": "<case file text>"}`` plus
  optional settings (``runs``, ``seed``, ``sensitivity_samples``, ``game_draws``,
  ``scenario_draws``, ``tolerance``): 202 with the queued job; 422 for a bad request or a
  case with problems; 429 when too many runs wait;
- ``GET /api/runs`` and ``GET /api/runs/{id}``: jobs with status, stage progress, headline;
- ``DELETE /api/runs/{id}``: cancel a queued or running job (409 once it has ended);
- ``GET /runs/{id}/report.html`` and ``/runs/{id}/results.json``: a finished run's files
  (409 while it is not finished);
- ``GET/POST /api/workbench``, ``GET/DELETE /api/workbench/{id}``,
  ``POST /api/workbench/{id}/edits`` and ``/reset``, ``GET /api/workbench/{id}/case.toml``:
  open a case (built in, or a case text with its source texts), change its judgments, rerun
  the quick engines, compare and download (:mod:`realpolitik.web.workbench`);
- ``GET /``: the page; ``GET /docs``: the generated API description.

Every request passes :class:`~realpolitik.web.guard.Guard` first (Host allow-list, token,
body size). Case texts are read in child processes (:mod:`realpolitik.web.intake`), runs too
(:mod:`realpolitik.web.jobs`): the event loop never parses nor computes.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from realpolitik import __version__
from realpolitik.analysis import RunSettings
from realpolitik.case import Case, builtin_cases, load_case
from realpolitik.case.load import CASE_FILE_NAME, builtin_cases_dir
from realpolitik.case.summary import summarise
from realpolitik.results.case import CaseSummary
from realpolitik.runner import OutputError
from realpolitik.store import default_store_path
from realpolitik.web.guard import LOCAL_HOSTS, Guard
from realpolitik.web.intake import (
    CaseIntake,
    CaseLimits,
    IntakeFailed,
    Outcome,
    Refused,
    Rejected,
)
from realpolitik.web.isolation import warm_up
from realpolitik.web.jobs import (
    RUN_TIME_LIMIT,
    JobQueue,
    NotCancellable,
    QueueFull,
    Runner,
    default_runner,
)
from realpolitik.web.openapi import describe
from realpolitik.web.page import page_html
from realpolitik.web.schemas import (
    EditRequest,
    ErrorBody,
    JobView,
    OpenCaseItem,
    OpenCaseView,
    OpenRequest,
    ProblemsBody,
    RunRequest,
    ValidateAnswer,
)
from realpolitik.web.workbench import (
    QUICK_SECONDS,
    Edit,
    EditRefused,
    OpenCase,
    QuickFailed,
    TooManyCases,
    Workbench,
    judgment_rows,
    judgments_by_address,
    prepare_edits,
    source_name_problem,
    write_sources,
)

#: Largest body of a request that is not a case (a GET, a DELETE).
SMALL_BODY = 64_000


class SafeJSONResponse(JSONResponse):
    """JSON that never fails on text that is not whole characters (a lone surrogate echoed
    back in a message): such text is written as ``\\ud800`` escapes instead."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, separators=(",", ":")).encode("ascii")


def _error(status: int, message: str, fix: str) -> JSONResponse:
    return SafeJSONResponse({"error": message, "fix": fix}, status_code=status)


def _problems(status: int, message: str, problems: list[dict[str, Any]]) -> JSONResponse:
    return SafeJSONResponse({"error": message, "problems": problems}, status_code=status)


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
    if kind == "string_unicode":
        return "send whole characters (UTF-8, or a \\ud83d\\ude00 pair for one beyond \\uffff)"
    if kind in ("json_invalid", "model_type", "model_attributes_type", "dict_type"):
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


def _printable(text: str) -> str:
    """``text`` with any lone surrogate written as an escape, so it can go into UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def create_app(
    store_path: Path | None = None,
    out_root: Path | None = None,
    sources: Path | None = None,
    runner: Runner = default_runner,
    *,
    token: str | None = None,
    allowed_hosts: Sequence[str] = LOCAL_HOSTS,
    address: str = "http://127.0.0.1:8000/",
    run_time_limit: float = RUN_TIME_LIMIT,
    limits: CaseLimits | None = None,
    quick_time_limit: float = QUICK_SECONDS,
) -> FastAPI:
    """The service. Runs are recorded in ``store_path`` (default: the user's run store) and
    written under ``out_root`` (default ``out/web``), each stopped after ``run_time_limit``
    seconds; with ``sources`` (a folder of source texts) every run also checks its case's
    evidence. ``runner`` runs one job in a child process, so it must be picklable.

    Requests must name one of ``allowed_hosts`` in their Host header; with a ``token``, every
    API request must carry it. ``address`` is how people reach the service (for messages).
    Case texts are read within ``limits``; the workbench's quick engines are stopped after
    ``quick_time_limit`` seconds."""
    limits = limits if limits is not None else CaseLimits()
    app = FastAPI(
        title="realpolitik",
        version=__version__,
        description="Strategic analysis of geopolitical conflicts: bargaining forecasts, "
        "cross-impact scenarios and games, every input traced to its evidence.",
        default_response_class=SafeJSONResponse,
    )
    queue = JobQueue(
        out_root if out_root is not None else Path("out") / "web",
        store_path if store_path is not None else default_store_path(),
        runner,
        time_limit=run_time_limit,
    )
    intake = CaseIntake(limits)
    workbench = Workbench(quick_time_limit)
    app.state.queue = queue
    app.state.intake = intake
    app.state.workbench = workbench
    app.router.add_event_handler("startup", _warm_up_soon)
    app.router.add_event_handler("shutdown", queue.shutdown)
    app.router.add_event_handler("shutdown", workbench.shutdown)
    app.add_middleware(
        Guard,
        allowed_hosts=allowed_hosts,
        token=token,
        body_limit=functools.partial(_body_limit, limits),
        address=address,
    )
    _add_error_handlers(app)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse(page_html(__version__, sources is not None))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # no icon; spares browsers a 404 on every page

    @app.get("/api/cases", response_model=list[CaseSummary])
    def cases() -> list[CaseSummary]:
        """The built-in cases, with what each holds."""
        return [_summary(_builtin(name)) for name in builtin_cases()]

    @app.get(
        "/api/cases/{case_id}",
        response_model=CaseSummary,
        responses={404: {"model": ErrorBody, "description": "No such built-in case."}},
    )
    def case(case_id: str) -> CaseSummary | JSONResponse:
        """One built-in case's summary."""
        known = builtin_cases()
        if case_id not in known:
            return _error(404, f"no built-in case {case_id!r}", f"use one of: {', '.join(known)}")
        return _summary(_builtin(case_id))

    @app.post(
        "/api/validate",
        response_model=ValidateAnswer,
        response_model_exclude_none=True,
        responses={
            400: {"model": ErrorBody, "description": "The body holds no case text."},
            413: {"model": ErrorBody, "description": "The body is larger than the limit."},
            422: {"model": ProblemsBody, "description": "The text is beyond a limit."},
            503: {"model": ErrorBody, "description": "The check itself failed; try again."},
        },
        openapi_extra={"requestBody": _text_body(limits)},
    )
    async def validate(
        request: Request,
        x_filename: Annotated[
            str | None, Header(description="The file's name, used in messages.")
        ] = None,
    ) -> dict[str, Any] | JSONResponse:
        """Check the text of a case file (the request body) and list every problem."""
        raw = await request.body()
        refusal = _check_body(raw, limits)
        if refusal is not None:
            return refusal
        name = (x_filename or "")[:200] or "uploaded.toml"
        outcome = await _read(intake, raw, name)
        if isinstance(outcome, JSONResponse):
            return outcome
        if isinstance(outcome, Refused):
            return _problems(422, "the case is beyond this service's limits", outcome.problems)
        if isinstance(outcome, Rejected):
            return {"ok": False, "problems": outcome.problems}
        return {"ok": True, "summary": _summary(outcome.case)}

    @app.post(
        "/api/runs",
        status_code=202,
        response_model=JobView,
        responses={
            400: {"model": ErrorBody, "description": "The body cannot be read as JSON."},
            413: {"model": ErrorBody, "description": "The body or its case is too large."},
            422: {"model": ProblemsBody, "description": "A bad field, or a case with problems."},
            429: {"model": ErrorBody, "description": "Too many runs are waiting."},
            503: {"model": ErrorBody, "description": "The run cannot be set up; try again."},
        },
    )
    async def submit(request: RunRequest) -> JobView | JSONResponse:
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
            loaded = await run_in_threadpool(_builtin, request.case)
            case_name = request.case
        else:
            assert request.toml is not None  # the model checks that one of them is given
            raw = request.toml.encode("utf-8")
            refusal = _check_body(raw, limits)
            if refusal is not None:
                return refusal
            outcome = await _read(intake, raw, request.filename)
            if isinstance(outcome, JSONResponse):
                return outcome
            if isinstance(outcome, Refused):
                return _problems(422, "the case is beyond this service's limits", outcome.problems)
            if isinstance(outcome, Rejected):
                return _problems(422, "the case has problems", outcome.problems)
            loaded, case_name = outcome.case, request.filename
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
            job = await run_in_threadpool(queue.submit, loaded, settings, case_name)
        except QueueFull as error:
            return _error(429, str(error), "wait for some to finish, then ask again")
        except OutputError as error:
            return _error(503, error.message, error.fix)
        return job.view()

    @app.get("/api/runs", response_model=list[JobView])
    def runs() -> list[JobView]:
        """Every run requested since the service started, newest first."""
        return [job.view() for job in queue.all()]

    @app.get(
        "/api/runs/{job_id}",
        response_model=JobView,
        responses={404: {"model": ErrorBody, "description": "No such run."}},
    )
    def run(job_id: str) -> JobView | JSONResponse:
        """One run: status, progress by stage, and when done the headline and links."""
        job = queue.get(job_id)
        if job is None:
            return _no_run(job_id)
        return job.view()

    @app.delete(
        "/api/runs/{job_id}",
        response_model=JobView,
        responses={
            404: {"model": ErrorBody, "description": "No such run."},
            409: {"model": ErrorBody, "description": "The run has already ended."},
        },
    )
    def cancel(job_id: str) -> JobView | JSONResponse:
        """Cancel a queued or running run; answers with the run once it has stopped."""
        try:
            job = queue.cancel(job_id)
        except NotCancellable as error:
            return _error(409, str(error), "nothing to cancel; list the runs at /api/runs")
        if job is None:
            return _no_run(job_id)
        return job.view()

    def finished_file(job_id: str, name: str, media_type: str) -> Response:
        job = queue.get(job_id)
        if job is None:
            return _no_run(job_id)
        if job.status != "done":
            if job.error is not None:
                message = f"run {job_id} is {job.status}: {job.error['message']}"
                return _error(409, message, "correct the case and run it again")
            return _error(
                409, f"run {job_id} is {job.status}", f"wait until /api/runs/{job_id} says done"
            )
        return FileResponse(job.out_dir / name, media_type=media_type)

    error_json = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    file_answers: dict[int | str, dict[str, Any]] = {  # JSON, unlike the file itself
        404: {"description": "No such run.", "content": error_json},
        409: {"description": "The run is not done (or failed).", "content": error_json},
    }
    html: dict[int | str, dict[str, Any]] = {
        200: {"content": {"text/html": {"schema": {"type": "string"}}}}
    }

    @app.get(
        "/runs/{job_id}/report.html", response_class=HTMLResponse, responses=html | file_answers
    )
    def report(job_id: str) -> Response:
        """A finished run's self-contained HTML report."""
        return finished_file(job_id, "report.html", "text/html")

    json_object: dict[int | str, dict[str, Any]] = {
        200: {"content": {"application/json": {"schema": {"type": "object"}}}}
    }

    @app.get(
        "/runs/{job_id}/results.json",
        response_class=JSONResponse,
        responses=json_object | file_answers,
    )
    def results(job_id: str) -> Response:
        """A finished run's results (canonical JSON, the same as `realpolitik run` writes)."""
        return finished_file(job_id, "results.json", "application/json")

    _add_workbench_routes(app, workbench, intake, limits, sources)
    app.openapi = functools.partial(  # type: ignore[method-assign]
        describe, app, limits, builtin_cases(), token is not None
    )
    return app


def _add_error_handlers(app: FastAPI) -> None:
    """Every error as JSON with a fix: bad requests, unknown paths and methods, bugs."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = []
        for detail in error.errors():
            location = [_printable(str(part)) for part in detail.get("loc", ()) if part != "body"]
            message = str(detail.get("msg", "invalid")).removeprefix("Value error, ")
            if detail.get("type") == "string_unicode":  # JSON can carry half a character
                message = "the text holds a lone UTF-16 surrogate, which is no character"
            if detail.get("type") == "json_invalid":
                location = []
                reason = (detail.get("ctx") or {}).get("error", "")
                message = f"the body is not valid JSON ({reason})" if reason else message
            problems.append(
                {"field": ".".join(location) or "(body)", "message": _printable(message),
                 "fix": _fix_for(dict(detail))}
            )  # fmt: skip
        return _problems(422, "the request is not valid", problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        headers = dict(error.headers or {})
        if error.status_code == 404:
            message, fix = f"nothing at {request.url.path}", "see the API description at /docs"
        elif error.status_code == 405:
            allowed = _allowed_methods(app, request)
            headers["Allow"] = ", ".join(allowed)
            message = f"{request.method} is not answered at {request.url.path}"
            fix = f"use {' or '.join(allowed)}"
        elif error.status_code == 400 and "parsing the body" in str(error.detail):
            message = "the body cannot be read as JSON (is it nested too deeply?)"
            fix = 'send a JSON object, e.g. {"case": "south-caucasus-2021"}'
        else:
            message, fix = str(error.detail), "see the API description at /docs"
        response = _error(error.status_code, _printable(message), fix)
        response.headers.update(headers)
        return response

    @app.exception_handler(Exception)
    async def _bug(request: Request, error: Exception) -> JSONResponse:
        return _error(
            500,
            f"the service failed on this request ({type(error).__name__})",
            "report this with the request; the service itself keeps running",
        )


def _allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """The methods answered at the request's path (for the Allow header of a 405)."""
    methods: set[str] = set()
    for route in app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def _body_limit(limits: CaseLimits, method: str, path: str) -> int:
    """Bytes a request body may have: a case text, a case in JSON (escapes can double it),
    or next to nothing."""
    if method == "POST" and path == "/api/validate":
        return limits.max_bytes
    if method == "POST" and path == "/api/runs":
        return 2 * limits.max_bytes + SMALL_BODY
    if method == "POST" and path == "/api/workbench":
        return 2 * (limits.max_bytes + limits.max_source_bytes) + SMALL_BODY
    return SMALL_BODY


def _text_body(limits: CaseLimits) -> dict[str, Any]:
    schema = {"type": "string", "minLength": 1, "maxLength": limits.max_bytes}
    return {
        "required": True,
        "description": "The text of a case file (TOML, UTF-8).",
        "content": {"text/plain": {"schema": schema | {"pattern": "[^ \\t\\n\\r\\x0b\\x0c]"}}},
    }


async def _read(intake: CaseIntake, raw: bytes, name: str) -> Outcome | JSONResponse:
    """The intake's verdict on a case text, read in a worker thread (and process)."""
    try:
        return await run_in_threadpool(intake.check, raw, name)
    except IntakeFailed as error:
        return _error(
            503,
            f"the check of the case stopped unexpectedly ({error})",
            "try again; if it recurs, check the file with `realpolitik validate`",
        )


def _warm_up_soon() -> None:
    """Start the worker processes' server in the background, so the first check of a case
    does not wait for it and the service starts at once."""
    threading.Thread(target=warm_up, name="realpolitik-warm-up", daemon=True).start()


def _no_run(job_id: str) -> JSONResponse:
    return _error(404, f"no run {job_id!r}", "list the runs at /api/runs")


@functools.lru_cache(maxsize=16)
def _builtin(name: str) -> Case:
    """A built-in case (they ship with the package and do not change while it runs)."""
    return load_case(name)


def _summary(case: Case) -> CaseSummary:
    """A case's summary (which leaves out the file path it was read from: a path on the
    server)."""
    return summarise(case)


def _check_body(raw: bytes, limits: CaseLimits) -> JSONResponse | None:
    """Refuse an empty or oversized case text."""
    if not raw.strip():
        return _error(400, "the request has no case text", "send the case file's text")
    if len(raw) > limits.max_bytes:
        return _error(
            413,
            f"the case text is {len(raw):,} bytes, more than {limits.max_bytes:,}",
            "split large tables out of the case or run it with the command line",
        )
    return None


# -- the workbench ---------------------------------------------------------------------------

_VIEW_ANSWERS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such open case."},
}


def _add_workbench_routes(
    app: FastAPI, workbench: Workbench, intake: CaseIntake, limits: CaseLimits,
    sources: Path | None,
) -> None:  # fmt: skip
    """Open a case, change its judgments, rerun the quick engines, download the text."""

    @app.get("/api/workbench", response_model=list[OpenCaseItem])
    def open_cases() -> list[dict[str, Any]]:
        """The cases opened since the service started, newest first ("your cases")."""
        return [_item(entry) for entry in workbench.all()]

    @app.post(
        "/api/workbench",
        status_code=201,
        response_model=OpenCaseView,
        responses={
            400: {"model": ErrorBody, "description": "The body cannot be read as JSON."},
            413: {"model": ErrorBody, "description": "The body, case or sources are too large."},
            422: {"model": ProblemsBody, "description": "A bad field, or a case with problems."},
            429: {"model": ErrorBody, "description": "Too many cases are open."},
            503: {"model": ErrorBody, "description": "The check failed; try again."},
        },
    )
    async def open_case(request: OpenRequest) -> dict[str, Any] | JSONResponse:
        """Open a built-in case, or a case file's text with the source texts it quotes; the
        answer holds every judgment with its evidence and the quick engines' results."""
        if request.case is not None:
            known = builtin_cases()
            if request.case not in known:
                return _problems(422, "the request is not valid", [
                    {"field": "case", "message": f"no built-in case {request.case!r}",
                     "fix": f"use one of: {', '.join(known)}"}])  # fmt: skip
            loaded = await run_in_threadpool(_builtin, request.case)
            text = await run_in_threadpool(_builtin_text, request.case)
            name, origin, folder = f"{request.case}.toml", "built-in", sources
            files: list[str] = []
        else:
            assert request.toml is not None  # the model checks that one of them is given
            raw = request.toml.encode("utf-8")
            refusal = _check_body(raw, limits) or _check_sources(request, limits)
            if refusal is not None:
                return refusal
            name = request.filename or "uploaded.toml"
            outcome = await _read(intake, raw, name)
            if isinstance(outcome, JSONResponse):
                return outcome
            if isinstance(outcome, Refused):
                return _problems(422, "the case is beyond this service's limits", outcome.problems)
            if isinstance(outcome, Rejected):
                return _problems(422, "the case has problems", outcome.problems)
            loaded, text, origin = outcome.case, request.toml, "uploaded"
            files = [source.name for source in request.sources]
            folder = None
            if request.sources:
                folder = await run_in_threadpool(workbench.folder)
                pairs = [(source.name, source.text) for source in request.sources]
                await run_in_threadpool(write_sources, folder, pairs)
        before, failure = await _quick(workbench, loaded, folder, request.tolerance)
        entry = OpenCase(
            id=workbench.new_id(), name=name, origin=origin, original_text=text, text=text,
            case=loaded, original=loaded, sources=folder if origin == "uploaded" else None,
            source_files=files, before=before, after=None, quick_error=failure,
            tolerance=request.tolerance, evidence_folder=folder,
        )  # fmt: skip
        try:
            workbench.add(entry)
        except TooManyCases as error:
            workbench.discard(entry)
            return _error(429, str(error), "close some (DELETE /api/workbench/<id>) and try again")
        return await run_in_threadpool(_view, entry)

    @app.get("/api/workbench/{case_id}", response_model=OpenCaseView, responses=_VIEW_ANSWERS)
    async def open_case_view(case_id: str) -> dict[str, Any] | JSONResponse:
        """An open case: its judgments, its text as edited, before and after."""
        entry = workbench.get(case_id)
        if entry is None:
            return _no_case(case_id)
        return await run_in_threadpool(_view, entry)

    @app.post(
        "/api/workbench/{case_id}/edits",
        response_model=OpenCaseView,
        responses=_VIEW_ANSWERS | {
            422: {"model": ProblemsBody,
                  "description": "An edit names no judgment or leaves its scale, or the "
                                 "edited case has problems; each named with the fix."},
            503: {"model": ErrorBody, "description": "The check failed; try again."},
        },
    )  # fmt: skip
    async def edit_case(case_id: str, request: EditRequest) -> dict[str, Any] | JSONResponse:
        """Change judgments, check the whole case again, and rerun the quick engines."""
        entry = workbench.get(case_id)
        if entry is None:
            return _no_case(case_id)
        edits = [Edit(item.address, item.value) for item in request.edits]
        async with entry.busy:
            try:
                text = await run_in_threadpool(
                    prepare_edits, entry.case, entry.text, edits, entry.name
                )
            except EditRefused as error:
                return _problems(422, "the edits cannot be applied", error.problems)
            outcome = await _read(intake, text.encode("utf-8"), entry.name)
            if isinstance(outcome, JSONResponse):
                return outcome
            if isinstance(outcome, Rejected | Refused):
                return _problems(422, "the edited case has problems", outcome.problems)
            wrong = _unapplied(outcome.case, entry.case, edits)
            if wrong:
                return _problems(422, "the edits cannot be applied", wrong)
            after, failure = await _quick(
                workbench, outcome.case, entry.evidence_folder, entry.tolerance
            )
            entry.text, entry.case, entry.after, entry.quick_error = (
                text,
                outcome.case,
                after,
                failure,
            )
            log = {item["address"]: item for item in entry.edits}
            for edit in edits:
                log[edit.address] = {"address": edit.address, "value": edit.value}
            entry.edits = list(log.values())
        return await run_in_threadpool(_view, entry)

    @app.post("/api/workbench/{case_id}/reset", response_model=OpenCaseView,
              responses=_VIEW_ANSWERS)  # fmt: skip
    async def reset_case(case_id: str) -> dict[str, Any] | JSONResponse:
        """Undo every edit: the case as it was opened."""
        entry = workbench.get(case_id)
        if entry is None:
            return _no_case(case_id)
        async with entry.busy:
            entry.text, entry.case, entry.after, entry.edits = (
                entry.original_text,
                entry.original,
                None,
                [],
            )
            entry.quick_error = None if entry.before is not None else entry.quick_error
        return await run_in_threadpool(_view, entry)

    @app.delete("/api/workbench/{case_id}", response_model=OpenCaseItem, responses=_VIEW_ANSWERS)
    def close_case(case_id: str) -> dict[str, Any] | JSONResponse:
        """Close an open case and delete its source texts."""
        entry = workbench.close(case_id)
        if entry is None:
            return _no_case(case_id)
        return _item(entry)

    error_json = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    toml_answer: dict[int | str, dict[str, Any]] = {
        200: {"content": {"application/toml": {"schema": {"type": "string"}}},
              "description": "The case file, as a download."},
        404: {"description": "No such open case.", "content": error_json},
    }  # fmt: skip

    @app.get("/api/workbench/{case_id}/case.toml", response_class=Response, responses=toml_answer)
    def download(case_id: str) -> Response:
        """The case text with every edit written in (comments and layout kept)."""
        entry = workbench.get(case_id)
        if entry is None:
            return _no_case(case_id)
        stem = entry.name.removesuffix(".toml")
        safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in stem)[:80] or "case"
        suffix = "-edited" if entry.edits else ""
        return Response(
            entry.text.encode("utf-8"),
            media_type="application/toml",
            headers={"Content-Disposition": f'attachment; filename="{safe}{suffix}.toml"'},
        )


async def _quick(
    workbench: Workbench, case: Case, folder: Path | None, tolerance: float
) -> tuple[dict[str, Any] | None, dict[str, str] | None]:
    try:
        return await run_in_threadpool(workbench.quick, case, folder, tolerance), None
    except QuickFailed as error:
        return None, {"message": error.message, "fix": error.fix}


def _check_sources(request: OpenRequest, limits: CaseLimits) -> JSONResponse | None:
    """Refuse source texts with names that could leave their folder, twice the same name,
    or more text than the limit."""
    problems = []
    seen: set[str] = set()
    total = 0
    for number, source in enumerate(request.sources, start=1):
        fault = source_name_problem(source.name)
        if fault is None and source.name.lower() in seen:
            fault = f"{source.name!r} is sent twice"
        if fault is not None:
            problems.append({"field": f"sources[{number}].name", "message": fault,
                             "fix": "name each file once, as the case's sources[].file names "
                                    "it, inside the sources folder"})  # fmt: skip
        seen.add(source.name.lower())
        total += len(source.text.encode("utf-8", "surrogatepass"))
    if problems:
        return _problems(422, "the request is not valid", problems)
    if total > limits.max_source_bytes:
        return _error(
            413,
            f"the source texts are {total:,} bytes, more than {limits.max_source_bytes:,}",
            "send only the sources the case quotes, or check them with `realpolitik evidence`",
        )
    return None


def _unapplied(new: Case, old: Case, edits: list[Edit]) -> list[dict[str, Any]]:
    """Problems for any judgment whose value in the re-read case is not what was asked (or
    that changed unasked): a guard on the text rewrite."""
    asked = {edit.address: edit.value for edit in edits}
    before = judgments_by_address(old)
    problems = []
    for address, judged in judgments_by_address(new).items():
        expected = asked.get(address, before[address].judgment.value if address in before
                             else None)  # fmt: skip
        if expected is None or judged.judgment.value != expected:
            problems.append({"field": address, "message": "the edit could not be written into "
                             "the case text faithfully", "fix": "change the value in the case "
                             "text itself and open it again"})  # fmt: skip
    return problems


def _item(entry: OpenCase) -> dict[str, Any]:
    return {
        "id": entry.id, "name": entry.name, "origin": entry.origin,
        "title": entry.case.case.title, "opened": entry.opened, "edits": len(entry.edits),
        "source_files": entry.source_files,
    }  # fmt: skip


def _view(entry: OpenCase) -> dict[str, Any]:
    return _item(entry) | {
        "case_id": entry.case.id, "text": entry.text, "judgments": judgment_rows(entry),
        "before": entry.before, "after": entry.after, "quick_error": entry.quick_error,
        "edit_log": entry.edits,
    }  # fmt: skip


def _no_case(case_id: str) -> JSONResponse:
    return _error(404, f"no open case {case_id!r}", "list the open cases at /api/workbench")


@functools.lru_cache(maxsize=16)
def _builtin_text(name: str) -> str:
    return (builtin_cases_dir() / name / CASE_FILE_NAME).read_text(encoding="utf-8")
