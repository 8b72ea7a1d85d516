"""Cold Start's sandbox: a deterministic discrete-event model of AWS Lambda."""

__version__ = "0.1.0"
