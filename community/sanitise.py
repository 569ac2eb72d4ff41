"""Member HTML: limited rich text, cleaned on the server with nh3 whatever the client sends."""

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_URL_RE = re.compile(r"\b(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])")


def _linkify(escaped_text: str) -> str:
    """Make full http(s) addresses in already-escaped text clickable."""
    return _URL_RE.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', escaped_text)


def clean_html(value: str) -> str:
    """Return safe HTML. Plain text (no tags) becomes paragraphs with line breaks."""
    value = (value or "").replace("\r\n", "\n").strip()
    if not _TAG_RE.search(value):
        paragraphs = [p for p in re.split(r"\n\s*\n", value) if p.strip()]
        value = "".join(
            "<p>" + _linkify(html.escape(p.strip(), quote=False)).replace("\n", "<br>") + "</p>"
            for p in paragraphs
        )
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def to_text(value: str) -> str:
    """Plain text of HTML (for excerpts, search and plain-text mails): block ends become
    line breaks, so that paragraphs do not run together, and entities are decoded."""
    text = re.sub(r"<br\s*/?>|</(?:p|li|blockquote|h[1-6]|div|tr|td|th|ul|ol)\s*>", "\n",
                  value or "", flags=re.IGNORECASE)
    text = nh3.clean(text, tags=set())
    return html.unescape(re.sub(r"[ \t]+", " ", text)).strip()


_INNERMOST_QUOTE = re.compile(
    r"<blockquote\b[^>]*>(?:(?!<blockquote\b).)*?</blockquote\s*>", re.IGNORECASE | re.DOTALL)


def without_quotes(value: str) -> str:
    """The post's own words: HTML with its quotes of other posts (blockquotes, nested or
    not) taken out. A post that is nothing but a quote keeps it."""
    text, previous = value or "", None
    while text != previous:
        previous, text = text, _INNERMOST_QUOTE.sub(" ", text)
    return text if not is_blank(text) else value


def excerpt(value: str, length: int = 200, *, own_words: bool = False) -> str:
    """The start of the text of an HTML body; own_words=True leaves quotes out, so that an
    answer that begins by quoting the question shows the answer."""
    if own_words:
        value = without_quotes(value)
    text = re.sub(r"\s+", " ", to_text(value))
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def is_blank(value: str) -> bool:
    return not to_text(value)


def to_editable(value: str) -> str:
    """Stored HTML back to what the member typed, when it is plain paragraphs; otherwise the
    HTML itself (it is cleaned again on save)."""
    if re.search(r"<(?!/?p>|br\s*/?>)", value or ""):
        return value
    text = re.sub(r"</p>\s*<p>", "\n\n", value or "")
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"</?p>", "", text)
    return html.unescape(text).strip()
