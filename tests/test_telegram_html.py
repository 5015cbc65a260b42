import pytest

from bot.core.telegram_html import MAX_MESSAGE_LENGTH, parse, to_plain, utf16_length


@pytest.mark.parametrize(
    "html",
    [
        "<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <code>c</code> <pre>p</pre>",
        '<a href="https://example.org/a?b=1&amp;c=2">link</a>',
        "1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;q&quot; &#8212; &#x1F600;",
        '<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler> <blockquote>q</blockquote>',
        "<b>nested <i>tags</i></b>",
    ],
)
def test_what_telegram_accepts(html: str):
    assert parse(html).errors == ()


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("1 < 2", "bare '<'"),
        ("salt & pepper", "bare '&'"),
        ("<div>x</div>", "unsupported tag <div>"),
        ("<b>open", "never closed"),
        ("<b><i>x</b></i>", "unexpected end tag"),
        ("&nbsp;", "unsupported named entity"),
        ("<span>x</span>", "tg-spoiler"),
        ("<a>x</a>", "needs an href"),
        ("<b onclick='x'>y</b>", "unsupported attribute"),
        ("   ", "empty"),
        ("<b> </b>", "empty"),
    ],
)
def test_what_telegram_refuses(html: str, problem: str):
    errors = parse(html).errors
    assert any(problem in e for e in errors), errors


def test_length_counts_visible_utf16_units():
    assert utf16_length("😀") == 2
    assert parse("<b>" + "a" * MAX_MESSAGE_LENGTH + "</b>").ok  # tags do not count
    assert not parse("😀" * (MAX_MESSAGE_LENGTH // 2 + 1)).ok


def test_to_plain_shows_link_targets_and_entities():
    assert to_plain('See <a href="https://x.org">the page</a> &amp; more') == (
        "See the page <https://x.org> & more"
    )
