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
# # Lab 05 · Burst scaling
#
# **Objectives.** By the end of this lab you can:
#
# - tell the account's concurrency limit (how far a function may scale) from the scaling rate
#   (how fast);
# - predict how many requests of a sudden spike are throttled;
# - prepare a function for a spike you know is coming.
#
# **The scenario.** A shop opens a flash sale: thousands of shoppers click "buy" in the same
# second. Each checkout takes 5 s. The account's concurrency quota was raised to 5,000, so
# the limit is not the problem. Or is it?
#
# **The rule.** In each Region, each function can add up to 1,000 execution environments
# every 10 seconds (10,000 requests per second every 10 seconds); Lambda refills that
# allowance continuously, unused allowance does not accumulate, and requests beyond it are
# throttled with HTTP 429
# ([Lambda scaling behavior](https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html)).
# This per-function rate dates from November 2023; before, an account-wide initial burst of
# 500 to 3,000 environments, then 500 more per minute, applied
# ([AWS Lambda functions now scale 12 times faster](https://aws.amazon.com/blogs/aws/aws-lambda-functions-now-scale-12-times-faster-when-handling-high-volume-requests/)).

# %%
from sandbox import Simulation, Constant, Fixed
from sandbox.charts import concurrency_chart
from sandbox.lab import Lab
from sandbox.lab.labs.lab05_burst_scaling import ACCOUNT, SHOP, flash_sale

lab = Lab("05-burst-scaling")

# %% [markdown]
# ## Step 1: a small sale
#
# 800 shoppers click at the same instant, one second into the run.

# %%
shop = flash_sale(SHOP, 800).metrics["shop"]
print(f"served: {shop.invocations}, throttled: {shop.throttles}, cold starts: {shop.cold_starts}")
concurrency_chart(flash_sale(SHOP, 800), account_limit=ACCOUNT.concurrency_limit)

# %% [markdown]
# Every shopper got an environment, and every one of them started cold: nothing was warm
# before the sale.
#
# ## Exercise 1: 2,500 shoppers in one instant
#
# Same function, same account, but 2,500 shoppers click together. How many of them are
# throttled?

# %% tags=["exercise:sale-throttles"]
predicted_throttles = ...

# %%
lab.check("sale-throttles", predicted_throttles)

# %%
big_sale = flash_sale(SHOP, 2500)
shop = big_sale.metrics["shop"]
print(f"served: {shop.invocations}, throttled: {shop.throttles}")
concurrency_chart(big_sale, account_limit=ACCOUNT.concurrency_limit)

# %% [markdown]
# ## Step 2: a surge that lasts
#
# A spike that lasts is different from one instant: the allowance refills as time passes.
# Here 500 requests per second, 4 s each, start at once and keep coming. The function needs
# about 2,000 environments; watch it climb towards them while the first seconds throttle.

# %%
surge = Simulation(account=ACCOUNT, functions=[SHOP.replace(duration=Fixed(4.0))],
                   sources=[Constant(500, function="shop")], seed=1, horizon=40, period_s=1).run()
shop = surge.metrics["shop"]
print(f"throttled: {shop.throttles} of {shop.invocations + shop.throttles}, "
      f"throttles per second: {shop.series['Throttles'][:10]}")
concurrency_chart(surge, account_limit=ACCOUNT.concurrency_limit)

# %% [markdown]
# ## Exercise 2: ready for the sale
#
# You know when the sale starts. Build `ready` from `SHOP` so that all 2,500 shoppers are
# served, with as few pre-initialised environments as possible (within 100 of the least).

# %% tags=["exercise:ready-for-the-sale"]
ready = ...

# %%
lab.check("ready-for-the-sale", ready)

# %%
lab

# %% [markdown]
# ## Key points
#
# - The account's concurrency limit says how far functions may scale; the scaling rate says
#   how fast: each function can add up to 1,000 execution environments every 10 seconds.
# - A spike larger than that, arriving in one instant, is throttled (HTTP 429) even when the
#   account has room; retries, queues or a gentler ramp absorb it.
# - For a spike you can predict, provisioned concurrency gets environments ready in advance.
# - The account-wide burst limits (500 to 3,000, then 500 per minute) are the pre-November
#   2023 rules: expect them in older material only.
#
# **Check yourself:** [the concurrency quiz](quiz:04-concurrency).
