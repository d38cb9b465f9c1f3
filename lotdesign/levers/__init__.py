"""Levers a commissioner can pull, and whether the answer survives the assumptions.

- :mod:`.consortia` — groups of voluntary organisations bidding as prime together;
- :mod:`.grants` — a ring-fenced pot of small local grants;
- :mod:`.specialist_lots` — lots open only to women's or BAME specialists;
- :mod:`.robustness` — two designs compared over a grid of assumptions;
- :mod:`.lot_cover` — who covers which residents of a lot, the shared core of the levers.
"""

from lotdesign.levers.consortia import ConsortiumParams, ConsortiumResult, consortium_bids
from lotdesign.levers.grants import GrantParams, GrantResult, grant_pots
from lotdesign.levers.robustness import RobustnessResult
from lotdesign.levers.specialist_lots import SpecialistLotParams, SpecialistLotResult

# ``robustness.robustness`` and ``specialist_lots.specialist_lots`` share their module's name, so
# they are reached through the module; re-exported here they would hide it.
__all__ = ["ConsortiumParams", "ConsortiumResult", "GrantParams", "GrantResult", "RobustnessResult",
           "SpecialistLotParams", "SpecialistLotResult", "consortium_bids", "grant_pots"]
