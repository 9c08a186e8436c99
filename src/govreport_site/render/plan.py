"""Decide ids, URLs, regions and years for the whole corpus."""
