# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab 06 · Asynchronous invocations, retries and destinations
#
# **Objectives.** By the end of this lab you can:
#
# - predict how many times Lambda runs the handler for an asynchronous event that keeps failing;
# - configure the maximum event age and an on-failure destination so that no failure goes
#   unnoticed;
# - choose between an on-failure destination and a dead-letter queue.
#
# **The scenario.** S3 invokes an image-resizing function asynchronously for every upload. The
# caller gets its answer (HTTP 202) as soon as Lambda has queued the event; what happens next is
# up to Lambda's queue and your settings.
#
# **The rules.** When the handler returns an error, Lambda by default runs it two more times,
# one minute and then two minutes later; throttles and system errors are instead retried with
# a growing backoff for up to 6 hours by default
# ([error handling for asynchronous invocation](https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html)).
# Two settings change this: `MaximumRetryAttempts` (0 to 2) and `MaximumEventAgeInSeconds`
# (up to 6 hours)
# ([configuring error handling](https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html)).

# %%
from sandbox.async_invoke import AsyncConfig
from sandbox.charts import timeline_chart
from sandbox.lab import Lab
from sandbox.lab.labs.lab06_async_invocations import RESIZE, FLAKY, run_async, random_arrivals

lab = Lab("06-async-invocations")

# %% [markdown]
# ## Exercise 1: an event that always fails
#
# A corrupt image makes the handler raise an exception every time. With the default settings,
# how many times does the handler run for that one event?

# %% tags=["exercise:poison-attempts"]
predicted_attempts = ...

# %%
lab.check("poison-attempts", predicted_attempts)

# %% [markdown]
# Now watch it: the timeline shows the execution environment busy at each attempt, with the
# waits in between.

# %%
poison = run_async(poison=True, timelines=True)
event = poison.events[0]
print(f"attempts: {event.attempts}, then: {event.status} ({event.condition})")
timeline_chart(poison.result)

# %% [markdown]
# ## Step 2: a flaky function under load
#
# Uploads arrive at random, two per second for ten minutes, and a third of all attempts fail.
# Retries add invocations, and the events that fail three times in a row are discarded.

# %%
flaky = run_async(AsyncConfig(), FLAKY, random_arrivals())
stats = flaky.invoker.stats
metrics = flaky.result.metrics["resize"]
print(f"events: {stats.received}, invocations: {metrics.invocations}, retries: {stats.retries}")
print(f"succeeded: {stats.succeeded}, discarded after 3 attempts: {stats.failed}")
print(f"oldest event at an attempt: {stats.age_max:.0f} s")

# %% [markdown]
# With the default settings those discarded events simply disappear. Lambda can send a record
# of each asynchronous invocation to a destination: on success to SQS, SNS, Lambda or
# EventBridge, on failure also to S3. A record holds details of the request and the response
# (the response context, the condition such as `RetriesExhausted`, the function's error).
# A dead-letter queue (a standard SQS queue or SNS topic) receives the event as it was sent,
# with three message attributes, `RequestID`, `ErrorCode` and `ErrorMessage`, but without the
# response context or the condition
# ([capturing records of asynchronous invocations](https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq)).
#
# ## Exercise 2: keep a record of every failed event
#
# Build `settings`, an `AsyncConfig`, so that every event Lambda gives up on leaves a record
# with the reason it failed, and no event is attempted once it is more than one hour old.

# %% tags=["exercise:keep-failures"]
settings = ...

# %%
lab.check("keep-failures", settings)

# %% [markdown]
# ## Step 3: reserved concurrency 0
#
# Setting a function's reserved concurrency to 0 stops it from running. For asynchronous
# invocations, Lambda then sends new events straight to the dead-letter queue or on-failure
# destination, without retries
# ([capturing records of asynchronous invocations](https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html)).

# %%
paused = run_async(AsyncConfig(on_failure="sqs:failed-resizes"), RESIZE.replace(reserved_concurrency=0),
                   random_arrivals(until=60))
print(f"events: {paused.invoker.stats.received}, invocations: {paused.result.metrics['resize'].invocations}, "
      f"records on failure: {len(paused.invoker.destinations['sqs:failed-resizes'])}")

# %%
lab

# %% [markdown]
# ## Key points
#
# - An asynchronous caller gets HTTP 202 once the event is queued; Lambda, not the caller,
#   handles retries.
# - A function error is retried up to twice (one, then two minutes later) by default;
#   throttles and system errors are retried with backoff until the event is too old (6 hours
#   by default).
# - `MaximumRetryAttempts` (0-2) and `MaximumEventAgeInSeconds` (up to 6 hours) tune this.
# - Without a destination or a DLQ, discarded events are lost. Prefer an on-failure
#   destination: its record carries the full invocation record (response context, condition,
#   error); a DLQ keeps the event plus `RequestID`, `ErrorCode` and `ErrorMessage` attributes.
# - Handlers must be idempotent: retries, and the queue itself, can deliver an event more than
#   once.
#
# **Check yourself:** [the invocation models quiz](quiz:05-invocation-models) and
# [the triggers and events quiz](quiz:06-triggers-events).
