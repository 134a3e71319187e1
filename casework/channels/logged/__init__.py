"""Matters an officer logs in the console: see policy.py."""
