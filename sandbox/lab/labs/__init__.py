"""The exercises of every lab, by lab id (one module per lab, named after it)."""

from __future__ import annotations

from importlib import import_module

from ..exercise import Exercise

#: Lab id -> module in this package defining ``EXERCISES``.
_MODULES = {
    "01-cold-vs-warm": "lab01_cold_vs_warm",
    "02-keep-alive": "lab02_keep_alive",
    "03-concurrency-throttling": "lab03_concurrency_throttling",
    "04-provisioned-concurrency": "lab04_provisioned_concurrency",
    "05-burst-scaling": "lab05_burst_scaling",
    "06-async-invocations": "lab06_async_invocations",
    "07-sqs-event-source": "lab07_sqs_event_source",
    "08-streams": "lab08_streams",
    "09-api-gateway": "lab09_api_gateway",
    "10-edge": "lab10_edge",
    "11-vpc": "lab11_vpc",
    "12-cost-power-tuning": "lab12_cost_power_tuning",
    "13-canary-aliases": "lab13_canary_aliases",
}
LAB_IDS = tuple(_MODULES)


def exercises_for(lab_id: str) -> tuple[Exercise, ...]:
    """The exercises of ``lab_id`` in notebook order; ValueError names the known labs."""
    if lab_id not in _MODULES:
        raise ValueError(f"unknown lab {lab_id!r}; labs with exercises: {', '.join(LAB_IDS)}")
    return import_module(f".{_MODULES[lab_id]}", __name__).EXERCISES
