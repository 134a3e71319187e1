"""Notifications: content-free email to officers and filers."""
