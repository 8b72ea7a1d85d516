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
# # Lab 08 · Stream processing and iterator age
#
# **Objectives.** By the end of this lab you can:
#
# - work out how many batches a Kinesis event source mapping runs at once from the shards and
#   the parallelization factor;
# - recognise a poison pill from a climbing `IteratorAge`;
# - configure retries, bisect on error and an on-failure destination so one bad record cannot
#   stop a shard.
#
# **The scenario.** Click events flow into a Kinesis data stream, keyed by user. A Lambda
# function reads them through an event source mapping, 100 records per batch. One day a
# malformed record arrives.
#
# **The rules.** The mapping reads each shard in order. A parallelization factor from 1 to 10
# lets several batches process one shard at once, with records of the same partition key
# kept in order
# ([using Lambda with Kinesis](https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html)).
# When a batch fails, Lambda retries it until the records expire unless you bound the retries
# or the record age; `BisectBatchOnFunctionError` splits a failing batch in two
# ([Kinesis event source parameters](https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html)).

# %%
from sandbox.streams import StreamConfig
from sandbox.charts import ConcurrencyChart
from sandbox.lab import Lab
from sandbox.lab.labs.lab08_streams import run_stream, POISON_AT

lab = Lab("08-streams")

# %% [markdown]
# ## Exercise 1: how many batches at once?
#
# A busy stream has 4 shards and the mapping's parallelization factor is 5. At most how many
# invocations of the function run at the same time?

# %% tags=["exercise:parallel-batches"]
predicted_concurrency = ...

# %%
lab.check("parallel-batches", predicted_concurrency)

# %% [markdown]
# ## Step 1: a poison pill with the default settings
#
# Twenty records per second over two shards for five minutes; record number 2,000 (a hundred
# seconds in) makes the handler fail every time. With the defaults, the mapping retries the
# failing batch until the record expires. Watch `IteratorAge`, the age of the last record of
# each batch when it is sent to the function.

# %%
def iterator_age_chart(run, title):
    return ConcurrencyChart(run.stream.iterator_age, title=title, label="IteratorAge (s)", end=300)

stuck = run_stream(StreamConfig(shards=2, batch_size=100, keep_log=True), poison=(POISON_AT,))
stats = stuck.stream.stats
print(f"processed: {stats.processed} of {stats.put}, failed batches: {stats.failed_batches}, "
      f"largest IteratorAge: {stats.iterator_age_max:.0f} s")
iterator_age_chart(stuck, "Default settings: one shard stops behind the bad record")

# %% [markdown]
# The other shard keeps going, but everything behind the bad record waits, and it would wait
# until the stream's retention (24 hours by default) deletes the record.
#
# ## Exercise 2: contain the poison pill
#
# Build `settings`, a `StreamConfig` with 2 shards and batches of 100, so that the shard moves
# on after a couple of retries, the good records batched with the bad one are still processed,
# and the bad record is recorded rather than lost.

# %% tags=["exercise:contain-the-pill"]
settings = ...

# %%
lab.check("contain-the-pill", settings)

# %%
fixed = run_stream(StreamConfig(shards=2, batch_size=100, bisect_on_error=True, maximum_retry_attempts=2,
                                on_failure="sqs:failed-clicks", keep_log=True), poison=(POISON_AT,))
print(fixed.stream.stats.as_dict())
iterator_age_chart(fixed, "Bisect, two retries and an on-failure destination")

# %%
lab

# %% [markdown]
# ## Key points
#
# - A stream mapping runs at most shards × parallelization factor batches at once; order is
#   kept per partition key.
# - A failing batch is retried until its records expire by default, so one poison pill stops
#   its shard and `IteratorAge` climbs: alarm on it.
# - Bound the retries (`MaximumRetryAttempts`) or the record age (`MaximumRecordAgeInSeconds`),
#   split failing batches (`BisectBatchOnFunctionError`, or report partial batch failures),
#   and send discarded records to an on-failure destination.
#
# **Check yourself:** [the invocation models quiz](quiz:05-invocation-models) and
# [the observability quiz](quiz:12-observability).
