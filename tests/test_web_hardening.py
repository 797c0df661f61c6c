"""The web service under hostile input and long work: each finding of issue 14 as a test.

Case texts that stall the TOML parser or blow its stack, bodies larger than allowed, runs that
never end, a kill in the middle of writing a report, a restart, a planted symbolic link, and
requests without the token or with a foreign Host. No test here asserts a duration: each one
checks what the service answers, and in what order.

Runs happen in child processes, so the runners that stand in for the main job are module-level
functions (picklable).
"""

from __future__ import annotations

import asyncio
import json
import time
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from partial_results import one_scenario_results, partial_results
from paths import DATA
from realpolitik import runner as runner_module
from realpolitik.analysis import RunSettings
from realpolitik.case import Case, load_case
from realpolitik.case.load import builtin_cases_dir
from realpolitik.results import RunResults
from realpolitik.runner import RunOutput, new_run_folder, run_and_record, write_files
from realpolitik.web import CaseLimits, create_app
from realpolitik.web import jobs as jobs_module
from realpolitik.web.intake import check_structure, scan_text

MINIMAL = DATA / "minimal.toml"
LOCAL = "http://localhost"
FLAGSHIP = "south-caucasus-2021"
#: Asking for this seed makes :func:`seeded_runner` never end.
ENDLESS = 1


def quick_runner(
    case: Case, settings: RunSettings, out_dir: Path, store: Path, name: str, progress: Any
) -> RunOutput:
    """Stands in for the main job: a report and results at once."""
    progress("bargaining", 1.0)
    write_files(out_dir, {"report.html": f"<html>{case.id}</html>".encode(), "results.json": b"{}"})
    results = one_scenario_results()
    return RunOutput(1, out_dir, out_dir / "report.html", out_dir / "results.json", results, "")


def seeded_runner(
    case: Case, settings: RunSettings, out_dir: Path, store: Path, name: str, progress: Any
) -> RunOutput:
    """:func:`quick_runner`, except that seed 1 never ends (a 7^40 scenario space)."""
    if settings.seed == ENDLESS:
        progress("scenarios", 0.01)
        while True:
            time.sleep(0.05)
    return quick_runner(case, settings, out_dir, store, name, progress)


def _app(tmp_path: Path, **options: Any) -> FastAPI:
    return create_app(store_path=tmp_path / "runs.db", out_root=tmp_path / "out", **options)


def _wait_running(client: TestClient, job_id: str) -> None:
    """Until the run's child process has reported progress (it has started working)."""
    deadline = time.monotonic() + 60
    while not client.get(f"/api/runs/{job_id}").json()["stages"]:
        assert time.monotonic() < deadline, "the run did not start"
        time.sleep(0.02)


def _dotted(size: int) -> bytes:
    """A key of ``size`` bytes, ``a.a.a...``: quadratic for the standard TOML parser."""
    return b"a." * (size // 2 - 1) + b"a = 1\n"


# ---------------------------------------------------------------- hostile case texts


@pytest.mark.parametrize("size", [16_000, 400_000])
def test_a_long_dotted_key_is_refused_naming_line_and_fix(tmp_path: Path, size: int) -> None:
    with TestClient(_app(tmp_path), base_url=LOCAL) as client:
        text = b"[case]\nid = 'x'\n" + _dotted(size)
        answer = client.post("/api/validate", content=text, headers={"X-Filename": "big.toml"})
        assert answer.status_code == 422
        problem = answer.json()["problems"][0]
        assert problem["file"] == "big.toml" and problem["line"] == 3
        assert "more than 8 parts" in problem["message"]
        assert "[table] header" in problem["fix"]
        as_run = client.post("/api/runs", json={"toml": text.decode()})
        assert as_run.status_code == 422
        assert "more than 8 parts" in as_run.json()["problems"][0]["message"]
        assert client.get("/api/runs").json() == []


def test_a_slow_parse_is_stopped_while_other_requests_are_answered(tmp_path: Path) -> None:
    """With the dotted-key check lifted, the parser itself gets the 400 kB key: it works in
    a child process, is stopped at its time budget, and meanwhile the event loop answers a
    cheap request."""
    limits = CaseLimits(max_dotted_parts=10**6, parse_seconds=2.0)
    application = _app(tmp_path, limits=limits)

    async def scenario() -> tuple[httpx2.Response, httpx2.Response, bool]:
        transport = httpx2.ASGITransport(app=application)
        async with httpx2.AsyncClient(transport=transport, base_url=LOCAL) as client:
            slow = asyncio.create_task(client.post("/api/validate", content=_dotted(400_000)))
            await asyncio.sleep(0)  # the slow request is under way first
            cheap = await client.get("/api/cases")
            pending_meanwhile = not slow.done()
            return await slow, cheap, pending_meanwhile

    slow, cheap, pending_meanwhile = asyncio.run(scenario())
    assert cheap.status_code == 200 and cheap.json()[0]["id"] == FLAGSHIP
    assert pending_meanwhile, "the cheap request waited for the parse"
    assert slow.status_code == 422
    problem = slow.json()["problems"][0]
    assert "took longer than 2 s" in problem["message"]
    assert "realpolitik validate" in problem["fix"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (b"x = " + b"[" * 1000 + b"]" * 1000 + b"\n", "(value)"),
        (b"x = " + b"{a = " * 1000 + b"1" + b"}" * 1000 + b"\n", "(value)"),
    ],
)
def test_deep_nesting_is_refused_as_json(tmp_path: Path, text: bytes, field: str) -> None:
    with TestClient(_app(tmp_path), base_url=LOCAL) as client:
        answer = client.post("/api/validate", content=text)
        assert answer.status_code == 422
        problem = answer.json()["problems"][0]
        assert problem["field"] == field and problem["line"] == 1
        assert "nested more than 32 levels" in problem["message"]


def test_deep_nesting_past_the_checks_still_ends_in_json(tmp_path: Path) -> None:
    """With the depth check lifted, the parser's own RecursionError (in the child) is
    still a refusal, not a server error."""
    limits = CaseLimits(max_depth=10**6)
    with TestClient(_app(tmp_path, limits=limits), base_url=LOCAL) as client:
        answer = client.post("/api/validate", content=b"x = " + b"[" * 5000 + b"]" * 5000)
        assert answer.status_code == 422
        assert "nested more than" in answer.json()["problems"][0]["message"]


def test_deep_json_and_lone_surrogates_are_client_errors(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path), base_url=LOCAL) as client:
        json_type = {"content-type": "application/json"}
        deep = client.post("/api/runs", content=b"[" * 100_000 + b"]" * 100_000, headers=json_type)
        assert deep.status_code == 400
        assert "cannot be read as JSON" in deep.json()["error"]
        for body, field in [
            (rb'{"toml": "\ud800"}', "toml"),
            (rb'{"case": "south\udfff"}', "case"),
            (rb'{"case": "south-caucasus-2021", "filename": "a\ud800.toml"}', "filename"),
        ]:
            answer = client.post("/api/runs", content=body, headers=json_type)
            assert answer.status_code == 422, answer.text
            problem = answer.json()["problems"][0]
            assert problem["field"] == field
            assert "lone UTF-16 surrogate" in problem["message"]
            assert problem["fix"].startswith("send whole characters")
        key = client.post("/api/runs", content=rb'{"\ud800": 1}', headers=json_type)
        assert key.status_code == 422
        assert "lone UTF-16 surrogate" in key.json()["problems"][0]["message"]
        for value in ['"5"', "true", "null"]:
            typed = client.post(
                "/api/runs", content=f'{{"case": "{FLAGSHIP}", "runs": {value}}}', headers=json_type
            )
            assert typed.status_code == 422, value


def test_the_checks_pass_the_flagship_and_ignore_strings_and_numbers() -> None:
    limits = CaseLimits()
    text = (builtin_cases_dir() / FLAGSHIP / "case.toml").read_text(encoding="utf-8")
    assert scan_text(text, "case.toml", limits) is None
    assert check_structure(tomllib.loads(text), "case.toml", limits) is None
    harmless = (
        'a = "' + "[" * 100 + ".x" * 50 + '"\n'
        "b = '''" + "{" * 100 + "'''\n"
        "# " + "[" * 100 + "\n"
        "c = [1.5, 2.5, 1979-05-27T07:32:00.999]\n"
        '"quoted.key".x = 1\n'
    )
    assert scan_text(harmless, "f", limits) is None
    assert scan_text("x." * 7 + "x = 1", "f", limits) is None  # 8 parts: the limit
    assert scan_text("x." * 8 + "x = 1", "f", limits) is not None
    assert scan_text('"a". ' * 8 + '"a" = 1', "f", limits) is not None
    long_key = {"k" * 300: 1}
    assert "a key of 300 characters" in str(check_structure(long_key, "f", limits))
    assert "10,001 items" in str(check_structure({"x": [0] * 10_001}, "f", limits))


# ---------------------------------------------------------------- body size


def test_a_large_body_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    """The body streams in 100-byte chunks; reading past limit + one chunk would fail."""
    application = _app(tmp_path, limits=CaseLimits(max_bytes=1000))
    read = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 100
        if read > 1100:
            raise AssertionError("the service read past the limit")
        return {"type": "http.request", "body": b"x" * 100, "more_body": True}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/validate", "raw_path": b"/api/validate",
        "query_string": b"", "root_path": "", "headers": [(b"host", b"localhost")],
        "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000),
    }  # fmt: skip
    asyncio.run(application(scope, receive, send))
    assert sent[0]["status"] == 413 and read == 1100
    assert "larger than 1,000 bytes" in json.loads(sent[1]["body"])["error"]
    # A declared length above the limit is refused before a byte is read.
    read = 0
    declared = scope | {"headers": [(b"host", b"localhost"), (b"content-length", b"5000000")]}
    sent.clear()
    asyncio.run(application(declared, receive, send))
    assert sent[0]["status"] == 413 and read == 0


# ---------------------------------------------------------------- runs: cancel and time limit


def test_cancelling_a_never_ending_run_starts_the_next(tmp_path: Path) -> None:
    application = _app(tmp_path, runner=seeded_runner)
    with TestClient(application, base_url=LOCAL) as client:
        endless = client.post("/api/runs", json={"case": FLAGSHIP, "seed": ENDLESS}).json()["id"]
        queued = client.post("/api/runs", json={"case": FLAGSHIP, "seed": ENDLESS}).json()["id"]
        after = client.post("/api/runs", json={"case": FLAGSHIP, "seed": 2}).json()["id"]
        _wait_running(client, endless)
        # A queued run is cancelled at once; its empty folder goes.
        dropped = client.delete(f"/api/runs/{queued}")
        assert dropped.status_code == 200 and dropped.json()["status"] == "cancelled"
        assert not (tmp_path / "out" / queued).exists()
        # The running one is killed, and the next starts and finishes.
        stopped = client.delete(f"/api/runs/{endless}")
        assert stopped.status_code == 200
        assert stopped.json()["status"] == "cancelled"
        assert stopped.json()["error"]["message"] == "the run was cancelled"
        assert application.state.queue.wait(after, 60).status == "done"
        assert client.get(f"/runs/{after}/report.html").text == f"<html>{FLAGSHIP}</html>"
        again = client.delete(f"/api/runs/{endless}")
        assert again.status_code == 409 and "already ended" in again.json()["error"]
        assert client.delete("/api/runs/nothing").status_code == 404
        report = client.get(f"/runs/{endless}/report.html")
        assert report.status_code == 409 and "cancelled" in report.json()["error"]


def test_a_run_past_its_time_limit_is_stopped_and_the_next_starts(tmp_path: Path) -> None:
    application = _app(tmp_path, runner=seeded_runner, run_time_limit=5.0)
    with TestClient(application, base_url=LOCAL) as client:
        endless = client.post("/api/runs", json={"case": FLAGSHIP, "seed": ENDLESS}).json()["id"]
        after = client.post("/api/runs", json={"case": FLAGSHIP, "seed": 2}).json()["id"]
        queue = application.state.queue
        assert queue.wait(endless, 60).status == "timed_out"
        view = client.get(f"/api/runs/{endless}").json()
        assert view["status"] == "timed_out"
        assert "limit of 5 s" in view["error"]["message"]
        assert "realpolitik run" in view["error"]["fix"]
        assert queue.wait(after, 60).status == "done"


# ---------------------------------------------------------------- files: atomic, own folders


def _break_after_half(stream: Any, content: bytes) -> None:
    stream.write(content[: len(content) // 2])
    raise KeyboardInterrupt  # as a kill would: nothing after this line runs


def test_a_kill_mid_write_leaves_the_previous_files_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("<html>previous good report</html>")
    (out / "results.json").write_text('{"previous": true}\n')
    case = load_case(MINIMAL)
    monkeypatch.setattr(runner_module, "analyse", lambda *args, **kwargs: _fake_results(case))
    monkeypatch.setattr(runner_module, "build_report", _fake_report)
    monkeypatch.setattr(runner_module, "_write_all", _break_after_half)
    with pytest.raises(KeyboardInterrupt):
        run_and_record(case, RunSettings(), out, tmp_path / "runs.db", charts=False)
    assert (out / "report.html").read_text() == "<html>previous good report</html>"
    assert (out / "results.json").read_text() == '{"previous": true}\n'
    assert sorted(path.name for path in out.iterdir()) == ["report.html", "results.json"]
    monkeypatch.undo()
    monkeypatch.setattr(runner_module, "analyse", lambda *args, **kwargs: _fake_results(case))
    monkeypatch.setattr(runner_module, "build_report", _fake_report)
    run_and_record(case, RunSettings(), out, tmp_path / "runs.db", charts=False)
    assert (out / "report.html").read_text() == "<html>new report</html>"


def _fake_results(case: Case) -> RunResults:
    return partial_results()


def _fake_report(case: Case, results: RunResults) -> Any:
    return SimpleNamespace(html="<html>new report</html>", figures=[])


def test_run_ids_after_a_restart_do_not_reuse_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TestClient(_app(tmp_path, runner=quick_runner), base_url=LOCAL) as client:
        first = client.post("/api/runs", json={"case": FLAGSHIP}).json()["id"]
        assert client.app.state.queue.wait(first, 60).status == "done"  # type: ignore[attr-defined]
    (tmp_path / "out" / first / "report.html").write_text("<html>first run</html>")
    # After a restart a counter would start again; here the id maker even repeats itself.
    ids = iter([first, first, "20990101-000000-abcdef-fresh"])
    monkeypatch.setattr(jobs_module, "new_job_id", lambda case_id: next(ids))
    with TestClient(_app(tmp_path, runner=quick_runner), base_url=LOCAL) as client:
        second = client.post("/api/runs", json={"case": FLAGSHIP}).json()["id"]
        assert second == "20990101-000000-abcdef-fresh"
        assert client.app.state.queue.wait(second, 60).status == "done"  # type: ignore[attr-defined]
    assert (tmp_path / "out" / first / "report.html").read_text() == "<html>first run</html>"
    assert (tmp_path / "out" / second / "report.html").exists()


def test_a_symbolic_link_at_the_next_run_folder_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "planted").symlink_to(outside, target_is_directory=True)
    (out / "dangling").symlink_to(tmp_path / "nowhere")
    for name in ("planted", "dangling"):
        with pytest.raises(FileExistsError):
            new_run_folder(out, name)
    ids = iter(["planted", "dangling", "fresh"])
    monkeypatch.setattr(jobs_module, "new_job_id", lambda case_id: next(ids))
    with TestClient(_app(tmp_path, runner=quick_runner), base_url=LOCAL) as client:
        job_id = client.post("/api/runs", json={"case": FLAGSHIP}).json()["id"]
        assert job_id == "fresh"
        assert client.app.state.queue.wait(job_id, 60).status == "done"  # type: ignore[attr-defined]
    assert list(outside.iterdir()) == []
    assert not (tmp_path / "nowhere").exists()
    assert (out / "fresh" / "report.html").exists()


# ---------------------------------------------------------------- access


def test_a_token_is_required_for_runs_and_results(tmp_path: Path) -> None:
    application = _app(tmp_path, runner=quick_runner, token="s3cret")
    with TestClient(application, base_url=LOCAL) as client:
        refused = client.get("/api/runs")
        assert refused.status_code == 401
        assert "Authorization: Bearer TOKEN" in refused.json()["fix"]
        assert refused.headers["www-authenticate"] == "Bearer"
        assert client.get("/api/runs", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.post("/api/validate", content=b"x = 1").status_code == 401
        bearer = {"Authorization": "Bearer s3cret"}
        job = client.post("/api/runs", json={"case": FLAGSHIP}, headers=bearer).json()["id"]
        assert application.state.queue.wait(job, 60).status == "done"
        assert client.get(f"/runs/{job}/report.html").status_code == 401
        assert client.get(f"/runs/{job}/report.html?token=s3cret").status_code == 200
        assert client.get("/api/runs?token=s3cret").json()[0]["id"] == job
        # The page (it asks for the token) and the API's description stay open.
        assert client.get("/").status_code == 200
        schema = client.get("/openapi.json").json()
        assert "401" in schema["paths"]["/api/runs"]["get"]["responses"]
        assert set(schema["components"]["securitySchemes"]) == {"bearer", "query"}


def test_a_foreign_host_is_refused(tmp_path: Path) -> None:
    application = _app(tmp_path, allowed_hosts=["localhost", "127.0.0.1", "::1", "lab.example"])
    with TestClient(application, base_url=LOCAL) as client:
        for host in ["evil.example", "localhost.evil.example", ""]:
            answer = client.get("/api/cases", headers={"Host": host})
            assert answer.status_code == 400, host
            assert "--allow-host" in answer.json()["fix"]
        assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
        for host in ["localhost:8000", "127.0.0.1", "[::1]:8000", "LAB.example:80"]:
            assert client.get("/api/cases", headers={"Host": host}).status_code == 200, host


def test_unknown_paths_and_methods_answer_json(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path), base_url=LOCAL) as client:
        missing = client.get("/api/nothing")
        assert missing.status_code == 404 and missing.json()["fix"]
        wrong = client.patch("/api/runs/x")
        assert wrong.status_code == 405
        assert wrong.headers["allow"] == "DELETE, GET"
        assert "use DELETE or GET" in wrong.json()["fix"]


def test_serve_beyond_localhost_makes_up_a_token_and_allows_its_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from realpolitik.cli import app as cli  # here: the child processes need not import it

    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    monkeypatch.delenv("REALPOLITIK_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", "192.0.2.7", "--port", "8123"])
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    assert "http://192.0.2.7:8123/?token=" in words
    token = words.split("?token=")[1].split()[0]
    with TestClient(served["app"], base_url="http://192.0.2.7:8123") as client:
        assert client.get("/api/runs").status_code == 401
        assert client.get("/api/runs", params={"token": token}).status_code == 200
    local = CliRunner().invoke(cli, ["serve"], env={"REALPOLITIK_TOKEN": ""})
    assert local.exit_code == 0 and "token" not in local.output
    with TestClient(served["app"], base_url=LOCAL) as client:
        assert client.get("/api/runs").status_code == 200
