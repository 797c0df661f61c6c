"""The main job: every stage of the analysis of a case, gathered as plain results."""

from realpolitik.analysis.core import RunSettings, analyse, dumps, reproduce_command, stages

__all__ = ["RunSettings", "analyse", "dumps", "reproduce_command", "stages"]
