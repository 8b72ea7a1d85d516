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
# # Lab 02 · How long does an idle environment live?
#
# **Objectives.** By the end of this lab you can:
#
# - explain why a function with little traffic starts cold most of the time;
# - predict the share of cold starts from the gaps between requests;
# - tell the difference between an environment reclaimed for being idle and one replaced
#   while busy.
#
# **The scenario.** An internal API gets a request now and then: sometimes every few seconds,
# sometimes once in twenty minutes. You measure how often its users wait for a cold start.
#
# **A model assumption.** After an invocation, Lambda keeps the execution environment for a
# while in case another request comes, then reclaims it. AWS does not publish how long it
# waits, and it also replaces environments periodically even when they are busy
# ([execution environment lifecycle](https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html)).
# The course's model uses 10 idle minutes and a 2-hour maximum lifetime; both are settings
# (`idle_expiry_s`, `max_lifetime_s`), not AWS facts.

# %%
from sandbox import Simulation, Arrivals, Poisson
from sandbox.charts import timeline_chart, latency_chart
from sandbox.lab import Lab
from sandbox.lab.labs.lab02_keep_alive import API, cold_share

lab = Lab("02-keep-alive")
print(f"idle expiry: {API.idle_expiry_s / 60:.0f} min, maximum lifetime: {API.max_lifetime_s / 3600:.0f} h")

# %% [markdown]
# ## Step 1: a short gap and a long gap
#
# Three requests: the second comes 5 minutes after the first, the third 15 minutes after the
# second. Watch the timeline: a mark shows where an environment is shut down.

# %%
simulation = Simulation(functions=[API], sources=[Arrivals([0, 300, 1200], function="api")],
                        horizon=1900, timelines=True)
done = simulation.keep_invocations()
result = simulation.run()
for invocation in sorted(done, key=lambda i: i.arrival):
    print(f"t = {invocation.arrival / 60:>4.0f} min  cold: {invocation.cold}")
timeline_chart(result)

# %% [markdown]
# ## Exercise 1: a request every 15 minutes
#
# A health check calls the API every 15 minutes, twelve times in three hours, and nothing
# else does. How many of those twelve invocations are cold starts?

# %% tags=["exercise:every-15-minutes"]
predicted_cold_starts = ...

# %%
lab.check("every-15-minutes", predicted_cold_starts)

# %% [markdown]
# `lab.hint("every-15-minutes")` gives a hint per call; `lab.solution("every-15-minutes")`
# shows an answer.
#
# ## Step 2: random traffic
#
# Real requests do not come on a timer. With random (Poisson) arrivals, the gaps between
# requests vary around their average. The sweep below measures the share of cold starts for
# several average gaps, 300 requests each.

# %%
for mean_gap_min in (1, 5, 10, 20, 60):
    share = cold_share(1 / (mean_gap_min * 60))
    print(f"one request every {mean_gap_min:>2} min on average: {share:5.0%} cold {'#' * round(share * 40)}")

# %% [markdown]
# Cold starts add their Init time to the latency, so a quiet function has two humps in its
# latency distribution: warm requests near 100 ms and cold ones near 400 ms.

# %%
result = Simulation(functions=[API], sources=[Poisson(1 / 600, function="api")],
                    seed=2, horizon=300 * 600).run()
latency_chart(result)

# %% [markdown]
# ## Exercise 2: one request every 20 minutes, at random
#
# Requests arrive at random, on average one every 20 minutes. Roughly what share of them are
# cold starts? Give a fraction from 0 to 1 (the check accepts answers within 0.08 of what the
# model measures).

# %% tags=["exercise:random-traffic"]
predicted_share = ...

# %%
lab.check("random-traffic", predicted_share)

# %% [markdown]
# ## Step 3: busy, and still a cold start now and then
#
# One request a minute never leaves an environment idle for 10 minutes. Over six hours, a few
# cold starts still happen: in the model, each environment is replaced after its maximum
# lifetime, as Lambda does periodically for maintenance.

# %%
result = Simulation(functions=[API], sources=[Poisson(1 / 60, function="api")],
                    seed=2, horizon=6 * 3600).run()
metrics = result.metrics["api"]
print(f"{metrics.invocations} invocations, {metrics.cold_starts} cold starts")

# %%
lab

# %% [markdown]
# ## Key points
#
# - Lambda reclaims execution environments that stay idle; AWS does not publish for how long,
#   so treat any number (this model uses 10 minutes) as an assumption.
# - A request is cold when the gap before it is longer than the idle expiry, so low-traffic
#   functions start cold most of the time and busy ones rarely do.
# - With random traffic some gaps are short even when the average is long: the share of cold
#   starts falls smoothly as the rate grows.
# - Even a busy function sees occasional cold starts, because environments are replaced
#   periodically.
#
# **Check yourself:** [the execution environment quiz](quiz:02-execution-environment).
