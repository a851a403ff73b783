"""Live preview: regenerate and rebuild when a content file, template or theme file changes.

This is ``mkdocs serve`` with one more step in front of every rebuild: the generator turns
``content/`` into Markdown first. MkDocs' own ``LiveReloadServer`` does the watching, serving and
browser reloading. A content mistake does not stop the server: the problems are printed (the same
``file:line:col`` lines as ``validate``) and the last good pages stay on screen until the editor
fixes the file. Unchanged Markdown is not rewritten, so MkDocs' watcher on ``build/docs`` does not
trigger a second rebuild.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from urllib.parse import urlsplit

import click

from .build import ROOT, Paths, generate, mkdocs_environment
from .problems import ContentError

log = logging.getLogger("mkdocs.briefing.serve")


def serve(paths: Paths, host: str = "127.0.0.1", port: int = 8000,
          open_in_browser: bool = False) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException
    from mkdocs.livereload import LiveReloadServer, _serve_url

    generate(paths)  # a content mistake at start-up is reported like `build` does, exit 1
    site_dir = tempfile.mkdtemp(prefix="briefing-serve-")
    environment = mkdocs_environment(paths)
    environment.__enter__()  # for the server's lifetime: rebuilds read the same variables

    def get_config():
        config = load_config(config_file=str(paths.mkdocs_config), site_dir=site_dir,
                             dev_addr=f"{host}:{port}", strict=False)
        config.site_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)
        return config

    def builder(config=None) -> None:
        try:
            generate(paths)
        except ContentError as problems:
            for line in str(problems.message).splitlines():
                log.error(line)
            log.error("Content has problems: the preview keeps the last good pages.")
            return
        config = config or get_config()
        try:
            mkdocs_build(config, serve_url=config.site_url, dirty=False)
        except (Abort, MkDocsException) as exc:
            log.error("MkDocs build failed: %s", exc)

    config = get_config()
    mount_path = urlsplit(config.site_url).path
    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir,
                              mount_path=mount_path)
    try:
        builder(config)
        for watched in (paths.content, paths.mkdocs_config, ROOT / "overrides",
                        ROOT / "generator" / "templates", ROOT / "generator" / "i18n"):
            if watched.exists():
                server.watch(str(watched))
        click.echo(f"Serving on {config.site_url} (Ctrl+C to stop)")
        try:
            server.serve(open_in_browser=open_in_browser)
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def configure_logging() -> None:
    """Show MkDocs' INFO lines (rebuilds, reloads) as ``mkdocs serve`` does."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

