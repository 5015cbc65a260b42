"""/region and /helplines as Replies: where the person is, and the people they can talk to
there, each number a tap away (a copy button: Telegram buttons cannot dial). Pure."""

from __future__ import annotations

import html

from bot.core.buttons import Action, Button
from bot.core.content import Content, Messages
from bot.core.regions import OTHER, Line, Region, urgent_messages
from bot.core.render import Reply, echo

MAX_COPY = 256  # CopyTextButton's limit; a phone number is far below it
ZONE, LANGUAGE = "zone", "language"  # why a region was guessed


def region_buttons(content: Content) -> tuple[tuple[Button, ...], ...]:
    """Every region, two to a row, then "somewhere else"."""
    regions = [Button(r.label, Action.REGION, r.id) for r in content.regions.regions]
    rows = [tuple(regions[i : i + 2]) for i in range(0, len(regions), 2)]
    rows.append((Button(content.messages.buttons["region_other"], Action.REGION, OTHER),))
    return tuple(rows)


def render_region_menu(content: Content, region: Region | None, guessed: str = "") -> Reply:
    """The chat's region (or the guess, said to be one) and the choice of every region."""
    m = content.messages
    if region is None:
        text = m["region_unknown"]
    elif guessed:
        text = m["region_guess"].format(
            region=html.escape(region.label),
            why=m[f"why_{guessed}"],
            emergency=html.escape(region.emergency),
        )
    else:
        text = (
            m["region_current"].format(
                region=html.escape(region.label), emergency=html.escape(region.emergency)
            )
            + "\n"
            + m["region_pick"]
        )
    return Reply(text, region_buttons(content))


def render_region_not_found(content: Content, typed: str) -> Reply:
    return Reply(
        content.messages["region_not_found"].format(input=echo(typed)), region_buttons(content)
    )


def render_region_set(content: Content, region: Region | None) -> Reply:
    m = content.messages
    helplines = ((Button(m.buttons["helplines"], Action.HELPLINES),),)
    if region is None:
        return Reply(m["region_set_other"], helplines)
    text = m["region_set"].format(
        region=html.escape(region.label), emergency=html.escape(region.emergency)
    )
    return Reply(text, helplines)


def render_helplines_pointer(content: Content) -> Reply:
    """For "where can I find a support group?": the way to /helplines."""
    m = content.messages
    return Reply(m["helplines_pointer"], ((Button(m.buttons["helplines"], Action.HELPLINES),),))


def render_helplines(content: Content, region: Region | None, guessed: str = "") -> Reply:
    """Emergency number, the line for when it can't wait, crisis lines, myeloma and cancer
    helplines with their hours, groups, and help open to anyone anywhere."""
    m = content.messages
    regions = content.regions
    parts: list[str] = []
    copies: list[Line] = []
    if region is not None:
        parts.append(m["helplines_heading"].format(region=html.escape(region.label)))
        parts.append(m["helplines_emergency"].format(emergency=html.escape(region.emergency)))
        parts.append(m["helplines_care_team"])
        if region.medical:
            parts.append(m["helplines_medical"].format(line=_line(region.medical)))
            copies.append(region.medical)
        if region.crisis:
            lines = "; ".join(_line(line) for line in region.crisis)
            parts.append(m["helplines_crisis"].format(lines=lines))
            copies += region.crisis
        if region.helplines:
            parts.append(
                "\n".join([m["helplines_lines"], *(f"• {_line(h)}" for h in region.helplines)])
            )
            copies += region.helplines
        if region.communities:
            parts.append(
                "\n".join(
                    [m["helplines_communities"], *(_community(c.name) for c in region.communities)]
                )
            )
    else:
        parts.append(m["helplines_emergency"].format(emergency=regions.unknown_emergency))
        parts.append(m["helplines_crisis"].format(lines=regions.unknown_crisis))
        parts.append(m["helplines_unknown"])
    if regions.everywhere or regions.everywhere_communities:
        everywhere = [f"• {_line(h)}" for h in regions.everywhere]
        everywhere += [_community(c.name) for c in regions.everywhere_communities]
        parts.append("\n".join([m["helplines_everywhere"], *everywhere]))
        copies += regions.everywhere
    if region is not None and guessed:
        parts.append(m["helplines_guess"].format(why=m[f"why_{guessed}"]))
    rows: list[tuple[Button, ...]] = []
    if copies:
        parts.append(m["helplines_copy"])
        rows += [(_copy(line),) for line in copies if line.digits]
    links = [
        Button(c.name, url=c.url)
        for c in (*(region.communities if region else ()), *regions.everywhere_communities)
    ]
    rows += [(link,) for link in links]
    if region is None:
        rows += list(region_buttons(content))
    return Reply("\n\n".join(parts), tuple(rows))


def _line(line: Line) -> str:
    text = line.html()
    extra = ", ".join(html.escape(x) for x in (line.hours, line.note) if x)
    return f"{text} ({extra})" if extra else text


def _community(name: str) -> str:
    return f"• {html.escape(name)}"


def _copy(line: Line) -> Button:
    label = f"📋 {line.number} · {line.name}"
    return Button(label[:60], copy=line.digits[:MAX_COPY])


def urgent_messages_for(content: Content, region: Region | None) -> Messages:
    """The messages with the urgent replies naming this region's numbers."""
    if region is None:
        return content.messages
    filled = urgent_messages(content.urgent_templates, content.regions, region)
    m = content.messages
    return Messages({**m.texts, **filled}, m.buttons, m.commands, m.months, m.small_talk)
