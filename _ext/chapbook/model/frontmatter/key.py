"""The shape of the key table's rows: a :class:`Key`, its :class:`Kind`, the attributes it fills."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

    from chapbook.model.frontmatter.record import Record


class Attr(NamedTuple):
    """An attribute a kind fills: its name, its type (as an annotation) and default."""

    name: str
    type: str
    default: Any  # immutable: shared by every record


def _none(name: str) -> tuple[Attr, ...]:
    return ()


@dataclass(frozen=True)
class Kind:
    """A type of value: its validator and the attributes it fills for a key."""

    #: ``(fm, keys)`` -> ``{attribute: value}``; ``keys`` are the rows of one attribute.
    check: Callable[[Record, tuple[Key, ...]], dict[str, Any]] | None
    #: The attributes it fills for the attribute named (``Key.attr``), the value's first.
    attrs: Callable[[str], tuple[Attr, ...]] = _none


@dataclass(frozen=True)
class Key:
    """One front-matter key: what it holds and where its value goes."""

    name: str
    kind: Kind
    help: str
    #: Longest value or item, in characters (text and names).
    limit: int = 0
    #: Most items of a list.
    most: int = 0
    #: Given but empty is a problem (``title:``).
    required: bool = False
    #: Also kept in ``extra`` for templates (written for it before Chapbook read it).
    extra: bool = False
    #: Handed to MyST; ``False`` when MyST would read its value as Markdown (roles run).
    myst: bool = True
    #: Copied onto the post record (``model.post.Post``) by ``record``.
    post: bool = True
    #: The attribute of ``FrontMatter`` it fills; keys sharing one are checked together.
    attr: str = field(default="")

    def __post_init__(self) -> None:
        if not self.attr:
            object.__setattr__(self, "attr", self.name)
