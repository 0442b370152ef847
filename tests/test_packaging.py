"""The package as it is installed, not as it sits in this tree: a wheel built from the sources,
installed in a fresh virtual environment, runs the staff commands and builds the site from a
copy of the content; and the version bounds it declares hold the versions `make` installs.

One wheel and one site build for the module (about a minute). Nothing is downloaded: the wheel
is built with the setuptools requirements.txt pins (no build isolation), and the new
environment finds the dependencies in this one's site-packages through a .pth file.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO, copy_project

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
OFFLINE = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def pinned(requirements: Path) -> dict[str, str]:
    """Package name → the version a pip-compile'd requirements file pins."""
    pins = re.findall(r"^([A-Za-z0-9][\w.-]*)==([^\s\\;]+)", requirements.read_text(encoding="utf-8"), re.M)
    return {canonicalize_name(name): version for name, version in pins}


def run(*command: str | Path, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env or OFFLINE, capture_output=True,
                            text=True, encoding="utf-8", timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in output, f"{command}:\n{output}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel pip builds from a copy of the sources (a build in this tree would write its own
    build/ into the generator's cache folder)."""
    source = tmp_path_factory.mktemp("source")
    shutil.copy(REPO / "pyproject.toml", source)
    shutil.copytree(REPO / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--check-build-dependencies", "--wheel-dir", out, source, cwd=source)
    [built] = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; its Python."""
    venv = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", venv, cwd=venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", wheel, cwd=venv)
    # Its dependencies: this environment's, appended to the new one's path (the .pth files in
    # them, such as this tree's editable install, are not read: only the new one's are).
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=venv).stdout.strip())
    shared = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "shared-dependencies.pth").write_text("".join(f"{path}\n" for path in shared), encoding="utf-8")
    return python


@pytest.fixture(scope="module")
def site_copy(installed, tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


def staff(python: Path, project: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m generator ARGS`` with the installed package, as staff run it in their project."""
    return run(python, "-m", "generator", *args, cwd=project)


def test_the_wheel_holds_every_file_the_package_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    beside_modules = [path.relative_to(REPO).as_posix() for path in sorted((REPO / "generator").rglob("*"))
                      if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts]
    assert "generator/staff/import_columns.yml" in beside_modules and "generator/templates/new/exemplar.yml.j2" in beside_modules
    assert [name for name in beside_modules if name not in names] == []
    metadata = Parser().parsestr(zipfile.ZipFile(wheel).read(
        next(name for name in names if name.endswith(".dist-info/METADATA"))).decode())
    assert metadata["License-Expression"] == "MIT"
    assert set(metadata.get_all("Requires-Dist")) >= {"watchdog>=4.0.2", "pagefind[extended]==1.5.2"}


def test_the_installed_package_runs_new_template_validate_and_build(installed, site_copy):
    where = run(installed, "-c", "import generator; print(generator.__file__)", cwd=site_copy)
    assert Path(where.stdout.strip()).is_relative_to(installed.parent.parent), where.stdout

    staff(installed, site_copy, "new", "exemplar", "Nông Thị Hồng", "--province", "Cao Bằng")
    record = site_copy / "exemplars" / "cao-bang" / "nong-thi-hong.yml"
    assert "status: draft" in record.read_text(encoding="utf-8")  # from templates/new/exemplar.yml.j2

    staff(installed, site_copy, "template", "mau.csv")
    columns = yaml.safe_load((REPO / "generator" / "staff" / "import_columns.yml").read_text(encoding="utf-8"))["columns"]
    header = next(csv.reader((site_copy / "mau.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert header == [column["header"] for column in columns]

    validated = staff(installed, site_copy, "validate")  # the draft's gaps are warnings
    assert "exemplars/cao-bang/nong-thi-hong.yml" in validated.stdout + validated.stderr

    staff(installed, site_copy, "build")
    assert (site_copy / "site" / "index.html").is_file()
    assert any((site_copy / "site" / "dien-hinh").rglob("index.html")), "no profile page"
    assert (site_copy / "site" / "pagefind" / "pagefind-entry.json").is_file(), "no search index"


def test_the_pinned_versions_are_within_the_declared_bounds():
    runtime = pinned(REPO / "requirements.txt")
    for line in PYPROJECT["project"]["dependencies"] + PYPROJECT["build-system"]["requires"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in runtime, f"{name} is declared in pyproject.toml but not pinned in requirements.txt"
        assert requirement.specifier.contains(runtime[name]), f"{name}=={runtime[name]} is outside {requirement}"
        for extra in requirement.extras:  # pagefind[extended] pulls pagefind-bin-extended
            assert canonicalize_name(f"{name}-bin-{extra}") in runtime


def test_runtime_and_test_requirements_are_separate_and_agree():
    runtime, tests = pinned(REPO / "requirements.txt"), pinned(REPO / "requirements-test.txt")
    for tool in ("pytest", "playwright", "hypothesis", "check-jsonschema", "pre-commit", "ruff", "mypy"):
        assert tool in tests and tool not in runtime, tool
    assert {"pip", "setuptools"} <= set(runtime)
    assert {name: version for name, version in tests.items() if runtime.get(name, version) != version} == {}
    for requirements in ("requirements.txt", "requirements-test.txt"):
        text = (REPO / requirements).read_text(encoding="utf-8")
        entries = re.split(r"\n(?=[A-Za-z0-9])", text[re.search(r"^[A-Za-z0-9]", text, re.M).start():])
        assert all("--hash=sha256:" in entry for entry in entries), requirements
