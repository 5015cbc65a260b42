"""The anchors that let most triage patterns skip a message (issue 17) never skip one
that the pattern would match: checked on every labelled message we have."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import anchors
from bot.core.content import Content
from bot.core.triage import Triage
from bot.core.triage_eval import read_cases
from bot.core.triage_rules import found_in

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def triage(content: Content) -> Triage:
    return Triage(content.triage)


def _messages() -> list[str]:
    files = sorted(DATA.glob("*.tsv")) + sorted((DATA / "held_out").glob("*.tsv"))
    return [c.text for f in files for c in read_cases(f.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def padded(triage: Triage) -> list[str]:
    return [f" {' '.join(triage.read(text)[0])} " for text in _messages()]


def test_no_pattern_is_skipped_where_it_would_match(triage: Triage, padded: list[str]):
    concepts = {n: c for n, c in triage.rules.concepts.items() if c.pattern is not None}
    found = {n: anchors.anchors(c.pattern) for n, c in concepts.items()}
    index = anchors.build_index({n: a for n, a in found.items() if a})
    skipped = 0
    for text in padded:
        candidates = anchors.present(text, index)
        for name, concept in concepts.items():
            if found[name] is None or name in candidates:
                continue
            skipped += 1
            assert concept.pattern.search(text) is None, (name, text)
    assert skipped > len(padded) * 30  # and most patterns are skipped on most messages


def test_anchors_read_from_the_pattern():
    import re

    assert anchors.anchors(re.compile(r"\b(fever|temp(erature)?) (is )?high\b")) == {
        "fever",
        "temp",
    }
    assert anchors.anchors(re.compile(r"\b\d+ (units|mg)\b")) == {"units", "mg"}
    assert anchors.anchors(re.compile(r"^ (\S+ ){1,4}$")) is None  # no literal needed
    assert anchors.anchors(re.compile(r"\b(ab|\d)")) is None  # one branch needs none


def test_needles_find_what_found_in_finds(triage: Triage, padded: list[str]):
    lists = [
        needles
        for lst in triage.rules.red_flag_words
        for needles in (lst.crisis_latin, lst.urgent_latin, lst.small_talk)
    ]
    indexed = [anchors.Needles(n) for n in lists]
    agree = 0
    for text in padded[::7]:
        for needles, index in zip(lists, indexed, strict=True):
            assert index.found(text) == found_in(needles, text), text
            agree += 1
    assert agree > 1000
