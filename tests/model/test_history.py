"""Tests for the back/forward navigation history."""

from __future__ import annotations

import pytest

from tui.model.session.history import History


def test_empty_history_has_no_current_entry() -> None:
    """A new history has nothing current and nowhere to go."""
    history: History[str] = History()
    assert history.current is None
    assert not history.can_go_back and not history.can_go_forward
    assert history.back() is None and history.forward() is None


def test_push_makes_the_entry_current() -> None:
    """The pushed entry becomes current and the previous one is behind it."""
    history: History[str] = History()
    history.push("a")
    history.push("b")
    assert history.current == "b"
    assert history.can_go_back and not history.can_go_forward


def test_back_and_forward_walk_the_entries() -> None:
    """Back returns earlier entries, forward returns to later ones."""
    history = History(["a", "b", "c"])
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None
    assert history.current == "a"
    assert history.forward() == "b"
    assert history.forward() == "c"
    assert history.forward() is None


def test_push_after_going_back_drops_forward_entries() -> None:
    """Visiting a new place after going back forgets the places ahead."""
    history = History(["a", "b", "c"])
    history.back()
    history.push("d")
    assert list(history) == ["a", "b", "d"]
    assert not history.can_go_forward


def test_pushing_the_current_entry_again_changes_nothing() -> None:
    """Reopening the current place does not add a duplicate entry."""
    history = History(["a", "b"])
    history.back()
    history.push("a")
    assert list(history) == ["a", "b"]
    assert history.current == "a" and history.can_go_forward


def test_length_is_bounded() -> None:
    """The oldest entries fall off past the maximum length."""
    history: History[int] = History(max_length=3)
    for number in range(5):
        history.push(number)
    assert list(history) == [2, 3, 4]
    assert len(history) == 3
    assert history.back() == 3


def test_initial_items_are_bounded_too() -> None:
    """Starting items beyond the maximum keep only the newest."""
    history = History(range(10), max_length=2)
    assert list(history) == [8, 9] and history.current == 9


def test_replace_current_updates_in_place() -> None:
    """Replacing the current entry keeps the entries around it."""
    history = History([("a", 0), ("b", 0)])
    history.back()
    history.replace_current(("a", 12))
    assert list(history) == [("a", 12), ("b", 0)]
    assert history.forward() == ("b", 0)


def test_replace_current_on_empty_history_pushes() -> None:
    """Replacing in an empty history adds the entry."""
    history: History[str] = History()
    history.replace_current("a")
    assert history.current == "a"


def test_clear_forgets_everything() -> None:
    """Clearing leaves an empty history."""
    history = History(["a", "b"])
    history.clear()
    assert len(history) == 0 and history.current is None


def test_max_length_must_be_positive() -> None:
    """A history that could hold nothing is refused."""
    with pytest.raises(ValueError):
        History(max_length=0)
