"""Marginalia: a terminal article reader with comments on every paragraph."""

__version__ = "0.1.0"
