"""Sanitised question HTML becomes XML elements without losing or inventing text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from export_helpers import plain
from hypothesis import given, settings
from hypothesis import strategies as st

MARKDOWN_BITS = st.sampled_from(["**bold**", "`code`", "*em*", "\n\n", "- item\n", "1. one\n", "<br>",
                                 "<script>x</script>", "[link](https://docs.aws.amazon.com/lambda/)",
                                 "```\nfenced <b>\n```\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "&amp;",
                                 "<", ">", "~~del~~", "{resolve}"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=12)), max_size=8))
def test_append_html_keeps_the_text_and_is_well_formed(parts):
    """For any Markdown an author may write, the XML built from its sanitised HTML parses back,
    holds the same visible text (less the control characters XML cannot hold), and uses only
    the allowlisted tags."""
    from quizbank.safe_html import ALLOWED, render
    from quizbank.xhtml import append_html, xml_text

    rendered = render("".join(parts))
    root = append_html(ET.Element("{urn:x}root"), rendered, "urn:x")
    again = ET.fromstring(ET.tostring(root, encoding="unicode"))
    assert "".join("".join(again.itertext()).split()) == plain(xml_text(rendered)).replace(" ", "")
    assert {el.tag.split("}")[1] for el in again.iter()} - {"root", "span"} <= ALLOWED
