"""Articles and their formats: safe reading, front matter, the block document, links, changes.

The block document is built from Markdown (with raw HTML) and from plain text saved from pages.
"""
