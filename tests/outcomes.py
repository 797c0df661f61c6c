"""Outcomes to add to tests/data/minimal.toml (which records one issue outcome): a descriptor
outcome and a game outcome, so that a backtest holds every kind of score."""

from __future__ import annotations

MORE_OUTCOMES = """
[[outcomes]]
id = "relations-soured"
description = "Relations between the rivals turned tense."
date = 2023-09-30
source = "later-news"
descriptor = "relations"
variant = "tense"

[[outcomes]]
id = "crisis-ended"
description = "The crisis ended with South folding."
date = 2023-09-30
source = "later-news"
game = "crisis"
outcome = "south-folds"
"""
