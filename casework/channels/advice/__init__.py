"""The advice channel(s): see policy.py."""
