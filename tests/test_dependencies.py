"""Dependencies: every version pinned in requirements.txt, nothing installed below its pin, and
security floors that a pin may never go under (a downgrade would reopen a known hole)."""

from __future__ import annotations

import re
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import ROOT

LINES = [line.split("#")[0].strip()
         for line in (ROOT / "requirements.txt").read_text("utf-8").splitlines()]
PINS = {canonicalize_name(Requirement(line).name): Requirement(line) for line in LINES if line}

# package: (lowest acceptable version, why)
FLOORS = {
    "mkdocs-material": ("9.7.7", "search suggestions rendered result text as HTML (XSS); "
                                 "fixed in 9.7.7"),
    "jinja2": ("3.1.6", "sandbox breakout through the |attr filter (CVE-2025-27516)"),
    "pyyaml": ("5.4", "full_load ran arbitrary code (CVE-2020-14343)"),
    "requests": ("2.32.4", ".netrc credentials leaked to other hosts (CVE-2024-47081)"),
    "urllib3": ("2.5.0", "redirects not disabled in the pool manager (CVE-2025-50181)"),
}


def test_every_requirement_is_an_exact_pin():
    assert len(PINS) >= 20
    for requirement in PINS.values():
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", \
            f"{requirement}: pin an exact version (name==X.Y.Z) in requirements.txt"
        assert re.fullmatch(r"\d+(\.\d+)*", specifiers[0].version), requirement


@pytest.mark.parametrize("name", sorted(PINS))
def test_installed_version_is_not_below_its_pin(name):
    pinned = Version(next(iter(PINS[name].specifier)).version)
    try:
        installed = Version(metadata.version(name))
    except metadata.PackageNotFoundError:
        pytest.fail(f"{name} is pinned but not installed: .venv/bin/pip install -r "
                    "requirements.txt")
    assert installed >= pinned, (f"{name} {installed} is installed, below the pinned {pinned}: "
                                 ".venv/bin/pip install -r requirements.txt")


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_security_floor(name):
    floor, why = FLOORS[name]
    assert name in PINS, f"{name} must stay pinned in requirements.txt ({why})"
    pinned = Version(next(iter(PINS[name].specifier)).version)
    installed = Version(metadata.version(name))
    assert pinned >= Version(floor), f"{name} pinned at {pinned}, below {floor}: {why}"
    assert installed >= Version(floor), f"{name} {installed} installed, below {floor}: {why}"


def test_built_site_names_the_pinned_theme(tmp_path):
    """The theme that actually renders pages is the pinned one (its generator meta tag)."""
    from generator.build import Paths, build

    from .conftest import MINI

    build(Paths(content=MINI, build=tmp_path / "build", site=tmp_path / "site"))
    page = (tmp_path / "site" / "index.html").read_text("utf-8")
    pinned = next(iter(PINS["mkdocs-material"].specifier)).version
    assert f"mkdocs-material-{pinned}" in page
