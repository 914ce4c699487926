"""Hostile tests (issue 7)."""
