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
# # Lab 01 · Cold starts versus warm starts
#
# **Objectives.** By the end of this lab you can:
#
# - tell which invocations of a function pay for the Init phase and which reuse a warm
#   execution environment;
# - predict how many cold starts a pattern of requests causes;
# - move work out of the handler so that it runs once per execution environment.
#
# **The scenario.** You own a small function. You send it a few requests, first one after
# another and then all at once, and watch the model of Lambda create execution environments.
# Then you speed up an orders API whose handler opens a database connection on every request.
#
# Run the cells in order: press **Run** (or Shift+Enter) in each one. Cells share their
# variables, as in Jupyter.

# %%
from sandbox import Simulation, FunctionConfig, InitModel, Fixed, Arrivals, Burst
from sandbox.charts import timeline_chart
from sandbox.lab import Lab

lab = Lab("01-cold-vs-warm")

# %% [markdown]
# ## Step 1: one request
#
# Before Lambda can run your handler, it creates an execution environment and runs its Init
# phase: it starts any extensions, boots the runtime and runs your function's code that sits
# outside the handler. Only then does the Invoke phase run the handler. For on-demand
# functions the Init phase is limited to 10 seconds (with provisioned concurrency or SnapStart,
# Init runs ahead of time, outside any request)
# ([execution environment lifecycle](https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html)).
#
# The function below spends 0.5 s in Init and 0.3 s in its handler. Send it one request.

# %%
probe = FunctionConfig(name="probe", init=InitModel(fixed_s=0.5), duration=Fixed(0.3))

simulation = Simulation(functions=[probe], sources=[Arrivals([0.0], function="probe")],
                        horizon=5, timelines=True)
done = simulation.keep_invocations()
result = simulation.run()
print(f"latency: {done[0].latency * 1000:.0f} ms, cold start: {done[0].cold}")
timeline_chart(result)

# %% [markdown]
# The request waited for Init and for the handler: 800 ms in all. That first, slower
# invocation is a **cold start**.
#
# ## Exercise 1: ten requests, one after another
#
# Now ten requests arrive two seconds apart. Each one ends 0.3 s after it starts. How many of
# them are cold starts? Replace `...` with your prediction, run the cell, then run the check.

# %% tags=["exercise:one-at-a-time"]
predicted_cold_starts = ...

# %%
lab.check("one-at-a-time", predicted_cold_starts)

# %% [markdown]
# Need help? `lab.hint("one-at-a-time")` gives one hint per call, and
# `lab.solution("one-at-a-time")` shows an answer. Once you have checked your prediction, run
# the experiment and look at the timeline: one row per execution environment.

# %%
simulation = Simulation(functions=[probe],
                        sources=[Arrivals([2.0 * i for i in range(10)], function="probe")],
                        horizon=25, timelines=True)
result = simulation.run()
print("cold starts:", result.metrics["probe"].cold_starts)
timeline_chart(result)

# %% [markdown]
# ## Exercise 2: ten requests at the same moment
#
# A client sends ten requests in the same instant. An execution environment is busy for the
# whole of an invocation and cannot take another request meanwhile; Lambda provisions a
# separate execution environment for each concurrent request
# ([understanding Lambda function scaling](https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html)).
# How many cold starts now?

# %% tags=["exercise:all-at-once"]
predicted_cold_starts = ...

# %%
lab.check("all-at-once", predicted_cold_starts)

# %%
simulation = Simulation(functions=[probe], sources=[Burst(10, at=1.0, function="probe")],
                        horizon=5, timelines=True)
result = simulation.run()
print("cold starts:", result.metrics["probe"].cold_starts)
timeline_chart(result)

# %% [markdown]
# Cold starts follow **concurrency**, not the number of requests: a new environment is needed
# whenever a request finds every existing one busy (or none at all).
#
# ## Step 2: what runs once, what runs every time
#
# Code outside the handler runs once per execution environment, in Init. The handler runs on
# every invocation. AWS recommends initialising SDK clients and database connections outside
# the handler so that later invocations in the same environment reuse them
# ([best practices](https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html)).
#
# The orders API below does the opposite: its handler opens a database connection (0.3 s)
# and then runs a query (0.05 s) on every invocation. Its Init phase takes 0.4 s.

# %%
from sandbox.lab.labs.lab01_cold_vs_warm import SLOW, latencies

SLOW

# %%
before = latencies(SLOW)
print(f"first request: {before[0] * 1000:.0f} ms, the others: {before[1] * 1000:.0f} ms each")

# %% [markdown]
# ## Exercise 3: open the connection once per environment
#
# Build `faster`: the same function with the connection opened in the init code. Use
# `SLOW.replace(...)` to change `init` and `duration`. The check measures 20 requests, two
# seconds apart, on your configuration.

# %% tags=["exercise:move-the-connection"]
faster = ...

# %%
lab.check("move-the-connection", faster)

# %% [markdown]
# The first request gets slower, by the 0.3 s the connection takes, and every later request
# gets 0.3 s faster. With enough warm invocations per cold start, that trade wins easily.

# %%
lab

# %% [markdown]
# ## Key points
#
# - A **cold start** is an invocation that waits for a new execution environment's Init
#   phase; a **warm** invocation reuses an environment that has already initialised.
# - An execution environment runs one invocation at a time, so concurrent requests need
#   separate environments and each new one starts cold.
# - Code outside the handler runs once per execution environment; the handler runs on every
#   invocation. Put clients and connections outside the handler.
# - Moving work into Init makes the cold start slower and every warm invocation faster.
#
# **Check yourself:** [the execution environment quiz](quiz:02-execution-environment).
