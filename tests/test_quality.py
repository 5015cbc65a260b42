"""The content people can trust: what it must contain, and the editorial checks that keep
it that way (banned phrases, reading grade, review dates)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.core.content import Content, Review, Source
from bot.core.quality import STYLE_FILE, parse_style, review
from bot.core.readability import grade, syllables
from bot.shell.config import DEFAULT_CONTENT_DIR
from tests.test_cli import run

RULES = parse_style((DEFAULT_CONTENT_DIR / STYLE_FILE).read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 29)

REQUIRED_TERMS = [
    "relapsed",
    "refractory",
    "primary-refractory",
    "secondary-refractory",
    "relapsed-and-refractory",
    "remission",
    "complete-response",
    "stringent-complete-response",
    "very-good-partial-response",
    "partial-response",
    "minimal-response",
    "stable-disease",
    "progressive-disease",
    "biochemical-relapse",
    "clinical-relapse",
    "minimal-residual-disease",
    "m-protein",
    "serum-free-light-chains",
    "plasma-cell",
    "bone-marrow-biopsy",
    "line-of-therapy",
    "triple-class-refractory",
    "induction",
    "maintenance",
    "autologous-stem-cell-transplant",
    "car-t-cell-therapy",
    "bispecific-antibody",
    "proteasome-inhibitor",
    "immunomodulatory-drug",
    "anti-cd38-antibody",
    "clinical-trial",
    "remission-duration",
    "drug-resistance",
    "care-team",
    "supportive-care",
]
RESPONSE_AND_RELAPSE = [
    "relapsed",
    "refractory",
    "primary-refractory",
    "secondary-refractory",
    "relapsed-and-refractory",
    "complete-response",
    "stringent-complete-response",
    "very-good-partial-response",
    "partial-response",
    "minimal-response",
    "stable-disease",
    "progressive-disease",
    "biochemical-relapse",
    "clinical-relapse",
    "minimal-residual-disease",
]


def test_the_glossary_has_every_term_people_with_rrmm_meet(content: Content):
    ids = {t.id for t in content.terms}
    assert len(content.terms) >= 35
    assert set(REQUIRED_TERMS) <= ids, set(REQUIRED_TERMS) - ids


def test_response_and_relapse_terms_carry_the_imwg_wording(content: Content):
    for term_id in RESPONSE_AND_RELAPSE:
        assert content.terms_by_id[term_id].clinical, term_id


def test_imwg_wins_where_lay_words_blur(content: Content):
    refractory = content.terms_by_id["refractory"]
    assert "60 days" in refractory.clinical and "60 days" in refractory.text
    assert "minimal response" in content.terms_by_id["primary-refractory"].clinical


def test_terms_fit_their_places(content: Content):
    for t in content.terms:
        assert len(t.short) <= 200 and len(t.text) <= 900, t.id
        assert t.aliases and t.sources, t.id


def test_ninety_days_of_tips_with_caregivers_in_mind(content: Content):
    assert len(content.tips) >= 90
    assert sum(t.audience == "caregiver" for t in content.tips) >= 15
    assert all(len(t.text) <= 500 and t.sources for t in content.tips)
    assert len({t.topic for t in content.tips}) >= 12


def test_the_shipped_content_passes_the_editorial_checks(content: Content):
    report = review(content, RULES, TODAY)
    assert report.errors == []
    assert not [w for w in report.warnings if "reading grade" in w]  # nothing above grade 10
    assert any("reading grade: median" in line for line in report.summary)


def test_a_dose_or_an_instruction_fails_the_check(content: Content):
    bad_tip = dataclasses.replace(
        content.tips[0], text="Most people take 25 mg. You should stop taking it if sick."
    )
    broken = dataclasses.replace(content, tips=(bad_tip, *content.tips[1:]))
    errors = review(broken, RULES, TODAY).errors
    assert any("tips[0]" in e and "'25 mg'" in e and "dose" in e for e in errors)
    assert any("'stop taking'" in e for e in errors)
    assert any("'You should stop'" in e for e in errors)


def test_old_reviews_and_hard_texts_are_listed_not_failed(content: Content):
    # 18 months (style.yaml): a review from 2025-05-01 is due by 2026-11-29, one from
    # 2025-07-01 is not
    old = dataclasses.replace(
        content.terms[0], review=Review(dt.date(2025, 5, 1), "a haematology nurse specialist")
    )
    recent = dataclasses.replace(
        content.terms[2], review=Review(dt.date(2025, 7, 1), "a myeloma consultant")
    )
    hard = dataclasses.replace(
        content.terms[1],
        text="Notwithstanding considerable interindividual heterogeneity, pharmacological refractoriness "
        "characteristically necessitates comprehensive multidisciplinary reconsideration.",
    )
    changed = dataclasses.replace(content, terms=(old, hard, recent, *content.terms[3:]))
    report = review(changed, RULES, TODAY)
    assert report.errors == []
    due = [w for w in report.warnings if "review due" in w]
    assert due == [
        "content/glossary.yaml: terms[0] (relapsed): review due (reviewed 2025-05-01, by a "
        "haematology nurse specialist)"
    ]
    assert any("terms[1] (refractory).text: reading grade" in w for w in report.warnings)


def test_unreviewed_texts_are_listed_by_file_and_reviewed_ones_are_not(content: Content):
    reviewed = dataclasses.replace(
        content.tips[0], review=Review(dt.date(2026, 12, 1), "a haematology nurse specialist")
    )
    changed = dataclasses.replace(content, tips=(reviewed, *content.tips[1:]))
    report = review(changed, RULES, TODAY)
    tips_line = next(line for line in report.unreviewed if "tips.yaml" in line)
    assert f"{len(content.tips) - 1} not yet reviewed by a clinician" in tips_line
    assert content.tips[1].id in tips_line and f" {content.tips[0].id}," not in tips_line
    assert any("comparison.yaml" in line for line in report.unreviewed)
    total = len(content.terms) + len(content.tips) + 1
    assert f"clinical review: 1 of {total} texts reviewed by a clinician" in report.summary


def test_check_content_fails_clearly_on_a_banned_phrase(tmp_path: Path):
    broken = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, broken)
    tips = broken / "tips.yaml"
    tips.write_text(
        tips.read_text().replace(
            "Keep a running list of questions", "Increase your dose and keep a list", 1
        )
    )
    result = run("check-content", BOT_CONTENT_DIR=str(broken))
    assert result.returncode == 2
    assert (
        f"{broken}/tips.yaml: tips[0] (question-list).text: banned phrase 'Increase your dose'"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("word", "count"), [("cat", 1), ("people", 2), ("treatment", 2), ("refractory", 4)]
)
def test_syllables(word: str, count: int):
    assert syllables(word) == count


def test_plain_words_read_easier_than_jargon():
    assert grade("Your care team checks your blood. Ask them what it means.") < 6
    assert (
        grade("Pharmacological refractoriness necessitates multidisciplinary reconsideration.")
        > 14
    )


def test_diagnostic_thresholds_pass_in_clinical_wording_but_a_dose_never_does(content: Content):
    """IMWG criteria carry units ("200 mg/24 h"); only the formal `clinical` field may."""
    i = next(i for i, t in enumerate(content.terms) if t.clinical)
    term = content.terms[i]
    criteria = dataclasses.replace(term, clinical="Urine protein below 200 mg/24 h.")
    as_text = dataclasses.replace(term, text="Most people take 25 mg of it.")
    instruction = dataclasses.replace(term, clinical="You should stop taking it if unwell.")
    terms = list(content.terms)
    for changed, fails in ((criteria, False), (as_text, True), (instruction, True)):
        terms[i] = changed
        errors = review(dataclasses.replace(content, terms=tuple(terms)), RULES, TODAY).errors
        assert bool([e for e in errors if f"terms[{i}]" in e]) is fails, (changed, errors)


def test_a_tip_that_repeats_another_fails_the_check_and_an_overlap_is_listed(content: Content):
    first = content.tips[0]
    reworded = dataclasses.replace(
        first, id="copy-of-first", text=first.text.replace(".", ", truly.", 1)
    )
    copied = dataclasses.replace(content, tips=(*content.tips, reworded))
    errors = review(copied, RULES, TODAY).errors
    assert any(
        f"tips {first.id} and copy-of-first say much the same" in e and "merge" in e
        for e in errors
    ), errors
    # a threshold of 1.01 fails nothing; 0 lists every overlapping pair as a warning
    lenient = dataclasses.replace(RULES, similar_fail=1.01, similar_list=0.0)
    report = review(copied, lenient, TODAY)
    assert not [e for e in report.errors if "say much the same" in e]
    assert any(f"tips {first.id} and copy-of-first overlap" in w for w in report.warnings)


def test_a_home_page_source_fails_the_check(content: Content):
    tip = content.tips[0]
    home = dataclasses.replace(tip, sources=(Source("Myeloma UK", "https://www.myeloma.org.uk/"),))
    errors = review(dataclasses.replace(content, tips=(home, *content.tips[1:])), RULES, TODAY)
    assert any(
        f"tips[0] ({tip.id}).sources[0]: https://www.myeloma.org.uk/ is a home page" in e
        for e in errors.errors
    )


def test_the_tips_are_worth_a_daily_message(content: Content):
    # issue 13: at least 100 tips, 25 for caregivers, most about living with myeloma
    assert len(content.tips) >= 100
    assert sum(t.audience == "caregiver" for t in content.tips) >= 25
    warning = [t for t in content.tips if t.id.startswith("warning-")]
    assert len(warning) >= 6 and content.tips.index(warning[0]) < 10
