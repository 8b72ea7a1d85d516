"""MkDocs hook: every sentence block that states a number carries its AWS source link itself.

A reader (or a reviewer) must be able to check a number in one click, without hunting for a link
in the paragraph above or in the Sources list at the end of the page. The check covers the lessons
(``docs/lessons/NN-slug.md``), the cheat sheet and the glossary.

**Block** — the unit that must hold its own link: a paragraph, a list item (with its continuation
lines), one table row, a paragraph inside an admonition, a glossary definition. Blank lines, list
markers and table rows start new blocks.

**Claim** — a block states a number, limit, default or date when its prose (see below) contains

* a year from 2000 to 2099 (a date: "since November 2023", "1 Dec 2020");
* a dollar amount (``$0.20``);
* digits followed by a unit: time (ms, s, min, hours, days …), size (KB, MB, GiB …), a percentage,
  a rate (rps, requests per second, /s, /h), or a counted Lambda resource (concurrent executions,
  execution environments, layers, retries, records, shards, pollers …): see ``UNIT``.

Not prose, so never a claim: headings, a lesson's ``## Objectives`` (they announce what a later
section teaches, with its source), front matter, fenced code, ``inline code``, HTML comments,
link targets, and the text of links inside the course (``[lesson 5](…)``, ``[lab 03](lab:…)``,
``[question 4](…)``). A bare number without a unit — a lesson, lab, step or list number, a status
code, a runtime version — is not a claim either.

**Source** — a link in the same block to an AWS documentation page (docs.aws.amazon.com, or its
China-Region copy docs.amazonaws.cn), an AWS pricing page, a What's New post or an AWS blog post.
The Documented numbers page has no per-value anchors, so a link to it does not count.

**Escape hatch** — ``<!-- no-source: REASON -->`` inside the block exempts it, for numbers that are
not facts about AWS (a worked example whose inputs are stated as assumptions, a model's output).
The reason is required (at least three words) and is shown to reviewers, not readers: the hook
removes the comment from the page. Use it sparingly: a block with a real AWS number needs a link.

Problems fail the build as ``docs/FILE:LINE: …`` (the block's first line), all at once.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import markdown_fences  # noqa: E402  (tools/markdown_fences.py, shared with the other lesson hook)

CHECKED_PAGES = re.compile(r"^(?:lessons/\d\d-[a-z0-9-]+|cheat-sheet|glossary)\.md$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:.*?\n)?---[ \t]*\n", re.DOTALL)
HEADING = re.compile(r"^#{1,6}\s")
OBJECTIVES = re.compile(r"^##\s+Objectives\s*$")
ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*\w")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
TABLE_ROW = re.compile(r"^\s*\|")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")  # **1,000** concurrent → 1,000 concurrent
ESCAPE = re.compile(r"<!--\s*no-source\s*:(?P<reason>.*?)-->", re.DOTALL)
# [text](target "title") — target without spaces, optional title.
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\)"
                  r"|<(?P<auto>https?://[^>\s]+)>")
SOURCE_URL = re.compile(
    r"^https://(?:docs\.aws\.amazon\.com/|docs\.amazonaws\.cn/"
    r"|aws\.amazon\.com/(?:[a-z0-9-]+/)*pricing(?:[/#?]|$)"
    r"|aws\.amazon\.com/about-aws/whats-new/|aws\.amazon\.com/blogs/)")

NUMBER = r"(?<![\w.])\d+(?:[,.]\d+)*"
UNIT = (
    # time
    r"ms|milliseconds?|secs?|seconds?|min|mins|minutes?|hours?|days?|weeks?|months?|years?"
    # size and rates
    r"|bytes?|KB|MB|GB|TB|KiB|MiB|GiB|TiB|GB-s|GB-seconds?|MB/s|Gbps|%|percent"
    r"|rps|RPS|TPS|requests?(?:\s+(?:per|a|/)\s*(?:second|minute))?|/s|/h|/min"
    r"|vCPUs?|million|billion|×"
    # counted Lambda resources
    r"|concurrent(?:\s+\w+)?|(?:execution\s+)?environments?|executions?|invocations?|instances?"
    r"|retries|retry|attempts?|times|layers?|functions?|versions?|aliases|records?|messages?"
    r"|items?|shards?|pollers?|consumers?|ENIs?|network\s+interfaces?|(?:filter\s+)?patterns?"
    r"|subnets?|events?|characters?|tags?|targets?|destinations?|streams?|partitions?"
    r"|state\s+transitions?|transitions?|steps?|branches|iterations?"
)
# One-letter units (3 s, 730 h, 10 M, 2 x) only after a space, so "429s" stays a status code.
SHORT_UNIT = r"s|h|M|K|x"
QUANTITY = re.compile(rf"{NUMBER}(?:\s?(?:{UNIT})|\s(?:{SHORT_UNIT}))(?![\w])", re.IGNORECASE)
YEAR = re.compile(r"(?<![\w.-])20\d\d(?![\w-])")
MONEY = re.compile(r"\$\s?\d")
MIN_REASON_WORDS = 3


@dataclass(frozen=True)
class Block:
    """A unit of prose that must carry its own source: first line number and joined text."""

    line: int
    text: str


def blocks(markdown: str) -> list[Block]:
    """Split a page into blocks (paragraphs, list items, table rows, admonition paragraphs),
    leaving out front matter, headings, admonition titles and fenced code."""
    lines = markdown.splitlines()
    start = 0
    match = FRONT_MATTER.match(markdown)
    if match:
        start = match.group(0).count("\n")
    found: list[Block] = []
    current: list[str] = []
    first = 0
    in_objectives = False

    def flush() -> None:
        if current and not in_objectives:
            found.append(Block(first, "\n".join(current)))
        current.clear()

    for index, kind, _ in markdown_fences.classify(lines, start):
        line, number = lines[index], index + 1
        if kind == markdown_fences.CODE:
            continue
        if kind == markdown_fences.OPEN:
            flush()
            continue
        if not line.strip() or HEADING.match(line) or ADMONITION.match(line):
            flush()
            if line.startswith("## "):
                in_objectives = bool(OBJECTIVES.match(line))
            continue
        if TABLE_ROW.match(line) or LIST_ITEM.match(line):
            flush()
        if not current:
            first = number
        current.append(line)
        if TABLE_ROW.match(line):
            flush()
    flush()
    return found


def prose(text: str) -> str:
    """The block's text a reader takes as a statement: without code, comments, link targets and
    the text of links inside the course."""
    text = COMMENT.sub(" ", text)
    text = INLINE_CODE.sub(" ", text)

    def link(match: re.Match) -> str:
        if match.group("auto"):
            return " "
        target = match.group("target")
        return match.group("text") if target.startswith(("http://", "https://")) else " "

    return EMPHASIS.sub("", LINK.sub(link, text))


def claims(text: str) -> list[str]:
    """The numbers, limits, defaults and dates that a block's prose states (empty if none)."""
    words = prose(text)
    found = [m.group(0) for m in YEAR.finditer(words)]
    found += [m.group(0) for m in MONEY.finditer(words)]
    found += [m.group(0) for m in QUANTITY.finditer(words)]
    return found


def has_source(text: str) -> bool:
    """Whether the block links to an AWS documentation, pricing, What's New or blog page."""
    return any(SOURCE_URL.match(m.group("target") or m.group("auto")) for m in LINK.finditer(text))


def check_page(markdown: str, display: str) -> list[str]:
    """Problems on one page, one ``display:LINE: message`` each."""
    problems = []
    for block in blocks(markdown):
        escape = ESCAPE.search(block.text)
        if escape:
            if len(escape.group("reason").split()) < MIN_REASON_WORDS:
                problems.append(f"{display}:{block.line}: <!-- no-source: … --> needs a reason "
                                f"(at least {MIN_REASON_WORDS} words) saying why these numbers "
                                f"are not facts to source")
            continue
        found = claims(block.text)
        if found and not has_source(block.text):
            shown = ", ".join(repr(c) for c in dict.fromkeys(found))
            problems.append(f"{display}:{block.line}: states {shown} with no AWS source link in "
                            f"the same paragraph, list item or table row (add the documentation "
                            f"link next to the claim)")
    return problems


def on_files(files, config):
    """Check every lesson, the cheat sheet and the glossary; fail with all problems at once."""
    from mkdocs.exceptions import PluginError

    problems = []
    for file in files:
        if CHECKED_PAGES.match(file.src_uri):
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            problems += check_page(text, f"docs/{file.src_uri}")
    if problems:
        raise PluginError(f"{len(problems)} claim(s) without a source link next to them:\n  "
                          + "\n  ".join(problems))
    return files


def on_page_markdown(markdown, page, config, files):
    """Remove the ``<!-- no-source: … -->`` notes from the checked pages: they are for
    reviewers, not readers (other pages, such as the authoring guide, may show them as examples)."""
    if page is not None and not CHECKED_PAGES.match(page.file.src_uri):
        return markdown
    return ESCAPE.sub("", markdown)
