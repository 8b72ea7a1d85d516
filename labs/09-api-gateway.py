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
# # Lab 09 · API Gateway in front of Lambda
#
# **Objectives.** By the end of this lab you can:
#
# - predict how many requests a token-bucket throttle rejects with 429;
# - tell a throttle (429) from a gateway timeout (504) and a bad gateway (502);
# - explain why a function can keep running after the client got a 504.
#
# **The scenario.** A search API: a REST API stage limited to 100 requests per second with a
# burst of 50, in front of a Lambda function whose own timeout is 60 seconds.
#
# **The rules.** API Gateway throttles with a token bucket: the burst is the bucket's size and
# the rate is how fast tokens come back; a request that finds no token gets
# `429 Too Many Requests`
# ([throttle requests to your REST APIs](https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html)).
# A REST API waits for its integration for at most 29 seconds by default; since June 2024,
# Regional and private REST APIs can ask for more through a quota increase
# ([announcement, 4 June 2024](https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/)).
# An HTTP API waits at most 30 seconds
# ([HTTP API quotas](https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html)).

# %%
from sandbox.charts import ConcurrencyChart
from sandbox.lab import Lab
from sandbox.lab.labs.lab09_api_gateway import STAGE, run_api

lab = Lab("09-api-gateway")
print(STAGE.stage_limit, "integration timeout:", STAGE.timeout, "s")

# %% [markdown]
# ## Exercise 1: 200 requests in the same instant
#
# The bucket is full when 200 requests hit the stage in the same instant. How many get a 429?

# %% tags=["exercise:token-bucket"]
predicted_429s = ...

# %%
lab.check("token-bucket", predicted_429s)

# %% [markdown]
# ## Step 1: a sustained spike
#
# Now 250 requests per second for ten seconds. After the first burst, tokens come back at 100
# per second, so about 100 requests per second get through and the rest are throttled.

# %%
spike = run_api(times=tuple(i / 250 for i in range(2500)))
print(spike.api.stats.as_dict())
per_second = spike.result.metrics["search"].series["Invocations"]
ConcurrencyChart([(t, n) for t, n in enumerate(per_second)], end=12,
                 title="Requests reaching the function, per second", label="invocations per second")

# %% [markdown]
# ## Exercise 2: a 35-second request
#
# A report request makes the function work for 35 seconds; its timeout is 60 s. Which HTTP
# status code does the client get?

# %% tags=["exercise:slow-request"]
predicted_status = ...

# %%
lab.check("slow-request", predicted_status)

# %%
slow = run_api(times=(0.0,), work_s=35.0)
response = slow.responses[0]
metrics = slow.result.metrics["search"]
print(f"client: {response.status} after {response.latency:.0f} s; function: {metrics.invocations} invocation, "
      f"{metrics.succeeded} succeeded, busy {metrics.concurrency_seconds:.1f} s")

# %% [markdown]
# API Gateway gave up at 29 s and returned 504 to the client; the function carried on,
# finished at about 35 s and was billed for all of it. Keep the function's timeout at or below the integration timeout, or move long work to an
# asynchronous pattern (queue the job, answer 202, let the client poll).

# %%
lab

# %% [markdown]
# ## Key points
#
# - API Gateway throttles with token buckets: the burst is how many requests may arrive at
#   once, the rate how fast capacity comes back. Rejected requests get 429 from API Gateway.
# - A REST API waits up to 29 s for its integration by default (more can be requested for
#   Regional and private APIs since June 2024); an HTTP API up to 30 s. Past that the client
#   gets 504, while the function may keep running.
# - 502 means the function failed or returned a malformed response
#   ([API Gateway errors with Lambda](https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html)).
#
# **Check yourself:** [the API Gateway quiz](quiz:07-api-gateway).
