"""Protection against retaliation: the steps of a formal request beyond its status (its
rules are plain data in ``casework/channels/retaliation/policy.py``)."""
