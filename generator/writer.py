"""Write generated files only when their bytes change, and remove the ones no longer generated.

Unchanged files keep their modification time, so ``mkdocs serve`` does not rebuild in a loop, a
second build with no content change rewrites nothing, and the live preview's dirty MkDocs build
(which renders only Markdown newer than its HTML) rebuilds exactly the pages that changed. Used
for the generated Markdown (``generator.render``) and for the site's search index files
(``generator.search.index``), which the preview writes again after every edit.
"""

from __future__ import annotations

import os
from pathlib import Path


class Writer:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self._inside = os.path.join(self.root, "")  # the root and a separator: what is inside
        self.kept: set[Path] = set()
        self.changed: list[str] = []  # files (re)written, relative to root: the live preview
        #                               rebuilds exactly their HTML
        self.unchanged = 0
        self.removed: list[str] = []  # files prune() deleted, relative to root
        self._made: set[str] = set()  # folders this writer made (see _make_folder)

    @property
    def written(self) -> int:
        return len(self.changed)

    def target(self, relative: str) -> Path:
        # normpath on strings, not resolve() or Path.parents: no file-system call and few
        # objects per file (thousands of pages per build, of search files per preview edit)
        path = os.path.normpath(os.path.join(self._inside, relative))
        if not path.startswith(self._inside):
            raise ValueError(f"refusing to write outside {self.root}: {relative}")
        return Path(path)

    def write(self, relative: str, text: str | bytes) -> None:
        path = self.target(relative)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        self.kept.add(path)
        if not self._create(path, data):
            try:
                if path.stat().st_size == len(data) and path.read_bytes() == data:
                    self.unchanged += 1
                    return
            except FileNotFoundError:
                self._make_folder(str(path.parent))
            if not self._create(path, data):  # a file that readers may have open: replaced
                tmp = path.with_name(f".{path.name}.tmp")  # whole, never seen half written
                tmp.write_bytes(data)
                tmp.replace(path)
        self.changed.append(relative)

    def _make_folder(self, folder: str) -> None:
        """Make ``folder`` and any missing folder above it, noting the ones made here: a file
        in them cannot be there already (a cold build makes every folder), so it is written
        without first asking whether it exists."""
        missing = []
        while not os.path.isdir(folder):
            missing.append(folder)
            folder = os.path.dirname(folder)
        for folder in reversed(missing):
            try:
                os.mkdir(folder)
            except FileExistsError:  # another process of the same render made it meanwhile
                continue
            self._made.add(folder)

    def _create(self, path: Path, data: bytes) -> bool:
        """Write a file in a folder made by this writer, straight (no copy renamed into place:
        no one has been told of the file yet); False if it exists after all (another process
        of the same render writing into this folder too), to be compared as usual."""
        if str(path.parent) not in self._made:
            return False
        try:
            with open(path, "xb") as out:
                out.write(data)
        except FileExistsError:
            return False
        return True

    def merge(self, kept: list[str], changed: list[str], unchanged: int) -> None:
        """Count what another process's Writer on the same root did (a share of a render)."""
        self.kept.update(Path(path) for path in kept)
        self.changed += changed
        self.unchanged += unchanged

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
        """Delete generated files that this run did not produce (a removed or renamed record);
        returns how many (their paths are added to ``removed``)."""
        if not self.root.is_dir():
            return 0
        before = len(self.removed)
        kept = {str(path) for path in self.kept}
        # os.walk, deepest folders first, on strings: sorting thousands of Path objects cost
        # more than the rest of a search index's rewrite in the live preview
        for folder, _, names in os.walk(self.root, topdown=False):
            for name in names:
                path = os.path.join(folder, name)
                if path not in kept:
                    os.unlink(path)
                    self.removed.append(os.path.relpath(path, self.root))
            if folder != str(self.root) and not os.listdir(folder):
                os.rmdir(folder)
        return len(self.removed) - before
