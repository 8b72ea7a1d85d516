"""The validation page's record agrees with the code, and the built page shows it.

docs/reference/validation.json is written by ``python tools/model_checks.py --record``; the
page "Why you can trust this model" is generated from it at build time. These tests re-run the
quick checks and the short SimFaaS comparison and fail when the record is stale.
"""

from __future__ import annotations

import copy
import html
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import model_checks  # noqa: E402

SITE = ROOT / "site"


@pytest.fixture(scope="module")
def record() -> dict:
    return json.loads(model_checks.RECORD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fresh_checks() -> list[dict]:
    return model_checks.quick_checks()


def test_recorded_quick_checks_are_what_the_code_gives(record, fresh_checks):
    """Every quick check (queueing laws, documented AWS behaviours) gives exactly the recorded
    expected value, model value and verdict; all of them pass."""
    assert model_checks.disagreements(record, fresh_checks) == []
    assert all(c["passed"] for c in fresh_checks)
    groups = {c["group"] for c in fresh_checks}
    assert groups == {"Queueing laws", "Documented AWS behaviours"}
    assert all(c["url"].startswith("https://") for c in fresh_checks)


def test_a_stale_record_is_reported(record, fresh_checks):
    """Changing one recorded model value (as a code change would) is caught and named."""
    stale = copy.deepcopy(record)
    stale["checks"][0]["model"] += 0.001
    problems = model_checks.disagreements(stale, fresh_checks)
    assert len(problems) == 1 and problems[0].startswith(f"{stale['checks'][0]['id']}.model")


def test_simfaas_comparison_at_the_short_horizon_matches_the_record(record):
    """SimFaaS and our compatible mode at 10^5 s, same seeds: the recorded means are what both
    simulators give now, and Welch's test passes for every statistic at both horizons."""
    pytest.importorskip("simfaas.ServerlessSimulator")
    fresh = model_checks.simfaas_comparison(model_checks.SIMFAAS_SHORT_S)
    assert model_checks.disagreements(record, fresh_short=fresh) == []
    assert all(row["passed"] for row in fresh["rows"])
    assert all(row["passed"] for row in record["simfaas"]["rows"])
    assert record["simfaas"]["horizon"] == 1e6


def _page(path: str) -> str:
    page = SITE / path / "index.html"
    if not page.exists():
        pytest.fail(f"{page} missing: build the site first (make build)")
    return page.read_text(encoding="utf-8")


def test_the_built_page_shows_every_recorded_check_with_its_source(record):
    """The generated page lists each check's title, model value and AWS source link, the
    SimFaaS table with the speed ratio, charts with text alternatives, and links to the model
    assumptions."""
    text = _page("reference/validation")
    # Tags removed without a space: the glossary hook wraps terms such as API in <abbr>.
    plain = " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())
    for check in record["checks"]:
        assert check["title"] in plain
        assert check["url"] in text
    assert f"{record['simfaas']['speed_ratio']:.1f}×" in plain
    assert text.count("<svg") >= 2 and "<desc" in text
    assert "model-assumptions/" in text


@pytest.mark.parametrize("path", ["", "playground", "labs"])
def test_home_playground_and_labs_overview_link_to_the_validation_page(path):
    """The home page, the playground and the labs overview each link to the page."""
    assert re.search(r'href="[^"]*reference/validation/"', _page(path).replace("index.html", ""))
