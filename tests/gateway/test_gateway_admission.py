"""Admission control: a bounded Argon2id pool that refuses fast, with nothing written."""

from __future__ import annotations

import asyncio
import re
import threading

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from casework.cases.envelope import Case
from casework.people.sessions import WebSession
from confide.web.admission import INITIAL_ESTIMATE_SECONDS, REMEMBERED_PER_SLOT, Admission
from tests.gateway.conftest import blob_files, log_in, submit_report


def test_admits_up_to_pool_plus_queue_then_refuses() -> None:
    """Tickets are granted up to pool size plus queue length, and again once one is returned."""
    admission = Admission(pool_size=2, queue=1)

    tickets = [admission.try_admit() for _ in range(3)]
    refused = admission.try_admit()
    tickets[0].release()
    again = admission.try_admit()

    assert all(tickets)
    assert refused is None
    assert again is not None
    assert admission.retry_after() >= 1
    admission.close()


def test_refused_clients_are_told_to_come_back_one_after_another() -> None:
    """Each refusal counts the clients refused before it as ahead in line, so they do not
    all come back in the same second to be refused again."""
    admission = Admission(pool_size=1, queue=0)
    held = admission.try_admit()

    told = [admission.retry_after() for _ in range(6)]

    # one run ahead (the admitted one) plus one per earlier refusal, 0.5 s each, rounded down
    assert INITIAL_ESTIMATE_SECONDS == 0.5
    assert told == [1, 1, 2, 2, 3, 3]
    assert held is not None
    admission.close()


def test_clients_ignoring_retry_after_cannot_stretch_the_delay_without_bound() -> None:
    """Only a few lines' worth of promised returns are remembered, so a flood of refusals
    does not push the delay told to everyone else beyond that."""
    admission = Admission(pool_size=1, queue=0)
    held = admission.try_admit()

    told = [admission.retry_after() for _ in range(1000)]

    longest_line = admission.limit + REMEMBERED_PER_SLOT * admission.limit
    assert max(told) == int((longest_line + 1) * INITIAL_ESTIMATE_SECONDS)
    assert held is not None
    admission.close()


def test_work_runs_on_the_dedicated_threads_one_at_a_time_per_slot() -> None:
    """With one thread, a second admitted run waits for the first to finish."""
    admission = Admission(pool_size=1, queue=1)
    release = threading.Event()
    order: list[str] = []

    def slow() -> str:
        order.append(threading.current_thread().name)
        release.wait(5)
        return "slow"

    def quick() -> str:
        order.append("quick")
        return "quick"

    async def scenario() -> list[str]:
        first, second = admission.try_admit(), admission.try_admit()
        assert admission.try_admit() is None
        running = asyncio.ensure_future(admission.run(first, slow))
        waiting = asyncio.ensure_future(admission.run(second, quick))
        await asyncio.sleep(0.05)
        assert order and order[0].startswith("kdf")
        assert "quick" not in order
        release.set()
        return list(await asyncio.gather(running, waiting))

    results = asyncio.run(scenario())

    assert results == ["slow", "quick"]
    assert order[1] == "quick"
    admission.close()


@pytest.mark.parametrize(("pool", "queue"), [(0, 1), (1, -1)], ids=["no-thread", "negative"])
def test_rejects_impossible_bounds(pool: int, queue: int) -> None:
    """A pool needs a thread and a queue cannot be negative."""

    with pytest.raises(ValueError, match="pool"):
        Admission(pool_size=pool, queue=queue)


def _saturate(admission: Admission) -> list:
    tickets = []
    while (ticket := admission.try_admit()) is not None:
        tickets.append(ticket)
    return tickets


def test_saturated_pool_answers_503_keeps_input_and_writes_nothing(client: TestClient, app) -> None:
    """With every slot taken a report gets 503 + Retry-After and its answers back; nothing kept."""
    held = _saturate(app.state.admission)
    answers = {
        "category": "abuse",
        "what": "busy-canary-text stays in the form",
        "reported_elsewhere": "no",
    }

    response = submit_report(
        client, answers, files=[("evidence", ("f.txt", b"file body", "text/plain"))]
    )

    assert response.status_code == 503
    assert re.fullmatch(r"\d+", response.headers["retry-after"])
    seconds = response.headers["retry-after"]
    assert f"try again in {seconds} seconds" in response.text
    assert "busy-canary-text stays in the form" in response.text
    assert 'value="abuse" checked' in response.text
    assert "set-cookie" not in response.headers
    with Session(app.state.engine) as session:
        assert list(session.exec(select(Case))) == []
        assert list(session.exec(select(WebSession))) == []
    assert blob_files(app.state.blobs.root) == []
    for ticket in held:
        ticket.release()


def test_saturated_pool_refuses_logins_with_the_receipt_kept(client: TestClient, app) -> None:
    """A login while the pool is full gets 503 + Retry-After and the typed receipt back."""
    held = _saturate(app.state.admission)

    response = log_in(client, "1234 5678 9012 3456 7890")

    assert response.status_code == 503
    assert "retry-after" in response.headers
    assert 'value="1234 5678 9012 3456 7890"' in response.text
    for ticket in held:
        ticket.release()


def test_slots_are_returned_after_each_request(client: TestClient, app) -> None:
    """Submitting and logging in leave every slot free again."""

    receipt_page = submit_report(client)
    log_in(client, "0" * 20)

    assert receipt_page.status_code == 200
    assert app.state.admission.admitted == 0
