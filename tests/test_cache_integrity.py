"""Caches that heal: whatever happens to a file under ``build/`` between builds, the next build
succeeds and publishes exactly the site a clean build publishes, saying in one line which cache
it dropped.

One project is built clean, then warm (the two sites must be identical), and ``build/`` is kept.
Each case puts that ``build/`` back, damages one kind of file in it (bytes flipped, a letter
changed in place, the file cut short or deleted, at places a seeded RNG picks), and builds again
with the real command.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from generator.build.cache import MAGIC

from conftest import run_generator
from test_bad_input import BASE, make_project
from test_photos import RECORD as PHOTO_RECORD
from test_photos import camera_photo
from test_publish import snapshot

WARNING = "cảnh báo: bộ nhớ đệm này không đọc được hoặc đã hỏng"
SECOND_PHOTO_RECORD = (PHOTO_RECORD.replace("ảnh thử", "ảnh thử hai")
                       .replace("le-trao-co.jpg", "le-trao-co-2.jpg"))
# Each kind of file a build keeps under build/: a glob that finds one of them (the photos' cache has a
# folder per photo: the manifest of the first, a variant of the second, so that neither hides the other),
# and whether it is a sealed cache file (checked by its digest) rather than one known by its size and time.
KINDS = {
    "records": ("build/cache/records.pickle", True),
    "pages": ("build/cache/pages.pickle", True),
    "photo digests": ("build/cache/photo-digests.pickle", True),
    "history": ("build/cache/history.pickle", True),
    "site digests": ("build/cache/site-digests.pickle", True),
    "search part digests": ("build/search-parts/digests.pickle", True),
    "photo manifest": ("build/cache/photos/*/manifest.json", True),
    "photo variant": ("build/cache/photos/*/480.webp", False),
    "generated page": ("build/generated/dien-hinh/hop-tac-xa-anh-thu.md", False),
    "generated card": ("build/generated/the-mo-hinh/hop-tac-xa-anh-thu.html", False),
    "generated photo": ("build/generated/dien-hinh/hop-tac-xa-anh-thu-anh-1.jpg", False),
}
# Damaged together in one build, the kinds of a group hide nothing of one another: without the page
# cache, every page is made and compared again, so the generated files' own check would go unseen.
GROUPS = {"page cache": ["pages"], "the others": [kind for kind in KINDS if kind != "pages"]}
MUTATIONS = ("flip", "edit", "truncate", "delete")


def flip(data: bytes, rng: random.Random) -> bytes:
    """One to three bytes anywhere (the header included) XORed with a random non-zero mask."""
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        damaged[rng.randrange(len(damaged))] ^= rng.randint(1, 255)
    return bytes(damaged)


def edit(data: bytes, rng: random.Random) -> bytes:
    """A letter changed to another in the second half: the same length, and still a valid pickle
    (a cached page's text says something else), as a careless hand or a bad sector would leave it."""
    letters = [i for i in range(len(data) // 2, len(data)) if chr(data[i]).isascii() and chr(data[i]).islower()]
    position = rng.choice(letters)
    replacement = rng.choice([c for c in b"abcdefghijklmnopqrstuvwxyz" if c != data[position]])
    return data[:position] + bytes([replacement]) + data[position + 1:]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data))]



def sound(path: Path) -> bool:
    """Whether ``path`` is a sealed cache file whose digest matches its bytes (cache.sealed)."""
    data = path.read_bytes()
    start = len(MAGIC) + 65
    digest = hashlib.blake2b(data[start:], digest_size=32).hexdigest().encode()
    return data.startswith(MAGIC) and data[len(MAGIC):start] == digest + b"\n"


def restore(source: Path, dest: Path) -> None:
    """``dest`` made a copy of ``source`` with every file's modification time (the page cache knows files by it)."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(source, dest, copy_function=shutil.copy2)


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A committed project with a photo, built clean and then warm (every cache there), and its site."""
    root = tmp_path_factory.mktemp("integrity")
    (root / "project").mkdir()
    project = make_project(root / "project", {"ho-so.yml": BASE, "hop-tac-xa-anh-thu.yml": PHOTO_RECORD,
                                              "hop-tac-xa-anh-thu-hai.yml": SECOND_PHOTO_RECORD})
    camera_photo(project / "exemplars" / "anh" / "le-trao-co.jpg", (900, 600))
    camera_photo(project / "exemplars" / "anh" / "le-trao-co-2.jpg", (900, 600), colour=(30, 30, 200))
    an_hour_ago = time.time() - 3600  # files changed just now are never cached (cache.RACY_NANOSECONDS)
    for path in project.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-02T03:04:05Z", "GIT_COMMITTER_DATE": "2026-01-02T03:04:05Z"}
    for command in (["init", "-q"], ["add", "-A"],
                    ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "content"]):
        subprocess.run(["git", *command], cwd=project, check=True, env=env)
    run_generator(project, "build", "--strict", check=True)
    clean = snapshot(project / "site")
    run_generator(project, "build", "--strict", check=True)
    assert snapshot(project / "site") == clean, "a warm build differs from a clean one"
    assert len(list(project.glob("build/cache/photos/*/"))) == 2
    for kind, (pattern, _) in KINDS.items():
        assert list(project.glob(pattern)), f"no {kind} to damage: {pattern}"
    shutil.copytree(project / "build", root / "build", copy_function=shutil.copy2)
    shutil.copytree(project / "site", root / "site", copy_function=shutil.copy2)
    return project, clean


def test_an_untouched_cache_builds_the_same_site_without_a_word(warm):
    project, clean = warm
    for folder in ("build", "site"):
        restore(project.parent / folder, project / folder)
    result = run_generator(project, "build", "--strict", check=True)
    assert WARNING not in result.stderr
    assert snapshot(project / "site") == clean


def damaged_file(project: Path, kind: str) -> Path:
    found = sorted(project.glob(KINDS[kind][0]))
    return found[-1] if kind == "photo variant" else found[0]  # not in the folder whose manifest is damaged


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("mutation", MUTATIONS)
def test_damaged_caches_are_dropped_with_one_warning_each_and_the_site_is_a_clean_builds(warm, mutation, group):
    project, clean = warm
    for folder in ("build", "site"):
        restore(project.parent / folder, project / folder)
    targets = {kind: damaged_file(project, kind) for kind in GROUPS[group]}
    for kind, target in targets.items():
        if mutation == "delete":
            target.unlink()
        else:
            damage = {"flip": flip, "edit": edit, "truncate": truncate}[mutation]
            target.write_bytes(damage(target.read_bytes(), random.Random(f"{kind} {mutation}")))

    result = run_generator(project, "build", "--strict", check=True)

    assert snapshot(project / "site") == clean
    warnings = sorted(line for line in result.stderr.splitlines() if WARNING in line)
    # Damage to a cache file, or to a file a cache lists, is told once, naming the file. A cache file
    # deleted is a first run's state (no word); the generated files are known by their size and time,
    # so any change to them gets them made again, as a file edited by hand always was.
    told = [kind for kind in targets
            if not kind.startswith("generated") and (mutation != "delete" or kind == "photo variant")]
    expected = sorted(f"{targets[kind].relative_to(project).as_posix()}: {WARNING}" for kind in told)
    assert [line[:len(WARNING) + line.index(WARNING)] for line in warnings] == expected, result.stderr
    for kind, target in targets.items():
        if KINDS[kind][1]:  # made again, sound: the next run has nothing to say
            assert sound(target), f"{kind}: {target} was not written again"
        else:
            assert target.is_file(), f"{kind}: {target} was not made again"
