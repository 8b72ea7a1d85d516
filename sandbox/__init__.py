"""Cold Start's sandbox: a deterministic discrete-event model of AWS Lambda.

The public API in one import::

    from sandbox import Simulation, FunctionConfig, AccountConfig, Poisson
    result = Simulation(functions=[FunctionConfig(name="api", memory_mb=512)],
                        sources=[Poisson(20, function="api")], seed=1, horizon=600).run()
    result.metrics["api"].to_dict()
"""

from .config import (AccountConfig, CpuBound, DurationModel, Empirical, Exponential, Fixed,
                     FunctionConfig, InitModel, LogNormal, Uniform, vcpu_for_memory)
from .cost import CostBreakdown, function_cost, invocation_cost, tiered_duration_price
from .engine import Engine
from .environment import ExecutionEnvironment
from .function import LambdaFunction
from .invocation import Invocation, Outcome
from . import facts
from .metrics import FunctionMetrics, LatencySketch
from .power_tuning import PowerTuningResult, power_tune
from .simfaas_mode import SimFaaSResult, simulate_simfaas
from .simulation import Simulation, SimulationResult
from .traffic import Arrivals, Burst, Constant, Diurnal, Poisson, Replay, Step, TrafficSource

__version__ = "0.1.0"

__all__ = [
    "AccountConfig", "FunctionConfig", "InitModel", "DurationModel", "Fixed", "Exponential",
    "Uniform", "LogNormal", "CpuBound", "Empirical", "vcpu_for_memory",
    "CostBreakdown", "function_cost", "invocation_cost", "tiered_duration_price",
    "Engine", "ExecutionEnvironment", "LambdaFunction", "Invocation", "Outcome",
    "FunctionMetrics", "LatencySketch", "Simulation", "SimulationResult", "facts",
    "power_tune", "PowerTuningResult", "simulate_simfaas", "SimFaaSResult",
    "TrafficSource", "Arrivals", "Constant", "Poisson", "Step", "Burst", "Diurnal", "Replay",
]
