"""Static files: hashed names with references rewritten, precompressed copies, long caching
for hashed names, and compressed pages."""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest
from bs4 import BeautifulSoup

from app.static_files import build, static_url
from tests.helpers import body_text

HASHED = r"[0-9a-f]{12}"


def make_tree(root, icon: str = "<svg/>") -> None:
    (root / "js").mkdir(parents=True)
    (root / "build" / "img").mkdir(parents=True)
    (root / "js" / "init.mjs").write_text(
        'import { a } from "./a.mjs";\nconst U = new URL("../build/lib.js", import.meta.url);\n'
        'import "https://example.org/x.mjs"; // not ours: left alone\n'
    )
    (root / "js" / "a.mjs").write_text("export const a = 1;\n")
    (root / "build" / "lib.js").write_text("window.lib = 1;\n")
    (root / "build" / "img" / "icon.svg").write_text(icon)
    (root / "build" / "app.css").write_text(
        'a{background:url("/static/build/img/icon.svg")}b{background:url(img/icon.svg#x)}'
        'i{background:url("data:image/png;base64,AA==")}' + "p{color:red}" * 100
    )


def test_build_names_files_by_content_and_rewrites_references(tmp_path):
    make_tree(tmp_path)
    names = build(tmp_path)
    dist = tmp_path / "dist"
    assert json.loads((dist / "staticfiles.json").read_text()) == names
    assert re.fullmatch(rf"js/init\.{HASHED}\.mjs", names["js/init.mjs"])

    init = (dist / names["js/init.mjs"]).read_text()
    assert f'from "./{names["js/a.mjs"].removeprefix("js/")}"' in init
    assert f'new URL("../{names["build/lib.js"]}", import.meta.url)' in init
    assert '"https://example.org/x.mjs"' in init
    assert (dist / "js" / "init.mjs").read_text() == init  # the plain name too, same content

    css = (dist / names["build/app.css"]).read_text()
    icon = names["build/img/icon.svg"]
    assert f'url("/static/{icon}")' in css
    assert f"url({icon.removeprefix('build/')}#x)" in css
    assert 'url("data:image/png;base64,AA==")' in css

    # Compressed copies that decompress to the file; too small to gain is left plain.
    assert gzip.decompress((dist / names["build/app.css"]).with_suffix(".css.gz").read_bytes())
    compressed = (dist / f"{names['build/app.css']}.br").read_bytes()
    assert brotli.decompress(compressed).decode() == css


def test_a_changed_file_changes_the_names_of_files_that_point_at_it(tmp_path):
    make_tree(tmp_path / "one")
    make_tree(tmp_path / "two", icon="<svg><title>new</title></svg>")
    one, two = build(tmp_path / "one"), build(tmp_path / "two")
    assert one["build/img/icon.svg"] != two["build/img/icon.svg"]
    assert one["build/app.css"] != two["build/app.css"]
    assert one["js/init.mjs"] == two["js/init.mjs"]


def static_links(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    links = [tag["href"] for tag in soup.select("link[href^='/static/']")]
    return links + [tag["src"] for tag in soup.select("script[src^='/static/']")]


def test_pages_link_hashed_files_cached_for_a_year_and_sent_compressed(client):
    links = static_links(client.get("/").get_data(as_text=True))
    assert any(link.endswith(".css") for link in links)
    assert any(link.endswith(".mjs") for link in links)
    for link in links:
        assert re.search(rf"\.{HASHED}\.\w+$", link), link
        response = client.get(link, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "max-age=31536000, public, immutable"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        if link.endswith((".css", ".mjs")):
            assert response.headers["Content-Encoding"] == "br"
            assert brotli.decompress(response.data)


def test_a_name_missing_from_the_build_is_an_error(app):
    with app.test_request_context(), pytest.raises(LookupError, match="make assets"):
        static_url("js/no-such-module.mjs")


def test_plain_names_are_served_but_not_kept_for_long(client):
    response = client.get("/static/build/nhsuk/assets/images/favicon.ico")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "max-age=600, public"


def test_pages_are_compressed_when_the_browser_accepts_it(client):
    plain = client.get("/")
    assert "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    as_gzip = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert as_gzip.headers["Content-Encoding"] == "gzip"
    as_br = client.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert as_br.headers["Content-Encoding"] == "br"
    for response in (as_gzip, as_br):
        assert "<h1" in body_text(response) and len(response.data) < len(plain.data) / 2
    assert as_br.headers["Cache-Control"] == "no-store"
