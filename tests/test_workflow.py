"""The publishing workflow: valid for GitHub Actions, pinned, least privilege, and made of the
commands the README documents (so every CI failure can be reproduced with one local command)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest
import yaml

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
DEPENDABOT = REPO / ".github" / "dependabot.yml"
README = (REPO / "README.md").read_text(encoding="utf-8")
MAKEFILE = (REPO / "Makefile").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def workflow() -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); the schema check below reads it properly.
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def documented_targets() -> set[str]:
    """Make targets the README shows as commands (`make NAME` in code)."""
    return set(re.findall(r"`make ([a-z][\w-]*)", README))


def test_workflow_matches_the_github_workflow_schema():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_are_pinned_to_commits(workflow):
    uses = [step["uses"] for step in steps(workflow) if "uses" in step]
    uses += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]  # reusable workflows
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), f"{action} is not pinned to a commit SHA"
    for official in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert any(a.startswith(official + "@") for a in uses), official
    # Each SHA names its release in a comment, for readers and for Dependabot's pull requests.
    lines = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if re.match(r"\s*(- )?uses:", line)]
    assert len(lines) == len(uses)
    for line in lines:
        assert re.search(r"@[0-9a-f]{40}\s+# v\d+(\.\d+)*$", line), line


def test_the_container_is_pinned_by_digest(workflow):
    for job in workflow["jobs"].values():
        if "container" in job:
            image = job["container"]["image"] if isinstance(job["container"], dict) else job["container"]
            assert re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", image), f"{image} is not pinned by digest"


def make_dry_run(*targets: str, tmp_path) -> list[str]:
    """The commands `make` would run for ``targets`` on a fresh machine, fully expanded."""
    for name in ("Makefile", "requirements.txt", "requirements-test.txt", "requirements-zensical.txt",
                 "pyproject.toml", "package.json", "package-lock.json"):
        (tmp_path / name).write_bytes((REPO / name).read_bytes())
    result = subprocess.run(["make", "--dry-run", "--always-make", *targets], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def test_installs_check_hashes_and_pin_pip(tmp_path):
    commands = make_dry_run(".venv/.installed-test", tmp_path=tmp_path)
    installs = [command for command in commands if " pip install " in command]
    requirement_files = [re.search(r" -r (\S+)", command).group(1) for command in installs if " -r " in command]
    assert requirement_files == ["requirements.txt", "requirements-test.txt"]
    for command in installs:
        words = command.split()
        # Requirements are hash-checked; the project itself is built from this tree with the
        # setuptools they pinned, downloading nothing.
        assert "--require-hashes" in words or {"--no-deps", "--no-build-isolation", "-e"} <= set(words), command
        assert not {"--upgrade", "-U"} & set(words), command
    runtime = (REPO / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^pip==[\d.]+ \\\n\s+--hash=sha256:[0-9a-f]{64}", runtime, re.M), "pip is not pinned with its hash"
    for text in (MAKEFILE, WORKFLOW.read_text(encoding="utf-8"), README):
        assert not re.search(r"pip install[^\n]*(--upgrade|-U)\b", text)


def test_apt_waits_for_its_lock(tmp_path):
    """Another apt or dpkg holding the lock (an unattended upgrade) makes apt wait, not fail."""
    commands = make_dry_run("/usr/bin/chromium", "node_modules/axe-core/axe.min.js", tmp_path=tmp_path)
    apt = [part for command in commands for part in re.split(r"&&|\|\||;|\{|\}", command) if "apt-get" in part]
    assert len(apt) == 4  # update and install, for chromium and for npm
    for command in apt:
        assert re.search(r"apt-get -o DPkg::Lock::Timeout=[1-9]\d* ", command), command
    code = [line.split("#")[0] for line in WORKFLOW.read_text(encoding="utf-8").splitlines()]
    assert not [line for line in code if re.search(r"\bapt(-get)?\b", line)]  # CI installs through make only


def test_dependabot_updates_pip_npm_and_actions_weekly():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.dependabot", str(DEPENDABOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    updates = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))["updates"]
    assert {update["package-ecosystem"] for update in updates} == {"pip", "npm", "github-actions"}
    for update in updates:
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"
    # Dependabot's pip updater finds requirements.txt and requirements-test.txt at the root.
    assert (REPO / "requirements.txt").is_file() and (REPO / "requirements-test.txt").is_file()


def test_permissions_are_least_privilege(workflow):
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    for name, job in jobs.items():
        writes = {scope for scope, level in job.get("permissions", {}).items() if level == "write"}
        if name == "deploy":
            assert writes == {"pages", "id-token"}
            assert "main" in job["if"] and "pull_request" in job["if"]
            assert job["needs"] == "check"
        else:
            assert not writes, f"job {name} can write {writes}"
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_run_steps_call_documented_make_targets(workflow):
    documented = documented_targets()
    assert {"site", "test", "validate", "check-site", "check-a11y", "check-zensical"} <= documented
    commands: dict[str, list[str]] = {}
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            for line in step.get("run", "").splitlines():
                if not line.strip() or line.strip().endswith('>> "$GITHUB_ENV"'):
                    continue  # passing a value to later steps is not a command
                words = shlex.split(line)
                assert words[0] == "make" and words[1] in documented, f"undocumented command in CI: {line}"
                assert re.search(rf"^{re.escape(words[1])}:", MAKEFILE, re.M), f"no Make target {words[1]}"
                commands.setdefault(name, []).append(" ".join(words))
    # The PR checks of the issue, in order: validate with annotations, strict build + links, accessibility;
    # and in a job of its own, the same site built with Zensical, its links and HTML checked.
    assert commands == {"check": ["make validate FORMAT=github", "make check-site", "make check-a11y"],
                        "zensical": ["make check-zensical"]}


def test_zensical_is_installed_only_for_its_job(workflow, tmp_path):
    """Zensical comes pinned with hashes from its own lock file, which only `make check-zensical` installs."""
    commands = make_dry_run("check-zensical", tmp_path=tmp_path)
    install = [line for line in commands if "requirements-zensical.txt" in line]
    assert install and all("--require-hashes" in line for line in install), commands
    for target in ("site", "test", "check-site", "check-a11y"):
        assert not [line for line in make_dry_run(target, tmp_path=tmp_path) if "requirements-zensical" in line]
    pinned = (REPO / "requirements-zensical.txt").read_text(encoding="utf-8")
    assert re.search(r"^zensical==[\d.]+ \\\n    --hash=sha256:", pinned, re.M)
    assert "-m zensical" in " ".join(commands)  # its tests, deselected everywhere else (pyproject.toml)
    job = workflow["jobs"]["zensical"]
    assert "requirements-zensical.txt" in job["steps"][1]["with"]["key"]
    assert job["permissions"] == {"contents": "read"}


def test_dependency_caches_follow_the_lock_files(workflow):
    cache = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/cache@"))
    for lock in ("requirements.txt", "requirements-test.txt", "package-lock.json"):
        assert lock in cache["with"]["key"]


def test_readme_gitlab_example_uses_the_same_targets():
    block = re.search(r"```yaml\n(image: .*?)```", README, re.S).group(1)
    gitlab = yaml.safe_load(block)
    documented = documented_targets()
    for job in ("check", "pages"):
        for line in gitlab[job]["script"]:
            words = shlex.split(line)
            assert words[0] in {"make", "mv"} and (words[0] != "make" or words[1] in documented), line


def test_build_caches_reach_main_only_from_main(workflow):
    """The step that keeps build/ and site/ (the incremental build's caches): main saves and restores
    keys only main writes; a pull request saves under its own keys and may read main's."""
    (job,) = [job for job in workflow["jobs"].values() if any("build" in str(s.get("with", {}).get("path", ""))
                                                             for s in job.get("steps", []))]
    (cache,) = [s for s in job["steps"] if "build" in str(s.get("with", {}).get("path", ""))]
    assert cache["uses"].startswith("actions/cache@")  # restores and saves (not a restore-only action)
    assert cache["with"]["path"].split() == ["build", "site"]
    scope = job["env"]["CACHE_SCOPE"]
    assert scope == ("${{ github.event_name == 'pull_request' && "
                     "format('pr-{0}', github.event.pull_request.number) || github.ref_name }}")
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].splitlines()

    def resolved(text: str, scope: str) -> str:
        return text.replace("${{ env.CACHE_SCOPE }}", scope).replace("${{ github.run_id }}", "42")

    # What each kind of run writes, and which of those each kind may restore.
    main_key, pr_key = resolved(key, "main"), resolved(key, "pr-7")
    branch_key = resolved(key, "main-feature")  # a dispatch on a branch whose name starts like main's
    main_restores = [resolved(prefix, "main") for prefix in restore]
    pr_restores = [resolved(prefix, "pr-7") for prefix in restore]
    assert main_key.startswith(tuple(main_restores))
    assert not pr_key.startswith(tuple(main_restores)) and not branch_key.startswith(tuple(main_restores))
    assert pr_key.startswith(pr_restores[0]) and main_key.startswith(tuple(pr_restores))
    assert not resolved(key, "pr-8").startswith(tuple(pr_restores))  # not another pull request's
    assert "pr-7" not in main_key and ":" not in "main-feature"
