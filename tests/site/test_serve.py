"""tools/serve.py: the static server learners, instructors and the tests use."""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from serve import rebase_sitemap, serving  # tools/ is on sys.path (tests/conftest.py)


@pytest.fixture
def served(tmp_path: Path):
    """A tiny site served on a free localhost port; yields (base URL, root folder)."""
    (tmp_path / "index.html").write_text("<!doctype html><title>home</title>" + "x" * 5000)
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "index.html").write_text("<p>lesson</p>" * 400)
    (tmp_path / "runtime.wasm").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "stdlib.zip").write_bytes(b"PK" + bytes(1000))
    with serving(str(tmp_path)) as url:
        yield url, tmp_path


def fetch(url: str, gzip_ok: bool, method: str = "GET"):
    """(status, headers, body) for ``url``, asking for gzip or not."""
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers, method=method)) as r:
        return r.status, r.headers, r.read()


@pytest.mark.parametrize("path, name", [("/", "index.html"), ("/lessons/", "lessons/index.html"),
                                        ("/runtime.wasm", "runtime.wasm")])
def test_text_and_wasm_go_out_gzipped_to_browsers_that_accept_it(served, path, name):
    """A client that accepts gzip gets a smaller gzipped body that unpacks to the file exactly,
    with the file's own content type and the isolation headers."""
    base, root = served
    status, headers, body = fetch(base + path, gzip_ok=True)
    original = (root / name).read_bytes()
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == original and len(body) < len(original)
    assert headers["Cross-Origin-Embedder-Policy"] == "require-corp"
    assert headers["Vary"] == "Accept-Encoding"
    expected = "application/wasm" if name.endswith(".wasm") else "text/html"
    assert headers["Content-Type"].startswith(expected)


def test_plain_files_for_clients_without_gzip_and_for_archives(served):
    """Without Accept-Encoding the file comes as it is; a zip is never compressed again."""
    base, root = served
    _, headers, body = fetch(base + "/", gzip_ok=False)
    assert "Content-Encoding" not in headers and body == (root / "index.html").read_bytes()
    _, headers, body = fetch(base + "/stdlib.zip", gzip_ok=True)
    assert "Content-Encoding" not in headers and body == (root / "stdlib.zip").read_bytes()


def test_a_changed_file_is_compressed_again(served):
    """The gzip cache follows the file: after an edit the new content is served."""
    base, root = served
    fetch(base + "/", gzip_ok=True)
    (root / "index.html").write_text("<p>rebuilt</p>" * 300)
    _, _, body = fetch(base + "/", gzip_ok=True)
    assert gzip.decompress(body) == (root / "index.html").read_bytes()


def test_missing_files_and_head_requests(served):
    """A missing file is a 404 with or without gzip; HEAD sends headers and no body."""
    base, _ = served
    for gzip_ok in (True, False):
        with pytest.raises(urllib.error.HTTPError) as error:
            fetch(base + "/nope.js", gzip_ok=gzip_ok)
        assert error.value.code == 404
    status, headers, body = fetch(base + "/", gzip_ok=True, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def conditional(url: str, gzip_ok: bool, etag: str | None = None) -> int:
    """The status of a GET of ``url``, sent with If-None-Match when ``etag`` is given."""
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    if etag:
        headers["If-None-Match"] = etag
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("gzip_ok", [True, False])
def test_validators_follow_content_not_recorded_dates(served, gzip_ok):
    """A file rewritten with the same size and the same (fixed, archive-like) modification time
    gets a new ETag: a browser holding the old copy is sent the new one, an unchanged file is
    answered 304 Not Modified, and no date is offered as a validator (Last-Modified) or honoured
    (If-Modified-Since), since dates say nothing about an unpacked bundle's content."""
    import os

    base, root = served
    target = root / "runtime.wasm"
    os.utime(target, (1767225600, 1767225600))  # 2026-01-01, as every bundle member carries
    _, headers, _ = fetch(base + "/runtime.wasm", gzip_ok=gzip_ok)
    etag = headers["ETag"]
    assert "Last-Modified" not in headers
    assert conditional(base + "/runtime.wasm", gzip_ok, etag=etag) == 304
    target.write_bytes(bytes(reversed(range(256))) * 64)  # same size, new bytes
    os.utime(target, (1767225600, 1767225600))
    assert conditional(base + "/runtime.wasm", gzip_ok, etag=etag) == 200
    _, headers, body = fetch(base + "/runtime.wasm", gzip_ok=gzip_ok)
    assert headers["ETag"] != etag
    assert (gzip.decompress(body) if gzip_ok else body) == target.read_bytes()
    request = urllib.request.Request(base + "/runtime.wasm",
                                     headers={"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200


def test_folders_are_never_listed(served):
    """A folder without index.html is a 404, not a listing of its files."""
    base, root = served
    (root / "reference").mkdir()
    (root / "reference" / "notes.txt").write_text("private")
    for gzip_ok in (True, False):
        assert conditional(base + "/reference/", gzip_ok) == 404


def test_without_isolation_the_headers_are_left_out(tmp_path):
    """serving(isolate=False) answers like a LAN page effectively is: no COOP/COEP."""
    (tmp_path / "index.html").write_text("<p>home</p>")
    with serving(str(tmp_path), isolate=False) as url:
        _, headers, _ = fetch(url + "/", gzip_ok=False)
    assert "Cross-Origin-Embedder-Policy" not in headers and "ETag" in headers


SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{}</urlset>"""
page_paths = st.lists(st.from_regex(r"([a-z0-9-]{1,12}/){1,3}", fullmatch=True), max_size=8, unique=True)
site_urls = st.sampled_from(["http://localhost:8000/", "https://example.org/cold-start/", "http://10.0.0.5/a/b/"])
bases = st.sampled_from(["http://127.0.0.1:41234/", "http://192.0.2.10:8000/cold-start/", "http://h:1/x/"])


@given(site_url=site_urls, paths=page_paths, base=bases)
def test_rebased_sitemap_lists_each_page_once_under_the_new_base(site_url, paths, base):
    """Every page of the built sitemap (home first, then any others) appears exactly once, with
    the build's site_url replaced by the served base and the rest of its path kept."""
    built = [site_url] + [site_url + p for p in paths]
    xml = SITEMAP.format("".join(f"<url><loc>{u}</loc></url>\n" for u in built))
    rebased = re.findall(r"<loc>([^<]*)</loc>", rebase_sitemap(xml, base))
    assert rebased == [base] + [base + p for p in paths]


def test_sitemap_is_served_for_the_address_the_browser_used(tmp_path: Path):
    """sitemap.xml names the host, port and sub-path the request came in on; outside the
    sub-path nothing is served, and the bare sub-path redirects to its folder."""
    (tmp_path / "index.html").write_text("home")
    (tmp_path / "sitemap.xml").write_text(SITEMAP.format(
        "<url><loc>http://localhost:8000/</loc></url><url><loc>http://localhost:8000/labs/</loc></url>"))
    with serving(str(tmp_path), prefix="cold-start") as base:
        _, _, body = fetch(base + "/sitemap.xml", gzip_ok=True)
        assert re.findall(r"<loc>([^<]*)</loc>", body.decode()) == [f"{base}/", f"{base}/labs/"]
        assert fetch(base, gzip_ok=False)[2] == b"home"  # redirected to /cold-start/
        root = base.rsplit("/cold-start", 1)[0]
        with pytest.raises(urllib.error.HTTPError) as error:
            fetch(root + "/index.html", gzip_ok=False)
        assert error.value.code == 404


def test_wheels_may_be_fetched_from_other_origins(served):
    """A wheel carries Access-Control-Allow-Origin (JupyterLite installs it from another origin);
    pages do not."""
    base, root = served
    (root / "pkg-1.0-py3-none-any.whl").write_bytes(b"PK" + bytes(100))
    _, headers, _ = fetch(base + "/pkg-1.0-py3-none-any.whl", gzip_ok=True)
    assert headers["Access-Control-Allow-Origin"] == "*"
    _, headers, _ = fetch(base + "/", gzip_ok=True)
    assert "Access-Control-Allow-Origin" not in headers


@given(first=st.binary(min_size=1, max_size=2000), second=st.binary(min_size=1, max_size=2000))
@settings(max_examples=40, deadline=None)
def test_etag_is_a_function_of_the_bytes_alone(tmp_path_factory, first, second):
    """Whatever the recorded dates, two files get the same ETag exactly when their bytes match."""
    import os

    from serve import FileVersions

    folder = tmp_path_factory.mktemp("etag")
    paths = [folder / "a.bin", folder / "b.bin"]
    for path, data in zip(paths, (first, second)):
        path.write_bytes(data)
        os.utime(path, (1767225600, 1767225600))
    tags = [FileVersions().etag(str(path)) for path in paths]
    assert (tags[0] == tags[1]) == (first == second)


def test_only_files_of_a_content_named_pyodide_folder_are_cached_for_good(tmp_path: Path):
    """Files in ``assets/pyodide-<version>-<hash>/`` (their URL names their content) are sent
    immutable, also when revalidated; everything else, a missing file in that folder included,
    is ``no-cache``, also on the same keep-alive connection right after an immutable answer."""
    import http.client

    core = tmp_path / "assets" / "pyodide-314.0.7-0123456789ab"
    core.mkdir(parents=True)
    (core / "pyodide.asm.wasm").write_bytes(bytes(100))
    (tmp_path / "assets" / "pyodide").mkdir()
    (tmp_path / "assets" / "pyodide" / "sizes.json").write_text("{}")
    with serving(str(tmp_path), prefix="/course/") as url:
        connection = http.client.HTTPConnection(url.split("//")[1].split("/")[0])
        answers = []
        for path, headers in [("/course/assets/pyodide-314.0.7-0123456789ab/pyodide.asm.wasm", {}),
                              ("/course/assets/pyodide-314.0.7-0123456789ab/missing.zip", {}),
                              ("/course/assets/pyodide-314.0.7-0123456789ab/pyodide.asm.wasm", None),
                              ("/course/assets/pyodide/sizes.json", {})]:
            if headers is None:  # revalidate the first answer
                headers = {"If-None-Match": answers[0][1]}
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            answers.append((response.status, response.getheader("ETag"), response.getheader("Cache-Control")))
        connection.close()
    immutable = "public, max-age=31536000, immutable"
    assert [(status, cache) for status, _, cache in answers] == [
        (200, immutable), (404, "no-cache"), (304, immutable), (200, "no-cache")]
