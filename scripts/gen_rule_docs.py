#!/usr/bin/env python3
"""Write docs/rules/CODE.md for every rule from its docstring and examples, and docs/rules/README.md.

tests/test_docs.py fails when a page is stale; run this script after changing a rule.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from copydesk.cli import rule_page  # noqa: E402
from copydesk.registry import all_rules  # noqa: E402


def pages() -> dict[Path, str]:
    out = {}
    index = ["# Rules", "", "| code | name | category | fix | default |", "|---|---|---|---|---|"]
    for r in all_rules():
        safe_code = r.code.replace(":", "_")
        out[ROOT / "docs" / "rules" / f"{safe_code}.md"] = rule_page(r)
        on = "on" if r.default else "off"
        index.append(f"| [{r.code}]({safe_code}.md) | {r.name} | {r.category} | {r.fix_safety} | {on} |")
    out[ROOT / "docs" / "rules" / "README.md"] = "\n".join(index) + "\n"
    return out


def main() -> int:
    for path, text in pages().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(pages())} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
