"""eventwire.read: files, gzip, stdin, a real local HTTP server, and decoding of odd bytes."""

from __future__ import annotations

import codecs
import gzip
import http.server
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from eventwire.errors import (
    BinaryInput,
    EmptyInput,
    FetchError,
    NotHTMLResponse,
    UndecodableInput,
    UnreadableInput,
)
from eventwire.read import MAX_PAGE_BYTES, decode, load_page, page_from_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEED = DATA / "seed" / "yonhap-2018-12-21-working-group.txt"
ARTICLE_HTML = b"""<!doctype html><html><head><title>Talks resume</title></head>
<body><article><p>Officials from both countries met in Geneva on Tuesday to resume talks.</p></article></body></html>"""


def test_file_is_read_as_bytes():
    page = load_page(str(SEED))
    assert page.source == str(SEED)
    assert page.content == SEED.read_bytes()
    assert page.url is None


def test_gzipped_html_is_gunzipped_by_content(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(ARTICLE_HTML))
    assert load_page(str(path)).content == ARTICLE_HTML
    disguised = tmp_path / "page.bin"
    disguised.write_bytes(gzip.compress(ARTICLE_HTML))
    assert load_page(str(disguised)).content == ARTICLE_HTML


def test_corrupt_gzip_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.html.gz"
    path.write_bytes(gzip.compress(ARTICLE_HTML)[:12] + b"garbage-garbage-garbage")
    with pytest.raises(UndecodableInput, match="corrupt gzip"):
        load_page(str(path))


def test_truncated_gzip_is_not_a_shortened_page(tmp_path):
    path = tmp_path / "cut.html.gz"
    whole = gzip.compress(ARTICLE_HTML * 20)
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(UndecodableInput, match="truncated gzip"):
        load_page(str(path))


@pytest.mark.parametrize("content", [b"", b"  \n\n\t "])
def test_empty_file_is_E101(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyInput) as info:
        load_page(str(path))
    assert info.value.code == "E101"
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"some text\x00\x00\x01\x02 and more", "NUL"),
        (bytes(random.Random(3).choices(range(1, 32), k=2000)), "control bytes"),
    ],
)
def test_binary_file_is_E102(tmp_path, content, problem):
    path = tmp_path / "file.txt"
    path.write_bytes(content)
    with pytest.raises(BinaryInput, match=problem) as info:
        load_page(str(path))
    assert info.value.code == "E102"
    assert str(path) in str(info.value)


def test_missing_path_and_directory_are_E107(tmp_path):
    with pytest.raises(UnreadableInput, match="no such file") as info:
        load_page(str(tmp_path / "nope.txt"))
    assert info.value.code == "E107"
    with pytest.raises(UnreadableInput, match="directory"):
        load_page(str(tmp_path))


def test_file_is_read_only_up_to_the_cap(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * (MAX_PAGE_BYTES // 5 + 1000))
    assert len(load_page(str(path)).content) == MAX_PAGE_BYTES


def test_stdin_is_read_with_dash():
    script = "from eventwire.read import load_page, decode; page = load_page('-'); print(page.source, decode(page))"
    result = subprocess.run(
        [sys.executable, "-c", script], input="Talks resumed in Geneva.".encode(), capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == "- Talks resumed in Geneva."


def test_page_from_text_wraps_str_and_bytes():
    page = page_from_text("Café talks", source="api", url="https://example.org/a")
    assert page.content == "Café talks".encode() and page.source == "api" and page.url == "https://example.org/a"
    assert page_from_text(gzip.compress(b"zipped")).content == b"zipped"


@pytest.mark.parametrize(
    "data",
    [
        "Caf\u00e9 na\u00efve \u201cquoted\u201d \u2014 the minister said.".encode("cp1252"),
        "Caf\u00e9 na\u00efve r\u00e9sum\u00e9, the minister said.".encode("latin-1"),
        "Caf\u00e9 na\u00efve \u201cquoted\u201d, the minister said.".encode("utf-16"),
        codecs.BOM_UTF8 + "Caf\u00e9 na\u00efve \u201cquoted\u201d, the minister said.".encode("utf-8"),
        "Caf\u00e9 na\u00efve, the minister said in a long statement.".encode("utf-16-le"),
    ],
    ids=["cp1252", "latin-1", "utf-16-bom", "utf-8-bom", "utf-16-le-no-bom"],
)
def test_other_encodings_decode_properly(data):
    text = decode(page_from_text(data, source="odd.txt"))
    assert text.startswith("Caf\u00e9 na\u00efve")
    assert text.endswith("said.") or text.endswith("statement.")


def test_declared_charset_wins_over_guessing():
    html = '<html><head><meta charset="koi8-r"></head><body><p>Привет, мир</p></body></html>'
    assert "Привет, мир" in decode(page_from_text(html.encode("koi8-r")))


def test_multibyte_character_cut_by_the_cap_is_dropped():
    data = "Talks in Zürich".encode("utf-8")[:11]
    assert decode(page_from_text(data)) == "Talks in Z"


def test_undecodable_bytes_are_E103():
    noise = bytes(random.Random(7).choices(range(0x80, 0x100), k=3000))
    with pytest.raises(UndecodableInput) as info:
        decode(page_from_text(noise, source="noise.txt"))
    assert info.value.code == "E103"
    assert "noise.txt" in str(info.value)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Routes of the local test server: pages, redirects, non-HTML, errors, slow and huge bodies."""

    def do_GET(self):  # noqa: N802 (http.server naming)
        routes = {
            "/article.html": (200, "text/html; charset=utf-8", ARTICLE_HTML),
            "/plain.txt": (200, "text/plain; charset=cp1252", "Caf\u00e9 talks resumed.".encode("cp1252")),
            "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
            "/report.pdf": (200, "application/pdf", b"%PDF-1.7\n"),
        }
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", ARTICLE_HTML)
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            chunk = b"word " * 20_000
            try:
                for _ in range(MAX_PAGE_BYTES // len(chunk) + 20):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path in routes:
            self._send(*routes[self.path])
        else:
            self._send(404, "text/html", b"<html><body>not found</body></html>")

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """The client hangs up mid-body on purpose (size cap, timeout): not worth a traceback."""


@pytest.fixture(scope="module")
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_is_fetched_with_content_type(server):
    page = load_page(f"{server}/article.html")
    assert page.content == ARTICLE_HTML
    assert page.content_type == "text/html; charset=utf-8"
    assert page.source == page.url == f"{server}/article.html"


def test_redirect_is_followed_and_final_url_kept(server):
    page = load_page(f"{server}/moved")
    assert page.content == ARTICLE_HTML
    assert page.source == f"{server}/moved"
    assert page.url == f"{server}/article.html"


def test_header_charset_decodes_plain_text(server):
    assert decode(load_page(f"{server}/plain.txt")) == "Caf\u00e9 talks resumed."


@pytest.mark.parametrize("path, mime", [("/image.png", "image/png"), ("/report.pdf", "application/pdf")])
def test_non_html_response_is_E111(server, path, mime):
    with pytest.raises(NotHTMLResponse, match=mime) as info:
        load_page(f"{server}{path}")
    assert info.value.code == "E111"
    assert f"{server}{path}" in str(info.value)


def test_http_error_status_is_E110(server):
    with pytest.raises(FetchError, match="HTTP 404") as info:
        load_page(f"{server}/missing")
    assert info.value.code == "E110"


def test_timeout_is_E110_and_does_not_hang(server):
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out") as info:
        load_page(f"{server}/slow", timeout=0.5)
    assert time.monotonic() - start < 2.5
    assert f"{server}/slow" in str(info.value)


def test_response_is_capped(server):
    assert len(load_page(f"{server}/huge").content) == MAX_PAGE_BYTES


def test_connection_refused_is_E110_naming_the_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/news"
    with pytest.raises(FetchError, match="cannot connect") as info:
        load_page(url, timeout=2)
    assert info.value.code == "E110"
    assert str(info.value).startswith(url)


def test_unknown_host_is_E110():
    url = "http://no-such-host.invalid/article"
    with pytest.raises(FetchError) as info:
        load_page(url, timeout=5)
    assert info.value.code == "E110"
    assert url in str(info.value)
