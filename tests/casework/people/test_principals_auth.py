"""Sign-in at the casework level: equal failures, growing locks, the threshold lock."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from casework.people.principals import Principal
from casework.people.principals_auth import SignInFailed, sign_in
from casework.people.second_factor import SLOW_DOWN_BASE
from casework.store.clock import utcnow
from casework.store.db import transaction
from crypto import TEST_KDF

LOCK_FOR = timedelta(minutes=15)


def _attempt(
    office, username: str, password: str, code: str = "000000", threshold: int = 5
) -> SignInFailed | None:
    try:
        sign_in(
            engine=office.engine,
            username=username,
            password=password,
            totp_code=code,
            params=TEST_KDF,
            lock_threshold=threshold,
            lock_for=LOCK_FOR,
        )
    except SignInFailed as failure:
        return failure
    return None


def _expire_lock(office, principal_id: str) -> Principal:
    with transaction(office.engine) as session:
        principal = session.get(Principal, principal_id)
        if principal.locked_until is not None:
            principal.locked_until = utcnow() - timedelta(seconds=1)
        session.add(principal)
        return principal


def test_unknown_user_fails_without_naming_anyone(office) -> None:
    """A username that names nobody fails with no principal id and the same message."""
    known = office.person("olga")

    unknown = _attempt(office, "nobody", "whatever password")
    wrong = _attempt(office, "olga", "wrong password!!")

    assert unknown is not None and unknown.principal_id is None
    assert wrong is not None and wrong.principal_id == known.id
    assert str(unknown) == str(wrong)


def test_failures_grow_short_locks_then_the_long_one(office) -> None:
    """Locks of 1 s, 2 s, 4 s after the 2nd to 4th failures, then lock_for at the 5th."""
    olga = office.person("olga")
    pauses = []
    for _ in range(5):
        _expire_lock(office, olga.id)
        before = utcnow()
        _attempt(office, "olga", "wrong password!!")
        with transaction(office.engine) as session:
            locked_until = session.get(Principal, olga.id).locked_until
        pauses.append(
            None if locked_until is None or locked_until < before else locked_until - before
        )

    assert pauses[0] is None
    for pause, expected in zip(pauses[1:4], (1, 2, 4), strict=True):
        assert (
            SLOW_DOWN_BASE * expected <= pause <= SLOW_DOWN_BASE * expected + timedelta(seconds=1)
        )
    assert pauses[4] >= LOCK_FOR


def test_attempts_during_a_lock_fail_and_do_not_count(office) -> None:
    """The right password fails while locked, and the counter does not move."""
    olga = office.person("olga")
    _attempt(office, "olga", "wrong password!!")
    _attempt(office, "olga", "wrong password!!")

    failure = _attempt(office, "olga", olga.password, olga.totp())

    assert failure is not None
    with transaction(office.engine) as session:
        assert session.get(Principal, olga.id).failed_logins == 2


@pytest.mark.parametrize(
    "code", ["", "12345", "abcdef", "1234567"], ids=["empty", "short", "letters", "long"]
)
def test_malformed_codes_fail(office, code: str) -> None:
    """Only a current six-digit code passes the second factor."""
    olga = office.person("olga")

    assert _attempt(office, "olga", olga.password, code) is not None


def test_parallel_attempts_are_each_counted(office) -> None:
    """Wrong codes sent at once all count, so the lock falls and the right code then fails.

    A threshold of two and the long lock keep the outcome independent of the machine's
    speed: the second counted failure locks the account for 15 minutes, so no short pause
    can run out during the burst. Before counting came first, all fifteen read the same
    count and the account was never locked.
    """
    olga = office.person("olga")
    right = olga.totp()
    wrong = [f"{(int(right) + n) % 1_000_000:06d}" for n in range(100_000, 100_015)]
    barrier = threading.Barrier(len(wrong))

    def guess(code: str) -> SignInFailed | None:
        barrier.wait()
        return _attempt(office, "olga", olga.password, code, threshold=2)

    with ThreadPoolExecutor(max_workers=len(wrong)) as pool:
        results = list(pool.map(guess, wrong))
    after = _attempt(office, "olga", olga.password, right, threshold=2)

    assert all(result is not None for result in results)
    assert after is not None, "the right code signed in after a burst of wrong ones"
    with transaction(office.engine) as session:
        principal = session.get(Principal, olga.id)
        assert principal.locked_until is not None and principal.locked_until > utcnow()


def test_one_code_sent_twice_at_once_signs_in_once(office) -> None:
    """The code's time step is checked and recorded under the row lock: no parallel replay."""
    olga = office.person("olga")
    code = olga.totp()
    barrier = threading.Barrier(2)

    def attempt(_: int) -> SignInFailed | None:
        barrier.wait()
        return _attempt(office, "olga", olga.password, code)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(attempt, range(2)))

    assert sorted(result is None for result in results) == [False, True]
