"""Triage: is a message a possible emergency, a question only the care team can answer, or
recognisably general? The rules and word lists live in content/triage.yaml
(see bot.core.triage_rules); this module only applies them.

A message is split into sentences and normalised (case, accents, apostrophes,
punctuation); its language is guessed from common words; English words are corrected
against a spelling list ("revlimd" -> "revlimid"). Then every *concept* (a named list of
patterns) is searched. A red-flag mention that is negated ("no fever"), in the distant
past ("a fever last year") or about a hypothetical someone does not count, but it never
hides another mention in the same message. A *rule* fires when all of its concepts match
and none of its `unless` concepts do; the strongest label wins (emergency over clinical
over general). When nothing fires, a message in a language or script the rules cannot
read is clinical (the reply carries the urgent line); the rules' own fallbacks decide the
rest.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from bot.core import anchors
from bot.core.triage_rules import (
    DISCOUNTED,
    ENGLISH,
    SEVERITY,
    Concept,
    Label,
    Rule,
    TriageRules,
    TriageRulesInvalid,
    found_in,
    parse_rules,
    script_of,
)
from bot.core.triage_rules import normalise as _normalise

__all__ = ["Label", "Triage", "TriageRules", "TriageRulesInvalid", "Verdict", "parse_rules"]

MEMO_TEXT = 64  # characters: verdicts on texts this short are remembered (see classify)
MEMO_SIZE = 4096
MAX_TEXT = 5000  # Telegram allows 4,096: the whole of any message is read
MIN_CORRECTABLE = 5  # shorter words are too easily "corrected" into something else
SPELLING_SCORE = 85.0
MENTIONED, DISCOUNTED_ONLY = object(), object()  # what _mentioned found
WINDOW = 60  # characters of context looked at either side of a mention
LEARNED = "learned-safety-net"  # the reason given when the model raised a verdict
POSSIBLE = "possible"  # its situation: urgent help, with the crisis line after it
NO_ENGLISH_WORDS = 3  # this many words and not one common English word: not English
OTHER = "other"  # a script the rules have no words for (Arabic, Cyrillic, CJK, ...)
# Sentence and clause ends: a discount ("last year", "no") reaches no further than its
# clause. A point or comma between digits ("38.5", "38,5") is part of a number.
SMALL_TALK, WORD_QUESTION = "small-talk", "word-question"  # reasons: "word-question-hi"
COMMUNITY = "community"  # reasons: "community-pl"
# A quoted word or phrase, in any language's quotation marks: what a word question asks
QUOTED = re.compile(
    r"[\"'“”‘’«»„「」『』《》]([^\"'“”‘’«»„「」『』《》\n]{1,60})[\"'“”‘’«»„「」『』《》]"
)
# What a word question in a language the rules do not read may hold besides its frame:
# the word asked about, a few words more when it is quoted ("cho em hỏi 'X' với 'Y' ạ")
ASKED_WORDS, ASKED_WORDS_QUOTED, ASKED_WORD_CHARS = 1, 5, 16
SENTENCE_END = re.compile(r"((?<!\d)[.,!?;:\n\u3002]+|[.,!?;:\n\u3002]+(?!\d))")


@dataclass(frozen=True)
class Verdict:
    label: Label
    reasons: tuple[str, ...] = ()
    situation: str = ""  # the reply that fits: crisis, medicine_change, prognosis, ...
    language: str = ENGLISH
    caregiver: bool = False  # written about someone else ("my wife", "he's")
    distress: bool = False  # fear or sadness to acknowledge first


def normalise(text: str) -> str:
    """Lower case, no accents or apostrophes; punctuation becomes space, but a decimal
    point between digits ("38.5") and a per cent sign stay."""
    return _normalise(text[:MAX_TEXT])


def _scripts(text: str) -> set[str]:
    """The scripts other than Latin that a message's letters are written in."""
    if text.isascii():
        return set()
    return {script_of(c) for c in text[:MAX_TEXT] if c.isalpha() and not c.isascii()} - {"LATIN"}


def script(text: str) -> str:
    """'latin' when most letters are Latin, 'other' when most are not, '' with none."""
    latin = other = 0
    for c in text[:MAX_TEXT]:
        if c.isalpha():
            if "LATIN" in unicodedata.name(c, ""):
                latin += 1
            else:
                other += 1
    if not latin and not other:
        return ""
    return "latin" if latin >= other else OTHER


class Triage:
    def __init__(self, rules: TriageRules) -> None:
        self.rules = rules
        self._spelling = set(rules.spelling)
        self._corrections: dict[str, str] = {}
        # The words the rules themselves use are real words: never "corrected" into
        # another ("waking" is not "walking"); and a dropped g is read as one of their
        # -ing words ("bleedin" -> "bleeding").
        self._known = {
            word
            for concept in rules.concepts.values()
            if concept.pattern is not None
            for word in re.findall(
                r"[a-z]{3,}", re.sub(r"\\[a-zA-Z]", " ", concept.pattern.pattern)
            )
        }
        dropped_g = {w[:-1]: w for w in self._known if len(w) > 4 and w.endswith("ing")}
        self._dialect = {**dropped_g, **{k: v for k, v in rules.dialect.items() if " " not in k}}
        # the long Latin-letter phrases of other languages that hold a word the English
        # rules do not use ("heart attack" is in the Zulu list too: not one of these)
        # (by each phrase's first word: only those whose first word is in the message
        # are looked for, a few instead of thousands)
        self._mixed: dict[str, list[tuple[str, bool, str]]] = {}
        for lst in rules.red_flag_words:
            for needle, crisis in lst.phrases_latin:
                if not all(w in self._known or len(w) < 4 for w in needle.split()):
                    self._mixed.setdefault(needle.split()[0], []).append(
                        (needle, crisis, lst.code)
                    )
        # every language's small-talk phrases, by first word where it is a whole word (the
        # rest, stems and unspaced scripts, are always looked for): for `_no_english`
        index: dict[str, list[str]] = {}
        always: list[str] = []
        for lst in rules.red_flag_words:
            for needle in lst.small_talk:
                inner = needle[1:] if needle.startswith(" ") else ""
                if " " in inner:
                    index.setdefault(inner.split(" ")[0], []).append(needle)
                else:
                    always.append(needle)
        self._small_talk_by_word = {w: tuple(dict.fromkeys(n)) for w, n in index.items()}
        self._small_talk_always = tuple(dict.fromkeys(always))
        self._split = {f" {k} ": f" {v} " for k, v in rules.dialect.items() if " " in k}
        # each concept's anchors: a message with none of them cannot match it (issue 17)
        found = {
            name: anchors.anchors(concept.pattern)
            for name, concept in rules.concepts.items()
            if concept.pattern is not None
        }
        self._always = frozenset(name for name, got in found.items() if got is None)
        self._anchors = anchors.build_index({n: got for n, got in found.items() if got})
        self._latin = {
            lst.code: (anchors.Needles(lst.crisis_latin), anchors.Needles(lst.urgent_latin))
            for lst in rules.red_flag_words
        }
        self._memo: dict[bytes, Verdict] = {}
        self._memo_key = secrets.token_bytes(16)
        self._main = tuple(r for r in rules.rules if not r.fallback and not r.unreadable)
        self._fallback = tuple(r for r in rules.rules if r.fallback)
        self._unreadable = tuple(r for r in rules.rules if r.unreadable)

    def read(self, text: str) -> tuple[list[str], list[bool], str]:
        """The message as the rules read it: its clauses normalised (and, in English,
        dialect and spelling read plainly), whether a comma joins each clause to the one
        before, and its language."""
        pieces = SENTENCE_END.split(text[:MAX_TEXT])  # clause, end, clause, end, ...
        parts: list[str] = []
        commas: list[bool] = []
        for i in range(0, len(pieces), 2):
            part = normalise(pieces[i])
            if part:
                commas.append(bool(parts) and pieces[i - 1].strip() == ",")
                parts.append(part)
        language = self._language(text, parts)
        if language == ENGLISH:
            parts = [self._correct(self._plain(p)) for p in parts]
        return parts, commas, language

    def words(self, text: str) -> list[str]:
        """The message's words as the rules and the learned net read them."""
        return " ".join(self.read(text)[0]).split()

    def classify(self, text: str) -> Verdict:
        """The verdict on `text`. Short texts (inline keystrokes, "thanks", "hello") recur
        across people: their verdicts are remembered, by a keyed hash of the text, never
        the text itself, at most MEMO_SIZE of them."""
        if len(text) > MEMO_TEXT:
            return self._classify(text)
        key = hashlib.blake2b(
            text.encode("utf-8", "surrogatepass"), key=self._memo_key, digest_size=16
        ).digest()
        verdict = self._memo.get(key)
        if verdict is None:
            verdict = self._classify(text)
            if len(self._memo) >= MEMO_SIZE:
                del self._memo[next(iter(self._memo))]  # the oldest goes
            self._memo[key] = verdict
        return verdict

    def _classify(self, text: str) -> Verdict:
        parts, commas, language = self.read(text)
        raw = [normalise(p) for p in SENTENCE_END.split(text[:MAX_TEXT])[::2]]
        words = " ".join(parts)
        starts, at = [], 1  # where each sentence starts in the padded text
        for part in parts:
            starts.append(at)
            at += len(part) + 1
        matched = self._concepts(f" {words} ", starts, self._past(parts, commas, words))
        fired = [rule for rule in self._main if _fires(rule, matched)]
        fallback = not fired
        if fallback:
            fired = [rule for rule in self._fallback if _fires(rule, matched)]
        caregiver, distress = "caregiver" in matched, "distress" in matched
        if language == OTHER and all(rule.label is Label.GENERAL for rule in fired):
            fired = []  # no general rule can vouch for words it cannot read
        if self.rules.red_flag_words and not any(r.label is Label.EMERGENCY for r in fired):
            flagged = self._red_flag_words(text, raw, language)
            if flagged is not None:
                code, crisis = flagged
                situation = "crisis" if crisis else "emergency"
                flags = (f"red-flag-words-{code}",)
                return Verdict(Label.EMERGENCY, flags, situation, code, caregiver, distress)
        unread = (
            language != ENGLISH
            or self._foreign(raw)
            or self._unread_only(raw)
            or bool(self._marked(text))
        )
        if fired and unread and script(text) and all(r.label is Label.GENERAL for r in fired):
            # "Asante sana!" read as a word to look up is still a thank-you in Swahili
            talk, code = self._small_talk(text, raw)
            if talk == SMALL_TALK:
                return Verdict(Label.GENERAL, (f"{talk}-{code}",), "", code)
            foreign = self._foreign(raw) or bool(self._marked(text))
            if language != ENGLISH:  # "Ang sabi ... para sa kanya" is not Spanish
                foreign = self._unread_outnumber(raw, language)
            if foreign and all("personal" in r.unless for r in fired):
                # a language the rules do not read, in Latin letters: a general rule that
                # vouches by the absence of "my", "he", "mum" cannot see them in it
                # ("Umama uthatha amaphilisi e-myeloma")
                fired = []
        if fallback and fired and unread and script(text):
            # a health word the rules know ("MRD", "paraprotein") in a word question they
            # cannot otherwise read ("MRD کا مطلب کیا ہے؟"): still only a word question
            # or the group's own life ("koffieochtend van de lotgenotengroep")
            talk, code = self._small_talk(text, raw)
            if talk in (WORD_QUESTION, COMMUNITY):
                return Verdict(Label.GENERAL, (f"{talk}-{code}",), "", code)
        if not fired:
            # nothing recognised, and not one English word of three letters or more in
            # three words or more ("Kalkið mitt var 2,6 ..."): not vouched for as general
            unread = unread or self._no_english_word(raw)
            if unread and script(text):
                # what can be read in any language (digits: "39", "86%") may still say
                # that this is an emergency
                urgent = [rule for rule in self._unreadable if _fires(rule, matched)]
                if urgent:
                    reasons = tuple(rule.id for rule in urgent)
                    local = self._written_in(text, raw) or language
                    return Verdict(Label.EMERGENCY, reasons, POSSIBLE, local, caregiver, distress)
                talk, code = self._small_talk(text, raw)
                if talk:
                    return Verdict(Label.GENERAL, (f"{talk}-{code}",), "", code)
                verdict = Verdict(
                    Label.CLINICAL,
                    ("unreadable",),
                    "unreadable",
                    self._written_in(text, raw) or language,
                    caregiver,
                )
                return self._second_look(verdict, words)
            return Verdict(Label.GENERAL, (), "", language, caregiver, distress)
        top = max(SEVERITY[rule.label] for rule in fired)
        label = next(label for label, level in SEVERITY.items() if level == top)
        best = [rule for rule in fired if SEVERITY[rule.label] == top]
        verdict = Verdict(
            label,
            tuple(rule.id for rule in best),
            self._situation(label, best),
            language,
            caregiver,
            distress,
        )
        return self._second_look(verdict, words)

    def _second_look(self, verdict: Verdict, words: str) -> Verdict:
        """The learned safety net may raise a clinical verdict to a possible emergency
        (the urgent reply, with the crisis line after it); it never lowers anything."""
        model = self.rules.model
        if verdict.label is not Label.CLINICAL or model is None:
            return verdict
        if not model.is_emergency(words.split()):
            return verdict
        return Verdict(
            Label.EMERGENCY,
            (LEARNED,),
            POSSIBLE,
            verdict.language,
            verdict.caregiver,
            verdict.distress,
        )

    def _situation(self, label: Label, fired: list[Rule]) -> str:
        named = {rule.situation for rule in fired if rule.situation}
        if label is Label.EMERGENCY:
            return "crisis" if "crisis" in named else "emergency"
        if label is Label.CLINICAL:
            return next((s for s in self.rules.situations if s in named), "")
        return ""

    def _language(self, text: str, parts: list[str]) -> str:
        if script(text) == OTHER:
            return OTHER
        languages = self.rules.languages
        if not languages:
            return ENGLISH
        words = " ".join(parts).split()
        counts = {code: sum(w in common for w in words) for code, common in languages.items()}
        if ENGLISH in languages and self._dialect:  # "ma da" is Scots for "my dad"
            plain = self._plain(" ".join(words)).split()
            counts[ENGLISH] = sum(w in languages[ENGLISH] for w in plain)
        best = max(counts, key=lambda code: (counts[code], code == ENGLISH))
        return best if counts[best] > counts.get(ENGLISH, 0) else ENGLISH

    def _red_flag_words(self, text: str, raw: list[str], language: str) -> tuple[str, bool] | None:
        """(language, crisis?) when red-flag words of a language the rules do not read are
        in the message: its own script's words anywhere, Latin-letter ones (Turkish,
        romanised Hindi) only in a message that is not English. A crisis word wins."""
        scripts = _scripts(text)
        if language == OTHER:
            latin = True
        elif language == ENGLISH:
            latin = self._foreign(raw) or self._no_english(raw) or self._no_english_word(raw)
        else:  # a Swahili or Tagalog message can look like Portuguese or Spanish
            latin = self._unread_outnumber(raw, language)
        lists = self.rules.red_flag_words
        home = {language} - {ENGLISH}
        # a Latin-letter language's own letters ("ø", "ð") say it is written in it
        # (in a message the rules took for English: French "même" is French)
        marked = self._marked(text) if language == ENGLISH else set()
        words = f" {' '.join(raw)} "  # padded: " word " finds whole words
        if not latin and not scripts and not marked and all(lst.code not in home for lst in lists):
            # plain English, or a language the rules read: only a long phrase of another
            # language, mixed in, counts ("Walaalkay dhiig ayuu matagayaa right now")
            mixed = [
                (crisis, code)
                for word in set(words.split())
                for needle, crisis, code in self._mixed.get(word, ())
                if needle in words
            ]
            if not mixed:
                return None
            crisis, code = max(mixed)
            return code, crisis
        found: list[tuple[bool, bool, str]] = []  # (crisis, its own script, code)
        # a language written without spaces, spaced out word by word ("息 苦しい、胸 痛い"):
        # its words are looked for with the spaces gone too
        compact = "".join(words.split())
        for lst in lists:
            own = bool(scripts & set(lst.scripts))
            # the message's own language's Latin-letter words count in it ("febra", ro)
            latin_here = latin or lst.code in home or lst.code in marked
            crisis_latin, urgent_latin = self._latin[lst.code]
            crisis = bool(
                (own and (found_in(lst.crisis, words) or found_in(lst.crisis, compact)))
                or (latin_here and crisis_latin.found(words))
            )
            urgent = bool(
                (own and (found_in(lst.urgent, words) or found_in(lst.urgent, compact)))
                or (latin_here and urgent_latin.found(words))
            )
            if crisis or urgent:
                found.append((crisis, own, lst.code))
        if not found:
            return None
        written_in = self._written_in(text, raw)
        words_of = " ".join(raw).split()
        common = self.rules.unread_languages

        def rank(f: tuple[bool, bool, str]) -> tuple[bool, bool, int, bool]:
            # a crisis first; then the language it is written in, or has most words of
            shared = sum(w in common.get(f[2], ()) for w in words_of)
            return (f[0], f[2] == written_in, shared, f[1])

        is_crisis, _, code = max(found, key=rank)
        return code, is_crisis

    def _marked(self, text: str) -> set[str]:
        """The Latin-letter languages whose own letters ("ø", "ð", "ı") the text uses."""
        lowered = set(text[:MAX_TEXT].lower())
        return {
            lst.code
            for lst in self.rules.red_flag_words
            if lst.letters and not lst.scripts and set(lst.letters) & lowered
        }

    def _no_english_word(self, raw: list[str]) -> bool:
        words = [w for w in " ".join(raw).split() if any(c.isalpha() for c in w)]
        english = self.rules.languages.get(ENGLISH, frozenset())
        plain = self._plain(" ".join(words)).split()
        # a word the English rules themselves use ("leaflets", "dvt") is English enough
        return _long_words(words) >= NO_ENGLISH_WORDS and not any(
            len(w) >= 3 and (w in english or w in self._known) for w in plain
        )

    def _unread_only(self, raw: list[str]) -> bool:
        """No common word of English, and more of a language the rules do not read than
        of any they do ("Czy po przeszczepie mogę jeść sushi?"), or three words or more of
        none at all (Igbo, Twi, Hausa, romanised Cantonese): nothing vouches for it."""
        if not self._no_english(raw):
            return False
        words = " ".join(raw).split()
        read_any = any(w in c for c in self.rules.languages.values() for w in words)
        if _long_words(words) >= NO_ENGLISH_WORDS and not read_any:
            return True
        unread = max(sum(w in c for w in words) for c in self.rules.unread_languages.values())
        read = max((sum(w in c for w in words) for c in self.rules.languages.values()), default=0)
        return unread >= 2 and unread > read

    def _small_talk(self, text: str, raw: list[str]) -> tuple[str, str]:
        """("small-talk", language) for a message that is only greetings, thanks or a
        question about the bot in a language the rules do not read ("Salamat po!",
        "شكراً جزيلاً"); ("word-question", language) for one that only asks what a word
        means ("「難治性」ってどういう意味ですか", "पैराप्रोटीन का क्या मतलब है"); ("community",
        language) for the group's own life with nobody's health in it ("Cumartesi piknik var
        mı?"); else ("", ""). Red-flag words were looked for first: they are never small talk."""
        padded = f" {' '.join(raw)} "
        found = ""
        while True:  # the language that takes out the most first ("takk kærlega": is, not nb)
            cuts = [
                (lst.without_small_talk(padded), lst.code) for lst in self.rules.red_flag_words
            ]
            rest, code = min(cuts, key=lambda cut: len(cut[0].replace(" ", "")))
            if rest == padded or len(rest.replace(" ", "")) == len(padded.replace(" ", "")):
                break
            found, padded = found or code, rest
        if found and not any(c.isalnum() for c in padded):
            return SMALL_TALK, found
        for lst in self.rules.red_flag_words:
            rest = lst.without_word_question(padded)
            if rest != padded:
                only = _only_a_word(text, rest) and not found_in(lst.own_words, rest)
                return (WORD_QUESTION, lst.code) if only else ("", "")
        # the group's own life, in the language it is written in, with nobody named in any
        whole = f" {' '.join(raw)} "
        code = self._written_in(text, raw)
        lists = self.rules.red_flag_words
        for lst in lists:
            if lst.code != code or not found_in(lst.community, whole):
                continue
            if not any(found_in(other.own_words, whole) for other in lists):
                return COMMUNITY, code
        return "", ""

    def _unread_outnumber(self, raw: list[str], language: str) -> bool:
        """Words of a language the rules do not read outnumber those of the one they
        took the message for."""
        words = " ".join(raw).split()
        read = sum(w in self.rules.languages.get(language, ()) for w in words)
        # one word of it ("en") does not make a Finnish message Spanish: a tie is enough
        counts = [
            sum(w in common for w in words) for common in self.rules.unread_languages.values()
        ]
        return any(n > read or (read <= 1 and n >= 1) for n in counts)

    def _no_english(self, raw: list[str]) -> bool:
        """A message with not one common English word, and either a word of a language
        the rules do not read ("Babam bayıldı") or at least three words ("Artık yaşamak
        istemiyorum"): red-flag words in Latin letters count in it."""
        words = " ".join(raw).split()
        english = self.rules.languages.get(ENGLISH, frozenset())
        if any(w in english for w in words):
            return False
        if _long_words(words) >= NO_ENGLISH_WORDS:
            return True
        if any(w in common for common in self.rules.unread_languages.values() for w in words):
            return True
        # or a greeting of one ("salaan qandho": Somali hello, fever)
        padded = f" {' '.join(words)} "
        by_word = self._small_talk_by_word
        if any(n in padded for w in set(words) for n in by_word.get(w, ())):
            return True
        return any(n in padded for n in self._small_talk_always)

    def _written_in(self, text: str, raw: list[str]) -> str:
        """The language a message the rules cannot read is most likely written in, among
        those with red-flag words (for its urgent line), or "" when it can't be told."""
        counts: dict[str, int] = {}
        for c in text[:MAX_TEXT]:
            if c.isalpha():
                name = script_of(c)
                counts[name] = counts.get(name, 0) + 1
        lists = self.rules.red_flag_words
        top = max((n for n in counts if n != "LATIN"), key=lambda n: counts[n], default="")
        if top and counts[top] >= counts.get("LATIN", 0):
            candidates = [lst for lst in lists if top in lst.scripts]
            if "KANA" in counts:  # kana are only ever Japanese
                candidates = [lst for lst in lists if "KANA" in lst.scripts] or candidates
            marked = [lst for lst in candidates if lst.letters and set(lst.letters) & set(text)]
            plain = [lst for lst in candidates if not lst.letters]
            best = marked or plain or candidates
            return best[0].code if best else ""
        words = " ".join(raw).split()
        known = {lst.code for lst in lists}
        counts = {
            code: sum(w in common for w in words)
            for code, common in self.rules.unread_languages.items()
            if code in known
        }
        ranked = [*sorted(counts.values(), reverse=True), 0, 0]
        best_code = max(counts, key=lambda code: counts[code], default="")
        # two common words, or the only one of any ("altid feber": Danish, not Norwegian)
        sure = ranked[0] >= 2 or (ranked[0] == 1 and ranked[1] == 0)
        return best_code if best_code and sure else ""

    def _foreign(self, parts: list[str]) -> bool:
        """Words of another language outnumber plain English ones, before any English
        dialect is read in ("Mei Frau is heut ... ausgrutscht": "da" is not "dad"), or
        words of a language the rules do not read. With nothing recognised, such a
        message is not vouched for as general."""
        words = " ".join(parts).split()
        counts = {
            code: sum(w in common for w in words) for code, common in self.rules.languages.items()
        }
        # and languages the rules do not read at all (Welsh, Dutch, Polish, Turkish, ...)
        for code, common in self.rules.unread_languages.items():
            counts[f"unread-{code}"] = sum(w in common for w in words)
        english = counts.pop(ENGLISH, 0)
        return any((n > english and n >= 2) or n == english >= 3 for n in counts.values())

    def _past(self, parts: list[str], commas: list[bool], words: str) -> list[bool]:
        """Which clauses tell of the distant past: one that says so and does not also speak
        of now. In a story that ends well, a clause with no time of its own that a comma
        joins to a past one is past too ("last year I had sepsis, temperature of 39,
        shaking all night ... I got through it"): only when the good ending comes after."""
        d = self.rules.discounts
        if d is None:
            return [False] * len(parts)
        ending = max((m.end() for m in d.resolved.finditer(f" {words} ")), default=-1)
        past: list[bool] = []
        at = 1
        for part, comma in zip(parts, commas, strict=True):
            if d.distant_past.search(part):
                # "now" that tells of recovery ("is doing great now") keeps it in the past
                over = [m.span() for m in d.resolved.finditer(part)]
                now = [m.span() for m in d.present.finditer(part)]
                past.append(all(any(a <= b and f <= e for a, e in over) for b, f in now))
            else:
                timeless = not d.present.search(part) and not d.present_tense.search(part)
                past.append(ending > at + len(part) and comma and timeless and past[-1])
            at += len(part) + 1
        return past

    def _concepts(self, padded: str, starts: list[int], past: list[bool]) -> set[str]:
        raw = set()
        discounted = False
        candidates = anchors.present(padded, self._anchors) | self._always
        for name, concept in self.rules.concepts.items():
            if concept.pattern is None or name not in candidates:
                continue
            found = self._mentioned(concept, padded, starts, past)
            if found is MENTIONED:
                raw.add(name)
            elif found is DISCOUNTED_ONLY and concept.flag:
                discounted = True
        if discounted:
            raw.add(DISCOUNTED)
        return {
            name
            for name in raw
            if name == DISCOUNTED or not set(self.rules.concepts[name].unless) & raw
        }

    def _mentioned(
        self, concept: Concept, padded: str, starts: list[int], past: list[bool]
    ) -> object:
        """MENTIONED, DISCOUNTED_ONLY (every mention negated, past, hypothetical or asked
        about), or None."""
        assert concept.pattern is not None
        if concept.first_sentence:
            padded = padded[: starts[1]] if len(starts) > 1 else padded
        if concept.each_sentence and starts:  # each clause alone: "^" is where it starts
            ends = [*(s - 1 for s in starts[1:]), len(padded)]
            hit = any(
                concept.pattern.search(f" {padded[a:b].strip()} ")
                for a, b in zip(starts, ends, strict=True)
            )
            return MENTIONED if hit else None
        d = self.rules.discounts
        kinds = concept.discounted_by
        if d is None or not kinds:
            return MENTIONED if concept.pattern.search(padded) is not None else None
        found = None
        for match in concept.pattern.finditer(padded):
            found = DISCOUNTED_ONLY
            i = max(bisect.bisect_right(starts, match.start()) - 1, 0)
            begin = starts[i] if starts else 0
            end = starts[i + 1] - 1 if i + 1 < len(starts) else len(padded)
            if "negation" in kinds:
                before = padded[max(begin, match.start() - WINDOW) : match.start()]
                after = padded[match.end() : min(end, match.end() + WINDOW)]
                if d.negation_before.search(before) or d.negation_after.match(after):
                    continue
            if "past" in kinds and past[i]:
                continue
            if "hypothetical" in kinds and d.hypothetical.search(padded[begin : match.start()]):
                continue
            if "asked" in kinds:
                asked = f"{padded[begin : match.start()]}§{padded[match.end() : end]}"
                if d.asked_about.search(asked):
                    continue
            return MENTIONED
        return found

    def _plain(self, text: str) -> str:
        if self._split:  # "my elo ma" -> "myeloma", before the words one by one
            padded = f" {text} "
            for split, joined in self._split.items():
                padded = padded.replace(split, joined)
            text = padded.strip()
        if not self._dialect:
            return text
        return " ".join(self._dialect.get(word, word) for word in text.split())

    def _correct(self, text: str) -> str:
        if not self._spelling:
            return text
        return " ".join(self._correct_word(word) for word in text.split())

    def _correct_word(self, word: str) -> str:
        if len(word) < MIN_CORRECTABLE or not word.isalpha():
            return word
        if word in self._spelling or word in self._known:
            return word
        if word not in self._corrections:
            if len(self._corrections) > 50_000:  # bounded, whatever people type
                self._corrections.clear()
            best = process.extractOne(
                word, self.rules.spelling, scorer=fuzz.ratio, score_cutoff=SPELLING_SCORE
            )
            # Same first letter, and not just another ending of the same word: "breath" is
            # not a typo of "breathe", nor "bowel" of "bowels".
            fits = (
                best is not None
                and best[0][0] == word[0]
                and not best[0].startswith(word)
                and not word.startswith(best[0])
                and _typo(word, best[0])
            )
            self._corrections[word] = best[0] if fits and best is not None else word
        return self._corrections[word]


# Keys next to each other on a QWERTY keyboard: a slip of the finger.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEAR = {
    c: {
        _ROWS[r2][c2]
        for r2 in range(max(r - 1, 0), min(r + 2, 3))
        for c2 in range(max(i - 1, 0), min(i + 2, len(_ROWS[r2])))
    }
    for r, row in enumerate(_ROWS)
    for i, c in enumerate(row)
}
_VOWELS = set("aeiouy")


def _typo(word: str, meant: str) -> bool:
    """A mistake people make typing `meant`: a letter missed, doubled or added, two letters
    swapped, a neighbouring key, or one vowel for another ("temprature", "fevr", "breth").
    Not a different word: "sharing" is not a typo of "shaking", nor "staring" of "starving"."""
    if OSA.distance(word, meant) == 1 and len(word) == len(meant):
        ops = Levenshtein.editops(word, meant)
        if len(ops) == 2:  # a swap of two neighbours
            return True
    for op in Levenshtein.editops(word, meant):
        if op.tag == "replace":
            a, b = word[op.src_pos], meant[op.dest_pos]
            if b not in _NEAR.get(a, ()) and not (a in _VOWELS and b in _VOWELS):
                return False
    return True


def _only_a_word(text: str, rest: str) -> bool:
    """What is left of a word question once its frame is taken out is only the word (or,
    quoted, the words) it asks about."""
    quoted = [q for q in (normalise(q) for q in QUOTED.findall(text[:MAX_TEXT])) if q]
    rest = f" {' '.join(rest.split())} "
    for q in quoted:
        rest = rest.replace(f" {q} ", " ")
    words = rest.split()
    most = ASKED_WORDS_QUOTED if quoted else ASKED_WORDS
    return len(words) <= most and all(len(w) <= ASKED_WORD_CHARS for w in words)


def _long_words(words: list[str]) -> int:
    """Words of three letters or more: "b x b script" (HTML typed in) is not a language."""
    return sum(len(w) >= 3 and not w.isdigit() for w in words)


def _fires(rule: Rule, matched: set[str]) -> bool:
    return all(any(name in matched for name in group) for group in rule.when) and not (
        set(rule.unless) & matched
    )
