"""Which addresses of the two apps are pages, and which page a visited address is.

The accessibility walk (``test_accessibility_walk.py``) must reach every page a person can
open. A page is a route answering ``GET`` with HTML; everything else is named here with the
reason it is not one, so that a new route is either walked or explicitly excused, never
forgotten: :func:`page_routes` takes the route table as it stands, and the walk fails when
one of them was not visited.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.routing import BaseRoute, Route

GATEWAY_NOT_PAGES: dict[str, str] = {
    # Sets the language cookie and redirects back (303); the walk follows it in every
    # language. Static files are mounts, never listed.
    "/language/{code}": "redirect",
}
CONSOLE_NOT_PAGES: dict[str, str] = {
    # Redirects to /inbox; no page of its own.
    "/": "redirect",
    # Sets the language cookie and redirects back (303).
    "/language/{code}": "redirect",
    # An officer's working copy of one attachment (Content-Disposition: attachment).
    "/cases/{case_id}/files/{attachment_id}": "download",
    # The export of a referral, a zip of decrypted material for the recipient.
    "/cases/{case_id}/referrals/{referral_id}/export": "download",
    # The consent log as CSV (clear metadata).
    "/consent-log.csv": "download",
    # The cycle's non-filers as CSV.
    "/disclosure/{cycle_id}/non-filers.csv": "download",
    # The annual report as a PDF, and one figure's table as CSV (the page itself is walked).
    "/reports/annual.pdf": "download",
    "/reports/figure/{figure_id}.csv": "download",
}


def page_routes(routes: Iterable[BaseRoute], not_pages: dict[str, str]) -> set[str]:
    """The paths of every route answering GET, less the excused ones and static mounts.

    Raises:
        AssertionError: an excused path no longer exists (the list must stay true).
    """
    gets = {
        route.path
        for route in routes
        if isinstance(route, Route) and route.methods and "GET" in route.methods
    }
    stale = set(not_pages) - gets
    assert not stale, f"excused routes that no longer exist: {sorted(stale)}"
    return gets - set(not_pages)


def route_of(routes: Iterable[BaseRoute], url: str) -> str:
    """The path template of the GET route that serves ``url`` (``?`` when none does)."""
    path = urlsplit(url).path
    for route in routes:
        is_get = isinstance(route, Route) and bool(route.methods) and "GET" in route.methods
        if is_get and route.path_regex.match(path):  # type: ignore[attr-defined]
            return route.path  # type: ignore[attr-defined]
    return "?"
