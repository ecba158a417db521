"""Throughput benchmarks: connexion on each backend beside the bare framework (see README.rst)."""
