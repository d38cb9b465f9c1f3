"""The package's own parts, in the checkout: one version number everywhere; server settings that
live in the package and win over a user's own Streamlit configuration; ``lotdesign app`` and
its pre-loaded provider list. (The built wheel is tested in ``tests/e2e/test_installed_package.py``.)"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest

import lotdesign
from tests.conftest import REPO

MEMBERS_CSV = (
    "name,postcode,income_gbp,specialisms,service_area\n"
    "Preloaded Members Trust,LS1 4DY,450000,women,Leeds\n"
    "Preloaded Members Network,CF10 1EP,2500000,bame,national\n"
)


def test_one_version_number_everywhere():
    from lotdesign.io.export import app_version

    assert re.fullmatch(r"\d+\.\d+\.\d+", lotdesign.__version__)
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"] and "version" not in project["project"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "lotdesign.__version__"}
    assert app_version() == lotdesign.__version__
    done = subprocess.run([sys.executable, "-m", "lotdesign.cli", "--version"], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.stdout.strip() == f"lotdesign {lotdesign.__version__}"
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^## (\S+)", changelog, re.MULTILINE).group(1) == lotdesign.__version__


def test_the_evidence_pack_names_the_version():
    from lotdesign.core.compare import compare_designs
    from lotdesign.core.designs import get_design
    from lotdesign.core.params import ScoringParams
    from lotdesign.importing.workspace import load_provider_set
    from lotdesign.report.content import scenario_section

    pset = load_provider_set()
    designs = [get_design("pcc42"), get_design("regions12")]
    comparison = compare_designs(pset.providers, pset.reach, designs, ScoringParams())
    section = scenario_section(comparison.scores, pset.load, command="lotdesign report")
    rows = {row[0]: row[1] for block in section.blocks if hasattr(block, "rows") for row in block.rows}
    assert rows["Made with"] == f"Lot Design Explorer {lotdesign.__version__}"


def test_package_settings_override_a_users_home_config(tmp_path):
    """Streamlit reads ~/.streamlit/config.toml; the flags ui.serve passes must win over it."""
    home = tmp_path / "home"
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "config.toml").write_text(
        "[server]\nmaxUploadSize = 1\nenableXsrfProtection = false\n[browser]\ngatherUsageStats = true\n", encoding="utf-8")
    show = ("import sys; from ui.serve import server_flags; from streamlit.web import cli; "
            "sys.argv = ['streamlit', 'config', 'show', *server_flags()]; cli.main()")
    done = subprocess.run([sys.executable, "-c", show], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    effective = dict(line.split(" = ", 1) for line in done.stdout.splitlines() if " = " in line and not line.startswith("#"))
    assert effective["maxUploadSize"] == "25"
    assert effective["enableXsrfProtection"] == "true"
    assert effective["gatherUsageStats"] == "false"
    assert effective["enableStaticServing"] == "true"


def test_lotdesign_app_refuses_a_missing_provider_list(tmp_path):
    done = subprocess.run([sys.executable, "-m", "lotdesign.cli", "app", "--providers", str(tmp_path / "members.csv")],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "--providers: no file" in done.stderr and "members.csv" in done.stderr


def test_lotdesign_app_refuses_a_list_with_no_usable_organisation(tmp_path):
    members = tmp_path / "members.csv"
    members.write_text("name,postcode,annual_income_gbp\nNowhere Trust,ZZ99 9ZZ,100000\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "lotdesign.cli", "app", "--providers", str(members)],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "no organisation in members.csv could be used" in done.stderr


def test_the_app_shows_the_version():
    from tests.apptest_helpers import open_app_on_tab, page_text

    at = open_app_on_tab("How the figures work")
    assert f"Lot Design Explorer {lotdesign.__version__}." in page_text(at)


@pytest.fixture
def preloaded_members(tmp_path, monkeypatch):
    """A server started with ``lotdesign app --providers members.csv`` (its environment), with the
    shared caches emptied before and after so no other test sees this list."""
    from lotdesign.importing.workspace import SHARED_PROVIDERS_ENV
    from ui import state

    members = tmp_path / "members.csv"
    members.write_text(MEMBERS_CSV, encoding="utf-8")
    monkeypatch.setenv(SHARED_PROVIDERS_ENV, str(members))
    state.demo_provider_set.clear()
    state._shared_demo_comparison.clear()
    yield members
    monkeypatch.delenv(SHARED_PROVIDERS_ENV)
    state.demo_provider_set.clear()
    state._shared_demo_comparison.clear()


def test_every_session_starts_with_the_preloaded_list(preloaded_members):
    from tests.apptest_helpers import open_app_on_tab, page_text

    at = open_app_on_tab("Compare designs")
    text = page_text(at)
    assert "Organisations: 2 from members.csv." in text
    assert "Synthetic demo data" not in text
