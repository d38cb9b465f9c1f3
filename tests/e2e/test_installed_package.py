"""The package as a user installs it: the wheel, in a fresh virtual environment, outside the checkout.

The module builds the wheel from the checkout's files (tracked and new, not ignored ones: what a
clone holds, plus the vendored map scripts as ``make`` copies them), installs it with pip into a
new virtual environment in a temporary folder, and runs the installed ``lotdesign`` from another
temporary folder with ``PYTHONPATH`` unset, so nothing can come from the checkout.

The new environment gets its dependencies from the interpreter running the tests (a ``.pth``
line naming that interpreter's site-packages; the wheel itself is installed with ``--no-deps``),
so the test takes about a minute and needs no network; ``pip check`` then confirms that the
wheel's declared requirements are met by them. Where the running interpreter's setuptools is
older than the build needs (``make`` installs a recent one), pip builds in isolation and fetches
setuptools from the package index.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest
from _browser import DEMO_BANNER, METRIC_VALUE, NOT_LOCAL, REPO, free_port

pytestmark = pytest.mark.package

#: The setuptools the build needs (pyproject.toml, build-system.requires).
SETUPTOOLS_NEEDED = (77,)


def _run(command: list[str], cwd: Path, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _copy_checkout(target: Path) -> None:
    """Copy what a clone of the checkout holds (tracked and new files, not ignored ones)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, text=True, check=False)
    if listed.returncode != 0:
        pytest.skip(f"not a git checkout, so the files of a clone cannot be listed: {listed.stderr.strip()}")
    for name in filter(None, listed.stdout.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _build_wheel(workdir: Path) -> Path:
    """Build the wheel from a copy of the checkout (with the vendored map scripts); return its path."""
    import setuptools

    source = workdir / "source"
    _copy_checkout(source)
    # What `make` does before anything else: copy the map scripts from the XStatic packages.
    _run([sys.executable, "-m", "ui.assets"], cwd=source, env={**os.environ, "PYTHONPATH": str(source)})
    recent = tuple(int(part) for part in setuptools.__version__.split(".")[:1]) >= SETUPTOOLS_NEEDED
    isolation = ["--no-build-isolation"] if recent else []
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "--wheel-dir", str(workdir / "dist"), str(source)],
         cwd=workdir)
    (wheel,) = (workdir / "dist").glob("lot_design_explorer-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A fresh virtual environment with the wheel installed: its bin folder, a clean env, a work folder."""
    workdir = tmp_path_factory.mktemp("package")
    wheel = _build_wheel(workdir)
    venv = workdir / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=workdir)
    python = venv / "bin" / "python"
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=workdir).stdout.strip()
    # The dependencies: those of the interpreter running the tests (see the module docstring).
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)], cwd=workdir)
    elsewhere = workdir / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "LOTDESIGN_DATA_DIR", "LOTDESIGN_PROVIDERS")}
    return {"bin": venv / "bin", "python": python, "site": Path(site), "env": env, "cwd": elsewhere, "wheel": wheel,
            "workdir": workdir}


def test_the_wheel_holds_every_package_the_data_and_the_map_scripts(installed):
    import zipfile

    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for module in ("lotdesign/importing/__init__.py", "lotdesign/core/scoring.py", "lotdesign/cli/app.py",
                   "geo/datafiles.py", "ui/webapp/app.py", "ui/twin_map.js"):
        assert module in names
    shipped = {name.removeprefix("lotdesign_data/") for name in names if name.startswith("lotdesign_data/")}
    committed = {str(p.relative_to(REPO / "data")) for p in (REPO / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert shipped == committed
    assert "ui/webapp/static/vendor/leaflet/leaflet.js" in names
    metadata = zipfile.ZipFile(installed["wheel"]).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))).decode("utf-8")
    assert "License-Expression: MIT AND OGL-UK-3.0" in metadata
    assert any(n.endswith("licenses/LICENSE-DATA.md") for n in names)


def test_installed_code_and_data_come_from_the_new_environment(installed):
    done = _run([str(installed["python"]), "-c",
                 "import lotdesign, ui.serve, geo.datafiles as d; print(lotdesign.__file__); print(d.data_dir()); print(ui.serve.APP)"],
                cwd=installed["cwd"], env=installed["env"])
    code, data, app = (Path(line) for line in done.stdout.split())
    assert code.is_relative_to(installed["site"]) and data.is_relative_to(installed["site"]) and app.is_relative_to(installed["site"])
    assert not code.is_relative_to(REPO)
    _run([sys.executable, "-m", "pip", "--python", str(installed["python"]), "check"], cwd=installed["cwd"], env=installed["env"])


def test_lotdesign_version_is_the_package_version(installed):
    import lotdesign

    done = _run([str(installed["bin"] / "lotdesign"), "--version"], cwd=installed["cwd"], env=installed["env"])
    assert done.stdout.strip() == f"lotdesign {lotdesign.__version__}"
    metadata = _run([str(installed["python"]), "-c", "import importlib.metadata as m; print(m.version('lot-design-explorer'))"],
                    cwd=installed["cwd"], env=installed["env"])
    assert metadata.stdout.strip() == lotdesign.__version__


def test_lotdesign_compare_runs_on_the_shipped_data(installed):
    done = _run([str(installed["bin"] / "lotdesign"), "compare", "--designs", "pcc42,regions12", "--json"],
                cwd=installed["cwd"], env=installed["env"])
    result = json.loads(done.stdout)
    lots = {row["design"]: row["n_lots"] for row in result["designs"]}
    assert lots == {"pcc42": 42, "regions12": 12}
    assert "synthetic demo data" in done.stderr


def _wait_healthy(url: str, server: subprocess.Popen, log: Path, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"`lotdesign app` did not answer on {url}:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)


@pytest.fixture(scope="module")
def installed_app(installed):
    """``lotdesign app --port P`` run from the new environment; yields its URL."""
    port = free_port()
    log = installed["workdir"] / "app.log"
    with open(log, "w") as output:
        server = subprocess.Popen([str(installed["bin"] / "lotdesign"), "app", "--port", str(port)], cwd=installed["cwd"],
                                  env={**installed["env"], "PYTHONUNBUFFERED": "1"}, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_healthy(url, server, log)
        yield {"url": url, "log": log}
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_lotdesign_app_serves_the_page_and_the_map_scripts(installed_app):
    url = installed_app["url"]
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200 and b"<title>Streamlit</title>" in response.read()
    with urllib.request.urlopen(url + "app/static/vendor/leaflet/leaflet.js", timeout=10) as response:
        assert response.status == 200 and b"Leaflet" in response.read(2000)
    log = installed_app["log"].read_text()
    assert "Lot Design Explorer " in log and "synthetic demo" in log


@pytest.mark.e2e
def test_lotdesign_app_shows_the_first_screen(installed_app, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.route(NOT_LOCAL, lambda route: route.abort())
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(installed_app["url"])
        page.get_by_text(DEMO_BANNER).first.wait_for()
        page.locator(METRIC_VALUE).first.wait_for()
        page.get_by_text("42 PCC areas compared with 12 probation regions (2021)").wait_for()
        assert page.locator(METRIC_VALUE).count() == 22  # the number of lots and ten headline figures per design, as in a checkout
    finally:
        context.close()
