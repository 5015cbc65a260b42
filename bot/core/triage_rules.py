"""The triage rules as data: content/triage.yaml parsed into frozen values, every problem
named by file and field. Pure: no I/O; bot.core.triage applies these rules to a message."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from bot.core.triage_model import LearnedModel

NEVER_PATTERN = re.compile(r"(?!x)x")


class Label(StrEnum):
    EMERGENCY = "emergency"
    CLINICAL = "clinical"
    GENERAL = "general"


SEVERITY = {Label.EMERGENCY: 2, Label.CLINICAL: 1, Label.GENERAL: 0}
ENGLISH = "en"
# Set when a red flag is mentioned but every mention is discounted (negated, long ago,
# hypothetical, asked about): "I had a seizure in 2021", "no chest pain, just puffed".
# Still a body named, so rules may send it to the care team.
DISCOUNTED = "red_flag_discounted"
CRISIS_WORDS = "crisis"  # the category of red-flag words that gives the crisis reply
# Not letters or digits, so spaces: except a per cent sign, a held decimal point, and the
# vowel signs of Indic, Thai and Myanmar scripts, which are letters there
_NOT_A_WORD = re.compile(r"[^\w%\u0000\u0900-\u0963\u0966-\u0DFF\u0E00-\u0EFF\u1000-\u109F]+|_")


_DIGIT = re.compile(r"(?![0-9])\d")  # any decimal digit but 0-9
# Emoji people use for a symptom, read as the word ("🩸💩" is blood in the poo); the rest
# are not words. Faces of feeling stay out: "😢" alone is answered as a feeling.
_EMOJI_WORDS = str.maketrans(
    {
        "🩸": " blood ",
        "💩": " poo ",
        "🤮": " vomiting ",
        "🤢": " sick ",
        "🤒": " fever ",
        "🥵": " hot ",
        "🥶": " freezing ",
        "😵": " dizzy ",
        "😴": " sleepy ",
        "💊": " pills ",
        "🚑": " ambulance ",
        "🆘": " help ",
    }
)


def fold(text: str) -> str:
    """Case and accents dropped, then composed again: "Fièvre" is "fievre", and Korean
    syllables, which NFKD splits into letters, are whole syllables again ("도")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return unicodedata.normalize("NFC", text)


def normalise(text: str) -> str:
    """Lower case, no accents or apostrophes; punctuation becomes space, but a decimal
    point between digits ("38.5") and a per cent sign stay."""
    text = fold(text).replace("ß", "ss")
    if not text.isascii():
        text = text.translate(
            _EMOJI_WORDS
        )  # "٣٨٫٥" and "３９" are 38.5 and 39, as in any other script
        text = _DIGIT.sub(lambda m: str(unicodedata.digit(m.group(), 0)), text)
        text = text.replace("٫", ".")  # the Arabic decimal separator
    text = re.sub(r"[’'`´]", "", text)
    text = re.sub(r"(?<=\d)[.,](?=\d)", "\u0000", text)  # keep 38.5 / 38,5 as one number
    text = _NOT_A_WORD.sub(" ", text)
    return " ".join(text.replace("\u0000", ".").split())


def script_of(c: str) -> str:
    """The Unicode script a letter belongs to, as the first word of its name ("ARABIC",
    "DEVANAGARI", "CJK"); Japanese kana count as "KANA"."""
    name = unicodedata.name(c, "").split(" ", 1)[0]
    return "KANA" if name in ("HIRAGANA", "KATAKANA") else name


@dataclass(frozen=True)
class Concept:
    name: str
    pattern: re.Pattern[str] | None
    unless: tuple[str, ...] = ()
    # Which discounts drop a mention (see DISCOUNT_KINDS). A red flag (`flag: true`) has
    # them all; a `negatable` concept only drops negated mentions.
    discounted_by: frozenset[str] = frozenset()
    first_sentence: bool = False  # searched in the message's first sentence or clause only
    each_sentence: bool = (
        False  # searched in each sentence or clause on its own ("^" is its start)
    )
    flag: bool = False  # a red flag: when every mention is discounted, DISCOUNTED is set


@dataclass(frozen=True)
class Rule:
    id: str
    label: Label
    when: tuple[tuple[str, ...], ...]  # all groups must match; a group matches if any name does
    unless: tuple[str, ...] = ()
    situation: str = ""  # which reply fits: "crisis", "medicine_change", "prognosis", ...
    fallback: bool = False  # considered only when no other rule fired
    unreadable: bool = False  # considered only for a message in words the rules cannot read


@dataclass(frozen=True)
class Discounts:
    """What makes a red-flag mention not count, each a pattern on normalised words."""

    negation_before: re.Pattern[str]  # anchored at the end of the words before the mention
    negation_after: re.Pattern[str]  # anchored at the start of the words after it
    distant_past: re.Pattern[str]  # anywhere in the mention's sentence ...
    present: re.Pattern[str]  # ... unless the sentence also speaks of now
    hypothetical: re.Pattern[str]  # in the words before the mention, same sentence
    # The mention is the word asked about ("what does § mean"): its sentence, with the
    # mention written as §. Optional; never lowers a concept with `asked_about: false`.
    asked_about: re.Pattern[str] = re.compile(r"(?!x)x")
    # Optional: the message says it is all over ("all fine now", "she pulled through"),
    # so "now" does not bring a past sentence back ...
    resolved: re.Pattern[str] = re.compile(r"(?!x)x")
    # ... and a comma clause with none of these continues the story before it
    present_tense: re.Pattern[str] = re.compile(r"(?!x)x")


@dataclass(frozen=True)
class TriageRules:
    concepts: Mapping[str, Concept]
    rules: tuple[Rule, ...]
    spelling: tuple[str, ...]
    discounts: Discounts | None = None
    languages: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # English regional and texting spellings, each read as what it stands for
    # ("cannae" -> "cant", "tmrw" -> "tomorrow"); "bleedin" is read as "bleeding" when the
    # rules know the -ing word
    dialect: Mapping[str, str] = field(default_factory=dict)
    situations: tuple[str, ...] = ()  # clinical situations, the one that wins first
    # common words of languages the rules do not read (Dutch, Polish, Welsh, ...): such a
    # message is never vouched for as general
    unread_languages: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # the learned safety net (content/triage_model.json): may raise clinical to emergency
    model: LearnedModel | None = None
    # red-flag words of further languages, in the order a script's languages are tried
    red_flag_words: tuple[RedFlagWords, ...] = ()


@dataclass(frozen=True)
class RedFlagWords:
    """Red-flag words of a language the rules do not read clause by clause (Arabic, Hindi,
    Turkish ...). Any of them gives the urgent reply, in that language first."""

    code: str
    name: str
    scripts: tuple[str, ...] = ()  # the Unicode scripts it is written in, if not Latin
    letters: str = ""  # letters only it uses among languages of the same script
    # each a tuple of needles looked for in " the message's words " (see `_needles`)
    urgent: tuple[str, ...] = ()  # words in its own script
    crisis: tuple[str, ...] = ()
    # words in Latin letters (Turkish, Polish, romanised Hindi): counted only in a message
    # that is not English, where they cannot be an English word
    urgent_latin: tuple[str, ...] = ()
    crisis_latin: tuple[str, ...] = ()

    @property
    def phrases_latin(self) -> tuple[tuple[str, bool], ...]:
        """Its Latin-letter phrases of two words or more and ten letters or more, with
        whether each is a crisis: no English sentence holds one ("dhiig ayuu
        matagayaa"), so they count in a message that mixes in English words too."""
        return _long_phrases(self.urgent_latin, self.crisis_latin)

    # greetings, thanks and questions about the bot, longest first: a message of nothing
    # else is general, in a language the rules cannot otherwise vouch for
    small_talk: tuple[str, ...] = ()
    # the frames of a question about a word ("… का क्या मतलब है", "…是什么意思", "co to
    # znaczy …"), longest first: with little else, the message asks what a word means
    word_questions: tuple[str, ...] = ()
    # words that make it a question about a person ("my", "mum", "我", "제"): never general
    own_words: tuple[str, ...] = ()
    # the group's own life (a meet-up, a picnic, food brought, a festival): with none of
    # `own_words` and no red-flag word, the message is community chatter, so general
    community: tuple[str, ...] = ()

    def without_small_talk(self, padded: str) -> str:
        """The padded message with its small-talk phrases taken out."""
        return _without(self.small_talk, padded)

    def without_word_question(self, padded: str) -> str:
        """The padded message with the frames of a word question taken out."""
        return _without(self.word_questions, padded)


@lru_cache(maxsize=256)
def _long_phrases(
    urgent: tuple[str, ...], crisis: tuple[str, ...]
) -> tuple[tuple[str, bool], ...]:
    def long(needle: str) -> bool:
        words = needle.split()
        return len(words) >= 2 and len("".join(words)) >= 10

    return tuple((n, False) for n in urgent if long(n)) + tuple(
        (n, True) for n in crisis if long(n)
    )


def _without(needles: tuple[str, ...], padded: str) -> str:
    for needle in needles:
        while needle in padded:
            padded = padded.replace(needle, " ")
    return padded


def found_in(needles: tuple[str, ...], padded: str) -> bool:
    """Any of the needles in the normalised message, padded with a space each side."""
    return any(needle in padded for needle in needles)


class TriageRulesInvalid(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the triage rules")
        self.problems = problems


NEVER = NEVER_PATTERN
# negated ("no fever"), long ago ("a fever last year"), about a hypothetical someone
# ("if someone gets a fever"), or the very word a question asks about ("what does
# 'neutropenic sepsis' mean")
DISCOUNT_KINDS = ("negation", "past", "hypothetical", "asked")
SPECIAL_CONCEPTS = ("caregiver", "distress")  # read by the interpreter, so required


def parse_rules(doc: Any, where: str = "triage.yaml") -> TriageRules:
    """Build rules from the YAML document; every problem is one line naming the field."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise TriageRulesInvalid([f"{where}: (top level): must be a mapping of fields"])
    concepts = _concepts(doc.get("concepts"), where, problems)
    rules = _rules(doc.get("rules"), where, problems)
    for rule in rules:
        for name in {n for group in rule.when for n in group} | set(rule.unless):
            if name not in concepts and name != DISCOUNTED:
                problems.append(f"{where}: rules ({rule.id}): unknown concept {name!r}")
    for concept in concepts.values():
        for name in concept.unless:
            if name not in concepts:
                problems.append(
                    f"{where}: concepts.{concept.name}.unless: unknown concept {name!r}"
                )
    discounts = _discounts(doc.get("discounts"), where, problems) if "discounts" in doc else None
    languages = _languages(doc.get("languages"), where, problems)
    unread = _languages(doc.get("unread_languages"), where, problems, "unread_languages")
    situations = tuple(str(s) for s in doc.get("situations") or ())
    dialect = _dialect(doc.get("dialect"), where, problems)
    for rule in rules:
        if rule.label is Label.CLINICAL and rule.situation and rule.situation not in situations:
            problems.append(
                f"{where}: rules ({rule.id}).situation: {rule.situation!r} is not in situations"
            )
    if discounts is not None:  # a full rule set: the interpreter reads these by name
        for name in SPECIAL_CONCEPTS:
            if name not in concepts:
                problems.append(f"{where}: concepts.{name}: is required")
    spelling = tuple(str(w).lower() for w in doc.get("spelling") or ())
    red_flags = _red_flag_words(doc.get("red_flag_words"), where, problems)
    if problems:
        raise TriageRulesInvalid(problems)
    return TriageRules(
        concepts=concepts,
        rules=tuple(rules),
        spelling=spelling,
        discounts=discounts,
        languages=languages,
        dialect=dialect,
        situations=situations,
        unread_languages=unread,
        red_flag_words=red_flags,
    )


def _latin(word: str) -> bool:
    return all("LATIN" in unicodedata.name(c, "") for c in word if c.isalpha())


def _needles(entries: list[str], spaces: bool) -> tuple[str, ...]:
    """What to look for in " the message's words ": " word " for a whole word or phrase,
    " stem" for "stem*", and the bare entry in a language written without spaces
    (Chinese, Japanese, Thai). Plain substring tests: thousands of words cost no regular
    expression to build."""
    out = []
    for entry in entries:
        words = normalise(entry.rstrip("*"))
        if not words:
            continue
        if spaces:
            words = f" {words}" + ("" if entry.endswith("*") else " ")
        out.append(words)
    return tuple(dict.fromkeys(out))


def _phrases(by_length: list[str], spaces: bool) -> tuple[str, ...]:
    """Needles for phrases in a language's own script, then in Latin letters."""
    return _needles([w for w in by_length if not _latin(w)], spaces) + _needles(
        [w for w in by_length if _latin(w)], True
    )


def _red_flag_words(raw: Any, where: str, problems: list[str]) -> tuple[RedFlagWords, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        problems.append(f"{where}: red_flag_words: must map a language code to its words")
        return ()
    out = []
    for code, body in raw.items():
        at = f"{where}: red_flag_words.{code}"
        if not isinstance(body, dict) or not isinstance(body.get("words"), dict):
            problems.append(f"{at}: needs a name and words by category")
            continue
        entries: dict[bool, list[str]] = {True: [], False: []}  # crisis or not
        latin: dict[bool, list[str]] = {True: [], False: []}
        for category, words in body["words"].items():
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                problems.append(f"{at}.words.{category}: must be a list of words")
                continue
            for word in words:
                if len(normalise(word.rstrip("*"))) < 2:
                    problems.append(f"{at}.words.{category}: {word!r} is too short to match")
                    continue
                (latin if _latin(word) else entries)[category == CRISIS_WORDS].append(word)
        spaces = body.get("spaces", True) is not False
        phrases = {}
        for key in ("small_talk", "word_questions", "own_words", "community"):
            listed = body.get(key) or []
            if not isinstance(listed, list) or not all(isinstance(w, str) for w in listed):
                problems.append(f"{at}.{key}: must be a list of phrases")
                listed = []
            phrases[key] = sorted(listed, key=lambda w: -len(normalise(w)))
        out.append(
            RedFlagWords(
                code=str(code),
                name=str(body.get("name") or code),
                scripts=tuple(str(s).upper() for s in body.get("scripts") or ()),
                letters=str(body.get("letters") or ""),
                urgent=_needles(entries[False], spaces),
                crisis=_needles(entries[True], spaces),
                urgent_latin=_needles(latin[False], True),
                crisis_latin=_needles(latin[True], True),
                small_talk=_phrases(phrases["small_talk"], spaces),
                word_questions=_phrases(phrases["word_questions"], spaces),
                own_words=_phrases(phrases["own_words"], spaces),
                community=_phrases(phrases["community"], spaces),
            )
        )
    return tuple(out)


def _compile(patterns: list[Any], field: str, problems: list[str]) -> re.Pattern[str] | None:
    compiled = []
    for i, pattern in enumerate(patterns):
        try:
            compiled.append(re.compile(str(pattern)))
        except re.error as exc:
            problems.append(f"{field}[{i}]: not a valid pattern ({exc})")
    # One alternation per concept: a single search instead of one per pattern.
    return re.compile("|".join(f"(?:{p.pattern})" for p in compiled)) if compiled else None


def _concepts(raw: Any, where: str, problems: list[str]) -> dict[str, Concept]:
    if not isinstance(raw, dict) or not raw:
        problems.append(f"{where}: concepts: must be a mapping of names to pattern lists")
        return {}
    concepts = {}
    for name, body in raw.items():
        if isinstance(body, list):
            body = {"patterns": body}
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("patterns"), list)
            or not body["patterns"]
        ):
            problems.append(f"{where}: concepts.{name}: needs a non-empty list of patterns")
            continue
        pattern = _compile(body["patterns"], f"{where}: concepts.{name}", problems)
        kinds = set()
        if body.get("flag"):
            kinds |= set(DISCOUNT_KINDS)
        elif body.get("negatable"):
            kinds.add("negation")
        if body.get("past"):  # long ago does not count ("had the car t last year")
            kinds.add("past")
        if "asked_about" in body:
            if not isinstance(body["asked_about"], bool):
                problems.append(f"{where}: concepts.{name}.asked_about: use true or false")
            elif body["asked_about"]:
                kinds.add("asked")
            else:
                kinds.discard("asked")
        concepts[str(name)] = Concept(
            str(name),
            pattern,
            tuple(body.get("unless") or ()),
            discounted_by=frozenset(kinds),
            first_sentence=bool(body.get("first_sentence")),
            each_sentence=bool(body.get("each_sentence")),
            flag=bool(body.get("flag")),
        )
    return concepts


def _rules(raw: Any, where: str, problems: list[str]) -> list[Rule]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{where}: rules: must be a non-empty list")
        return []
    rules = []
    for i, body in enumerate(raw):
        if not isinstance(body, dict):
            problems.append(f"{where}: rules[{i}]: must be a mapping")
            continue
        try:
            label = Label(str(body.get("label")))
        except ValueError:
            problems.append(f"{where}: rules[{i}].label: use emergency, clinical or general")
            continue
        when = tuple(tuple(str(group).split("|")) for group in body.get("when") or ())
        if not when:
            problems.append(f"{where}: rules[{i}].when: name at least one concept")
        rules.append(
            Rule(
                str(body.get("id") or f"rule-{i}"),
                label,
                when,
                tuple(body.get("unless") or ()),
                situation=str(body.get("situation") or ""),
                fallback=bool(body.get("fallback")),
                unreadable=bool(body.get("unreadable")),
            )
        )
    return rules


def _discounts(raw: Any, where: str, problems: list[str]) -> Discounts | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: discounts: must be a mapping of pattern lists")
        return None
    found = {}
    for key in ("negation_before", "negation_after", "distant_past", "present", "hypothetical"):
        patterns = raw.get(key)
        if not isinstance(patterns, list) or not patterns:
            problems.append(f"{where}: discounts.{key}: needs a non-empty list of patterns")
            found[key] = NEVER
            continue
        found[key] = _compile(patterns, f"{where}: discounts.{key}", problems) or NEVER
    for key in ("asked_about", "resolved", "present_tense"):  # optional
        if key not in raw:
            continue
        patterns = raw[key]
        if not isinstance(patterns, list) or not patterns:
            problems.append(f"{where}: discounts.{key}: needs a non-empty list of patterns")
        else:
            found[key] = _compile(patterns, f"{where}: discounts.{key}", problems) or NEVER
    return Discounts(**found)


def _languages(
    raw: Any, where: str, problems: list[str], key: str = "languages"
) -> dict[str, frozenset[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{where}: {key}: must map a language code to common words")
        return {}
    out = {}
    for code, words in raw.items():
        if not isinstance(words, list) or not words:
            problems.append(f"{where}: {key}.{code}: needs a list of common words")
            continue
        # read as the message is: accents gone ("också" is "ocksa")
        out[str(code)] = frozenset(normalise(str(w)) for w in words) - {""}
    if key == "languages" and out and ENGLISH not in out:
        problems.append(f"{where}: languages.{ENGLISH}: English common words are required")
    return out


def _dialect(raw: Any, where: str, problems: list[str]) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{where}: dialect: must map a spelling to the words it stands for")
        return {}
    out = {}
    for spelling, meaning in raw.items():
        # a phrase too: voice-to-text splits a word it does not know ("my elo ma")
        if not isinstance(meaning, str) or not meaning.strip() or not str(spelling).strip():
            problems.append(f"{where}: dialect.{spelling}: map a spelling to plain words")
            continue
        out[" ".join(str(spelling).casefold().split())] = meaning.casefold().strip()
    return out
