"""MkDocs hook for the quiz engine: validate the bank, place quizzes on pages, ship the bank.

* ``on_config``: load and validate ``quizzes/*.yml`` and ``quizzes/blueprints/*.yml``; any problem
  fails the build with ``file:line: field: message`` lines.
* ``on_page_markdown``: replace the quiz shortcodes with mount points for web/quiz/:

  ``<!-- quiz: 04-concurrency [n=5] -->``  lesson check (5 questions of that topic by default)
  ``<!-- quiz-practice -->``   practice by topic or domain    ``<!-- quiz-exam: DVA-C02 -->``
  ``<!-- quiz-review -->``     review past answers            ``<!-- quiz-due -->``   due today
  ``<!-- quiz-progress -->``   progress, export and import

* ``on_post_build``: write the obfuscated bank to ``site/assets/quiz/bank.bin``, and each topic's
  questions to ``site/assets/quiz/topics/TOPIC.bin`` for lesson checks (answers are not in plain
  text in any page; see tools/quizbank/package.py).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizbank import BankError  # noqa: E402
from quizbank.package import build, obfuscate  # noqa: E402

SHORTCODE = re.compile(r"<!--\s*quiz(?P<kind>-practice|-exam|-review|-due|-progress)?\s*(?::(?P<args>[^>]*?))?\s*-->")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n\n*", re.DOTALL)
NOSCRIPT = '<p class="cs-quiz-noscript">This quiz needs JavaScript.</p>'

_bank: dict = {}


def on_config(config, **kwargs):
    """Validate and package the bank once per build; stop the build on any problem."""
    try:
        _bank.clear()
        _bank.update(build())
    except BankError as exc:
        raise PluginError(f"{len(exc.problems)} problem(s) in the question bank:\n{exc}") from None
    return config


def _topic(name: str) -> str | None:
    """Resolve ``04-concurrency`` or just ``concurrency`` to a topic in the bank."""
    topics = _bank.get("topics", {})
    if name in topics:
        return name
    matches = [t for t in topics if t.split("-", 1)[-1] == name]
    return matches[0] if len(matches) == 1 else None


def _mount(kind: str, args: str) -> str:
    """The HTML mount point that web/quiz/main.js fills in."""
    words = args.split()
    options = dict(w.split("=", 1) for w in words if "=" in w)
    positional = [w for w in words if "=" not in w]
    attrs = {"mode": kind or "check"}
    if kind == "":
        if len(positional) != 1:
            raise ValueError("usage: <!-- quiz: TOPIC [n=5] -->")
        topic = _topic(positional[0])
        if topic is None:
            raise ValueError(f"unknown quiz topic {positional[0]!r} (no quizzes/{positional[0]}.yml)")
        attrs.update(mode="check", topic=topic, n=options.get("n", "5"))
        if not attrs["n"].isdigit():
            raise ValueError(f"n must be a whole number, got {attrs['n']!r}")
    elif kind == "exam":
        exam = positional[0] if positional else "DVA-C02"
        if exam not in _bank.get("blueprints", {}):
            raise ValueError(f"no blueprint for exam {exam!r} (add quizzes/blueprints/{exam.lower()}.yml)")
        attrs["exam"] = exam
    data = " ".join(f'data-{k}="{html.escape(str(v))}"' for k, v in attrs.items())
    return f'<div class="cs-quiz" {data}>{NOSCRIPT}</div>'


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Replace quiz shortcodes outside fenced code blocks; a bad one fails with file:line."""
    if "<!--" not in markdown:
        return markdown
    out, fence = [], None
    # MkDocs strips the front matter before hooks run; count it back so the line matches the file.
    match = FRONT_MATTER.match(getattr(page.file, "content_string", "") or "")
    offset = match.group(0).count("\n") if match else 0
    for number, line in enumerate(markdown.split("\n"), start=1 + offset):
        opener = FENCE.match(line)
        if opener:
            fence = None if fence and opener.group(1)[0] == fence[0] else (fence or opener.group(1))
        if fence is None and "<!--" in line:
            try:
                line = SHORTCODE.sub(lambda m: _mount((m.group("kind") or "").lstrip("-"),
                                                      m.group("args") or ""), line)
            except ValueError as exc:
                raise PluginError(f"docs/{page.file.src_uri}:{number}: {exc}") from None
        out.append(line)
    return "\n".join(out)


def on_post_build(config, **kwargs):
    """Write the obfuscated bank beside the bundles (not under assets/cs/, which is replaced)."""
    target = Path(config["site_dir"]) / "assets" / "quiz"
    target.mkdir(parents=True, exist_ok=True)
    (target / "bank.bin").write_bytes(obfuscate(_bank))
    # One small file per topic for lesson checks, which need nothing else.
    topics = target / "topics"
    topics.mkdir(exist_ok=True)
    for topic, title in _bank["topics"].items():
        subset = {**_bank, "topics": {topic: title}, "blueprints": {},
                  "questions": [q for q in _bank["questions"] if q["topic"] == topic]}
        (topics / f"{topic}.bin").write_bytes(obfuscate(subset))
