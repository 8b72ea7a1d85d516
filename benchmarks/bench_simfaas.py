"""Our SimFaaS-compatible mode against SimFaaS itself on SimFaaS's README workload.

Workload: Poisson 0.9 req/s, warm 1.991 s, cold 2.244 s (exponential), expiration 600 s,
horizon 10^6 s (``--quick``: 10^5 s). Target: at least 5x faster with matching statistics.
"""

from __future__ import annotations

from benchmarks.common import Measure, timed
from sandbox.simfaas_mode import simulate_simfaas

RATE, WARM, COLD, EXPIRY = 0.9, 1.991, 2.244, 600.0


def run(quick: bool = False) -> list[Measure]:
    """Time both simulators on the same workload; note their main statistics."""
    horizon = 1e5 if quick else 1e6
    ours_s, ours = timed(lambda: simulate_simfaas(RATE, WARM, COLD, EXPIRY, horizon=horizon,
                                                  seed=1))
    note = (f"ours: p_cold={ours.cold_start_prob:.5f} servers={ours.avg_server_count:.3f} "
            f"running={ours.avg_running_count:.3f}")
    try:
        import numpy as np
        from simfaas.ServerlessSimulator import ServerlessSimulator
    except ImportError:
        return [Measure("simfaas README workload (simfaas missing)", ours_s, ours_s, note=note)]
    np.random.seed(1)
    sim = ServerlessSimulator(arrival_rate=RATE, warm_service_rate=1 / WARM,
                              cold_service_rate=1 / COLD, expiration_threshold=EXPIRY,
                              max_time=horizon)
    theirs_s, _ = timed(sim.generate_trace)
    d = sim.get_result_dict()
    note += (f" | simfaas: p_cold={d['prob_cold']:.5f} servers={d['inst_count_avg']:.3f} "
             f"running={d['inst_running_count_avg']:.3f}")
    return [Measure(f"simfaas README workload, horizon {horizon:.0e} s", ours_s, theirs_s,
                    note=note)]
