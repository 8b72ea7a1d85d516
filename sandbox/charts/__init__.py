"""Charts for the sandbox's results: pure-Python SVG, no dependencies.

Each chart takes plain data (numbers, intervals), returns an accessible SVG from ``to_svg()``
and shows itself in Jupyter and in the course's browser runtime through ``_repr_svg_()``:

* :class:`Timeline` — one row per execution environment: init (cold start), busy, idle.
* :class:`ConcurrencyChart` — concurrent executions over time against account, reserved and
  provisioned concurrency lines.
* :class:`LatencyChart` — a latency histogram with p50/p90/p99 markers.
* :class:`PowerTuningChart` — duration and cost by memory size.

:func:`concurrency_chart`, :func:`latency_chart` and :func:`timeline_chart` build the first
three from a run's results; :func:`power_chart` the last from a power-tuning result.
"""

from .concurrency import ConcurrencyChart
from .from_results import concurrency_chart, latency_chart, power_chart, timeline_chart
from .latency import LatencyChart
from .power import PowerTuningChart
from .svg import Chart
from .timeline import KINDS, Timeline

__all__ = ["Chart", "ConcurrencyChart", "KINDS", "LatencyChart", "PowerTuningChart", "Timeline",
           "concurrency_chart", "latency_chart", "power_chart", "timeline_chart"]
