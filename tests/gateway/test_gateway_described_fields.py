"""Without a browser: on every channel's refused form, each error summary link leads to an
input, each error and help text is tied to its input, and every reference resolves."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from gateway.pages import anonymous_forms
from tests.factories import TEST_CHANNELS
from tests.gateway.conftest import csrf_token

FORMS = [f.id for f in anonymous_forms() if f.id not in TEST_CHANNELS]
IDS = re.compile(r'\sid="([^"]+)"')
DESCRIBED = re.compile(r'aria-describedby="([^"]+)"')
SUMMARY = re.compile(r'<div[^>]*id="error-summary"[^>]*>(.*?)</div>', re.S)


@pytest.mark.parametrize("form_id", FORMS)
def test_refused_form_ties_every_message_to_its_input(client: TestClient, form_id: str) -> None:
    """Every described-by id exists, every error is described, summary links reach inputs."""
    token = csrf_token(client.get(f"/report/{form_id}").text)

    page = client.post(f"/report/{form_id}?csrf_token={token}", data={}, files=[("x", ("", b""))])

    html = page.text
    ids = set(IDS.findall(html))
    described = {ref for refs in DESCRIBED.findall(html) for ref in refs.split()}
    errors = {i for i in ids if i.startswith("e-")}
    summary = SUMMARY.search(html)
    assert page.status_code == 422 and summary is not None
    assert 'tabindex="-1"' in summary[0] and "autofocus" in summary[0]
    targets = re.findall(r'href="#([^"]+)"', summary[1])
    assert targets and all(t in ids for t in targets)
    assert all(re.search(rf'<(input|textarea|select|fieldset)[^>]*id="{t}"', html) for t in targets)
    assert described <= ids
    assert errors and errors <= described
