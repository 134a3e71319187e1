"""Statistics: counts from clear metadata only; never opens a case key.

:func:`~casework.statistics.counts.count_cases` counts cases by channel, status, category,
outcome and a channel's clear facts, for a period.
"""
