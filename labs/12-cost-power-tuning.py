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
# # Lab 12 · Cost and power tuning
#
# **Objectives.** By the end of this lab you can:
#
# - explain why more memory can make a function faster for almost the same cost;
# - find the memory size past which a single-threaded function stops getting faster;
# - read a power-tuning sweep and pick a size for a cost and latency goal;
# - find the traffic at which always-on containers become cheaper than Lambda.
#
# **The scenario.** A thumbnail function spends 1.2 s of CPU time per image at one vCPU and
# 0.1 s waiting for storage. It is single-threaded.
#
# **The rules.** Lambda allocates CPU in proportion to memory, from 128 MB to 10,240 MB; at
# 1,769 MB a function has the equivalent of one vCPU
# ([configuring memory](https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html)).
# Duration is billed per GB-second, rounded up to the millisecond
# ([Lambda pricing](https://aws.amazon.com/lambda/pricing/)). The sweep below works like the
# open-source [AWS Lambda Power Tuning](https://github.com/alexcasalboni/aws-lambda-power-tuning)
# tool: run the function at each memory size and compare duration and cost.

# %%
from sandbox import facts
from sandbox.power_tuning import power_tune
from sandbox.charts import power_chart
from sandbox.lab import Lab
from sandbox.lab.labs.lab12_cost_power_tuning import THUMB, SIZES, stat

lab = Lab("12-cost-power-tuning")

# %% [markdown]
# ## Step 1: the sweep

# %%
sweep = power_tune(THUMB, memory_sizes=SIZES, strategy="cost", num=1)
for s in sweep.stats:
    print(f"{s.memory_mb:>6} MB  {s.duration_s * 1000:>7.0f} ms  ${s.cost * 1e6:>7.2f} of duration per million")
power_chart(sweep)

# %% [markdown]
# Below one vCPU, doubling memory halves the CPU part of the run, so the cost per invocation
# barely moves while the duration falls.
#
# ## Exercise 1: where does more memory stop helping?
#
# From which memory size (in MB) does this single-threaded function stop getting faster?

# %% tags=["exercise:where-it-stops"]
predicted_memory_mb = ...

# %%
lab.check("where-it-stops", predicted_memory_mb)

# %% [markdown]
# ## Exercise 2: as fast as possible, within 10% of the cheapest
#
# The cheapest size per invocation is 128 MB, but users wait. Build `tuned` from `THUMB`: the
# fastest configuration whose cost per invocation is at most 10% above the cheapest.

# %% tags=["exercise:fast-and-cheap"]
tuned = ...

# %%
lab.check("fast-and-cheap", tuned)

# %% [markdown]
# ## Step 2: arm64
#
# Functions on arm64 (Graviton) pay a lower price per GB-second than on x86_64. How much faster
# or slower your code runs on arm64 depends on the code, so measure it: the model only applies
# the price.

# %%
x86 = facts.PRICE_PER_GB_S_TIERS["x86_64"][0][1]
arm = facts.PRICE_PER_GB_S_TIERS["arm64"][0][1]
print(f"price per GB-s: x86_64 ${x86:.10f}, arm64 ${arm:.10f} ({arm / x86 - 1:+.0%})")
for architecture in ("x86_64", "arm64"):
    s = stat(THUMB.replace(memory_mb=1769, architecture=architecture))
    print(f"{architecture:7} at 1769 MB: ${s.cost * 1e6:.2f} per million images")

# %% [markdown]
# ## Step 3: Lambda or containers?
#
# Lambda charges per request and per millisecond, nothing when idle; AWS Fargate charges for
# the tasks you run, busy or idle. Take lesson 14's example: an API whose requests take 120 ms at
# 512 MB, against two always-on Fargate tasks of 0.5 vCPU and 1 GB in US East
# ([AWS Fargate pricing](https://aws.amazon.com/fargate/pricing/)).

# %%
from sandbox.lab.labs.lab12_cost_power_tuning import fargate_monthly, lambda_per_million

print(f"Fargate, two tasks: ${fargate_monthly():.2f} a month at any traffic they can carry")
print(f"Lambda: ${lambda_per_million():.2f} per million requests (request + duration charges)")

# %% [markdown]
# ## Exercise 3: where Lambda stops being cheaper
#
# At how many million requests a month does the Lambda bill equal the Fargate bill? (Within
# 10%.)

# %% tags=["exercise:fargate-crossover"]
predicted_millions = ...

# %%
lab.check("fargate-crossover", predicted_millions)

# %%
lab

# %% [markdown]
# ## Key points
#
# - Memory sets CPU: one vCPU at 1,769 MB, proportionally less below, up to 6 vCPUs at
#   10,240 MB.
# - For CPU-bound work below one vCPU, more memory shortens the run about as much as it raises
#   the price per second: faster for nearly the same cost.
# - Single-threaded code cannot use more than one vCPU: above 1,769 MB it only costs more.
# - Measure with a power-tuning sweep instead of guessing; consider arm64 for a lower price.
# - Lambda's bill grows with traffic, a container fleet's is flat: below the crossover (here
#   about 30 million requests a month) Lambda is cheaper, above it always-on tasks can be.
#
# **Check yourself:** [the configuration quiz](quiz:03-configuration-packaging) and
# [the cost and performance quiz](quiz:14-cost-performance).
