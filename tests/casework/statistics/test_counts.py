"""Counting cases from clear metadata, by any dimension, for a period."""

from datetime import date

import pytest

from casework.cases.envelope import Case
from casework.statistics.counts import Period, UnknownDimensionError, count_cases
from casework.store.db import transaction
from tests.conftest import OfficeFixture
from tests.factories import receipt_secrets, submit


def test_counts_by_channel_category_and_clear_fact(office: OfficeFixture) -> None:
    """Cases are counted per combination; a period and a channel narrow them."""
    for channel, category, topic in (
        ("report", "fraud", "a"),
        ("report", "fraud", "b"),
        ("whistle", "abuse", "a"),
    ):
        _r, secrets = receipt_secrets(office.office_salt, b"p" * 32)
        submit(office.engine, secrets, channel=channel, category=category, facts={"topic": topic})
    with transaction(office.engine) as session:
        old = session.get(
            Case, submit(office.engine, receipt_secrets(office.office_salt, b"p" * 32)[1])[0]
        )
        assert old is not None
        old.received_on = date(2020, 5, 1)

    with transaction(office.engine) as session:
        by_channel = count_cases(session=session, by=("channel", "category"))
        by_topic = count_cases(session=session, by=("fact:topic",), channel="report")
        in_2020 = count_cases(session=session, by=("channel",), period=Period.year(2020))

    assert by_channel == {("report", "fraud"): 3, ("whistle", "abuse"): 1}
    assert by_topic == {("a",): 1, ("b",): 1}
    assert in_2020 == {("report",): 1}


def test_only_clear_metadata_can_be_counted(office: OfficeFixture) -> None:
    """Asking for anything but clear metadata is refused."""
    with transaction(office.engine) as session, pytest.raises(UnknownDimensionError):
        count_cases(session=session, by=("ciphertext",))
