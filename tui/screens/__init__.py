"""Screens and modal dialogs: a screen owns model objects and routes messages."""
