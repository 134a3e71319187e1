"""Small numbers: counts under the threshold are hidden, and so is a second count wherever
a total would give a hidden one back."""

from casework.statistics.small_numbers import change, suppress

VALUES = {"total": 30, "a": 2, "b": 10, "c": 18}
SUMS = [("total", ("a", "b", "c"))]
SHOWN = set(VALUES)


def test_off_by_default_hides_nothing() -> None:
    """A threshold of 0 hides nothing, however small the count."""
    assert suppress(VALUES, SUMS, shown=SHOWN, threshold=0).hidden == frozenset()


def test_a_small_count_hides_the_next_smallest_part_of_its_total() -> None:
    """With a shown total, hiding 2 alone would be undone by 30 - 10 - 18: 10 goes too."""
    found = suppress(VALUES, SUMS, shown=SHOWN, threshold=5)

    assert found.small == {"a"}
    assert found.hidden == {"a", "b"}


def test_two_small_counts_need_no_second_cell() -> None:
    """Two hidden parts of one total cannot be told apart: nothing more is hidden."""
    values = {"total": 24, "a": 2, "b": 4, "c": 18}

    found = suppress(values, SUMS, shown=SHOWN, threshold=5)

    assert found.hidden == {"a", "b"}


def test_hiding_spreads_through_linked_totals() -> None:
    """A part hidden for one total is hidden knowledge for the next: the chain is followed."""
    values = {"all": 40, "x": 30, "y": 10, "a": 2, "b": 10, "c": 18}
    sums = [("x", ("a", "b", "c")), ("all", ("x", "y"))]

    found = suppress(values, sums, shown=set(values), threshold=5)

    assert found.hidden == {"a", "b"}


def test_a_count_under_the_threshold_that_is_not_shown_is_protected_too() -> None:
    """A part the report leaves out but that a total gives back (0 here) is protected."""
    values = {"total": 28, "a": 0, "b": 10, "c": 18}

    found = suppress(values, SUMS, shown={"total", "b", "c"}, threshold=5)

    assert found.hidden == {"b"}


def test_change_is_none_without_a_year_before() -> None:
    """A change from nothing is not a percentage."""
    assert (change(0, 5), change(1156, 1294)) == (None, (1294 - 1156) / 1156)
