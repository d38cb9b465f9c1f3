"""The shipped Dynamic Framework record (``data/awards/``) read back, and the words for its codes.

The real record (MoJ's public interventions-service code, 2021–2026) ships in ``data/awards/``:
196 contracts, each with its real dates (``start_date``, ``end_date``, ``referral_end_date``,
``withdrawn_from``, ``dates_kind``), its lot and its extent in plain words; 539 supply-chain rows
(prime or subcontractor); 139 organisations classified by sector, women-centred and BAME-led, each
with a confidence and a source; and where 49 named providers deliver, by probation delivery unit.

*Day one* is 26 June 2021, the day the contracts started. (``live_from`` 2021-01-01 in MoJ's
referral catalogue is a placeholder, not a start date, and nothing here uses it as one.)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from geo.datafiles import data_path
from lotdesign.core.params import CATEGORY_LABELS
from lotdesign.errors import LotDesignError

#: The day the Dynamic Framework contracts started.
DAY_ONE = "2021-06-26"

#: MoJ service name → the model's service key (:data:`lotdesign.core.params.CATEGORY_LABELS`).
#: Greater Manchester's own mentoring service has no model category.
MOJ_SERVICE_KEYS = {
    "Accommodation": "accommodation",
    "Finance, Benefit and Debt": "finance_benefit_debt",
    "Education, Training and Employment": "ete",
    "Dependency and Recovery": "dependency_recovery",
    "Personal Wellbeing": "personal_wellbeing",
    "Women's Services": "women",
    "Women's Services (GM)": "women",
    "Mentoring/peer support (GM)": None,
}
#: MoJ ``contract_type_id`` (before any ``-`` suffix such as ``FBD-SW`` or ``DNR-Y``) → service key.
CONTRACT_TYPE_KEYS = {
    "ACC": "accommodation",
    "FBD": "finance_benefit_debt",
    "ETE": "ete",
    "DNR": "dependency_recovery",
    "PWB": "personal_wellbeing",
    "WOS": "women",
    "WSM": "women",
    "MTR": None,
}
SECTOR_LABELS = {
    "vcs": "Voluntary or community",
    "private": "Private",
    "public": "Public (in-house or NHS)",
    "housing_association": "Housing association",
}
LEVEL_LABELS = {"region": "Probation region", "pcc_area": "PCC area"}
#: How much ground a contract was let for, largest first (``extent`` of each contract).
EXTENTS = ("whole region", "whole PCC area", "several PCC areas", "local authorities", "part of a PCC area")
#: Extents of contracts let for a whole lot of a built-in design (a region or a PCC area).
WHOLE_LOT_EXTENTS = ("whole region", "whole PCC area")
CONFIDENCE_ORDER = ("low", "medium", "high")
#: What every view of these tables must say.
CONTRACTS_NOT_QUALITY = (
    "These are contract records: who was awarded what, where and when. They say nothing about the "
    "quality of any organisation's work, nor the value of any contract."
)
#: Counts are of contracts: the published record holds no contract values.
NO_CONTRACT_VALUES = (
    "Counts are of contracts, not market share: the published record holds no contract values, so a "
    "small borough contract counts the same as a whole region."
)
#: Said wherever a part-of-a-PCC-area contract is drawn.
PART_LOT_NOTE = (
    "London's north/south (and E/NE, W/NW, S/SE) women's services lots have no published boundary: they "
    "are drawn at London, the area that contains them, and marked as part of it."
)
#: Where lot size and service go together, a comparison by lot size is an association.
ASSOCIATION_NOTE = (
    "Lot size and service go together (personal wellbeing and women's services were let by PCC area, "
    "accommodation and ETE by region), so a difference by lot size is an association, not a measured "
    "effect of lot size alone."
)


@dataclass(frozen=True, eq=False)
class AwardsData:
    """The shipped award tables and where they come from.

    Attributes
    ----------
    contracts : pandas.DataFrame
        One row per contract: MoJ's fields, the real dates, the lot it is recorded at
        (``lot_design``, ``lot``, ``lot_code``, ``lot_pfa_codes``), its ``extent`` in words,
        the ``area`` it covers and the districts drawn (``area_lad_codes``), ``finer_than_map``
        and ``placement_note``.
    supply_chain : pandas.DataFrame
        ``contract_reference``, ``provider_code``, ``role`` (``prime`` or ``subcontractor``).
    organisations : pandas.DataFrame
        ``provider_code``, ``name`` (as MoJ records it), ``sector``, ``women_centred``,
        ``bame_led``, ``base_town``, ``registration``, ``confidence``, ``source``, ``note``.
    delivery : pandas.DataFrame
        Where named providers deliver, by PDU (empty when not shipped).
    source, snapshot_commit : str
        The MoJ repository and files, and the commit the snapshot was taken at.
    records_from, records_to : str
        Earliest and latest real date in the records (ISO dates).
    provenance : dict
        Everything in ``data/awards/provenance.json``.
    """

    contracts: pd.DataFrame
    supply_chain: pd.DataFrame
    organisations: pd.DataFrame
    source: str
    snapshot_commit: str
    records_from: str
    records_to: str
    provenance: dict = field(default_factory=dict)
    delivery: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def source_line(self) -> str:
        """One line naming the sources, snapshot and dates (for captions and exports)."""
        return (
            f"Source: {self.source} (snapshot {self.snapshot_commit[:12]}); dates from "
            f"{self.provenance.get('terms_source', 'the contract table')}; records {self.records_from} to "
            f"{self.records_to}. Sector classification researched from public pages; confidence per organisation."
        )


@lru_cache(maxsize=1)
def load_awards() -> AwardsData:
    """Read the shipped award tables (``data/awards/``) once; the result is shared and read-only."""
    provenance = json.loads(data_path("awards", "provenance.json").read_text(encoding="utf-8"))
    delivery_file = data_path("awards", "delivery.parquet")
    return AwardsData(
        contracts=pd.read_parquet(data_path("awards", "contracts.parquet")),
        supply_chain=pd.read_parquet(data_path("awards", "supply_chain.parquet")),
        organisations=pd.read_parquet(data_path("awards", "organisations.parquet")),
        source=provenance["source"],
        snapshot_commit=provenance["snapshot_commit"],
        records_from=provenance["records_from"],
        records_to=provenance["records_to"],
        provenance=provenance,
        delivery=pd.read_parquet(delivery_file) if delivery_file.is_file() else pd.DataFrame(),
    )


def today() -> str:
    """Today's date (ISO), the default day of the record."""
    return dt.date.today().isoformat()


def parse_date(value, name: str) -> str | None:
    """``value`` as an ISO date (``None`` when empty); a clear message naming the option otherwise."""
    if value is None or value == "":
        return None
    try:
        return pd.Timestamp(value).date().isoformat()
    except (ValueError, TypeError):
        option = {"date_from": "date_from (--from)", "date_to": "date_to (--to)", "as_of": "as_of (--as-of)",
                  "awards_as_of": "--awards-as-of"}.get(name, name)
        raise LotDesignError(f"{option} must be a date like 2021-06-26, not {value!r}.") from None


def long_date(iso: str) -> str:
    """``2021-06-26`` as ``26 June 2021``."""
    day = pd.Timestamp(iso)
    return f"{day.day} {day.strftime('%B %Y')}"


# --- services ---------------------------------------------------------------------------------

def service_key(contract_type_id: str) -> str | None:
    """The model's service key of a MoJ ``contract_type_id`` (``FBD-SW`` → ``finance_benefit_debt``)."""
    prefix = str(contract_type_id).split("-")[0]
    if prefix not in CONTRACT_TYPE_KEYS:
        raise LotDesignError(f"Unknown contract type '{contract_type_id}': known types are {', '.join(CONTRACT_TYPE_KEYS)}.")
    return CONTRACT_TYPE_KEYS[prefix]


def resolve_service(service: str) -> list[str]:
    """The MoJ service names meant by ``service``: a model key (``women``) or a MoJ name.

    A model key means every MoJ service of that category (``women`` is "Women's Services" and
    "Women's Services (GM)"); a MoJ name (any case) means that service only.

    Raises
    ------
    LotDesignError
        When ``service`` is neither; the message lists both kinds of name.
    """
    text = str(service).strip()
    if text in CATEGORY_LABELS:
        return [name for name, key in MOJ_SERVICE_KEYS.items() if key == text]
    for name in MOJ_SERVICE_KEYS:
        if name.casefold() == text.casefold():
            return [name]
    raise LotDesignError(
        f"Unknown service '{service}'. Use a model key ({', '.join(CATEGORY_LABELS)}) or a MoJ service name "
        f"({'; '.join(MOJ_SERVICE_KEYS)})."
    )


def service_label(service: str) -> str:
    """How a service is shown: the model's label for a key, the MoJ name otherwise."""
    return CATEGORY_LABELS.get(service, service)


@lru_cache(maxsize=4)
def members(awards: AwardsData) -> pd.DataFrame:
    """Supply-chain rows with each organisation's classification (computed once per tables; do not modify)."""
    return awards.supply_chain.merge(awards.organisations, on="provider_code", how="left", validate="m:1")


def joined(values) -> str:
    """Distinct non-empty values in order, ``; ``-joined."""
    return "; ".join(dict.fromkeys(str(v) for v in values if pd.notna(v) and str(v)))


def lowest_confidence(values) -> str:
    """The lowest of the confidences given ("" when none)."""
    present = [c for c in CONFIDENCE_ORDER if c in set(values)]
    return present[0] if present else ""


def connective(share_a: float, share_b: float) -> str:
    """"and" when two shares read the same (to the whole per cent), "but" when they differ.

    "40 of 40 (100%) but 11 of 11 (100%)" reads as a contrast that is not there.
    """
    return "and" if round(100 * share_a) == round(100 * share_b) else "but"
