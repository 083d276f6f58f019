"""The master-list import pipeline: layouts as data, streaming readers, one transaction.

Pages, the API and `masar import_masterlist` all call `import_masterlist`.
"""

from .layouts import Layout, load_layout, shipped_layouts
from .masterlist import ImportRejected, Options, import_masterlist

__all__ = [
    "ImportRejected",
    "Layout",
    "Options",
    "import_masterlist",
    "load_layout",
    "shipped_layouts",
]
