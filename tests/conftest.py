"""Shared fixtures."""

from __future__ import annotations

import pytest

from paths import DATA


@pytest.fixture
def minimal_text() -> str:
    return (DATA / "minimal.toml").read_text(encoding="utf-8")
