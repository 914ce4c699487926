"""Faults tests (issue 7)."""
