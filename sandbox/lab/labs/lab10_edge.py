"""Lab 10, at the edge: CloudFront Functions, Lambda@Edge or a regional function.

Each task lists what it needs; :func:`sandbox.edge.check_edge_function` says which documented
limits a choice would break. The distance latency is the model's fibre estimate
(:func:`sandbox.edge.leg_seconds`), a model assumption rather than an AWS number.
"""

from __future__ import annotations

from ...edge import VIEWER_EVENTS, ORIGIN_EVENTS, check_edge_function
from ..exercise import Exercise, Misconception

KINDS = ("cloudfront-function", "lambda-edge")
#: Task -> what it needs: the CloudFront event it runs on, memory, time, network access.
TASKS = {
    "security-headers": dict(event="viewer-response", memory_mb=1, timeout_s=0.0005,
                             needs_network=False,
                             what="add HSTS and other security headers to every response"),
    "normalize-cache-key": dict(event="viewer-request", memory_mb=1, timeout_s=0.0005,
                                needs_network=False,
                                what="lower-case the URL and sort query strings before the cache"),
    "call-auth-service": dict(event="viewer-request", memory_mb=128, timeout_s=1.0,
                              needs_network=True,
                              what="check each request's token with an external auth service"),
    "resize-images": dict(event="origin-response", memory_mb=1024, timeout_s=3.0,
                          needs_network=True,
                          what="resize an image fetched from the origin (1 GB of memory, 3 s)"),
}
ANSWER = {"security-headers": "cloudfront-function", "normalize-cache-key": "cloudfront-function",
          "call-auth-service": "lambda-edge", "resize-images": "lambda-edge"}


def problems(task: str, kind: str) -> list[str]:
    """The documented limits ``kind`` would break for ``task`` (empty: it fits)."""
    need = {k: v for k, v in TASKS[task].items() if k != "what"}
    return check_edge_function(kind, **need)


def _validate_choices(answer) -> str | None:
    if not isinstance(answer, dict):
        return f"Expected a dict mapping each task to a kind, got {answer!r}."
    missing = sorted(set(TASKS) - set(answer))
    if missing:
        return f"Give a choice for every task; missing: {', '.join(missing)}."
    bad = {task: kind for task, kind in answer.items() if kind not in KINDS}
    if bad:
        return f"Each choice must be 'cloudfront-function' or 'lambda-edge', got {bad!r}."
    return None


def _breaks(answer: dict) -> dict[str, list[str]]:
    return {task: problems(task, kind) for task, kind in answer.items()
            if task in TASKS and problems(task, kind)}


def _explain(answer: dict) -> str:
    broken = _breaks(answer)
    if not broken:
        return "Every choice fits its task's limits."
    return "Limits broken: " + "; ".join(f"{task}: {', '.join(p)}" for task, p in broken.items()) + "."


def _validate_event(answer) -> str | None:
    if answer not in VIEWER_EVENTS + ORIGIN_EVENTS:
        return (f"Expected one of {', '.join(VIEWER_EVENTS + ORIGIN_EVENTS)}, got {answer!r}.")
    return None


EXERCISES = (
    Exercise(
        id="pick-the-runtime",
        title="CloudFront Function or Lambda@Edge?",
        variable="choices",
        validate=_validate_choices,
        is_correct=lambda a: a == ANSWER,
        explain=_explain,
        correct=("Lightweight header and URL work on viewer events suits CloudFront Functions; "
                 "anything that calls the network, needs real memory or runs on origin events "
                 "needs Lambda@Edge."),
        misconceptions=(
            Misconception("functions-have-no-network",
                          lambda a: a.get("call-auth-service") == "cloudfront-function",
                          "CloudFront Functions have no network access, so they cannot call "
                          "an auth service; Lambda@Edge can."),
            Misconception("functions-are-viewer-only",
                          lambda a: a.get("resize-images") == "cloudfront-function",
                          "CloudFront Functions run only on viewer events, with 2 MB of memory "
                          "and under a millisecond: resizing images on an origin response is "
                          "Lambda@Edge work."),
            Misconception("edge-lambda-everywhere",
                          lambda a: "lambda-edge" in (a.get("security-headers"),
                                                      a.get("normalize-cache-key")),
                          "Lambda@Edge would work, but header and cache-key tweaks are what "
                          "CloudFront Functions are built for: high-volume, sub-millisecond "
                          "work on viewer events, at a lower cost."),
        ),
        hints=("For each task ask: does it need the network, much memory, or an origin event?",
               "CloudFront Functions: viewer events only, no network, 2 MB, under 1 ms.",
               "Two tasks are pure header/URL manipulation; two are not."),
        solution=('choices = {"security-headers": "cloudfront-function", '
                  '"normalize-cache-key": "cloudfront-function", '
                  '"call-auth-service": "lambda-edge", "resize-images": "lambda-edge"}'),
        wrong=(('choices = {"security-headers": "cloudfront-function", '
                '"normalize-cache-key": "cloudfront-function", '
                '"call-auth-service": "cloudfront-function", "resize-images": "lambda-edge"}',
                "functions-have-no-network"),
               ('choices = {"security-headers": "cloudfront-function", '
                '"normalize-cache-key": "cloudfront-function", '
                '"call-auth-service": "lambda-edge", "resize-images": "cloudfront-function"}',
                "functions-are-viewer-only"),
               ('choices = {"security-headers": "lambda-edge", '
                '"normalize-cache-key": "lambda-edge", '
                '"call-auth-service": "lambda-edge", "resize-images": "lambda-edge"}',
                "edge-lambda-everywhere"),
               ('choices = {"security-headers": "cloudfront-function"}', ""),
               ('choices = "lambda-edge"', "")),
    ),
    Exercise(
        id="resize-trigger",
        title="Where should the resize run?",
        variable="trigger",
        validate=_validate_event,
        is_correct=lambda e: e in ORIGIN_EVENTS,
        correct=("An origin event: it runs only on cache misses, and Lambda@Edge on origin "
                 "events can have more than 128 MB of memory. Resized images are then cached."),
        misconceptions=(
            Misconception("viewer-memory-cap", lambda e: e in VIEWER_EVENTS,
                          "Lambda@Edge on viewer events is limited to 128 MB of memory (and 5 s), "
                          "too little for a 1 GB resize, and a viewer trigger runs on every "
                          "request, cache hits included."),
        ),
        hints=("Which triggers run on every request, and which only when the cache misses?",
               "Viewer triggers are limited to 128 MB of memory with Lambda@Edge.",
               "Pick an origin event."),
        solution='trigger = "origin-response"',
        wrong=(('trigger = "viewer-request"', "viewer-memory-cap"),
               ('trigger = "viewer-response"', "viewer-memory-cap"),
               ('trigger = "edge"', "")),
    ),
)
