"""Run the code samples of lessons 09-16 (docs/snippets/09-* ... 16-*) with sample events.

Every sample a learner sees is a file this suite runs: handlers are called with hand-written
events and fake contexts; nothing calls AWS. Each test states the behaviour the lesson claims.
"""

from __future__ import annotations

import importlib.util
import io
import json
import random
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

SNIPPETS = Path(__file__).resolve().parents[2] / "docs" / "snippets"
OWN = sorted(p for p in SNIPPETS.glob("*/*.py") if "09" <= p.parent.name[:2] <= "16")


def load(relative: str):
    """Import one snippet file as a fresh module (snippets are not a package)."""
    path = SNIPPETS / relative
    spec = importlib.util.spec_from_file_location(path.stem + "_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def context(arn="arn:aws:lambda:eu-west-1:111122223333:function:orders", version="$LATEST"):
    """A stand-in for the Lambda context object with the attributes the samples read."""
    return SimpleNamespace(invoked_function_arn=arn, function_version=version,
                           aws_request_id="c0ffee00-0000-4000-8000-000000000001")


@pytest.mark.parametrize("path", OWN, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_snippet_runs_as_a_script(path, capsys):
    """Each sample file runs top to bottom without error (its __main__ demo included)."""
    runpy.run_path(str(path), run_name="__main__")


# --- 09 VPC -------------------------------------------------------------------------------

def test_vpc_review_flags_single_az_public_subnet_and_missing_routes():
    """One public subnet with no NAT: single-AZ, public-subnet and no-route findings."""
    review = load("09-vpc/vpc_review.py").review_vpc_config
    findings = review([{"id": "subnet-pub", "az": "a", "default_route": "igw"}],
                      needs=["internet", "dynamodb", "secretsmanager"])
    text = "\n".join(findings)
    assert "one Availability Zone" in text
    assert "subnet-pub is public" in text
    assert "NAT gateway" in text
    assert "gateway VPC endpoint" in text and "dynamodb" in text
    assert "interface VPC endpoint" in text and "secretsmanager" in text


def test_vpc_review_accepts_two_private_nat_subnets():
    """Private subnets in two AZs routing to NAT reach both the internet and AWS services."""
    review = load("09-vpc/vpc_review.py").review_vpc_config
    subnets = [{"id": "a", "az": "eu-west-1a", "default_route": "nat"},
               {"id": "b", "az": "eu-west-1b", "default_route": "nat"}]
    assert review(subnets, needs=["internet", "s3"]) == []


def test_vpc_review_endpoint_replaces_nat_for_aws_services():
    """Without NAT, a VPC endpoint is enough for an AWS service the code calls."""
    review = load("09-vpc/vpc_review.py").review_vpc_config
    subnets = [{"id": "a", "az": "1a", "default_route": None},
               {"id": "b", "az": "1b", "default_route": None}]
    assert review(subnets, needs=["dynamodb"], endpoints=["dynamodb"]) == []


# --- 10 versions and aliases --------------------------------------------------------------

def test_which_version_reports_alias_and_version_that_ran():
    """Called through alias 'live' (weighted), the context shows the version that really ran."""
    handler = load("10-versions-aliases/which_version.py").handler
    result = handler({}, context(arn="arn:aws:lambda:eu-west-1:111122223333:function:orders:live",
                                 version="7"))
    assert result == {"called_as": "live", "ran_version": "7"}
    unqualified = handler({}, context())
    assert unqualified == {"called_as": "$LATEST", "ran_version": "$LATEST"}


@pytest.mark.parametrize("name, schedule", [
    ("Canary10Percent5Minutes", [(0, 10), (5, 100)]),
    ("CodeDeployDefault.LambdaCanary10Percent30Minutes", [(0, 10), (30, 100)]),
    ("Linear10PercentEvery3Minutes", [(3 * i, 10 * (i + 1)) for i in range(10)]),
    ("CodeDeployDefault.LambdaAllAtOnce", [(0, 100)]),
])
def test_traffic_shift_schedules(name, schedule):
    """Canary shifts once, linear in equal steps, all-at-once immediately; all end at 100%."""
    assert load("10-versions-aliases/traffic_shift.py").shift_schedule(name) == schedule


def test_traffic_shift_rejects_unknown_configuration():
    """A misspelt configuration is a clear ValueError naming it."""
    with pytest.raises(ValueError, match="Canary10Percent5Minute"):
        load("10-versions-aliases/traffic_shift.py").shift_schedule("Canary10Percent5Minute")


def test_weighted_routing_sends_about_the_weight_to_the_new_version():
    """With weight 0.1, about 10% of 10,000 seeded draws go to the new version."""
    route = load("10-versions-aliases/traffic_shift.py").route
    rng = random.Random(7)
    share = sum(route(0.1, rng.random()) == "new" for _ in range(10_000)) / 10_000
    assert 0.09 < share < 0.11


# --- 11 orchestration ---------------------------------------------------------------------

def test_retry_defaults_match_states_language_defaults():
    """IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0 give waits of 1, 2 and 4 seconds.
    Source: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html"""
    assert load("11-orchestration/retry_delays.py").retry_delays() == [1.0, 2.0, 4.0]


def test_retry_max_delay_caps_and_full_jitter_stays_below_cap():
    """MaxDelaySeconds caps growth; FULL jitter draws each wait between 0 and the capped delay."""
    retry_delays = load("11-orchestration/retry_delays.py").retry_delays
    capped = retry_delays(2, 6, 2.0, 20)
    assert capped == [2, 4, 8, 16, 20, 20]
    jittered = retry_delays(2, 6, 2.0, 20, "FULL", random.Random(1))
    assert all(0 <= j <= c for j, c in zip(jittered, capped))
    assert jittered != capped


def test_order_workflow_uses_the_taught_state_types_and_has_no_dangling_transitions():
    """The sample machine uses Task, Choice, Wait, Parallel, Succeed, Fail; every Next exists."""
    module = load("11-orchestration/order_workflow.py")
    types = {state["Type"] for state in module.ORDER_WORKFLOW["States"].values()}
    assert types == {"Task", "Choice", "Wait", "Parallel", "Succeed", "Fail"}
    assert module.broken_transitions(module.ORDER_WORKFLOW) == []
    broken = json.loads(json.dumps(module.ORDER_WORKFLOW))
    broken["States"]["Validate"]["Catch"][0]["Next"] = "Nowhere"
    assert module.broken_transitions(broken) == [("Validate", "Nowhere")]


def test_replay_runs_each_step_once_across_suspensions():
    """A durable-style workflow suspends for approval and, when replayed, does not repeat steps."""
    toy = load("11-orchestration/replay_toy.py")
    calls = []

    def workflow(event, ctx, approvals):
        ctx.step("charge", lambda: calls.append("charge") or "charged")
        ctx.wait_for_approval("ship", approvals)
        return ctx.step("ship", lambda: calls.append("ship") or "shipped")

    log, approvals = {}, {}
    assert toy.run(workflow, {}, log, approvals) == "suspended"
    assert calls == ["charge"]
    approvals["ship"] = "ok"
    assert toy.run(workflow, {}, log, approvals) == "shipped"
    assert calls == ["charge", "ship"]
    assert toy.run(workflow, {}, log, approvals) == "shipped"
    assert calls == ["charge", "ship"]


# --- 12 observability ---------------------------------------------------------------------

def test_structured_log_carries_incoming_correlation_id_and_cold_start(capsys):
    """The caller's x-correlation-id is logged as a JSON field and echoed; cold_start flips."""
    module = load("12-observability/structured_logging.py")
    event = {"routeKey": "POST /orders", "headers": {"X-Correlation-Id": "abc-123"}}
    first = module.handler(event, context())
    second = module.handler(event, context())
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert first["headers"]["x-correlation-id"] == "abc-123"
    assert [line["correlation_id"] for line in lines] == ["abc-123", "abc-123"]
    assert [line["cold_start"] for line in lines] == [True, False]
    assert second["statusCode"] == 202


def test_structured_log_generates_correlation_id_when_missing(capsys):
    """Without the header, the function makes an id and returns it to the caller."""
    module = load("12-observability/structured_logging.py")
    result = module.handler({"headers": None}, context())
    logged = json.loads(capsys.readouterr().out)
    assert logged["correlation_id"] == result["headers"]["x-correlation-id"]
    assert len(logged["correlation_id"]) == 36


def test_emf_record_declares_the_metric_it_carries(capsys):
    """The EMF line names namespace, dimension and metric, and carries their values."""
    module = load("12-observability/emf_metric.py")
    module.handler({"Records": [{}, {}, {}]}, context())
    record = json.loads(capsys.readouterr().out)
    directive = record["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "ColdStart/Shop"
    assert directive["Dimensions"] == [["Service"]]
    assert directive["Metrics"] == [{"Name": "OrdersPlaced", "Unit": "Count"}]
    assert record["OrdersPlaced"] == 3 and record["Service"] == "orders"


# --- 13 security --------------------------------------------------------------------------

def test_secret_client_asks_the_local_extension_with_the_session_token(monkeypatch):
    """Each read goes to localhost:2773 with the session-token header; no secret is returned."""
    module = load("13-security/secret_client.py")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "token-xyz")
    monkeypatch.setenv("DB_SECRET_ID", "prod/db")
    requests = []

    def fake_opener(request):
        requests.append(request)
        return io.BytesIO(json.dumps({"SecretString": "s3cr3t"}).encode())

    assert module.get_secret("prod/db", opener=fake_opener) == "s3cr3t"
    assert requests[0].full_url == "http://localhost:2773/secretsmanager/get?secretId=prod%2Fdb"
    assert requests[0].get_header("X-aws-parameters-secrets-token") == "token-xyz"
    result = module.handler({}, context(), opener=fake_opener)
    assert result == {"connected": True} and "s3cr3t" not in json.dumps(result)
    assert len(requests) == 2


def test_policy_review_accepts_scoped_policy_and_flags_wildcards():
    """A table-scoped read policy passes; dynamodb:* on "*" gets two findings; Deny is ignored."""
    module = load("13-security/policy_review.py")
    assert module.policy_findings(module.READ_ONE_TABLE) == []
    wide = {"Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},
                          {"Effect": "Deny", "Action": "*", "Resource": "*"}]}
    assert len(module.policy_findings(wide)) == 2


# --- 14 cost and performance --------------------------------------------------------------

def test_lambda_cost_matches_hand_calculation():
    """10M requests x 120 ms x 512 MB = 600,000 GB-s: $10.00 duration + $2.00 requests."""
    model = load("14-cost-performance/cost_model.py")
    assert model.lambda_monthly_cost(10_000_000, 120, 512) == pytest.approx(12.00, abs=0.01)


def test_worked_example_numbers_quoted_in_lesson_14():
    """The lesson's figures: $5.13 after free tier; Fargate crossover ~80M at 30 ms; EC2 ~99M."""
    model = load("14-cost-performance/cost_model.py")
    assert model.lambda_monthly_cost(10_000_000, 120, 512, free_tier=True) == pytest.approx(5.13, abs=0.01)
    fargate = model.fargate_monthly_cost(0.5, 1, tasks=2)
    assert fargate == pytest.approx(36.04, abs=0.01)
    assert model.crossover_requests(30, 512, fargate) == pytest.approx(80e6, rel=0.01)
    ec2 = model.ec2_monthly_cost(model.EC2_M7G_LARGE_PER_HOUR, instances=2)
    assert ec2 == pytest.approx(119.14, abs=0.01)
    assert model.crossover_requests(120, 512, ec2) == pytest.approx(99e6, rel=0.01)


def test_free_tier_covers_a_small_workload():
    """1M requests of 100 ms at 128 MB fit inside 1M requests and 400,000 GB-s."""
    model = load("14-cost-performance/cost_model.py")
    assert model.lambda_monthly_cost(1_000_000, 100, 128, free_tier=True) == 0


def test_arm64_is_cheaper_per_gb_second_than_x86():
    """The same duration costs 20% less on arm64 (0.0000133334 vs 0.0000166667 $/GB-s)."""
    model = load("14-cost-performance/cost_model.py")
    x86 = model.lambda_monthly_cost(1, 1000, 1024) - model.LAMBDA_PER_REQUEST
    arm = model.lambda_monthly_cost(1, 1000, 1024, "arm64") - model.LAMBDA_PER_REQUEST
    assert arm / x86 == pytest.approx(0.8, abs=0.001)


def test_fargate_and_crossover():
    """Two 0.5 vCPU / 1 GB tasks cost ~$36/month; Lambda at 120 ms/512 MB matches at ~30M."""
    model = load("14-cost-performance/cost_model.py")
    fargate = model.fargate_monthly_cost(0.5, 1, tasks=2)
    assert fargate == pytest.approx(2 * (0.5 * 0.04048 + 0.004445) * 730)
    crossover = model.crossover_requests(120, 512, fargate)
    assert model.lambda_monthly_cost(crossover, 120, 512) == pytest.approx(fargate)
    assert 29e6 < crossover < 31e6


# --- 15 architecture patterns -------------------------------------------------------------

def sqs_record(message_id, body):
    """One SQS record as the event source mapping delivers it."""
    return {"messageId": message_id, "body": json.dumps(body)}


def test_pipeline_worker_reports_only_failed_messages():
    """A bad message is reported in batchItemFailures; good ones are not."""
    module = load("15-architecture-patterns/pipeline_worker.py")
    event = {"Records": [
        sqs_record("m1", {"order_id": "o1", "quantity": 2, "unit_price": 5}),
        sqs_record("m2", {"order_id": "o2", "quantity": 0, "unit_price": 5}),
        sqs_record("m3", {"order_id": "o3", "quantity": 1, "unit_price": 9}),
    ]}
    assert module.handler(event, context()) == {"batchItemFailures": [{"itemIdentifier": "m2"}]}


def test_pipeline_worker_skips_duplicates():
    """A redelivered order id is not processed twice (at-least-once delivery)."""
    module = load("15-architecture-patterns/pipeline_worker.py")
    seen = []
    module.process = lambda order: seen.append(order["order_id"])
    record = sqs_record("m1", {"order_id": "o1", "quantity": 1, "unit_price": 1})
    module.handler({"Records": [record]}, context())
    module.handler({"Records": [dict(record, messageId="m1-again")]}, context())
    assert seen == ["o1"]


# --- inclusion -----------------------------------------------------------------------------

def test_lessons_09_16_include_only_existing_snippets_and_every_snippet_is_shown():
    """Every --8<-- include in lessons 09-16 names a file that exists, and every sample file
    under docs/snippets/09-* ... 16-* is included by some lesson (no orphan, untaught code)."""
    import re
    lessons = SNIPPETS.parent / "lessons"
    include = re.compile(r'--8<--\s+"(?P<path>snippets/[^"]+)"')
    included = {m["path"] for p in lessons.glob("*.md") if "09" <= p.name[:2] <= "16"
                for m in include.finditer(p.read_text(encoding="utf-8"))}
    missing = [path for path in included if not (SNIPPETS.parent / path).exists()]
    assert not missing, f"lessons include missing snippets: {missing}"
    shown = {f"snippets/{p.parent.name}/{p.name}" for p in OWN}
    assert shown <= included, f"snippets never included by a lesson: {sorted(shown - included)}"
