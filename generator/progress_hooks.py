"""MkDocs hook: progress of MkDocs' part of a long build (see generator/progress.py, whose rules
these lines repeat: MkDocs loads hooks by path, so this file imports nothing from the package).

Prints ``MkDocs (en): 5,000/20,000 pages (25%)`` to stderr at every tenth of each language's
pages, only when ``python -m generator build`` asked for progress and the language has at least
``BRIEFING_PROGRESS_MIN`` pages (1000 by default).
"""

from __future__ import annotations

import os
import sys

_state = {"total": 0, "done": 0, "shown": 0, "lang": ""}


def _wanted(total: int) -> bool:
    minimum = int(os.environ.get("BRIEFING_PROGRESS_MIN", 1000))
    return os.environ.get("BRIEFING_PROGRESS") == "1" and total >= max(1, minimum)


def on_env(env, config, files, **kwargs):
    plugin = config.plugins.get("i18n")
    lang = getattr(plugin, "current_language", None) or config.theme["language"]
    total = sum(1 for f in files if f.is_documentation_page())
    _state.update(total=total, done=0, shown=0, lang=lang)
    return env


def on_post_page(output, page, config, **kwargs):
    _state["done"] += 1
    total, done = _state["total"], _state["done"]
    if total and _wanted(total):
        tenth = min(10, done * 10 // total)
        if tenth > _state["shown"]:
            _state["shown"] = tenth
            # One write per line (see generator/progress.py): the Arabic build's child writes
            # its lines to the same stderr at the same time.
            sys.stderr.write(f"MkDocs ({_state['lang']}): {done:,}/{total:,} pages "
                             f"({tenth * 10}%)\n")
            sys.stderr.flush()
    return output
