"""Built-in checks, one module per defect family. Importing this package registers them."""

from . import (
    capitalization,  # CD2xx proper nouns, names, one form per document
    grammar,  # CD4xx a/an, too/to, doubled words, confusions, agreement
    spacing,  # CD3xx punctuation spacing
    spelling,  # CD1xx misspellings and names
    spun,  # CD6xx spun and tortured phrases
    structure,  # CD5xx duplicates and boilerplate
)

__all__ = ["capitalization", "grammar", "spacing", "spelling", "spun", "structure"]
