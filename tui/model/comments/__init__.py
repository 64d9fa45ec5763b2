"""Comments and their store: the file format, safe writing, anchors, drafts and export."""
