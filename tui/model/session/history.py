"""Back and forward navigation history, like a web browser's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class History(Generic[T]):
    """A bounded list of visited places with a cursor that moves back and forward."""

    __slots__ = ("_index", "_items", "_max_length")

    def __init__(self, items: Iterable[T] = (), max_length: int = 500) -> None:
        """Start with `items` (the last one current), keeping at most `max_length` entries."""
        if max_length < 1:
            raise ValueError("max_length must be at least 1")
        self._max_length = max_length
        self._items: list[T] = list(items)[-max_length:]
        self._index = len(self._items) - 1

    def __len__(self) -> int:
        """Number of entries, behind and ahead of the current one included."""
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        """Iterate over the entries, oldest first."""
        return iter(self._items)

    @property
    def current(self) -> T | None:
        """The current entry, or None when the history is empty."""
        return self._items[self._index] if self._items else None

    @property
    def can_go_back(self) -> bool:
        """Whether there is an entry before the current one."""
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        """Whether there is an entry after the current one."""
        return self._index < len(self._items) - 1

    def push(self, item: T) -> None:
        """Make `item` the current entry, dropping the entries ahead of the old current one.

        Pushing the current entry again changes nothing, so reopening a page does not make the
        reader press back twice.
        """
        if self._items and self._items[self._index] == item:
            return
        del self._items[self._index + 1 :]
        self._items.append(item)
        if len(self._items) > self._max_length:
            del self._items[0]
        self._index = len(self._items) - 1

    def replace_current(self, item: T) -> None:
        """Replace the current entry (to remember where the reader was before moving on)."""
        if self._items:
            self._items[self._index] = item
        else:
            self.push(item)

    def back(self) -> T | None:
        """Move back one entry and return it, or return None (and stay) at the oldest entry."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._items[self._index]

    def forward(self) -> T | None:
        """Move forward one entry and return it, or return None (and stay) at the newest entry."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._items[self._index]

    def clear(self) -> None:
        """Forget every entry."""
        self._items.clear()
        self._index = -1
