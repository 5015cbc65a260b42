"""What the bot says when triage finds a possible emergency, a crisis, or a question only
the care team can answer: one text per situation, all of it from content/messages.yaml.
Pure: a Verdict in, a Reply out."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.buttons import Action, Button
from bot.core.content import Content, Messages, Term
from bot.core.regions import Region
from bot.core.render import Reply, term_buttons
from bot.core.render_regions import urgent_messages_for
from bot.core.triage import POSSIBLE, Label, Verdict

WARNING_SIGNS = "warning-signs"  # the glossary page that teaches them


def triage_text(verdict: Verdict, m: Messages) -> str:
    """The words for a verdict that is not general: urgent help or a crisis line first and
    alone (in the writer's language first, then English); otherwise the care team, in
    the words that fit the situation and the person writing."""
    who = "_caregiver" if verdict.caregiver else ""
    if verdict.label is Label.EMERGENCY:
        key = "crisis" if verdict.situation == "crisis" else "emergency"
        english = m[f"crisis{who}"] if key == "crisis" else m[key]
        if verdict.situation == POSSIBLE:  # the learned net: which kind it can't say
            english = f"{english}\n\n{m['emergency_crisis_line']}"
        local = m.texts.get(f"{key}_{verdict.language}")
        return f"{local}\n\n{english}" if local else english
    if verdict.situation == "unreadable":
        lang = verdict.language
        local = m.texts.get(f"unreadable_{lang}") or m.texts.get(f"emergency_{lang}")
        return f"{local}\n\n{m['clinical_unreadable']}" if local else m["clinical_unreadable"]
    parts = []
    if verdict.distress:
        parts.append(m[f"clinical_distress{who}"])
    if verdict.situation == "medicine_change":
        parts.append(m[f"clinical_medicine{who}"])
    body = "clinical_prognosis" if verdict.situation == "prognosis" else "clinical"
    if verdict.distress and set(verdict.reasons) <= {"feelings"}:
        body = "clinical_feelings"  # "I'm scared" is not a question to write down
    parts.append(m[f"{body}{who}"])
    return "\n\n".join(parts)


def render_triage(
    verdict: Verdict, mentioned: Sequence[Term], content: Content, region: Region | None = None
) -> Reply:
    """Urgent help first and alone; or the care team, with the message's words as background.
    The urgent words name the region's numbers, or several countries' when it is unknown."""
    m = urgent_messages_for(content, region)
    text = triage_text(verdict, m)
    if verdict.label is Label.EMERGENCY:
        # After the urgent words, and only for a medical emergency: where to learn the signs.
        if verdict.situation != "crisis" and WARNING_SIGNS in content.terms_by_id:
            learn = Button(m.buttons["warning_signs"], Action.DEFINE, WARNING_SIGNS)
            return Reply(text, ((learn,),))
        return Reply(text)
    if not mentioned:
        return Reply(text)
    rows: tuple[tuple[Button, ...], ...] = tuple(term_buttons(mentioned))
    return Reply(f"{text}\n\n{m['clinical_background']}", rows)
