"""The Nu HTML Checker (vnu.jar from npm's vnu-jar, run with the machine's Java) on every page
the browser tests load.

One checker runs as a local web service for the whole test run: starting Java for each page
would cost a second a page. Pages are checked as the server sent them, not as scripts
changed them afterwards.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

VNU_JAR = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
START_SECONDS = 180  # Java starts slowly on a busy machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HtmlChecker:
    def __init__(self) -> None:
        java = shutil.which("java")
        if not java:
            raise RuntimeError("Java is missing (the HTML checker needs it): run `make test`")
        if not VNU_JAR.exists():
            raise RuntimeError(f"{VNU_JAR} is missing: run `npm ci` (or `make test`)")
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/?out=json"
        self.process = subprocess.Popen(
            [
                java,
                "-Xss1024k",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.close()
            raise

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("The Nu HTML Checker stopped as it started")
            try:
                self.errors("<!DOCTYPE html><html lang=en><title>x</title></html>")
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"The Nu HTML Checker did not start within {START_SECONDS}s")

    def errors(self, html: str) -> list[dict]:
        """The checker's errors (not its warnings) on this document."""
        request = urllib.request.Request(
            self.url,
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  (loopback)
            messages = json.load(response)["messages"]
        return [m for m in messages if m["type"] in {"error", "non-document-error"}]

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def describe_errors(errors: list[dict], where: str) -> str:
    out = [f"the Nu HTML Checker found {len(errors)} error(s) on {where}:"]
    for error in errors:
        out.append(f"- line {error.get('lastLine')}: {error['message']}")
        if error.get("extract"):
            out.append("    at: " + " ".join(error["extract"].split())[:200])
    return "\n".join(out)
