"""The site shell in Chromium: diagrams, glossary tooltips, dark mode and offline search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_mermaid_diagram_is_drawn_from_the_site_itself(page, site_url):
    """A lesson's ```mermaid block arrives as an SVG rendered at build: mermaid is not downloaded."""
    page.goto(site_url + "/lessons/04-concurrency/")
    page.locator(".cs-mermaid svg").first.wait_for(timeout=30_000)
    assert not [url for url in page.requests if "/assets/vendor/mermaid/" in url]


def test_pages_without_diagrams_do_not_load_mermaid(page, site_url):
    """The home page has no diagram, so mermaid is never downloaded."""
    page.goto(site_url + "/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if "mermaid" in u]


def test_glossary_terms_get_tooltips(page, site_url):
    """Terms from docs/includes/abbreviations.md are <abbr> elements with their definition."""
    page.goto(site_url + "/")
    abbr = page.locator("abbr", has_text="AWS").first
    assert abbr.get_attribute("title") == "Amazon Web Services"


def test_dark_mode_toggle_survives_instant_navigation(page, site_url):
    """The palette toggle switches to the dark scheme, which stays after navigating."""
    page.goto(site_url + "/")
    page.locator("label[title='Switch to dark mode']").click()
    # Material applies the scheme from the toggle's change event: wait for it, don't race it.
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.get_by_role("link", name="Run your first cell").click()
    # Material may add the heading being read as a #fragment: match the page, not the whole URL.
    expect(page).to_have_url(re.compile(r"/reference/try-it/(#.*)?$"))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_search_works_offline(page, site_url):
    """Typing in search lists matching pages, from the site's own index and worker."""
    page.goto(site_url + "/")
    search = page.locator("input.md-search__input")
    search.click()
    # The search worker first downloads and indexes search_index.json ("Initializing search").
    page.wait_for_function("!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')",
                           timeout=60_000)
    search.press_sequentially("concurrency", delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=60_000)
    assert results.count() > 0
