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
# # Lab 10 · At the edge
#
# **Objectives.** By the end of this lab you can:
#
# - choose between CloudFront Functions and Lambda@Edge for a task, from its needs;
# - pick the CloudFront event (viewer or origin) that a Lambda@Edge function should run on;
# - explain why code near the viewer answers faster than a distant regional function.
#
# **The scenario.** A shop serves viewers worldwide through CloudFront, with its API and images
# in one Region. Four small jobs could run at the edge.
#
# **The rules.** CloudFront Functions run only on viewer request and viewer response events,
# in under a millisecond, with 2 MB of memory, 10 KB of code and no network access; Lambda@Edge
# functions are Lambda functions that can also run on origin request and origin response
# events and can call the network
# ([choosing between CloudFront Functions and Lambda@Edge](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-choosing.html)).
# On viewer events Lambda@Edge is limited to 128 MB of memory and 5 seconds
# ([quotas on Lambda@Edge](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge)).
# Viewer triggers run on every request; origin triggers only when the cache misses
# ([CloudFront events that can trigger a Lambda@Edge function](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-cloudfront-trigger-events.html)).

# %%
from sandbox.edge import leg_seconds
from sandbox.lab import Lab
from sandbox.lab.labs.lab10_edge import TASKS, problems

lab = Lab("10-edge")
for task, need in TASKS.items():
    print(f"{task:20} {need['event']:16} {need['what']}")

# %% [markdown]
# ## Step 1: check a choice against the limits
#
# `problems(task, kind)` lists every documented limit a choice would break. Try it on one task.

# %%
problems("call-auth-service", "cloudfront-function")

# %% [markdown]
# ## Exercise 1: CloudFront Function or Lambda@Edge?
#
# Build `choices`, a dict mapping each of the four tasks to `"cloudfront-function"` or
# `"lambda-edge"`: the lighter option whenever it fits.

# %% tags=["exercise:pick-the-runtime"]
choices = ...

# %%
lab.check("pick-the-runtime", choices)

# %% [markdown]
# ## Exercise 2: where should the resize run?
#
# The image resize needs 1 GB of memory and a few seconds, on Lambda@Edge. Set `trigger` to the
# CloudFront event it should run on: `"viewer-request"`, `"origin-request"`,
# `"origin-response"` or `"viewer-response"`.

# %% tags=["exercise:resize-trigger"]
trigger = ...

# %%
lab.check("resize-trigger", trigger)

# %% [markdown]
# ## Step 2: why the edge is faster
#
# Distance costs time. The model estimates one network leg from the speed of light in fibre
# (about 200 km per millisecond) times a route factor, plus a fixed hop: a physics estimate
# and a model assumption, not an AWS number. Compare a viewer in Sydney answered by an edge
# location in the same city with one answered by a function in Northern Virginia.

# %%
for place, km in (("edge location, same city", 30), ("Region on the same continent", 1500),
                  ("Region across the Pacific", 15700)):
    print(f"{place:30} round trip ≈ {2 * leg_seconds(km) * 1000:6.1f} ms")

# %%
lab

# %% [markdown]
# ## Key points
#
# - CloudFront Functions: viewer events only, sub-millisecond, 2 MB, 10 KB of code, no
#   network. Ideal for headers, redirects, URL and cache-key normalisation.
# - Lambda@Edge: all four events, network access, more time and memory (128 MB and 5 s on
#   viewer events, more on origin events).
# - Viewer triggers run on every request; origin triggers only on cache misses, so put heavy
#   work there and let CloudFront cache the result.
# - Running near the viewer saves the long network round trip to the Region.
#
# **Check yourself:** [the edge quiz](quiz:08-edge).
