"""The demo school: a deterministic generated school, a year of its evidence, and the
ground truth a correct scan must reproduce (`generate.generate`)."""

from saferpractice.demo.generate import Summary, generate

__all__ = ["Summary", "generate"]
