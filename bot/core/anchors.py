"""Words a pattern cannot match without (issue 17).

A concept's pattern is only worth running on a message that holds one of its anchors: a
literal that every match must contain, starting at the start of a word. A short inline
query ("relap") holds none of most concepts' anchors, so most patterns never run. The
anchors are read from the compiled pattern itself, so they can never disagree with it;
where a pattern has a way to match without a literal ("\\d", "^ (\\S+ ){1,4}$"), it has no
anchors and always runs.
"""

from __future__ import annotations

import re

# the standard library's own parser of regular expressions (Python 3.11 and later)
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_c = sre_parse
LITERAL, SUBPATTERN, BRANCH = _c.LITERAL, _c.SUBPATTERN, _c.BRANCH
REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)
AT, ASSERTS = _c.AT, (_c.ASSERT, _c.ASSERT_NOT)
AT_WORD_START = (_c.AT_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_STRING)
KEY = 3  # anchors are looked up by their first three characters (or all, if fewer)


def anchors(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literals, each at the start of a word, one of which every match of `pattern`
    contains; None when there is no such set (the pattern must always run)."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None
    found = _sequence(list(parsed), False)  # a match may start inside a word
    return frozenset(found) if found else None


def _word(ch: int) -> bool:
    return chr(ch).isalnum() or ch == ord("_")


def _sequence(items: list[tuple[Any, Any]], at_start: bool) -> set[str] | None:
    """The anchors of a sequence: those of its first item that must hold one."""
    start = at_start  # whether the next item begins at the start of a word
    run: list[int] = []  # a run of literals, and whether it began at a word start
    run_start = False

    def close() -> set[str] | None:
        text = "".join(map(chr, run))
        if run_start and text and _word(run[0]):
            return {text}
        cut = text.find(" ")  # a space in the run: what follows it starts a word
        while cut != -1:
            rest = text[cut + 1 :]
            if rest and _word(ord(rest[0])):
                return {rest}
            cut = text.find(" ", cut + 1)
        return None

    for op, av in items:
        if op is LITERAL:
            if not run:
                run_start = start
            run.append(av)
            start = av == ord(" ")
            continue
        if run:
            got = close()
            if got:
                return got
            run = []
        if op is AT:
            start = av in AT_WORD_START
        elif op in ASSERTS:
            pass  # looks without moving
        elif op is SUBPATTERN:
            got = _sequence(list(av[-1]), start)
            if got:
                return got
            start = False
        elif op is BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                got = _sequence(list(branch), start)
                if not got:
                    union = set()
                    break
                union |= got
            if union:
                return union
            start = False
        elif op in REPEATS:
            low, _high, inner = av
            if low >= 1:
                got = _sequence(list(inner), start)
                if got:
                    return got
            start = False
        else:
            start = False
    if run:
        return close()
    return None


def present(text: str, index: dict[str, tuple[tuple[str, frozenset[str]], ...]]) -> set[str]:
    """The names whose anchors are in `text`, from `index` (an anchor's first three
    characters -> its anchors with the names that need them)."""
    names: set[str] = set()
    prev_word = False
    for i, ch in enumerate(text):
        word = ch.isalnum() or ch == "_"
        if word and not prev_word:
            for size in range(1, KEY + 1):  # shorter anchors are keyed whole
                for anchor, needed_by in index.get(text[i : i + size], ()):
                    if text.startswith(anchor, i):
                        names |= needed_by
        prev_word = word
    return names


def build_index(
    by_name: dict[str, frozenset[str]],
) -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """The lookup `present` reads: anchor -> the names it is an anchor of, by the
    anchor's first three characters."""
    needed: dict[str, set[str]] = {}
    for name, found in by_name.items():
        for anchor in found:
            needed.setdefault(anchor, set()).add(name)
    index: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for anchor, names in needed.items():
        index.setdefault(anchor[:KEY], []).append((anchor, frozenset(names)))
    return {k: tuple(v) for k, v in index.items()}


class Needles:
    """`found_in` for many needles at once: the same answer as `any(n in text for n in
    needles)`, found by looking only where a needle could start (after a space, by the
    next three characters) instead of trying every needle (issue 17)."""

    __slots__ = ("_index", "_rest")

    def __init__(self, needles: tuple[str, ...]) -> None:
        index: dict[str, list[str]] = {}
        rest: list[str] = []
        for needle in needles:
            if needle.startswith(" ") and len(needle) > 1:
                index.setdefault(needle[1 : 1 + KEY], []).append(needle)
            else:
                rest.append(needle)
        self._index = {key: tuple(found) for key, found in index.items()}
        self._rest = tuple(rest)

    def __bool__(self) -> bool:
        return bool(self._index or self._rest)

    def found(self, text: str) -> bool:
        if any(needle in text for needle in self._rest):
            return True
        index = self._index
        at = text.find(" ")
        while at != -1:
            for size in range(1, KEY + 1):
                for needle in index.get(text[at + 1 : at + 1 + size], ()):
                    if text.startswith(needle, at):
                        return True
            at = text.find(" ", at + 1)
        return False
