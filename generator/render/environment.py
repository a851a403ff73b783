"""The Jinja2 environment: strict (a typo in a template fails the build) and inert by default.

``finalize`` escapes every printed value that is not already ``Markup``, so text from content
can never turn into Markdown, HTML or template syntax even when a template forgets a filter.
Compiled templates are kept on disk from one build to the next (:class:`CompiledTemplates`).
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import markdown

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _finalize(value):
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return markdown.inline(value)


class CompiledTemplates(FileSystemBytecodeCache):
    """Templates compiled by one build, loaded from disk by the next, as Python keeps its
    ``.pyc`` files: the real briefing's render takes 0.24-0.26 s with them, 0.30-0.35 s when it
    compiles them (six renders each, interleaved). Kept in the build folder (see
    :func:`keep_compiled`).

    Jinja2 checks a cached template against its source, not against the environment that
    compiled it (``finalize``, whitespace options): the file names carry a hash of this module
    and of the Jinja2 version, so a change to either compiles everything again. A cache that
    cannot be read or written costs a compile, never a build.
    """

    def __init__(self, folder: Path) -> None:
        made_by = hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode())
        super().__init__(str(folder), f"%s-{made_by.hexdigest()[:16]}.jinja")

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # truncated or foreign: compiled from the source, as if never cached
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)  # written beside, then renamed into place
        except OSError:
            pass


def keep_compiled(folder: Path) -> None:
    """Compile templates into ``folder`` and load them from there: a folder of the build's,
    since a build writes nothing outside its output folders (tests/test_paths.py)."""
    env = environment()
    if getattr(env.bytecode_cache, "directory", None) != str(folder):
        env.bytecode_cache = CompiledTemplates(folder)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=True,  # macros then return Markup; values still pass finalize
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
