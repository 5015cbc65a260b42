import pytest

from bot.core.content import Content
from bot.core.glossary import Glossary, Rank


@pytest.fixture(scope="module")
def glossary(content: Content) -> Glossary:
    return Glossary.of(content)


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


@pytest.mark.parametrize(
    ("query", "meanings"),
    [
        ("PD", {"progressive-disease", "pomalidomide"}),  # progressive disease, or Pd
        ("pd", {"progressive-disease", "pomalidomide"}),
        ("LD", {"lymphodepletion", "ldh"}),
        ("conditioning", {"melphalan", "lymphodepletion"}),
        ("immunoglobulin", {"immunoglobulin-type", "immunoglobulin-replacement"}),
        ("neurotoxicity", {"icans", "delayed-neurotoxicity", "peripheral-neuropathy"}),
    ],
)
def test_a_name_with_two_meanings_in_clinic_letters_offers_each(
    glossary: Glossary, query: str, meanings: set[str]
):
    found = glossary.lookup(query)
    assert found.term is None and found.near
    assert {t.id for t in found.suggestions} == meanings
    assert meanings <= {m.term.id for m in glossary.search(query)}  # inline shows both
    assert glossary.lookup(query, strict=True).term is None  # free text guesses neither


@pytest.mark.parametrize(
    ("query", "not_meant"),
    [
        ("SBP", "plasmacytoma"),  # systolic blood pressure
        ("SCC", "spinal-cord-compression"),  # squamous cell carcinoma
        ("dexa", "dexamethasone"),  # a DEXA bone-density scan
        ("CNS", "care-team"),  # central nervous system
    ],
)
def test_an_abbreviation_with_another_meaning_does_not_open_the_wrong_entry(
    glossary: Glossary, query: str, not_meant: str
):
    found = glossary.lookup(query)
    assert found.term is None or found.term.id != not_meant


@pytest.mark.parametrize(
    ("query", "term_id"),
    [
        ("Rd", "lenalidomide"),
        ("SVd", "selinexor"),
        ("IRd", "ixazomib"),
        ("BVd", "belantamab-mafodotin"),
        ("Isa-VRd", "regimen-vrd"),
        ("extramedullary plasmacytoma", "plasmacytoma"),
    ],
)
def test_regimen_abbreviations_resolve(glossary: Glossary, query: str, term_id: str):
    found = glossary.lookup(query)
    assert found.term is not None and found.term.id == term_id
