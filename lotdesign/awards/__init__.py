"""What the Probation Services Dynamic Framework really awarded: contracts, lots, primes, supply chains.

- :mod:`.record` — the shipped record read back, per contract, per lot and per lot level.
"""

from lotdesign.awards.record import contracts_table, level_summary, load_awards, lot_awards, model_vs_awarded

__all__ = ["contracts_table", "level_summary", "load_awards", "lot_awards", "model_vs_awarded"]
