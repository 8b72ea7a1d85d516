"""Speed and size benchmarks, printed as ratios against a baseline timed in the same run."""
