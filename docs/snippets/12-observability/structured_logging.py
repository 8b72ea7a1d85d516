"""Structured JSON logs with a correlation id that follows the request."""

import json
import sys
import time
import uuid

COLD = {"start": True}


def log(level, message, **fields):
    """Write one JSON object per line, so CloudWatch Logs Insights can query fields."""
    record = {"level": level, "message": message, "timestamp": round(time.time(), 3), **fields}
    sys.stdout.write(json.dumps(record) + "\n")


def handler(event, context):
    """Handle an HTTP API event and log it under the caller's correlation id."""
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    correlation_id = headers.get("x-correlation-id") or str(uuid.uuid4())
    cold_start, COLD["start"] = COLD["start"], False
    log("INFO", "order received", correlation_id=correlation_id,
        request_id=context.aws_request_id, cold_start=cold_start,
        route=event.get("routeKey"))
    return {
        "statusCode": 202,
        "headers": {"x-correlation-id": correlation_id},
        "body": json.dumps({"accepted": True}),
    }
