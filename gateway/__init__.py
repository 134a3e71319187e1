"""The public gateway: reporters (and, later, filers). Holds only public keys (G6)."""
