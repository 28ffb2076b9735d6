"""Shared code of the course notebooks: plotting, data loading, public checks."""
