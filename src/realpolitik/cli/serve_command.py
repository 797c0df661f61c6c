"""`realpolitik serve`: the web page and JSON API on this machine."""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import console, existing_dir
from realpolitik.store import default_store_path

#: The environment variable that gives the service its token.
TOKEN_VARIABLE = "REALPOLITIK_TOKEN"


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (0.0.0.0 for every interface).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the runs' reports and results.")
    ] = Path("out") / "web",
    store: Annotated[
        Path | None,
        typer.Option("--store", help="SQLite run store (default: under the user data folder)."),
    ] = None,
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Folder of source texts; when given, runs check evidence."),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar=TOKEN_VARIABLE,
            help="Access token every API request must carry (Authorization: Bearer TOKEN or "
            "?token=TOKEN). Bound beyond localhost, one is made up and printed when not given.",
        ),
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another host name requests may use (repeatable); localhost names and the "
            "--host address are always allowed.",
        ),
    ] = None,
    run_time_limit: Annotated[
        float,
        typer.Option(
            "--run-time-limit", min=1.0, help="Seconds a run may take before it is stopped."
        ),
    ] = 900.0,
) -> None:
    """Serve the page and the JSON API: browse the cases, check a case file, run the main job
    and open its report. The API is described at /docs.

    Example: realpolitik serve --sources ../shared/seeds --port 8000
    """
    import uvicorn

    from realpolitik.web import create_app
    from realpolitik.web.guard import LOCAL_HOSTS

    token = token or None  # an empty --token or variable is none
    local = _is_loopback(host)
    if token is None and not local:
        token = secrets.token_urlsafe(24)
    hosts = [*LOCAL_HOSTS, *(allow_host or [])]
    if host not in ("0.0.0.0", "::"):
        hosts.append(host)
    shown_host = f"[{host}]" if ":" in host else host
    address = f"http://{shown_host}:{port}/"
    app = create_app(
        store_path=store if store is not None else default_store_path(),
        out_root=out,
        sources=existing_dir(sources, "--sources") if sources else None,
        token=token,
        allowed_hosts=hosts,
        address=address,
        run_time_limit=run_time_limit,
    )
    link = f"{address}?token={token}" if token else address
    console.print(f"realpolitik at {link} (API description at /docs)", markup=False)
    if token:
        console.print(
            "API requests need the token: header 'Authorization: Bearer TOKEN' or ?token=TOKEN",
            markup=False,
        )
    if host in ("0.0.0.0", "::"):
        console.print(
            "requests must name this machine as one of: " + ", ".join(hosts)
            + "; add the names people use with --allow-host",
            markup=False,
        )  # fmt: skip
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
