"""Render question Markdown to HTML that cannot run script.

Markdown is rendered with Python-Markdown, then every tag and attribute not on a short allowlist
is dropped (their text is kept, escaped); ``<script>``/``<style>`` lose their content too, and
links keep only http(s), relative and ``#`` targets. The browser inserts this HTML as is, so the
allowlist here is the guarantee that a hostile question cannot inject script.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown

ALLOWED = {"p", "br", "em", "strong", "b", "i", "code", "pre", "ul", "ol", "li", "a", "blockquote",
           "table", "thead", "tbody", "tr", "th", "td", "hr", "del", "sub", "sup", "kbd", "span"}
VOID = {"br", "hr"}
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg",
                "math", "textarea", "title"}
SAFE_HREF = re.compile(r"^(https?://|/|\./|\.\./|#|[a-z0-9._~-]+(/|$|#|\?))", re.IGNORECASE)
CODE_CLASS = re.compile(r"^language-[a-z0-9+-]+$")


class _Sanitiser(HTMLParser):
    """Rebuild HTML from allowed tags and attributes only."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_CONTENT:
            self.skipping += 1
            return
        if self.skipping or tag not in ALLOWED:
            return
        kept = []
        for name, value in attrs:
            value = value or ""
            if tag == "a" and name == "href" and SAFE_HREF.match(value.strip()):
                kept.append(f' href="{html.escape(value.strip(), quote=True)}"')
            elif tag == "code" and name == "class" and CODE_CLASS.match(value):
                kept.append(f' class="{value}"')
        if tag == "a":
            kept.append(' rel="noopener noreferrer"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in DROP_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag not in self.open:
            return
        # Close anything left open inside this element, so the output is always balanced.
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.open))


def sanitise(fragment: str) -> str:
    """Keep only allowlisted tags and attributes of an HTML fragment."""
    parser = _Sanitiser()
    parser.feed(fragment)
    return parser.result()


_MARKDOWN = markdown.Markdown(extensions=["fenced_code", "tables", "sane_lists"])


def render(text: str, inline: bool = False) -> str:
    """Markdown → safe HTML. ``inline`` drops the wrapping paragraph of a one-paragraph text."""
    # One converter, reset between texts: building a new one per text is most of the cost.
    rendered = sanitise(_MARKDOWN.reset().convert(str(text)))
    if inline and rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered
