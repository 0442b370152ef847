"""The pre-commit hook, run by real git: a broken record cannot be committed, a good one can."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_generator

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(project: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=project, env=env, capture_output=True, text=True, timeout=300)


def hooked_repository(project: Path, tmp_path: Path, author: str, email: str) -> dict:
    """``project`` made a git repository with the pre-commit hooks installed; the environment to run git in."""
    env = {
        **os.environ,
        # The hook calls `python` from PATH, as in an activated virtual environment.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": email,
    }
    git(project, "init", "-q", "-b", "main", env=env)
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=project, env=env,
                               capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return env


@pytest.fixture
def repository(project: Path, tmp_path: Path) -> tuple[Path, dict]:
    shutil.copy(REPO / ".pre-commit-config.yaml", project)
    env = hooked_repository(project, tmp_path, "Cán bộ", "canbo@example.org")
    git(project, "add", "-A", env=env)
    assert git(project, "commit", "-q", "-m", "start", "--no-verify", env=env).returncode == 0
    return project, env


def test_a_broken_record_is_stopped_with_its_line(repository):
    project, env = repository
    run_generator(project, "new", "exemplar", "Nông Thị Hồng", "--province", "Cao Bằng", check=True)
    # Half written and a draft: work in progress may be committed (its problems are warnings).
    git(project, "add", "-A", env=env)
    assert git(project, "commit", "-m", "Bản nháp Nông Thị Hồng", env=env).returncode == 0
    # Published while half written: stopped.
    record = project / "exemplars" / "cao-bang" / "nong-thi-hong.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("status: draft", "status: published"), "utf-8")
    git(project, "add", "-A", env=env)
    result = git(project, "commit", "-m", "Công bố Nông Thị Hồng", env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "exemplars/cao-bang/nong-thi-hong.yml:16:1: error: Khóa 'summary' chưa có giá trị" in output
    assert "Kiểm tra hồ sơ điển hình" in output
    assert git(project, "log", "--oneline", env=env).stdout.count("\n") == 2  # the draft only


def test_a_good_record_is_committed_and_other_files_do_not_block_it(repository):
    project, env = repository
    # A problem in a file that is not staged is not this commit's business.
    (project / "exemplars" / "cao-bang" / "nhap.yml").write_text("name: [", encoding="utf-8")
    record = project / "exemplars" / "cao-bang" / "truong-tieu-hoc-hoa-chung.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("year: {reported: 2017}", "year: 2018", 1), encoding="utf-8")
    git(project, "add", str(record), env=env)
    result = git(project, "commit", "-m", "Sửa năm", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout + result.stderr


def test_code_that_ruff_or_mypy_refuses_is_stopped(tmp_path: Path):
    """The ruff and mypy hooks, with the project's settings, stop a commit of code they refuse."""
    project = tmp_path / "code"
    (project / "generator").mkdir(parents=True)
    (project / "benchmarks").mkdir()
    for name in (".pre-commit-config.yaml", "pyproject.toml"):
        shutil.copy(REPO / name, project)
    (project / "generator" / "__init__.py").write_text("", encoding="utf-8")
    (project / "benchmarks" / "timing.py").write_text("", encoding="utf-8")
    env = hooked_repository(project, tmp_path, "Dev", "dev@example.org")
    module = project / "generator" / "count.py"

    def commit(code: str) -> str:
        module.write_text(code, encoding="utf-8")
        git(project, "add", "-A", env=env)
        result = git(project, "commit", "-m", "count", env=env)
        return ("ok\n" if result.returncode == 0 else "") + result.stdout + result.stderr

    refused_by_ruff = commit("import os\n\nTOTAL: int = 1\n")
    assert not refused_by_ruff.startswith("ok")
    assert "F401" in refused_by_ruff and "generator/count.py:1:8" in refused_by_ruff
    refused_by_mypy = commit('TOTAL: int = "một"\n')
    assert not refused_by_mypy.startswith("ok")
    assert 'generator/count.py:1: error: Incompatible types in assignment' in refused_by_mypy
    assert commit("TOTAL: int = 1\n").startswith("ok")
