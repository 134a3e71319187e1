"""The director's financial disclosure pages and the review steps of a statement."""
