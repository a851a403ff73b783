"""The Jinja2 environment: strict (a typo in a template fails the build) and inert by default.

``finalize`` escapes every printed value that is not already ``Markup``, so text from content
can never turn into Markdown, HTML or template syntax even when a template forgets a filter.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import markdown

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _finalize(value):
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return markdown.inline(value)


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
