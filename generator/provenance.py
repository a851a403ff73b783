"""When a build was made and from which version of the content: one answer for every output.

The data exports, the feeds and the Data page all say "as of" something. They take it from here,
so the site never shows two different dates for one build (issue 9's "last updated" and any
other page that needs the build date should call these too).

* :func:`build_time` is ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention: CI
  sets it, e.g. to ``git log -1 --format=%ct``, and two builds of one commit are byte-identical),
  otherwise the start of the current day in UTC. A day, not a second: a build date is what
  readers need, and rebuilding on the same day then rewrites nothing (the write-if-changed
  writer and the live preview rely on that).
* :func:`site_url` is the address the site is published at: ``site_url`` of ``mkdocs.yml`` read
  the way MkDocs reads it (so the ``SITE_URL`` environment variable, one setting for the whole
  build), for the absolute links that feeds and data exports need.
* :func:`content_version` is the abbreviated git commit that last changed the content folder,
  with ``+modified`` when the folder has uncommitted changes, or ``None`` outside a git checkout.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import click
import yaml

MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"
DEV_ADDRESS = "http://localhost:8000/"  # MkDocs' own default for a site without site_url


class BuildDateError(click.ClickException):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds."""


def build_time(environ=os.environ) -> dt.datetime:
    """The build's date and time, timezone-aware UTC (see the module docstring)."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise BuildDateError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time in seconds "
                "(set it with: export SOURCE_DATE_EPOCH=$(git log -1 --format=%ct))") from None
    today = dt.datetime.now(dt.UTC).date()
    return dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)


def build_date(environ=os.environ) -> dt.date:
    """The calendar day of :func:`build_time`."""
    return build_time(environ).date()


def iso(moment: dt.datetime) -> str:
    """RFC 3339 / ISO 8601 in UTC with a ``Z``, as JSON and Atom readers expect."""
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def content_version(content: Path) -> str | None:
    """Short git commit of the last change to ``content`` (``+modified`` if it has local edits)."""
    folder = Path(content).resolve()
    if not folder.is_dir():
        return None
    commit = _git(folder, "log", "-1", "--format=%h", "--", ".")
    if not commit:
        return None
    changed = _git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".")
    return f"{commit}+modified" if changed else commit


def site_url(mkdocs_yml: Path = MKDOCS_YML) -> str:
    """The published site's address, ending in ``/`` (``site_url`` of mkdocs.yml, ``!ENV`` and
    all: MkDocs' YAML loader evaluates it; ``INHERIT`` is not followed, it holds no address)."""
    from mkdocs.utils.yaml import get_yaml_loader

    try:
        config = yaml.load(mkdocs_yml.read_text("utf-8"), Loader=get_yaml_loader()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise click.ClickException(f"{mkdocs_yml}: cannot read site_url ({exc})") from None
    url = str(config.get("site_url") or DEV_ADDRESS)
    return url if url.endswith("/") else url + "/"
