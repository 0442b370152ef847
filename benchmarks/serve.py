"""Time the live preview on N synthetic records: start-up, then saving an edit until its page shows it,
and until every page does (the record's model card, made with the lists by the generation that follows).

    python benchmarks/serve.py N [--edits 3]

Works on a temporary copy of the site; prints seconds, with N and the machine's core count.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request

from build import temporary_site


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_until(predicate, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"gave up after {timeout} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    with temporary_site(args.n) as root:
        record = sorted((root / "exemplars" / "synthetic").rglob("*.yml"))[args.n // 2]
        time.sleep(2)  # records written less than 2 s before a run are never cached (generator/build/cache.py)
        port = free_port()
        url = f"http://127.0.0.1:{port}/dien-hinh/{record.stem}/"
        card = f"http://127.0.0.1:{port}/the-mo-hinh/{record.stem}.html"
        start = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until(lambda: "<h1" in fetch(url), timeout=3600)
            print(f"machine: {os.cpu_count()} cores; N = {args.n}")
            print(f"serve start-up until a profile is served: {time.perf_counter() - start:.1f} s")
            time.sleep(3)
            for edit in range(1, args.edits + 1):
                marker = f"Sửa lần {edit}"
                text = record.read_text(encoding="utf-8")
                record.write_text(text.replace("summary: ", f"summary: {marker}. ", 1), encoding="utf-8")
                # Each lambda is called (by wait_until) within this iteration, with this edit's marker.
                seconds = wait_until(lambda: marker in fetch(url), timeout=600)  # noqa: B023
                everywhere = wait_until(lambda: marker in fetch(card), timeout=600) + seconds  # noqa: B023
                print(f"edit {edit}: saved → its page shows it: {seconds:.2f} s; → every page: {everywhere:.2f} s")
                time.sleep(3)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
