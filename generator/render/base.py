"""One renderer per page kind: each says which pages exist and what each template receives."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    path: str  # Markdown file relative to the language folder, e.g. "events/x.md"
    template: str
    data: dict[str, Any] = field(default_factory=dict)


class Renderer:
    """Subclasses set ``kind`` and implement ``pages``; the same pages exist in every language."""

    kind: str = ""

    def pages(self, briefing) -> Iterator[Page]:
        raise NotImplementedError
