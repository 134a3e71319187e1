"""The retaliation channel(s): see policy.py."""
