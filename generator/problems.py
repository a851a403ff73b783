"""Problems found in content, gathered before anything is written.

A content mistake is never a traceback: every check appends a :class:`Problem` naming the file,
line, column and field, and the command stops once, listing them all (like mkdocs' build errors).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import click


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working directory when possible (editors link them).

    The path is made absolute without following symbolic links, so a message about a link
    names the link the editor sees in the content folder, not the file it points to.
    """
    return _display_path(os.getcwd(), os.fspath(path))


@lru_cache(maxsize=100_000)
def _display_path(cwd: str, path: str) -> str:
    """Cached per working directory: every record's file is named on every validation (the
    live preview validates after each edit). Plain strings, not pathlib: this runs once per
    file of the content."""
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    inside = _resolved(cwd).rstrip(os.sep) + os.sep
    for candidate in (absolute, os.path.join(_resolved(folder), name)):
        if candidate.startswith(inside):
            return candidate[len(inside):]
    return path


@lru_cache(maxsize=1_000)
def _resolved(folder: str) -> str:
    """A folder with its symbolic links followed. Resolving asks the file system once per
    component of the path: done once per folder, not once per file (0.75 s of validating
    10,000 events' files kept outside the working directory, bench/README.md)."""
    return os.path.realpath(folder)


class ContentError(click.ClickException):
    """Raised once, with every problem found, so an editor fixes them all in one pass."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines = [str(p) for p in self.problems]
        lines.append(f"{len(self.problems)} {noun} found; nothing was written.")
        super().__init__("\n".join(lines))

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:  # no "Error:" prefix: each line already starts with a path
        click.echo(self.format_message(), err=True)
