"""The `realpolitik` command line."""

from __future__ import annotations

import typer

from realpolitik import __version__
from realpolitik.cli import (
    backtest_command,
    case_commands,
    forecast_command,
    games_command,
    import_export_command,
    ledger_commands,
    new_command,
    run_command,
    scenarios_command,
    schema_command,
    serve_command,
    validate_models_command,
)
from realpolitik.cli.common import forget_json
from realpolitik.cli.runs_commands import runs_app

app = typer.Typer(
    name="realpolitik",
    help="Strategic analysis of geopolitical conflicts: bargaining forecasts, cross-impact "
    "scenarios and games, with every input traced to its evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("cases")(case_commands.cases)
app.command("show")(case_commands.show)
app.command("validate")(case_commands.validate)
app.command("evidence")(case_commands.evidence)
app.command("new")(new_command.new)
app.command("import")(import_export_command.import_command)
app.command("export")(import_export_command.export_command)
app.command("run")(run_command.run)
app.command("warm-up", hidden=True)(run_command.warm_up)
app.command("forecast")(forecast_command.forecast_command)
app.command("scenarios")(scenarios_command.scenarios)
app.command("games")(games_command.games)
app.command("backtest")(backtest_command.backtest_command)
app.command("seal")(ledger_commands.seal)
app.command("grade")(ledger_commands.grade)
app.command("serve")(serve_command.serve)
app.command("schema")(schema_command.schema)
app.command("validate-models")(validate_models_command.validate_models_command)
app.add_typer(runs_app, name="runs")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"realpolitik {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Strategic analysis of geopolitical conflicts."""
    forget_json()


def main() -> None:
    app()
