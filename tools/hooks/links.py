"""MkDocs hook: resolve ``lab:ID`` and ``quiz:ID`` links, and render the labs overview.

Pages link to labs and quizzes by id, so a link survives the lab or quiz moving:

* ``[Burst scaling](lab:05-burst-scaling)`` — the id must be in ``labs/catalog.yml``. It points
  at the lab's page when the catalog gives one (``page:``) and that page exists, otherwise at
  the lab's "coming soon" entry on ``docs/labs/index.md``.
* ``[Check yourself](quiz:04-concurrency)`` — the id must be a topic file ``quizzes/ID.yml``; it
  points at the "Check yourself" section of the lesson with the same NN-slug.

An unknown id fails the build with ``file:line: message``. ``<!-- lab-catalog -->`` is replaced
with the list of all planned labs (used by docs/labs/index.md).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import yaml

LINK = re.compile(r"\]\((?P<kind>lab|quiz):(?P<id>[^)\s#]*)(?P<anchor>#[^)\s]*)?\)")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
CATALOG_SHORTCODE = re.compile(r"<!--\s*lab-catalog\s*-->")
LAB_ID = re.compile(r"^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$")
LABS_PAGE = "labs/index.md"
CATALOG_FIELDS = {"id", "title", "summary", "lessons", "page"}


class CatalogError(Exception):
    """labs/catalog.yml is malformed; the message names file, line and field."""


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping (as ``__line__``)."""


def _mapping_with_line(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def load_catalog(path: Path) -> list[dict]:
    """The planned labs in catalog order, validated; raises CatalogError naming file:line."""
    shown = f"labs/{path.name}"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except OSError as error:
        raise CatalogError(f"{shown}: cannot read the lab catalog ({error.strerror})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise CatalogError(f"{shown}:{mark.line + 1 if mark else 1}: not valid YAML: "
                           f"{getattr(error, 'problem', error)}") from None
    if not isinstance(data, dict) or not isinstance(data.get("labs"), list):
        raise CatalogError(f"{shown}:1: expected a top-level 'labs:' list")
    seen: dict[str, int] = {}
    labs = []
    for entry in data["labs"]:
        if not isinstance(entry, dict):
            raise CatalogError(f"{shown}: every entry of 'labs' must be a mapping")
        line = entry.pop("__line__")
        where = f"{shown}:{line}"
        for name in ("id", "title", "summary", "lessons"):
            if name not in entry:
                raise CatalogError(f"{where}: lab entry is missing field '{name}'")
        unknown = set(entry) - CATALOG_FIELDS
        if unknown:
            raise CatalogError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        lab_id = str(entry["id"])
        if not LAB_ID.match(lab_id):
            raise CatalogError(f"{where}: field 'id' must look like NN-slug, got {lab_id!r}")
        if lab_id in seen:
            raise CatalogError(f"{where}: duplicate lab id '{lab_id}' (first at line {seen[lab_id]})")
        if not isinstance(entry["lessons"], list):
            raise CatalogError(f"{where}: field 'lessons' must be a list of lesson slugs")
        seen[lab_id] = line
        labs.append({**entry, "id": lab_id, "line": line})
    return labs


_CACHE: dict[tuple[str, int], list[dict]] = {}


def cached_catalog(path: Path) -> list[dict]:
    """load_catalog, remembered per file version: every page needs it, the file rarely changes."""
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except OSError:
        return load_catalog(path)  # reports the missing file with its name
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_catalog(path)
    return _CACHE[key]


def project_root(config) -> Path:
    """The project folder: labs/ and quizzes/ live beside docs/."""
    return Path(config["docs_dir"]).resolve().parent


def body_offset(page) -> int:
    """How many source lines precede the Markdown that hooks receive (front matter, blank lines)."""
    try:
        raw = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    except (OSError, TypeError):
        return 0
    match = FRONT_MATTER.match(raw)
    if not match:
        return 0
    rest = raw[match.end():]
    return raw.count("\n", 0, match.end()) + (len(rest) - len(rest.lstrip("\n")))


def relative(target: str, page_uri: str) -> str:
    """A docs-relative target as a link relative to the page's own folder."""
    return posixpath.relpath(target, posixpath.dirname(page_uri) or ".")


def resolve(kind: str, ident: str, anchor: str | None, labs: dict[str, dict], root: Path,
            page_uri: str, doc_uris: set[str]) -> str:
    """The relative URL for one id link; raises ValueError with the reason if it is unknown."""
    if kind == "lab":
        lab = labs.get(ident)
        if lab is None:
            raise ValueError(f"unknown lab id '{ident}' (not in labs/catalog.yml)")
        page = lab.get("page")
        if page and page in doc_uris:
            return relative(page, page_uri) + (anchor or "")
        return relative(LABS_PAGE, page_uri) + f"#{ident}"
    if not (root / "quizzes" / f"{ident}.yml").exists():
        raise ValueError(f"unknown quiz id '{ident}' (no quizzes/{ident}.yml)")
    lesson = f"lessons/{ident}.md"
    if lesson not in doc_uris:
        raise ValueError(f"quiz '{ident}' has no lesson page docs/{lesson} to link to")
    return relative(lesson, page_uri) + (anchor or "#check-yourself")


def rewrite_links(markdown: str, resolver, offset: int = 0) -> tuple[str, list[tuple[int, str]]]:
    """Replace id links outside code fences; returns (markdown, [(source line, problem)])."""
    problems: list[tuple[int, str]] = []
    out = []
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1 + offset):
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            fence = None
        elif fence is None:
            def substitute(match, number=number):
                try:
                    url = resolver(match.group("kind"), match.group("id"), match.group("anchor"))
                except ValueError as reason:
                    problems.append((number, str(reason)))
                    return match.group(0)
                return f"]({url})"
            line = LINK.sub(substitute, line)
        out.append(line)
    return "\n".join(out), problems


def catalog_markdown(labs: list[dict], page_uri: str, doc_uris: set[str]) -> str:
    """The labs overview: one entry per planned lab, anchored by its id."""
    blocks = []
    for lab in labs:
        lessons = []
        for slug in lab["lessons"]:
            target = f"lessons/{slug}.md"
            lessons.append(f"[{slug}]({relative(target, page_uri)})" if target in doc_uris else slug)
        page = lab.get("page")
        if page and page in doc_uris:
            status = f"[Open the lab]({relative(page, page_uri)})"
        else:
            status = "*Coming soon.*"
        blocks.append(
            f'<h2 id="{lab["id"]}">Lab {lab["id"][:2]} · {lab["title"]}</h2>\n\n'
            f'{lab["summary"]}\n\n'
            f'{status} Used in: {", ".join(lessons) or "—"}.\n'
        )
    return "\n".join(blocks)


def on_page_markdown(markdown, page, config, files):
    """Resolve id links (failing on unknown ids) and render <!-- lab-catalog -->."""
    from mkdocs.exceptions import PluginError

    root = project_root(config)
    display = f"{Path(config['docs_dir']).name}/{page.file.src_uri}"
    try:
        labs = cached_catalog(root / "labs" / "catalog.yml")
    except CatalogError as error:
        raise PluginError(str(error)) from None
    by_id = {lab["id"]: lab for lab in labs}
    doc_uris = {file.src_uri for file in files if file.src_uri.endswith(".md")}

    def resolver(kind, ident, anchor):
        return resolve(kind, ident, anchor, by_id, root, page.file.src_uri, doc_uris)

    markdown, problems = rewrite_links(markdown, resolver, body_offset(page))
    if problems:
        raise PluginError("broken id link(s):\n  " + "\n  ".join(
            f"{display}:{line}: {message}" for line, message in problems))
    if CATALOG_SHORTCODE.search(markdown):
        markdown = CATALOG_SHORTCODE.sub(lambda _: catalog_markdown(labs, page.file.src_uri, doc_uris), markdown)
    return markdown
