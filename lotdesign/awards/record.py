"""What the Probation Services Dynamic Framework actually awarded — one import for all of it.

The work is done in modules with one job each; this module gathers their public names so that
``from lotdesign.awards import record as aw`` keeps working:

- :mod:`.data` — the shipped tables, the words for codes, services, dates;
- :mod:`.contracts` — one row per contract, the record in force on a day, supply chains;
- :mod:`.shares` — per lot, per extent and per lot level, each share with its count;
- :mod:`.model` — the model beside the contracts let whole ("could bid as prime");
- :mod:`.timeline` — who held each lot when, and how each contract ended;
- :mod:`.delivery` — who delivers where today, by probation delivery unit;
- :mod:`.shapes` — the areas as shapes and files;
- :mod:`.export` — the report and the ``lotdesign awards`` printouts.
"""

from lotdesign.awards.contracts import (  # noqa: F401
    CONTRACT_COLUMNS,
    bame_unknown_note,
    contracts_table,
    in_force,
    last_day,
    low_confidence_note,
    members_low_confidence_note,
    select_contracts,
    supply_chain_members,
)
from lotdesign.awards.data import (  # noqa: F401
    ASSOCIATION_NOTE,
    CONFIDENCE_ORDER,
    CONTRACT_TYPE_KEYS,
    CONTRACTS_NOT_QUALITY,
    DAY_ONE,
    EXTENTS,
    LEVEL_LABELS,
    MOJ_SERVICE_KEYS,
    NO_CONTRACT_VALUES,
    PART_LOT_NOTE,
    SECTOR_LABELS,
    WHOLE_LOT_EXTENTS,
    AwardsData,
    connective,
    load_awards,
    long_date,
    parse_date,
    resolve_service,
    service_key,
    service_label,
    today,
)
from lotdesign.awards.delivery import (  # noqa: F401
    delivery_by_pcc_area,
    delivery_by_pdu,
    name_matches,
    unmatched_names,
)
from lotdesign.awards.export import (  # noqa: F401
    awards_report,
    print_awards,
    print_delivery,
    print_timeline,
    withdrawn_by,
)
from lotdesign.awards.model import AGREEMENT_MARGIN, MODEL_DESIGNS, ModelVsAwarded, model_vs_awarded  # noqa: F401
from lotdesign.awards.shapes import (  # noqa: F401
    awards_export_table,
    awards_lots_bytes,
    awards_lots_geodataframe,
    write_awards_lots,
)
from lotdesign.awards.shares import (  # noqa: F401
    EXTENT_SUMMARY_COLUMNS,
    LEVEL_SUMMARY_COLUMNS,
    LOT_AWARDS_COLUMNS,
    extent_sentence,
    extent_summary,
    level_sentence,
    level_summary,
    lot_awards,
    shares_by_extent_and_service,
)
from lotdesign.awards.timeline import timeline  # noqa: F401
