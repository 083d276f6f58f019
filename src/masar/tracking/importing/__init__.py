"""The master-list import pipeline: layouts as data, streaming readers, one transaction.

Pages, the API and `masar import_masterlist` all call `import_masterlist`.
"""

from .layouts import Layout, load_layout, shipped_layouts
from .masterlist import ImportRejected, Options, import_masterlist, import_upload

__all__ = [
    "ImportRejected",
    "Layout",
    "Options",
    "import_masterlist",
    "import_upload",
    "load_layout",
    "shipped_layouts",
]
