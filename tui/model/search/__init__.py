"""Search: in one article, across the folder, and the folding that makes Müller find Mueller."""
