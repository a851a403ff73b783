"""axe-core, the accessibility engine browsers' own audit tools use, injected into every page kind
in both languages at phone and desktop width: no serious or critical violation. No rule is
turned off; what axe found was fixed in the templates and briefing.css.

Each page's full axe result (violations of every impact) is kept under test-artifacts/axe/ so a
person can read the minor and moderate findings too.
"""

from __future__ import annotations

import json

import pytest

from .conftest import ARTIFACTS, PAGES

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""


def _report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}) on {len(v['nodes'])} element(s)")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['summary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize(("lang", "kind"), PAGES)
def test_axe_finds_no_serious_or_critical_violation(
    reader, kind_paths, axe_source, lang, kind, width
):
    tab = reader(width, inject=True)
    tab.open(lang, kind_paths[kind])
    tab.page.add_script_tag(content=axe_source)
    assert tab.page.evaluate("axe.version"), "axe-core did not load into the page"
    violations = tab.page.evaluate(RUN_AXE)
    target = ARTIFACTS / "axe" / f"{lang}-{kind}-{width}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(violations, indent=1, ensure_ascii=False), encoding="utf-8")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {tab.page.url}:\n{_report(blocking)}"


def test_axe_catches_what_it_is_meant_to(reader, kind_paths, axe_source):
    """The harness itself: a page spoiled on purpose (a nameless button, grey-on-grey text)
    must fail, or a broken injection would pass every page above."""
    tab = reader(inject=True)
    tab.open("en", kind_paths["home"])
    tab.page.evaluate("""() => {
      const b = document.createElement('button'); document.querySelector('article').append(b);
      const p = document.createElement('p'); p.textContent = 'faint';
      p.style.cssText = 'color:#bbb;background:#ccc'; document.querySelector('article').append(p);
    }""")
    tab.page.add_script_tag(content=axe_source)
    found = {v["id"] for v in tab.page.evaluate(RUN_AXE) if v["impact"] in BLOCKING}
    assert {"button-name", "color-contrast"} <= found
