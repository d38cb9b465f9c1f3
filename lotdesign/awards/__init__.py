"""What the Probation Services Dynamic Framework really awarded: contracts, dates, lots, primes, supply chains.

See :mod:`.record` for the modules and their jobs; the names most used are gathered here.
"""

from lotdesign.awards.contracts import contracts_table, in_force
from lotdesign.awards.data import load_awards
from lotdesign.awards.delivery import delivery_by_pdu
from lotdesign.awards.model import model_vs_awarded
from lotdesign.awards.shares import extent_summary, level_summary, lot_awards
from lotdesign.awards.timeline import timeline

__all__ = ["contracts_table", "delivery_by_pdu", "extent_summary", "in_force", "level_summary", "load_awards",
           "lot_awards", "model_vs_awarded", "timeline"]
