"""What the Probation Services Dynamic Framework actually awarded, lot by lot, with supply chains.

The real record (MoJ's public interventions-service code, 2021–2026) ships in ``data/awards/``:
196 contracts, each placed on a lot of the ``regions12`` or ``pcc42`` design; 539 supply-chain
rows (prime or subcontractor); 139 organisations classified by sector, women-centred and
BAME-led, each with a confidence and a source. These functions turn the tables into per-contract,
per-lot and per-level figures, and set what was awarded beside what the model expects for the
same design. Every figure is computed from the tables; wherever a sector classification drives
a figure, the number of low-confidence classifications behind it is given beside it.

The tables describe contracts, not the quality of any organisation.

Conventions: *day-one* contracts are those with ``live_from`` 2021-01-01 (MoJ's marker for the
June 2021 start); later dates are re-lets and new lots. ``withdrawn`` is true where MoJ sets a
``live_until`` date. *Members* of a supply chain are the prime and its subcontractors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from geo.datafiles import data_path
from lotdesign.errors import LotDesignError
from lotdesign.core.params import CATEGORY_LABELS

#: ``live_from`` of the day-one contracts (the June 2021 start).
DAY_ONE_LIVE_FROM = "2021-01-01"

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
#: The model design matching how MoJ let each service on day one (contract lots, 2021).
MODEL_DESIGNS = {
    "accommodation": "df_accommodation15",
    "ete": "regions12",
    "women": "pcc42",
    "personal_wellbeing": "pcc42",
    "finance_benefit_debt": "regions12",
}
SECTOR_LABELS = {
    "vcs": "Voluntary or community",
    "private": "Private",
    "public": "Public",
    "housing_association": "Housing association",
}
LEVEL_LABELS = {"region": "Probation region", "pcc_area": "PCC area"}
CONFIDENCE_ORDER = ("low", "medium", "high")
#: What every view of these tables must say.
CONTRACTS_NOT_QUALITY = (
    "These are contract records: who was awarded what, where and when. They say nothing about the "
    "quality of any organisation's work."
)


@dataclass(frozen=True, eq=False)
class AwardsData:
    """The shipped award tables and where they come from.

    Attributes
    ----------
    contracts : pandas.DataFrame
        One row per contract, placed on a lot (``lot_design``, ``lot``, ``lot_code``,
        ``lot_pfa_codes``, ``extent``, ``finer_than_map``, ``placement_note``).
    supply_chain : pandas.DataFrame
        ``contract_reference``, ``provider_code``, ``role`` (``prime`` or ``subcontractor``).
    organisations : pandas.DataFrame
        ``provider_code``, ``name`` (as MoJ records it), ``sector``, ``women_centred``,
        ``bame_led``, ``base_town``, ``registration``, ``confidence``, ``source``, ``note``.
    source, snapshot_commit : str
        The MoJ repository and files, and the commit the snapshot was taken at.
    records_from, records_to : str
        Earliest and latest date in the records (ISO dates).
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

    @property
    def source_line(self) -> str:
        """One line naming the source, snapshot and dates (for captions and exports)."""
        return (
            f"Source: {self.source} (snapshot {self.snapshot_commit[:12]}; records {self.records_from} "
            f"to {self.records_to}). Sector classification researched from public pages; confidence per organisation."
        )


@lru_cache(maxsize=1)
def load_awards() -> AwardsData:
    """Read the shipped award tables (``data/awards/``) once; the result is shared and read-only."""
    provenance = json.loads(data_path("awards", "provenance.json").read_text(encoding="utf-8"))
    return AwardsData(
        contracts=pd.read_parquet(data_path("awards", "contracts.parquet")),
        supply_chain=pd.read_parquet(data_path("awards", "supply_chain.parquet")),
        organisations=pd.read_parquet(data_path("awards", "organisations.parquet")),
        source=provenance["source"],
        snapshot_commit=provenance["snapshot_commit"],
        records_from=provenance["records_from"],
        records_to=provenance["records_to"],
        provenance=provenance,
    )


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


# --- per contract -----------------------------------------------------------------------------

def _parse_date(value, name: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return pd.Timestamp(value).date().isoformat()
    except (ValueError, TypeError):
        option = {"date_from": "date_from (--from)", "date_to": "date_to (--to)"}.get(name, name)
        raise LotDesignError(f"{option} must be a date like 2021-01-01, not {value!r}.") from None


def _members(awards: AwardsData) -> pd.DataFrame:
    """Supply-chain rows with each organisation's classification."""
    return awards.supply_chain.merge(awards.organisations, on="provider_code", how="left", validate="m:1")


def contracts_table(service: str | None = None, *, date_from=None, date_to=None, awards: AwardsData | None = None) -> pd.DataFrame:
    """One row per contract with its lot, prime, dates and supply-chain make-up.

    Parameters
    ----------
    service : str, optional
        A model key (``ete``, ``women`` ...) or a MoJ service name; all services when omitted.
    date_from, date_to : str or date, optional
        Keep contracts whose ``live_from`` (the date MoJ opened the contract to referrals;
        2021-01-01 marks day one) is on or after ``date_from`` and on or before ``date_to``.
        ``date_from=date_to="2021-01-01"`` gives the day-one contracts.
    awards : AwardsData, optional
        The tables (default :func:`load_awards`).

    Returns
    -------
    pandas.DataFrame
        Sorted by service, level, lot and reference: ``contract_reference``, ``service``,
        ``service_key``, ``contract_type_id``, ``lot_level``, ``lot_design``, ``lot``,
        ``lot_code``, ``lot_pfa_codes``, ``extent``, ``finer_than_map``, ``placement_note``,
        ``intervention_title``, ``prime_provider_code``, ``prime_name``, ``prime_sector``,
        ``prime_women_centred``, ``prime_bame_led``, ``prime_confidence``, ``prime_source``,
        ``live_from``, ``live_until`` ("" when open), ``day_one``, ``withdrawn``,
        ``n_subcontractors``, ``supply_chain_size`` (members: prime + subcontractors),
        ``n_members_vcs``, ``share_members_vcs``, ``share_members_women_centred``,
        ``share_members_bame_led`` (``bame_led = unknown`` counts as not), ``n_members_bame_unknown``,
        ``n_members_low_confidence``, ``subcontractor_names``.
    """
    awards = awards or load_awards()
    contracts = awards.contracts.copy()
    if service is not None:
        contracts = contracts[contracts["service"].isin(resolve_service(service))]
    start, end = _parse_date(date_from, "date_from"), _parse_date(date_to, "date_to")
    if start and end and start > end:
        raise LotDesignError(f"date_from {start} is after date_to {end}: swap them.")
    if start:
        contracts = contracts[contracts["live_from"] >= start]
    if end:
        contracts = contracts[contracts["live_from"] <= end]

    contracts["service_key"] = contracts["contract_type_id"].map(service_key)
    prime = awards.organisations.set_index("provider_code")
    contracts["prime_name"] = contracts["prime_provider_code"].map(prime["name"])
    contracts["prime_sector"] = contracts["prime_provider_code"].map(prime["sector"])
    contracts["prime_women_centred"] = contracts["prime_provider_code"].map(prime["women_centred"])
    contracts["prime_bame_led"] = contracts["prime_provider_code"].map(prime["bame_led"])
    contracts["prime_confidence"] = contracts["prime_provider_code"].map(prime["confidence"])
    contracts["prime_source"] = contracts["prime_provider_code"].map(prime["source"])

    members = _members(awards)
    members = members[members["contract_reference"].isin(contracts["contract_reference"])]
    grouped = members.assign(
        is_vcs=members["sector"] == "vcs",
        is_women=members["women_centred"] == "yes",
        is_bame=members["bame_led"] == "yes",
        bame_unknown=members["bame_led"] == "unknown",
        low=members["confidence"] == "low",
    ).groupby("contract_reference")
    make_up = pd.DataFrame(
        {
            "supply_chain_size": grouped.size(),
            "n_members_vcs": grouped["is_vcs"].sum(),
            "share_members_vcs": grouped["is_vcs"].mean(),
            "share_members_women_centred": grouped["is_women"].mean(),
            "share_members_bame_led": grouped["is_bame"].mean(),
            "n_members_bame_unknown": grouped["bame_unknown"].sum(),
            "n_members_low_confidence": grouped["low"].sum(),
        }
    )
    subs = members[members["role"] == "subcontractor"].sort_values("name").groupby("contract_reference")["name"]
    make_up["subcontractor_names"] = subs.agg("; ".join)
    contracts = contracts.join(make_up, on="contract_reference")
    contracts["subcontractor_names"] = contracts["subcontractor_names"].fillna("")
    columns = [
        "contract_reference", "service", "service_key", "contract_type_id", "lot_level", "lot_design", "lot",
        "lot_code", "lot_pfa_codes", "extent", "finer_than_map", "placement_note", "intervention_title",
        "prime_provider_code", "prime_name", "prime_sector", "prime_women_centred", "prime_bame_led",
        "prime_confidence", "prime_source", "live_from", "live_until", "day_one", "withdrawn",
        "n_subcontractors", "supply_chain_size", "n_members_vcs", "share_members_vcs",
        "share_members_women_centred", "share_members_bame_led", "n_members_bame_unknown",
        "n_members_low_confidence", "subcontractor_names",
    ]
    return contracts.sort_values(["service", "lot_level", "lot", "contract_reference"]).reset_index(drop=True)[columns]


def supply_chain_members(contract_references, awards: AwardsData | None = None) -> pd.DataFrame:
    """The members of one or more contracts' supply chains, prime first, with classification.

    Returns
    -------
    pandas.DataFrame
        ``contract_reference``, ``role``, ``provider_code``, ``name``, ``sector``,
        ``women_centred``, ``bame_led``, ``base_town``, ``registration``, ``confidence``,
        ``source``, ``note``.
    """
    awards = awards or load_awards()
    references = [contract_references] if isinstance(contract_references, str) else list(contract_references)
    members = _members(awards)
    members = members[members["contract_reference"].isin(references)]
    members = members.assign(_order=(members["role"] != "prime").astype(int))
    return (
        members.sort_values(["contract_reference", "_order", "name"])
        .drop(columns="_order")
        .reset_index(drop=True)[
            ["contract_reference", "role", "provider_code", "name", "sector", "women_centred", "bame_led",
             "base_town", "registration", "confidence", "source", "note"]
        ]
    )


def low_confidence_note(contracts: pd.DataFrame) -> str:
    """A sentence saying how many primes behind these figures are classified with low confidence."""
    low = contracts[contracts["prime_confidence"] == "low"]
    if contracts.empty:
        return "No contracts, so no classification behind these figures."
    if low.empty:
        if len(contracts) == 1:
            return "The contract's prime is not classified with low confidence."
        return f"None of the {len(contracts)} contracts has a prime whose sector is classified with low confidence."
    names = ", ".join(sorted(low["prime_name"].unique()))
    verb = "has" if len(low) == 1 else "have"
    return (
        f"{len(low)} of {len(contracts)} contracts {verb} a prime whose sector is classified with low confidence "
        f"(from the name alone): {names}."
    )


def members_low_confidence_note(contracts: pd.DataFrame, awards: AwardsData | None = None) -> str:
    """A sentence saying how many supply-chain members behind these figures are low-confidence classifications.

    The members' sector drives the VCS-member shares and the prime-vs-subcontractor counts.
    """
    awards = awards or load_awards()
    members = _members(awards)
    members = members[members["contract_reference"].isin(contracts["contract_reference"])].drop_duplicates("provider_code")
    low = members[members["confidence"] == "low"]
    if members.empty:
        return "No supply-chain members, so no classification behind these figures."
    return (
        f"{len(low)} of the {len(members)} organisations in these supply chains are classified with low "
        f"confidence (from the name alone){': ' + ', '.join(sorted(low['name'])) if len(low) else ''}."
    )


# --- per lot ----------------------------------------------------------------------------------

def _joined(values) -> str:
    return "; ".join(dict.fromkeys(str(v) for v in values if pd.notna(v) and str(v)))


def _lowest_confidence(values) -> str:
    present = [c for c in CONFIDENCE_ORDER if c in set(values)]
    return present[0] if present else ""


LOT_AWARDS_COLUMNS = (
    "service_key", "service", "lot_level", "lot_design", "lot", "lot_code", "lot_pfa_codes", "n_contracts",
    "n_contracts_vcs_prime", "prime_names", "prime_sectors", "lot_prime_sector", "prime_confidence",
    "n_primes_low_confidence", "n_members", "share_members_vcs", "share_members_women_centred",
    "share_members_bame_led", "n_members_low_confidence", "finer_than_map", "n_day_one", "n_withdrawn",
    "first_live_from", "contract_references", "placement_notes",
)


def lot_awards(contracts: pd.DataFrame, awards: AwardsData | None = None) -> pd.DataFrame:
    """One row per lot and service: its contracts, primes and supply-chain make-up.

    Parameters
    ----------
    contracts : pandas.DataFrame
        Rows of :func:`contracts_table` (filter them first: a service, dates).

    Returns
    -------
    pandas.DataFrame
        ``service_key``, ``service`` (MoJ names), ``lot_level``, ``lot_design``, ``lot``,
        ``lot_code``, ``lot_pfa_codes``, ``n_contracts``, ``n_contracts_vcs_prime``,
        ``prime_names``, ``prime_sectors``, ``lot_prime_sector`` (the sector when every contract's
        prime shares it, else ``mixed``), ``prime_confidence`` (lowest), ``n_primes_low_confidence``
        (contracts), ``n_members`` (distinct organisations in the lot's supply chains),
        ``share_members_vcs``, ``share_members_women_centred``, ``share_members_bame_led``,
        ``n_members_low_confidence``, ``finer_than_map`` (any contract), ``n_day_one``,
        ``n_withdrawn``, ``first_live_from``, ``contract_references``, ``placement_notes``.
        Contracts that could not be placed keep a row with an empty ``lot``.
    """
    awards = awards or load_awards()
    if contracts.empty:
        return pd.DataFrame(columns=LOT_AWARDS_COLUMNS)
    frame = contracts.assign(service_key=contracts["service_key"].fillna(""), lot=contracts["lot"].fillna(""))
    members = _members(awards)
    rows = []
    for (key, level, design, lot), group in frame.groupby(["service_key", "lot_level", "lot_design", "lot"], sort=True):
        chain = members[members["contract_reference"].isin(group["contract_reference"])].drop_duplicates("provider_code")
        sectors = sorted(set(group["prime_sector"]))
        rows.append(
            {
                "service_key": key,
                "service": _joined(group["service"]),
                "lot_level": level,
                "lot_design": design,
                "lot": lot,
                "lot_code": group["lot_code"].iloc[0],
                "lot_pfa_codes": group["lot_pfa_codes"].iloc[0],
                "n_contracts": len(group),
                "n_contracts_vcs_prime": int((group["prime_sector"] == "vcs").sum()),
                "prime_names": _joined(group["prime_name"]),
                "prime_sectors": _joined(group["prime_sector"]),
                "lot_prime_sector": sectors[0] if len(sectors) == 1 else "mixed",
                "prime_confidence": _lowest_confidence(group["prime_confidence"]),
                "n_primes_low_confidence": int((group["prime_confidence"] == "low").sum()),
                "n_members": len(chain),
                "share_members_vcs": float((chain["sector"] == "vcs").mean()),
                "share_members_women_centred": float((chain["women_centred"] == "yes").mean()),
                "share_members_bame_led": float((chain["bame_led"] == "yes").mean()),
                "n_members_low_confidence": int((chain["confidence"] == "low").sum()),
                "finer_than_map": bool(group["finer_than_map"].any()),
                "n_day_one": int(group["day_one"].sum()),
                "n_withdrawn": int(group["withdrawn"].sum()),
                "first_live_from": group["live_from"].min(),
                "contract_references": _joined(group["contract_reference"]),
                "placement_notes": _joined(group["placement_note"]),
            }
        )
    return pd.DataFrame(rows, columns=LOT_AWARDS_COLUMNS)


# --- per level --------------------------------------------------------------------------------

LEVEL_SUMMARY_COLUMNS = (
    "n_contracts", "n_contracts_vcs_prime", "share_contracts_vcs_prime", "n_primes_low_confidence",
    "n_distinct_primes", "largest_prime", "largest_prime_contracts", "largest_prime_share", "top3_primes_share",
    "n_vcs_organisations", "n_vcs_prime", "n_vcs_subcontractor_only", "share_vcs_organisations_prime",
    "n_vcs_organisations_low_confidence",
)


def level_summary(contracts: pd.DataFrame, *, by_service: bool = False, awards: AwardsData | None = None) -> pd.DataFrame:
    """Region lots vs PCC-area lots: who won the contracts, and where voluntary organisations sat.

    Parameters
    ----------
    contracts : pandas.DataFrame
        Rows of :func:`contracts_table`.
    by_service : bool
        Also split by service key (``service_key``; "" for Greater Manchester's mentoring).

    Returns
    -------
    pandas.DataFrame
        One row per ``lot_level`` (and ``service_key``): ``n_contracts``, ``n_contracts_vcs_prime``,
        ``share_contracts_vcs_prime``, ``n_primes_low_confidence`` (contracts whose prime's sector
        is low confidence), ``n_distinct_primes``, ``largest_prime``, ``largest_prime_contracts``,
        ``largest_prime_share`` (of the contracts), ``top3_primes_share``,
        ``n_vcs_organisations`` (in any role), ``n_vcs_prime`` (prime on at least one contract),
        ``n_vcs_subcontractor_only``, ``share_vcs_organisations_prime``,
        ``n_vcs_organisations_low_confidence``.
    """
    awards = awards or load_awards()
    members = _members(awards)
    keys = ["lot_level", "service_key"] if by_service else ["lot_level"]
    frame = contracts.assign(service_key=contracts["service_key"].fillna(""))
    rows = []
    for key, group in frame.groupby(keys, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        counts = group["prime_name"].value_counts()
        chain = members[members["contract_reference"].isin(group["contract_reference"])]
        vcs = chain[chain["sector"] == "vcs"]
        vcs_primes = set(vcs.loc[vcs["role"] == "prime", "provider_code"])
        vcs_all = set(vcs["provider_code"])
        low_vcs = set(vcs.loc[vcs["confidence"] == "low", "provider_code"])
        rows.append(
            {
                **dict(zip(keys, key)),
                "n_contracts": len(group),
                "n_contracts_vcs_prime": int((group["prime_sector"] == "vcs").sum()),
                "share_contracts_vcs_prime": float((group["prime_sector"] == "vcs").mean()),
                "n_primes_low_confidence": int((group["prime_confidence"] == "low").sum()),
                "n_distinct_primes": int(group["prime_provider_code"].nunique()),
                "largest_prime": counts.index[0],
                "largest_prime_contracts": int(counts.iloc[0]),
                "largest_prime_share": float(counts.iloc[0] / len(group)),
                "top3_primes_share": float(counts.head(3).sum() / len(group)),
                "n_vcs_organisations": len(vcs_all),
                "n_vcs_prime": len(vcs_primes),
                "n_vcs_subcontractor_only": len(vcs_all - vcs_primes),
                "share_vcs_organisations_prime": len(vcs_primes) / len(vcs_all) if vcs_all else float("nan"),
                "n_vcs_organisations_low_confidence": len(low_vcs),
            }
        )
    return pd.DataFrame(rows, columns=[*keys, *LEVEL_SUMMARY_COLUMNS])


def level_sentence(contracts: pd.DataFrame, awards: AwardsData | None = None) -> str:
    """The finding in one sentence: VCS primes in PCC-area lots vs region lots (computed)."""
    summary = level_summary(contracts, awards=awards).set_index("lot_level")
    parts = []
    for level, words in (("pcc_area", "PCC-area"), ("region", "region")):
        if level in summary.index:
            row = summary.loc[level]
            parts.append(
                f"{int(row['n_contracts_vcs_prime'])} of {int(row['n_contracts'])} {words} "
                f"contract{'' if int(row['n_contracts']) == 1 else 's'} "
                f"({100 * row['share_contracts_vcs_prime']:.0f}%)"
            )
    if not parts:
        return "No contracts match."
    return "A voluntary or community organisation was the prime in " + " but in ".join(parts) + "."


# --- model vs awarded -------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class ModelVsAwarded:
    """The model's figure for a design beside what was awarded in the same lots on day one.

    Attributes
    ----------
    service_key, design_id, design_name : str
    lots : pandas.DataFrame
        Per lot of the design: ``lot``, ``model_locally_contestable``, ``model_contestable``,
        ``n_day_one_contracts``, ``n_vcs_prime``, ``prime_names``, ``prime_sectors``,
        ``prime_confidence``, ``awarded_vcs_prime`` (True/False, missing when no day-one contract
        of this service was let for exactly this lot), ``agree``.
    n_lots_compared : int
        Lots with a day-one contract let for exactly that lot.
    model_share, awarded_share : float
        Of the compared lots: share the model finds locally contestable (a VCS organisation
        based in the lot able to bid as prime), share where a VCS prime won a day-one contract.
    n_agree : int
        Compared lots where the model and the award say the same.
    sentence : str
        One plain sentence on agreement or disagreement.
    synthetic : bool or None
        The model ran on synthetic demo organisations (None: not known, no provider set given).
    low_confidence : str
        How many primes behind the awarded figure are low-confidence classifications.
    """

    service_key: str
    design_id: str
    design_name: str
    lots: pd.DataFrame
    n_lots_compared: int
    model_share: float
    awarded_share: float
    n_agree: int
    sentence: str
    synthetic: bool | None
    low_confidence: str

    def to_dict(self) -> dict:
        """JSON-ready form."""
        lots = self.lots.astype(object).where(self.lots.notna(), None)
        return {
            "service": self.service_key, "design": self.design_id, "design_name": self.design_name,
            "n_lots_compared": self.n_lots_compared, "model_share": self.model_share,
            "awarded_share": self.awarded_share, "n_agree": self.n_agree, "sentence": self.sentence,
            "synthetic": self.synthetic, "low_confidence": self.low_confidence,
            "lots": lots.to_dict(orient="records"),
        }


#: Within this many percentage points the model and the awards "broadly agree".
AGREEMENT_MARGIN = 0.10


def model_vs_awarded(service: str, score=None, *, provider_set=None, params=None,
                     awards: AwardsData | None = None) -> ModelVsAwarded:
    """Set the model's locally-contestable figure beside the day-one awards, lot by lot.

    Parameters
    ----------
    service : str
        Model key or MoJ service name of a service in :data:`MODEL_DESIGNS` (accommodation →
        ``df_accommodation15``, ETE and finance → ``regions12``, women's services and personal
        wellbeing → ``pcc42``).
    score : lotdesign.core.scoring.DesignScore, optional
        The model's score of that design for that service. When omitted it is computed with
        ``provider_set`` (default: the synthetic demo set) and ``params`` (default: the
        defaults for the service).
    provider_set : lotdesign.core.workspace.ProviderSet, optional
    params : lotdesign.core.params.ScoringParams, optional

    Returns
    -------
    ModelVsAwarded
    """
    awards = awards or load_awards()
    names = resolve_service(service)
    key = MOJ_SERVICE_KEYS[names[0]]
    if key not in MODEL_DESIGNS:
        raise LotDesignError(
            f"No model design matches how {service_label(service)} was let (its lots mix levels). "
            f"Compare one of: {', '.join(MODEL_DESIGNS)}."
        )
    from lotdesign.core.designs import get_design, lots_table

    design = get_design(MODEL_DESIGNS[key])
    if score is None:
        from lotdesign.core.params import ScoringParams
        from lotdesign.core.scoring import score_design
        from lotdesign.core.workspace import load_provider_set

        provider_set = provider_set or load_provider_set()
        params = (params or ScoringParams()).replace(service=key)
        score = score_design(provider_set.providers, provider_set.reach, design, params,
                             context=provider_set.context(design))
        synthetic = provider_set.synthetic
    else:
        if score.design.id != design.id or score.params.service != key:
            raise LotDesignError(
                f"model_vs_awarded for {key} needs a score of {design.id} for {key}, not of "
                f"{score.design.id} for {score.params.service}."
            )
        # Without the provider set the data behind the score cannot be named.
        synthetic = provider_set.synthetic if provider_set is not None else None
    day_one = contracts_table(key, date_from=DAY_ONE_LIVE_FROM, date_to=DAY_ONE_LIVE_FROM, awards=awards)
    pfa_sets = lots_table(design)["pfa_codes"].map(lambda codes: ";".join(sorted(codes)))
    rows = []
    for lot in score.lots.index:
        matched = day_one[day_one["lot_pfa_codes"] == pfa_sets.get(lot)]
        n_vcs = int((matched["prime_sector"] == "vcs").sum())
        rows.append(
            {
                "lot": lot,
                "model_locally_contestable": bool(score.lots.loc[lot, "locally_contestable"]),
                "model_contestable": bool(score.lots.loc[lot, "n_vcs_prime_eligible"] > 0),
                "n_day_one_contracts": len(matched),
                "n_vcs_prime": n_vcs,
                "prime_names": _joined(matched["prime_name"]),
                "prime_sectors": _joined(matched["prime_sector"]),
                "prime_confidence": _lowest_confidence(matched["prime_confidence"]),
                "awarded_vcs_prime": (n_vcs > 0) if len(matched) else None,
            }
        )
    lots = pd.DataFrame(rows)
    compared = lots[lots["awarded_vcs_prime"].notna()]
    lots["agree"] = [
        None if awarded is None else bool(awarded) == bool(model)
        for awarded, model in zip(lots["awarded_vcs_prime"], lots["model_locally_contestable"])
    ]
    n = len(compared)
    model_share = float(compared["model_locally_contestable"].mean()) if n else float("nan")
    awarded_share = float(compared["awarded_vcs_prime"].astype(bool).mean()) if n else float("nan")
    n_agree = int(sum(a is True for a in lots["agree"]))
    used = day_one[day_one["lot_pfa_codes"].isin(pfa_sets.reindex(compared["lot"]).to_list())]
    sentence = _agreement_sentence(key, design.label, n, compared, model_share, awarded_share, n_agree, synthetic)
    return ModelVsAwarded(
        service_key=key, design_id=design.id, design_name=design.label, lots=lots, n_lots_compared=n,
        model_share=model_share, awarded_share=awarded_share, n_agree=n_agree, sentence=sentence,
        synthetic=synthetic, low_confidence=low_confidence_note(used),
    )


def _agreement_sentence(key, design_label, n, compared, model_share, awarded_share, n_agree, synthetic) -> str:
    if n == 0:
        return f"No day-one {service_label(key).lower()} contract was let for exactly the lots of {design_label}."
    data = {True: "synthetic demo organisations", False: "the organisations in use"}.get(synthetic, "the organisations scored")
    n_model = int(compared["model_locally_contestable"].sum())
    n_awarded = int(compared["awarded_vcs_prime"].astype(bool).sum())
    gap = model_share - awarded_share
    if abs(gap) <= AGREEMENT_MARGIN:
        verdict = "broadly agree"
    elif gap > 0:
        verdict = "disagree: the model expects more voluntary-sector primes than won"
    else:
        verdict = "disagree: more voluntary-sector primes won than the model expects"
    return (
        f"{service_label(key)}, {design_label}: on {data} the model finds a locally based voluntary "
        f"organisation able to bid as prime in {n_model} of {n} lots; in June 2021 a voluntary-sector prime "
        f"won {n_awarded} of {n} — they {verdict} (same answer in {n_agree} of {n} lots)."
    )


# --- lots on the map and as files ---------------------------------------------------------------

def awards_lots_geodataframe(lots: pd.DataFrame, *, kind: str = "display"):
    """The lots of :func:`lot_awards` with their boundaries (EPSG:4326 display or EPSG:27700 analysis).

    Each lot is the union of the units of its police force areas (``lot_pfa_codes``); region
    and PCC-area lots are dissolved separately, so a PCC area inside a region lot keeps its own
    shape. Lots that could not be placed are kept with an empty geometry.

    Returns
    -------
    geopandas.GeoDataFrame
        The rows of ``lots`` (same order) plus ``geometry``.
    """
    import geopandas as gpd

    from geo.boundaries import dissolve_lots
    from geo.units import load_units

    units = load_units()
    geometries: dict[str, object] = {}
    crs = None
    for pfas in lots["lot_pfa_codes"].dropna().unique():
        if not pfas:
            continue
        members = units.index[units["pfa_code"].isin(pfas.split(";"))]
        shape = dissolve_lots(pd.Series(pfas, index=members, name="lot"), kind=kind)
        geometries[pfas] = shape.geometry.iloc[0]
        crs = shape.crs
    if crs is None:
        crs = "EPSG:4326" if kind == "display" else "EPSG:27700"
    geometry = [geometries.get(p) for p in lots["lot_pfa_codes"].fillna("")]
    return gpd.GeoDataFrame(lots.reset_index(drop=True), geometry=geometry, crs=crs)


def write_awards_lots(lots: pd.DataFrame, path) -> "Path":
    """Write per-lot awards with boundaries: GeoPackage (EPSG:27700, layer ``awards_lots``) or GeoJSON (EPSG:4326)."""
    from lotdesign.io.writers import GEO_FORMATS, GEO_KIND, file_format, write_geo

    kind = GEO_KIND[file_format(path, GEO_FORMATS)]
    return write_geo(awards_lots_geodataframe(lots, kind=kind), path, layer="awards_lots")


def awards_lots_bytes(lots: pd.DataFrame, fmt: str) -> bytes:
    """Per-lot awards with boundaries as GeoPackage (``gpkg``) or GeoJSON (``geojson``) bytes."""
    from lotdesign.io.writers import GEO_FORMATS, GEO_KIND, geo_bytes, wrong_format_error

    if fmt not in GEO_FORMATS:
        raise wrong_format_error(f"a '{fmt}' file", GEO_FORMATS)
    return geo_bytes(awards_lots_geodataframe(lots, kind=GEO_KIND[fmt]), fmt, layer="awards_lots")


def awards_export_table(lots: pd.DataFrame, awards: AwardsData | None = None) -> pd.DataFrame:
    """Per-lot awards as a download table, with the source and the note on what it describes."""
    awards = awards or load_awards()
    table = lots.copy()
    table["source"] = awards.source_line
    table["note"] = CONTRACTS_NOT_QUALITY
    return table


def shares_by_level_and_service(contracts: pd.DataFrame, awards: AwardsData | None = None) -> pd.DataFrame:
    """Share of contracts with a VCS prime per service and lot level (long form, for a chart).

    Returns
    -------
    pandas.DataFrame
        ``service`` (label), ``lot_level`` (label), ``share_contracts_vcs_prime``,
        ``n_contracts``, ``n_contracts_vcs_prime``, ``n_primes_low_confidence``.
    """
    table = level_summary(contracts, by_service=True, awards=awards)
    if table.empty:
        return pd.DataFrame(columns=["service", "lot_level", "share_contracts_vcs_prime", "n_contracts",
                                     "n_contracts_vcs_prime", "n_primes_low_confidence"])
    return pd.DataFrame(
        {
            "service": [service_label(k) if k else "Mentoring/peer support (GM)" for k in table["service_key"]],
            "lot_level": table["lot_level"].map(LEVEL_LABELS),
            "share_contracts_vcs_prime": table["share_contracts_vcs_prime"].astype(float),
            "n_contracts": table["n_contracts"],
            "n_contracts_vcs_prime": table["n_contracts_vcs_prime"],
            "n_primes_low_confidence": table["n_primes_low_confidence"],
        }
    )


def _json_ready(frame: pd.DataFrame) -> list[dict]:
    clean = frame.astype(object).where(frame.notna(), None)
    return [
        {k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
        for row in clean.to_dict(orient="records")
    ]


def awards_report(service: str | None = None, *, date_from=None, date_to=None,
                  awards: AwardsData | None = None) -> dict:
    """Everything the ``lotdesign awards`` command prints, as a JSON-ready dict.

    Keys: ``source`` (repository, snapshot, dates), ``filters``, ``note``, ``n_contracts``,
    ``finding`` (the level sentence), ``low_confidence`` (primes), ``low_confidence_members``, ``contracts`` (records of
    :func:`contracts_table`), ``lots`` (:func:`lot_awards`), ``levels`` (:func:`level_summary`).
    """
    awards = awards or load_awards()
    contracts = contracts_table(service, date_from=date_from, date_to=date_to, awards=awards)
    return {
        "source": {
            "source": awards.source, "snapshot_commit": awards.snapshot_commit,
            "records_from": awards.records_from, "records_to": awards.records_to,
            "classification": awards.provenance.get("classification", ""),
        },
        "filters": {"service": service, "live_from_on_or_after": _parse_date(date_from, "date_from"),
                    "live_from_on_or_before": _parse_date(date_to, "date_to")},
        "note": CONTRACTS_NOT_QUALITY,
        "n_contracts": len(contracts),
        "finding": level_sentence(contracts, awards=awards),
        "low_confidence": low_confidence_note(contracts),
        "low_confidence_members": members_low_confidence_note(contracts, awards=awards),
        "contracts": _json_ready(contracts),
        "lots": _json_ready(lot_awards(contracts, awards=awards)),
        "levels": _json_ready(level_summary(contracts, awards=awards)),
    }


def print_awards(service: str | None = None, *, date_from=None, date_to=None, as_json: bool = False,
                 out=None, print_json=None) -> int:
    """The ``lotdesign awards`` command: print (or write) the contracts, lots and level summary.

    Returns the exit code (0). ``print_json`` is the CLI's JSON printer.
    """
    awards = load_awards()
    report = awards_report(service, date_from=date_from, date_to=date_to, awards=awards)
    if as_json:
        print_json(report)
        return 0
    contracts = contracts_table(service, date_from=date_from, date_to=date_to, awards=awards)
    if out:
        from pathlib import Path

        from lotdesign.io.export import write_table

        lots = lot_awards(contracts, awards=awards)
        if Path(out).suffix.lower() in (".gpkg", ".geojson", ".json"):
            print(f"Wrote {write_awards_lots(awards_export_table(lots, awards), out)}")
        else:
            print(f"Wrote {write_table(awards_export_table(lots, awards), out)}")
        return 0
    print(f"{len(contracts)} contract{'' if len(contracts) == 1 else 's'}"
          + (f" for {service_label(service)}" if service else "") + ".")
    if contracts.empty:
        print("No contract has a live_from date in that range; the records run from "
              f"{awards.records_from} to {awards.records_to}.")
        return 0
    shown = pd.DataFrame(
        {
            "reference": contracts["contract_reference"],
            "level": contracts["lot_level"],
            "lot": contracts["lot"].fillna("(not placed)") + np.where(contracts["finer_than_map"], " (part)", ""),
            "prime": contracts["prime_name"],
            "sector": contracts["prime_sector"],
            "confidence": contracts["prime_confidence"],
            "chain": contracts["supply_chain_size"],
            "live_from": contracts["live_from"],
            "live_until": contracts["live_until"],
        }
    )
    with pd.option_context("display.width", 220, "display.max_rows", 300, "display.max_colwidth", 45):
        print(shown.to_string(index=False))
    print()
    levels = level_summary(contracts, awards=awards)
    by_level = pd.DataFrame(
        {
            "contracts": levels["n_contracts"].to_numpy(),
            "VCS prime": [f"{v} ({100 * v / n:.0f}%)" for v, n in zip(levels["n_contracts_vcs_prime"], levels["n_contracts"])],
            "distinct primes": levels["n_distinct_primes"].to_numpy(),
            "largest prime": [f"{name} ({100 * share:.0f}%)" for name, share in
                              zip(levels["largest_prime"], levels["largest_prime_share"])],
            "VCS orgs: prime / only sub": [f"{a} / {b}" for a, b in
                                           zip(levels["n_vcs_prime"], levels["n_vcs_subcontractor_only"])],
        },
        index=levels["lot_level"].map(LEVEL_LABELS).to_numpy(),
    )
    with pd.option_context("display.width", 220, "display.max_colwidth", 60):
        print(by_level.to_string())
    print()
    print(report["finding"])
    print(report["low_confidence"])
    print(report["low_confidence_members"])
    print(CONTRACTS_NOT_QUALITY)
    print(awards.source_line)
    return 0
