"""Finding a glossary term from what a person typed: forgiving of case, accents, plurals,
filler words ("what does ... mean"), aliases and typos.

`search` ranks every plausible term (inline mode shows the list); `lookup` decides whether
one term is a sure answer or the person should choose ("Did you mean ...?").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum

from rapidfuzz import fuzz, process

from bot.core.content import Content, Term, name_key

MAX_QUERY = 120  # characters looked at; a 5,000-character message costs no more than this
MIN_FUZZY = 4  # shorter words and keys are too ambiguous to correct ("mr" vs "mm")
SUGGEST_CUTOFF = 70.0  # edit-distance ratio worth offering as "did you mean"
SURE_TYPO = 85.0  # plain ratio at which a single typo is corrected without asking
SURE_MARGIN = 6.0  # ... provided the runner-up is at least this much further away
MIN_MENTION = 4  # shorter names ("mm", "pr") are too easily found by accident in a sentence


class Rank(IntEnum):
    """How a term matched, best first."""

    EXACT = 0  # title, id or alias, after folding
    PREFIX = 1  # the title starts with the query
    ALIAS_PREFIX = 2  # an alias starts with the query
    WORD_PREFIX = 3  # a later word of the title or an alias starts with it
    FUZZY = 4


@dataclass(frozen=True)
class Match:
    term: Term
    rank: Rank
    score: float  # 100 for exact and prefix matches; the fuzzy score otherwise


@dataclass(frozen=True)
class Lookup:
    """A sure answer (term), or terms to choose from (suggestions), or neither."""

    query: str
    term: Term | None
    suggestions: tuple[Term, ...] = ()
    near: bool = False  # the suggestions match the query; otherwise they are only the closest


class Glossary:
    def __init__(
        self,
        terms: Iterable[Term],
        ignore_words: Iterable[str] = (),
        featured: Iterable[str] = (),
        ambiguous: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.terms: tuple[Term, ...] = tuple(terms)
        self._by_id = {t.id: t for t in self.terms}
        # a name with two meanings in clinic letters: both offered, neither guessed
        self._ambiguous = {
            name_key(name): tuple(self._by_id[i] for i in ids if i in self._by_id)
            for name, ids in (ambiguous or {}).items()
        }
        self._ignore = frozenset(ignore_words)
        self.featured: tuple[Term, ...] = tuple(self._by_id[i] for i in featured)
        order = {t.id: n for n, t in enumerate(self.featured)}
        self._order = {t.id: order.get(t.id, len(order) + n) for n, t in enumerate(self.terms)}
        # key -> (term, is_title): every name a term answers to, folded.
        self._keys: dict[str, tuple[Term, bool]] = {}
        for t in self.terms:
            for name, is_title in ((t.title, True), (t.id.replace("-", " "), True)):
                self._keys.setdefault(name_key(name), (t, is_title))
            for alias in t.aliases:
                self._keys.setdefault(name_key(alias), (t, False))
        self._fuzzy_keys = [k for k in self._keys if len(k) >= MIN_FUZZY]
        # Every beginning of every key, and of each of a key's later words, looked up
        # rather than scanned: a search costs a few dict look-ups, not a pass over all
        # keys on every inline keystroke.
        self._starts: dict[str, list[tuple[str, Term, bool]]] = {}
        self._word_starts: dict[str, list[Term]] = {}
        for key, (term, is_title) in self._keys.items():
            for end in range(1, len(key) + 1):
                self._starts.setdefault(key[:end], []).append((key, term, is_title))
            beginnings = {
                word[:end] for word in key.split()[1:] for end in range(1, len(word) + 1)
            }
            for beginning in beginnings:
                self._word_starts.setdefault(beginning, []).append(term)

    @classmethod
    def of(cls, content: Content) -> Glossary:
        return cls(content.terms, content.ignore_words, content.featured, content.ambiguous)

    def get(self, term_id: str) -> Term | None:
        return self._by_id.get(term_id)

    def search(self, query: str, limit: int = 10) -> list[Match]:
        """Terms that fit the query, best first, each term once."""
        forms = self._forms(query)
        if not forms:
            return []
        best: dict[str, Match] = {}
        for term in self.meanings(query):
            best[term.id] = Match(term, Rank.EXACT, 100.0)

        def offer(term: Term, rank: Rank, score: float) -> None:
            old = best.get(term.id)
            if old is None or (rank, -score) < (old.rank, -old.score):
                best[term.id] = Match(term, rank, score)

        for q in forms:
            for key, term, is_title in self._starts.get(q, ()):
                if key == q:
                    offer(term, Rank.EXACT, 100.0)
                else:
                    offer(term, Rank.PREFIX if is_title else Rank.ALIAS_PREFIX, 100.0)
            if " " not in q:
                for term in self._word_starts.get(q, ()):
                    offer(term, Rank.WORD_PREFIX, 100.0)
        q = forms[0]
        if len(q) >= MIN_FUZZY:
            # Plain edit-distance ratio: it finds typos ("refactory") at a fifteenth of
            # WRatio's cost, which matters on every inline keystroke.
            for key, score, _ in process.extract(
                q, self._fuzzy_keys, scorer=fuzz.ratio, limit=20, score_cutoff=SUGGEST_CUTOFF
            ):
                offer(self._keys[key][0], Rank.FUZZY, float(score))
        ranked = sorted(best.values(), key=lambda m: (m.rank, -m.score, self._order[m.term.id]))
        return ranked[:limit]

    def exact(self, query: str) -> Term | None:
        """The term the query names outright (after folding and filler words), if any."""
        for form in self._forms(query):
            known = self._keys.get(form)
            if known is not None:
                return known[0]
        return None

    def meanings(self, query: str) -> tuple[Term, ...]:
        """The terms a name with more than one meaning may stand for ("PD"), else ()."""
        for form in self._forms(query):
            if form in self._ambiguous:
                return self._ambiguous[form]
        return ()

    def mentioned(self, text: str, limit: int = 4) -> tuple[Term, ...]:
        """Terms named anywhere in a longer message, in the order they appear."""
        folded = f" {name_key(text[:1000])} "
        found: list[tuple[int, int, Term]] = []
        for key, (term, _) in self._keys.items():
            if len(key) >= MIN_MENTION and (at := folded.find(f" {key} ")) >= 0:
                found.append((at, -len(key), term))  # at one place, the longest name wins
        ordered: list[Term] = []
        for _, _, term in sorted(found, key=lambda item: item[:2]):
            if term not in ordered:
                ordered.append(term)
        return tuple(ordered[:limit])

    def lookup(self, query: str, max_suggestions: int = 6, strict: bool = False) -> Lookup:
        """One term if we are sure what was meant; otherwise terms to choose from.

        `strict`: only a term named outright or a sure typo counts (for free text, where
        a loose prefix match would answer a question nobody asked)."""
        known = self.exact(query)  # the common case costs one dict look-up
        if known is not None:
            return Lookup(query, known)
        meanings = self.meanings(query)
        if meanings:
            return Lookup(query, None, meanings, near=True)
        if strict:
            matches = self.search(query, limit=1)
            sure = bool(matches) and self._sure_typo(query)
            return Lookup(query, matches[0].term if sure else None)
        matches = self.search(query, limit=max_suggestions)
        if not matches:  # nothing is genuinely close: no far-fetched suggestions
            return Lookup(query, None)
        top = matches[0]
        if top.rank == Rank.EXACT:
            return Lookup(query, top.term)
        if top.rank < Rank.FUZZY:
            near = [m.term for m in matches if m.rank < Rank.FUZZY]
            if len(near) == 1:
                return Lookup(query, top.term)
            return Lookup(query, None, tuple(near), near=True)
        if self._sure_typo(query):
            return Lookup(query, top.term)
        return Lookup(query, None, tuple(m.term for m in matches), near=True)

    def _forms(self, query: str) -> list[str]:
        """The folded query, without filler words, then its singular; most literal first."""
        words = name_key(query[:MAX_QUERY]).split()
        kept = [w for w in words if w not in self._ignore] or words
        forms: list[str] = []
        for candidate in (" ".join(kept), " ".join(_singular(w) for w in kept)):
            if candidate and candidate not in forms:
                forms.append(candidate)
        return forms

    def _sure_typo(self, query: str) -> bool:
        forms = self._forms(query)
        if not forms or len(forms[0]) < MIN_FUZZY:
            return False
        scored = process.extract(forms[0], self._fuzzy_keys, scorer=fuzz.ratio, limit=10)
        by_term: dict[str, float] = {}
        for key, score, _ in scored:
            term_id = self._keys[key][0].id
            by_term[term_id] = max(by_term.get(term_id, 0.0), float(score))
        ranked = sorted(by_term.values(), reverse=True)
        runner_up = ranked[1] if len(ranked) > 1 else 0.0
        return ranked[0] >= SURE_TYPO and ranked[0] - runner_up >= SURE_MARGIN


def wants_comparison(query: str, keywords: frozenset[str]) -> bool:
    """ "relapsed vs refractory", "what's the difference", "compare": the comparison fits."""
    return bool(set(name_key(query[:MAX_QUERY]).split()) & keywords)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
