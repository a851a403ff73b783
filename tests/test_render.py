"""Rendering writes only what changed, removes what is gone, and keeps content text inert."""

from __future__ import annotations

from generator.render import render
from generator.validate import load_and_validate


def test_second_render_rewrites_nothing(mini, tmp_path):
    out = tmp_path / "build"
    first = render(load_and_validate(mini), out)
    assert first.written > 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.md")}
    second = render(load_and_validate(mini), out)
    assert second.written == 0 and second.unchanged == first.pages
    assert stamps == {p: p.stat().st_mtime_ns for p in out.rglob("*.md")}


def test_changed_record_rewrites_its_pages_only_and_removed_record_disappears(mini, tmp_path):
    out = tmp_path / "build"
    render(load_and_validate(mini), out)
    (mini / "events" / "visit.yaml").unlink()
    home = mini / "pages" / "home.yaml"
    report = render(load_and_validate(mini), out)
    assert not (out / "docs" / "en" / "events" / "visit.md").exists()
    assert not (out / "docs" / "ar" / "events" / "visit.md").exists()
    assert report.removed == 2
    assert home.exists()


def test_every_language_has_the_same_pages(mini, tmp_path):
    out = tmp_path / "build"
    render(load_and_validate(mini), out)
    en = {p.relative_to(out / "docs" / "en") for p in (out / "docs" / "en").rglob("*.md")}
    ar = {p.relative_to(out / "docs" / "ar") for p in (out / "docs" / "ar").rglob("*.md")}
    assert en == ar and len(en) > 10


def test_generated_config_lists_sections_not_events(mini, tmp_path):
    import yaml
    out = tmp_path / "build"
    render(load_and_validate(mini), out)
    config = yaml.safe_load((out / "mkdocs.generated.yml").read_text("utf-8"))
    paths = [next(iter(entry.values())) for entry in config["nav"]]
    assert "timeline.md" in paths and "methodology.md" in paths
    assert not any(p.startswith("events/") for p in paths)
    ar = config["plugins"]["i18n"]["languages"][1]
    assert ar["locale"] == "ar" and ar["site_name"] == "التعاون بين ألفا وبيتا"
    assert ar["nav_translations"]["Timeline"] == "الخط الزمني"
