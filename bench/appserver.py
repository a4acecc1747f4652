"""What the browser benchmarks share: launching the app on a free port, waiting for it,
stopping it, and headless Chromium's settings. Not a benchmark itself."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
).split()
SERVER_FLAGS = ["--server.headless", "true", "--browser.gatherUsageStats", "false"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launch_server(port: int, log, flags: tuple[str, ...] = (), script: str = "app.py") -> subprocess.Popen:
    """`python -m streamlit run app.py` from the repository root, in its own process group;
    `flags` are further server options (`--server.disconnectedSessionTTL 5`, say)."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        *SERVER_FLAGS,
        "--server.port",
        str(port),
        *flags,
    ]
    return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_http_ok(url: str, server: subprocess.Popen, limit: float = 180.0) -> None:
    """Poll `url` every 50 ms until it answers 200; raise if the server dies or `limit` passes."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer 200 within {limit:.0f} s")


def print_log_tail(log, characters: int = 3000) -> None:
    """The end of a server's log file (binary, as `launch_server` writes it), to stderr."""
    log.seek(0)
    print(log.read().decode(errors="replace")[-characters:], file=sys.stderr)


def stop_server(server: subprocess.Popen) -> None:
    """End the server's whole process group."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def status_kb(pid: int, field: str) -> int:
    """A `kB` field of /proc/<pid>/status (0 if the process is gone)."""
    try:
        match = re.search(rf"^{field}:\s+(\d+)", Path(f"/proc/{pid}/status").read_text(), re.M)
    except OSError:
        return 0
    return int(match.group(1)) if match else 0
