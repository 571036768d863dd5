"""Structure and boilerplate (CD5xx): text pasted twice, and web-page debris left in a draft.

Web boilerplate is decided by a score, not a list alone: a known line from the pack in
`rules/boilerplate.yml` is near-certain; a line in no list still scores by what it looks
like (a call to action, navigation separators, a short line with no sentence in it), where it
stands (the edges of the article), and whether the same short line recurs across the files
of one run. High scores are safe deletions; middling ones are unsafe suggestions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache

from .. import packs
from ..document import Block, Document
from ..model import Finding, FixSafety
from ..registry import Context, check

SAFE_SCORE = 1.0
SUGGEST_SCORE = 0.6


def delete_lines(ctx: Context, doc: Document, start: int, end: int, message: str, **kw) -> Finding:
    """A finding on the whole lines holding [start, end), fixed by deleting them.

    The finding spans exactly those lines (with their line break), as the JSON contract says;
    the edit also takes the blank lines after them so the text closes up, or, at the very end
    of a text, the blank lines before them."""
    text = doc.text
    s = doc.line_starts[doc.line_of(start) - 1]
    e = text.find("\n", max(end - 1, s))
    e = len(text) if e == -1 else e + 1
    j = e
    while j < len(text):
        nl = text.find("\n", j)
        line_end = len(text) if nl == -1 else nl + 1
        if text[j:line_end].strip():
            return ctx.finding(s, e, message, [""], fix_start=s, fix_end=j, **kw)
        j = line_end
    k = s  # nothing but blank lines follows: take the blank lines before instead
    while k > 0:
        prev = text.rfind("\n", 0, k - 1) + 1
        if text[prev:k].strip():
            break
        k = prev
    return ctx.finding(s, e, message, [""], fix_start=k, fix_end=len(text), **kw)


_CLOSERS = "\"'”’)]"  # after a sentence's last mark: `..."`, `...)`


def _standalone_lines(doc: Document, block: Block) -> Iterator[tuple[int, int]]:
    """The lines of a block that stand alone rather than continue a wrapped sentence: the first
    line, and any line after a short one or after one that ends a sentence (a quotation's or
    bracket's closing mark aside), that does not start in lower case."""
    text = doc.text
    if text.find("\n", block.body, block.end) == -1:  # (most blocks are one line: no second generator)
        line = text[block.body : block.end].rstrip("\r")
        if line.strip():
            yield block.body, block.body + len(line)
        return
    prev = None
    for s, e in _lines_of(doc, block):
        line = text[s:e].strip()
        if prev is None or (
            (len(prev.split()) <= 8 or prev.rstrip(_CLOSERS).endswith((".", "!", "?", "…", ":")))
            and not line[:1].islower()
        ):
            yield s, e
        prev = line


def _lines_of(doc: Document, block: Block) -> Iterator[tuple[int, int]]:
    """[start, end) of each non-blank line of a block, from where its prose starts."""
    text = doc.text
    pos = block.body
    while pos < block.end:
        nl = text.find("\n", pos, block.end)
        e = block.end if nl == -1 else nl
        s = pos
        line = text[s:e].rstrip("\r")
        if line.strip():
            yield s, s + len(line)
        pos = e + 1


@cache
def _pack():
    data = packs.load("boilerplate")
    # (patterns are searched in packs.normalize_line's lower-cased lines)
    return frozenset(data.get("lines", [])), packs.compile_patterns(data.get("patterns", []), lowered=True)


_NAV_CHARS = frozenset("»›|>")  # one of which every breadcrumb has: a set test spares most lines the scan
_NAV = re.compile(r"\S\s*[»›]\s*\S|\S \| \S.* \| \S|\S\s*>\s*\S.*\s>\s*\S")
_CTA_VERB = re.compile(
    r"^(?:please )?(?:share|subscribe|sign (?:up|in)|follow|click|tap|leave|join|download|log ?in|register|comment|"
    r"like|tweet|email|print|watch|listen|get|support|donate|discover|explore|check out|don'?t miss|read|see|view|"
    r"load|show|continue|go to|visit|find out|learn more|let us know|tell us|contact|report|enjoy(?:ed)?|"
    r"stay (?:up|informed|tuned|connected))\b"
)
_WEB_OBJECT = re.compile(
    r"\b(?:newsletters?|comments?|articles?|story|stories|posts?|app|inbox|updates|notifications|site|website|page|link|"
    r"feed|channel|podcast|video|us|below|here|conversation|thoughts|social media|facebook|twitter|instagram|whatsapp|"
    r"youtube|telegram|linkedin|browser|cookies?|account|subscribers?|alerts?|e-?mail|via|briefing|digest|"
    r"journalism|error|typo|correction|our|your)\b"
)
# Words of the page around an article, rarely of a news subhead (unlike `privacy` or `app`).
_WEB_WORD = re.compile(
    r"\b(?:articles?|comments?|newsletters?|advertisements?|adverts?|ads|sponsored|promoted|subscribe|"
    r"log ?in|sign (?:in|up)|ad ?block(?:er)?|ad-block(?:er)?|tweet|menu|permalink|rss|read more|read next|"
    r"more stories|related (?:articles|stories|posts|content|news|coverage)|(?:next|previous|prev) (?:article|post|story|page)|"
    r"you (?:may|might) also like|share (?:this|on)|print this|email this|skip to)\b"
)
# Page metadata: captions, credits, timestamps, bylines of a CMS, tag lists, widget titles.
_META = re.compile(
    r"^(?:(?:photo|image|picture|video|graphic|illustration|featured image)(?: caption| credit)?s?\s*:|"
    r"(?:updated|published|posted|last updated|first published|modified)\b.{0,40}\b\d{1,2}:\d{2}|"
    r"(?:updated|published|posted|last updated|first published|modified)\s*:.{0,40}\b(?:19|20)\d\d\b|"
    r"posted (?:by|in|on)\b|tags?\s*:|(?:most (?:viewed|read|popular|shared|commented|watched|emailed|recent)|"
    r"latest (?:news|stories|articles|posts|videos)|top (?:stories|news|picks)|featured (?:stories|articles|posts)|"
    r"more (?:from|on) (?:this|our)\b.{0,30})$)",
    re.IGNORECASE,
)
# The site speaking to its reader: `we`/`our` and `you`/`your` in one short line of copy
# (searched for in the lower-cased line: case-blind, re would not skip ahead to the words)
_WE = re.compile(r"\b(?:we|our|us)\b")
_YOU = re.compile(r"\b(?:you|your)\b")
_QUOTE = re.compile(r"[\"“”]")
_TERMINAL = (".", "!", "?", "…", '"', "”", ")")


MAX_LINE_WORDS = 40  # a longer line is copy, whatever it says


def boilerplate_score(
    line: str, at_edge: bool, files_with_line: int = 0, norm: str | None = None
) -> tuple[float, list[str]]:
    """How sure we are that `line` is page furniture rather than copy, and why. `norm` is
    packs.normalize_line(line), when the caller has it."""
    lines, patterns = _pack()
    if norm is None:
        norm = packs.normalize_line(line)
    words = norm.split()
    if not words or len(words) > MAX_LINE_WORDS:
        return 0.0, []
    score, why = 0.0, []
    if norm in lines:
        score, why = 1.0, ["a known boilerplate line"]
    elif patterns is not None and patterns.search(norm):
        score, why = 0.8, ["matches a boilerplate pattern"]
    if len(words) <= 25 and _NAV_CHARS.intersection(line) and _NAV.search(line):
        score += 0.7
        why.append("navigation separators")
    if len(words) <= 15 and _CTA_VERB.search(norm):
        # a verb alone is weak (`Share prices fall`, `Leave campaign wins`); with a web object strong
        if _WEB_OBJECT.search(norm):
            score += 0.6
            why.append("a call to action")
        else:
            score += 0.1
    if _META.search(line.strip()):
        score += 0.8
        why.append("page metadata")
    if len(words) <= 15 and _WE.search(norm) and _YOU.search(norm):
        score += 0.5
        why.append("the site addressing its reader")
    stripped = line.rstrip()
    if len(words) <= 5 and (not stripped.endswith(_TERMINAL) or stripped.endswith(("...", "…"))):
        score += 0.2
        why.append("a short line with no sentence")
        if _WEB_WORD.search(norm):
            score += 0.5
            why.append("web-page words")
    if at_edge:
        score += 0.2
        why.append("at the edge of the article")
    if files_with_line >= 3 and len(words) <= 12:
        score += 0.6
        why.append(f"the same line is in {files_with_line} files of this run")
    if _QUOTE.search(line):
        score -= 0.5  # quoted speech is copy, whatever it says
    return score, why


@check(
    "CD502",
    "web-boilerplate",
    "structure",
    severity="warning",
    fix="safe",
    block=True,
    bad=[
        ("A story.\n\nLeave a Comment\n", "A story.\n"),
        ("Home » world » Talks resume\n\nTalks resumed on Monday.\n", "Talks resumed on Monday.\n"),
        ("A story.\n\nShare your thoughts in the comments below!\n", "A story.\n"),
        ("A story.\n\nFollow our live coverage on the app\n", None),
        (
            'Keegan said: "We had a great chance to take the lead."\nClick here to subscribe\n',
            'Keegan said: "We had a great chance to take the lead."\n',
        ),
    ],
    good=[
        "Markets rose.\n\nThe company said it would share the data with regulators.\n",
        "Share prices fall\n\nShares fell sharply on Monday as investors took fright at the figures.\n",
        "Leave campaign wins\n\nThe campaign to leave won the vote by a narrow margin on Thursday night.\n",
        "Results\n\nThe results were announced on Monday, officials said.\n",
        'He said: "Leave a comment if you like."\n',
    ],
)
def web_boilerplate(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A line of web-page furniture left in the copy: navigation, share and comment prompts, ads.

    What it does: scores each line: a line from the boilerplate pack (`Leave a Comment`,
    `Adblock Detected`), breadcrumbs (`Home » world » …`), calls to action (`Share your
    thoughts in the comments below`), short lines with no sentence, lines at the edges of the
    article, and lines repeated across many files of the same run all add to the score.
    Why it matters: scraped or pasted drafts carry the page around the article; published,
    it makes the copy look stolen and broken.
    Example: `Leave a Comment` at the end of an article is deleted.
    Fix safety: safe when the score is high (a known line, or several signals together);
    unsafe (a suggestion) when it is middling. Quoted speech is never flagged.
    """
    text = doc.text
    blocks = doc.prose_blocks
    if not blocks:
        return
    first_prose = next(
        (i for i, b in enumerate(blocks) if b.kind == "paragraph" and len(text[b.body : b.end].split()) > 12), 0
    )
    cutoff = blocks[-1].end - (blocks[-1].end - blocks[0].start) * 0.2
    batch = ctx.batch
    markdown = doc.format == "markdown"
    for i, b in enumerate(blocks):
        if b.kind == "table_row":
            continue
        for s, e in _standalone_lines(doc, b):
            line = text[s:e]
            if line.lstrip().startswith("|"):
                continue  # a table row, whatever its format
            raw = line.split()
            if len(raw) > MAX_LINE_WORDS and packs.normalized_word_count(raw) > MAX_LINE_WORDS:
                continue  # a paragraph: scores nothing, and is not normalized (most lines are these)
            norm = packs.normalize_line(line)
            at_edge = i < first_prose or s >= cutoff
            # Lists in Markdown are structure that repeats across a site's pages by design
            listed = batch is not None and not (markdown and b.kind == "list_item")
            seen = batch.files_with_normalized(norm) if listed else 0
            score, why = boilerplate_score(line, at_edge, seen, norm=norm)
            if score < SUGGEST_SCORE:
                continue
            safety = FixSafety.SAFE if score >= SAFE_SCORE else FixSafety.UNSAFE
            short = line if len(line) <= 60 else line[:57] + "…"
            msg = f"Web-page boilerplate: ‘{short}’ ({', '.join(why)})"
            yield delete_lines(ctx, doc, s, e, msg, fix_safety=safety, extra={"score": round(score, 2)})


@check(
    "CD501",
    "duplicate-block",
    "structure",
    severity="warning",
    fix="safe",
    block=True,
    bad=[
        (
            "Salary scandal in Cameroon\n\nThe story.\n\nSalary scandal in Cameroon\n\nMore story.\n",
            "Salary scandal in Cameroon\n\nThe story.\n\nMore story.\n",
        ),
        (
            "The minister resigned on Monday after the vote.\n\nThe minister resigned on Monday after the vote.\n",
            "The minister resigned on Monday after the vote.\n",
        ),
    ],
    good=[
        "Salary scandal in Cameroon\n\nHe called it the “Salary scandal in Cameroon” in his speech.\n",
        "Analysis\n\nText one.\n\nAnalysis\n\nText two.\n",
    ],
)
def duplicate_block(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A headline, paragraph or list item that appears again, word for word.

    What it does: compares every block (headline, paragraph, list item) with the ones before
    it, ignoring case, spacing and final punctuation; a repeat of three words or more is
    flagged at the later copy. It uses one hash table, so the cost is linear in the text.
    Why it matters: pasted twice, a headline or paragraph makes the copy look unedited; the
    seed article repeats its headline where a second, reworded version of the story begins.
    Example: a second `Israel Strengthens Ties with Azerbaijan Amid Iran’s Crackdown` line.
    Fix safety: safe: the later copy is deleted. A headline quoted inside a sentence is part
    of a different block and never matches.
    """
    text = doc.text
    first: dict[str, int] = {}
    known_lines = _pack()[0]
    for b in doc.prose_blocks:
        spaced = _single_spaced_lower(text[b.body : b.end])
        key = spaced.rstrip(".!?:;")  # the block as compared: case, spacing, end punctuation aside
        if key.count(" ") < 3 and len(key.split()) < 3 or spaced.strip(packs.LINE_STRIP) in known_lines:
            continue  # (spaced.strip(...) is packs.normalize_line of the block)
        if key in first:
            line = doc.line_of(first[key])
            what = {"heading": "headline", "paragraph": "paragraph"}.get(b.kind, b.kind.replace("_", " "))
            yield delete_lines(ctx, doc, b.start, b.end, f"This {what} repeats line {line} word for word")
        else:
            first[key] = b.body


_ASCII_SPACES = ("\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")  # str.split's, but the space


def _single_spaced_lower(body: str) -> str:
    """`" ".join(body.lower().split())`. Most blocks are ASCII with one space between words
    and none at the ends, and are that already once lower-cased: looking for any other ASCII
    white space (what str.split splits on) at C speed costs a third of splitting and joining."""
    if (
        body.isascii()
        and body[:1] != " "
        and body[-1:] != " "
        and "  " not in body
        and not any(map(body.__contains__, _ASCII_SPACES))
    ):
        return body.lower()
    return " ".join(body.lower().split())


_WORDS = re.compile(r"[^\W_]+")
_ASCII_GAPS = bytes(c if chr(c).isalnum() else 32 for c in range(128)) + bytes(range(128, 256))


def _words(body: str) -> list[str]:
    """The words of a paragraph as CD505 compares them: what `_WORDS` finds in it lower-cased
    (runs of letters and digits). Nine paragraphs in ten are ASCII; for those, translating
    every other character to a space and splitting is 2.5x faster than the pattern."""
    low = body.lower()
    if low.isascii():
        return low.encode().translate(_ASCII_GAPS).decode().split()
    return _WORDS.findall(low)


@check(
    "CD505",
    "near-duplicate-block",
    "structure",
    severity="warning",
    fix="unsafe",
    block=True,
    bad=[
        (
            "The minister resigned on Monday after a vote in parliament went against the government.\n\n"
            "Other news.\n\n"
            "The minister resigned on Monday after the vote in parliament went against his government.\n",
            "The minister resigned on Monday after a vote in parliament went against the government.\n\nOther news.\n",
        )
    ],
    good=[
        "The minister resigned on Monday after a vote in parliament went against the government.\n\n"
        "The deputy minister stayed on after Tuesday's debate, in which the opposition won the argument.\n"
    ],
)
def near_duplicate_block(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A paragraph that restates an earlier one with small changes.

    What it does: breaks each paragraph of 12 words or more into overlapping three-word
    shingles; one index from shingle to the first paragraph holding it proposes the most
    similar earlier paragraph, and a word-by-word comparison of just that pair decides (80% the
    same, and not an exact repeat). The cost stays linear in the length of the text.
    Why it matters: an edit pasted beside the version it replaces, or a story merged from two
    feeds, leaves the reader reading the same paragraph twice.
    Example: two versions of the same paragraph that differ in two words.
    Fix safety: unsafe: the later copy is deleted only with `--unsafe-fixes`, since an editor
    may want to keep the later wording instead.
    """
    text = doc.text
    index: dict = {}
    sizes: list[int] = []
    spans: list[tuple[int, int]] = []  # words are read again for the rare pair compared word by word
    seen_exact: set[int] = set()
    # A very long document (an archive in one file) indexes one shingle in four, chosen by hash,
    # so that the index stays a quarter of the size; an article indexes every shingle. The
    # choice hashes word numbers (given in order of first use), not the words: string hashes
    # change from run to run, and so did which paragraphs were found (110 to 112 on 2.3 MB).
    sample = len(text) > SAMPLE_ABOVE
    number: dict[str, int] = {}
    for b in doc.prose_blocks:
        words = _words(text[b.body : b.end])
        if len(words) < 12:
            continue
        key = hash(" ".join(words))
        if key in seen_exact:
            # an exact repeat (CD501's business): its shingles are all in the index already,
            # under the first copy, so it is numbered and passed over unshingled
            sizes.append(0)
            spans.append((b.body, b.end))
            continue
        if sample:
            ids = [number.setdefault(w, len(number)) for w in words]
            shingles = {h for h in map(hash, zip(ids, ids[1:], ids[2:])) if h % 4 == 0}
            if not shingles:
                continue
        else:
            # shingles as their hashes: an int key is hashed once, a tuple at every lookup
            shingles = set(map(hash, zip(words, words[1:], words[2:])))
        me = len(sizes)
        counts: dict[int, int] = {}
        setdefault = index.setdefault  # the first paragraph to hold a shingle keeps it
        for sh in shingles:
            j = setdefault(sh, me)
            if j != me:
                counts[j] = counts.get(j, 0) + 1
        sizes.append(len(shingles))
        spans.append((b.body, b.end))
        seen_exact.add(key)
        if not counts:
            continue
        # the earlier paragraph sharing most shingles; on a tie the first of them, whatever order
        # the set gave (hashes, and so that order, change from one run to the next)
        j, shared = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))
        if shared / min(sizes[j], len(shingles)) < 0.3:
            continue
        # the index only proposes the most similar earlier paragraph; one exact comparison decides
        earlier = _words(text[spans[j][0] : spans[j][1]])
        import difflib  # (imported here, where a pair is compared, not by every start)

        ratio = difflib.SequenceMatcher(None, earlier, words, autojunk=False).ratio()
        if ratio >= 0.8:
            line = doc.line_of(spans[j][0])
            yield delete_lines(
                ctx,
                doc,
                b.start,
                b.end,
                f"This paragraph restates line {line} with small changes ({ratio:.0%} the same)",
            )


SAMPLE_ABOVE = 1_000_000  # characters

_QUESTION_START = re.compile(
    r"^(?:what|how|why|will|would|could|can|do|does|did|is|are|should|which|who|where|when)\b", re.I
)


@check(
    "CD503",
    "reader-engagement-question",
    "structure",
    severity="info",
    fix="unsafe",
    block=True,
    bad=[
        (
            "Talks resumed on Monday. Both sides said progress was made. Officials will meet again next week.\n\n"
            "What impact will the talks have on the region? And how will markets react?\n",
            "Talks resumed on Monday. Both sides said progress was made. Officials will meet again next week.\n",
        )
    ],
    good=[
        "Why did it fail? Officials blamed the weather, and the report agreed.\n\nMore text here follows on.\n",
        'Talks resumed. "What will happen now?" she asked.\n',
        "How the deal was done\n\nThe deal was done over two days of talks in Geneva.\n",
    ],
)
def reader_engagement_question(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A paragraph of questions put to the reader, as content farms append to articles.

    What it does: flags a paragraph that consists only of questions (each sentence ends with
    `?`, the first opens with a question word), quotes nobody, and stands where content farms
    put such questions: last, or in the last 30% of the text, or within two blocks of a comment prompt
    or other page furniture.
    Why it matters: `What impact will the protests have on regional stability?` invites
    comments; it is engagement bait, not reporting, and a newsroom cuts it.
    Example: `How does Israel’s partnership with Azerbaijan affect its stance towards Iran?`
    Fix safety: unsafe, and severity info: a rhetorical question can be the writer's choice.
    """
    text = doc.text
    blocks = doc.prose_blocks
    if len(blocks) < 2:
        return
    last_part = blocks[0].start + (blocks[-1].end - blocks[0].start) * 0.7

    def furniture(k: int) -> bool:
        if not 0 <= k < len(blocks):
            return False
        return boilerplate_score(text[blocks[k].body : blocks[k].end], False)[0] >= SUGGEST_SCORE

    for i, b in enumerate(blocks):
        if b.kind not in ("paragraph", "heading"):
            continue
        body = text[b.body : b.end].strip()
        if not body.endswith("?") or _QUOTE.search(body) or len(body.split()) > 60:
            continue
        # where content farms put them: at the end, or beside a comment prompt or other furniture
        at_end = i == len(blocks) - 1 or b.start >= last_part
        if not at_end and not any(furniture(k) for k in (i - 2, i - 1, i + 1, i + 2)):
            continue
        # the block's sentences, found by bisection: walking all of the document's for each
        # question made the rule quadratic (17 s on 2.5 MB ending in 8,000 questions)
        starts = doc.sentences.starts
        lo, hi = bisect_left(starts, b.body), bisect_left(starts, b.end)
        sentences = [text[s:e].strip() for s, e in doc.sentences[lo:hi]]
        if sentences and all(s.endswith("?") for s in sentences) and _QUESTION_START.search(sentences[0]):
            yield delete_lines(ctx, doc, b.start, b.end, "Questions put to the reader (engagement bait), not reporting")


@check(
    "CD504",
    "lost-table-columns",
    "structure",
    severity="info",
    fix="none",
    block=True,
    bad=[
        "Intro text.\n\nSector Cooperation Focus\nEnergy Joint gas field development\nDefense Strategic partnerships\n"
    ],
    good=[
        "Intro text.\n\nA paragraph wrapped\nover several lines\nof a plain text file.\n",
        "| Sector | Focus |\n|---|---|\n| Energy | Gas |\n",
    ],
)
def lost_table_columns(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A table whose column separators were lost in copying: rows of words run together.

    What it does: in plain text, flags a run of three or more lines with no blank line
    between them, none ending like a sentence, whose first line is a short row of
    capitalized words (the header), as in `Sector Cooperation Focus` / `Energy Joint gas field
    development`.
    Why it matters: the cells run into each other (`Energy Joint gas field`); the reader
    cannot tell where one column ends.
    Example: the seed's `Sector Cooperation Focus` table.
    Fix safety: none: only an editor can restore the columns.
    """
    if doc.format != "plain":
        return
    text = doc.text
    for b in doc.prose_blocks:
        lines = [text[s:e] for s, e in _lines_of(doc, b)]
        if len(lines) < 3 or any(ln.rstrip().endswith((".", "!", "?", ",", ";", ":")) for ln in lines):
            continue
        head = lines[0].split()
        if not 2 <= len(head) <= 6 or not all(w[:1].isupper() for w in head):
            continue
        if all(len(ln.split()) <= 15 for ln in lines):
            yield ctx.finding(b.start, b.end, f"This looks like a table whose columns were lost ({len(lines)} rows)")
