"""MkDocs hook for the instructor edition: guide pages, answer keys and worksheets.

The learner build and the instructor build come from the same sources. ``docs/instructors/``
(agendas, facilitation notes, common mistakes, answer keys, worksheets) is part of the build only
when the environment says so::

    COLD_START_INSTRUCTOR=1 mkdocs build --strict     # -> build/instructor-site/
    python tools/workshop.py instructor               # the same, after tools/build.py

Without the flag every page under ``instructors/`` is dropped in ``on_files``, so the learner
site, its search index and its sitemap never contain them. With it, the pages join the nav and
``site_dir`` moves to ``build/instructor-site`` (so an instructor build never overwrites the
learner ``site/`` that ``make serve`` shares with the room).

Shortcodes (instructor pages only):

``<!-- instructor-answer-key: labs -->``     every lab exercise: solution cell, hints, wrong answers
``<!-- instructor-answer-key: quizzes -->``  every quiz question's correct answer, by topic
``<!-- instructor-lab-mistakes -->``         the known misconceptions of each lab exercise
``<!-- instructor-worksheets -->``           printable lab worksheets (prompts, answer boxes)

Answer-key blocks carry ``class="cs-answer-key"`` and ``data-answer-key``: the tests look for
those markers in both builds.
"""

from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent.parent
for _path in (str(ROOT), str(ROOT / "tools")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

FLAG = "COLD_START_INSTRUCTOR"
SECTION = "instructors/"
INSTRUCTOR_SITE = ROOT / "build" / "instructor-site"
SHORTCODE = re.compile(r"<!--\s*instructor-(?P<name>answer-key|lab-mistakes|worksheets)\s*"
                       r"(?::\s*(?P<args>[^>]*?))?\s*-->")
NAV = [
    {"Instructor guide": "instructors/index.md"},
    {"Agendas": "instructors/agendas.md"},
    {"Facilitation notes": "instructors/facilitation.md"},
    {"Common mistakes": "instructors/mistakes.md"},
    {"Answer keys: labs": "instructors/answer-key-labs.md"},
    {"Answer keys: quizzes": "instructors/answer-key-quizzes.md"},
    {"Quizzes in your LMS": "instructors/lms-exports.md"},
    {"Lab worksheets": "instructors/worksheets.md"},
]


def instructor_build() -> bool:
    """True when this build is the instructor edition (``COLD_START_INSTRUCTOR=1``)."""
    return os.environ.get(FLAG, "") == "1"


def on_config(config, **kwargs):
    """Instructor edition: add the Instructors nav section and build into build/instructor-site."""
    if not instructor_build():
        return config
    if isinstance(config.get("nav"), list):
        config["nav"].append({"Instructors": list(NAV)})
    # Only the default is redirected: an explicit `-d DIR` is the caller's choice.
    if Path(config["site_dir"]).resolve() == (ROOT / "site").resolve():
        config["site_dir"] = str(INSTRUCTOR_SITE)
    config["site_name"] = f"{config['site_name']} (instructor edition)"
    return config


def on_files(files, config):
    """Learner build: drop every page and file under instructors/ (answer keys included)."""
    if instructor_build():
        return files
    for file in [f for f in files if f.src_uri.startswith(SECTION)]:
        files.remove(file)
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Replace the instructor shortcodes with generated Markdown."""
    where = f"docs/{page.file.src_uri}"

    def replace(match: re.Match) -> str:
        name, args = match.group("name"), (match.group("args") or "").strip()
        line = markdown.count("\n", 0, match.start()) + 1
        if name == "answer-key":
            if args == "labs":
                return lab_answer_key()
            if args == "quizzes":
                return quiz_answer_key()
            raise PluginError(f"{where}:{line}: instructor-answer-key takes 'labs' or 'quizzes', "
                              f"got {args!r}")
        if name == "lab-mistakes":
            return lab_mistakes()
        return worksheets()

    return SHORTCODE.sub(replace, markdown)


# ---------------------------------------------------------------- labs


def _lab_titles() -> dict[str, str]:
    """Lab id -> title, from labs/catalog.yml."""
    import yaml

    catalog = yaml.safe_load((ROOT / "labs" / "catalog.yml").read_text(encoding="utf-8"))
    return {lab["id"]: lab["title"] for lab in catalog["labs"]}


def _lab_exercises():
    """(lab id, title, exercises) for every lab that has auto-graded exercises."""
    from sandbox.lab import LAB_IDS, exercises_for

    titles = _lab_titles()
    return [(lab_id, titles.get(lab_id, lab_id), exercises_for(lab_id)) for lab_id in LAB_IDS]


def _fence(code: str) -> str:
    return f"```python\n{code.rstrip()}\n```"


def lab_answer_key() -> str:
    """Markdown: for each lab exercise, its solution cell, why it is right, hints, and what each
    known wrong cell makes the checker say (tools/lab_feedback.py runs it)."""
    import importlib.util

    # Loaded by path: other hooks edit sys.path while the build runs.
    spec = importlib.util.spec_from_file_location("cs_lab_feedback", ROOT / "tools" / "lab_feedback.py")
    lab_feedback = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lab_feedback)
    parts = ['<div class="cs-answer-key" data-answer-key="labs" markdown="1">', ""]
    for lab_id, title, exercises in _lab_exercises():
        parts.append(f"## Lab {lab_id}: {title}\n")
        for exercise in exercises:
            parts.append(f"### {exercise.title} (`{exercise.id}`)\n")
            parts.append(f"Solution (the learner's cell assigns `{exercise.variable}`):\n")
            parts.append(_fence(exercise.solution) + "\n")
            parts.append(f"Why: {exercise.correct}\n")
            parts.append("Hints, in the order `lab.hint()` gives them:\n")
            parts.extend(f"{n}. {hint}" for n, hint in enumerate(exercise.hints, start=1))
            parts.append("")
            if exercise.wrong:
                # The learner's real feedback: each cell run through the lab's own checker.
                parts.append("| Known wrong cell | What the learner sees |\n|---|---|")
                for cell, _ in exercise.wrong:
                    said = repr(lab_feedback.check_cell(lab_id, exercise.id, cell))
                    parts.append(f"| `{_cell(cell)}` | {_cell(said)} |")
                parts.append("")
    parts.append("</div>")
    return "\n".join(parts)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def lab_mistakes() -> str:
    """Markdown: each lab exercise's known misconceptions, what learners type, what to say."""
    parts = []
    for lab_id, title, exercises in _lab_exercises():
        parts.append(f"## Lab {lab_id}: {title}\n")
        for exercise in exercises:
            parts.append(f"**{exercise.title}** (`{exercise.id}`)\n")
            if not exercise.misconceptions:
                parts.append(f"- No named misconception; the generic nudge: {exercise.otherwise}")
            typed = {}
            for cell, name in exercise.wrong:
                if name:
                    typed.setdefault(name, cell)
            for m in exercise.misconceptions:
                example = f" (for example `{typed[m.name]}`)" if m.name in typed else ""
                parts.append(f"- *{m.name.replace('-', ' ')}*{example}: {m.message}")
            parts.append("")
    return "\n".join(parts)


# ---------------------------------------------------------------- quizzes


def _answer_lines(q: dict) -> list[str]:
    """Markdown bullet lines giving the correct answer of one (non-scenario) question."""
    kind = q["type"]
    if kind in ("single", "multiple"):
        return [f"- ✔ {o['text']}" for o in q["options"] if o.get("correct")]
    if kind == "ordering":
        return [f"{n}. {item['text']}" for n, item in enumerate(q["items"], start=1)]
    if kind == "matching":
        return [f"- {p['left']} → {p['right']}" for p in q["pairs"]]
    if kind == "numeric":
        return [f"- **{_number(q['answer'])}** {q.get('unit', '')}{_tolerance(q)}"]
    if kind == "short":
        return ["- accepted: " + ", ".join(f"“{a}”" for a in q["answers"])]
    if kind == "parametric":
        return _parametric_lines(q)
    return [f"- (type {kind}: see the bank file)"]


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _tolerance(q: dict) -> str:
    if q.get("tolerance"):
        return f" (± {_number(q['tolerance'])})"
    if q.get("tolerance_pct"):
        return f" (± {_number(q['tolerance_pct'])} %)"
    return ""


def _parametric_lines(q: dict) -> list[str]:
    """The formula, and one worked draw (fixed seed) so the instructor can check a learner."""
    import random

    from quizbank.compute import draw_params, run_compute, substitute

    from quizbank import choices

    if choices.is_choice(q):
        return _choice_lines(q)
    values = draw_params(q["params"], random.Random(q["id"]))
    answer = run_compute(q["compute"], values)
    shown = ", ".join(f"{k} = {v}" for k, v in values.items())
    lines = [f"- computed per learner: `{' '.join(q['compute'].split())}`",
             f"- example draw ({shown}): “{substitute(q['stem'].strip(), values, group=True)}” → "
             f"**{_number(answer) if isinstance(answer, (int, float)) else answer}**"
             f" {q.get('unit', '')}{_tolerance(q)}"]
    return lines


def _choice_lines(q: dict) -> list[str]:
    """A computed single answer: its formula, and the first instance learners may be shown with
    the right option and the misconception behind each wrong one."""
    from quizbank import choices
    from quizbank.compute import substitute

    first = choices.pool(q)[0]
    values = first["values"]
    texts = {o["slot"]: o["text"] for o in first["options"]}
    shown = ", ".join(f"{k} = {v}" for k, v in values.items())
    lines = [f"- computed per learner: `{' '.join(q['compute'].split())}`",
             f"- example ({shown}): “{substitute(q['stem'].strip(), values, group=True)}” → "
             f"✔ **{texts[0]}**"]
    lines += [f"    - ✘ {texts[n + 1]}: `{' '.join(w['compute'].split())}`"
              for n, w in enumerate(q["misconceptions"])]
    return lines


def _stem(text: str) -> str:
    """A question's stem on one line (bank stems are short Markdown paragraphs)."""
    return " ".join(text.split())


def quiz_answer_key() -> str:
    """Markdown: by topic file, every question's id, stem and correct answer."""
    from quizbank import BankError, load_bank

    try:
        bank = load_bank()
    except BankError as exc:
        raise PluginError(f"the question bank has problems:\n{exc}") from None
    parts = ['<div class="cs-answer-key" data-answer-key="quizzes" markdown="1">', ""]
    for loaded in bank:
        data = loaded.data
        parts.append(f"## {data['topic']}: {data['title']}\n")
        for q in data["questions"]:
            if q["type"] == "scenario":
                parts.append(f"**`{q['id']}`** (scenario) {_stem(q['scenario'])}\n")
                for sub in q["questions"]:
                    parts.append(f"- `{sub['id']}` {_stem(sub['stem'])}\n")
                    parts.extend("    " + line for line in _answer_lines(sub))
                    parts.append("")
                continue
            parts.append(f"**`{q['id']}`** {_stem(q['stem'])}\n")
            parts.extend(_answer_lines(q))
            parts.append("")
    parts.append("</div>")
    return "\n".join(parts)


# ---------------------------------------------------------------- worksheets

EXERCISE_TAG = re.compile(r"^exercise:(?P<id>[a-z0-9-]+)$")
HEADING = re.compile(r"^(#{1,4}) ", re.MULTILINE)


def _demote(markdown: str, levels: int = 1) -> str:
    """Push headings down so each lab's title is a level-2 heading on the worksheet page."""
    return HEADING.sub(lambda m: "#" * min(len(m.group(1)) + levels, 6) + " ", markdown)


#: Writing space (em) for a prediction: a number or a word, or a configuration to write out.
ANSWER_SPACE = {"short": 2.0, "long": 3.6}
#: Writing space (em) for "what the model showed, and why".
WHY_SPACE = 3.6


def _answer_size(lab_id: str, exercise_id: str) -> str:
    """'short' when the reference answer is a value (``x = 12``), 'long' for a configuration."""
    from sandbox.lab import exercises_for

    solution = next((e.solution for e in exercises_for(lab_id) if e.id == exercise_id), "")
    value = solution.split("=", 1)[-1].strip()
    return "short" if len(value) <= 24 and "\n" not in value else "long"


def _title(markdown: str, fallback: str) -> str:
    """The first heading of a lab's intro cell."""
    match = re.search(r"^#+ (.+)$", markdown, re.MULTILINE)
    return match.group(1).strip() if match else fallback


def worksheets() -> str:
    """Markdown: a contents page, then one printable page per lab notebook: its intro, and each
    exercise's prompt kept together with answer boxes sized to the answer it asks for."""
    import jupytext

    sheets, contents = [], []
    for number, path in enumerate(sorted((ROOT / "labs").glob("[0-9][0-9]-*.py")), start=2):
        notebook = jupytext.read(path)
        cells = notebook.cells
        intro = next((c.source for c in cells if c.cell_type == "markdown"), f"# {path.stem}")
        # Each lab fills one sheet (tests/workshop/test_handouts.py checks), so lab n is on page n+1.
        contents.append(f"- {_title(intro, path.stem)} — page {number}")
        parts = [f'<section class="cs-worksheet" markdown="1">\n', _demote(intro) + "\n",
                 "Name: ______________________  Date: ____________\n"]
        for index, cell in enumerate(cells):
            tags = cell.get("metadata", {}).get("tags", [])
            exercise = next((m.group("id") for t in tags if (m := EXERCISE_TAG.match(t))), None)
            if not exercise:
                continue
            prompt = next((c.source for c in reversed(cells[:index]) if c.cell_type == "markdown"), "")
            space = ANSWER_SPACE[_answer_size(path.stem, exercise)]
            parts.append('<div class="cs-exercise-sheet" markdown="1">\n\n' + _demote(prompt) + "\n")
            parts.append(f'<div class="cs-answer-box" markdown="1">\n\n'
                         f"**Your prediction** (`{html.escape(exercise)}`):\n\n"
                         f'<div class="cs-answer-space" style="min-height: {space}em"></div>\n\n'
                         "**What the model showed, and why:**\n\n"
                         f'<div class="cs-answer-space" style="min-height: {WHY_SPACE}em"></div>\n\n'
                         "</div>\n\n</div>\n")
        parts.append("</section>\n")
        sheets.append("\n".join(parts))
    head = ('<nav class="cs-worksheet-contents" markdown="1">\n\n**Contents**\n\n'
            + "\n".join(contents) + "\n\n</nav>\n")
    return head + "\n".join(sheets)
