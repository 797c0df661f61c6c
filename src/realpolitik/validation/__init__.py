"""Validation of the bargaining models on real outcomes (DEU III and users' own records)."""
