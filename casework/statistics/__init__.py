"""Statistics: counts from clear metadata only; never opens a case key."""
