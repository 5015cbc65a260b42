import pytest

from bot.core.content import Content
from bot.core.glossary import Glossary, Rank


@pytest.fixture(scope="module")
def glossary(content: Content) -> Glossary:
    return Glossary(content.terms, content.ignore_words, content.featured)


@pytest.mark.parametrize(
    ("query", "term_id"),
    [
        ("relapsed", "relapsed"),
        ("  RELAPSED?! ", "relapsed"),
        ("relapses", "relapsed"),
        ("rrmm", "rrmm"),
        ("Relapsed/Refractory", "rrmm"),
        ("relapsed and refractory", "relapsed-and-refractory"),
        ("refactory", "refractory"),
        ("refractry", "refractory"),
        ("remision", "remission"),
        ("remissions", "remission"),
        ("Rémission", "remission"),
        ("bone marow", "bone-marrow"),
        ("what is a plasma cell", "plasma-cell"),
        ("m spike", "m-protein"),
        ("myeloma", "multiple-myeloma"),
        ("primary refract", "primary-refractory"),
        ("pr", "partial-response"),
    ],
)
def test_lookup_finds_the_term(glossary: Glossary, query: str, term_id: str):
    found = glossary.lookup(query)
    assert found.term is not None and found.term.id == term_id


@pytest.mark.parametrize("query", ["refr", "r"])
def test_ambiguous_prefix_asks(glossary: Glossary, query: str):
    found = glossary.lookup(query)
    assert found.term is None and found.near
    assert "refractory" in [t.id for t in found.suggestions]


@pytest.mark.parametrize("query", ["xyzzy", "🙂🙂", "", "a" * 5000, "\u200b\u202e"])
def test_an_unknown_word_gets_no_far_fetched_suggestions(glossary: Glossary, query: str):
    found = glossary.lookup(query)
    assert found.term is None and not found.near
    assert found.suggestions == ()


def test_search_ranks_exact_then_prefix_then_fuzzy(glossary: Glossary):
    ranked = glossary.search("refr")
    assert ranked[0].term.id == "refractory" and ranked[0].rank == Rank.PREFIX
    assert {m.term.id for m in ranked[1:]} >= {"primary-refractory", "secondary-refractory"}
    assert glossary.search("refractory")[0].rank == Rank.EXACT
    assert glossary.search("refactory")[0].rank == Rank.FUZZY


def test_featured_come_in_content_order(glossary: Glossary, content: Content):
    assert [t.id for t in glossary.featured] == list(content.featured)
