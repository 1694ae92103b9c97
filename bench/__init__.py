"""Benchmarks and synthetic data for scaling work: graphs shaped like ours, at sizes our curated data never reaches."""
