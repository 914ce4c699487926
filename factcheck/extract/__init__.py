"""Extraction: article text -> atomic, normalized, check-worthy claim records."""
