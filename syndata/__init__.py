"""syndata: synthetic tabular and relational data on SDV 2.0 and IRGAN.

The package never imports Streamlit. Importing it is cheap: the heavy modules (SDV, torch)
are imported by the submodules that need them.
"""

from syndata.errors import SyndataError

__all__ = ["SyndataError"]
__version__ = "0.1.0"
