"""Sanitised question HTML (safe_html.py) as XML elements, for the XML export formats.

The sanitiser's output is balanced and escaped but is HTML (``<br>`` has no end tag); XML
formats that embed XHTML in their own namespace (QTI 2.1) need real elements. Only tags QTI 2.1's
XHTML subset knows are produced: ``del`` becomes a ``span`` and ``rel`` is dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from .safe_html import ALLOWED, VOID

#: Tags QTI 2.1 content does not have, and what stands for them.
RENAMED = {"del": "span"}
#: Attributes kept, by tag (everything else was either not allowed or means nothing in QTI).
KEPT_ATTRIBUTES = {"a": ("href",), "code": ("class",), "div": ("class",)}
#: The sanitiser's tags, plus the ``div`` the exporters wrap a scenario's text in.
TAGS = ALLOWED | {"div"}
#: Characters XML 1.0 forbids (control characters other than tab and newlines).
XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters no XML document may contain (a stray control character in
    a question would otherwise make the whole export unreadable)."""
    return XML_INVALID.sub("", text)


class _Builder(HTMLParser):
    """Rebuild the allowlisted HTML as ElementTree elements under one parent."""

    def __init__(self, parent: ET.Element, namespace: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [parent]
        self.namespace = namespace

    def _text(self, data: str) -> None:
        data = xml_text(data)
        node = self.stack[-1]
        if len(node):
            node[-1].tail = (node[-1].tail or "") + data
        else:
            node.text = (node.text or "") + data

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            return
        kept = {k: v for k, v in attrs if k in KEPT_ATTRIBUTES.get(tag, ()) and v is not None}
        element = ET.SubElement(self.stack[-1], f"{{{self.namespace}}}{RENAMED.get(tag, tag)}", kept)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and tag in TAGS:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in TAGS and tag not in VOID and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        self._text(data)


def append_html(parent: ET.Element, fragment: str, namespace: str) -> ET.Element:
    """Append the elements and text of a sanitised HTML ``fragment`` to ``parent``."""
    builder = _Builder(parent, namespace)
    builder.feed(fragment)
    builder.close()
    return parent
