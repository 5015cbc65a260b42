"""Triage: the figures on hundreds of realistic messages, the rules' behaviour, and every
place a person's words reach the bot (free text, /define, groups)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from bot.core.content import Content
from bot.core.render_triage import triage_text
from bot.core.triage import MEMO_SIZE, Label, Triage, TriageRulesInvalid, normalise, parse_rules
from bot.core.triage_eval import evaluate, read_cases
from bot.fake_telegram.updates import message_update
from tests.helpers import Conversation, labels

DATA = Path(__file__).parent / "data"
GROUP = -100555


@pytest.fixture(scope="module")
def triage(content: Content) -> Triage:
    return Triage(content.triage)


# Regression floors: each set at the figures it reached after the fixes it prompted
# (safety recall, emergency recall, most general false positives). The blind sets were
# written by helpers who never saw the rules; their first scores are in the README.
# Every set but round 15's final one has prompted fixes: none of those is a result.
FLOORS = {
    "triage_blind_caregivers.tsv": (1.0, 1.0, 0.09),
    "triage_blind_languages.tsv": (1.0, 1.0, 0.06),
    "triage_blind_nurse.tsv": (1.0, 1.0, 0.04),
    "triage_blind_older_patients.tsv": (1.0, 1.0, 0.07),
    "triage_cases.tsv": (1.0, 1.0, 0.01),
    "triage_final_late_night.tsv": (1.0, 1.0, 0.03),
    "triage_final_mixed.tsv": (1.0, 1.0, 0.07),
    "triage_final_support_group.tsv": (1.0, 1.0, 0.07),
    "triage_holdout.tsv": (1.0, 1.0, 0.01),
    "triage_holdout_2.tsv": (1.0, 1.0, 0.01),
    "triage_round10_languages.tsv": (1.0, 1.0, 0.05),
    "triage_round10_season.tsv": (1.0, 1.0, 0.07),
    "triage_round11_languages.tsv": (1.0, 1.0, 0.16),  # [***]
    "triage_round11_year.tsv": (1.0, 1.0, 0.1),
    "triage_round12_all.tsv": (0.994, 1.0, 0.09),
    "triage_round12_languages.tsv": (1.0, 1.0, 0.04),  # [**]
    "triage_round13_group.tsv": (1.0, 1.0, 0.21),  # [**] [***]
    "triage_round13_languages.tsv": (1.0, 1.0, 0.04),
    "triage_round13_winter.tsv": (1.0, 1.0, 0.08),
    "triage_round14_everyone.tsv": (0.995, 1.0, 0.23),
    "triage_round14_languages.tsv": (0.99, 0.98, 0.43),  # 0.41 before round 15 [*]
    # round 15: the word lists of 26 languages; both sets prompted fixes
    "triage_round15_everyone.tsv": (1.0, 1.0, 0.23),
    "triage_round15_languages.tsv": (0.98, 0.97, 0.69),
    # the last set: scored once, no rule fixed after it (the net was retrained on it)
    "triage_round15_final.tsv": (1.0, 1.0, 0.09),  # 0.969 / 0.95 / 0.14 before round 16 [**]
    # round 16: the first set prompted fixes; the last was scored once, nothing fixed after
    # (first score 0.990 / 0.941 / 0.178; the net was retrained on it)
    "triage_round16_between_lines.tsv": (1.0, 1.0, 0.16),  # [**]
    "triage_round16_final.tsv": (1.0, 1.0, 0.2),  # 0.99 / 0.99 / 0.18 before round 17 [**]
    # round 17: first score 0.930 / 0.764 / 0.268; fixes by category, net retrained on it
    "triage_round17_final.tsv": (0.98, 0.98, 0.3),
    # the last set: scored once, no rule fixed after it (first 0.971 / 0.968 / 0.273)
    "triage_round18_final.tsv": (1.0, 1.0, 0.1),
    # round 19's four blind sets after the fixes they prompted (first scores, in the
    # README: safety 0.977-0.995, emergency 0.939-0.989, false positives 0.131-0.280)
    "triage_round19_caregivers.tsv": (1.0, 1.0, 0.09),
    "triage_round19_community.tsv": (1.0, 1.0, 0.14),  # [***]
    "triage_round19_older.tsv": (1.0, 1.0, 0.07),
    "triage_round19_phone_line.tsv": (0.99, 1.0, 0.18),
    # round 20's four sets after the fixes they prompted (first scores, in the README:
    # together 0.966 / 0.943 / 0.203)
    "triage_round20_palliative.tsv": (0.99, 1.0, 0.36),
    "triage_round20_pharmacy.tsv": (0.99, 1.0, 0.16),
    "triage_round20_rural.tsv": (0.99, 1.0, 0.21),  # [***]
    "triage_round20_young.tsv": (0.99, 1.0, 0.12),
    # round 21's four sets after the fixes they prompted (first scores, in the README:
    # together 0.962 / 0.893 / 0.211)
    "triage_round21_dictation.tsv": (1.0, 1.0, 0.12),
    "triage_round21_stoic.tsv": (1.0, 1.0, 0.1),
    "triage_round21_trials.tsv": (1.0, 1.0, 0.06),
    "triage_round21_world.tsv": (0.99, 1.0, 0.5),
    # round 22's four sets after the fixes they prompted (first scores, in the README:
    # together 0.950 / 0.954 / 0.125)
    "triage_round22_access.tsv": (0.99, 1.0, 0.11),
    "triage_round22_codeswitch.tsv": (0.98, 1.0, 0.2),
    "triage_round22_first_month.tsv": (0.99, 1.0, 0.08),
    "triage_round22_forwarded.tsv": (0.99, 1.0, 0.13),
    # round 23's four sets after the fixes they prompted (first scores, in the README:
    # together 0.976 / 0.936 / 0.150)
    "triage_round23_care_staff.tsv": (0.99, 1.0, 0.16),
    "triage_round23_partners.tsv": (0.99, 1.0, 0.15),
    "triage_round23_second_language.tsv": (1.0, 1.0, 0.2),
    "triage_round23_signers.tsv": (0.99, 1.0, 0.12),
    # round 24's four sets after the fixes they prompted (first scores, in the README:
    # together 0.969 / 0.974 / 0.079)
    "triage_round24_faith.tsv": (1.0, 1.0, 0.08),
    "triage_round24_neighbours.tsv": (0.99, 1.0, 0.06),
    "triage_round24_teens.tsv": (0.99, 1.0, 0.08),
    "triage_round24_travel.tsv": (0.98, 1.0, 0.07),
    # round 25's four sets after the fixes they prompted (first scores, in the README:
    # together 0.964 / 0.957 / 0.131)
    "triage_round25_dialects.tsv": (0.99, 1.0, 0.15),
    "triage_round25_veterans.tsv": (0.98, 1.0, 0.11),
    "triage_round25_ward.tsv": (0.99, 1.0, 0.17),
    "triage_round25_young_parents.tsv": (0.98, 1.0, 0.12),
    # round 26's four sets after the fixes they prompted (first scores, in the README:
    # together 0.971 / 0.956 / 0.163; held out a session, then fixed)
    "triage_round26_chosen_family.tsv": (0.99, 1.0, 0.06),
    "triage_round26_easy_read.tsv": (1.0, 1.0, 0.06),
    "triage_round26_multilingual.tsv": (0.99, 1.0, 0.15),
    "triage_round26_night.tsv": (1.0, 1.0, 0.07),
    # round 27's four sets after the fixes they prompted (first scores, in the README:
    # together 0.974 / 0.961 / 0.116)
    "triage_round27_aftercare.tsv": (1.0, 1.0, 0.05),
    "triage_round27_european.tsv": (1.0, 1.0, 0.14),
    "triage_round27_frustrated.tsv": (1.0, 1.0, 0.06),
    "triage_round27_humour.tsv": (1.0, 1.0, 0.1),
    # round 28's four sets after the fixes they prompted (first scores, in the README:
    # together 0.932 / 0.947 / 0.083; terse 0.794 / 0.886)
    "triage_round28_chemo_brain.tsv": (0.99, 1.0, 0.1),
    "triage_round28_comorbid.tsv": (1.0, 1.0, 0.09),
    "triage_round28_mentors.tsv": (0.99, 1.0, 0.13),
    "triage_round28_terse.tsv": (0.98, 1.0, 0.03),
    # round 29's four sets after the fixes they prompted (first scores, in the README:
    # together 0.954 / 0.963 / 0.092; text-speak 0.931 / 0.920)
    "triage_round29_alternative.tsv": (0.97, 1.0, 0.11),
    "triage_round29_logistics.tsv": (0.98, 1.0, 0.1),
    "triage_round29_relayed.tsv": (0.97, 1.0, 0.06),
    "triage_round29_textspeak.tsv": (0.98, 0.98, 0.1),
    "triage_round3_groups.tsv": (1.0, 1.0, 0.14),
    # [***] round 21: nothing recognised and no English word is not vouched for as general,
    # and a general rule that reads "my" cannot vouch in a language it does not read: a
    # Welsh welcome, an Irish thank-you and a Kurdish word question pay for it
    # [**] round 17: three words or more with no common English word are not vouched for
    # as general (Igbo, Twi, Hausa, Serbian crises were); foreign thanks pay for it
    # [*] round 15's Swahili common words make one Swahili thank-you "not vouched for as
    # general"; the same round caught two more of its emergencies
    "triage_round3_immune.tsv": (1.0, 1.0, 0.17),
    "triage_round3_rushed.tsv": (1.0, 1.0, 0.06),
    "triage_round3_understated.tsv": (1.0, 1.0, 0.1),
    "triage_round4_clinic.tsv": (1.0, 1.0, 0.08),
    "triage_round4_distance.tsv": (1.0, 1.0, 0.23),  # [**] round 19: a friend's relapse
    "triage_round5_groupchat.tsv": (1.0, 1.0, 0.13),
    "triage_round5_learners.tsv": (1.0, 1.0, 0.19),
    "triage_round6_everyday.tsv": (1.0, 1.0, 0.07),
    "triage_round6_nights.tsv": (1.0, 1.0, 0.07),
    "triage_round7_week.tsv": (1.0, 1.0, 0.05),
    "triage_round8_followups.tsv": (1.0, 1.0, 0.23),
    "triage_round8_working.tsv": (1.0, 1.0, 0.13),
    "triage_round9_languages.tsv": (1.0, 1.0, 0.11),
    "triage_round9_month.tsv": (1.0, 1.0, 0.09),
}


# The last sets, scored once with nothing changed after them (README, [4]): kept out of
# the learned net's training and of the fixes, guarded at their first scores. The next
# round of fixes moves them up into tests/data.
HELD_OUT = DATA / "held_out"
HELD_OUT_FLOORS = {
    # round 30, the last sets: first scores 0.982 / 0.960 / 0.131 together
    "triage_round30_alone.tsv": (0.98, 0.98, 0.08),
    "triage_round30_checkers.tsv": (0.99, 1.0, 0.07),
    "triage_round30_grandchildren.tsv": (0.96, 0.97, 0.1),
    "triage_round30_spanglish.tsv": (0.98, 0.88, 0.29),
}


@pytest.mark.parametrize("name", sorted(HELD_OUT_FLOORS))
def test_held_out_sets_keep_their_first_scores(triage: Triage, name: str):
    ev = evaluate(read_cases((HELD_OUT / name).read_text(encoding="utf-8")), triage)
    safety, emergency, false_positives = HELD_OUT_FLOORS[name]
    assert ev.safety_recall >= safety
    assert ev.emergency_recall >= emergency
    assert ev.false_positive_rate <= false_positives
    assert {p.name for p in HELD_OUT.glob("*.tsv")} == set(HELD_OUT_FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_safety_figures(triage: Triage, name: str):
    cases = read_cases((DATA / name).read_text(encoding="utf-8"))
    ev = evaluate(cases, triage)
    misses = "\n".join(f"{c.label} -> {v.label}: {c.text}" for c, v in ev.misses)
    safety, emergency, false_positives = FLOORS[name]
    assert ev.safety_recall >= safety, misses
    assert ev.emergency_recall >= emergency, misses
    assert ev.false_positive_rate <= false_positives, misses


def test_every_data_file_has_a_floor():
    assert {p.name for p in DATA.glob("*.tsv")} <= set(FLOORS)


def test_the_case_file_is_big_and_balanced_enough():
    cases = read_cases((DATA / "triage_cases.tsv").read_text(encoding="utf-8"))
    by_label = {label: sum(c.label == label for c in cases) for label in Label}
    assert len(cases) >= 300
    assert 0.22 <= by_label[Label.EMERGENCY] / len(cases) <= 0.30
    assert min(by_label[Label.CLINICAL], by_label[Label.GENERAL]) >= 100


@pytest.mark.parametrize(
    ("text", "label", "reason"),
    [
        ("should I skip dex this week? I have a fever of 39", Label.EMERGENCY, "fever-reading"),
        ("I want to die", Label.EMERGENCY, "crisis"),
        ("should i stop revlimid", Label.CLINICAL, "asks-what-to-do"),
        ("what does refractory to lenalidomide mean?", Label.GENERAL, None),
        ("what does neutropenic fever mean", Label.GENERAL, None),
        ("SHOULD I STOP REVLIMID???", Label.CLINICAL, "asks-what-to-do"),
        ("skip dex 2moro? 🙏", Label.CLINICAL, "stop-or-change-medicine"),
        ("fever 38.6 😰 shaking", Label.EMERGENCY, "fever-reading"),
        ("is tingling normal on velcade", Label.CLINICAL, "is-it-normal"),
        ("revlimd side efects", Label.CLINICAL, "side-effect"),
    ],
)
def test_rules(triage: Triage, text: str, label: Label, reason: str | None):
    verdict = triage.classify(text)
    assert verdict.label is label
    if reason:
        assert reason in verdict.reasons


@pytest.mark.parametrize(
    "text", ["", " ", "🙂" * 500, "\u200b\u202e\u0301", "x" * 5000, "<b>&amp;</b>", "١٢٣"]
)
def test_odd_input_is_general_and_never_fails(triage: Triage, text: str):
    assert triage.classify(text).label is Label.GENERAL


def test_normalise_keeps_numbers_and_drops_apostrophes():
    assert normalise("Can't — 38,5°C… M-Spike!") == "cant 38.5 c m spike"


def test_bad_rules_are_named():
    doc = {
        "concepts": {"fever": ["(unclosed"], "ok": ["x"]},
        "rules": [
            {"id": "r", "label": "urgent", "when": ["ok"]},
            {"id": "s", "label": "clinical", "when": ["nope"]},
        ],
    }
    with pytest.raises(TriageRulesInvalid) as info:
        parse_rules(doc, "content/triage.yaml")
    text = "\n".join(info.value.problems)
    assert "content/triage.yaml: concepts.fever[0]: not a valid pattern" in text
    assert "rules[0].label: use emergency, clinical or general" in text
    assert "rules (s): unknown concept 'nope'" in text


def test_bad_dialect_and_discount_fields_are_named():
    doc = {
        "concepts": {"ok": {"patterns": ["x"], "asked_about": "yes"}},
        "rules": [{"id": "r", "label": "clinical", "when": ["ok"]}],
        "dialect": {"two words": "x", "fine": "", " ": "y"},
        "discounts": {"resolved": []},
    }
    with pytest.raises(TriageRulesInvalid) as info:
        parse_rules(doc, "triage.yaml")
    text = "\n".join(info.value.problems)
    assert "triage.yaml: concepts.ok.asked_about: use true or false" in text
    assert "dialect.two words" not in text  # a phrase voice-to-text split ("my elo ma")
    assert "triage.yaml: dialect.fine: map a spelling to plain words" in text
    assert "triage.yaml: dialect. : map a spelling to plain words" in text
    assert "triage.yaml: discounts.resolved: needs a non-empty list of patterns" in text


def test_a_full_rule_set_names_what_it_lacks():
    doc = {
        "concepts": {"ok": ["x"]},
        "rules": [{"id": "r", "label": "clinical", "situation": "nope", "when": ["ok"]}],
        "discounts": {"negation_before": ["(bad"]},
        "languages": {"es": ["el"]},
    }
    with pytest.raises(TriageRulesInvalid) as info:
        parse_rules(doc, "triage.yaml")
    text = "\n".join(info.value.problems)
    assert "triage.yaml: discounts.negation_before[0]: not a valid pattern" in text
    assert "triage.yaml: discounts.distant_past: needs a non-empty list of patterns" in text
    assert "triage.yaml: languages.en: English common words are required" in text
    assert "rules (r).situation: 'nope' is not in situations" in text
    assert "triage.yaml: concepts.caregiver: is required" in text


# -- how the rules read a message -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a negation, the distant past or a hypothetical someone lowers that mention only
        ("no fever but I can't feel my legs", Label.EMERGENCY),
        ("no fever, all good, thanks for the tips", Label.GENERAL),
        ("temperature is back to normal today, thank you", Label.GENERAL),
        ("last year I had a fever, all fine now", Label.GENERAL),
        ("last year I had a fever, all fine now, but today my back is agony", Label.EMERGENCY),
        ("I had sepsis years ago and now I have a fever again", Label.EMERGENCY),
        ("my husband had his transplant in 2019, he has a temp of 39", Label.EMERGENCY),
        ("what should someone do if they get a fever on chemo", Label.CLINICAL),
        ("if you can help please, my dad collapsed", Label.EMERGENCY),
        # words about words are not emergencies
        ("what is a suicide gene in CAR-T cells?", Label.GENERAL),
        ("what does cauda equina mean", Label.GENERAL),
        ("whats happening, cant breathe", Label.EMERGENCY),
        # general must be recognised: a person's own body or feelings is at least clinical
        ("legs gone funny", Label.CLINICAL),
        ("I'm so scared it's back", Label.CLINICAL),
        ("hello", Label.GENERAL),
        ("is this a real person?", Label.GENERAL),
    ],
)
def test_negation_past_hypotheticals_and_recognised_general(
    triage: Triage, text: str, label: Label
):
    got = triage.classify(text).label
    if label is Label.CLINICAL and text == "legs gone funny":
        # "at least clinical": the learned net may raise it (legs can mean the spine)
        assert got is not Label.GENERAL
        return
    assert got is label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # the very word a question asks about is not a symptom; never for the crisis words
        ("last year I had neutropenic sepsis, all fine now. what does it mean?", Label.GENERAL),
        ("what does 'neutropenic sepsis' actually mean technically", Label.GENERAL),
        ("what does neutropenic sepsis mean? I'm shivering and hot", Label.EMERGENCY),
        ("what does it mean to feel suicidal", Label.EMERGENCY),
        ("difference between the emergency number and the 24 hour line?", Label.GENERAL),
        # regional and texting spellings; a real word is never "corrected" into a symptom
        ("ma das burnin up an shiverin, chemo wednesday", Label.EMERGENCY),
        ("cannae get ma breath the day", Label.EMERGENCY),
        ("sharing my sister's fundraiser, link in the group", Label.GENERAL),
        ("my temprature is 38.8", Label.EMERGENCY),
        # a story that ends well is past; a story that goes on to today is not
        (
            "This time last year I was rushed in with sepsis, temperature of 39, shaking "
            "so hard the bed rattled. I got through it, just sharing for the newbies",
            Label.GENERAL,
        ),
        ("Had sepsis two years ago, 39.2, shivering", Label.EMERGENCY),
        (
            "I was in remission for 2 years, back in March it relapsed, 39.2 and shivering",
            Label.EMERGENCY,
        ),
        (
            "my brother had a seizure after CAR-T back in 2022 and is doing great now, "
            "sharing for the newsletter",
            Label.GENERAL,
        ),
        ("back in march it relapsed now i have a fever of 39", Label.EMERGENCY),
        ("last year I had a DVT, now my other leg is swollen and hot", Label.EMERGENCY),
        # a purpose of its own lowers weak clinical guesses, never a red flag
        ("sharing my story for the newbies. i dont want to be here anymore", Label.EMERGENCY),
        (
            "doing a talk for our group next week. my husband has had a fever all day",
            Label.EMERGENCY,
        ),
        (
            "writing a talk for our group, my back is agony and my legs numb since last night",
            Label.EMERGENCY,
        ),
        (
            "doing a talk for our support group, why can car-t cause confusion in some people?",
            Label.GENERAL,
        ),
        # a question in one sentence never lowers a red flag in another
        ("what's the number for the triage line? 38.4 and rigors", Label.EMERGENCY),
        ("what is a fever in medical terms", Label.GENERAL),
        ("why is fever dangerous for people with myeloma", Label.GENERAL),
        # real words are never "corrected", and "a fall" is not the autumn
        ("wouldn't mind not waking up tomorrow tbh", Label.EMERGENCY),
        ("Admin: Jean DM'd me she's on the floor after a fall and can't get up", Label.EMERGENCY),
        # a word asked in any sentence, or a story that ended well, is general when
        # nothing else fired; never when a symptom, a result or a question about a
        # person is there too
        ("Heard the nurses talking about CRS, what is that?", Label.GENERAL),
        ("dex vs pred, what's the difference", Label.GENERAL),
        (
            "Heard the nurses talking about CRS, what is it? I've got a rash all over",
            Label.CLINICAL,
        ),
        ("Grandad's scare turned out to be a pulled muscle. All clear.", Label.GENERAL),
        ("neutrophils 0.9 today. what does careful mean day to day?", Label.CLINICAL),
        ("no chest pain, no breathlessness, just fed up of the rain lol", Label.GENERAL),
        ("waking up a bit sweaty at night, no temperature when i check", Label.CLINICAL),
        # a thank-you is no reason to overlook what follows it
        ("thanks for the tip. I don't plan on being around for the next cycle", Label.EMERGENCY),
        ("Danke. Ihre Lippen schwellen an, sie sagt ihr Hals ist eng", Label.EMERGENCY),
        ("thanks. mum doesn't know who I am this evening", Label.EMERGENCY),
        # the bot's own tips are talked about, not had
        ("the carfilzomib tip mentioned chest pain, reading up for our newsletter", Label.GENERAL),
        # someone else's medicine, or a double dose, but not someone else's car
        ("I think I took my husbands warfarin this morning", Label.EMERGENCY),
        ("she may have had double warfarin for the last 4 days", Label.EMERGENCY),
        ("I had my dads car today", Label.GENERAL),
        # a person named in the possessive is still a person
        ("what's dad's prognosis with a t(4;14)", Label.CLINICAL),
    ],
)
def test_words_asked_about_dialect_stories_and_purposes(triage: Triage, text: str, label: Label):
    assert triage.classify(text).label is label


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mi madre tiene fiebre de 39 desde anoche", "es"),
        ("Il ne se réveille pas et il respire mal", "fr"),
        ("Mein Mann kann die Beine nicht mehr bewegen, er hat starke Rückenschmerzen", "de"),
        ("Mio padre ha le labbra viola e non respira bene", "it"),
        ("A minha mãe desmaiou e não acorda", "pt"),
    ],
)
def test_red_flags_in_five_languages(triage: Triage, text: str, language: str):
    verdict = triage.classify(text)
    assert verdict.label is Label.EMERGENCY, verdict
    assert verdict.language == language


def test_a_red_flag_buried_in_a_long_message_is_found(triage: Triage):
    chatter = "The garden is lovely and the grandchildren visited on Sunday. " * 10
    text = chatter + "Since lunch my left calf is swollen, red and hot. " + chatter
    assert len(text) > 1000
    assert triage.classify(text).label is Label.EMERGENCY


def test_a_script_the_rules_cannot_read_is_clinical_with_the_urgent_line(
    triage: Triage, content: Content
):
    verdict = triage.classify("أمي مريضة جدا")
    assert (verdict.label, verdict.situation) == (Label.CLINICAL, "unreadable")
    assert "emergency number" in triage_text(verdict, content.messages)


@pytest.mark.parametrize(
    "text",
    [
        "Mijn man is net gevallen en kan niet meer opstaan, zijn heup doet pijn",  # Dutch
        "Annemin böbrek değerleri kötüleşti, tedavisi değişecek mi?",  # Turkish
        "Mei Frau is heut in da Früh im Bad gwesn und jetzt is komisch",  # Bavarian
    ],
)
def test_a_language_the_rules_do_not_read_is_never_vouched_for_as_general(
    triage: Triage, text: str
):
    assert triage.classify(text).label is not Label.GENERAL


@pytest.mark.parametrize(
    "text",
    [
        "Mama ma 39 stopni gorączki i silne dreszcze. Co mam robić?",  # Polish
        "Mae gwres uchel gan Dad, 39, ac mae o'n crynu drwyddo",  # Welsh
        "爸爸的血氧只有86%",  # Chinese: an oxygen reading
    ],
)
def test_digits_that_say_emergency_are_read_in_any_language(
    triage: Triage, content: Content, text: str
):
    # (Polish and Welsh fever words give the urgent reply too, in that language first)
    verdict = triage.classify(text)
    assert verdict.label is Label.EMERGENCY and verdict.situation in ("possible", "emergency")
    assert "emergency number" in triage_text(verdict, content.messages)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Not an emergency! just wondering what a stem cell harvest involves", Label.GENERAL),
        ("my eGFR is 38, will they change the dose of my revlimid?", Label.CLINICAL),
        ("temp was 38.6 and creatinine 102", Label.EMERGENCY),
        ("is my mum going to die soon?", Label.CLINICAL),
        ("I want to die", Label.EMERGENCY),
        ("Some nights I think I'll just go and join her. Sorry, ignore me.", Label.EMERGENCY),
        ("he is lying on the hall floor and he's not moving", Label.EMERGENCY),
        ("my dad is not well today", Label.CLINICAL),
        ("Had an accident, couldn't hold it. Back's been bad for days.", Label.EMERGENCY),
        ("Unsere Gruppe hat a Standl, der Erlös geht an die Myelom-Hilfe", Label.GENERAL),
    ],
)
def test_round_13_categories(triage: Triage, text: str, label: Label):
    assert triage.classify(text).label is label


@pytest.mark.parametrize(
    "text",
    [
        # a plan with no method named, a day set; done with it tonight; a note, a ledge
        "got a plan now. nobody needs to know",
        "I'm done with it all tonight",
        "he left a note that says do not call an ambulance",
        "I sat on the railing of the bridge for an hour thinking it would be quick",
        "I scalded myself with the kettle on purpose again",
        # one whole side not felt; a friend not known; days of tablets at once
        "she says she can't feel her right side",
        "Dad opened the door without knowing who I was",
        "I think he took four days worth of his tablets in one go",
    ],
)
def test_round_24_categories_are_emergencies(triage: Triage, text: str):
    assert triage.classify(text).label is Label.EMERGENCY


def test_short_verdicts_are_remembered_by_a_keyed_hash_never_by_the_text(content: Content):
    triage = Triage(content.triage)
    first = triage.classify("I can't breathe")
    assert triage.classify("I can't breathe") is first  # the second time, remembered
    assert first.label is Label.EMERGENCY
    for n in range(MEMO_SIZE + 50):
        triage.classify(f"word {n}")
    kept = triage._memo
    assert len(kept) <= MEMO_SIZE  # bounded, whatever people type
    assert all(isinstance(key, bytes) and len(key) == 16 for key in kept)
    assert not any(b"breathe" in key or b"word" in key for key in kept)
    # a long message is never remembered, and a lone surrogate does not break the hash
    triage.classify("x" * 200)
    assert triage.classify("\ud800 fever").label is not None


def test_a_red_flag_set_aside_still_sends_a_persons_question_to_the_team(content: Content):
    rules = Triage(dataclasses.replace(content.triage, model=None))
    verdict = rules.classify("My wife had a fit back in 2019. Anything she should do now")
    assert verdict.label is Label.CLINICAL
    assert "a-red-flag-set-aside" in verdict.reasons
    # a story that ended well, or a word question, is not
    assert rules.classify("what does seizure mean").label is Label.GENERAL


def test_replies_fit_the_situation_and_the_writer(triage: Triage, content: Content):
    m = content.messages
    crisis = triage.classify("dad said he's done with it all and has been saving his pills")
    assert triage_text(crisis, m) == m["crisis_caregiver"]
    spanish = triage_text(triage.classify("tengo fiebre de 39 y escalofrios"), m)
    assert spanish == f"{m['emergency_es']}\n\n{m['emergency']}"
    scared = triage_text(triage.classify("I'm so scared my myeloma is back"), m)
    assert scared.startswith(m["clinical_distress"])
    outlook = triage_text(triage.classify("how long does my husband have"), m)
    assert outlook == m["clinical_prognosis_caregiver"]
    stop = triage_text(triage.classify("can I skip my dex this week?"), m)
    assert stop == f"{m['clinical_medicine']}\n\n{m['clinical']}"


# -- where people's words arrive ---------------------------------------------------------


def only_text(calls: list) -> dict:
    sent = [c for c in calls if c.method == "sendMessage"]
    assert len(sent) == 1, [c.method for c in calls]
    return sent[0].params


async def test_an_emergency_gets_urgent_help_first_and_alone(chat: Conversation, content: Content):
    reply = only_text(await chat.say("fever 38.6 and shaking since yesterday's infusion"))
    assert reply["text"] == content.messages["emergency"]
    # nothing but the urgent words, and one way to learn the warning signs
    rows = reply["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [
        [content.messages.buttons["warning_signs"]]
    ]
    page = await chat.press(rows[0][0]["callback_data"])
    assert "Warning signs that need urgent help" in page[-1].params["text"]


async def test_thoughts_of_self_harm_get_a_crisis_line(chat: Conversation, content: Content):
    reply = only_text(await chat.say("I don't want to live anymore"))
    assert reply["text"] == content.messages["crisis"]
    assert "reply_markup" not in reply  # a crisis line, nothing else
    assert "116 123" in reply["text"] and "988" in reply["text"]


async def test_a_clinical_question_goes_to_the_care_team_with_words_as_background(
    chat: Conversation, content: Content
):
    calls = await chat.say("my M-spike went from 0.4 to 0.9, am I relapsing?")
    reply = only_text(calls)
    assert content.messages["clinical"] in reply["text"]
    assert content.messages["clinical_background"] in reply["text"]
    assert "M-protein (paraprotein)" in labels(calls[0])


async def test_a_question_about_a_word_gets_the_definition(chat: Conversation, content: Content):
    assert only_text(await chat.say("what does refractory mean?"))["text"].startswith(
        "<b>Refractory</b>"
    )
    said = only_text(
        await chat.say("my doctor said I'm relapsed and refractory, what does that mean")
    )
    assert said["text"].startswith("<b>Relapsed and refractory</b>")
    assert only_text(await chat.say("relapsed vs refractory"))["text"].startswith(
        "<b>Relapsed or refractory?</b>"
    )


async def test_small_talk_gets_what_the_bot_can_do(chat: Conversation, content: Content):
    assert only_text(await chat.say("hello!"))["text"] in content.messages.small_talk["greeting"]


async def test_define_with_a_question_is_triaged(chat: Conversation, content: Content):
    stop = only_text(await chat.say("/define should i stop revlimid"))["text"]
    assert stop.startswith(content.messages["clinical_medicine"])
    assert content.messages["clinical"] in stop
    assert (
        only_text(await chat.say("/define chest pain and can't breathe"))["text"]
        == content.messages["emergency"]
    )
    assert only_text(await chat.say("/define relapsed"))["text"].startswith("<b>Relapsed</b>")


async def test_groups_are_left_alone_unless_the_bot_is_addressed(
    chat: Conversation, content: Content
):
    talk = message_update(
        "should I skip dex this week?", chat_id=GROUP, user_id=5, chat_type="supergroup"
    )
    assert await chat.send(talk) == []
    mention = message_update(
        f"@{chat.api.username} should I skip dex this week?",
        chat_id=GROUP,
        user_id=5,
        chat_type="supergroup",
    )
    mention["message"]["entities"] = [
        {"type": "mention", "offset": 0, "length": len(chat.api.username) + 1}
    ]
    reply = only_text(await chat.send(mention))
    assert content.messages["clinical"] in reply["text"]
    assert reply["reply_parameters"]["message_id"] == 1
    other = message_update(
        "@SomeoneElse fever 39", chat_id=GROUP, user_id=5, chat_type="supergroup"
    )
    other["message"]["entities"] = [{"type": "mention", "offset": 0, "length": 12}]
    assert await chat.send(other) == []
    reply_to_bot = message_update(
        "what does refractory mean",
        chat_id=GROUP,
        user_id=5,
        chat_type="supergroup",
        reply_to_bot=True,
    )
    short = only_text(await chat.send(reply_to_bot))
    assert short["text"].startswith("<b>Refractory</b>")
    assert short["reply_markup"]["inline_keyboard"][0][0]["url"].endswith(
        "?start=define_refractory"
    )


async def test_nothing_typed_is_stored(chat: Conversation):
    await chat.say("my husband has a fever of 39, should he stop revlimid")
    await chat.say("/define am I dying")
    store = chat.bot.deps.store
    assert await store.rows_about(1001) == 0
    assert chat.bot.deps.triage_counts == {"emergency": 1, "clinical": 1}


# -- the learned safety net ---------------------------------------------------------------


def test_the_learned_net_only_ever_raises(content: Content):
    import dataclasses

    with_net = Triage(content.triage)
    rules_only = Triage(dataclasses.replace(content.triage, model=None))
    assert content.triage.model is not None
    severity = {Label.GENERAL: 0, Label.CLINICAL: 1, Label.EMERGENCY: 2}
    cases = [c for p in sorted(DATA.glob("*.tsv")) for c in read_cases(p.read_text("utf-8"))]
    # every 12th labelled message (about 660), so that the check stays quick; the net is
    # consulted only after the rules in any case (see the always-firing net below)
    raised = 0
    for case in cases[::12]:
        a, b = rules_only.classify(case.text), with_net.classify(case.text)
        assert severity[b.label] >= severity[a.label], case.text
        if b.label is not a.label:
            assert (a.label, b.label) == (Label.CLINICAL, Label.EMERGENCY)
            assert b.reasons == ("learned-safety-net",)
            raised += 1
    assert raised  # the sample holds messages the net raised, so the checks mean something


def test_a_net_that_always_fires_raises_clinical_and_nothing_else(content: Content):
    import dataclasses

    from bot.core.triage_model import LearnedModel

    alarmist = LearnedModel({"w:zzz": 0.0}, bias=30.0)
    triage = Triage(dataclasses.replace(content.triage, model=alarmist))
    assert triage.classify("should i stop revlimid").label is Label.EMERGENCY
    assert triage.classify("should i stop revlimid").situation == "possible"
    assert triage.classify("hello").label is Label.GENERAL
    assert triage.classify("I want to die").situation == "crisis"


def test_the_shipped_net_was_trained_on_every_labelled_message(content: Content):
    """Add a set to tests/data, then retrain: python -m bot triage --train tests/data"""
    total = sum(len(read_cases(p.read_text(encoding="utf-8"))) for p in DATA.glob("*.tsv"))
    assert content.triage.model is not None
    assert content.triage.model.trained_on == total


def test_a_raised_verdict_answers_both_an_emergency_and_a_crisis(content: Content):
    from bot.core.triage import POSSIBLE, Verdict

    text = triage_text(
        Verdict(Label.EMERGENCY, ("learned-safety-net",), POSSIBLE), content.messages
    )
    assert text.startswith(content.messages["emergency"])
    assert content.messages["emergency_crisis_line"] in text
    assert "116 123" in text


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ([], "(top level): must be an object"),
        ({"bias": 0, "threshold": 0.5, "weights": {}}, "weights: must be a non-empty object"),
        ({"bias": "x", "threshold": 0.5, "weights": {"w:a": 1}}, "bias: must be a number"),
        ({"bias": 0, "threshold": 2, "weights": {"w:a": 1}}, "threshold: must be between"),
        ({"bias": 0, "threshold": 0.5, "weights": {"w:a": "1"}}, "weights.w:a: must be a number"),
    ],
)
def test_a_bad_model_file_is_named_by_field(doc: object, problem: str):
    from bot.core.triage_model import ModelInvalid, model_from_json

    with pytest.raises(ModelInvalid, match=re.escape(problem)):
        model_from_json(doc)


def test_a_broken_model_file_stops_start_up_naming_the_file(tmp_path: Path):
    import shutil

    from bot.core.content import ContentInvalid
    from bot.shell.content_files import load_content

    shutil.copytree(Path(__file__).parent.parent / "content", tmp_path / "content")
    (tmp_path / "content" / "triage_model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ContentInvalid) as info:
        load_content(tmp_path / "content")
    assert any("triage_model.json: not valid JSON" in line for line in info.value.problems)


def test_training_is_deterministic_and_learns_a_simple_rule():
    from bot.core.triage_model import train

    examples = [(["cant", "breathe"], True), (["hello", "there"], False)] * 20
    a, b = train(examples), train(examples)
    assert a == b
    assert a.is_emergency(["cant", "breathe"]) and not a.is_emergency(["hello", "there"])


def test_without_a_model_file_triage_runs_on_the_rules_alone(tmp_path: Path):
    import shutil

    from bot.shell.content_files import load_content

    shutil.copytree(Path(__file__).parent.parent / "content", tmp_path / "content")
    (tmp_path / "content" / "triage_model.json").unlink()
    content = load_content(tmp_path / "content")
    assert content.triage.model is None
    assert Triage(content.triage).classify("temp 38.9 and shaking").label is Label.EMERGENCY


def test_other_scripts_keep_their_letters_when_normalised():
    # Korean syllables come back whole after accents are dropped, and the vowel signs of
    # Indic scripts are letters, not punctuation: "बुखार" is one word, not "ब ख र"
    assert normalise("열이 39도예요") == "열이 39도예요"
    assert normalise("पापा को बुख़ार है।") == "पापा को बुखार है"
    assert normalise("Fièvre à 38,5") == "fievre a 38.5"


def test_a_temperature_written_against_korean_or_hindi_is_urgent(triage: Triage):
    for text in ("아버지가 열이 39도예요", "माँ को 39 डिग्री है"):
        assert triage.classify(text).label is Label.EMERGENCY, text


# -- red-flag words of languages the rules do not read (issue 10, round 15) ---------------


def _first(words, category: str, latin: bool, letters: str = "") -> str:
    """The first word of a category in the language's own letters (for Ukrainian, one with
    a letter Russian does not use, so that it can only be Ukrainian)."""
    from bot.core.triage_rules import _latin

    return next(
        w.rstrip("*")
        for w in words[category]
        if _latin(w) == latin and (not letters or set(letters) & set(w))
    )


def test_every_red_flag_language_answers_its_own_fever_and_crisis_words(content: Content):
    import yaml

    from bot.shell.config import DEFAULT_CONTENT_DIR

    doc = yaml.safe_load((DEFAULT_CONTENT_DIR / "triage.yaml").read_text(encoding="utf-8"))
    lists = doc["red_flag_words"]
    assert len(lists) >= 20
    triage = Triage(content.triage)
    for code, body in lists.items():
        latin = "scripts" not in body  # Polish, Turkish ...: words in Latin letters
        # with a common word of the language, as a real message has ("mama", "babam")
        common = sorted(content.triage.unread_languages.get(code, ()))[:1] if latin else []
        for category, situation in (("fever", "emergency"), ("crisis", "crisis")):
            word = " ".join([*common, _first(body["words"], category, latin)])
            verdict = triage.classify(word)
            assert verdict.label is Label.EMERGENCY, (code, word, verdict)
            assert verdict.situation == situation, (code, word, verdict)
        own = " ".join([*common, _first(body["words"], "fever", latin, body.get("letters", ""))])
        reply = triage_text(triage.classify(own), content.messages)
        local = content.messages[f"emergency_{code}"]
        assert reply.startswith(local) and content.messages["emergency"] in reply, code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ما معنى هذه الكلمة في الرسالة", "ar"),
        ("یہ لفظ کیا ہے ڈاکٹر نے لکھا", "ur"),
        ("Что это за слово в письме", "ru"),
        ("Що це за слово в листі", "uk"),
        ("この言葉の意味は何ですか", "ja"),
        ("我看不懂医生写的这个词", "zh"),
    ],
)
def test_a_message_the_rules_cannot_read_gets_the_urgent_line_in_its_script(
    triage: Triage, content: Content, text: str, code: str
):
    verdict = triage.classify(text)
    assert verdict.label is Label.CLINICAL and verdict.language == code
    assert triage_text(verdict, content.messages).startswith(content.messages[f"emergency_{code}"])


def test_digits_of_any_script_read_as_a_temperature(triage: Triage):
    for text in ("حرارته ٣٨٫٥", "बुखार १०२ है", "熱が３９度"):
        assert triage.classify(text).label is Label.EMERGENCY, text


def test_latin_red_flag_words_never_fire_in_english(triage: Triage):
    # "kan" is Turkish for blood, "help" is in Dutch lists: English stays English
    for text in ("I kan never remember the word", "help", "thanks for the help today"):
        assert "red-flag-words" not in " ".join(triage.classify(text).reasons), text


def test_red_flag_words_that_are_not_a_mapping_are_named():
    with pytest.raises(TriageRulesInvalid) as err:
        parse_rules({"concepts": {}, "rules": [], "red_flag_words": {"xx": ["a"]}})
    assert "red_flag_words.xx: needs a name and words by category" in str(err.value.problems)


def test_every_red_flag_language_says_thanks_as_small_talk_but_never_hides_a_red_flag(
    content: Content,
):
    # a greeting or thanks in a language the rules do not read is general; with one of
    # that language's fever words beside it, it is still the urgent reply
    triage = Triage(content.triage)
    lists = content.triage.red_flag_words
    assert sum(bool(lst.small_talk) for lst in lists) == len(lists)
    for lst in lists:
        thanks = max(lst.small_talk, key=len).strip()
        verdict = triage.classify(thanks)
        assert verdict.label is Label.GENERAL, (lst.code, thanks, verdict)
        fever = (lst.urgent or lst.urgent_latin)[0].strip()
        hello = min(lst.small_talk, key=len).strip()
        assert triage.classify(f"{hello} {fever}").label is Label.EMERGENCY, lst.code


@pytest.mark.parametrize(
    ("text", "situation"),
    [
        ("goodbye everyone x", "crisis"),
        ("this will be my last message on here, thank you all", "crisis"),
        ("if the cancer doesn't get me I'll get myself first", "crisis"),
        ("mum has been talking about Switzerland again and asked for her passport", "crisis"),
        ("haven't heard from Jim for 4 days and he lives on his own", "emergency"),
        ("what happens if you take all your dex at once", "crisis"),
    ],
)
def test_farewells_plans_and_someone_gone_quiet_get_urgent_help(
    triage: Triage, text: str, situation: str
):
    verdict = triage.classify(text)
    assert verdict.label is Label.EMERGENCY, verdict
    assert verdict.situation == situation


@pytest.mark.parametrize(
    "text",
    [
        "did you get my last message about the meeting?",
        "the clinic hasn't replied for 3 days about my appointment",
        "the leaflet says velcade makes the cells kill themselves",
    ],
)
def test_ordinary_words_near_those_are_not_a_crisis(triage: Triage, text: str):
    assert triage.classify(text).situation != "crisis"


def test_a_message_with_no_word_of_english_is_not_vouched_for(triage: Triage):
    # Polish, which the rules do not read: a transplant question is for the care team
    verdict = triage.classify("Czy po przeszczepie szpiku mogę jeść sushi?")
    assert verdict.label is Label.CLINICAL


def test_every_red_flag_language_asks_what_a_word_means_as_a_general_question(
    content: Content,
):
    # "<word> का क्या मतलब है" in a language the rules do not read is general; with the
    # language's own "my" beside it, or one of its fever words, it is not
    triage = Triage(content.triage)
    lists = content.triage.red_flag_words
    assert all(lst.word_questions and lst.own_words for lst in lists)
    read_by_frame = 0
    for lst in lists:
        own_script = [f for f in lst.word_questions if not f.isascii()]
        frame = max(own_script or lst.word_questions, key=len).strip()
        asked = triage.classify(f"{frame} «paraprotein» «light chains»")
        # (a frame stored without its accents, "khac nhau nhu the nao", is not how anyone
        # writes it: only the language's own script is held to this)
        assert asked.label is Label.GENERAL or not own_script, (lst.code, asked)
        if triage.classify(f"«zorblat» {frame}").reasons != (f"word-question-{lst.code}",):
            continue  # read by the English rules first: Latin letters, a glossary word
        read_by_frame += 1
        own = max(lst.own_words, key=len).strip()
        mine = triage.classify(f"{own} «zorblat» {frame}")  # a word in no glossary
        assert mine.label is not Label.GENERAL, (lst.code, mine)
        fever = (lst.urgent or lst.urgent_latin)[0].strip()
        assert triage.classify(f"{frame} {fever}").label is Label.EMERGENCY, lst.code
    assert read_by_frame >= 10


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("「難治性」ってどういう意味ですか？", Label.GENERAL),
        ("पैराप्रोटीन का क्या मतलब होता है?", Label.GENERAL),
        ("Cho em hỏi 'tái phát' với 'kháng trị' khác nhau thế nào ạ?", Label.GENERAL),
        # more than the word asked about: not vouched for
        ("co to znaczy że mój szpiczak wrócił po dwóch latach leczenia", Label.CLINICAL),
        (
            "In loving memory of Ade. Fought myeloma for 9 years. Rest easy, brother.",
            Label.GENERAL,
        ),
        ("volunteer drivers needed for Tuesday clinic runs, expenses paid", Label.GENERAL),
        ("how do I stop the tips at night?", Label.GENERAL),
        (
            "had a fever last month, all ok now. how do I avoid that happening again?",
            Label.CLINICAL,
        ),
        ("What's the life expectancy with RRMM now? Just been told mine's back", Label.CLINICAL),
        ("Cried in the car park after clinic. second relapse is harder", Label.CLINICAL),
        (
            "my IgA level went down to 6 from 12 after the first cycle, is that good?",
            Label.CLINICAL,
        ),
        ("my chemo brain is so bad I put the kettle in the fridge", Label.CLINICAL),
        ("mum is so bad today, she can't get out of bed", Label.EMERGENCY),
        (
            # round 26: the group's own life is general in Romanian too
            "Vă mulțumesc pentru grupul acesta. Dumnezeu să vă binecuvânteze pe toți!",
            Label.GENERAL,
        ),
    ],
)
def test_round_19_categories(triage: Triage, text: str, label: Label):
    assert triage.classify(text).label is label, triage.classify(text)


@pytest.mark.parametrize(
    "text",
    [
        "im so done. like actually done. i wrote a note tonight",
        "how many of the morphine tablets can a person take before they don't wake up?",
        "I've stopped eating and drinking on purpose now",
        "my son cut his arms last night",
        "the pills are ready in the drawer, I've made up my mind",
        "found a stash of mums sleeping tablets, she says just in case",
        "he asked me where the gun is and gave away his watch",
        "I've got enough of my tablets put aside and decided Sunday is when",
    ],
)
def test_round_19_crisis_is_always_the_crisis_reply(triage: Triage, text: str):
    verdict = triage.classify(text)
    assert verdict.label is Label.EMERGENCY and verdict.situation == "crisis", verdict


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("hardly anything in his catheter bag since breakfast", Label.EMERGENCY),
        ("sudden headache like being hit on the back of the head, worst ever", Label.EMERGENCY),
        ("nosebleed for over an hour, I've pinched it the whole time", Label.EMERGENCY),
        ("my 2 yr old got into my bag and chewed a dexamethasone tablet", Label.EMERGENCY),
        ("my wife took my pills instead of hers by mistake", Label.EMERGENCY),
        ("woke up on the landing, must have gone over", Label.EMERGENCY),
        ("she keeps asking the same question over and over since lunch", Label.EMERGENCY),
        ("mi chess a hurt an it a run dung mi lef arm", Label.EMERGENCY),
        ("she cyah catch she breath", Label.EMERGENCY),
        ("his temperature is 30 8.9 and he is shaking", Label.EMERGENCY),
        ("the hospital rang saying come in today", Label.EMERGENCY),
        ("Seit heute Morgen kann ich meine Beine kaum bewegen", Label.EMERGENCY),
        ("my letter says stable disease, is that good or bad for me?", Label.CLINICAL),
        ("not sure whether to go for another round, the last one floored me", Label.CLINICAL),
        ("our speaker on febrile neutropenia is on Tuesday at 7pm, all welcome", Label.GENERAL),
        ("How do I make the bot read out loud? I can't see the screen very well", Label.GENERAL),
        ("Can I take turmeric with my revlimid? my mother-in-law says it helps", Label.CLINICAL),
        ("Con mucho cariño recordamos a Carmen, que descanse en paz", Label.GENERAL),
        ("多謝晒，你哋好好人。", Label.GENERAL),
        ("骨髓瘤係咩嚟㗎？", Label.GENERAL),
    ],
)
def test_round_19_fixes_by_category(triage: Triage, text: str, label: Label):
    assert triage.classify(text).label is label, triage.classify(text)


def test_a_word_voice_to_text_split_is_read_whole(triage: Triage):
    assert triage.words("why is it called multiple my elo ma") == [
        "why",
        "is",
        "it",
        "called",
        "multiple",
        "myeloma",
    ]
    assert triage.classify("is my elo ma hereditary in general").label is Label.GENERAL


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # round 26: the group's own life in a language the rules do not read is general
        ("Cumartesi piknik var mı? Ben börek getiririm", Label.GENERAL),
        ("Czy ktoś organizuje wigilię dla grupy w tym roku?", Label.GENERAL),
        ("下个月的病友聚会在哪里举行？", Label.GENERAL),
        # but not with a person in it, and never over a red-flag word
        ("Czy ktoś organizuje wigilię? Moja mama ma gorączkę", Label.EMERGENCY),
        ("Czy ktoś organizuje wigilię? Moja mama jest bardzo zmęczona", Label.CLINICAL),
        ("我们的聚会在哪里？我妈妈发烧了", Label.EMERGENCY),
    ],
)
def test_community_chatter_in_other_languages(triage: Triage, text: str, label: Label):
    assert triage.classify(text).label is label, triage.classify(text)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # round 26 and 27 categories: a self-harm blade, a place for tomorrow, "not a
        # burden much longer", the car running in the garage, the fast train
        ("sat in the bath with a blade, keep looking at it", Label.EMERGENCY),
        ("planning to go to the cliffs tomorrow, nobody will notice", Label.EMERGENCY),
        ("sorted it all so i wont be a burden to anyone much longer", Label.EMERGENCY),
        ("sitting in the garage with the engine running", Label.EMERGENCY),
        ("been standing on the bridge for ages now", Label.EMERGENCY),
        # coming round on the floor, an arm that won't work, the worst head ever
        ("came to on the bathroom floor, no idea how long", Label.EMERGENCY),
        ("writing left handed, the other one won't work since lunch", Label.EMERGENCY),
        ("grandad says worst head he's ever had, came on all at once", Label.EMERGENCY),
        # jokes and idioms are not a person's body
        ("joke of the day: why did the plasma cell cross the road", Label.GENERAL),
        ("so sick of this weather", Label.GENERAL),
        # a scare that ended well, then asked about again: the team's
        (
            "dad was muddled last month from his calcium, fine now. could it happen again?",
            Label.CLINICAL,
        ),
    ],
)
def test_round_26_and_27_categories(triage: Triage, text: str, label: Label):
    assert triage.classify(text).label is label, triage.classify(text)
