"""MkDocs hook: fill the Content-Security-Policy meta tag with the hashes of the theme's inline
scripts (listed under ``hooks:`` in mkdocs.yml; the tag is in
overrides/partials/briefing/head-security.html).

A static host sends no headers we control, so the policy is a meta tag, and it cannot allow
inline scripts wholesale ('unsafe-inline' would let any injected script run). Material writes a
few small inline scripts (a localStorage bootstrap whose text holds the page's relative base URL,
so it differs with page depth, and a tab-selection snippet); each page's policy lists the SHA-256
of exactly the inline scripts on that page. Scripts whose text appears in the page's rendered
Markdown are never hashed: content is made inert by generator/markdown.py, and should a script
ever slip through there, the policy still refuses to run it.

It runs last (priority -100) so it hashes the scripts as they are finally written.

The live preview (``python -m generator serve``) is the one exception: MkDocs' live-reload server
adds an inline script to every page as it serves it, with a fresh timestamp each time, so no hash
can match it. ``serve`` sets ``BRIEFING_LIVE_PREVIEW=1`` and the preview's policy allows inline
scripts instead of hashing them; the rest of the policy (same origin only) is unchanged there, and
built sites never get this.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re

from mkdocs.plugins import event_priority

PLACEHOLDER = "'briefing-inline-script-hashes'"
PREVIEW = "BRIEFING_LIVE_PREVIEW"
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>",
                     re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


def inline_scripts(html: str) -> list[str]:
    """Texts of the inline scripts a browser would run (not src=, not JSON data blocks)."""
    found = []
    for match in _SCRIPT.finditer(html):
        attrs = match["attrs"]
        if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
            continue
        kind = _TYPE.search(attrs)
        if (kind[1].lower() if kind else "") in _JS_TYPES:
            found.append(match["body"])
    return found


def source_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def with_hashes(html: str, content: str = "") -> str:
    if PLACEHOLDER not in html:
        return html
    if os.environ.get(PREVIEW) == "1":  # live preview only: see the module's docstring
        return html.replace(PLACEHOLDER, "'unsafe-inline'", 1)
    hashes = []
    for script in inline_scripts(html):
        if script and script in content:  # written by the page's Markdown, not by the theme
            continue
        if source_hash(script) not in hashes:
            hashes.append(source_hash(script))
    return html.replace(PLACEHOLDER, " ".join(hashes) or "", 1).replace("'self' ;", "'self';")


@event_priority(-100)
def on_post_page(output: str, page, config, **kwargs) -> str:
    return with_hashes(output, page.content or "")


@event_priority(-100)
def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    return with_hashes(output_content)
