"""Grammar and wrong words (CD4xx): errors a spell-checker passes because every word is real.

Each rule reads the words around the suspect one: a/an by the sound of the next word
(copydesk.pronounce), `too` by what follows it, confusions by small context patterns, and
article-noun agreement by lemminflect's noun lemmas.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import gazetteer
from ..document import Document, lowered
from ..model import Finding
from ..pronounce import vowel_sound
from ..registry import Context, check

# (Each pattern starts with its first letter and looks behind it: re then skips ahead to that
# letter instead of trying the pattern at every position.)
# (not after `/`: `a/an by sound` names the articles, it does not use one)
# (a figure with its thousands: `an 11,000-strong crowd`, `a 1,100-page report`)
_ARTICLE = [
    re.compile(f"({a}" + r"(?<![\w’'\-./].)n?)\s+[“‘\"'(]?(\d{1,3}(?:,\d{3})+|[\w][\w’'%\-]*)") for a in "aA"
]  # (finditer_each)


@check(
    "CD401",
    "a-an-mismatch",
    "grammar",
    severity="warning",
    bad=[
        ("The visit saw a important economic component.", "The visit saw an important economic component."),
        ("Critics noted an lack of transparency.", "Critics noted a lack of transparency."),
        ("He waited a hour.", "He waited an hour."),
        ("She was an university lecturer.", "She was a university lecturer."),
        ("It was a FBI inquiry.", "It was an FBI inquiry."),
        ("Shares saw a 8% rise.", "Shares saw an 8% rise."),
        ("It was an one-off payment.", "It was a one-off payment."),
        ("It was a 1880s house.", "It was an 1880s house."),
    ],
    good=[
        "An hour later, a European official, an MP and a NATO envoy met.",
        "A US official gave an 11-year-old a UFO model.",
        "Vitamin A is useful.",
        "The grade was an A and a B.",
        "It was a historic day and an herb garden.",
        "The style guide covers a/an by sound.",
        "He bought a SIM card, a RAM chip and an LCD screen.",
        "She opened a REPL and ran an npm install.",
        "It was an 1880 speech in an 1,100-page report.",
        "The firm reported a a loss.",
    ],
)
def a_an_mismatch(doc: Document, ctx: Context) -> Iterator[Finding]:
    """`a` before a vowel sound, or `an` before a consonant sound.

    What it does: decides by the sound of the next word, not its first letter: the CMU
    pronouncing dictionary knows `an hour`, `a university`, `a one-off`, `a European`; capitals
    of up to three letters are read letter by letter (`an FBI`, `an MP`, `a US`); longer ones
    may be words (`a NATO`); figures by how they are said (`an 8%`, `an 11-year-old`, `an
    1880s house`). Left alone, as they may be said either way: three capitals that also spell
    a word (`a SIM card`), longer capitals the dictionary lacks (`a REPL`), letters with no
    vowel (`an npm package`), and `1880` or `1,100` (eighteen eighty, or one thousand...).
    Why it matters: `a important` is one of the commonest slips in fast copy.
    Example: `a important economic component` becomes `an important economic component`.
    Fix safety: safe. Words the dictionary says both ways (`herb`, `homage`) are never
    flagged; nor is a capital `A` inside a sentence (`Vitamin A`, `grade A`). `An historic`
    and `an hotel`, older British forms, are flagged: modern style guides (AP, the BBC's,
    the Guardian's) write `a historic`, as the dictionary says it.
    """
    text = doc.text
    for m in doc.finditer_each(_ARTICLE):
        art, nxt = m.group(1), m.group(2)
        s = m.start(1)
        if (
            art == "A"
            and s > 0
            and text[s - 1 : s] not in ("\n", "")
            and not _SENTENCE_BEFORE.search(text[max(0, s - 3) : s])
        ):
            continue  # a capital `A` mid-sentence is a label (`Vitamin A`), not an article
        if art == "A" and text[m.end(1) : m.end(1) + 1] in (".", ",", ")"):
            continue
        if nxt.lower() in ("a", "an"):
            continue  # `a a loss`: a doubled word, CD403's, whose fix leaves the right article
        v = vowel_sound(nxt)
        if v is None:
            continue
        want = "an" if v else "a"
        if art.lower() == want:
            continue
        fixed = want if art.islower() else want.capitalize()
        yield ctx.finding(
            s,
            m.end(1),
            f"Use ‘{fixed}’ before ‘{nxt}’ (it starts with a {'vowel' if v else 'consonant'} sound)",
            [fixed],
        )


_SENTENCE_BEFORE = re.compile(r"[.!?:”\"]\s*$|^\s*$")  # before a capital `A` that starts a sentence


_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "every",
        "each",
        "some",
        "any",
        "no",
        "such",
    ]
)
# (This one starts at `oo` and looks behind for the `t` and what comes before it: re then skips
# from one rare `oo` to the next instead of trying every `t`, five times faster. A match
# starts one character after its `too`.)
_TOO = re.compile(r"oo(?<=[tT]oo)(?<![\w’'\-][tT]oo)\s+([\w’'\-]+)")


@check(
    "CD402",
    "too-for-to",
    "grammar",
    severity="warning",
    bad=[
        ("Sa’ar concluded a visit too baku on Sunday.", "Sa’ar concluded a visit to baku on Sunday."),
        ("He said too the council that it failed.", "He said to the council that it failed."),
        ("It flew too London.", "It flew to London."),
    ],
    good=[
        "It was too late, and too much for me too.",
        "They arrived too early to vote.",
        "She was too British to complain.",
        "It is too the point, some say.",
    ],
)
def too_for_to(doc: Document, ctx: Context) -> Iterator[Finding]:
    """`too` (also, excessively) where `to` is meant.

    What it does: flags `too` directly before a determiner or possessive (`too the`, `too
    their`) or before a place (`a visit too Baku`), where only the preposition fits.
    Why it matters: both are real words, so spelling checkers pass it.
    Example: `a visit too baku` becomes `a visit to baku`.
    Fix safety: safe before a determiner or a place. `too` before an adjective or adverb
    (`too late`, `too British`) is left alone, as is the idiom `too the point`.
    """
    gaz = gazetteer.load()
    text = doc.text
    for m in doc.finditer(_TOO):
        s = m.start() - 1
        word, nxt = text[s : s + 3], m.group(1)
        low = nxt.lower()
        if low == "the" and text[m.end(1) : m.end(1) + 6] == " point":
            continue  # a pun on `to the point` is too rare to matter, but be safe
        entry = gaz.get(low.split("’")[0].split("'")[0])
        place = entry is not None and entry[1] == "place" and not entry[2]
        if low in _DETERMINERS or place:
            fixed = "to" if word == "too" else "To"
            yield ctx.finding(s, s + 3, f"‘{word} {nxt}’: did you mean ‘{fixed}’?", [fixed])


_DOUBLED = re.compile(r"(?<![\w’'\-])([A-Za-z]+)(\s+)(\1)(?![\w’'\-])", re.IGNORECASE)
_MAY_REPEAT = frozenset(
    [
        "had",
        "that",
        "is",
        "very",
        "bye",
        "ha",
        "no",
        "yes",
        "so",
        "far",
        "really",
        "many",
        "more",
        "again",
        "long",
        "knock",
        "tut",
    ]
)


@check(
    "CD403",
    "doubled-word",
    "grammar",
    severity="warning",
    bad=[
        ("The the talks resumed.", "The talks resumed."),
        ("It was signed in\nin Baku.", "It was signed in\nBaku."),
        ("He said that the the deal was done.", "He said that the deal was done."),
    ],
    good=[
        "What it is is a problem.",
        "He had had enough.",
        "She said that that was wrong.",
        "They flew to Bora Bora and saw Duran Duran.",
        "It was very very cold.",
    ],
)
def doubled_word(doc: Document, ctx: Context) -> Iterator[Finding]:
    """The same word twice in a row: `the the`, also across a line break.

    What it does: flags a word repeated immediately, ignoring case, except the repetitions
    English allows (`had had`, `that that`, `is is`, `very very`) and capitalized names that
    double (`Bora Bora`).
    Why it matters: the eye skips the second word when proofreading; readers do not.
    Example: `The the talks` becomes `The talks`.
    Fix safety: safe: the second word is removed with the space after it (or, before
    punctuation, the space before it), so line breaks stay where they were.
    """
    # A doubled word is two neighbouring tokens alike: the pattern is tried only there
    text = doc.text
    toks = doc.tokens
    pos = 0
    for i in toks.repeated():
        start = toks[i][0]
        if start < pos:
            continue  # `the the the`: the second pair overlaps the first
        m = _DOUBLED.match(text, start, doc.prose_block_at(start).end)
        if m is None:
            continue
        pos = m.end()
        w1, w2 = m.group(1), m.group(3)
        if w1.lower() in _MAY_REPEAT or (w1[0].isupper() and w2[0].isupper()):
            continue
        s, e = m.span(3)
        if text[e : e + 1] == " ":
            yield ctx.finding(s, e + 1, f"‘{w2}’ is repeated", [""])  # keeps any line break before it
        else:
            yield ctx.finding(m.start(2), e, f"‘{w2}’ is repeated", [""])


# --- confusions: small, context-bound patterns; every fix is unsafe --------------------------
# Each pattern carries a literal that its matches must contain, so a document is scanned only by
# the patterns whose trigger it holds (the look-behinds make a blind scan slow).
_PARTICIPLE = (
    r"(?:been|had|[a-z]+ed|gone|done|seen|known|taken|given|won|lost|made|said|got|paid|held|left|told|"
    r"brought|thought|bought|found|kept|come|become|begun|written|spoken|broken|chosen|driven|fallen|grown|"
    r"shown|stolen|thrown|worn|run|put|set|let|cut|hit|meant|met|sent|spent|felt|heard|sold)\b"
)
_CONFUSIONS: list[tuple[str, re.Pattern, str, str]] = [
    (
        " of ",
        re.compile(
            r"(?<![\w’'])(?:could|should|would|must|might|may)\s+(of)\s+(?!course\b)(?=" + _PARTICIPLE + ")", re.I
        ),
        "have",
        "‘of’ where ‘have’ is meant (`could of` is `could’ve` misheard)",
    ),
    (
        "its ",
        re.compile(
            r"(?<![\w’'])(its)\s+(?=(?:a|an|the|not|been|going|just|very|also|about|time|clear|likely|possible|hard|"
            r"true|important|unclear|worth)\b)",
            re.I,
        ),
        "it’s",
        "‘its’ (of it) where ‘it’s’ (it is) is meant",
    ),
    (
        "s own",
        re.compile(r"(?<![\w’'])(it[’']s)\s+(?=own\b)", re.I),
        "its",
        "‘it’s’ (it is) where ‘its’ (of it) is meant",
    ),
    (
        # after a preposition (`one of it’s biggest`, `in it’s report`), unless what follows can
        # follow `it is` (`the beauty of it’s that`, `about it’s the price`)
        "it’s after a preposition",
        re.compile(
            r"(?<![\w’'])(?:of|in|on|at|by|with|from|into|onto|under|over|through|during|within|without|against|"
            r"across|towards?|behind|among|between|despite|upon|via|throughout|beyond)\s+(it[’']s)\s+(?!(?:a|an|the|"
            r"not|no|been|being|so|too|very|just|all|also|still|now|only|really|quite|time|that|this|what|how|why|"
            r"where|when|who|because|as|like|more|less|going|got|had|said|my|your|his|her|our|their|these|those)\b)"
            r"(?=[a-z])",
            re.I,
        ),
        "its",
        "‘it’s’ (it is) where ‘its’ (of it) is meant",
    ),
    (
        "their ",
        re.compile(r"(?<![\w’'])(their)\s+(?=(?:is|are|was|were|has been|have been|will be)\b)", re.I),
        "there",
        "‘their’ where ‘there’ is meant",
    ),
    (" own", re.compile(r"(?<![\w’'])(there|they[’']re)\s+(?=own\b)", re.I), "their", "‘{0}’ where ‘their’ is meant"),
    (
        "then ",
        re.compile(
            r"(?<![\w’'])(?:more|less|fewer|better|worse|greater|higher|lower|larger|smaller|longer|shorter|bigger|"
            r"older|younger|stronger|weaker|cheaper|easier|harder|faster|slower)\s+(then)(?=\s+(?:a|an|the|in|at|on|"
            r"for|to|expected|ever|usual|before|that|those|this|he|she|they|we|it|any|half|forecast|anticipated|"
            r"last|previously|his|her|their|its|our|my|your|\d|(?-i:[A-Z])))",
            re.I,
        ),
        "than",
        "‘then’ (next) where ‘than’ (comparison) is meant",
    ),
    (
        "then ",
        re.compile(r"(?<![\w’'])(?:rather|other)\s+(then)(?=\s+[a-z])", re.I),
        "than",
        "‘then’ (next) where ‘than’ (comparison) is meant",
    ),
    (
        "loose ",
        re.compile(
            r"(?<![\w’'])(?:to|will|would|could|might|may|can|did not|didn[’']t|don[’']t|not)\s+(loose)\s+"
            r"(?=(?:the|a|an|their|his|her|its|our|my|your|weight|money|votes|control|interest|sight|touch|faith|"
            r"hope|out|patience|ground|jobs|seats?)\b)",
            re.I,
        ),
        "lose",
        "‘loose’ (not tight) where ‘lose’ is meant",
    ),
    (
        "affect ",
        re.compile(
            r"(?<![\w’'])(?:the|an|any|no|positive|negative|adverse|significant|little|major|knock-on|big|huge|"
            r"lasting)\s+(affect)\s+(?=(?:of|on)\b)",
            re.I,
        ),
        "effect",
        "‘affect’ (a verb) where the noun ‘effect’ is meant",
    ),
    (
        "whose ",
        re.compile(r"(?<![\w’'])(whose)\s+(?=(?:going|been|not|coming|doing|responsible|to blame)\b)", re.I),
        "who’s",
        "‘whose’ where ‘who’s’ (who is) is meant",
    ),
    (
        "your ",
        re.compile(
            r"(?<![\w’'])(your)\s+(?=(?:going|not|welcome|right|wrong|being|doing|getting|coming|kidding)\b)", re.I
        ),
        "you’re",
        "‘your’ where ‘you’re’ (you are) is meant",
    ),
]


@check(
    "CD404",
    "confused-words",
    "grammar",
    severity="warning",
    fix="unsafe",
    bad=[
        ("He should of known.", "He should have known."),
        ("Its been a long year.", "It’s been a long year."),
        ("The firm has it's own bank.", "The firm has its own bank."),
        ("One of it’s biggest rivals is in it's home market.", "One of its biggest rivals is in its home market."),
        ("Their are three options.", "There are three options."),
        ("Prices rose more then expected.", "Prices rose more than expected."),
        ("They could loose the vote.", "They could lose the vote."),
        ("It had a big affect on sales.", "It had a big effect on sales."),
        ("Whose going to pay?", "Who’s going to pay?"),
        ("Your going to win.", "You’re going to win."),
        ("They hoped to increase there votes and seats.", "They hoped to increase their votes and seats."),
    ],
    good=[
        "He could, of course, refuse. He could of course refuse.",
        "Its value rose. It’s cold. Their plan works. There are three.",
        "The beauty of it’s that nobody noticed. Forget about it, it’s fine.",
        "Prices rose and then fell. The knot came loose. It will affect sales.",
        "Whose car is it? Your car is here.",
        "There remains little hope. Are there votes left? There lies the problem.",
    ],
)
def confused_words(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Homophones and near-homophones used for each other, in contexts that give them away.

    What it does: flags `could of` (could have), `its` before `been`/`the`/`not` (it’s),
    `it’s own` and `it’s` after a preposition (`one of it’s biggest`: its), `their is`/`their
    are` (there), `there own` (their), comparatives with `then` (than), `could loose the`
    (lose), `a big affect on` (effect), `whose going` (who’s), `your going` (you’re) and
    `there` before a plural noun (`both there votes`, their). Each pattern needs the words
    around it, not a bare list.
    Why it matters: all are real words, so spelling checkers pass them.
    Example: `He should of known` becomes `He should have known`.
    Fix safety: unsafe: the patterns are narrow, but an editor should confirm each change.
    """
    text = doc.text
    # The triggers are looked for in a lower-cased copy, where re skips ahead to them (a
    # case-blind pattern is tried at every position: four times slower, and in a 10 MB archive
    # the rule's whole cost, 1.6 s of a 9 s run).
    low = lowered(text)
    if low is None:
        low, triggers = text, _TRIGGERS
    else:
        triggers = _LOWER_TRIGGERS
    active = [(trx, rx, fix, msg) for trx, (_, rx, fix, msg) in zip(triggers, _CONFUSIONS) if trx.search(low)]
    found: dict[tuple[int, int], tuple[str, str]] = {}
    # Every match holds its trigger, so each pattern runs only in a window around the trigger's
    # occurrences (inside their prose block), not from every position of the text: its leading
    # look-behind keeps re from skipping ahead, which made the full scan the rule's whole cost.
    for trx, rx, fix, msg in active:
        for lo, hi in _windows(trx, low, doc):
            for m in rx.finditer(text, lo, hi):
                s, e = m.span(1)
                if (s, e) not in found:
                    word = text[s:e]
                    found[(s, e)] = (msg.format(m.group(1)), fix[0].upper() + fix[1:] if word[0].isupper() else fix)
    for s, e in _there_for_their(doc, low if triggers is _LOWER_TRIGGERS else None):
        found.setdefault((s, e), ("‘there’ where ‘their’ (of them) is meant", "their" if text[s] == "t" else "Their"))
    for (s, e), (message, repl) in sorted(found.items()):
        yield ctx.finding(s, e, message, [repl])


# `there` + a plural noun + what may follow a noun phrase: `how there ancestors opposed`
_THERE_NOUN = re.compile(r"([Tt](?<![\w’'].)here)\s+([a-z]{3,}s)\b(?:,?\s+([A-Za-z’']+))?")
_THERE_CANDIDATE = re.compile(r"there(?=\s+[a-z]{3,}s)")  # where it may match, in a lower-cased copy
# `Are there votes left?`: after these, `there` comes before its noun by rights
_INVERSION = frozenset(["is", "are", "was", "were", "be", "been", "being", "isn’t", "aren’t", "wasn’t", "weren’t"])
# after a noun that is also a verb (`votes`, `remains`), only these show it was a noun: `there
# votes and`, `there plans were` (but `there remains little hope` is right)
_AFTER_NOUN = frozenset(
    [
        "and",
        "or",
        "but",
        "were",
        "are",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "must",
        "can",
    ]
)


def _there_nouns(doc: Document, low: str | None) -> Iterator[re.Match]:
    """What doc.finditer(_THERE_NOUN) gives. With `low`, the text lower-cased (same length),
    the pattern is tried only where `there` starts before a space and a word ending in `s`,
    found in the copy by re's literal search: the pattern itself, which starts with `[Tt]`,
    is tried at every `t` of the text."""
    if low is None:
        yield from doc.finditer(_THERE_NOUN)
        return
    text = doc.text
    done = 0  # as finditer does, a match is looked for only after the last one
    for t in _THERE_CANDIDATE.finditer(low):
        p = t.start()
        if p < done:
            continue
        b = doc.prose_block_at(p)
        if b is None:
            continue
        m = _THERE_NOUN.match(text, p, b.end)
        if m is not None:
            done = m.end()
            yield m


def _there_for_their(doc: Document, low: str | None = None) -> Iterator[tuple[int, int]]:
    """`there` before a plural noun, where `their` is meant (`both there votes and`). A
    plural that is also a verb (`There remains a`, `there stands the`) must be followed by a
    word that ends a noun phrase; after `is there`/`are there` the noun is right."""
    text = doc.text
    if "there" not in text and "There" not in text:
        return  # (not `there `: a line may end after it)
    from .. import wordclass

    for m in _there_nouns(doc, low):
        noun, after = m.group(2), (m.group(3) or "").lower()
        if not wordclass.is_plural_noun(noun):
            continue
        if wordclass.can_be_verb(noun) and after not in _AFTER_NOUN:
            continue
        before = re.search(r"([\w’']+)\W*$", text[max(0, m.start() - 30) : m.start()])
        if before and before.group(1).lower().replace("'", "’") in _INVERSION:
            continue
        yield m.span(1)


_BEFORE, _AFTER = 100, 200  # how far a match may reach before and after its trigger


def _windows(trigger: re.Pattern, text: str, doc: Document) -> Iterator[tuple[int, int]]:
    """The stretches of prose around the trigger's occurrences in `text` (the document's text
    or a lower-cased copy of it), each within one prose block; overlapping stretches are
    merged, so that text dense with triggers is scanned once, as a whole-text scan would, and
    never once per occurrence."""
    cur = None
    for t in trigger.finditer(text):
        b = doc.prose_block_at(t.start())
        if b is None or t.end() > b.end:
            continue
        lo = max(b.body, t.start() - _BEFORE)
        hi = min(b.end, t.end() + _AFTER)
        if cur is not None and cur[2] is b and lo <= cur[1]:
            cur[1] = max(cur[1], hi)
            continue
        if cur is not None:
            yield cur[0], cur[1]
        cur = [lo, hi, b]
    if cur is not None:
        yield cur[0], cur[1]


# A trigger is the literal its pattern's matches contain, or a narrower regex where the literal
# is everywhere (` of ` starts 5,000 windows in 500,000 words; a modal before it, a handful).
# `of` with the modal looked behind for, not `(?:could|…)\s+of\s`: re skips ahead to a literal
# first word, and tries a choice of words at every position (2.8 ms against 20 on 500,000
# words). Two white-space characters before `of` trigger too (`\s+` lets the modal stand farther
# back); the window reaches _BEFORE characters behind `of`, so only a modal more than ninety
# spaces back would be missed.
_MODALS = ("could", "should", "would", "must", "might", "may", r"\s")
_TRIGGER_PATTERNS = {
    " of ": r"of\s(?:" + "|".join(rf"(?<={m}\sof\s)" for m in _MODALS) + ")",
    "it’s after a preposition": r"it[’']s\s",
}


def _literal_trigger(trig: str) -> str:
    r"""The regex for a trigger literal. A space in it stands for any run of white space, as
    `\s+` does in the patterns (`it’s  own`, `loose` at the end of a wrapped line); a leading
    space is looked behind for, so that re still skips ahead to the word (`own(?<=\sown)`)."""
    core = r"\s+".join(map(re.escape, trig.split()))
    if trig.startswith(" "):
        core = f"{core}(?<=\\s{core})" if " " not in trig.strip() else r"\s" + core
    return core + (r"\s" if trig.endswith(" ") else "")


_TRIGGERS = [
    re.compile(_TRIGGER_PATTERNS.get(trig) or _literal_trigger(trig), re.IGNORECASE) for trig, _, _, _ in _CONFUSIONS
]
_LOOK_BEHIND = r"(?<![\w’'])"  # how each pattern of _CONFUSIONS starts
_LEADING_WORD = re.compile(r"\(([a-z]+)\)")  # `(its)`: the pattern's first word, captured


def _lower_trigger(trig: str, rx: re.Pattern) -> re.Pattern:
    """The trigger for a lower-cased copy of the text. Where the pattern starts with a plain
    word (`(its)` before `the`, `been`…), the pattern itself without its look-behind, capture and
    case-blindness: re finds its first word by literal search, and the rest leaves only the
    places the pattern can match (the bare literal `its ` started a thousand windows a
    document, to find nothing). Else the literal (or _TRIGGER_PATTERNS'): a pattern that
    starts with a choice of words would be tried at every position. Either holds wherever
    the pattern matches."""
    src = rx.pattern
    if src.startswith(_LOOK_BEHIND) and "(?-i:" not in src:
        lead = _LEADING_WORD.match(src, len(_LOOK_BEHIND))
        if lead is not None:
            return re.compile(lead.group(1) + src[lead.end() :])
    return re.compile(_TRIGGER_PATTERNS.get(trig) or _literal_trigger(trig))


_LOWER_TRIGGERS = [_lower_trigger(trig, rx) for trig, rx, _, _ in _CONFUSIONS]

_DETERMINER_WORDS = frozenset(["a", "A", "an", "An", "another", "Another", "every", "Every", "each", "Each"])
_SINGULAR_DET = re.compile(r"([aA](?<![\w’'\-].)(?:n(?:other)?)?|[eE](?<![\w’'\-].)(?:very|ach))\s+")
_WORD = re.compile(r"[A-Za-z][\w’'\-]*")
_STOP = frozenset(
    [
        "few",
        "lot",
        "lots",
        "couple",
        "dozen",
        "handful",
        "great",
        "good",
        "many",
        "total",
        "further",
        "record",
        "whole",
        "additional",
        "extra",
        "estimated",
        "half",
        "quarter",
        "third",
        "behind",
        "within",
        "without",
        "across",
        "after",
        "before",
        "during",
        "between",
    ]
)
_FUNCTION = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "from",
        "with",
        "by",
        "as",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
    ]
)


@check(
    "CD405",
    "article-noun-agreement",
    "grammar",
    severity="warning",
    fix="none",
    bad=[
        "It is a testament to pragmatic diplomacy in a complex geopolitical surroundings.",
        "They visited a countries in the region.",
    ],
    good=[
        "A few days later, a number of officials and a sports car arrived.",
        "It is a means to an end, a series of talks, and a news conference.",
        "An estimated 20,000 people and a further 300 troops came.",
        "A savings account and a jobs report were released.",
        "It doubled every five and a half months; a goal behind within seconds.",
        "Each words/s figure is a median.",
    ],
)
def article_noun_agreement(doc: Document, ctx: Context) -> Iterator[Finding]:
    """A singular article or determiner before a plural noun: `a complex geopolitical surroundings`.

    What it does: after `a`, `an`, `another`, `every` or `each`, skips up to three modifiers
    and checks whether the noun they lead to is plural (by lemminflect's lemmas: `countries`
    comes from `country`; `surroundings` has only a plural); quantities (`a few`, `a number
    of`, `an estimated 20,000`) and nouns used as modifiers (`a sports car`, `a jobs report`)
    are left alone.
    Why it matters: the mismatch is a sign of an edited or machine-rewritten sentence.
    Example: `in a complex geopolitical surroundings`.
    Fix safety: none: the right fix may be to drop the article or to change the noun, and the
    noun may itself be a spinner's swap (`surroundings` for `environment`).
    """
    from .. import wordclass

    text = doc.text
    # The pattern, tried at every `a` and `e` of the text, cost a tenth of a second in 500,000
    # words, and a finding needs a plural noun among the next four words, which few
    # determiners have (one in seven). The words the search below reads are the tokens after
    # the determiner, in order; so the determiners are chosen from the token list first: those
    # with a plural noun among their next four tokens, or whose next four run out of the block.
    # The pattern is then tried at those alone (where it matches, a determiner token followed
    # by white space).
    toks = doc.tokens
    dets = toks.where(_DETERMINER_WORDS)
    if not dets:
        return
    plural = wordclass.words("plural")
    ahead = len(toks) - 4
    prose = doc.prose_blocks
    for i in dets:
        j = toks.block_of(i)
        if i < ahead and toks.block_of(i + 4) == j and plural.isdisjoint(map(str.lower, toks.words(i + 1, 4))):
            continue
        m = _SINGULAR_DET.match(text, toks[i][0], prose[j].end)
        found = _plural_after(text, m) if m is not None else None
        if found is not None:
            det, word, end = m.group(1), found.group(0), found.end()
            yield ctx.finding(m.start(1), end, f"‘{det}’ does not agree with the plural ‘{word}’")


def _plural_after(text: str, m: re.Match) -> re.Match | None:
    """The plural noun that determiner match `m` leads to over up to three modifiers, if the
    noun is not modifying the next one (`a sports car`)."""
    from .. import wordclass

    pos = m.end()
    for _ in range(4):
        w = _WORD.match(text, pos)
        if not w:
            return None
        word = w.group(0)
        low = word.lower()
        if low in _STOP or not word.isalpha() or word[0].isupper():
            return None
        if wordclass.is_plural_noun(low):
            if text[w.end() : w.end() + 1] == "/":
                return None  # a unit or a pair (`each words/s figure`, `a ladies/gents sign`)
            after = _WORD.match(text, w.end() + 1) if text[w.end() : w.end() + 1] == " " else None
            nxt = after.group(0).lower() if after else ""
            # `a sports car`, `a jobs report`: a plural noun modifying the next noun is fine
            if after is None or nxt in _FUNCTION or not wordclass.can_be_noun(nxt):
                return w
            return None
        if not wordclass.is_modifier(low) or low in _FUNCTION:
            return None
        pos = w.end() + 1
    return None
