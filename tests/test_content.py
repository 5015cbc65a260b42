"""Content validation: each kind of mistake gives one clear line naming file and field."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from bot.core.checks import check_rendered
from bot.core.content import CONTENT_FILES, ContentInvalid, parse_content
from bot.shell.config import DEFAULT_CONTENT_DIR

TEXTS = {name: (DEFAULT_CONTENT_DIR / name).read_text(encoding="utf-8") for name in CONTENT_FILES}
DOCS = {name: yaml.safe_load(text) for name, text in TEXTS.items()}


def problems_after(change: Callable[[dict[str, Any]], None]) -> list[str]:
    docs = copy.deepcopy(DOCS)
    change(docs)
    texts = {name: yaml.safe_dump(doc, allow_unicode=True) for name, doc in docs.items()}
    with pytest.raises(ContentInvalid) as info:
        parse_content(texts)
    return info.value.problems


def term(docs: dict[str, Any], i: int = 0) -> dict[str, Any]:
    return docs["glossary.yaml"]["terms"][i]


def tip(docs: dict[str, Any], i: int = 0) -> dict[str, Any]:
    return docs["tips.yaml"]["tips"][i]


def test_shipped_content_is_valid_and_renders_cleanly():
    content = parse_content(TEXTS)
    assert len(content.terms) >= 9
    assert check_rendered(content) == []


def test_the_comparison_names_only_glossary_terms():
    content = parse_content(TEXTS)
    rows = [row.term_id for section in content.comparison.sections for row in section.rows]
    assert rows and set(rows) <= set(content.terms_by_id)


def test_every_term_names_sources_and_the_day_it_was_written():
    for t in parse_content(TEXTS).terms:
        assert t.sources and all(s.url.startswith("https://") for s in t.sources), t.id
        assert t.written.year >= 2025, t.id


CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("missing field", lambda d: term(d).pop("short"), "glossary.yaml: terms[0].short: missing"),
    (
        "duplicate id",
        lambda d: term(d, 1).update(id=term(d, 0)["id"]),
        "terms: term id 'relapsed' is used twice",
    ),
    (
        "an ambiguous name that is also an alias",
        lambda d: d["glossary.yaml"]["ambiguous"].append(
            {"name": "relapse", "terms": ["relapsed", "refractory"]}
        ),
        "ambiguous[5].name: 'relapse' is also a term's title or alias",
    ),
    (
        "an ambiguous name with one meaning",
        lambda d: d["glossary.yaml"]["ambiguous"][0].update(terms=["progressive-disease"]),
        "ambiguous[0].terms: needs at least two term ids",
    ),
    (
        "alias shared by two terms",
        lambda d: term(d, 1)["aliases"].append("Relapse"),
        "terms[1].aliases: 'Relapse' also names 'relapsed'",
    ),
    (
        "see-also unresolved",
        lambda d: term(d)["see_also"].append("nope"),
        "terms[0].see_also[4]: 'nope' is not a term id",
    ),
    ("no sources", lambda d: term(d).pop("sources"), "terms[0].sources: must be a non-empty list"),
    (
        "source without url",
        lambda d: term(d)["sources"][0].pop("url"),
        "terms[0].sources[0].url: missing",
    ),
    (
        "bad url",
        lambda d: term(d)["sources"][0].update(url="www.x"),
        "sources[0].url: not a web address",
    ),
    (
        "no written date",
        lambda d: term(d).pop("written"),
        "terms[0].written: missing or not a date",
    ),
    (
        "bad written date",
        lambda d: term(d).update(written="last week"),
        "terms[0].written: missing or not a date",
    ),
    (
        "the old 'reviewed' date",
        lambda d: term(d).update(reviewed="2026-11-29"),
        "terms[0].reviewed: is now 'written'",
    ),
    (
        "a review without a role",
        lambda d: term(d).update(review={"date": "2026-12-20"}),
        "terms[0].review.by: missing",
    ),
    (
        "a review without a date",
        lambda d: tip(d).update(review={"by": "a haematology nurse"}),
        "tips[0].review.date: missing or not a date",
    ),
    (
        "a review before the text was written",
        lambda d: term(d).update(review={"date": "2020-01-01", "by": "a haematologist"}),
        "terms[0].review.date: is before the text was written",
    ),
    (
        "short too long",
        lambda d: term(d).update(short="x" * 201),
        "terms[0].short: is 201 characters; at most 200",
    ),
    ("bad id", lambda d: term(d).update(id="Relapsed Myeloma"), "terms[0].id: 'Relapsed Myeloma'"),
    (
        "unknown group",
        lambda d: term(d).update(group="misc"),
        "terms[0].group: 'misc' is not one of the groups",
    ),
    (
        "featured unknown",
        lambda d: d["glossary.yaml"]["featured"].append("nope"),
        "featured[6]: 'nope'",
    ),
    (
        "text not text",
        lambda d: term(d).update(text=["a", "b"]),
        "terms[0].text: must be non-empty text",
    ),
    (
        "comparison row width",
        lambda d: d["comparison.yaml"]["sections"][0]["rows"][0]["cells"].pop(),
        "comparison.yaml: sections[0].rows[0].cells: has 2 cells; columns has 3",
    ),
    (
        "comparison unknown term",
        lambda d: d["comparison.yaml"]["sections"][0]["rows"][0].update(term="nope"),
        "comparison.yaml: sections[0].rows[0].term: 'nope' is not a term id",
    ),
    (
        "missing message",
        lambda d: d["messages.yaml"].pop("welcome"),
        "messages.yaml: welcome: missing",
    ),
    (
        "placeholder dropped",
        lambda d: d["messages.yaml"].update(not_found="Not found."),
        "not_found: must contain {query}",
    ),
    (
        "unknown placeholder",
        lambda d: d["messages.yaml"].update(written="Written {when}"),
        "written: unknown placeholder {when} (allowed: {date}, {sources})",
    ),
    (
        "stray brace",
        lambda d: d["messages.yaml"].update(help="a { b"),
        "help: braces do not match",
    ),
    (
        "missing button",
        lambda d: d["messages.yaml"]["buttons"].pop("compare"),
        "buttons.compare: missing",
    ),
    ("months", lambda d: d["messages.yaml"]["months"].pop(), "months: has 11 names"),
    (
        "a triage language without its urgent reply",
        lambda d: d["messages.yaml"].pop("emergency_de"),
        "messages.yaml: emergency_de: missing",
    ),
    (
        "triage discounts missing",
        lambda d: d["triage.yaml"]["discounts"].pop("present"),
        "triage.yaml: discounts.present: needs a non-empty list of patterns",
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"), [(c, e) for _, c, e in CASES], ids=[n for n, _, _ in CASES]
)
def test_each_mistake_is_named(change: Callable[[dict[str, Any]], None], expected: str):
    problems = problems_after(change)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("content/") for p in problems)


def test_malformed_yaml_names_the_line():
    texts = dict(TEXTS)
    texts["glossary.yaml"] = "terms:\n  - id: relapsed\n    title: [unclosed\n"
    with pytest.raises(ContentInvalid) as info:
        parse_content(texts)
    assert any(
        p.startswith("content/glossary.yaml: line ") and "not valid YAML" in p
        for p in info.value.problems
    )


def test_a_file_that_is_not_a_mapping():
    texts = dict(TEXTS, **{"messages.yaml": "- just\n- a list\n"})
    with pytest.raises(ContentInvalid) as info:
        parse_content(texts)
    assert "content/messages.yaml: (top level): must be a mapping of fields" in info.value.problems


def test_every_problem_in_one_run():
    def two_mistakes(d: dict[str, Any]) -> None:
        term(d).pop("short")
        d["messages.yaml"].pop("help")

    assert len(problems_after(two_mistakes)) == 2


def test_rendered_reply_over_the_limit_is_caught():
    content = parse_content(TEXTS)
    # Valid per field, but a comparison this long no longer fits one Telegram message.
    docs = copy.deepcopy(DOCS)
    rows = docs["comparison.yaml"]["sections"][0]["rows"]
    for _ in range(12):
        rows.append(copy.deepcopy(rows[0]) | {"cells": ["word " * 70] * 3})
    texts = {name: yaml.safe_dump(doc, allow_unicode=True) for name, doc in docs.items()}
    problems = check_rendered(parse_content(texts))
    assert any("comparison.yaml" in p and "too long" in p for p in problems), problems
    assert check_rendered(content) == []


def test_html_mistake_in_a_message_is_caught():
    docs = copy.deepcopy(DOCS)
    docs["messages.yaml"]["help"] = "Use /define & <word>"
    texts = {name: yaml.safe_dump(doc, allow_unicode=True) for name, doc in docs.items()}
    problems = check_rendered(parse_content(texts))
    assert any(
        p.startswith("content/messages.yaml: help: rendered reply: can't parse entities")
        for p in problems
    ), problems


@pytest.mark.parametrize("key", ["pause_ok", "resume_ok", "timezone_ok", "stats"])
def test_html_mistake_in_a_template_with_placeholders_is_caught(key: str):
    docs = copy.deepcopy(DOCS)
    docs["messages.yaml"][key] = docs["messages.yaml"][key].replace("</b>", "", 1) + " <b>open"
    texts = {name: yaml.safe_dump(doc, allow_unicode=True) for name, doc in docs.items()}
    problems = check_rendered(parse_content(texts))
    assert any(p.startswith(f"content/messages.yaml: {key}: rendered reply") for p in problems), (
        problems
    )


def test_a_key_given_twice_is_named_not_silently_dropped():
    # plain YAML keeps the second and loses the first without a word
    texts = dict(TEXTS)
    texts["messages.yaml"] = TEXTS["messages.yaml"] + "\nwelcome: twice\nwelcome: again\n"
    with pytest.raises(ContentInvalid) as info:
        parse_content(texts)
    assert any(
        p.startswith("content/messages.yaml: line ") and "'welcome' is given twice" in p
        for p in info.value.problems
    ), info.value.problems
