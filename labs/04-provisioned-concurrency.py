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
# # Lab 04 · Provisioned concurrency
#
# **Objectives.** By the end of this lab you can:
#
# - size provisioned concurrency so that no invocation waits for Init;
# - explain spillover: what happens to invocations beyond the provisioned amount;
# - work out when provisioned concurrency costs less than on-demand, and when it costs more.
#
# **The scenario.** A checkout function on Java-like start-up (1.2 s of Init) takes 50
# requests per second, 0.2 s each. Users notice every cold start. You pre-initialise
# execution environments and compare latency and cost.
#
# **The rules.** Provisioned concurrency is a number of execution environments that Lambda
# initialises in advance, ready to respond at once; configuring it is billed
# ([configuring reserved concurrency](https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html)).
# Invocations beyond it are served by on-demand environments, counted by the CloudWatch metric
# `ProvisionedConcurrencySpilloverInvocations`
# ([monitoring concurrency](https://docs.aws.amazon.com/lambda/latest/dg/monitoring-concurrency.html)).

# %%
from sandbox.charts import latency_chart, concurrency_chart
from sandbox.lab import Lab
from sandbox.lab.labs.lab04_provisioned_concurrency import CHECKOUT, measure, run

lab = Lab("04-provisioned-concurrency")

# %% [markdown]
# ## Step 1: on demand only
#
# Two hundred seconds of traffic with no provisioned concurrency. The first second is the worst:
# fifty requests arrive during the first 1.2 s Init, and each needs its own environment.

# %%
before = measure(CHECKOUT)
print(f"cold starts: {before['cold_starts']}, peak concurrency: {before['peak']}, "
      f"average concurrency: {before['mean_concurrency']:.1f}, p99.9: {before['p999_ms']:.0f} ms")
latency_chart(run(CHECKOUT))

# %% [markdown]
# ## Exercise 1: no cold starts, no waste
#
# Build `tuned` from `CHECKOUT` with provisioned concurrency, so that no invocation is a cold
# start, without provisioning more than 5 environments above what the traffic needs at its
# peak. Try a value, read the measurement in the feedback, adjust.

# %% tags=["exercise:no-cold-starts"]
tuned = ...

# %%
lab.check("no-cold-starts", tuned)

# %% [markdown]
# `lab.hint("no-cold-starts")` gives a hint per call. Compare three settings side by side:
# below the peak, some invocations spill over and a few start cold.

# %%
for provisioned in (0, 10, 20, 25):
    m = measure(CHECKOUT.replace(provisioned_concurrency=provisioned))
    print(f"provisioned {provisioned:>2}: {m['cold_starts']:>3} cold starts, {m['spillover']:>5} spillover, "
          f"p99.9 {m['p999_ms']:>5.0f} ms, cost ${m['cost']:.4f}")

# %%
concurrency_chart(run(CHECKOUT.replace(provisioned_concurrency=20)))

# %% [markdown]
# ## Step 2: what it costs
#
# Without provisioned concurrency, you pay per GB-second of duration. With it, you pay per
# GB-second *configured*, whether busy or idle, plus a lower duration price for the time it is
# busy ([Lambda pricing](https://aws.amazon.com/lambda/pricing/), us-east-1, x86):

# %%
from sandbox import facts

on_demand = facts.PRICE_PER_GB_S_TIERS["x86_64"][0][1]
always_on = facts.PRICE_PROVISIONED_PER_GB_S["x86_64"]
busy = facts.PRICE_PROVISIONED_DURATION_PER_GB_S["x86_64"]
print(f"on-demand duration:        ${on_demand:.10f} per GB-s")
print(f"provisioned, configured:   ${always_on:.10f} per GB-s")
print(f"provisioned, duration:     ${busy:.10f} per GB-s")

# %% [markdown]
# ## Exercise 2: the break-even utilisation
#
# Utilisation is the share of the time the provisioned environments are busy. At what
# utilisation does provisioned concurrency cost the same as on-demand? Give a fraction
# from 0 to 1 (within 0.05).

# %% tags=["exercise:break-even"]
break_even = ...

# %%
lab.check("break-even", break_even)

# %% [markdown]
# In this scenario the 25 provisioned environments are busy about 10.5 / 25 ≈ 42% of the time,
# below the break-even: the table above shows it costing more than none. Ten provisioned
# environments, busy nearly all the time, cost less than none, but leave the cold starts. Here
# you pay for steady latency, not for a lower bill.

# %%
lab

# %% [markdown]
# ## Key points
#
# - Provisioned concurrency initialises execution environments before requests arrive;
#   invocations it serves never wait for Init.
# - Size it to the peak concurrency: invocations above it spill over to on-demand
#   environments, which can start cold.
# - It is billed while configured, busy or not, with a lower duration price when busy: it is
#   cheaper than on-demand only at high utilisation (about 60% at us-east-1 x86 prices).
# - Reserved concurrency is a different setting: a cap and a guarantee, with no
#   pre-initialisation and no charge.
#
# **Check yourself:** [the concurrency quiz](quiz:04-concurrency) and
# [the cost and performance quiz](quiz:14-cost-performance).
