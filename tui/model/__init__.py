"""The model: articles, documents, comments, search and settings in pure Python.

Nothing in this package imports Textual or Rich (a test checks it), so every rule about
content and comments can be tested without a terminal.
"""
