"""A lesson page's first load stays within 300 KB transferred (issue 12 §2), as tools/serve.py
sends it (gzip for text): diagrams arrive as SVG rendered at build, not as the mermaid library,
and the lesson check's question pool needs no Python."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

BUDGET_KB = 300
# Lesson 04: a diagram and a parametric check; lesson 13: the widest diagram and the largest topic.
LESSONS = ["/lessons/04-concurrency/", "/lessons/13-security/"]


@pytest.mark.parametrize("path", LESSONS)
def test_lesson_first_load_is_within_budget(browser, site_url, path):
    """A fresh profile loading a lesson until the network is idle receives at most 300 KB
    (bodies as sent, plus headers), and none of it is mermaid or Pyodide."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sizes: dict[str, int] = {}

    def record(request):
        info = request.sizes()
        sizes[request.url] = info["responseBodySize"] + info["responseHeadersSize"]

    page.on("requestfinished", record)
    try:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        page.locator(".cs-quiz[data-ready]").first.wait_for(state="attached")
        page.wait_for_timeout(1000)
    finally:
        context.close()
    total_kb = sum(sizes.values()) / 1024
    heaviest = sorted(sizes.items(), key=lambda item: -item[1])[:5]
    assert total_kb <= BUDGET_KB, f"{total_kb:.0f} KB > {BUDGET_KB} KB; heaviest: {heaviest}"
    assert not [u for u in sizes if "/vendor/mermaid/" in u or "/pyodide/" in u]
