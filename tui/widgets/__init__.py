"""Widgets: one per module. Widgets never read or write files; screens do that."""
