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
# # Lab 03 · Concurrency and throttling
#
# **Objectives.** By the end of this lab you can:
#
# - estimate a function's concurrency from its request rate and duration;
# - use reserved concurrency to cap a function that protects a database, and say what the cap
#   costs;
# - explain how functions share the account's concurrency pool, and how a reservation shields
#   one function from a noisy neighbour.
#
# **The scenario.** An orders function takes 150 requests per second, each lasting 0.5 s on
# average. Every execution environment holds one connection to a database that accepts at most
# 50 connections. Another function in the same account runs heavy reports.
#
# **The rules.** Concurrency is the number of requests in flight at the same moment, and can be
# estimated as requests per second times the average duration in seconds. All functions in a
# Region share the account's concurrency, 1,000 by default (new accounts start lower, and AWS
# raises their quota automatically with usage)
# ([understanding Lambda function scaling](https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html),
# [Lambda quotas](https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)).
# A synchronous request that finds no concurrency left is throttled with HTTP 429
# ([scaling behavior](https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html)).

# %%
from sandbox import Simulation, AccountConfig, FunctionConfig, InitModel, Fixed, Poisson, Burst
from sandbox.charts import concurrency_chart
from sandbox.lab import Lab
from sandbox.lab.labs.lab03_concurrency_throttling import ORDERS, run

lab = Lab("03-concurrency-throttling")

# %% [markdown]
# ## Exercise 1: estimate the concurrency
#
# Before running anything: how many requests does the orders function have in flight, on
# average, at 150 requests per second and 0.5 s per request?

# %% tags=["exercise:estimate-concurrency"]
predicted_concurrency = ...

# %%
lab.check("estimate-concurrency", predicted_concurrency)

# %% [markdown]
# `lab.hint("estimate-concurrency")` gives a hint per call; `lab.solution(...)` shows an
# answer. Now run one minute of traffic and look at the peak concurrency in each second: it
# moves around the average, and its peaks are what a database would see.

# %%
result = run(ORDERS)
orders = result.metrics["orders"]
print(f"average concurrency: {orders.concurrency_seconds / 60:.0f}, peak: {orders.peak_concurrency}")
concurrency_chart(result)

# %% [markdown]
# ## Exercise 2: protect the database
#
# Each execution environment holds one database connection, and the database accepts 50.
# Reserved concurrency sets both the maximum and the guaranteed concurrency of one function,
# and costs nothing extra; provisioned concurrency is a different setting that pre-initialises
# environments and is billed
# ([configuring reserved concurrency](https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html)).
# Build `protected` from `ORDERS` so that the function can never open more than 50
# connections, while throttling as little as possible.

# %% tags=["exercise:protect-the-database"]
protected = ...

# %%
lab.check("protect-the-database", protected)

# %%
result = run(ORDERS.replace(reserved_concurrency=50))
orders = result.metrics["orders"]
print(f"peak: {orders.peak_concurrency}, throttled: {orders.throttles} of {orders.invocations + orders.throttles}")
concurrency_chart(result)

# %% [markdown]
# The cap holds at 50, and about a third of the requests are throttled: at 150 requests per
# second the function needs about 75. A cap protects the database; it does not create
# capacity. To keep those requests, put a queue in front of the function or raise the
# database's limit.
#
# ## Step 3: a noisy neighbour
#
# All functions without a reservation draw from the same unreserved pool, and Lambda always
# keeps at least 100 of the account's concurrency unreserved
# ([configuring reserved concurrency](https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html)).
# In a small account (a limit of 300 keeps the run short), a report function suddenly
# starts 400 twenty-second jobs. Watch what happens to the orders function, first with no
# reservation and then with 120 reserved.

# %%
account = AccountConfig(concurrency_limit=300)
report = FunctionConfig(name="report", init=InitModel(fixed_s=0.3), duration=Fixed(20.0))
for reserved in (None, 120):
    result = Simulation(account=account,
                        functions=[ORDERS.replace(reserved_concurrency=reserved), report],
                        sources=[Poisson(150, function="orders"), Burst(400, at=20, function="report")],
                        seed=3, horizon=60, period_s=1).run()
    print(f"orders reserved={reserved}: {result.metrics['orders'].throttles} orders throttled, "
          f"{result.metrics['report'].throttles} reports throttled")
concurrency_chart(result, function="orders", account_limit=300)

# %% [markdown]
# Without a reservation the report burst takes the pool and orders are throttled. With 120
# reserved, orders keep their share and the report function can use only the rest.

# %%
lab

# %% [markdown]
# ## Key points
#
# - Concurrency ≈ requests per second × average duration in seconds; it is not the request
#   rate.
# - All functions in a Region share the account's concurrency (1,000 by default, less for a
#   new account); a request
#   that finds none left is throttled (HTTP 429 for synchronous calls).
# - **Reserved concurrency** is both a cap and a guarantee for one function, at no extra
#   charge. Use it to protect a downstream resource or to shield a critical function.
# - **Provisioned concurrency** pre-initialises environments; it is not a cap.
# - A cap below the traffic's needs turns the excess into throttles: add a queue or retries.
#
# **Check yourself:** [the concurrency quiz](quiz:04-concurrency).
