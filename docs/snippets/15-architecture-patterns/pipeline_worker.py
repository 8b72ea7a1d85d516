"""Second stage of an S3 -> SQS -> Lambda pipeline: idempotent, with partial batch failures."""

import json

processed_keys = set()


def process(order):
    """Business logic for one order; raises ValueError on bad input."""
    if order.get("quantity", 0) <= 0:
        raise ValueError("quantity must be positive")
    return order["quantity"] * order["unit_price"]


def handler(event, context):
    """Process an SQS batch; report only the failed messages so the rest are deleted."""
    failures = []
    for record in event["Records"]:
        order = json.loads(record["body"])
        key = order["order_id"]
        if key in processed_keys:
            continue
        try:
            process(order)
        except (ValueError, KeyError):
            failures.append({"itemIdentifier": record["messageId"]})
        else:
            processed_keys.add(key)
    return {"batchItemFailures": failures}
