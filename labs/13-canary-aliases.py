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
# # Lab 13 · Canary deployments with weighted aliases
#
# **Objectives.** By the end of this lab you can:
#
# - work out how many requests a buggy canary version affects;
# - configure a weighted alias that sends a small share of traffic to a new version;
# - explain how an error-rate alarm that rolls the weight back limits the damage.
#
# **The scenario.** A payment API is served through the alias `live`. Version 1 fails 0.5% of
# requests. Version 2 ships with a bug that fails 20% of them. Ten requests arrive per second
# for ten minutes.
#
# **The rules.** A weighted alias routes a share of its requests to a second version; both
# versions must be published (an alias with routing cannot point to `$LATEST`), and at most two
# versions share an alias
# ([alias routing configuration](https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html)).
# In the model, a guard plays the part of a deployment alarm: every minute it compares the
# canary's error rate with 5% and sets the weight back to 0 when it is higher.

# %%
from sandbox.aliases import AliasConfig
from sandbox.lab import Lab
from sandbox.lab.labs.lab13_canary_aliases import run_alias, failed_share

lab = Lab("13-canary-aliases")

# %% [markdown]
# ## Step 1: switch everything to version 2
#
# First, the big-bang deployment: the alias sends all traffic to version 2.

# %%
print(f"share of requests that failed: {failed_share(weight=1.0):.3f}")

# %% [markdown]
# ## Exercise 1: how many customers see the bug?
#
# Now the alias keeps version 1 primary and sends 10% of the requests to version 2, with no
# alarm. What share of all requests fail? (Within 0.006 of the model's measurement.)

# %% tags=["exercise:canary-blast-radius"]
predicted_failed_share = ...

# %%
lab.check("canary-blast-radius", predicted_failed_share)

# %% [markdown]
# ## Step 2: add the guard
#
# The same 10% canary, now watched: once a minute the guard looks at version 2's error rate.

# %%
guarded = run_alias(weight=0.1, guard=True)
print(f"rolled back at {guarded['rolled_back_at']:.0f} s; requests per version: "
      f"{ {label: v['invocations'] for label, v in guarded['versions'].items()} }")
print(f"share of requests that failed: {failed_share(weight=0.1, guard=True):.3f}")

# %% [markdown]
# ## Exercise 2: shape the canary
#
# Build `canary`, an `AliasConfig` for the alias `live`, that tests version 2 on a small share
# of the traffic (at most 20%) while version 1 serves the rest. The check runs it with the
# guard.

# %% tags=["exercise:shape-the-canary"]
canary = ...

# %%
lab.check("shape-the-canary", canary)

# %%
lab

# %% [markdown]
# ## Key points
#
# - A weighted alias splits traffic between two published versions: `primary` gets the rest,
#   `additional` gets `weight`.
# - A canary's bug reaches only its share of the traffic: weight × its error rate.
# - Pair the canary with an alarm that rolls the weight back; the smaller the weight and the
#   faster the alarm, the fewer customers see the bug.
#
# **Check yourself:** [the versions and aliases quiz](quiz:10-versions-aliases).
