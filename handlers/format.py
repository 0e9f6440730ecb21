"""Answers as Telegram HTML: every piece of article text escaped, split under Telegram's limit."""

from __future__ import annotations

from html import escape

from handlers.texts import t
from storage import ActorRow, ArticleRef, BriefRows, PlaceRow

TELEGRAM_LIMIT = 4096
CHUNK_LIMIT = 4000  # a margin under the limit, for safety with UTF-16 counting


def _cite(ref: ArticleRef) -> str:
    label = escape(ref.title if len(ref.title) <= 70 else ref.title[:67] + "…")
    if ref.url and ref.url.startswith(("http://", "https://")):
        return f'<a href="{escape(ref.url, quote=True)}">{label}</a>'
    return f"<i>{label}</i>"


def _heading(key: str, lang: str, topic: str | None) -> str:
    head = f"<b>{t(key, lang)}</b>"
    if topic:
        head += f" — {t('about', lang)} <i>{escape(topic)}</i>"
    return head


def format_who(rows: list[ActorRow], lang: str, topic: str | None = None) -> str:
    lines = [_heading("who_title", lang, topic)]
    for row in rows:
        name = f"<b>{escape(row.name)}</b>"
        if row.titles:
            name = f"{escape(row.titles[0])} {name}"
        extra = [t("mentions", lang, n=row.mentions)]
        if len(row.titles) > 1:
            extra.insert(0, "; ".join(escape(x) for x in row.titles[1:]))
        lines.append(f"• {name} ({', '.join(extra)})")
        if row.articles:
            lines.append("   ↳ " + "; ".join(_cite(r) for r in row.articles[:2]))
    return "\n".join(lines)


def format_where(rows: list[PlaceRow], lang: str, topic: str | None = None) -> str:
    lines = [_heading("where_title", lang, topic)]
    for row in rows:
        lines.append(f"• <b>{escape(row.name)}</b> ({t('mentions', lang, n=row.mentions)})")
        if row.articles:
            lines.append("   ↳ " + "; ".join(_cite(r) for r in row.articles[:2]))
    return "\n".join(lines)


def format_brief(rows: BriefRows, lang: str, topic: str | None = None) -> str:
    lines = [_heading("brief_title", lang, topic), ""]
    lines.append(" ".join(escape(s.text) for s in rows.sentences))
    lines.append("")
    lines.append(f"<b>{t('sources', lang)}:</b>")
    lines.extend(f"• {_cite(ref)}" for ref in rows.sources)
    return "\n".join(lines)


def format_latest(refs: list[ArticleRef], lang: str) -> str:
    lines = [f"<b>{t('latest_title', lang)}</b>"]
    for ref in refs:
        meta = " · ".join(escape(x) for x in (ref.source, (ref.published or ref.added_at or "")[:10]) if x)
        lines.append(f"• {_cite(ref)} <code>{escape(ref.ext_id)}</code>" + (f" — {meta}" if meta else ""))
    return "\n".join(lines)


def split_message(html: str, limit: int = CHUNK_LIMIT) -> list[str]:
    """Split an HTML reply into chunks under `limit`, at line breaks, never inside a tag.

    Lines are kept whole where they fit; a line longer than the limit (a long brief paragraph)
    is cut at a space, and any tags open at the cut are closed and reopened.
    """
    chunks: list[str] = []
    current = ""
    for line in html.split("\n"):
        while len(line) > limit:
            head, line = _cut_line(line, limit)
            if current:
                chunks.append(current)
                current = ""
            chunks.append(head)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def _cut_line(line: str, limit: int) -> tuple[str, str]:
    """Cut a long line at the last space before `limit` that is outside a tag or an entity."""
    budget = limit - 100  # room to close and reopen tags
    cut = -1
    in_tag = False
    in_entity = False
    for i, ch in enumerate(line[:budget]):
        if ch == "<":
            in_tag = True
        elif ch == ">":
            in_tag = False
        elif ch == "&":
            in_entity = True
        elif ch == ";":
            in_entity = False
        elif ch == " " and not in_tag and not in_entity:
            cut = i
    if cut <= 0:
        cut = budget
        while cut > 0 and (line.rfind("<", 0, cut) > line.rfind(">", 0, cut) or line.rfind("&", 0, cut) > line.rfind(";", 0, cut)):
            cut -= 1
    head, rest = line[:cut], line[cut:].lstrip()
    open_tags = _open_tags(head)
    head += "".join(f"</{name}>" for name, _ in reversed(open_tags))
    rest = "".join(tag for _, tag in open_tags) + rest
    return head, rest


def _open_tags(html: str) -> list[tuple[str, str]]:
    """Tags opened and not closed in `html`, as (name, opening tag)."""
    stack: list[tuple[str, str]] = []
    pos = 0
    while True:
        start = html.find("<", pos)
        if start < 0:
            return stack
        end = html.find(">", start)
        if end < 0:
            return stack
        tag = html[start : end + 1]
        pos = end + 1
        if tag.startswith("</"):
            name = tag[2:-1].strip().split()[0] if tag[2:-1].strip() else ""
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == name:
                    del stack[k]
                    break
        else:
            name = tag[1:-1].split()[0] if tag[1:-1].split() else ""
            stack.append((name, tag))
