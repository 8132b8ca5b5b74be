"""Static files: content-hashed names built once, served by WhiteNoise with long caching.

`python -m app.static_files` (run by `make assets`) copies app/static/js and the built
front end in app/static/build into app/static/dist, adding beside each file a copy whose
name carries a hash of its content (app.css -> app.0123456789ab.css), writes the map of
names to dist/staticfiles.json and precompresses every file with gzip and brotli.
References between files are rewritten to the hashed names first (url() in CSS, relative
imports and URLs in JavaScript modules), so a changed icon or module changes the hash of
every file that points at it, and a browser never pairs a new page with an old module.

At run time WhiteNoise serves app/static/dist under /static/: the hashed names are cached
for a year as immutable, the others (favicons, the web manifest's icons) briefly. Templates
ask `static_url("build/app.css")` for a file's hashed URL.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
import sys
from pathlib import Path

from flask import Flask, current_app, url_for
from whitenoise import WhiteNoise
from whitenoise.compress import main as compress

STATIC_DIR = Path(__file__).resolve().parent / "static"
SOURCES = ("js", "build")  # folders of app/static copied into dist
DIST = "dist"
MANIFEST = "staticfiles.json"
ONE_YEAR = 365 * 24 * 3600
# "name.0123456789ab.ext": the hash _hashed_name puts in.
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")

# References rewritten to hashed names: url(...) in CSS (absolute /static/ or relative),
# and quoted relative paths ("./x.mjs", "../build/y.js") in JavaScript modules.
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
MODULE_PATH = re.compile(r"""(["'])(\.\.?/[^"'\s]+)\1""")


class _StaticFiles(WhiteNoise):
    # WhiteNoise's own "forever" is ten years; a year is the most HTTP caches are asked to keep.
    FOREVER = ONE_YEAR


def _hashed_name(name: str, content: bytes) -> str:
    """build/app.css -> build/app.0123456789ab.css"""
    folder, base = posixpath.split(name)
    stem, dot, ext = base.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:12]
    return posixpath.join(folder, f"{stem}.{digest}.{ext}" if dot else f"{base}.{digest}")


class _Builder:
    def __init__(self, static_dir: Path) -> None:
        self.static_dir = static_dir
        self.dist = static_dir / DIST
        self.manifest: dict[str, str] = {}
        self.in_progress: set[str] = set()

    def files(self) -> list[str]:
        names = []
        for folder in SOURCES:
            root = self.static_dir / folder
            names += [
                p.relative_to(self.static_dir).as_posix() for p in root.rglob("*") if p.is_file()
            ]
        return sorted(names)

    def build(self) -> dict[str, str]:
        shutil.rmtree(self.dist, ignore_errors=True)
        for name in self.files():
            self.hashed(name)
        compress([str(self.dist), "--quiet"])
        (self.dist / MANIFEST).write_text(json.dumps(self.manifest, indent=2, sort_keys=True))
        return self.manifest

    def hashed(self, name: str) -> str:
        """Write `name` and its hashed copy, after the files it points at; return the copy."""
        if name in self.manifest:
            return self.manifest[name]
        if name in self.in_progress:
            raise ValueError(f"static files point at each other in a loop: {name}")
        self.in_progress.add(name)
        content = (self.static_dir / name).read_bytes()
        if name.endswith(".css"):
            content = self._rewrite(name, content, CSS_URL, absolute_ok=True)
        elif name.endswith(".mjs"):
            content = self._rewrite(name, content, MODULE_PATH, absolute_ok=False)
        hashed = _hashed_name(name, content)
        for out in (name, hashed):
            path = self.dist / out
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        self.in_progress.discard(name)
        self.manifest[name] = hashed
        return hashed

    def _rewrite(self, name: str, content: bytes, pattern: re.Pattern, absolute_ok: bool) -> bytes:
        here = posixpath.dirname(name)

        def replace(match: re.Match) -> str:
            new = self._resolve(here, match.group(2), absolute_ok)
            if new is None:
                return match.group(0)
            start, end = match.start(2) - match.start(0), match.end(2) - match.start(0)
            return match.group(0)[:start] + new + match.group(0)[end:]

        return pattern.sub(replace, content.decode("utf-8")).encode("utf-8")

    def _resolve(self, here: str, ref: str, absolute_ok: bool) -> str | None:
        """The hashed form of a reference to one of our files, or None to leave it alone."""
        path, sep, fragment = ref.partition("#")  # an SVG's #id stays as it is
        if absolute_ok and path.startswith("/static/"):
            target = path.removeprefix("/static/")
            return (
                "/static/" + self.hashed(target) + sep + fragment if self._exists(target) else None
            )
        if path.startswith(("./", "../")) or (absolute_ok and not re.match(r"[a-z]+:|/", path)):
            target = posixpath.normpath(posixpath.join(here, path))
            if not self._exists(target):
                return None
            new = posixpath.relpath(self.hashed(target), here)
            # A module path must start with ./ or ../ to stay relative; CSS needs neither.
            if path.startswith(".") and not new.startswith("."):
                new = "./" + new
            return new + sep + fragment
        return None

    def _exists(self, name: str) -> bool:
        return name.split("/", 1)[0] in SOURCES and (self.static_dir / name).is_file()


def build(static_dir: Path = STATIC_DIR) -> dict[str, str]:
    """Build app/static/dist from app/static/js and app/static/build; return the name map."""
    return _Builder(static_dir).build()


def _load_manifest(static_dir: Path) -> dict[str, str]:
    try:
        return json.loads((static_dir / DIST / MANIFEST).read_text())
    except FileNotFoundError:
        return {}


def static_url(filename: str) -> str:
    """The URL of a static file under its hashed name (its plain name before `make assets`).

    Once built, a name that is not in the build is an error, not a page with a broken link.
    """
    manifest = current_app.extensions["static_manifest"]
    if manifest and filename not in manifest:
        raise LookupError(f"no static file {filename!r} in {DIST}/{MANIFEST}: run make assets")
    return url_for("static", filename=manifest.get(filename, filename))


def _immutable(path: str, url: str) -> bool:
    return bool(HASHED_NAME.search(url))


def _add_headers(headers, path: str, url: str) -> None:
    # As on every page (app/security.py): a browser must not run a file as another type.
    headers["X-Content-Type-Options"] = "nosniff"


def init_app(app: Flask) -> None:
    static_dir = Path(app.static_folder)
    app.extensions["static_manifest"] = _load_manifest(static_dir)
    app.jinja_env.globals["static_url"] = static_url
    dist = static_dir / DIST
    if dist.is_dir():
        # Before make assets, Flask's own static route serves app/static (plain names).
        app.wsgi_app = _StaticFiles(
            app.wsgi_app,
            root=str(dist),
            prefix=app.static_url_path,
            max_age=600,
            immutable_file_test=_immutable,
            add_headers_function=_add_headers,
        )


if __name__ == "__main__":
    built = build()
    print(
        f"{len(built)} static files hashed and compressed into {STATIC_DIR / DIST}", file=sys.stderr
    )
