"""The Jinja2 environment: strict (a typo in a template fails the build) and inert by default.

``finalize`` escapes every printed value that is not already ``Markup``, so text from content
can never turn into Markdown, HTML or template syntax even when a template forgets a filter.
Compiled templates are kept on disk from one build to the next (:class:`CompiledTemplates`).
Two of Jinja2's costs per ``{{ }}`` are cut where they do nothing for these templates
(:class:`_Context`, :class:`_CodeGenerator`): a render of 1,000 events prints 110,000 values and
makes 70,000 calls.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from types import MethodType

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context
from markupsafe import Markup

from .. import markdown

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _finalize(value) -> Markup:
    """Every printed value, inert: always ``Markup`` (:class:`_CodeGenerator` counts on it)."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup()
    return markdown.inline(value)


class _CodeGenerator(CodeGenerator):
    """Prints ``finalize(value)`` where Jinja2 prints ``escape(finalize(value))``.

    With autoescape on, Jinja2 escapes what ``finalize`` returns, and ``finalize`` always returns
    ``Markup``, which ``escape`` gives back as a new copy of itself (about 0.5 µs each). The two
    methods are the ones Jinja2's own ``NativeCodeGenerator`` overrides to change what surrounds
    a printed value. Where autoescape is not known when compiling, Jinja2's code stays.
    """

    @staticmethod
    def _escaped(frame, finalize) -> bool:
        """Whether Jinja2 would wrap ``finalize`` in an ``escape`` known at compile time."""
        return (not frame.eval_ctx.volatile and frame.eval_ctx.autoescape
                and finalize.src is not None)

    def _output_child_pre(self, node, frame, finalize) -> None:
        if self._escaped(frame, finalize):
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize) -> None:
        if self._escaped(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class _Context(Context):
    """Calls the page context's methods (``c.link(...)``) directly.

    Jinja2's ``Context.call`` looks three times, on every call, for a marker asking it to pass
    the context, the environment or the evaluation context; a method without it is then called
    as it is. The answer is kept per function here; anything else (macros, ``caller``) goes
    through Jinja2's own ``call``.
    """

    _plain: dict = {}  # function -> it takes no Jinja2 argument (shared: functions don't change)

    def call(__self, __obj, *args, **kwargs):  # Jinja2's own signature
        if type(__obj) is MethodType:
            function = __obj.__func__
            plain = __self._plain.get(function)
            if plain is None:
                plain = __self._plain[function] = not hasattr(function, "jinja_pass_arg")
            if plain:
                kwargs.pop("_loop_vars", None)  # added to every call in a loop or a block,
                kwargs.pop("_block_vars", None)  # for a function that takes the context
                return __obj(*args, **kwargs)
        return super().call(__obj, *args, **kwargs)


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
    env.code_generator_class = _CodeGenerator
    env.context_class = _Context
    return env
