"""The reader's own state: reading positions, history, settings and where user files live."""
