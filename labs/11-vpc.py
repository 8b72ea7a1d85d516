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
# # Lab 11 · Lambda in a VPC
#
# **Objectives.** By the end of this lab you can:
#
# - explain where Lambda places the execution environments of a function attached to a VPC;
# - predict what a single-subnet function does when its Availability Zone fails;
# - configure subnets and a NAT gateway so that the function reaches the internet and survives
#   a zone failure.
#
# **The scenario.** An orders function reads a database in private subnets and calls a
# public payment API. Its traffic grows from 5 to 30 requests per second at the six-minute
# mark, while Availability Zone us-east-1a is down from minute 5 to minute 10.
#
# **The rules.** Lambda creates the function's Hyperplane network interfaces when you create
# the function or change its VPC settings. A new function is `Pending` until they exist; an
# existing function whose VPC settings change stays `Active`, with `LastUpdateStatus`
# `InProgress`, and keeps serving with its previous configuration until the update completes
# ([function states](https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html)).
# A function connected to a VPC has no internet access unless its private subnets route
# through a NAT gateway
# ([internet access for VPC functions](https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html)),
# and AWS recommends subnets in several Availability Zones for high availability
# ([giving Lambda functions access to a VPC](https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html)).
# How long `Pending` lasts and what a VPC adds to a cold start are not documented: the model's
# values are assumptions.

# %%
from sandbox.vpc import VpcConfig
from sandbox.charts import concurrency_chart
from sandbox.lab import Lab
from sandbox.lab.labs.lab11_vpc import ONE_AZ, run_vpc

lab = Lab("11-vpc")
print(ONE_AZ)

# %% [markdown]
# ## Step 1: a calm day
#
# No outage: the function scales in its single subnet as traffic grows.

# %%
calm = run_vpc(ONE_AZ, outage=None)
orders = calm.result.metrics["orders"]
print(f"throttled: {orders.throttles}, environments by AZ: {calm.vpc.environments_by_az()}")
concurrency_chart(calm.result)

# %% [markdown]
# ## Exercise 1: the only Availability Zone fails
#
# Same function, but us-east-1a fails at minute 5, a minute before traffic grows, and comes
# back at minute 10. How many new execution environments does Lambda start while the zone is
# down?

# %% tags=["exercise:one-az-down"]
predicted_new_environments = ...

# %%
lab.check("one-az-down", predicted_new_environments)

# %%
outage = run_vpc(ONE_AZ)
orders = outage.result.metrics["orders"]
print(f"refused: {orders.throttles}, blocked creations: {outage.vpc.stats.blocked_creations}")
concurrency_chart(outage.result)

# %% [markdown]
# ## Exercise 2: reach the internet and survive a zone failure
#
# Build `settings`, a `VpcConfig`, so that the function can call the payment API on the
# internet and keeps scaling when one Availability Zone fails.

# %% tags=["exercise:resilient-vpc"]
settings = ...

# %%
lab.check("resilient-vpc", settings)

# %% [markdown]
# With a second subnet, new environments go to the healthy zone while the other is down.
# (In this model the environments already running in the failed zone keep serving; that is the
# model's simplification, not a documented AWS behaviour: plan for losing them too.)

# %%
lab

# %% [markdown]
# ## Key points
#
# - Lambda creates a VPC function's network interfaces ahead of time; a new function is
#   `Pending` until they exist (an update keeps it `Active`, `LastUpdateStatus: InProgress`),
#   and cold starts no longer pay for an interface each.
# - Environments are placed only in the function's own subnets: give it subnets in at least
#   two Availability Zones.
# - A VPC function reaches the internet over IPv4 only through a NAT gateway in its route;
#   without one, internet calls hang until the function times out. Outbound IPv6 needs
#   dual-stack subnets and `Ipv6AllowedForDualStack`
#   ([VpcConfig](https://docs.aws.amazon.com/lambda/latest/api/API_VpcConfig.html)).
#
# **Check yourself:** [the VPC quiz](quiz:09-vpc).
