"""The financial disclosure programme: cycles, the roster of filers, statements and review."""
