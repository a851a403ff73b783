"""Command line: ``python -m generator validate|build|serve|schema``.

Content mistakes surface as a :class:`~generator.problems.ContentError` (a ``ClickException``):
a list of ``file:line:col: field: message`` lines and exit status 1, never a traceback.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from . import model, progress
from . import validate as validation
from .build import Paths, Timings
from .build import build as build_site
from .problems import ContentError
from .schema import write_schemas

CONTENT = click.option("--content", type=click.Path(path_type=Path), default=Paths.content,
                       show_default="content/", help="Folder of the curated YAML.")


@click.group()
def main() -> None:
    """Static briefing-site generator: curated YAML in, bilingual site out."""


def summary(briefing) -> str:
    counts = briefing.counts()
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


@main.command()
@CONTENT
def validate(content: Path) -> None:
    """Check every content file; print one line per problem, or a summary."""
    briefing = validation.load_and_validate(content)
    click.echo(f"OK: {summary(briefing)}; 0 problems.")


@main.command()
@CONTENT
@click.option("--site", type=click.Path(path_type=Path), default=Paths.site,
              show_default="site/", help="Where the built site goes.")
@click.option("--build-dir", type=click.Path(path_type=Path), default=Paths.build,
              show_default="build/", help="Where generated Markdown goes.")
def build(content: Path, site: Path, build_dir: Path) -> None:
    """Validate, generate Markdown and build the site with MkDocs (atomically)."""
    # the site is not resolved: if it is a symbolic link, the build refuses it (it would
    # replace the link, not fill the folder it points to)
    paths = Paths(content=content.resolve(), build=build_dir.resolve(),
                  site=Path(os.path.abspath(site)))
    timings = Timings()
    started = time.perf_counter()
    with progress.reporting():  # a long build says how far it is (generator/progress.py)
        briefing, report = build_site(paths, timings)
    stages = " ".join(f"{k}={v:.2f}s" for k, v in timings.stages.items())
    click.echo(f"Built {paths.site} from {summary(briefing)}: {report.pages} pages "
               f"({report.written} written, {report.unchanged} unchanged, {report.removed} removed)"
               f" in {time.perf_counter() - started:.2f}s [{stages}]")


@main.command()
@CONTENT
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--open", "open_in_browser", is_flag=True, help="Open the preview in a browser.")
@click.option("--build-dir", type=click.Path(path_type=Path), default=Paths.build,
              show_default="build/", help="Where generated Markdown goes.")
def serve(content: Path, host: str, port: int, open_in_browser: bool, build_dir: Path) -> None:
    """Live preview: rebuild and reload the browser whenever a YAML file changes."""
    from .serve import configure_logging
    from .serve import serve as serve_site

    configure_logging()
    os.environ["BRIEFING_LIVE_PREVIEW"] = "1"  # the live-reload script is inline: generator/csp.py
    serve_site(Paths(content=content.resolve(), build=build_dir.resolve()), host, port,
               open_in_browser)


@main.command()
@CONTENT
def schema(content: Path) -> None:
    """Write the JSON Schema of each kind of content file into CONTENT/schema/."""
    loaded = validation.load(content)
    if loaded.config is None:
        raise click.ClickException("; ".join(map(str, loaded.problems)))
    head = validation.check(loaded.config, model.LanguageList, problems := [])
    if head is None:
        raise ContentError(problems)
    written = write_schemas(model.build(tuple(head.languages)), content / "schema")
    click.echo(f"{len(written)} schema files updated in {content / 'schema'}")


@main.command("new")
@click.argument("kind", type=click.Choice(["event", "actor", "agreement", "source"]))
@click.argument("record_id", metavar="[ID]", required=False)
@click.option("--source", "source_id", metavar="SOURCE_ID",
              help="Source the record cites (default: the newest source).")
@CONTENT
def new(kind: str, record_id: str | None, source_id: str | None, content: Path) -> None:
    """Start a record: write CONTENT/<kind>s/<ID>.yaml with every field, ready to fill in."""
    from .problems import display_path
    from .scaffold import create

    path = create(content, kind, record_id, source_id)
    click.echo(f"Created {display_path(path)}. Replace every TODO, then run: "
               "python -m generator validate")
