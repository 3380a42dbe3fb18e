"""Benchmarks: ``python -m bench [coding|report|all] [--quick]`` from the repository root."""
