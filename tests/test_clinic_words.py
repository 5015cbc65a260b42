"""Words from real-looking clinic letters (our own list, not taken from the glossary):
each one opens an entry that names it, as a title or an alias."""

from __future__ import annotations

import pytest

from bot.core.content import Content, name_key
from bot.core.glossary import Glossary

# As they appear in letters and results: drug names (generic and brand), regimens, side
# effects, tests, disease forms and treatment words, with UK and US spellings.
CLINIC_LETTER_WORDS = [
    "dexamethasone",
    "dex",
    "Revlimid",
    "lenalidomide",
    "pomalidomide",
    "Imnovid",
    "thalidomide",
    "Velcade",
    "bortezomib",
    "carfilzomib",
    "Kyprolis",
    "ixazomib",
    "daratumumab",
    "Darzalex",
    "isatuximab",
    "Sarclisa",
    "elotuzumab",
    "teclistamab",
    "Tecvayli",
    "elranatamab",
    "talquetamab",
    "Talvey",
    "linvoseltamab",
    "ide-cel",
    "Abecma",
    "cilta-cel",
    "Carvykti",
    "belantamab mafodotin",
    "Blenrep",
    "selinexor",
    "venetoclax",
    "melphalan",
    "cyclophosphamide",
    "zoledronic acid",
    "Zometa",
    "pamidronate",
    "denosumab",
    "Xgeva",
    "G-CSF",
    "filgrastim",
    "IVIG",
    "aciclovir",
    "acyclovir",
    "co-trimoxazole",
    "DPd",
    "KRd",
    "IsaKd",
    "PVd",
    "EPd",
    "VRd",
    "Kd",
    "neutropenia",
    "neutropaenia",
    "neutropenic sepsis",
    "anaemia",
    "anemia",
    "thrombocytopenia",
    "peripheral neuropathy",
    "CRS",
    "ICANS",
    "shingles",
    "hypercalcaemia",
    "hypercalcemia",
    "cord compression",
    "ONJ",
    "DVT",
    "infusion reaction",
    "fatigue",
    "SPEP",
    "immunofixation",
    "Bence Jones protein",
    "FLC ratio",
    "kappa",
    "lambda",
    "IgG",
    "beta-2 microglobulin",
    "eGFR",
    "creatinine",
    "LDH",
    "albumin",
    "PET-CT",
    "whole body MRI",
    "lytic lesion",
    "FISH",
    "cytogenetics",
    "del(17p)",
    "t(4;14)",
    "t(11;14)",
    "1q gain",
    "high risk",
    "R-ISS",
    "MGUS",
    "smouldering myeloma",
    "smoldering myeloma",
    "plasmacytoma",
    "extramedullary",
    "AL amyloidosis",
    "plasma cell leukaemia",
    "light chain myeloma",
    "non-secretory myeloma",
    "CRAB",
    "SLiM",
    "salvage",
    "bridging therapy",
    "apheresis",
    "lymphodepletion",
    "consolidation",
    "allogeneic transplant",
    "regimen",
    "cycle",
    "PFS",
    "overall survival",
    "ORR",
    "PICC line",
    "portacath",
    "ADC",
    "BCMA",
    "GPRC5D",
    "CD38",
    "step-up dosing",
    "VGPR",
    "MRD",
    "measurable residual disease",
    "RRMM",
    "triple-class refractory",
    "triple-class exposed",
    "penta-refractory",
    "ASCT",
    "CAR-T",
    "bispecific",
    "paraprotein",
    "relapsed",
    "refractory",
    "warning signs",
]


@pytest.fixture(scope="module")
def glossary(content: Content) -> Glossary:
    return Glossary.of(content)


def names(term) -> set[str]:  # type: ignore[no-untyped-def]
    return {name_key(n) for n in (term.id, term.title, *term.aliases)}


@pytest.mark.parametrize("word", CLINIC_LETTER_WORDS)
def test_a_clinic_letter_word_opens_an_entry_that_names_it(glossary: Glossary, word: str):
    found = glossary.lookup(word)
    assert found.term is not None, f"{word!r}: {[t.id for t in found.suggestions]}"
    assert name_key(word) in names(found.term) or any(
        name_key(word) in n for n in names(found.term)
    ), (word, found.term.id)


def test_the_glossary_is_at_least_130_terms(content: Content):
    assert len(content.terms) >= 130
