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
# # Lab 07 · The SQS event source mapping
#
# **Objectives.** By the end of this lab you can:
#
# - predict which messages are processed again when one message of a batch fails;
# - configure partial batch responses, a redrive policy and the visibility timeout so that a
#   poison message cannot hold the queue hostage;
# - describe how the event source mapping scales its pollers when a backlog builds up.
#
# **The scenario.** An order-processing worker reads an SQS standard queue through an event
# source mapping, ten messages per batch. Some messages are malformed.
#
# **The rules.** By default, when the function fails on a batch, every message of that batch
# becomes visible on the queue again, including those already processed; with
# `ReportBatchItemFailures` the function reports which messages failed and only those come back
# ([handling errors for an SQS event source](https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html)).
# AWS recommends a visibility timeout of at least six times the function timeout
# ([configuring an SQS event source](https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html)).

# %%
from sandbox import FunctionConfig, Fixed
from sandbox.sqs import SqsConfig
from sandbox.charts import concurrency_chart
from sandbox.lab import Lab
from sandbox.lab.labs.lab07_sqs_event_source import run_queue

lab = Lab("07-sqs-event-source")

# %% [markdown]
# ## Step 1: ten good messages
#
# Ten messages, one batch, no failures: each message is received once and deleted.

# %%
clean = run_queue(SqsConfig(batch_size=10, batching_window=1), messages=10)
print(clean.queue.stats.as_dict())

# %% [markdown]
# ## Exercise 1: one bad message in a batch of ten
#
# Now the fourth message makes the handler raise an exception on its first run (it succeeds
# the next time). The mapping has the default settings. After the visibility timeout, how many
# messages are received a second time?

# %% tags=["exercise:one-bad-message"]
predicted_reprocessed = ...

# %%
lab.check("one-bad-message", predicted_reprocessed)

# %%
for partial in (False, True):
    run = run_queue(SqsConfig(batch_size=10, batching_window=1, report_batch_item_failures=partial),
                    messages=10, fail_once=(3,))
    print(f"report_batch_item_failures={partial}: {run.queue.stats.receives - 10} message(s) received again")

# %% [markdown]
# ## Exercise 2: contain a poison message
#
# A poison message fails on every run. Build `settings`, an `SqsConfig` with batches of ten,
# so that (1) the good messages of a failing batch are not processed again, (2) a poison
# message ends up in a dead-letter queue, with the receive count AWS recommends for a queue
# that feeds Lambda, and (3) the visibility timeout follows AWS's recommendation for this
# 30-second function timeout. A redrive policy moves a message to the dead-letter queue once it
# has been received `maxReceiveCount` times
# ([SQS dead-letter queues](https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html)).
# For a Lambda source AWS recommends a `maxReceiveCount` of **at least 5**: a batch that Lambda
# receives but cannot run because the function is throttled still counts as a receive, so a
# lower value can dead-letter good messages during a spike
# ([Understanding SQS retries](https://docs.aws.amazon.com/lambda/latest/dg/sqs-retries.html)).

# %% tags=["exercise:poison-pill"]
settings = ...

# %%
lab.check("poison-pill", settings)

# %% [markdown]
# ## Step 2: a backlog and the scaling ramp
#
# When messages are waiting, the event source mapping starts with five concurrent batches and
# adds up to 300 more per minute, up to 1,000; `maximum_concurrency` (2 to 1,000) caps it
# ([SQS scaling](https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html)).
# Here 8,000 messages are waiting and each batch takes 5 s.

# %%
slow = FunctionConfig(name="worker", timeout_s=30, duration=Fixed(5.0))
backlog = run_queue(SqsConfig(batch_size=10, visibility_timeout=180), messages=8000,
                    config=slow, horizon=200)
print("concurrent batches every 10 s:", backlog.result.metrics["worker"].series["ConcurrentExecutions"][:8])
concurrency_chart(backlog.result)

# %%
capped = run_queue(SqsConfig(batch_size=10, visibility_timeout=180, maximum_concurrency=50),
                   messages=8000, config=slow, horizon=200)
concurrency_chart(capped.result)

# %% [markdown]
# `maximum_concurrency` limits this one mapping without throttling the function: messages
# simply wait on the queue longer.

# %%
lab

# %% [markdown]
# ## Key points
#
# - A failed invocation returns its whole batch to the queue after the visibility timeout;
#   `ReportBatchItemFailures` returns only the messages the function reports as failed.
# - A redrive policy (`maxReceiveCount`, at least 5 for a Lambda source) moves a poison message
#   to a dead-letter queue; without one it keeps coming back.
# - Set the visibility timeout to at least six times the function timeout.
# - The mapping starts with 5 concurrent batches and adds up to 300 per minute, up to 1,000;
#   `maximum_concurrency` caps one mapping.
# - Delivery is at least once: make the handler idempotent.
#
# **Check yourself:** [the invocation models quiz](quiz:05-invocation-models).
