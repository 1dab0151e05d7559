"""The HTML parser matches Telegram's results and error texts, and is stricter where noted."""

from __future__ import annotations

from typing import Any

import pytest

from standin.html import HtmlError, parse_html, utf16_length

# Cases and messages as in Telegram's own parser tests (tdlib test/message_entities.cpp).
TELEGRAM_ERRORS = [
    ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
    ("🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
    ("🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
    (
        "🏟 🏟&lt;<i    aba>",
        'Expected equal sign in declaration of an attribute of the tag "i" at byte offset 13',
    ),
    ("🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
    ("🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
    ("🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"),
    ("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"),
    ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
    ("🏟 🏟&lt;<i>a</em   >", 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'),
    ("&#57311;", "Text contains invalid Unicode characters after decoding HTML entities"),
    ("<span class=x>a</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ('<tg-emoji emoji-id="x">a</tg-emoji>', "Invalid custom emoji identifier specified"),
    ("<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'),
]

# Where Telegram guesses, the stand-in refuses.
STRICT_ERRORS = [
    ("a & b", 'Unsupported HTML entity "&" at byte offset 2'),
    ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
    ("&lt no semicolon", 'Unsupported HTML entity "&lt"'),
    ("&#0;", 'Unsupported HTML entity "&#0;"'),
    ('<b class="x">a</b>', 'Unsupported attribute "class" in the tag "b"'),
    ("<a>no href</a>", 'Tag "a" at byte offset 0 needs a non-empty href'),
    ('<code class="language-py">x</code>', 'Tag "code" at byte offset 0 may only have class='),
    ("<br>", 'Unsupported start tag "br" at byte offset 0'),
]

PARSED: list[tuple[str, str, list[dict[str, Any]]]] = [
    ("➡️ ➡️<i>➡️ ➡️</i>", "➡️ ➡️➡️ ➡️", [{"type": "italic", "offset": 5, "length": 5}]),
    (
        "🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt;🏟</b></i>".replace(" aba   =   caba", ""),
        "🏟 🏟🏟 ><🏟",
        [{"type": "italic", "offset": 5, "length": 7}, {"type": "bold", "offset": 9, "length": 3}],
    ),
    (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike>"
        "<del>d</del>",
        "bsieunskd",
        [
            {"type": t, "offset": i, "length": 1}
            for i, t in enumerate(
                ["bold", "bold", "italic", "italic", "underline", "underline"]
                + ["strikethrough"] * 3
            )
        ],
    ),
    (
        '<span class="tg-spoiler">a</span><tg-spoiler>b</tg-spoiler>',
        "ab",
        [
            {"type": "spoiler", "offset": 0, "length": 1},
            {"type": "spoiler", "offset": 1, "length": 1},
        ],
    ),
    (
        '<a href="https://t.me/?a=1&amp;b=2">link</a>',
        "link",
        [{"type": "text_link", "offset": 0, "length": 4, "url": "https://t.me/?a=1&b=2"}],
    ),
    (
        '<pre><code class="language-python">x = 1</code></pre>',
        "x = 1",
        [{"type": "pre", "offset": 0, "length": 5, "language": "python"}],
    ),
    (
        "<pre>p</pre><code>c</code>",
        "pc",
        [
            {"type": "pre", "offset": 0, "length": 1},
            {"type": "code", "offset": 1, "length": 1},
        ],
    ),
    (
        "<blockquote>q</blockquote><blockquote expandable>e</blockquote>",
        "qe",
        [
            {"type": "blockquote", "offset": 0, "length": 1},
            {"type": "expandable_blockquote", "offset": 1, "length": 1},
        ],
    ),
    (
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "👍",
        [
            {
                "type": "custom_emoji",
                "offset": 0,
                "length": 2,
                "custom_emoji_id": "5368324170671202286",
            }
        ],
    ),
    ("&lt;&gt;&amp;&quot;&#65;&#x42;<b></b>", '<>&"AB', []),
    ("<B>upper</> tags", "upper tags", [{"type": "bold", "offset": 0, "length": 5}]),
    (
        "<i><b>x</b></i>",
        "x",
        [
            {"type": "bold", "offset": 0, "length": 1},
            {"type": "italic", "offset": 0, "length": 1},
        ],
    ),
    ("a > b", "a > b", []),
]


@pytest.mark.parametrize(("source", "message"), TELEGRAM_ERRORS + STRICT_ERRORS)
def test_errors(source: str, message: str) -> None:
    with pytest.raises(HtmlError) as caught:
        parse_html(source)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(("source", "text", "entities"), PARSED)
def test_parsed(source: str, text: str, entities: list[dict[str, Any]]) -> None:
    parsed = parse_html(source)
    assert (parsed.text, parsed.entities) == (text, entities)


def test_utf16_length() -> None:
    assert utf16_length("a🏟é") == 4
