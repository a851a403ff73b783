"""The README's commands are real: every `make` target and generator command it shows exists,
and the content validates as the README says. Keeps the documentation from drifting."""

from __future__ import annotations

import re
import subprocess

from tests.conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text("utf-8")


def test_readme_opens_with_the_two_setup_commands():
    first_block = README.split("```")[1]
    assert re.search(r"^make build\b", first_block, re.M)
    assert re.search(r"^make test\b", first_block, re.M)


def test_every_make_target_in_the_readme_exists():
    targets = set(re.findall(r"`make (\w+)`", README)) | {"build", "test"}
    for target in sorted(targets):
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert dry.returncode == 0, f"make {target}: {dry.stderr}"


def test_every_generator_command_in_the_readme_has_help():
    commands = set(re.findall(r"python -m generator (\w+)", README))
    assert {"validate", "build", "serve", "schema"} <= commands
    for command in sorted(commands):
        result = run_cli(command, "--help")
        assert result.exit_code == 0, (command, result.output)


def test_the_curated_content_validates():
    result = run_cli("validate")
    assert result.exit_code == 0, result.output
    assert "0 problems" in result.output
