"""LanguageTool as copydesk's optional deeper grammar pass: a real server behind language-tool-python.

copydesk's own rules run first; a LanguageTool server then checks the same documents and its
matches become findings with codes `LT:<RULE_ID>`. Matches on text a copydesk finding already
covers, in protected text (code, markup, URLs), or from LanguageTool's own spelling rule
(copydesk's spelling knows names; LanguageTool's does not) are dropped.

Where the server comes from, in order: `--languagetool-url` / `languagetool-url` /
COPYDESK_LANGUAGETOOL_URL; a server left running by `copydesk languagetool start`; or a local
server started for this run from a LanguageTool installation and stopped when it ends. The
installation is assembled from Maven Central by `copydesk languagetool install` (a machine that
reaches only package registries cannot use language-tool-python's own zip download), or is
language-tool-python's own download when that has run.

Any failure (no Java, no installation, a server that does not answer, is slow, or returns
garbage) becomes one warning; copydesk's own findings are reported as if LanguageTool were off.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .model import Finding, FixSafety, Rule, Severity
from .spans import Spans

VERSION = "6.6"  # the LanguageTool release `copydesk languagetool install` assembles
MAX_REPLACEMENTS = 3
SERVER_CLASS = "org.languagetool.server.HTTPServer"
# Maven modules: the server without `language-all` (every language, about 1 GB), plus English.
# Since 6.x the server's language identifier looks up Spanish, Catalan and Portuguese when it
# starts, so those three modules come too (91 MB in all, against 74 MB for English alone).
MODULES = ("languagetool-server", "language-en", "language-es", "language-ca", "language-pt")
MARKER = "copydesk-languagetool.json"
# Java's defaults take a quarter of the machine's memory (1.6 GB peak on the 100 clean articles);
# a 512 MB heap with the serial collector peaked at 430 MB there and was faster (bench/languagetool.py).
JAVA_OPTIONS = "-Xmx512m -XX:+UseSerialGC"

# A replacement from these rules is mechanical (spacing, a/an, a repeated word, a missing
# apostrophe), so `copydesk fix` applies it when it is LanguageTool's only suggestion.
SAFE_RULES = frozenset(
    {
        "COMMA_PARENTHESIS_WHITESPACE",
        "WHITESPACE_RULE",
        "EN_A_VS_AN",
        "ENGLISH_WORD_REPEAT_RULE",
        "EN_CONTRACTION_SPELLING",
    }
)
# LanguageTool's dictionary spelling rules: off unless `languagetool-spelling = true`.
_SPELLING_RULE = re.compile(r"^(MORFOLOGIK_RULE_|HUNSPELL_RULE)")
_SPELLING_IDS = ("MORFOLOGIK_RULE_EN_US", "MORFOLOGIK_RULE_EN_GB")

_CATEGORY = {
    "TYPOS": "spelling",
    "COMPOUNDING": "spelling",
    "AMERICAN_ENGLISH_STYLE": "spelling",
    "BRITISH_ENGLISH": "spelling",
    "GRAMMAR": "grammar",
    "CONFUSED_WORDS": "grammar",
    "COLLOCATIONS": "grammar",
    "SEMANTICS": "grammar",
    "MISC": "grammar",
    "PUNCTUATION": "punctuation",
    "TYPOGRAPHY": "punctuation",
    "CASING": "capitalization",
}
_INFO_CATEGORIES = {"style"}


def default_off() -> tuple[frozenset[str], tuple[str, ...]]:
    """The rule ids and id prefixes rules/languagetool.yml leaves off for news copy."""
    from .packs import load

    pack = load("languagetool")
    return frozenset(pack.get("rules") or {}), tuple(pack.get("prefixes") or {})


class Unavailable(Exception):
    """LanguageTool cannot be used for this run; the message says why and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """What the configuration and flags say about the LanguageTool pass."""

    enabled: bool = False
    url: str | None = None
    home: Path | None = None
    disabled_rules: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()  # rules off by default (rules/languagetool.yml) switched back on
    spelling: bool = False
    timeout: float = 60.0


# --- the installation --------------------------------------------------------------------------


def default_home() -> Path:
    from .lexicon import cache_dir

    return cache_dir() / f"languagetool-{VERSION}"


def _ltp_download_dirs() -> list[Path]:
    """language-tool-python's own download folder (its internet route), newest first."""
    base = os.environ.get("LTP_PATH")
    root = Path(base) if base else Path.home() / ".cache" / "language_tool_python"
    if not root.is_dir():
        return []
    return sorted((p for p in root.glob("LanguageTool-*") if p.is_dir()), reverse=True)


def _is_installation(path: Path) -> bool:
    return (path / "languagetool-server.jar").is_file() or any(path.glob("languagetool-server-*.jar"))


def find_home(explicit: Path | None) -> Path:
    """The LanguageTool folder to start a server from, or Unavailable saying how to get one."""
    env = os.environ.get("COPYDESK_LANGUAGETOOL_HOME")
    if explicit is not None or env:
        home = explicit if explicit is not None else Path(env)
        if _is_installation(home):
            return home
        raise Unavailable(f"no LanguageTool installation in {home}; run `copydesk languagetool install --home {home}`")
    for cand in (default_home(), *_ltp_download_dirs()):
        if _is_installation(cand):
            return cand
    raise Unavailable(
        "LanguageTool is not installed; run `copydesk languagetool install` (needs Java 17+ and Maven), "
        "or give a running server with --languagetool-url"
    )


def _classpath(home: Path) -> str:
    jar = home / "languagetool-server.jar"  # the official zip: its manifest names libs/
    return str(jar) if jar.is_file() else str(home / "*")


def java_command() -> str:
    jh = os.environ.get("JAVA_HOME")
    if jh and (Path(jh) / "bin" / "java").is_file():
        return str(Path(jh) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise Unavailable("Java 17 or newer is needed to run LanguageTool and none was found (PATH, JAVA_HOME)")
    return found


def install(home: Path | None = None, log: Callable[[str], None] = print) -> Path:
    """Assemble LanguageTool for English from Maven Central into `home` with Maven.

    Maven's own local repository (~/.m2) is the download cache, so a second install, or one in
    CI with a warm ~/.m2, downloads nothing. The folder appears whole or not at all."""
    home = home or Path(os.environ.get("COPYDESK_LANGUAGETOOL_HOME") or default_home())
    marker = home / MARKER
    if marker.is_file() and json.loads(marker.read_text()).get("version") == VERSION:
        log(f"LanguageTool {VERSION} is already installed in {home}")
        return home
    mvn = shutil.which("mvn")
    if not mvn:
        raise Unavailable(
            "Maven (mvn) is needed to assemble LanguageTool from Maven Central; install it "
            "(apt install maven), or download LanguageTool from languagetool.org and set languagetool-home"
        )
    deps = "".join(
        "<dependency><groupId>org.languagetool</groupId>"
        f"<artifactId>{m}</artifactId><version>{VERSION}</version>"
        + (
            "<exclusions><exclusion><groupId>org.languagetool</groupId>"
            "<artifactId>language-all</artifactId></exclusion></exclusions>"
            if m == "languagetool-server"
            else ""
        )
        + "</dependency>"
        for m in MODULES
    )
    pom = (
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        "<groupId>copydesk</groupId><artifactId>languagetool-assembly</artifactId><version>1</version>"
        f"<packaging>pom</packaging><dependencies>{deps}</dependencies></project>"
    )
    import tempfile

    home.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=home.parent, prefix=".lt-install-") as tmp:
        (Path(tmp) / "pom.xml").write_text(pom)
        out = Path(tmp) / "jars"
        log(f"Assembling LanguageTool {VERSION} ({', '.join(MODULES)}) from Maven Central…")
        p = subprocess.run(
            [
                mvn,
                "-q",
                "-B",
                "-f",
                str(Path(tmp) / "pom.xml"),
                "dependency:copy-dependencies",
                f"-DoutputDirectory={out}",
                "-DincludeScope=runtime",
            ],
            capture_output=True,
            text=True,
        )
        if p.returncode != 0 or not _is_installation(out):
            tail = (p.stdout + p.stderr).strip().splitlines()[-5:]
            raise Unavailable("Maven could not assemble LanguageTool:\n  " + "\n  ".join(tail))
        jars = sorted(f.name for f in out.glob("*.jar"))
        (out / MARKER).write_text(json.dumps({"version": VERSION, "modules": MODULES, "jars": jars}, indent=1))
        if home.exists():
            shutil.rmtree(home)
        os.replace(out, home)
    size = sum(f.stat().st_size for f in home.glob("*.jar")) / 1e6
    log(f"LanguageTool {VERSION} installed in {home} ({len(jars)} jars, {size:.0f} MB)")
    return home


# --- servers -----------------------------------------------------------------------------------


def answers(url: str, timeout: float = 1.0) -> bool:
    """Whether a LanguageTool server at `url` answers its languages endpoint."""
    import urllib.request

    try:
        with urllib.request.urlopen(url.rstrip("/") + "/v2/languages", timeout=timeout) as r:
            return r.status == 200 and isinstance(json.loads(r.read()), list)
    except (OSError, ValueError):
        return False


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalServer:
    """A LanguageTool HTTP server on a free port of this machine (loopback only)."""

    def __init__(self, home: Path, port: int | None = None, log_path: Path | None = None):
        self.home = home
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    def start(self, wait: float = 90.0, detach: bool = False) -> LocalServer:
        opts = os.environ.get("COPYDESK_LANGUAGETOOL_JAVA_OPTIONS", JAVA_OPTIONS).split()
        cmd = [java_command(), *opts, "-cp", _classpath(self.home), SERVER_CLASS, "--port", str(self.port)]
        with open(self.log_path or os.devnull, "ab") as log:
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=detach
            )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                why = self._log_tail() or f"exit status {self.proc.returncode}"
                raise Unavailable(f"the LanguageTool server in {self.home} stopped at start: {why}")
            if answers(self.url, timeout=0.5):
                return self
            time.sleep(0.1)
        self.stop()
        raise Unavailable(f"the LanguageTool server in {self.home} did not answer within {wait:.0f} s")

    def _log_tail(self) -> str:
        if not self.log_path or not self.log_path.is_file():
            return ""
        lines = [ln for ln in self.log_path.read_text(errors="replace").splitlines() if ln.strip()]
        causes = [ln for ln in lines if "Exception" in ln or "Error" in ln]
        return (causes or lines or [""])[-1].strip()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _state_file() -> Path:
    from .lexicon import cache_dir

    return cache_dir() / "languagetool-server.json"


def running_server() -> dict | None:
    """The server `copydesk languagetool start` left running, if it still answers."""
    try:
        state = json.loads(_state_file().read_text())
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and answers(state.get("url", "")) else None


def start_persistent(home: Path | None = None) -> dict:
    state = running_server()
    if state:
        return state
    home = find_home(home)
    from .lexicon import cache_dir

    cache_dir().mkdir(parents=True, exist_ok=True)
    server = LocalServer(home, log_path=cache_dir() / "languagetool-server.log").start(detach=True)
    state = {"pid": server.proc.pid, "url": server.url, "home": str(home), "started": time.time()}
    tmp = _state_file().with_suffix(".tmp")
    tmp.write_text(json.dumps(state))
    os.replace(tmp, _state_file())
    return state


def stop_persistent() -> dict | None:
    try:
        state = json.loads(_state_file().read_text())
    except (OSError, ValueError):
        return None
    import signal

    with contextlib.suppress(OSError, KeyError, ValueError):
        os.kill(int(state["pid"]), signal.SIGTERM)
    _state_file().unlink(missing_ok=True)
    return state


# --- one run's pass ----------------------------------------------------------------------------


@cache
def lt_rule(rule_id: str, category_id: str, issue_type: str) -> Rule:
    """The copydesk Rule that stands for one LanguageTool rule."""
    category = _CATEGORY.get(category_id, "style")
    severity = Severity.INFO if category in _INFO_CATEGORIES else Severity.WARNING
    return Rule(
        code=f"LT:{rule_id}",
        name="lt-" + rule_id.lower().replace("_", "-"),
        category=category,
        severity=severity,
        fix_safety=FixSafety.SAFE if rule_id in SAFE_RULES else FixSafety.UNSAFE,
        doc=(
            f"LanguageTool rule {rule_id} (category {category_id}, issue type {issue_type}).\n\n"
            "Reported by the LanguageTool server when `--languagetool` is on; see "
            f"https://community.languagetool.org/rule/show/{rule_id}?lang=en"
        ),
    )


_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=[^\s*_])|(?<=[^\s*_])[*_]{1,3}(?![\w*_])")


def masked(doc) -> tuple[str, Spans]:
    """The document with protected text (code, markup, front matter, Markdown emphasis marks)
    blanked out, so that LanguageTool reads prose only while its offsets still point into the
    original text; and the blanked spans, where no LanguageTool match may land."""
    text = doc.text
    spans = doc.hard
    if doc.format == "markdown" and ("*" in text or "_" in text):
        marks = [m.span() for b in doc.prose_blocks for m in _EMPHASIS.finditer(text, b.body, b.end)]
        spans = spans.union(Spans(marks))
    parts: list[str] = []
    pos = 0
    for s, e in spans:
        parts.append(text[pos:s])
        parts.append(re.sub(r"[^\n]", " ", text[s:e]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts), spans


def variant(doc, configured: str) -> str:
    """en-US or en-GB: the configured variant, else the one the document's spellings lean to."""
    if configured in ("en-US", "en-GB"):
        return configured
    from .checks.spelling import variant_of

    votes = {"en-US": 0, "en-GB": 0}
    for w in doc.lower_words:
        v = variant_of(w)
        if v is not None:
            votes[v[0]] += 1
    return "en-GB" if votes["en-GB"] > votes["en-US"] else "en-US"


def to_findings(
    matches: Sequence[dict], doc, own: Sequence[Finding], settings: Settings, keep, blanked: Spans | None = None
) -> list[Finding]:
    """Map LanguageTool matches (offset, length, rule id, category, message, replacements) to
    findings, dropping what copydesk already reports, protected text and disabled rules."""
    from .engine import _suppressed

    n = len(doc.text)
    taken = [(f.start, f.end) for f in own]
    ids, prefixes = default_off()
    enabled = set(settings.enabled_rules)
    disabled = set(settings.disabled_rules) | (ids - enabled)
    prefixes = tuple(p for p in prefixes if p not in enabled)
    out: list[Finding] = []
    for m in matches:
        rid = m["rule_id"]
        if rid in disabled or (rid.startswith(prefixes) and rid not in enabled):
            continue
        if not settings.spelling and _SPELLING_RULE.match(rid):
            continue
        start, end = m["offset"], m["offset"] + m["length"]
        if not (0 <= start <= end <= n):
            continue
        if any(s < max(end, start + 1) and start < max(e, s + 1) for s, e in taken):
            continue  # copydesk already says something about these words
        rule = lt_rule(rid, m["category"], m.get("issue_type", ""))
        if blanked is not None and blanked.overlaps(max(0, start - 1), end + 1):
            continue  # next to blanked markup: the match is about the blanking, not the prose
        if not keep(rule) or doc.is_protected(start, end) or _suppressed(doc, rule, Finding(rule, start, end, "")):
            continue
        reps = tuple(m["replacements"][:MAX_REPLACEMENTS])
        safety = None
        if rule.fix_safety is FixSafety.SAFE and (
            len(m["replacements"]) != 1 or doc.text[start:end][:1].isupper() and rid == "EN_CONTRACTION_SPELLING"
        ):
            # safe only when LanguageTool is sure of one answer, and never on a capitalized
            # word it would make a contraction of (`Im Kwon-Taek` is a name, not `I'm`)
            safety = FixSafety.UNSAFE
        if doc.in_quotes(start, end):
            safety = FixSafety.NONE  # quoted speech is reported, never rewritten
        out.append(Finding(rule, start, end, m["message"], reps, fix_safety=safety))
    return out


class Pass:
    """The LanguageTool pass of one run: one server, one client per English variant."""

    def __init__(self, settings: Settings, language: str = "auto"):
        self.settings = settings
        self.language = language
        self.server: LocalServer | None = None
        self.url: str | None = None
        self._tools: dict[str, object] = {}
        self._lock = threading.Lock()
        self.failed: str | None = None

    def __enter__(self) -> Pass:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> Pass:
        """Find or start the server; raises Unavailable (or OSError) when there is none."""
        try:
            import language_tool_python  # noqa: F401
        except ImportError:
            raise Unavailable(
                "the language-tool-python package is not installed; pip install 'copydesk[languagetool]'"
            ) from None
        url = self.settings.url or os.environ.get("COPYDESK_LANGUAGETOOL_URL")
        if url:
            self.url = url
            return self
        state = running_server()
        if state:
            self.url = state["url"]
            return self
        home = find_home(self.settings.home)
        from .lexicon import cache_dir

        cache_dir().mkdir(parents=True, exist_ok=True)
        self.server = LocalServer(home, log_path=cache_dir() / "languagetool-run.log")
        self.server.log_path.write_bytes(b"")
        self.server.start()
        self.url = self.server.url
        return self

    def close(self) -> None:
        for tool in self._tools.values():
            with contextlib.suppress(Exception):  # closing a remote client must not mask the result
                tool.close()
        if self.server is not None:
            self.server.stop()

    def _tool(self, lang: str):
        with self._lock:
            if lang not in self._tools:
                import language_tool_python

                # its requests' timeout is a class attribute (300 s); a subclass sets ours before
                # the constructor's own first request
                client = type("Client", (language_tool_python.LanguageTool,), {"_TIMEOUT": self.settings.timeout})
                tool = client(lang, remote_server=self.url)
                off = set(self.settings.disabled_rules) | (default_off()[0] - set(self.settings.enabled_rules))
                if not self.settings.spelling:
                    off.update(_SPELLING_IDS)
                tool.disabled_rules = off
                self._tools[lang] = tool
            return self._tools[lang]

    def check(self, doc, own: Sequence[Finding], keep) -> list[Finding]:
        """LanguageTool's findings for `doc`; raises on any server failure (the caller warns)."""
        text, blanked = masked(doc)
        if not text.strip():
            return []
        lang = variant(doc, self.language)
        matches = self._tool(lang).check(text)
        rows = [
            {
                "rule_id": str(m.rule_id),
                "category": str(m.category),
                "issue_type": str(m.rule_issue_type),
                "offset": int(m.offset),
                "length": int(m.error_length),
                "message": str(m.message),
                "replacements": [str(r) for r in m.replacements],
            }
            for m in matches
        ]
        return to_findings(rows, doc, own, self.settings, keep, blanked)


def describe_failure(e: BaseException, url: str | None) -> str:
    """One line for a server that failed mid-run: what happened and what to do."""
    name = type(e).__name__
    detail = f"{name}: {e}"
    where = f" at {url}" if url else ""
    if re.search(r"timed? ?out|Timeout", detail, re.I):
        return f"the LanguageTool server{where} did not answer in time; raise languagetool-timeout or check the server"
    if re.search(r"Connection(Error| ?refused|ResetError)|NewConnectionError|Max retries|Failed to establish", detail):
        return (
            f"the LanguageTool server{where} could not be reached; "
            "check --languagetool-url, or start one with `copydesk languagetool start`"
        )
    first = detail.strip().splitlines()[0][:160]
    return f"the LanguageTool server{where} gave an answer copydesk cannot read ({first})"


# --- what the command line calls ---------------------------------------------------------------


def settings_from(cfg) -> Settings:
    ignored = tuple(s.strip()[3:] for s in cfg.ignore if s.strip().upper().startswith("LT:"))
    return Settings(
        enabled=cfg.languagetool,
        url=cfg.languagetool_url,
        home=cfg.languagetool_home,
        disabled_rules=tuple(cfg.languagetool_disabled_rules) + ignored,
        enabled_rules=tuple(cfg.languagetool_enabled_rules),
        spelling=cfg.languagetool_spelling,
        timeout=cfg.languagetool_timeout,
    )


def selection(linter, path: str) -> Callable[[Rule], bool]:
    """Whether an LT rule is wanted for `path`: the same select, ignore and per-path-ignores
    selectors as copydesk's own rules (`LT`, `LT:RULE_ID`, a category such as `grammar`)."""
    from .registry import matches

    cfg = linter.config
    chosen = None if cfg.select is None else (*cfg.select, *cfg.extend_select)
    ignore = (*cfg.ignore, *cfg.ignored_for(path))

    def keep(rule: Rule) -> bool:
        if chosen is not None and not any(matches(rule, s) for s in chosen):
            return False
        return not any(matches(rule, s) for s in ignore)

    return keep


def open_pass(cfg, warn: Callable[[str], None]) -> Pass | None:
    """The run's LanguageTool pass when it is switched on and can start; otherwise None, after
    one warning that says why and how to fix it."""
    if not cfg.languagetool:
        return None
    p = Pass(settings_from(cfg), cfg.language)
    try:
        return p.open()
    except (Unavailable, OSError) as e:
        p.close()
        warn(f"LanguageTool skipped: {e}. copydesk's own findings are complete.")
        return None


def check_documents(p: Pass, docs: Sequence, owns: Sequence[Sequence[Finding]], linter, warn) -> list[list[Finding]]:
    """LanguageTool's findings for each document (four requests in flight), with the configured
    severities. Any failure drops LanguageTool's findings for the whole run, with one warning:
    a half-checked run would look complete when it is not."""
    from concurrent.futures import ThreadPoolExecutor
    from dataclasses import replace

    def one(i: int) -> list[Finding]:
        found = p.check(docs[i], owns[i], selection(linter, docs[i].path))
        out = []
        for f in found:
            level = linter.severity_for(f.rule)
            out.append(replace(f, severity=level) if level is not None else f)
        return out

    if p.failed is None and docs:
        try:
            with ThreadPoolExecutor(max_workers=min(4, len(docs))) as pool:
                return list(pool.map(one, range(len(docs))))
        except Exception as e:  # noqa: BLE001  (an external server: any failure is reported, never fatal)
            p.failed = describe_failure(e, p.url)
            warn(f"LanguageTool skipped: {p.failed}. copydesk's own findings are complete.")
    return [[] for _ in docs]


def fix_document(p: Pass, linter, result, fmt: str, path: str, unsafe: bool, warn):
    """After copydesk's fixes settle: apply LanguageTool's fixable findings once, let copydesk
    settle again, and add what LanguageTool still finds to the remaining findings."""
    from .document import Document
    from .engine import fix
    from .fixer import apply_edits

    def lt_findings(res) -> list[Finding]:
        return check_documents(p, [Document(res.text, fmt, path)], [res.remaining], linter, warn)[0]

    extra = lt_findings(result)
    chosen = [f for f in extra if f.fixable(unsafe)]
    if chosen:
        new_text, applied, _ = apply_edits(result.text, chosen)
        if new_text != result.text:
            again = fix(linter, new_text, fmt, path, unsafe)
            again.applied = result.applied + applied + again.applied
            again.passes += result.passes + 1
            result = again
            extra = lt_findings(result)
    result.remaining = sorted([*result.remaining, *extra], key=lambda f: (f.start, f.end, f.code))
    return result
