"""Properties tests (issue 7)."""
