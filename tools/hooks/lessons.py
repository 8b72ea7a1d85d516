"""MkDocs hook: every lesson has the same shape, or the build fails naming file and line.

A lesson is ``docs/lessons/NN-slug.md``. It must have front matter with ``title``, ``time``
(``"NN min"``), ``exam_domains`` (``DVA-C02 …`` / ``SAA-C03 …``), ``labs`` (ids from
``labs/catalog.yml``) and ``quiz`` (its own NN-slug), and then, in this order:

    # Title                      (equal to the front-matter title)
    ## Objectives                (bullets)
    ## <content sections>        (at least one; a ```mermaid diagram, an
                                  !!! tip "Exam tip" and a !!! warning "Common misconception")
    ## Check yourself            (the shortcode <!-- quiz: NN-slug -->)
    ## Key points                (bullets)
    ## Labs                      (a [title](lab:ID) link for every id in front matter `labs`)
    ## Sources                   (AWS documentation URLs)

All lessons are checked together in ``on_files`` so one build reports every problem at once.
The hook also replaces ``<!-- syllabus -->`` (on docs/lessons/index.md) with the syllabus table.
"""

from __future__ import annotations

import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import markdown_fences  # noqa: E402  (tools/markdown_fences.py, shared with the other lesson hook)

LESSON_URI = re.compile(r"^lessons/(?P<slug>(?P<nn>\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)?---[ \t]*\n", re.DOTALL)
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
BULLET = re.compile(r"^\s*[-*+]\s+\S")
LAB_LINK = re.compile(r"\]\(lab:(?P<id>[^)\s#]+)")
AWS_DOCS_URL = re.compile(r"https://docs\.aws\.amazon\.com/\S+")
TIME_VALUE = re.compile(r"^\d{1,3} min$")
DOMAIN_VALUE = re.compile(r"^(DVA-C02|SAA-C03) \S.*$")
# "Container" is reserved for container images and for ECS/EKS; Lambda's own unit is the
# execution environment. These phrasings are the usual slips.
CONTAINER_SLIP = re.compile(
    r"\b(?:warm|cold|idle|frozen|reused|lambda)\s+containers?\b(?!\s+images?)|\bcontainer\s+reuse\b",
    re.IGNORECASE,
)
SYLLABUS_SHORTCODE = re.compile(r"<!--\s*syllabus\s*-->")

REQUIRED_FIELDS = ("title", "time", "exam_domains", "labs", "quiz")
TAIL_SECTIONS = ("Check yourself", "Key points", "Labs", "Sources")

# The course's teaching order. Lessons not written yet show as "coming soon" in the syllabus.
SYLLABUS = (
    ("01-serverless-model", "Serverless and the Lambda model"),
    ("02-execution-environment", "The execution environment lifecycle"),
    ("03-configuration-packaging", "Configuration and packaging"),
    ("04-concurrency", "Concurrency and scaling"),
    ("05-invocation-models", "Invocation models"),
    ("06-triggers-events", "Triggers and events"),
    ("07-api-gateway", "API Gateway and HTTP entry points"),
    ("08-edge", "At the edge"),
    ("09-vpc", "Lambda in a VPC"),
    ("10-versions-aliases", "Versions, aliases and deployments"),
    ("11-orchestration", "Orchestration"),
    ("12-observability", "Observability and troubleshooting"),
    ("13-security", "Security"),
    ("14-cost-performance", "Cost and performance"),
    ("15-architecture-patterns", "Architecture patterns"),
    ("16-whats-new", "What's new"),
)


@dataclass
class Section:
    """A level-2 section of a lesson: its title, heading line and body lines (numbered)."""

    title: str
    line: int
    body: list[tuple[int, str]] = field(default_factory=list)

    def text(self) -> str:
        """The section's body as one string."""
        return "\n".join(text for _, text in self.body)


def load_lab_ids(catalog_path: Path) -> set[str]:
    """The lab ids listed in labs/catalog.yml (empty if the file is missing or malformed;
    links.py reports catalog errors with their line numbers)."""
    try:
        data = yaml.safe_load(catalog_path.read_text(encoding="utf-8")) or {}
        return {str(lab["id"]) for lab in data.get("labs", []) if isinstance(lab, dict) and "id" in lab}
    except (OSError, yaml.YAMLError, AttributeError, TypeError):
        return set()


def split_front_matter(text: str) -> tuple[dict, int, list[str]]:
    """Parse the front matter. Returns (fields, first body line number, errors as (line, msg))."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, 1, [(1, "missing front matter (a '---' block with title, time, exam_domains, labs, quiz)")]
    body_line = text.count("\n", 0, match.end()) + 1
    try:
        fields = yaml.safe_load(match.group("body") or "") or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 2 + (mark.line if mark else 0)
        return {}, body_line, [(line, f"front matter is not valid YAML: {getattr(error, 'problem', error)}")]
    if not isinstance(fields, dict):
        return {}, body_line, [(2, "front matter must be a mapping of fields")]
    return fields, body_line, []


def field_line(text: str, name: str, default: int = 1) -> int:
    """The line on which a top-level front-matter field is written (1-based)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"^{re.escape(name)}\s*:", line):
            return number
        if number > 1 and line.strip() == "---":
            break
    return default


def check_front_matter(fields: dict, text: str, slug: str, lab_ids: set[str]) -> list[tuple[int, str]]:
    """Problems with the front-matter fields, each as (line, message)."""
    problems: list[tuple[int, str]] = []
    for name in REQUIRED_FIELDS:
        if name not in fields:
            problems.append((1, f"front matter: missing field '{name}'"))

    def line(name: str) -> int:
        return field_line(text, name)

    title = fields.get("title")
    if "title" in fields and (not isinstance(title, str) or not title.strip()):
        problems.append((line("title"), "front matter: 'title' must be non-empty text"))
    time = fields.get("time")
    if "time" in fields and not (isinstance(time, str) and TIME_VALUE.match(time)):
        problems.append((line("time"), f"front matter: 'time' must look like '30 min', got {time!r}"))
    domains = fields.get("exam_domains")
    if "exam_domains" in fields:
        if not isinstance(domains, list) or not domains:
            problems.append((line("exam_domains"), "front matter: 'exam_domains' must be a non-empty list"))
        else:
            for domain in domains:
                if not (isinstance(domain, str) and DOMAIN_VALUE.match(domain)):
                    problems.append((line("exam_domains"),
                                     f"front matter: exam domain {domain!r} must start with 'DVA-C02 ' or 'SAA-C03 '"))
    labs = fields.get("labs")
    if "labs" in fields:
        if not isinstance(labs, list):
            problems.append((line("labs"), "front matter: 'labs' must be a list of lab ids (may be empty)"))
        else:
            for lab in labs:
                if str(lab) not in lab_ids:
                    problems.append((line("labs"), f"front matter: unknown lab id '{lab}' (not in labs/catalog.yml)"))
    if "quiz" in fields and fields.get("quiz") != slug:
        problems.append((line("quiz"), f"front matter: 'quiz' must be this lesson's topic '{slug}', got {fields.get('quiz')!r}"))
    return problems


def scan_body(text: str, first_line: int):
    """Walk the body outside code fences: returns (h1 headings, level-2 sections, fence langs).

    Headings inside fenced code are ignored; fence opening lines are reported with their
    language so the caller can find mermaid diagrams."""
    h1: list[tuple[int, str]] = []
    sections: list[Section] = []
    fences: list[tuple[int, str]] = []
    lines = text.splitlines()
    for index, kind, lang in markdown_fences.classify(lines, first_line - 1):
        line, number = lines[index], index + 1
        if kind == markdown_fences.OPEN:
            fences.append((number, lang))
        elif kind == markdown_fences.TEXT:
            heading = HEADING.match(line)
            if heading and len(heading.group("hashes")) == 1:
                h1.append((number, heading.group("text")))
                continue
            if heading and len(heading.group("hashes")) == 2:
                sections.append(Section(heading.group("text"), number))
                continue
        if sections:
            sections[-1].body.append((number, line))
    return h1, sections, fences


def check_structure(text: str, slug: str, title, first_line: int) -> list[tuple[int, str]]:
    """Problems with the body's shape, each as (line, message)."""
    problems: list[tuple[int, str]] = []
    last_line = max(1, len(text.splitlines()))
    h1, sections, fences = scan_body(text, first_line)
    if not h1:
        problems.append((first_line, "missing the page title heading '# Title'"))
    else:
        if len(h1) > 1:
            problems.append((h1[1][0], "only one '# ' heading is allowed (the title)"))
        if isinstance(title, str) and h1[0][1] != title:
            problems.append((h1[0][0], f"the '# ' heading {h1[0][1]!r} must equal the front-matter title {title!r}"))
    titles = [section.title for section in sections]
    if not titles or titles[0] != "Objectives":
        where = sections[0].line if sections else first_line
        problems.append((where, "the first section must be '## Objectives'"))
    for name in TAIL_SECTIONS:
        if name not in titles:
            problems.append((last_line, f"missing section '## {name}'"))
    if all(name in titles for name in TAIL_SECTIONS):
        tail = titles[-len(TAIL_SECTIONS):]
        if tail != list(TAIL_SECTIONS):
            first_tail = sections[titles.index("Check yourself")]
            problems.append((first_tail.line, "the last sections must be, in order: "
                             + ", ".join(f"'## {name}'" for name in TAIL_SECTIONS)))
    content = [s for s in sections if s.title not in ("Objectives", *TAIL_SECTIONS)]
    if not content:
        problems.append((sections[0].line if sections else first_line,
                         "no content sections between '## Objectives' and '## Check yourself'"))
    by_title = {section.title: section for section in sections}
    for name in ("Objectives", "Key points"):
        section = by_title.get(name)
        if section and not any(BULLET.match(line) for _, line in section.body):
            problems.append((section.line, f"'## {name}' must contain a bulleted list"))
    check = by_title.get("Check yourself")
    if check and not re.search(rf"<!--\s*quiz:\s*{re.escape(slug)}(\s[^>]*)?\s*-->", check.text()):
        problems.append((check.line, f"'## Check yourself' must contain the shortcode <!-- quiz: {slug} -->"))
    sources = by_title.get("Sources")
    if sources and not AWS_DOCS_URL.search(sources.text()):
        problems.append((sources.line, "'## Sources' must list the AWS documentation URLs used (https://docs.aws.amazon.com/...)"))
    if not any(lang == "mermaid" for _, lang in fences):
        problems.append((first_line, "missing a ```mermaid diagram (explain a flow or lifecycle with one)"))
    body = text.splitlines()[first_line - 1:]
    if not any(re.match(r'^(!!!|\?\?\?\+?) tip "Exam tip"', line) for line in body):
        problems.append((first_line, 'missing an exam-tip callout: !!! tip "Exam tip"'))
    if not any(re.match(r'^(!!!|\?\?\?\+?) warning "Common misconception"', line) for line in body):
        problems.append((first_line, 'missing a misconception callout: !!! warning "Common misconception"'))
    return problems


def check_labs_section(text: str, fields: dict, first_line: int) -> list[tuple[int, str]]:
    """The '## Labs' section links exactly the labs named in front matter."""
    _, sections, _ = scan_body(text, first_line)
    labs_section = next((s for s in sections if s.title == "Labs"), None)
    declared = [str(lab) for lab in fields.get("labs") or []] if isinstance(fields.get("labs"), list) else []
    if labs_section is None:
        return []
    linked = {m.group("id"): number for number, line in labs_section.body for m in LAB_LINK.finditer(line)}
    problems = [(labs_section.line, f"'## Labs' must link lab '{lab}' as [title](lab:{lab})")
                for lab in declared if lab not in linked]
    problems += [(number, f"lab '{lab}' is linked in '## Labs' but not listed in front matter 'labs'")
                 for lab, number in linked.items() if lab not in declared]
    return problems


def check_terms(text: str, first_line: int) -> list[tuple[int, str]]:
    """Lambda's unit is the 'execution environment', never a 'container'."""
    return [(number, f"say 'execution environment', not {match.group(0)!r}")
            for number, line in enumerate(text.splitlines(), start=1) if number >= first_line
            for match in CONTAINER_SLIP.finditer(line)]


def check_slug(slug: str) -> list[tuple[int, str]]:
    """A lesson file must be one of the syllabus slugs (catches typos such as 04-concurency)."""
    if slug in dict(SYLLABUS):
        return []
    return [(1, f"'{slug}' is not a lesson of the syllabus; lesson files are named "
                + ", ".join(s for s, _ in SYLLABUS[:3]) + ", … (SYLLABUS in tools/hooks/lessons.py)")]


def check_lesson(text: str, display_path: str, slug: str, lab_ids: set[str]) -> list[str]:
    """Every structural problem of one lesson, as 'path:line: message', in line order."""
    fields, first_line, problems = split_front_matter(text)
    problems = check_slug(slug) + problems
    if not problems:
        problems += check_front_matter(fields, text, slug, lab_ids)
    problems += check_structure(text, slug, fields.get("title"), first_line)
    problems += check_labs_section(text, fields, first_line)
    problems += check_terms(text, first_line)
    return [f"{display_path}:{line}: {message}" for line, message in sorted(problems, key=lambda p: p[0])]


def lesson_files(files) -> list:
    """The MkDocs File objects that are lessons (docs/lessons/NN-slug.md)."""
    return [file for file in files if LESSON_URI.match(file.src_uri)]


def display_path(abs_path: str, config) -> str:
    """A path relative to the project root, for error messages (absolute if elsewhere)."""
    root = Path(config["docs_dir"]).resolve().parent
    try:
        return str(Path(abs_path).resolve().relative_to(root))
    except ValueError:
        return abs_path


def on_files(files, config):
    """Check every lesson; fail the build with all problems, one 'file:line: message' each."""
    from mkdocs.exceptions import PluginError

    root = Path(config["docs_dir"]).resolve().parent
    lab_ids = load_lab_ids(root / "labs" / "catalog.yml")
    problems: list[str] = []
    for file in lesson_files(files):
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        slug = LESSON_URI.match(file.src_uri).group("slug")
        problems += check_lesson(text, display_path(file.abs_src_path, config), slug, lab_ids)
    if problems:
        raise PluginError("lesson structure check failed:\n  " + "\n  ".join(problems))
    return files


def syllabus_table(files, from_dir: str = "lessons") -> str:
    """The syllabus in teaching order: written lessons are links, the rest 'coming soon'.

    ``from_dir`` is the docs-relative folder of the page the table goes on."""
    prefix = posixpath.relpath("lessons", from_dir or ".")
    written = {}
    for file in lesson_files(files):
        fields, _, errors = split_front_matter(Path(file.abs_src_path).read_text(encoding="utf-8"))
        written[LESSON_URI.match(file.src_uri).group("slug")] = fields if not errors else {}
    rows = ["| # | Lesson | Time | Exam domains |", "|---|---|---|---|"]
    for slug, planned_title in SYLLABUS:
        number = slug[:2]
        fields = written.get(slug)
        if fields is None:
            rows.append(f"| {number} | {planned_title} *(coming soon)* | | |")
            continue
        title = fields.get("title", planned_title)
        domains = ", ".join(fields.get("exam_domains") or [])
        rows.append(f"| {number} | [{title}]({prefix}/{slug}.md) | {fields.get('time', '')} | {domains} |")
    return "\n".join(rows)


def on_page_markdown(markdown, page, config, files):
    """Replace <!-- syllabus --> with the syllabus table."""
    if SYLLABUS_SHORTCODE.search(markdown):
        table = syllabus_table(files, posixpath.dirname(page.file.src_uri))
        markdown = SYLLABUS_SHORTCODE.sub(lambda _: table, markdown)
    return markdown
