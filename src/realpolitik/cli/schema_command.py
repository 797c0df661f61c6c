"""`realpolitik schema`: the JSON Schema of results.json, for programs that read it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import bad_option, console, given_path


def schema(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            parser=given_path,
            help="Write the schema to this file instead of printing it.",
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of results.json (what `realpolitik run` writes).

    The schema is made from the typed results this version writes; docs/results.md tells how
    to read results.json from code. The repository keeps a copy as docs/results.schema.json.

    Example: realpolitik schema --out results.schema.json
    """
    from realpolitik.results import schema_text  # the models, loaded only when asked for

    text = schema_text()
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        bad_option(f"cannot write {out} ({error.strerror})", "give --out a file you may write")
    console.print(f"wrote the schema of results.json to {out}", highlight=False, markup=False)


__all__ = ["schema"]
