"""The declarations channel(s): see policy.py."""
