"""Handouts print on A4: the cheat sheet's table fits the printable width, worksheets paginate.

Rendered in Debian's Chromium with print media emulated. A4 is 210 mm wide and the print
stylesheet (docs/assets/cs-print.css) sets 12 mm side margins, so the printable width is 186 mm,
about 703 CSS pixels (96 px per inch). The PDF and a screenshot of the printed layout are saved
under build/test-artifacts/workshop/ to look at.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from serve import make_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "build" / "test-artifacts" / "workshop"
PRINTABLE_PX = round((210 - 2 * 12) / 25.4 * 96)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def instructor_url(instructor_site):
    """The instructor edition served on a free 127.0.0.1 port."""
    server = make_server(str(instructor_site), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def print_page(browser):
    """A page laid out at the printable width of A4, in print media; no request may leave."""
    context = browser.new_context(viewport={"width": PRINTABLE_PX, "height": 1000})
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.emulate_media(media="print")
    yield tab
    context.close()
    external = [u for u in requests if urlparse(u).hostname not in (None, "127.0.0.1", "localhost")
                and urlparse(u).scheme in ("http", "https")]
    assert not external, external


TABLE_FITS = """() => [...document.querySelectorAll('article table')].map((table, index) => {
    const box = table.getBoundingClientRect();
    return {index, scroll: table.scrollWidth, client: table.clientWidth,
            right: Math.round(box.right), cells: table.rows[0] ? table.rows[0].cells.length : 0};
})"""


def test_cheat_sheet_tables_fit_a4(print_page, learner_url):
    """Every table of the cheat sheet is as wide as its content (nothing scrolls or is clipped)
    and ends inside the printable width; the site's chrome is hidden; the A4 PDF renders."""
    print_page.goto(f"{learner_url}/cheat-sheet/", wait_until="networkidle")
    tables = print_page.evaluate(TABLE_FITS)
    assert tables, "the cheat sheet has no table"
    for table in tables:
        assert table["scroll"] <= table["client"] + 1, f"table {table['index']} is cut off: {table}"
        assert table["right"] <= PRINTABLE_PX + 1, f"table {table['index']} overflows: {table}"
    assert print_page.evaluate("document.documentElement.scrollWidth") <= PRINTABLE_PX + 1
    hidden = print_page.evaluate("""() => ['.md-header', '.md-sidebar--primary']
        .map(s => document.querySelector(s)).filter(Boolean)
        .every(e => getComputedStyle(e).display === 'none')""")
    assert hidden, "navigation is printed"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print_page.screenshot(path=str(ARTIFACTS / "cheat-sheet-print.png"), full_page=True)
    pdf = print_page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    (ARTIFACTS / "cheat-sheet.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2


def test_each_worksheet_starts_a_new_sheet(print_page, instructor_url):
    """On the worksheets page the contents come first, every lab starts a new printed page, an
    exercise's prompt stays with its answer box, and each exercise has a box."""
    print_page.goto(f"{instructor_url}/instructors/worksheets/", wait_until="networkidle")
    breaks = print_page.evaluate("""() => [...document.querySelectorAll('.cs-worksheet')]
        .map(s => getComputedStyle(s).breakBefore)""")
    assert len(breaks) >= 6
    assert all(b == "page" for b in breaks), breaks
    assert print_page.locator(".cs-worksheet-contents li").count() == len(breaks)
    kept = print_page.evaluate("""() => [...document.querySelectorAll('.cs-exercise-sheet')]
        .map(s => getComputedStyle(s).breakInside)""")
    assert kept and all(k == "avoid" for k in kept), kept
    assert print_page.locator(".cs-exercise-sheet .cs-answer-box").count() == len(kept) >= len(breaks) * 2
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "worksheets.pdf").write_bytes(print_page.pdf(format="A4", prefer_css_page_size=True))
