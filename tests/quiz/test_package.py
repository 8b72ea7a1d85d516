"""Packaging the bank for the browser: safe HTML, inheritance, obfuscation, and the mkdocs hook."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
from quiz_samples import VALID_QUESTION  # noqa: I001
from mkdocs.exceptions import PluginError

import yaml

from quizbank.package import build, deobfuscate, obfuscate
from quizbank.safe_html import render, sanitise

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = [
    "<script>window.pwned = 1</script>",
    '<img src=x onerror="window.pwned = 1">',
    "[click](javascript:window.pwned=1)",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<svg onload="window.pwned=1"><script>1</script></svg>',
    '<p style="background:url(javascript:1)" onclick="x()">text</p>',
    "<iframe src='https://evil.example'></iframe>",
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_rendered_markdown_has_no_script_vectors(text):
    """No <script>, event handler, javascript: URL, iframe or style survives rendering."""
    out = render(text).lower()
    for bad in ("<script", "onerror", "onload", "onclick", "javascript:", "<iframe", "<svg", "style=", "<img"):
        assert bad not in out, (text, out)


def test_markdown_formatting_survives():
    """Ordinary Markdown (emphasis, code, links, lists, fenced code) still renders."""
    out = render("**bold** `a < b` [doc](https://docs.aws.amazon.com/x)\n\n- one\n- two\n\n```python\nx = 1\n```")
    assert "<strong>bold</strong>" in out and "<code>a &lt; b</code>" in out
    assert '<a href="https://docs.aws.amazon.com/x" rel="noopener noreferrer">doc</a>' in out
    assert "<li>one</li>" in out and '<code class="language-python">' in out


def test_sanitiser_balances_tags():
    """Unclosed allowed tags are closed, so a question cannot swallow the rest of the page."""
    assert sanitise("<em><strong>x") == "<em><strong>x</strong></em>"


def test_obfuscation_round_trips_and_hides_answers():
    """The shipped bank decodes to the same document and shows no explanation text in plain sight."""
    bank = build()
    text = obfuscate(bank)
    assert deobfuscate(text) == bank
    seed = next(q for q in bank["questions"] if q["id"] == "seed-single-reserved-cap")
    assert "Reserved concurrency is both a ceiling" in seed["options"][0]["why"]
    for secret in ("Reserved concurrency is both a ceiling", '"correct":true', "seed-single-reserved-cap"):
        assert secret.encode() not in text


def test_scenario_parts_inherit_exam_fields():
    """Scenario sub-questions carry the set's exams, domain, sources and topic in the browser bank."""
    bank = build()
    part = next(sub for q in bank["questions"] if q["type"] == "scenario" for sub in q["questions"])
    parent = next(q for q in bank["questions"] if part in q.get("questions", []))
    assert part["domain"] == parent["domain"] and part["exams"] == parent["exams"]
    assert part["sources"] == parent["sources"] and part["topic"] == parent["topic"]


def test_dva_blueprint_matches_exam_guide():
    """DVA-C02: 65 questions, 130 minutes, 720 of 100–1000, weights 32/26/24/18.
    Source: https://docs.aws.amazon.com/aws-certification/latest/developer-associate-02/developer-associate-02.html"""
    bp = build()["blueprints"]["DVA-C02"]
    assert (bp["questions"], bp["minutes"], bp["passing_score"], bp["score_range"]) == (65, 130, 720, [100, 1000])
    assert {d["id"]: d["weight"] for d in bp["domains"]} == {
        "development": 32, "security": 26, "deployment": 24, "troubleshooting": 18}


def _load_hook(configure: bool = True):
    spec = importlib.util.spec_from_file_location("quiz_hook", ROOT / "tools" / "hooks" / "quiz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if configure:
        module.on_config({})
    return module


_configured = []


def _hook():
    """The hook module with the repository's bank loaded (built once: it runs every compute snippet)."""
    if not _configured:
        _configured.append(_load_hook())
    return _configured[0]


def _page(uri="lessons/04-concurrency.md", source=""):
    return SimpleNamespace(file=SimpleNamespace(src_uri=uri, content_string=source))


def test_hook_replaces_shortcodes_with_mount_points():
    """Each quiz shortcode becomes a div.cs-quiz with its mode and arguments; fenced examples stay."""
    hook = _hook()
    md = ("<!-- quiz: 04-concurrency n=3 -->\n<!-- quiz: concurrency -->\n<!-- quiz-exam: DVA-C02 -->\n"
          "<!-- quiz-practice -->\n```\n<!-- quiz: nope -->\n```\n")
    out = hook.on_page_markdown(md, _page(), {}, None)
    assert 'data-mode="check" data-topic="04-concurrency" data-n="3"' in out
    assert out.count('data-topic="04-concurrency"') == 2
    assert 'data-mode="exam" data-exam="DVA-C02"' in out and 'data-mode="practice"' in out
    assert "<!-- quiz: nope -->" in out


@pytest.mark.parametrize("md, message", [
    ("text\n<!-- quiz: 99-nothing -->", "docs/lessons/04-concurrency.md:2: unknown quiz topic '99-nothing'"),
    ("<!-- quiz: 04-concurrency n=x -->", "n must be a whole number"),
    ("<!-- quiz-exam: XYZ-C01 -->", "no blueprint for exam 'XYZ-C01'"),
])
def test_hook_rejects_bad_shortcodes_with_file_and_line(md, message):
    """A wrong topic, count or exam fails the build naming the page and line."""
    with pytest.raises(PluginError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _hook().on_page_markdown(md, _page(), {}, None)


def test_hook_error_line_counts_front_matter():
    """Line numbers in errors are the file's, front matter included."""
    source = "---\ntitle: X\n---\n\ntext\n<!-- quiz: 99-nothing -->\n"
    with pytest.raises(PluginError, match="04-concurrency.md:6: unknown quiz topic"):
        _hook().on_page_markdown("text\n<!-- quiz: 99-nothing -->\n", _page(source=source), {}, None)


def test_hook_fails_build_on_broken_bank(monkeypatch, bank_dir):
    """A broken question stops the build with file:line messages."""
    bank_dir("01-a.yml", "topic: 01-a\ntitle: T\nquestions:\n" + VALID_QUESTION.format(id="x").replace("        correct: true\n", ""))
    (bank_dir.dir / "blueprints").mkdir()
    hook = _load_hook(configure=False)
    monkeypatch.setattr(hook, "build", lambda: build(bank_dir.dir))
    with pytest.raises(PluginError, match=r"01-a.yml:\d+: questions\[0\].options: needs exactly 1 correct"):
        hook.on_config({})


def _parametric(questions):
    for q in questions:
        if q["type"] == "parametric":
            yield q
        yield from _parametric(q.get("questions", []))


def test_every_parametric_question_ships_a_checked_pool():
    """Each parametric question (scenario parts too) carries at least 20 distinct precomputed
    instances, or every instance its parameters allow when they allow fewer; each instance's
    answer is what the sandbox snippet computes, so a browser without Python grades correctly.
    A computed single answer's instance has four different options, the right one printing
    that answer."""
    from quizbank.choices import OPTION_COUNT, option_text
    from quizbank.compute import POOL_SIZE, combinations, run_compute, substitute
    questions = list(_parametric(build()["questions"]))
    assert questions
    raw = {q["id"]: q for path in sorted((ROOT / "quizzes").glob("*.yml"))
           for q in _parametric(yaml.safe_load(path.read_text())["questions"])}
    for q in questions:
        pool = q["pool"]
        distinct = {tuple(sorted(i["values"].items())) for i in pool}
        assert len(distinct) == len(pool) == min(POOL_SIZE, combinations(q["params"])), q["id"]
        assert len(pool) >= min(20, combinations(q["params"])), q["id"]
        for instance in pool[:3]:  # recompute a few independently of the packager's cache
            answer = run_compute(raw[q["id"]]["compute"], instance["values"])
            if "misconceptions" in q:
                texts = [o["text"] for o in instance["options"]]
                assert len(set(texts)) == len(texts) == OPTION_COUNT, q["id"]
                right = instance["options"][instance["correct"]]
                assert right["slot"] == 0 and right["text"] == option_text(answer, raw[q["id"]])
            elif "options" in q:
                assert substitute(q["options"][instance["correct"]]["plain"], instance["values"]) == answer
            else:
                assert instance["answer"] == answer
