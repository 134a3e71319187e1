"""The director's cycle page lists one state a page at a time, names opened for that page."""

from __future__ import annotations

import re

import pytest
from consolekit import Console

from casework.people.principals import Role
from reviewer_console.disclosure.cycles import PAGE_SIZE
from tests.casework.disclosure.conftest import cycle_with_roster

FILERS = PAGE_SIZE + 7


@pytest.fixture
def cycle_id(console: Console, office) -> str:
    """A cycle with more filers than one page holds, none invited yet."""
    lines = ["staff_id,email,name,grade,role"]
    lines += [f"P{n:03d},p{n}@example.org,Person {n:03d},D-1,programme" for n in range(FILERS)]
    director = office.person("director", Role.DIRECTOR)
    roster = ("\n".join(lines) + "\n").encode()
    return cycle_with_roster(console.engine, console.settings.pepper, director, roster).id


def _link(html: str, rel: str) -> str:
    """The href of the page link with this ``rel``, unescaped."""
    match = re.search(rf'href="([^"]+)" rel="{rel}"', html)
    assert match is not None
    return match[1].replace("&amp;", "&")


def _names(html: str) -> list[str]:
    return re.findall(r"Person \d{3}", html.split('id="listed"')[1].split("</ul>", maxsplit=1)[0])


class TestCycleList:
    def test_unauthorized(self, console: Console, office, cycle_id: str) -> None:
        """An officer gets 403 and no name."""
        console.act_as(office.person("officer"))

        page = console.get(f"/disclosure/{cycle_id}?state=not_invited")

        assert page.status_code == 403 and "Person 0" not in page.text

    @pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
    def test_pages(self, console: Console, office, cycle_id: str, htmx: bool) -> None:
        """Two pages hold every filer once; out-of-range pages show the nearest one."""
        console.act_as(office.person("dora", Role.DIRECTOR))
        base = f"/disclosure/{cycle_id}?state=not_invited"

        first = console.get(base, htmx=htmx)
        second = console.get(f"{base}&page=2", htmx=htmx)
        beyond = console.get(f"{base}&page=999", htmx=htmx)
        garbage = console.get(f"{base}&page=x%00", htmx=htmx)

        assert first.status_code == second.status_code == 200
        assert len(_names(first.text)) == PAGE_SIZE and len(_names(second.text)) == 7
        assert sorted(_names(first.text) + _names(second.text)) == [
            f"Person {n:03d}" for n in range(FILERS)
        ]
        assert "Page 1 of 2" in first.text and 'rel="next"' in first.text
        assert "Page 2 of 2" in second.text and 'rel="prev"' in second.text
        assert _names(beyond.text) == _names(second.text)
        assert _names(garbage.text) == _names(first.text)

    def test_next_and_previous_links(self, console: Console, office, cycle_id: str) -> None:
        """The next link leads to the rest, the previous link back to the same first page."""
        console.act_as(office.person("dora", Role.DIRECTOR))
        first = console.get(f"/disclosure/{cycle_id}?state=not_invited")

        second = console.get(_link(first.text, "next"))
        back = console.get(_link(second.text, "prev"))
        hostile = console.get(_link(first.text, "next").split("&after=")[0] + "&after=%3Cb%3E")

        assert len(_names(second.text)) == 7 and "Page 2 of 2" in second.text
        assert _names(back.text) == _names(first.text) and "Page 1 of 2" in back.text
        assert hostile.status_code == 200 and _names(hostile.text) == _names(second.text)
        assert "<b>" not in hostile.text
