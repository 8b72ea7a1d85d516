"""Source links next to claims (tools/hooks/claim_sources.py): a paragraph, list item or table row
that states a number, limit, default or date links its AWS source in the same block; the real
pages pass; a real `mkdocs build --strict` fails, naming file and line, on an unsourced claim."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from _load import ROOT, load_hook

claim_sources = load_hook("claim_sources")
DOCS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
ENV = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}


def problems(markdown: str) -> list[str]:
    """The hook's findings on one page shown as docs/lessons/01-x.md."""
    return claim_sources.check_page(markdown, "docs/lessons/01-x.md")


@given(value=st.integers(1, 100_000),
       unit=st.sampled_from(["ms", "s", "seconds", "minutes", "MB", "GB", "%", "concurrent executions",
                             "execution environments", "layers", "retries", "requests per second"]))
def test_a_number_with_a_unit_needs_a_link_in_its_own_paragraph(value, unit):
    """Property: '<digits> <unit>' is a claim; a source link in the paragraph above doesn't count,
    one in the same paragraph does."""
    claim = f"The limit is {value:,} {unit}."
    above = f"See the [quotas]({DOCS}).\n\n{claim}\n"
    assert problems(above) and problems(above)[0].startswith("docs/lessons/01-x.md:3: states")
    assert problems(f"{claim} ([quotas]({DOCS}))\n") == []


@given(year=st.integers(2000, 2099))
def test_a_year_is_a_dated_claim(year):
    """Property: any year 2000-2099 in prose is a date that needs a source."""
    assert problems(f"This changed in November {year}.\n")


def test_emphasis_does_not_hide_a_claim():
    """'**1,000** concurrent executions' and '_900_ s' are claims like their plain forms."""
    assert "'1,000 concurrent executions'" in problems("The pool holds **1,000** concurrent executions.\n")[0]
    assert problems("Up to _900_ s.\n")


def test_money_is_a_claim():
    """A dollar amount is a price: it needs the pricing page next to it."""
    assert "'$0'" in problems("Requests cost $0.20 per million.\n")[0]
    assert problems("Requests cost $0.20 per million ([pricing](https://aws.amazon.com/lambda/pricing/)).\n") == []


def test_numbers_that_are_not_claims_are_left_alone():
    """Lesson, lab and question references, ordinal list numbers, status codes, runtime versions,
    code, headings and admonition titles carry no fact to source."""
    page = textwrap.dedent("""\
        ---
        title: Year 2025 in front matter
        time: 30 min
        ---

        # Lesson 5 in 2025

        ## 10 MB heading

        See lesson 5 and [lab 03](lab:03-concurrency) and [question 4 of 30 questions](../x.md).

        1. First step.
        2. Second step, a 429 or a 502 status, Python 3.12 and Java 21, 429s in the graph.

        Set `timeout: 900 s` in code and `<!-- 2025 -->`.

        ```python
        TIMEOUT_S = 900  # 15 minutes since 2014
        ```

        !!! tip "Exam tip: 15 minutes"
            Read the stem twice.
    """)
    assert problems(page) == []


def test_each_table_row_list_item_and_admonition_paragraph_is_its_own_block():
    """A link in one row, item or admonition paragraph does not source its neighbours; the
    message names the line of the unsourced one."""
    page = textwrap.dedent(f"""\
        | Limit | Value |
        |---|---|
        | Timeout | 900 s ([quotas]({DOCS})) |
        | Memory | 10,240 MB |

        - Layers: 5 layers ([quotas]({DOCS})).
        - Env vars: 4 KB,
          in total.

        !!! warning "Common misconception"
            Payloads are 6 MB ([quotas]({DOCS})).

            The async limit is 1 MB.
    """)
    found = problems(page)
    assert [p.split(": states")[0] for p in found] == [
        "docs/lessons/01-x.md:4", "docs/lessons/01-x.md:7", "docs/lessons/01-x.md:13"]
    assert "'10,240 MB'" in found[0] and "'4 KB'" in found[1] and "'1 MB'" in found[2]


def test_only_aws_documentation_pricing_whats_new_and_blog_links_are_sources():
    """A link to a lesson, a third-party page or the facts page doesn't source a claim."""
    for url, ok in [(DOCS, True),
                    ("https://docs.amazonaws.cn/en_us/apigateway/latest/developerguide/limits.html", True),
                    ("https://aws.amazon.com/lambda/pricing/", True),
                    ("https://aws.amazon.com/fargate/pricing/", True),
                    ("https://aws.amazon.com/about-aws/whats-new/2020/12/x/", True),
                    ("https://aws.amazon.com/blogs/compute/x/", True),
                    ("https://aws.amazon.com/lambda/", False),
                    ("https://example.com/lambda-limits", False),
                    ("../reference/facts.md", False),
                    ("11-orchestration.md", False)]:
        assert (problems(f"The timeout is 900 s ([page]({url})).\n") == []) is ok, url


def test_the_escape_hatch_needs_a_reason_and_is_removed_from_the_page():
    """<!-- no-source: REASON --> exempts a block only with a real reason, and readers never see
    it."""
    worked = "Assume 100 requests per second at 500 ms each. <!-- no-source: worked example, assumed inputs -->\n"
    assert problems(worked) == []
    lazy = "It takes 500 ms. <!-- no-source: ok -->\n"
    assert "needs a reason (at least 3 words)" in problems(lazy)[0]
    assert "no-source" not in claim_sources.on_page_markdown(worked, None, None, None)


def test_every_lesson_the_cheat_sheet_and_the_glossary_pass():
    """The real pages: every block that states a number links its source in the same block."""
    pages = sorted((ROOT / "docs" / "lessons").glob("[0-9][0-9]-*.md"))
    pages += [ROOT / "docs" / "cheat-sheet.md", ROOT / "docs" / "glossary.md"]
    assert len(pages) >= 18
    found = []
    for path in pages:
        found += claim_sources.check_page(path.read_text(encoding="utf-8"),
                                          str(path.relative_to(ROOT)))
    assert found == []


def build(tmp_path: Path, lesson: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a one-lesson project with the real claim-sources hook."""
    (tmp_path / "docs" / "lessons").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "docs" / "lessons" / "05-invocation-models.md").write_text(lesson)
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: test
        strict: true
        hooks:
          - {ROOT / 'tools' / 'hooks' / 'claim_sources.py'}
    """))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=tmp_path,
                          capture_output=True, text=True, env=ENV)


SOURCED = textwrap.dedent(f"""\
    # Invocation models

    An asynchronous event can be 1 MB ([Invoke]({DOCS})).

    Assume 3 calls a second. <!-- no-source: worked example with assumed inputs -->
""")


def test_a_real_build_passes_sourced_claims_and_fails_on_an_injected_unsourced_one(tmp_path):
    """Built with mkdocs, the sourced page passes and its escape note is not in the HTML; the same
    page with one unsourced sentence added fails with file:line and no traceback."""
    good = build(tmp_path / "good", SOURCED)
    assert good.returncode == 0, good.stdout + good.stderr
    html = (tmp_path / "good" / "site" / "lessons" / "05-invocation-models" / "index.html").read_text()
    assert "no-source" not in html and "Assume 3 calls a second." in html
    bad = build(tmp_path / "bad", SOURCED + "\nA synchronous payload can be 6 MB.\n")
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0
    assert "docs/lessons/05-invocation-models.md:7: states '6 MB' with no AWS source link" in output
    assert "Traceback" not in output


def test_the_project_build_fails_on_an_unsourced_claim_injected_into_a_lesson(tmp_path):
    """The course's own `mkdocs build --strict` (all hooks, a copy of the repository) stops when
    lesson 3 gains one sentence stating a limit without its link, and names that line."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "build", "site", "dist", "__pycache__", ".pytest_cache"))
    for shared in ("node_modules", "build"):  # the npm packages and Pyodide dist the hooks read
        if (ROOT / shared).exists():
            (copy / shared).symlink_to(ROOT / shared)
    lesson = copy / "docs" / "lessons" / "03-configuration-packaging.md"
    lines = lesson.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("## Check yourself\n")
    lines[at:at] = ["A function can use up to 7 layers.\n", "\n"]
    lesson.write_text("".join(lines), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=copy, capture_output=True, text=True, env={**os.environ, **ENV})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "1 claim(s) without a source link next to them:" in output
    assert (f"docs/lessons/03-configuration-packaging.md:{at + 1}: states '7 layers' with no AWS "
            f"source link") in output
    assert "Traceback" not in output
