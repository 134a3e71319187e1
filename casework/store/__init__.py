"""Storage: engines, migrations, the clock, random ids, the blob store and hash-chained appends."""
