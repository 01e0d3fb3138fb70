"""`sitrep serve` in a subprocess: it prints where it listens (and the
token when one is needed), answers on that address, refuses a busy port in
one line, and stops cleanly on Ctrl+C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest


def start(tmp_path, *args, env=None):
    cmd = [sys.executable, "-m", "sitrep", "serve", "--db", str(tmp_path / "s.db"), "--port", "0", *args]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, cwd=tmp_path, text=True,
                            env={**os.environ, **(env or {})})
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if len(lines) >= 2:
            break
    url = next((m.group(0) for line in lines for m in [re.search(r"http://\S+/", line)] if m), None)
    if url is None:
        proc.kill()
        pytest.fail(f"no address printed: {lines} {proc.stderr.read()}")
    return proc, url, lines


def stop(proc) -> int:
    proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_serve_on_loopback(tmp_path):
    proc, url, lines = start(tmp_path)
    try:
        assert url.startswith("http://127.0.0.1:")
        assert "uploads need no token" in lines[1]
        body = httpx.get(url + "api/", timeout=10).json()
        assert body["ok"] is True and body["data"]["auth"] == {"uploads": "open", "reads": "open"}
        assert httpx.get(url, timeout=10).status_code == 200
    finally:
        assert stop(proc) == 0


def test_serve_elsewhere_prints_and_requires_a_token(tmp_path):
    proc, url, lines = start(tmp_path, "--host", "127.0.0.2", "--protect-reads", env={"SITREP_TOKEN": ""})
    try:
        token = re.search(r"token for uploads and reads: (\S+)", lines[1]).group(1)
        assert url.startswith("http://127.0.0.2:")
        assert httpx.get(url + "api/", timeout=10).status_code == 401
        assert httpx.get(url + "api/", headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code == 200
        upload = httpx.post(url + "api/documents", files={"files": ("a.txt", b"text", "text/plain")}, timeout=10)
        assert upload.status_code == 401 and upload.json()["error"]["code"] == "token_required"
    finally:
        assert stop(proc) == 0


def test_busy_port_is_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "sitrep", "serve", "--db", str(tmp_path / "s.db"),
                               "--port", str(port)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == f"sitrep: cannot listen on 127.0.0.1:{port}: Address already in use"
    assert "Traceback" not in done.stderr
