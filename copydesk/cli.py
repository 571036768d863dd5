"""The command line: `copydesk check`, `copydesk fix`, `copydesk rules`, `copydesk rule CODE`.

Exit codes: 0 nothing at or above --fail-level; 1 findings remain or `fix` changed files;
2 usage, configuration or input errors (the other files are still checked).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from . import __version__, registry
from . import files as io
from .config import LANGUAGES, Config, ConfigError, env_color, load
from .document import FORMATS, Document, format_for
from .engine import Batch, InternalError, Linter, NotConverged, fix
from .model import Severity
from .report import FileReport, write_json, write_rich, write_text


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to check; - reads standard input (default: .)"
    )
    p.add_argument(
        "--format",
        choices=("auto", "rich", "text", "json", "sarif", "github"),
        default="auto",
        help="output format (default: rich on a terminal, text otherwise)",
    )
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in rich output (NO_COLOR is respected)",
    )
    p.add_argument(
        "--select", type=_csv, action="extend", metavar="RULES", help="only these codes, prefixes, categories or names"
    )
    p.add_argument(
        "--extend-select", type=_csv, action="extend", metavar="RULES", help="these rules as well as the selected ones"
    )
    p.add_argument("--ignore", type=_csv, action="extend", metavar="RULES", help="switch these rules off")
    p.add_argument(
        "--fail-level",
        choices=("error", "warning", "info"),
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    p.add_argument("--config", type=Path, metavar="FILE", help="use this .copydesk.toml or pyproject.toml")
    p.add_argument("--isolated", action="store_true", help="ignore configuration files")
    p.add_argument(
        "--input-format",
        choices=("auto", *FORMATS),
        default="auto",
        help="plain, markdown or html (default: from the file extension)",
    )
    p.add_argument(
        "--stdin-filename", metavar="NAME", help="the name to report (and to pick the format by) for standard input"
    )
    p.add_argument("--language", choices=LANGUAGES, help="English variant (default: auto)")
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="check or fix files in N processes (0: one per core; default: one per core for a large "
        "run, one for a small one; see docs/integrations.md)",
    )
    p.add_argument("--no-cache", action="store_true", help="do not read or write the results cache")
    p.add_argument(
        "--languagetool",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also run a LanguageTool server's grammar and style checks (see `copydesk languagetool`)",
    )
    p.add_argument(
        "--languagetool-url", metavar="URL", help="a running LanguageTool server to use (implies --languagetool)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copydesk", description="An editorial copy-desk linter: finds and fixes what a copy editor would."
    )
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    c = sub.add_parser("check", help="report problems")
    _add_common(c)
    c.set_defaults(func=cmd_check)
    f = sub.add_parser("fix", help="apply safe fixes (and unsafe ones with --unsafe-fixes)")
    _add_common(f)
    f.add_argument("--diff", action="store_true", help="show the changes as a diff and write nothing")
    f.add_argument("--unsafe-fixes", action="store_true", help="apply fixes marked unsafe too")
    f.set_defaults(func=cmd_fix)
    v = sub.add_parser("review", help="decide each finding of one file, one key at a time")
    v.add_argument("path", metavar="FILE")
    v.add_argument("--config", type=Path, metavar="FILE", help="use this .copydesk.toml or pyproject.toml")
    v.add_argument("--select", type=_csv, action="extend", metavar="RULES")
    v.add_argument("--ignore", type=_csv, action="extend", metavar="RULES")
    v.set_defaults(func=cmd_review)
    r = sub.add_parser("rules", help="list every rule")
    r.add_argument("--format", choices=("auto", "text", "json"), default="auto")
    r.set_defaults(func=cmd_rules)
    d = sub.add_parser("rule", help="show one rule's documentation")
    d.add_argument("code", help="a rule code (CD301) or name (missing-space-after-comma)")
    d.set_defaults(func=cmd_rule)
    pk = sub.add_parser("pack", help="test house styles (Vale format) against their own examples")
    pk.add_argument("action", choices=("test",))
    pk.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="style folders, folders of styles, or rule files (default: copydesk's own)",
    )
    pk.set_defaults(func=cmd_pack)
    lt = sub.add_parser("languagetool", help="install, start, stop or show the local LanguageTool server")
    lt.add_argument("action", choices=("install", "start", "stop", "status"))
    lt.add_argument("--home", type=Path, metavar="DIR", help="the LanguageTool folder (default: in copydesk's cache)")
    lt.set_defaults(func=cmd_languagetool)
    return parser


class Ui:
    """Where output goes and how it looks, decided once from the flags and the environment."""

    def __init__(self, args: argparse.Namespace):
        tty = sys.stdout.isatty()
        color = args.color if hasattr(args, "color") else "auto"
        forced = env_color()
        self.color = color == "always" or (color == "auto" and forced is not False and (tty or forced is True))
        fmt = getattr(args, "format", "auto")
        self.format = ("rich" if tty or color == "always" else "text") if fmt == "auto" else fmt
        self._console = self._err = None

    @property
    def console(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(force_terminal=self.color or None, no_color=not self.color, highlight=False)
        return self._console

    @property
    def err_console(self):
        if self._err is None:
            from rich.console import Console

            self._err = Console(
                stderr=True, force_terminal=self.color or None, no_color=not self.color, highlight=False
            )
        return self._err

    def error(self, msg: str) -> None:
        if self.format == "rich" and sys.stderr.isatty():
            from rich.text import Text

            self.err_console.print(Text("error: ", style="bold red") + Text(msg))
        else:
            print(f"copydesk: error: {msg}", file=sys.stderr)

    def warn(self, msg: str) -> None:
        if self.format == "rich" and sys.stderr.isatty():
            from rich.text import Text

            self.err_console.print(Text("warning: ", style="bold yellow") + Text(msg))
        else:
            print(f"copydesk: warning: {msg}", file=sys.stderr)

    def note(self, msg: str) -> None:
        print(msg, file=sys.stderr)

    def findings(self, reports: Iterable[FileReport], errors: int = 0, rules=None) -> None:
        """Write the report; `reports` may be consumed as it is written (the STREAMED formats)."""
        if self.format == "json":
            write_json(reports, sys.stdout)
        elif self.format == "sarif":
            from .report import write_sarif

            write_sarif(reports, sys.stdout, rules if rules is not None else registry.all_rules(), __version__)
        elif self.format == "github":
            from .report import write_github

            write_github(reports, sys.stdout)
        elif self.format == "text":
            write_text(reports, sys.stdout)
        else:
            write_rich(reports, self.console, errors=errors)


def _config(args: argparse.Namespace) -> Config:
    if args.isolated:
        cfg = Config()
    elif args.config:
        cfg = load(explicit=args.config)
    else:
        cfg = load(Path.cwd())
        if cfg.source is None and args.paths and args.paths[0] != "-":
            cfg = load(Path(args.paths[0]).resolve())
    cfg = cfg.with_cli(
        select=tuple(args.select) if args.select else None,
        extend_select=cfg.extend_select + tuple(args.extend_select or ()),
        ignore=cfg.ignore + tuple(args.ignore or ()),
        fail_level=Severity.parse(args.fail_level) if args.fail_level else None,
        language=args.language,
        languagetool=True if args.languagetool_url and args.languagetool is None else args.languagetool,
        languagetool_url=args.languagetool_url,
    )
    pool = []
    if cfg.styles:
        from . import styles

        pool = [r for r, _ in styles.load(cfg.styles_path, cfg.styles).rules]
    for sel in (*(cfg.select or ()), *cfg.extend_select, *cfg.ignore, *cfg.severity):
        if not registry.is_known_selector(sel, pool):
            raise ConfigError(f"unknown rule selector {sel!r} (see `copydesk rules`)")
    return cfg


def _style_problems(cfg: Config, ui: Ui) -> None:
    """What the configured styles ask for that copydesk cannot do: said once, never silently dropped."""
    if cfg.styles:
        from . import styles

        for problem in styles.load(cfg.styles_path, cfg.styles).problems:
            ui.warn(str(problem))


def _inputs(args: argparse.Namespace) -> tuple[list[str], list[str]]:
    return io.expand(args.paths or ["."])


def _fmt(args: argparse.Namespace, path: str) -> str:
    name = args.stdin_filename if path == "-" and args.stdin_filename else path
    return format_for(name, args.input_format)


def _display(args: argparse.Namespace, path: str) -> str:
    return args.stdin_filename if path == "-" and args.stdin_filename else path


def _fails(reports: list[FileReport], level: Severity) -> bool:
    return any(f.level >= level for r in reports for f in r.findings)


def _read_all(args: argparse.Namespace, cfg: Config, linter: Linter) -> tuple[list[io.Source], list[str]]:
    """Read every input first, so the run can learn what its files share (Batch)."""
    paths, errors = _inputs(args)
    sources: list[io.Source] = []
    for path in paths:
        try:
            sources.append(io.read(path, cfg.max_file_size))
        except io.InputError as e:
            errors.append(str(e))
    if len(sources) >= Batch.MIN_FILES:
        linter.batch = Batch(s.text for s in sources)
    return sources, errors


def _jobs(args: argparse.Namespace, sources: list[io.Source]) -> list:
    """The run's sources as runner Jobs: each with the name to report and its format."""
    from .runner import Job

    return [Job(_display(args, s.path), s.text, _fmt(args, s.path)) for s in sources]


def _progress(ui: Ui, total: int):
    """A rich progress bar on standard error for long runs at a terminal; None otherwise."""
    if total < 50 or not sys.stderr.isatty() or ui.format in ("json", "sarif", "github"):
        return None
    from rich.progress import Progress

    bar = Progress(transient=True, console=ui.err_console)
    task = bar.add_task("checking", total=total)
    bar.start()
    return bar, lambda n: bar.advance(task, n)


# Formats written a file at a time, as the run checks them: the others need the whole run
# (SARIF is one JSON document; rich ends with a summary).
STREAMED = ("json", "text", "github")


def _kept(into: list, items):
    """`items`, each also appended to `into` as it goes by."""
    for x in items:
        into.append(x)
        yield x


def cmd_check(args: argparse.Namespace, ui: Ui) -> int:
    from .document import LineIndex
    from .runner import check_each, default_workers

    cfg = _config(args)
    _style_problems(cfg, ui)
    linter = Linter(cfg)
    sources, errors = _read_all(args, cfg, linter)
    jobs = _jobs(args, sources)
    prog = _progress(ui, len(jobs))
    found = check_each(
        linter, jobs, default_workers(args.jobs), use_cache=not args.no_cache, progress=prog[1] if prog else None
    )
    rules = list(linter.rules)
    # each file's findings are written as soon as they are known (in order), unless the format,
    # a progress bar or a LanguageTool pass needs the whole run first
    streamed = prog is None and not cfg.languagetool and ui.format in STREAMED
    if not streamed:
        try:
            found = list(found)
        finally:
            if prog:
                prog[0].stop()
    if cfg.languagetool:
        from .languagetool import check_documents, open_pass

        lt = open_pass(cfg, ui.warn)
        if lt is not None:
            with lt:
                docs = [Document(j.text, j.fmt, j.path) for j in jobs]
                extra = check_documents(lt, docs, found, linter, ui.warn)
            found = [sorted([*a, *b], key=lambda f: (f.start, f.end, f.code)) for a, b in zip(found, extra)]
            rules += sorted({f.rule for got in extra for f in got}, key=lambda r: r.code)
    for e in errors:
        ui.error(e)
    reports: list[FileReport] = []
    made = _kept(reports, (FileReport(j.path, LineIndex(j.text), f) for j, f in zip(jobs, found)))
    ui.findings(made if streamed else list(made), len(errors), rules)
    if errors:
        return 2
    return 1 if _fails(reports, cfg.fail_level) else 0


def cmd_fix(args: argparse.Namespace, ui: Ui) -> int:
    cfg = _config(args)
    _style_problems(cfg, ui)
    linter = Linter(cfg)
    sources, errors = _read_all(args, cfg, linter)
    reports: list[FileReport] = []
    changed = 0
    stdin_text = None
    lt = None
    if cfg.languagetool:
        from .languagetool import open_pass

        lt = open_pass(cfg, ui.warn)
    from itertools import repeat

    from .runner import default_workers, fix_all

    # the fixes of a large run are worked out in parallel; files are written here, in order
    done = fix_all(linter, _jobs(args, sources), default_workers(args.jobs), args.unsafe_fixes)
    try:
        for src, result in zip(sources, repeat(None) if done is None else done):
            try:
                did, text = _fix_one(args, ui, linter, lt, src, reports, result)
            except (io.InputError, NotConverged) as e:
                errors.append(str(e))
                continue
            changed += did
            if src.is_stdin:
                stdin_text = text
    finally:
        if done is not None:
            done.close()  # (ends the workers if a file's fix failed unexpectedly)
        if lt is not None:
            lt.close()
    for e in errors:
        ui.error(e)
    if stdin_text is not None and not args.diff:
        sys.stdout.write(stdin_text)
    elif not args.diff:
        ui.findings(reports, len(errors))
    if errors:
        return 2
    return 1 if changed or _fails(reports, cfg.fail_level) else 0


def _fix_one(
    args, ui: Ui, linter: Linter, lt, src: io.Source, reports: list[FileReport], result=None
) -> tuple[int, str]:
    """Fix one source: write it (or show its diff) and add its report; (1 if it changed, new text).
    `result`: its fixes, if a worker has worked them out (a FixResult, or NotConverged)."""
    from .diff import render_rich, unified

    path = _display(args, src.path)
    fmt = _fmt(args, src.path)
    if isinstance(result, NotConverged):
        raise result
    if result is None:
        result = fix(linter, src.text, fmt, path, args.unsafe_fixes)
    if lt is not None:
        from .languagetool import fix_document

        result = fix_document(lt, linter, result, fmt, path, args.unsafe_fixes, ui.warn)
    if args.diff:
        if result.changed:
            d = unified(src.text, result.text, path)
            if ui.format == "rich":
                render_rich(d, ui.console)
            else:
                sys.stdout.write(d)
    elif result.changed and not src.is_stdin:
        io.write(src, result.text)
    if result.changed:
        counts = Counter(f.code for f in result.applied)
        what = ", ".join(f"{c} ×{n}" for c, n in sorted(counts.items()))
        verb = "would fix" if args.diff else "fixed"
        ui.note(f"{path}: {verb} {len(result.applied)} ({what})")
    doc = Document(result.text, fmt, path)
    reports.append(FileReport(doc.path, doc, result.remaining))
    return int(result.changed), result.text


def cmd_review(args: argparse.Namespace, ui: Ui) -> int:
    from .review import run

    cfg = load(explicit=args.config) if args.config else load(Path.cwd())
    if cfg.source is None and not args.config:
        alt = load(Path(args.path).resolve())
        cfg = alt if alt.source is not None else cfg
    cfg = cfg.with_cli(select=tuple(args.select) if args.select else None, ignore=cfg.ignore + tuple(args.ignore or ()))
    return run(args.path, cfg)


def cmd_languagetool(args: argparse.Namespace, ui: Ui) -> int:
    """`install` assembles LanguageTool from Maven Central; `start` leaves a server running that
    every later `--languagetool` run uses (pre-commit, editors); `stop` ends it."""
    from . import languagetool as lt

    try:
        if args.action == "install":
            lt.install(args.home, log=ui.note)
        elif args.action == "start":
            state = lt.start_persistent(args.home)
            print(
                f"LanguageTool server running at {state['url']} (pid {state['pid']}); stop it with `copydesk languagetool stop`"
            )
        elif args.action == "stop":
            state = lt.stop_persistent()
            print(
                f"stopped the LanguageTool server at {state['url']}" if state else "no LanguageTool server was running"
            )
        else:
            state = lt.running_server()
            if not state:
                print("no LanguageTool server is running (start one with `copydesk languagetool start`)")
                return 1
            print(f"LanguageTool server running at {state['url']} (pid {state['pid']}, from {state['home']})")
    except lt.Unavailable as e:
        ui.error(str(e))
        return 2
    return 0


def cmd_pack(args: argparse.Namespace, ui: Ui) -> int:
    """`copydesk pack test PATH...`: load each style as copydesk would and run every rule's own
    good and bad examples. Exit 1 when a rule fails its examples or cannot load, 2 when a path
    is missing. Without a path: copydesk's own styles and every built-in rule's examples."""
    from . import styles

    rules: list = []
    problems: list = []
    if not args.paths:
        rules = list(registry.iter_registered())
        for folder in sorted(p for p in styles.builtin_styles_dir().iterdir() if p.is_dir()):
            rules += styles.load_style(folder, problems)
    for raw in args.paths:
        path = Path(raw)
        if path.is_file():
            got = styles.load_rule(path, path.resolve().parent.name, problems)
            rules += [got] if got else []
        elif path.is_dir() and any(path.glob("*.yml")):
            rules += styles.load_style(path, problems)
        elif path.is_dir():
            for folder in sorted(p for p in path.iterdir() if p.is_dir()):
                rules += styles.load_style(folder, problems)
        else:
            ui.error(f"{raw}: no such file or folder")
            return 2
    for problem in problems:
        (ui.error if problem.error else ui.warn)(str(problem))
    failures = styles.run_examples(rules)
    for line in failures:
        print(f"FAIL {line}")
    examples = sum(len(r.bad) + len(r.good) for r, _ in rules)
    without = [r.code for r, _ in rules if not r.bad]
    errors = sum(p.error for p in problems)
    print(
        f"{len(rules)} rules, {examples} examples: {len(failures)} failed"
        + (f", {errors} rules could not load" if errors else "")
        + (f"; no bad example: {', '.join(without)}" if without else "")
    )
    return 1 if failures or errors else 0


def _style_rules() -> list:
    """The rules of the house styles the working folder's configuration names (none without one)."""
    cfg = load(Path.cwd())
    if not cfg.styles:
        return []
    from . import styles

    return [r for r, _ in styles.load(cfg.styles_path, cfg.styles).rules]


def cmd_rules(args: argparse.Namespace, ui: Ui) -> int:
    rules = registry.all_rules() + _style_rules()
    if args.format == "json":
        import json

        rows = [
            {
                "code": r.code,
                "name": r.name,
                "category": r.category,
                "severity": str(r.severity),
                "fix_safety": str(r.fix_safety),
                "default": r.default,
                "summary": r.summary,
            }
            for r in rules
        ]
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    for r in rules:
        on = "on" if r.default else "off"
        print(f"{r.code:8} {r.name:34} {r.category:15} {str(r.fix_safety):7} {on:4} {r.summary}")
    return 0


_SECTIONS = re.compile(r"^(What it does|Why it matters|Example|Fix safety):\s*(\S)", re.M)


def _doc_markdown(doc: str) -> str:
    """The docstring with each `Section:` as its own paragraph under a bold label."""
    text = _SECTIONS.sub(lambda m: f"\n**{m.group(1)}.** {m.group(2).upper()}", doc)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _one_line(text: str) -> str:
    return text.strip("\n").replace("\n", "⏎")


def _code(text: str) -> str:
    """`text` as Markdown inline code, with a fence longer than any backtick run inside it."""
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or fence != "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def rule_page(rule) -> str:
    """A rule's documentation page as Markdown; docs/rules/CODE.md is this text."""
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        f"- Category: {rule.category}",
        f"- Default severity: {rule.severity}",
        f"- Fix safety: {rule.fix_safety}",
        f"- On by default: {'yes' if rule.default else 'no'}",
        "",
        _doc_markdown(rule.doc),
        "",
    ]
    if rule.bad:
        lines += ["## Flagged", ""]
        for ex in rule.bad:
            lines.append(
                f"- {_code(_one_line(ex.text))}" + (f" → {_code(_one_line(ex.fixed))}" if ex.fixed is not None else "")
            )
        lines.append("")
    if rule.good:
        lines += ["## Not flagged", ""]
        lines += [f"- {_code(_one_line(g))}" for g in rule.good]
        lines.append("")
    return "\n".join(lines)


def cmd_rule(args: argparse.Namespace, ui: Ui) -> int:
    found = registry.get(args.code)
    rule = found[0] if found else next((r for r in _style_rules() if args.code in (r.code, r.name)), None)
    if rule is None:
        ui.error(f"no rule {args.code!r} (see `copydesk rules`)")
        return 2
    print(rule_page(rule), end="")
    return 0


# Checking makes millions of short-lived lists, tuples and dicts and almost no reference
# cycles, which reference counting cannot free: the collector's default (a pass every 700 new
# containers) cost 5% of the wall time on 500,000 words and freed nothing of size. A pass every
# 100,000 keeps the peak where it was (85 MB); mypy sets the same order of threshold.
GC_THRESHOLD = (100_000, 20, 20)


def main(argv: list[str] | None = None) -> int:
    gc.set_threshold(*GC_THRESHOLD)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0) if isinstance(e.code, int) else 2
    ui = Ui(args)
    try:
        return args.func(args, ui)
    except ConfigError as e:
        ui.error(str(e))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Silence the flush at exit: the reader went away (`copydesk check | head`).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except InternalError as e:
        ui.error(f"internal error: {e} (please report this)")
        return 2
    except OSError as e:  # the output could not be written (a full disk behind a redirection)
        ui.error(f"the output could not be written: {e}")
        return 2
    except Exception as e:  # a bug: one clear line, the traceback only on request
        if os.environ.get("COPYDESK_DEBUG"):
            raise
        ui.error(f"internal error: {type(e).__name__}: {e} (set COPYDESK_DEBUG=1 for details; please report this)")
        return 2


def run() -> None:
    """The `copydesk` command: main(), then an exit that leaves the freeing of memory to the
    operating system.

    Python's own exit frees every object of the run one by one (the lexicons, the texts, the
    findings): 33 ms of a 155 ms check of the seed article, 55 ms of 1.7 s on 500,000 words,
    where the process ends with its memory freed at once anyway. What an exit must do is
    still done first: the exit handlers (LanguageTool's server and temporary files) and
    flushing the output. mypy ends the same way. While another thread still runs, the usual
    exit waits for it."""
    if sys.stdout is None:  # started with standard output closed (`copydesk check >&-`)
        if sys.stderr is not None:
            print("copydesk: error: standard output is closed", file=sys.stderr)
        os._exit(2)
    code = main()
    try:
        sys.stdout.flush()
        if sys.stderr is not None:
            sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`copydesk check | head`), as main handles it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = code or 1
    except OSError as e:  # a full disk behind a redirection: said, not a traceback at exit
        os.write(2, f"copydesk: error: the output could not be written: {e}\n".encode())
        code = 2
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(code)
    import atexit

    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":
    run()
