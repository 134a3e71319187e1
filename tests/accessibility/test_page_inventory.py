"""Without a browser: the page inventory the accessibility walk is held to."""

from __future__ import annotations

import pytest
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from gateway.app import route_table as gateway_routes
from reviewer_console.app import route_table as console_routes
from tests.accessibility.inventory import (
    CONSOLE_NOT_PAGES,
    GATEWAY_NOT_PAGES,
    page_routes,
    route_of,
)


async def _endpoint(_request: object) -> PlainTextResponse:
    return PlainTextResponse("")


def test_a_new_get_route_is_a_page_the_walk_must_visit() -> None:
    """A GET route added to either app joins the pages; a POST-only route does not."""
    added = [Route("/new-page", _endpoint), Route("/new-action", _endpoint, methods=["POST"])]

    gateway = page_routes([*gateway_routes(), *added], GATEWAY_NOT_PAGES)
    console = page_routes([*console_routes(), *added], CONSOLE_NOT_PAGES)

    assert "/new-page" in gateway and "/new-page" in console
    assert "/new-action" not in gateway | console


def test_an_excuse_for_a_route_that_is_gone_fails() -> None:
    """The list of non-pages stays true: excusing a route that does not exist is an error."""
    with pytest.raises(AssertionError, match="no longer exist"):
        page_routes(gateway_routes(), {**GATEWAY_NOT_PAGES, "/gone": "download"})


@pytest.mark.parametrize(
    ("url", "route"),
    [
        ("https://h/report/advice?x=1", "/report/{form_id}"),
        ("https://h/", "/"),
        ("https://h/no/such/page", "?"),
    ],
    ids=["form", "landing", "unknown"],
)
def test_a_visited_address_is_named_by_its_route(url: str, route: str) -> None:
    """The walk records the route template an address was served by."""
    assert route_of(gateway_routes(), url) == route
