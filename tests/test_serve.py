"""The server settings live in the package and win over a user's own Streamlit configuration;
``lotdesign app`` checks a pre-loaded provider list before starting anything."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_package_settings_override_a_users_home_config(tmp_path):
    """Streamlit reads ~/.streamlit/config.toml; the flags ui.serve passes must win over it."""
    home = tmp_path / "home"
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "config.toml").write_text(
        "[server]\nmaxUploadSize = 1\nenableXsrfProtection = false\n[browser]\ngatherUsageStats = true\n", encoding="utf-8")
    show = ("import sys; from ui.serve import server_flags; from streamlit.web import cli; "
            "sys.argv = ['streamlit', 'config', 'show', *server_flags()]; cli.main()")
    done = subprocess.run([sys.executable, "-c", show], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr[-2000:]
    effective = dict(line.split(" = ", 1) for line in done.stdout.splitlines() if " = " in line and not line.startswith("#"))
    assert effective["maxUploadSize"] == "25"
    assert effective["enableXsrfProtection"] == "true"
    assert effective["gatherUsageStats"] == "false"
    assert effective["enableStaticServing"] == "true"


def test_lotdesign_app_refuses_a_missing_provider_list(tmp_path):
    done = subprocess.run([sys.executable, "-m", "lotdesign.cli", "app", "--providers", str(tmp_path / "members.csv")],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "--providers: no file" in done.stderr and "members.csv" in done.stderr


def test_lotdesign_app_refuses_a_list_with_no_usable_organisation(tmp_path):
    members = tmp_path / "members.csv"
    members.write_text("name,postcode,annual_income_gbp\nNowhere Trust,ZZ99 9ZZ,100000\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "lotdesign.cli", "app", "--providers", str(members)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "no organisation in members.csv could be used" in done.stderr
