#!/usr/bin/env python3
"""What the LanguageTool pass costs and what it adds (needs `copydesk languagetool install`).

Usage: python bench/languagetool.py [--gold DIR] [--clean DIR]

Prints:
- time: a server's start, the seed article's first check (Java still warming up) and warm checks;
  the whole `copydesk check --languagetool` on the seed, cold (it starts and stops its own
  server) and against a running server; and copydesk alone for comparison;
- memory: the Java server's peak resident size (VmHWM) after the checks;
- gold rows of DIR (default ../shared/corpora/synth_dev) caught by LanguageTool's findings that
  copydesk's own findings miss, core and extra tiers; and LanguageTool's own recall there;
- LanguageTool findings on clean copy (default ../shared/corpora/clean_news_dev) per 1,000 words.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from copydesk import languagetool as lt  # noqa: E402
from copydesk.document import Document  # noqa: E402
from tests.gold import load_gold, score  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"
SEED = ROOT / "seeds" / "000_86c9ae3965a11941.txt"


def copydesk(*args: str) -> tuple[float, list[dict], str]:
    exe = Path(sys.executable).with_name("copydesk")
    t = time.perf_counter()
    p = subprocess.run([str(exe), "check", "--isolated", "--format", "json", *args], capture_output=True, text=True)
    return time.perf_counter() - t, json.loads(p.stdout or "[]"), p.stderr


def vm_hwm(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timing(server_url: str, seed: Document) -> None:
    p = lt.Pass(lt.Settings(enabled=True, url=server_url)).open()
    t = time.perf_counter()
    p.check(seed, [], lambda r: True)
    first = time.perf_counter() - t
    warm = []
    for _ in range(5):
        t = time.perf_counter()
        p.check(seed, [], lambda r: True)
        warm.append(time.perf_counter() - t)
    p.close()
    print(
        f"  seed ({len(seed.text.split()):,} words): first check {first * 1000:.0f} ms, warm median {statistics.median(warm) * 1000:.0f} ms"
    )


def gold_gain(folder: Path, url: str) -> None:
    arts = sorted(p for p in folder.glob("*.txt") if (folder / (p.stem + ".gold.tsv")).exists())
    _, own, _ = copydesk(*map(str, arts))
    _, both, err = copydesk("--languagetool-url", url, *map(str, arts))
    _, alone, _ = copydesk("--languagetool-url", url, "--select", "LT", *map(str, arts))
    if "warning" in err:
        print("  ", err.strip())
    gain = defaultdict(lambda: [0, 0])  # tier -> [rows copydesk misses that LT catches, rows copydesk misses]
    lt_alone = [0, 0]
    for a in arts:
        text = a.read_text(encoding="utf-8")
        gold = load_gold(folder / (a.stem + ".gold.tsv"))
        for tier in ("core", "extra"):
            rows = [dict(g, tier="core") for g in gold if g["tier"] == tier]
            for g in rows:
                mine = [f for f in own if Path(f["path"]).name == a.name]
                lts = [f for f in both if Path(f["path"]).name == a.name and f["rule"].startswith("LT:")]
                if sum(v[0] for v in score(text, [g], mine)[0].values()):
                    continue
                gain[tier][1] += 1
                gain[tier][0] += sum(v[0] for v in score(text, [g], lts)[0].values())
        core = [g for g in gold if g["tier"] == "core"]
        stats, _ = score(text, core, [f for f in alone if Path(f["path"]).name == a.name])
        lt_alone[0] += sum(v[0] for v in stats.values())
        lt_alone[1] += sum(v[2] for v in stats.values())
    print(f"== gold: {folder} ({len(arts)} articles)")
    for tier, (c, n) in gain.items():
        print(f"  {tier:5} rows copydesk misses: {n}; LanguageTool catches {c} of them")
    print(
        f"  LanguageTool alone (--select LT): {lt_alone[0]}/{lt_alone[1]} core rows ({lt_alone[0] / max(lt_alone[1], 1):.1%})"
    )


def clean(folder: Path, url: str) -> None:
    files = sorted(folder.glob("*.txt"))
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    t, rows, _ = copydesk("--languagetool-url", url, *map(str, files))
    lts = [r for r in rows if r["rule"].startswith("LT:")]
    print(f"== clean: {folder} ({len(files)} articles, {words:,} words) in {t:.1f} s")
    print(
        f"  LanguageTool findings {len(lts)} ({1000 * len(lts) / words:.2f} per 1,000 words); copydesk's {len(rows) - len(lts)}"
    )
    for rule, n in Counter(r["rule"] for r in lts).most_common(8):
        print(f"    {n:3} {rule}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=SHARED / "synth_dev")
    ap.add_argument("--clean", type=Path, default=SHARED / "clean_news_dev")
    a = ap.parse_args()
    home = lt.find_home(None)
    seed = Document(SEED.read_text(encoding="utf-8"), "plain", str(SEED))
    print(f"LanguageTool {lt.VERSION} from {home}")
    t_own, _, _ = copydesk(str(SEED))
    t_cold, found, err = copydesk("--languagetool", str(SEED))
    print("== time")
    print(f"  copydesk alone on the seed: {t_own * 1000:.0f} ms")
    print(
        f"  copydesk --languagetool, cold (starts and stops its own server): {t_cold:.2f} s, {sum(f['rule'].startswith('LT:') for f in found)} LT findings {err.strip()}"
    )
    t = time.perf_counter()
    server = lt.LocalServer(home).start()
    print(f"  server start: {time.perf_counter() - t:.2f} s")
    try:
        timing(server.url, seed)
        t_warm, _, _ = copydesk("--languagetool-url", server.url, str(SEED))
        print(
            f"  copydesk --languagetool on the seed, warm server: {t_warm * 1000:.0f} ms (+{(t_warm - t_own) * 1000:.0f} ms)"
        )
        print(f"== memory: Java server peak resident {vm_hwm(server.proc.pid):.0f} MB")
        if a.gold.is_dir():
            gold_gain(a.gold, server.url)
        if a.clean.is_dir():
            clean(a.clean, server.url)
        print(f"== memory after the corpora: Java server peak resident {vm_hwm(server.proc.pid):.0f} MB")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
