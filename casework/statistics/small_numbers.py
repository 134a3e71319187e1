"""Small numbers: counts under the office's threshold are shown as "fewer than N".

A breakdown of a small office's matters can point at one person ("the one formal request
about a transfer from the Nairobi office"). When the director sets a threshold N (off by
default; ``casework.people.office.small_count_threshold``), every count under N (0
included) is *suppressed*: the page, the CSV files, the PDF and the terminal all show
"fewer than N" instead, and a chart draws no bar for it.

Suppressing a cell is not enough when a total is shown beside its parts: total minus the
other parts gives it back. So the report declares its sums (a total and its parts, e.g.
advice = the seven topics) and :func:`suppress` adds *secondary* suppression: whenever a
sum has exactly one unknown member (suppressed, or not shown at all), the smallest other
shown member of it is suppressed too (also when the one unknown member is a count the
report does not show but that is under N), and this is repeated until no sum has a single
unknown. Such a count is shown as "not shown" (it is not fewer than N, so saying so would
be false). Shares and year-on-year changes of a hidden count are hidden with it.

This defeats backing a cell out of one sum. It is not a full disclosure-control audit:
someone who solves several sums together, or compares reports of overlapping periods (a
year and its first half), may still narrow a cell down; publish one period, and keep the
threshold for breakdowns that are published.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

Sum = tuple[str, tuple[str, ...]]
"""A total's key and the keys of the parts that add up to it."""


@dataclass(frozen=True, slots=True)
class Suppression:
    """The counts under the threshold (``small``) and every count not shown (``hidden``:
    the small ones and those hidden so that a small one cannot be worked out)."""

    small: frozenset[str] = frozenset()
    hidden: frozenset[str] = frozenset()


def suppress(
    values: Mapping[str, int],
    sums: Sequence[Sum],
    *,
    shown: Collection[str],
    threshold: int,
) -> Suppression:
    """The keys to show as "fewer than ``threshold``" or "not shown" (none at threshold 0).

    Args:
        values: every count, by key.
        sums: totals and their parts.
        shown: the keys the report shows (others are unknown to a reader anyway).
        threshold: counts under it are suppressed; 0 turns suppression off.
    """
    if threshold <= 0:
        return Suppression()
    small = frozenset(key for key in shown if values.get(key, 0) < threshold)
    hidden = set(small)
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            members = (total, *parts)
            unknown = [k for k in members if k in hidden or k not in shown]
            if len(unknown) != 1:
                continue
            if unknown[0] not in hidden and values.get(unknown[0], 0) >= threshold:
                continue
            candidates = sorted(
                (k for k in members if k in shown and k not in hidden),
                key=lambda k: (k == total, values.get(k, 0), k),
            )
            if candidates:
                hidden.add(candidates[0])
                changed = True
    return Suppression(small, frozenset(hidden))


def change(before: int, now: int) -> float | None:
    """The relative change from ``before`` to ``now`` (None when ``before`` is 0)."""
    return None if before == 0 else (now - before) / before
