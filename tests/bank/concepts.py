"""The concepts the sandbox model implements, as question tags, and the playground preset that
shows each one ("Show me in the playground").

A question tagged with one of these concepts must link a preset (`show_me`), so a learner who
got it wrong can watch the behaviour instead of rereading it. Tags are listed most specific
first: a question tagged both ``usage-plans`` and ``throttling`` is about API Gateway's limits.
"""

from __future__ import annotations

#: Concept tag → the preset in sandbox/presets/ that demonstrates it, most specific first.
CONCEPT_PRESETS = {
    # API Gateway throttling (stage and usage-plan limits, 429s)
    "usage-plans": "api-gateway-throttle",
    "api-keys": "api-gateway-throttle",
    # provisioned concurrency and cold starts
    "provisioned-concurrency": "provisioned-concurrency",
    "cold-start": "cold-api-at-night",
    # concurrency, reserved concurrency, scaling and throttling
    "reserved-concurrency": "protect-database",
    "concurrency": "flash-sale",
    "scaling": "flash-sale",
    "throttling": "flash-sale",
    "account-quota": "flash-sale",
    # asynchronous invocation: retries, event age, destinations, dead-letter queues
    "async": "async-retries",
    "destinations": "async-retries",
    "dlq": "async-retries",
    "event-age": "async-retries",
    # event source mappings: SQS queues and streams
    "sqs": "sqs-batch",
    "maximum-concurrency": "sqs-batch",
    "batching": "sqs-batch",
    "kinesis": "poison-pill-stream",
    "dynamodb-streams": "poison-pill-stream",
    # aliases and weighted (canary) releases
    "aliases": "canary-rollout",
    "alias": "canary-rollout",
    "canary": "canary-rollout",
    "weighted-routing": "canary-rollout",
    # VPC networking
    "vpc": "vpc-az-failure",
    "nat": "vpc-az-failure",
    # edge
    "lambda-at-edge": "edge-vs-regional",
    "cloudfront-functions": "edge-vs-regional",
    "edge": "edge-vs-regional",
    # cost
    "pricing": "power-tuning",
    "cost": "power-tuning",
    "gb-seconds": "power-tuning",
    "power-tuning": "power-tuning",
}


def concept_tags(question: dict) -> list[str]:
    """The model-covered concept tags of a top-level question (a scenario set's own tags and its
    sub-questions' tags)."""
    tags = list(question.get("tags", []))
    for sub in question.get("questions", []):
        tags += sub.get("tags", [])
    return [t for t in tags if t in CONCEPT_PRESETS]


def preset_for(question: dict) -> str | None:
    """The preset that best shows ``question``'s concept: the most specific covered tag's."""
    covered = set(concept_tags(question))
    return next((preset for tag, preset in CONCEPT_PRESETS.items() if tag in covered), None)
