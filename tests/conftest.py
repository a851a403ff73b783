"""Shared test helpers: a small bilingual content tree that tests copy and break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/mini, free to edit."""
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


def run_cli(*args: str):
    """Run the command line in-process; returns click's Result (exit_code, output)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=True)
