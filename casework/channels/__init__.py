"""Channels: one sub-package per way into the office, each with its policy and its own tables."""
