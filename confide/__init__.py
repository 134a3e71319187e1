"""Confide: settings and the `confide` command line that ties the packages together."""
