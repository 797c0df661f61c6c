"""`realpolitik serve`: the web page and JSON API on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import console, existing_dir
from realpolitik.store import default_store_path


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
) -> None:
    """Serve the page and the JSON API: browse the cases, check a case file, run the main job
    and open its report. The API is described at /docs.

    Example: realpolitik serve --sources ../shared/seeds --port 8000
    """
    import uvicorn

    from realpolitik.web import create_app

    app = create_app(
        store_path=store if store is not None else default_store_path(),
        out_root=out,
        sources=existing_dir(sources, "--sources") if sources else None,
    )
    console.print(f"realpolitik at http://{host}:{port}/ (API description at /docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
