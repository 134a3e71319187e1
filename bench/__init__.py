"""Load and scale benchmarks for Confide (issue 6), run by ``make bench``.

The harness starts the real gateway and console under uvicorn in their own processes on
127.0.0.1, drives them over HTTP from this process (httpx, asyncio), and writes its figures,
each next to the physical limit it is measured against and to its target, to
``bench/results/latest.json`` and ``latest.md`` (earlier runs are kept beside them under
their UTC timestamp). See :mod:`bench.run` for the order of the phases.
"""
