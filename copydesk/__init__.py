"""copydesk: an editorial copy-desk linter. It finds what a good copy editor finds, fixes what
is safe to fix, and never nags about what is fine.

The Python API, for CMS plugins and batch jobs::

    import copydesk
    findings = copydesk.check_text("Both sides,including Baku.")
    result = copydesk.fix_text("Both sides,including Baku.")
    result.text      # 'Both sides, including Baku.'
    result.applied   # the findings whose fixes were applied
    result.remaining # what is left for a human
"""

__version__ = "0.1.0"

from .config import Config, ConfigError  # noqa: E402
from .config import load as load_config
from .document import Document  # noqa: E402
from .engine import FixResult, Linter, check_text, fix_text  # noqa: E402
from .model import Finding, FixSafety, Rule, Severity  # noqa: E402

__all__ = [
    "Config",
    "ConfigError",
    "Document",
    "Finding",
    "FixResult",
    "FixSafety",
    "Linter",
    "Rule",
    "Severity",
    "check_text",
    "fix_text",
    "load_config",
]
