"""The reference pages: generated tables cover the code, and the page's examples are true."""

from __future__ import annotations

import ast
import dataclasses
import re
import xml.etree.ElementTree as ET
import sys
import warnings
from pathlib import Path

import pytest

from sandbox import scenario as sc
from sandbox.scenario.validate import traffic_params

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "hooks"))

import facts_table  # noqa: E402
import scenario_schema  # noqa: E402

PAGE = (ROOT / "docs" / "reference" / "scenarios.md").read_text(encoding="utf-8")


def _sections():
    for section in sc.SCHEMA:
        yield section.path, section.cls
    for key, (cls, _) in sc.FUNCTION_EXTENSIONS.items():
        yield f"functions[].{key}", cls


@pytest.mark.parametrize("path,cls", list(_sections()), ids=lambda v: str(v))
def test_every_field_is_documented_and_rendered(path, cls):
    """Each config field has an (allowed, meaning) entry and a row in the generated schema."""
    rendered = scenario_schema.render()
    docs = sc.FIELD_DOCS[path]
    for field in dataclasses.fields(cls):
        # A field an extension adds later still appears (with its type and default); its
        # missing description is a warning, so another part's new field never fails this test.
        if field.name not in docs:
            warnings.warn(f"{path}.{field.name} has no entry in sandbox.scenario FIELD_DOCS")
        else:
            assert all(docs[field.name]), f"{path}.{field.name}: empty allowed/meaning"
        assert f"| `{field.name}` |" in rendered
    stale = set(docs) - {f.name for f in dataclasses.fields(cls)}
    assert not stale, f"FIELD_DOCS[{path!r}] names fields that no longer exist: {stale}"


def test_duration_and_traffic_fields_are_documented():
    """Every duration-model field and traffic parameter has a meaning on the page."""
    for cls in sc.DURATION_MODELS.values():
        for field in dataclasses.fields(cls):
            assert field.name in sc.FIELD_DOCS["duration"], f"duration.{field.name}"
    for cls in [*sc.TRAFFIC_KINDS.values()]:
        for name in traffic_params(cls):
            assert name in sc.FIELD_DOCS["traffic[]"], f"traffic[].{name}"


def test_schema_defaults_match_the_code():
    """The rendered default of a field is the dataclass's real default (spot checks)."""
    rendered = scenario_schema.render()
    assert "| `memory_mb` | integer | 128 |" in rendered
    assert "| `concurrency_limit` | integer | 1,000 |" in rendered
    assert "| `reserved_concurrency` | integer, optional | — |" in rendered


def test_facts_table_lists_every_constant_of_facts_py():
    """Each upper-case constant in sandbox/facts.py is in exactly one of the two tables, and
    every row of the documented table links to its source."""
    tree = ast.parse((ROOT / "sandbox" / "facts.py").read_text())
    names = {t.id for node in tree.body if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name) and t.id.isupper()}
    documented = facts_table.render("documented")
    assumptions = facts_table.render("assumptions")
    facts_section = documented.split("## ")[1]
    assert facts_section.startswith(facts_table.MODULE_TITLES["facts"])
    for name in names:
        in_doc = f"| `{name}` |" in facts_section
        in_assumed = f"| `{name}` |" in assumptions
        assert in_doc != in_assumed, f"{name}: documented={in_doc}, assumption={in_assumed}"
    for row in documented.splitlines():
        if row.startswith("| `"):
            assert "](https://" in row, row


def test_facts_table_values_are_the_code_values():
    """A rendered value is the constant's value (so the page cannot drift from the model)."""
    from sandbox import facts
    rows = {f.name: f for f in facts_table.collect("facts")}
    assert rows["ACCOUNT_CONCURRENCY_LIMIT"].value == f"{facts.ACCOUNT_CONCURRENCY_LIMIT:,}"
    assert rows["MEMORY_MB_PER_VCPU"].value == f"{facts.MEMORY_MB_PER_VCPU:,}"
    assert rows["PRICE_PER_REQUEST"].value == "0.0000002"
    # A constant with only a URL line shares the sentence of the one above it.
    assert rows["MEMORY_MAX_MB"].meaning == rows["MEMORY_MIN_MB"].meaning


def test_facts_comment_parsing(tmp_path):
    """Trailing URLs become sources; several URLs become numbered references."""
    module = tmp_path / "m.py"
    module.write_text('"""Doc https://example.com/doc."""\n'
                      "#: Alpha limit.\n#: https://a.example/x\nA = 1_000\n"
                      "B = 2\n"
                      "#: New since 2025: [old] https://b.example/1 ; [new] https://b.example/2\n"
                      "C = 0.5\n")
    facts = {f.name: f for f in facts_table.collect("ext", module)}
    assert facts["A"].sources == ["https://a.example/x"] and facts["A"].meaning == "Alpha limit."
    assert facts["B"].sources == ["https://a.example/x"]
    assert facts["C"].meaning == "New since 2025: [old] [1]; [new] [2]."
    assert facts["C"].value == "0.5"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", PAGE, flags=re.S)


def test_first_scenario_on_the_page_runs():
    """The page's TOML example loads and runs (the summary has throttles at the burst)."""
    text = _blocks("toml")[0]
    result = sc.loads(text, "toml", "page example").run()
    assert result.metrics["checkout"].invocations > 0


def test_error_examples_on_the_page_are_the_real_messages():
    """Each error line shown on the page is what the loader says for that mistake."""
    shown = [line.removeprefix("error: ") for line in _blocks("text")[0].splitlines()]
    example = _blocks("toml")[0]
    mistakes = [
        example.replace("memory_mb = 512", "memory_mb = 64"),
        example.replace('kind = "burst"', 'kind = "spike"'),
        example.replace("memory_mb = 512", "memroy_mb = 512"),
    ]
    for line, text in zip(shown, mistakes):
        with pytest.raises(sc.ScenarioError) as info:
            sc.loads(text, "toml", "checkout.toml")
        message = str(info.value)
        assert message.startswith(line.removesuffix("..."))


def test_traffic_example_on_the_page_is_the_preset_entry():
    """The page's [[traffic]] example is exactly the poison-pill-stream preset's traffic."""
    import tomllib
    fragment = tomllib.loads(_blocks("toml")[1])["traffic"][0]
    assert fragment == sc.load_preset("poison-pill-stream").data["traffic"][0]


def test_python_examples_on_the_page_run():
    """Every Python block on the scenarios page runs; a last-line chart renders as SVG."""
    for block in _blocks("python"):
        *body, last = [line for line in block.strip().splitlines()]
        namespace: dict = {}
        exec("\n".join(body), namespace)
        value = eval(last, namespace) if not last.startswith(("print", "from", "import")) \
            else None
        if value is not None and hasattr(value, "_repr_svg_"):
            ET.fromstring(value._repr_svg_())


CHARTS_PAGE = (ROOT / "docs" / "reference" / "charts.md").read_text(encoding="utf-8")


def test_charts_page_examples_run_and_draw():
    """Each runnable cell of the charts page runs and ends with a chart that is valid SVG; the
    timeline example shows the twenty provisioned environments first, without cold starts."""
    namespace: dict = {}
    charts = []
    for block in re.findall(r"```python\n(.*?)```", CHARTS_PAGE, flags=re.S):
        *body, last = block.strip().splitlines()
        exec("\n".join(body), namespace)
        charts.append(eval(last, namespace))
    for chart in charts:
        ET.fromstring(chart.to_svg())
    timeline = charts[0]
    first_twenty = timeline.rows[:20]
    assert all(kind != "init" for _, segs in first_twenty for _, _, kind in segs)
    assert any(kind == "init" for _, segs in timeline.rows[20:] for _, _, kind in segs)
