"""Integrations as their users meet them: real pre-commit, SARIF against the official schema,
GitHub annotations, parallel runs and the results cache."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from .conftest import ROOT, SEEDS


def check_all(*args, **kw):
    """Every job's findings, in order (runner.check_each yields them as they are done)."""
    from copydesk.runner import check_each

    return list(check_each(*args, **kw))


SEED = SEEDS / "000_86c9ae3965a11941.txt"
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_of_the_seed_validates_against_the_official_schema(proc):
    r = proc("check", "--format", "sarif", SEED)
    assert r.code == 1
    log = json.loads(r.out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "copydesk"
    ids = {d["id"] for d in run["tool"]["driver"]["rules"]}
    assert {res["ruleId"] for res in run["results"]} <= ids
    assert all(d["help"]["text"] for d in run["tool"]["driver"]["rules"])
    assert any("fixes" in res for res in run["results"])
    first = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert first["startLine"] >= 1 and first["startColumn"] >= 1


def test_github_annotations(proc, tmp_path):
    p = tmp_path / "a,b.txt"
    p.write_text("Energy,defense.\n")
    r = proc("check", "--format", "github", p)
    (line,) = r.out.splitlines()
    assert line.startswith("::warning file=") and "%2C" in line.split("::")[1]  # the comma in the name escaped
    assert ",line=1,col=7,endLine=1,endColumn=8,title=CD301::" in line


@pytest.mark.parametrize("n", [0, 1, 5, 13, 1275])
@pytest.mark.parametrize("workers", [2, 3, 8])
def test_parallel_chunks_cover_every_file_once_and_shrink_to_one(n, workers):
    """Each file goes to exactly one chunk, in order; chunks shrink so the workers finish
    together, and fewer than one a file keeps the hand-offs cheap."""
    from copydesk.runner import _guided_chunks

    chunks = _guided_chunks(list(range(n)), workers)
    assert [i for c in chunks for i in c] == list(range(n))
    sizes = [len(c) for c in chunks]
    assert all(a >= b >= 1 for a, b in zip(sizes, sizes[1:]))
    if n:
        assert sizes[-1] == 1
    if n > 100:
        assert len(chunks) < n / 5


def test_parallel_and_cached_runs_give_the_same_findings(proc, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(6):
        (docs / f"a{i}.txt").write_text(f"Story {i} about energy,defense and water.The end came on Monday.\n")
    cache = tmp_path / "cache"
    env = {"COPYDESK_CACHE_DIR": str(cache)}
    serial = proc("check", "--format", "json", "--no-cache", docs, env=env).json()
    parallel = proc("check", "--format", "json", "--jobs", "2", docs, env=env).json()
    cached = proc("check", "--format", "json", docs, env=env).json()
    assert serial == parallel == cached and len(serial) == 12
    assert list((cache / "results").rglob("*.marshal"))
    # an edit invalidates just that file's entry
    (docs / "a0.txt").write_text("Story 0 is now clean.\n")
    after = proc("check", "--format", "json", docs, env=env).json()
    assert len(after) == 10


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_started_either_way_give_the_serial_findings(tmp_path, method):
    """Forked workers read the run's texts from the parent's memory, spawned ones (the default
    on macOS and Windows) are sent them; both send back encoded findings."""
    import multiprocessing

    from copydesk.engine import Linter
    from copydesk.runner import Job

    jobs = [
        Job(f"a{i}.txt", f"Story {i} about energy,defense and water.The end came on Monday.\n", "plain")
        for i in range(5)
    ]
    old = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(method, force=True)
    try:
        parallel = check_all(Linter(), jobs, workers=2, use_cache=False)
    finally:
        multiprocessing.set_start_method(old, force=True)
    serial = check_all(Linter(), jobs, workers=1, use_cache=False)
    assert parallel == serial and sum(map(len, serial)) == 10


def test_without_jobs_a_run_takes_a_process_per_64_kb_up_to_the_cores(monkeypatch):
    from copydesk import runner

    monkeypatch.setattr(runner, "cores", lambda: 4)
    kb = runner.AUTO_TEXT_PER_WORKER
    assert [runner.auto_workers(n) for n in (0, kb - 1, 2 * kb - 1, 2 * kb, 3 * kb, 100 * kb)] == [1, 1, 1, 2, 3, 4]
    monkeypatch.setattr(runner, "cores", lambda: 1)
    assert runner.auto_workers(100 * kb) == 1
    # workers that start a new interpreter (spawn, forkserver) need more text each
    monkeypatch.setattr(runner, "cores", lambda: 4)
    import multiprocessing

    old = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    try:
        big = runner.AUTO_TEXT_PER_STARTED_WORKER
        assert [runner.auto_workers(n) for n in (3 * kb, 2 * big - 1, 2 * big, 100 * big)] == [1, 1, 2, 4]
    finally:
        multiprocessing.set_start_method(old, force=True)
    assert runner.default_workers(None) is None and runner.default_workers(0) == 4 and runner.default_workers(3) == 3


def _story(i: int, words: int) -> str:
    return f"Story {i} about energy,defense and water.The end came on Monday. " + "More of the same. " * (words // 4)


@pytest.fixture
def pools(monkeypatch):
    """The worker counts of the pools check_all starts, on a machine of two cores."""
    import concurrent.futures

    from copydesk import runner

    made = []
    real = concurrent.futures.ProcessPoolExecutor

    def recording(workers, **kw):
        made.append(workers)
        return real(workers, **kw)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", recording)
    monkeypatch.setattr(runner, "cores", lambda: 2)
    return made


def test_without_jobs_small_runs_stay_in_one_process_and_large_ones_split(pools):
    from copydesk.engine import Linter
    from copydesk.runner import AUTO_TEXT_PER_WORKER, Job

    small = [Job(f"a{i}.txt", _story(i, 200), "plain") for i in range(4)]
    check_all(Linter(), small, workers=None, use_cache=False)
    assert pools == []
    # just over two workers' worth of text, in three files: two processes
    per_file = 2 * AUTO_TEXT_PER_WORKER // 3 + 100
    large = [Job(f"a{i}.txt", _story(i, per_file // 4), "plain") for i in range(3)]
    assert sum(len(j.text) for j in large) >= 2 * AUTO_TEXT_PER_WORKER
    auto = check_all(Linter(), large, workers=None, use_cache=False)
    assert pools == [2]
    assert auto == check_all(Linter(), large, workers=1, use_cache=False) and sum(map(len, auto)) == 6
    # one file shorter than SPLIT_ABOVE stays in this process
    check_all(Linter(), large[:1], workers=None, use_cache=False)
    assert pools == [2]


def test_the_two_halves_of_the_rules_are_the_whole_check():
    """A long file checked by two workers runs each half of the rules in one of them: the two
    halves' findings, merged, are the whole check's, rule for rule and in the same order."""
    from copydesk import registry
    from copydesk.document import Document
    from copydesk.engine import Linter, finding_order

    linter = Linter()
    texts = [SEED.read_text(encoding="utf-8")] + [ex.text for r in registry.all_rules() for ex in r.bad]
    fired = set()
    for text in texts:
        whole = linter.check(Document(text, "plain", "x.txt"))
        halves = [linter.check(Document(text, "plain", "x.txt"), part) for part in (0, 1)]
        assert sorted(halves[0] + halves[1], key=finding_order) == whole
        assert not {f.code for f in halves[0]} & {f.code for f in halves[1]}
        fired |= {"first"} if halves[0] else set()
        fired |= {"second"} if halves[1] else set()
    assert fired == {"first", "second"}  # both halves found something


def _long_story(chars: int) -> str:
    paras, i = [], 0
    while sum(map(len, paras)) < chars:
        paras.append(f"Story {i} about energy,defense and teh water of the iranian coast.The end came on Monday.")
        i += 1
    return "\n\n".join(paras) + "\n"


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_one_long_file_is_checked_by_two_workers_with_the_serial_findings(pools, method):
    import multiprocessing

    from copydesk.engine import Linter
    from copydesk.runner import SPLIT_ABOVE, Job

    job = Job("long.txt", _long_story(SPLIT_ABOVE), "plain")
    old = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(method, force=True)
    try:
        parallel = check_all(Linter(), [job], workers=2, use_cache=False)
    finally:
        multiprocessing.set_start_method(old, force=True)
    assert pools == [2]
    serial = check_all(Linter(), [job], workers=1, use_cache=False)
    assert parallel == serial
    codes = {f.code for f in serial[0]}
    assert {"CD101", "CD201", "CD301", "CD302", "CD505"} <= codes  # both halves of the rules
    # just shorter: one process, whatever --jobs says
    check_all(Linter(), [Job("short.txt", _long_story(SPLIT_ABOVE - 200)[: SPLIT_ABOVE - 1], "plain")], workers=2)
    assert pools == [2]


def test_jobs_2_on_one_long_file_writes_what_one_process_does(proc, tmp_path):
    from copydesk.runner import SPLIT_ABOVE

    f = tmp_path / "long.md"
    f.write_text(_long_story(SPLIT_ABOVE + 1000), encoding="utf-8")
    one = proc("check", "--format", "json", "--no-cache", "--jobs", "1", f)
    two = proc("check", "--format", "json", "--no-cache", "--jobs", "2", f)
    assert one.code == two.code == 1 and one.out == two.out and len(one.json()) > 1000


def test_a_platform_without_process_pools_checks_in_one_process(monkeypatch):
    """Some hosts have no working semaphores, and a pool cannot be made: the run goes on here."""
    import concurrent.futures

    from copydesk.engine import Linter
    from copydesk.runner import Job

    def broken(*a, **kw):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", broken)
    jobs = [Job(f"a{i}.txt", _story(i, 40), "plain") for i in range(3)]
    assert check_all(Linter(), jobs, workers=2, use_cache=False) == check_all(
        Linter(), jobs, workers=1, use_cache=False
    )


def test_fix_in_parallel_writes_and_reports_what_one_process_does(proc, tmp_path):
    """Workers work out the fixes; the files are written, and reported, by the parent in order:
    the same files, output, messages and exit code as one process, a read-only file included."""
    runs = {}
    for jobs in ("1", "2"):
        docs = tmp_path / jobs
        docs.mkdir()
        for i in range(5):
            (docs / f"a{i}.txt").write_text(_story(i, 12) + "\nAn important story coudl run.\n")
        (docs / "clean.txt").write_text("Nothing to fix here.\n")
        (docs / "a3.txt").chmod(0o444)
        got = proc("fix", "--jobs", jobs, "--format", "json", ".", cwd=docs)
        runs[jobs] = (got, {f.name: f.read_text() for f in sorted(docs.iterdir())})
    (serial, files1), (parallel, files2) = runs["1"], runs["2"]
    assert (parallel.code, parallel.out, parallel.err) == (serial.code, serial.out, serial.err)
    assert files1 == files2 and files1["a0.txt"] != _story(0, 12) + "\nAn important story coudl run.\n"
    assert "energy, defense" in files1["a0.txt"] and "could run" in files1["a0.txt"]
    assert "a3.txt: read-only file" in serial.err and serial.code == 2


def test_a_fix_that_never_settles_in_a_worker_is_that_files_error(monkeypatch):
    from copydesk import engine
    from copydesk.engine import Linter, NotConverged
    from copydesk.runner import Job, fix_all

    jobs = [Job(f"a{i}.txt", _story(i, 12), "plain") for i in range(3)]
    assert fix_all(Linter(), jobs, workers=None) is None  # a small run: fixed in this process
    monkeypatch.setattr(engine, "MAX_PASSES", 0)  # (inherited by the forked workers)
    got = list(fix_all(Linter(), jobs, workers=2))
    assert [type(r) for r in got] == [NotConverged] * 3
    with pytest.raises(NotConverged) as serial:
        engine.fix(Linter(), jobs[1].text, "plain", "a1.txt")
    assert str(got[1]) == str(serial.value)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A temporary content repository with git, as a newsroom would have."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("content")
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    return repo, env


def _try_repo(repo: Path, env: dict, hook: str, *files: str) -> subprocess.CompletedProcess:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    cmd = [str(pre_commit), "try-repo", str(ROOT), hook, "--files", *files]
    return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_pre_commit_hook_blocks_the_seed_and_passes_clean_text(hook_repo):
    repo, env = hook_repo
    (repo / "seed.txt").write_bytes(SEED.read_bytes())
    (repo / "clean.md").write_text("# Talks resume\n\nNegotiators met in Geneva on Monday, officials said.\n")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    blocked = _try_repo(repo, env, "copydesk", "seed.txt")
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "CD301" in blocked.stdout and "Failed" in blocked.stdout
    passed = _try_repo(repo, env, "copydesk", "clean.md")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_pre_commit_hook_sees_the_files_of_a_commit_as_one_run(hook_repo):
    """A line in three of five files is site furniture (CD502 counts a run's files). pre-commit
    splits files among processes unless a hook is serial (5 files on 2 CPUs: 4 + 1), and the
    count would then depend on the machine; TRAVIS=1 makes pre-commit plan for 2 CPUs here."""
    repo, env = hook_repo
    body = "The council met on Monday to discuss the budget, and members agreed on most points.\n"
    names = [f"story{i}.txt" for i in range(5)]
    for i, name in enumerate(names):
        (repo / name).write_text(body + ("\nMetro desk weekend edition\n" if i in (0, 2, 4) else ""))
    subprocess.run(["git", "add", *names], cwd=repo, check=True, env=env)
    r = _try_repo(repo, dict(env, TRAVIS="1"), "copydesk", *names)
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stdout.count("the same line is in 3 files of this run") == 3, r.stdout


def test_pre_commit_fix_hook_applies_safe_fixes(hook_repo):
    repo, env = hook_repo
    (repo / "draft.txt").write_text("Both sides,including Baku,signed deals.\n")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    r = _try_repo(repo, env, "copydesk-fix", "draft.txt")
    assert r.returncode == 1  # files were changed: pre-commit asks the writer to look and re-add
    assert (repo / "draft.txt").read_text() == "Both sides, including Baku, signed deals.\n"


def test_results_cache_prunes_entries_unused_for_a_month_and_keeps_those_in_use(tmp_path):
    import os
    import time

    from copydesk.engine import Linter
    from copydesk.runner import Job, ResultCache

    cache = ResultCache(Linter(), folder=tmp_path / "results")
    old, used, fresh = (Job(f"{n}.txt", f"Text {n},here.\n", "plain") for n in ("old", "used", "fresh"))
    for job in (old, used, fresh):
        cache.put(cache.key(job), [])
    long_ago = time.time() - 40 * 86400
    for job in (old, used):
        os.utime(cache._path(cache.key(job)), (long_ago, long_ago))
    assert cache.get(cache.key(used)) == []  # a hit marks the entry as in use
    assert cache.prune() == 1
    assert cache.get(cache.key(old)) is None
    assert cache.get(cache.key(used)) == [] and cache.get(cache.key(fresh)) == []


@pytest.mark.skipif(
    __import__("multiprocessing").get_start_method() != "fork", reason="workers see the patch only when forked"
)
def test_a_first_run_with_workers_builds_the_data_once(tmp_path, monkeypatch):
    """On a version's first run every worker found the cache empty and built the lexicon (and
    the rest) itself, all at once. Now the run builds it before the workers start, and they
    read it. Builds are counted in a file: a build apart runs in a child of whichever process
    asked for it."""
    from copydesk import lexicon
    from copydesk.engine import Linter
    from copydesk.runner import Job

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "fresh"))
    lexicon.load.cache_clear()
    calls = tmp_path / "builds"
    real = lexicon.build_lines

    def counted():
        with open(calls, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        return real()

    monkeypatch.setattr(lexicon, "build_lines", counted)
    jobs = [Job(f"d{i}.txt", _story(i, 40), "plain") for i in range(4)]
    try:
        assert check_all(Linter(), jobs, workers=2, use_cache=False) == check_all(
            Linter(), jobs, workers=1, use_cache=False
        )
    finally:
        lexicon.load.cache_clear()
    assert len(calls.read_text().split()) == 1
