"""The printed handouts, as PDFs rendered by poppler (issue 14 §3).

tools/workshop.py prints the cheat sheet and the lab worksheets with Chromium; each PDF is then
rendered page by page with ``pdftoppm`` (and its text read with ``pdftotext``), as a printer
would see it. The cheat sheet is one A4 sheet, two sides at most, with no blank side; the
worksheets are a contents page and then exactly one page per lab, each page numbered, every
exercise's answer box on its lab's page (none spills alone onto a page of its own), and the
contents give the page each lab is on.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import workshop
from sandbox.lab import exercises_for

ROOT = Path(__file__).resolve().parents[2]
A4_POINTS = (595, 842)  # 210 x 297 mm

pytestmark = pytest.mark.browser


def poppler(tool: str, *args: str) -> str:
    """Run a poppler-utils tool; fail with the install hint if it is missing."""
    if not shutil.which(tool):
        pytest.fail(f"{tool} not found: apt-get install poppler-utils (`make test` installs it)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def page_count(pdf: Path) -> int:
    """Pages of ``pdf``, and a check that they are A4."""
    info = poppler("pdfinfo", str(pdf))
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and (round(float(size.group(1))), round(float(size.group(2)))) == A4_POINTS, info
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    return poppler("pdftotext", "-layout", str(pdf), "-").split("\f")[:page_count(pdf)]


def ink(pdf: Path, folder: Path) -> list[float]:
    """Share of non-white pixels on each page, rendered by pdftoppm at 20 dpi in grey."""
    prefix = folder / pdf.stem
    poppler("pdftoppm", "-r", "20", "-gray", str(pdf), str(prefix))
    shares = []
    for image in sorted(folder.glob(f"{pdf.stem}-*.pgm")):
        data = image.read_bytes()
        # Binary PGM: "P5\\n<w> <h>\\n<max>\\n" then one byte per pixel.
        header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        pixels = data[header.end():]
        shares.append(sum(1 for value in pixels if value < 200) / len(pixels))
    return shares


@pytest.fixture(scope="module")
def handouts(browser, instructor_site, tmp_path_factory) -> dict[str, Path]:
    """Both handouts printed by tools/workshop.py from a fresh instructor build."""
    out = tmp_path_factory.mktemp("handouts")
    written = workshop.print_handouts(instructor_site, out, browser=browser)
    return {path.stem: path for path in written}


def test_cheat_sheet_is_one_sheet_of_a4(handouts, tmp_path):
    """At most two A4 pages (both sides of one sheet), none of them blank, numbered."""
    pdf = handouts["cheat-sheet"]
    pages = page_count(pdf)
    assert 1 <= pages <= 2, f"the cheat sheet prints on {pages} pages"
    assert all(share > 0.01 for share in ink(pdf, tmp_path)), "a blank side"
    texts = page_texts(pdf)
    assert "Cheat sheet" in texts[0]
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {pages}" in text


def test_worksheets_are_a_contents_page_then_one_page_per_lab(handouts, tmp_path):
    """Page 1 lists every lab with its page; page n+1 is lab n with all its answer boxes; every
    page carries 'page i of N'; no page is blank."""
    pdf = handouts["lab-worksheets"]
    labs = sorted(p.stem for p in (ROOT / "labs").glob("[0-9][0-9]-*.py"))
    texts = page_texts(pdf)
    assert len(texts) == len(labs) + 1, f"{len(texts)} pages for {len(labs)} labs and the contents"
    assert all(share > 0.005 for share in ink(pdf, tmp_path)), "a blank page"
    assert "Contents" in texts[0]
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {len(texts)}" in text, f"page {number} has no page number"
    for index, lab_id in enumerate(labs):
        page = index + 2
        heading = f"Lab {lab_id[:2]} ·"
        assert re.search(rf"{re.escape(heading)}.*— page {page}\b", texts[0]), f"contents: {lab_id} not on page {page}"
        text = " ".join(texts[page - 1].split())
        assert text.startswith(heading) or f" {heading}" in text[:200], f"page {page} does not start {lab_id}"
        for exercise in exercises_for(lab_id):
            assert f"Your prediction ( {exercise.id} )" in text or f"Your prediction ({exercise.id})" in text, \
                f"{lab_id}/{exercise.id}: its answer box is not on the lab's page {page}"
