"""Updates: a new deployment is detected, the learner reloads into it, progress is untouched.

v1 is the built site; v2 is a copy with a changed lesson page and stylesheet whose service
worker is rebuilt by the real build step (web/offline/sw-build.mjs), as a new deployment would be.
Both are served in turn from the same origin, so the browser keeps one service worker
registration and one localStorage.
"""

from __future__ import annotations

import json
import shutil

import pytest
from playwright.sync_api import expect

from sw_host import Host, axe_blocking, precached_urls, rebuild_service_worker, wait_until_controlled

pytestmark = pytest.mark.browser

LESSON = "/lessons/01-serverless-model/"
MARK = "Deployed as version two."


def make_v2(v1, target):
    """A copy of ``v1`` with a changed lesson and stylesheet, and its service worker rebuilt."""
    shutil.copytree(v1, target)
    page = target / "lessons" / "01-serverless-model" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", f"</h1><p id='v2'>{MARK}</p>", 1),
                    encoding="utf-8")
    with (target / "assets" / "cs-site.css").open("a", encoding="utf-8") as css:
        css.write("\n/* v2 */\n")
    rebuild_service_worker(target)
    return target


def build_of(site) -> str:
    """The content hash a build's service worker names its caches with."""
    return json.loads((site / "offline.json").read_text())["build"]


def test_new_version_is_offered_and_progress_survives(sw_context, site_dir, tmp_path):
    """Deploy v1, answer a lesson check, deploy v2, reload: the banner says a new version is
    available; its Reload shows v2's page, removes v1's caches and leaves progress as it was."""
    root = tmp_path / "www"
    shutil.copytree(site_dir, root)
    v2 = make_v2(site_dir, tmp_path / "v2")
    v1_build, v2_build = build_of(site_dir), build_of(v2)
    assert v1_build != v2_build
    host = Host(root)
    try:
        page = sw_context.new_page()
        page.goto(host.url + LESSON)
        wait_until_controlled(page)
        expect(page.locator(".cs-quiz[data-mode=check][data-ready]")).to_be_attached(timeout=60_000)
        card = page.locator(".cs-quiz[data-mode=check] .cs-q-card:has(input[type=radio])").first
        card.scroll_into_view_if_needed()
        card.locator("input[type=radio]").first.check()
        card.get_by_role("button", name="Check").click()
        progress = page.evaluate("localStorage.getItem('cold-start.quiz')")
        assert json.loads(progress)["answers"], "the answer was recorded"

        host.deploy(v2)
        page.reload()
        banner = page.locator(".cs-update")
        expect(banner).to_contain_text("A new version is available — reload", timeout=120_000)
        assert page.locator("#v2").count() == 0, "v1 still serves the open page until the reload"
        assert not axe_blocking(page, ".cs-update")
        banner.get_by_role("button", name="reload").focus()  # keyboard: Tab reaches it, Enter presses
        page.keyboard.press("Enter")
        expect(page.locator("#v2")).to_have_text(MARK, timeout=60_000)

        assert page.evaluate("localStorage.getItem('cold-start.quiz')") == progress
        names = page.evaluate("caches.keys()")
        assert not [n for n in names if v1_build in n], names
        precached = [url for url in precached_urls(page) if "cs-site.css" in url]
        assert len(precached) == 1, precached  # the old revision is gone
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
    finally:
        host.stop()
