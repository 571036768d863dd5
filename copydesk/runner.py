"""Checking many files: in parallel across cores (`--jobs`), and from a results cache.

The cache key covers everything a file's findings depend on: its text and format, copydesk's
own code and rule packs (by size and time stamp, so an edited checkout never reads stale
results), the configuration, the per-path ignores, and the lines it shares with other files of
the run (the boilerplate signal). A second run over an unchanged archive reads one small file
a document instead of checking it.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import __version__
from .config import Config
from .document import Document
from .engine import Batch, FixResult, InternalError, Linter, NotConverged, finding_order, fix
from .model import Finding, FixSafety, Rule, Severity


@dataclass
class Job:
    path: str  # as reported
    text: str
    fmt: str


def _encode(findings: Sequence[Finding]) -> list[tuple]:
    """Findings as rows of plain values, for the cache (marshal) and for results coming back
    from --jobs workers: a tenth of the bytes of pickled Findings, and decoded in a fifth of
    the time (a Finding's Rule travels as its code)."""
    return [
        (
            f.rule.code,
            f.start,
            f.end,
            f.message,
            list(f.replacements),
            int(f.severity) if f.severity is not None else None,
            f.fix_safety.value if f.fix_safety is not None else None,
            f.fix_start,
            f.fix_end,
        )
        for f in findings
    ]


def _decode(rows, rules: dict[str, Rule]) -> list[Finding] | None:
    """The Findings of _encode's rows (None if a row names a rule that `rules` lacks)."""
    out = []
    for code, start, end, message, reps, sev, safety, fs, fe in rows:
        rule = rules.get(code)
        if rule is None:
            return None
        out.append(
            Finding(
                rule,
                start,
                end,
                message,
                tuple(reps),
                Severity(sev) if sev is not None else None,
                FixSafety(safety) if safety is not None else None,
                fix_start=fs,
                fix_end=fe,
            )
        )
    return out


@cache
def _code_fingerprint() -> str:
    h = hashlib.sha1(__version__.encode())
    pkg = Path(__file__).resolve().parent
    from .packs import rules_dir

    for folder, pattern in ((pkg, "**/*.py"), (rules_dir(), "*.yml")):
        for f in sorted(folder.glob(pattern)):
            st = f.stat()
            h.update(f"{f.relative_to(folder)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


class ResultCache:
    def __init__(self, linter: Linter, folder: Path | None = None):
        from .lexicon import cache_dir

        self.folder = folder or cache_dir() / "results"
        cfg = linter.config
        salt = repr(
            (
                _code_fingerprint(),
                sorted(r.code for r in linter.rules),
                sorted((k, int(v)) for k, v in cfg.severity.items()),
                sorted(cfg.vocabulary),
                cfg.language,
                linter.styles.fingerprint if linter.styles else "",
            )
        )
        self.salt = hashlib.sha1(salt.encode()).hexdigest()
        self.linter = linter
        # the linter's own rules, house-style rules included (the registry knows only built-ins)
        self.rules = {r.code: r for r in linter.rules}

    def key(self, job: Job) -> str:
        h = hashlib.sha1(self.salt.encode())
        h.update(job.fmt.encode())
        h.update(repr(self.linter.config.ignored_for(job.path)).encode())
        batch = self.linter.batch
        if batch is not None:
            shared = sorted({(ln, batch.files_with(ln)) for ln in job.text.splitlines() if Batch.counted(ln)})
            h.update(repr([x for x in shared if x[1] >= Batch.MIN_FILES]).encode())
        h.update(job.text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.marshal"

    def get(self, key: str) -> list[Finding] | None:
        path = self._path(key)
        try:
            rows = marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: kept by prune()
        return _decode(rows, self.rules)

    def put(self, key: str, findings: Sequence[Finding]) -> None:
        rows = _encode(findings)
        path = self._path(key)
        from .lexicon import _write_bytes

        with contextlib.suppress(OSError):
            _write_bytes(path, marshal.dumps(rows))

    MAX_AGE_DAYS = 30

    def prune(self, now: float | None = None) -> int:
        """Delete entries unused for MAX_AGE_DAYS (a hit refreshes an entry's time); the number
        deleted. Every changed draft and every configuration leaves entries behind, so without
        this the folder only grows."""
        cutoff = (time.time() if now is None else now) - self.MAX_AGE_DAYS * 86400
        gone = 0
        for sub in self.folder.glob("??"):
            for f in sub.glob("*.marshal"):
                with contextlib.suppress(OSError):
                    if f.stat().st_mtime < cutoff:
                        f.unlink()
                        gone += 1
        return gone


PRUNE_EVERY = 64  # runs, on average: the walk costs a few milliseconds per thousand entries


_WORKER: Linter | None = None
# The run's jobs, in a forked worker: set by the parent before its workers fork, so that
# chunks are sent as indexes and no text is pickled (3 MB for the bench corpus).
_JOBS: Sequence[Job] | None = None


def _init_worker(config: Config, batch: Batch | None) -> None:
    global _WORKER
    _WORKER = Linter(config)
    _WORKER.batch = batch


# A unit of work for a worker: a job, with the half of the rules to check it with (0 or 1, see
# engine.FIRST_PART), or None for all of them. A job is sent as its index into _JOBS when the
# worker was forked from the parent, else as the Job itself.
Unit = tuple[int, int | None]


def _chunk(units: Sequence[tuple]) -> Sequence[tuple[Job, int | None]]:
    """A chunk's (job, part) pairs."""
    return [(_JOBS[i], p) for i, p in units] if _JOBS is not None else units  # type: ignore[return-value]


def _check_many(units: Sequence[tuple]) -> bytes:
    """The findings of a chunk of units, encoded: the parent decodes them in a fifth of the
    time unpickling Findings took, and it shares the cores with the workers."""
    assert _WORKER is not None
    return marshal.dumps(
        [_encode(_WORKER.check(Document(job.text, job.fmt, job.path), part)) for job, part in _chunk(units)]
    )


def _fix_many(units: Sequence[tuple], unsafe: bool = False) -> bytes:
    """What fixing each job of a chunk gives: (new text, applied and remaining findings encoded,
    passes, deferred edits), or the message of a fix that did not settle."""
    assert _WORKER is not None
    out: list = []
    for job, _ in _chunk(units):
        try:
            r = fix(_WORKER, job.text, job.fmt, job.path, unsafe)
        except NotConverged as e:
            out.append(str(e))
            continue
        out.append((r.text, _encode(r.applied), _encode(r.remaining), r.passes, r.deferred))
    return marshal.dumps(out)


def _from_worker(rows, rules: dict[str, Rule]) -> list[Finding]:
    found = _decode(rows, rules)
    if found is None:
        raise InternalError("a worker reported a rule this run does not have")
    return found


def _in_workers(pool, workers: int, jobs: Sequence[Job], units: list[Unit], task) -> Iterator[tuple[Unit, object]]:
    """(unit, what `task` gave for it) for each of `units`, in order, from `pool`'s workers."""
    global _JOBS
    import multiprocessing

    forked = multiprocessing.get_start_method() == "fork"
    chunks = _guided_chunks(units, workers)
    _JOBS = jobs if forked else None  # (read by workers, which start at the first map)
    try:
        with pool:
            sent = chunks if forked else [[(jobs[i], p) for i, p in part] for part in chunks]
            # (closed early, when the reader of a report has gone: `copydesk check | head`, the
            # map's futures are cancelled as it is let go, before the pool waits for its workers)
            for part, got in zip(chunks, pool.map(task, sent)):
                yield from zip(part, marshal.loads(got))
    finally:
        _JOBS = None


def fix_all(linter: Linter, jobs: Sequence[Job], workers: int | None, unsafe: bool = False) -> Iterator | None:
    """What fixing each job gives (a FixResult, or NotConverged), in order, as worker processes
    finish them; None when the run is better done in this process, one file after another
    (`workers` as in check_each). Fixing is pure: the caller writes each file and reports it,
    while the workers go on with the next ones."""
    workers, pool = _pool_for(linter, _workers_for(workers, jobs), len(jobs))
    return None if pool is None else _fixed(pool, workers, linter, jobs, unsafe)


def _fixed(pool, workers: int, linter: Linter, jobs: Sequence[Job], unsafe: bool) -> Iterator:
    from functools import partial

    rules = {r.code: r for r in linter.rules}
    units: list[Unit] = [(i, None) for i in range(len(jobs))]
    for _, got in _in_workers(pool, workers, jobs, units, partial(_fix_many, unsafe=unsafe)):
        if isinstance(got, str):
            yield NotConverged(got)
            continue
        text, applied, remaining, passes, deferred = got
        yield FixResult(text, _from_worker(applied, rules), _from_worker(remaining, rules), passes, deferred)


def _guided_chunks(items: list, workers: int) -> list[list]:
    """Consecutive chunks that shrink as the work runs out: each a quarter of what is left per
    worker, down to one item. Large chunks first keep the hand-offs few; small ones last let the
    workers finish together (with fixed chunks of 79 of 1,275 files, one worker ran on alone
    for 27 to 77 ms at the end)."""
    out, i = [], 0
    while i < len(items):
        size = max(1, (len(items) - i) // (workers * 4))
        out.append(items[i : i + size])
        i += size
    return out


def check_each(
    linter: Linter,
    jobs: Sequence[Job],
    workers: int | None = 1,
    use_cache: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Iterator[list[Finding]]:
    """Findings for each job, in order, each as soon as it and the jobs before it are done: a
    report is written while the later files are still being checked. `workers` None: as many
    as the text left to check after the results cache repays (`auto_workers`). With workers,
    the report of all but the last files is then written while a core would otherwise wait
    for the last file (13 files on 2 workers: one finishes a file before the other)."""
    cache_ = ResultCache(linter) if use_cache else None
    hits: dict[int, list[Finding]] = {}
    keys: list[str | None] = [None] * len(jobs)
    todo = []
    for i, job in enumerate(jobs):
        if cache_ is not None:
            keys[i] = cache_.key(job)
            hit = cache_.get(keys[i])
            if hit is not None:
                hits[i] = hit
                continue
        todo.append(i)
    workers = _workers_for(workers, [jobs[i] for i in todo])
    units = _units(jobs, todo, workers)
    workers, pool = _pool_for(linter, workers, len(units))
    if pool is not None:
        done = _joined(_in_workers(pool, workers, jobs, units, _check_many), {r.code: r for r in linter.rules})
    else:
        done = ((i, linter.check(Document(jobs[i].text, jobs[i].fmt, jobs[i].path))) for i in todo)
    for i in range(len(jobs)):
        if i in hits:
            found = hits.pop(i)
        else:
            j, found = next(done)  # (the jobs left to do come back in order)
            assert j == i
            if cache_ is not None:
                cache_.put(keys[i], found)  # type: ignore[arg-type]
        if progress:
            progress(1)
        yield found
    if cache_ is not None and todo:
        import random  # (only here: with its hashing, 1 ms of every start)

        if random.randrange(PRUNE_EVERY) == 0:
            cache_.prune()


def _joined(results: Iterator[tuple[Unit, object]], rules: dict[str, Rule]) -> Iterator[tuple[int, list[Finding]]]:
    """(job index, findings) from the workers' (unit, encoded findings), in order: a job checked
    in two halves of the rules is one again, its findings in the order one check gives."""
    first: list[Finding] = []
    for (i, part), rows in results:
        found = _from_worker(rows, rules)
        if part == 0:
            first = found  # (its other half comes next)
            continue
        if part == 1:
            found = sorted(first + found, key=finding_order)
            first = []
        yield i, found


# One long document left to check is checked in two halves of the rules (engine.FIRST_PART) by
# two workers at once: --jobs speeds up a single long file too. The larger half takes 0.58 to
# 0.65 of the whole check's time (measured from 50 KB to 5 MB), and 4.9 MB of news text was
# checked in 1.73 s instead of 2.52. Below SPLIT_ABOVE, the time saved is about what starting
# the workers costs. (Splitting the last of many files instead paid only when both workers
# reached it together: on 13 equal files, one worker often took both halves, slower than
# the whole file.)
SPLIT_ABOVE = 192 * 1024  # characters


def _units(jobs: Sequence[Job], todo: list[int], workers: int) -> list[Unit]:
    """The units of work for the jobs left to do: each job whole, or one long job's two halves."""
    if workers >= 2 and len(todo) == 1 and len(jobs[todo[0]].text) >= SPLIT_ABOVE:
        return [(todo[0], 0), (todo[0], 1)]
    return [(i, None) for i in todo]


def _workers_for(workers: int | None, todo: Sequence[Job]) -> int:
    """The workers asked for; None: as many as `auto_workers` gives for the text left to do."""
    return auto_workers(sum(len(job.text) for job in todo)) if workers is None else workers


def _pool_for(linter: Linter, workers: int, units: int) -> tuple[int, object]:
    """(workers, a pool of them) for `units` units of work, or (1, None) when they are done in
    this process: one unit, one worker asked for, or a platform that cannot make a pool (no
    working semaphores: some sandboxes and serverless hosts), where the run goes on here."""
    workers = min(workers, units)  # (a process for each unit at most: two for one long file)
    if workers < 2:
        return 1, None
    _build_data_here(linter)
    from concurrent.futures import ProcessPoolExecutor  # (imported only when asked for: slow to import)

    try:
        return workers, ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(linter.config, linter.batch))
    except (OSError, NotImplementedError, ImportError):
        return 1, None


def _build_data_here(linter: Linter) -> None:
    """On a version's first run, build the cached data (lexicon, word classes, place lists,
    pronunciations, phrase tables) in this process before the workers start, by checking each
    rule's own bad examples, which load all that the rules read. Otherwise every worker found
    the cache empty and built it all at once: twice the CPU on two workers, and a 140 MB
    build process per worker (4 on a CI runner's 4 cores). The workers then read the files."""
    from . import lexicon

    if lexicon.is_built():
        return
    for rule in linter.rules:
        for ex in rule.bad:
            linter.check(Document(ex.text, "plain", "-"))


def cores() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


# Text a worker must have to check before one more process pays: starting a pool and its
# workers costs about 30 ms, and every worker learns its words afresh (spelling verdicts,
# lexicon entries). On 2 cores, 16 articles (34,000 characters) ran as fast in one process as in
# two; 40 (73,000) ran 15% faster in two; whole archives, 1.8x. Where a worker is a new
# interpreter (spawn: macOS, Windows; forkserver: Linux from Python 3.14) it also imports
# copydesk and is sent its texts: two such workers were still slower than one on 326,000
# characters here.
AUTO_TEXT_PER_WORKER = 64 * 1024  # characters, for forked workers
AUTO_TEXT_PER_STARTED_WORKER = 512 * 1024  # characters, for workers that start afresh


def auto_workers(chars: int) -> int:
    """Processes for a run with `chars` characters left to check: one per AUTO_TEXT_PER_WORKER
    (AUTO_TEXT_PER_STARTED_WORKER where workers are not forked), at most one per core. A draft
    or a commit's few files stay in this process."""
    n = min(cores(), chars // AUTO_TEXT_PER_WORKER)
    if n < 2:
        return 1  # (without importing multiprocessing)
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        n = min(n, chars // AUTO_TEXT_PER_STARTED_WORKER)
    return max(1, n)


def default_workers(requested: int | None) -> int | None:
    """The --jobs option: None (not given) lets check_each choose from the work, 0 is one
    process per core, N is N."""
    if requested is None or requested > 0:
        return requested
    return cores()
