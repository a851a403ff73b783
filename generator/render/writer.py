"""Write generated files only when their bytes change, and remove the ones no longer generated.

Unchanged files keep their modification time, so ``mkdocs serve`` does not rebuild in a loop, a
second build with no content change rewrites nothing, and the live preview's dirty MkDocs build
(which renders only Markdown newer than its HTML) rebuilds exactly the pages that changed.
"""

from __future__ import annotations

import os
from pathlib import Path


class Writer:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.kept: set[Path] = set()
        self.changed: list[str] = []  # files (re)written, relative to root: the live preview
        #                               rebuilds exactly their HTML
        self.unchanged = 0

    @property
    def written(self) -> int:
        return len(self.changed)

    def target(self, relative: str) -> Path:
        # normpath, not resolve(): no file-system call per page (thousands of pages per build)
        path = Path(os.path.normpath(self.root / relative))
        if self.root not in path.parents:
            raise ValueError(f"refusing to write outside {self.root}: {relative}")
        return path

    def write(self, relative: str, text: str) -> None:
        path = self.target(relative)
        data = text.encode("utf-8")
        self.kept.add(path)
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                self.unchanged += 1
                return
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        self.changed.append(relative)

    def remove(self, relative: str) -> int:
        """Delete one generated file (a record removed or renamed); 1 if it existed."""
        path = self.target(relative)
        try:
            path.unlink()
        except FileNotFoundError:
            return 0
        if path.parent != self.root and not any(path.parent.iterdir()):
            path.parent.rmdir()
        return 1

    def prune(self) -> int:
        """Delete generated files that this run did not produce (a removed or renamed record)."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for path in sorted(self.root.rglob("*"), reverse=True):
            if path.is_file() and path not in self.kept:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        return removed
