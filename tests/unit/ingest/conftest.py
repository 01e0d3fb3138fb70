"""Fixtures for the HTML, WARC and web readers: realistic news pages about
invented events in invented places, built in memory (no data files)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import pytest

from sitrep.config import Settings

FLOOD_PARAGRAPHS = (
    "Around 400 residents of the riverside district of Marrowby were moved to temporary shelters overnight "
    "after the River Tarrow rose almost two metres above its usual level. Council officials said the water "
    "reached the ground floors of at least sixty houses on Quarry Lane and Miller's Row. No injuries had been "
    "reported by early morning, according to the regional emergency service.",
    "The district's mayor, Oskar Pellworth, said the evacuation began shortly after midnight when a temporary "
    "barrier near the old tannery gave way. \"We had hoped the barrier would hold until the morning, but the "
    "river had other ideas,\" he told reporters at the sports hall being used as a shelter. Volunteers from "
    "three neighbouring villages brought blankets, hot drinks and camp beds.",
    "Forecasters at the Kestrel Valley weather office expect a further 30 millimetres of rain before Saturday. "
    "They warned that levels downstream at Hollin Ford could peak on Friday afternoon. Residents there have "
    "been advised to move valuables upstairs and keep their phones charged.",
)

FERRY_PARAGRAPHS = (
    "Crews on the three ferry lines that link the islands of Orrin Sound to the mainland stayed off work for a "
    "third day on Thursday. The union representing deckhands and engineers says pay has fallen behind prices "
    "for four years running. Island shops reported shortages of fresh milk and bread by Wednesday evening.",
    "The operator, Sound Link Ferries, said it had offered a rise of 4.5 per cent and described the walkout as "
    "disproportionate. A spokesperson said talks could resume on Monday if the union suspended the action. "
    "Union leaders replied that they would consider any written proposal but would not call off the strike.",
    "Emergency medical transfers are continuing by helicopter from the small airstrip on Great Orrin. The "
    "regional health board said two patients had been flown to the mainland since the strike began. It asked "
    "residents to avoid non-urgent journeys until the dispute is resolved.",
)

NAV_LINKS = ("News", "Region", "Sport", "Weather", "Opinion")
TEASERS = (
    "Bakery on High Street wins regional award",
    "Council approves new cycle lane on Ferris Road",
    "Local choir heads to national finals in Porthallow",
)


def article_page(
    *,
    title: str = "Flooding forces evacuation of Marrowby riverside district",
    outlet: str | None = "The Kestrel Valley Courier",
    authors: tuple[str, ...] = ("Ilse Vantongeren",),
    published: str | None = "2024-03-14T08:30:00Z",
    paragraphs: tuple[str, ...] = FLOOD_PARAGRAPHS,
    lang: str | None = "en-GB",
    charset: str | None = "utf-8",
    head_extra: str = "",
    body_extra: str = "",
    escape_text: bool = True,
) -> str:
    """A full news page: cookie banner, header with nav, article with <h1>,
    byline and <time>, sidebar of teasers, footer. ``escape_text=False``
    inserts ``paragraphs`` as raw markup."""
    esc = escape if escape_text else (lambda s: s)
    head = [f'<meta charset="{charset}">' if charset else ""]
    head.append(f"<title>{escape(title)}{' | ' + escape(outlet) if outlet else ''}</title>")
    if outlet:
        head.append(f'<meta property="og:site_name" content="{escape(outlet)}">')
    head.append(f'<meta property="og:title" content="{escape(title)}">')
    for author in authors:
        head.append(f'<meta name="author" content="{escape(author)}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    time = f'<time datetime="{published}">{published[:10]}</time>' if published else ""
    byline = f'<p class="byline">By {escape(" and ".join(authors))} {time}</p>' if authors or time else ""
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV_LINKS)
    teasers = "".join(f'<li><a href="/story/{i}">{escape(t)}</a></li>' for i, t in enumerate(TEASERS))
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    html_open = f'<html lang="{lang}">' if lang else "<html>"
    return f"""<!DOCTYPE html>
{html_open}
<head>
{chr(10).join(head)}
{head_extra}
</head>
<body>
<div class="cookie-banner">We use cookies to improve your experience. <a href="/privacy">Accept all</a>
<a href="/cookie-settings">Manage settings</a></div>
<header class="site-header"><a class="logo" href="/">{escape(outlet or "Home")}</a>
<nav><ul>{nav}</ul></nav></header>
<main>
<article>
<h1>{escape(title)}</h1>
{byline}
{body}
</article>
<aside class="sidebar"><h3>Most read</h3><ul>{teasers}</ul></aside>
</main>
{body_extra}
<footer><p>&copy; 2024 {escape(outlet or "")}. All rights reserved.</p><a href="/contact">Contact us</a></footer>
</body>
</html>
"""


@pytest.fixture
def settings() -> Settings:
    return Settings(db_url="sqlite://")


article_page.FLOOD = FLOOD_PARAGRAPHS  # type: ignore[attr-defined]
article_page.FERRY = FERRY_PARAGRAPHS  # type: ignore[attr-defined]
article_page.TEASERS = TEASERS  # type: ignore[attr-defined]


@pytest.fixture
def page() -> Callable[..., str]:
    """The :func:`article_page` builder; ``page.FLOOD``/``page.FERRY`` are
    the paragraphs of its two stories and ``page.TEASERS`` the sidebar."""
    return article_page
