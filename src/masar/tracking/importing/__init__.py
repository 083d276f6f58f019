"""The master-list import pipeline: layouts as data, streaming readers, one transaction.

Pages, the API and `masar import_masterlist` all call `import_masterlist`.
"""

from .batches import ImportRejected
from .layouts import Layout, load_layout, shipped_layouts
from .masterlist import import_masterlist, import_upload
from .options import Options

__all__ = [
    "ImportRejected",
    "Layout",
    "Options",
    "import_masterlist",
    "import_upload",
    "load_layout",
    "shipped_layouts",
]
