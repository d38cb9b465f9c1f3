"""The model beside what was awarded: only for lots let whole, and read as "could bid as prime".

The model finds where a locally based voluntary organisation *could bid as prime*; the record
shows where one *won*. Only contracts let for exactly a lot of the model design (a whole region
or a whole PCC area) are compared — never a borough lot or a London part-lot against a whole area.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lotdesign.awards.contracts import contracts_table, low_confidence_note
from lotdesign.awards.data import (
    DAY_ONE,
    MOJ_SERVICE_KEYS,
    WHOLE_LOT_EXTENTS,
    AwardsData,
    joined,
    load_awards,
    long_date,
    lowest_confidence,
    parse_date,
    resolve_service,
    service_label,
)
from lotdesign.errors import LotDesignError

#: The model design matching how MoJ let each service on day one (contract lots, 2021).
MODEL_DESIGNS = {
    "accommodation": "df_accommodation15",
    "ete": "regions12",
    "women": "pcc42",
    "personal_wellbeing": "pcc42",
    "finance_benefit_debt": "regions12",
}
#: Within this many percentage points the model and the awards "broadly agree".
AGREEMENT_MARGIN = 0.10


@dataclass(frozen=True, eq=False)
class ModelVsAwarded:
    """The model's figure for a design beside what was awarded in the same lots on a day.

    Attributes
    ----------
    service_key, design_id, design_name : str
    as_of : str
        The day of the record compared (ISO).
    lots : pandas.DataFrame
        Per lot of the design: ``lot``, ``model_locally_contestable`` (a local VCS organisation
        could bid as prime), ``model_contestable``, ``n_contracts``, ``n_vcs_prime``,
        ``prime_names``, ``prime_sectors``, ``prime_confidence``, ``awarded_vcs_prime``
        (True/False; missing when no contract of this service was let for exactly this lot and in
        force that day), ``agree``.
    n_lots_compared : int
    model_share, awarded_share : float
        Of the compared lots: share where a local VCS organisation could bid as prime (model),
        share where a VCS prime held the contract (record).
    n_agree : int
    sentence : str
    synthetic : bool or None
        The model ran on synthetic demo organisations (None: not known).
    low_confidence : str
    """

    service_key: str
    design_id: str
    design_name: str
    as_of: str
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
            "as_of": self.as_of, "n_lots_compared": self.n_lots_compared, "model_share": self.model_share,
            "awarded_share": self.awarded_share, "n_agree": self.n_agree, "sentence": self.sentence,
            "synthetic": self.synthetic, "low_confidence": self.low_confidence,
            "lots": lots.to_dict(orient="records"),
        }


def _score(design, key, score, provider_set, params):
    """The model's score of ``design`` for ``key`` and whether it ran on synthetic data."""
    if score is None:
        from lotdesign.core.params import ScoringParams
        from lotdesign.core.scoring import score_design
        from lotdesign.importing.workspace import load_provider_set

        provider_set = provider_set or load_provider_set()
        params = (params or ScoringParams()).replace(service=key)
        score = score_design(provider_set.providers, provider_set.reach, design, params,
                             context=provider_set.context(design))
        return score, provider_set.synthetic
    if score.design.id != design.id or score.params.service != key:
        raise LotDesignError(
            f"model_vs_awarded for {key} needs a score of {design.id} for {key}, not of "
            f"{score.design.id} for {score.params.service}."
        )
    # Without the provider set the data behind the score cannot be named.
    return score, (provider_set.synthetic if provider_set is not None else None)


def _lot_districts(design) -> pd.Series:
    """Each lot of ``design`` → its districts, ``;``-joined and sorted (as ``area_lad_codes``)."""
    from geo.units import load_units
    from lotdesign.core.designs import lots_table

    units = load_units()
    return lots_table(design)["pfa_codes"].map(
        lambda codes: ";".join(sorted(units.index[units["pfa_code"].isin(list(codes))])))


def _compare_lots(score, whole: pd.DataFrame, districts: pd.Series) -> pd.DataFrame:
    rows = []
    for lot in score.lots.index:
        matched = whole[whole["area_lad_codes"] == districts.get(lot)]
        n_vcs = int((matched["prime_sector"] == "vcs").sum())
        awarded = (n_vcs > 0) if len(matched) else None
        model = bool(score.lots.loc[lot, "locally_contestable"])
        rows.append({
            "lot": lot, "model_locally_contestable": model,
            "model_contestable": bool(score.lots.loc[lot, "n_vcs_prime_eligible"] > 0),
            "n_contracts": len(matched), "n_vcs_prime": n_vcs, "prime_names": joined(matched["prime_name"]),
            "prime_sectors": joined(matched["prime_sector"]),
            "prime_confidence": lowest_confidence(matched["prime_confidence"]), "awarded_vcs_prime": awarded,
            "agree": None if awarded is None else awarded == model,
        })
    return pd.DataFrame(rows)


def model_vs_awarded(service: str, score=None, *, provider_set=None, params=None, as_of=DAY_ONE,
                     awards: AwardsData | None = None) -> ModelVsAwarded:
    """Set the model's "could bid as prime" figure beside the contracts let whole for the same lots.

    Parameters
    ----------
    service : str
        Model key or MoJ service name of a service in :data:`MODEL_DESIGNS`.
    score : lotdesign.core.scoring.DesignScore, optional
        The model's score of that design for that service (computed with ``provider_set`` and
        ``params`` when omitted).
    provider_set, params : optional
    as_of : str or date
        The day of the record (default day one, 26 June 2021).

    Returns
    -------
    ModelVsAwarded
    """
    awards = awards or load_awards()
    key = MOJ_SERVICE_KEYS[resolve_service(service)[0]]
    if key not in MODEL_DESIGNS:
        raise LotDesignError(
            f"No model design matches how {service_label(service)} was let (its lots mix levels). "
            f"Compare one of: {', '.join(MODEL_DESIGNS)}."
        )
    from lotdesign.core.designs import get_design

    design = get_design(MODEL_DESIGNS[key])
    score, synthetic = _score(design, key, score, provider_set, params)
    day = parse_date(as_of, "as_of")
    record = contracts_table(key, as_of=day, awards=awards)
    whole = record[record["extent"].isin(WHOLE_LOT_EXTENTS)]
    districts = _lot_districts(design)
    lots = _compare_lots(score, whole, districts)
    compared = lots[lots["awarded_vcs_prime"].notna()]
    n = len(compared)
    model_share = float(compared["model_locally_contestable"].mean()) if n else float("nan")
    awarded_share = float(compared["awarded_vcs_prime"].astype(bool).mean()) if n else float("nan")
    n_agree = int(sum(a is True for a in lots["agree"]))
    used = whole[whole["area_lad_codes"].isin(districts.reindex(compared["lot"]).to_list())]
    sentence = _agreement_sentence(key, design.label, day, compared, model_share, awarded_share, n_agree, synthetic)
    return ModelVsAwarded(
        service_key=key, design_id=design.id, design_name=design.label, as_of=day, lots=lots, n_lots_compared=n,
        model_share=model_share, awarded_share=awarded_share, n_agree=n_agree, sentence=sentence,
        synthetic=synthetic, low_confidence=low_confidence_note(used),
    )


def _agreement_sentence(key, design_label, day, compared, model_share, awarded_share, n_agree, synthetic) -> str:
    when = long_date(day)
    n = len(compared)
    if n == 0:
        return (f"On {when} no {service_label(key).lower()} contract in force was let for exactly a lot of "
                f"{design_label}, so there is nothing to compare.")
    data = {True: "synthetic demo organisations", False: "the organisations in use"}.get(synthetic, "the organisations scored")
    n_model = int(compared["model_locally_contestable"].sum())
    n_awarded = int(compared["awarded_vcs_prime"].astype(bool).sum())
    gap = model_share - awarded_share
    if abs(gap) <= AGREEMENT_MARGIN:
        verdict = "the two broadly agree"
    elif gap > 0:
        verdict = "more lots could have a voluntary-sector prime than had one"
    else:
        verdict = "more lots had a voluntary-sector prime than the model finds could bid"
    return (
        f"{service_label(key)}, {design_label}, lots let whole: on {data} a locally based voluntary organisation "
        f"could bid as prime in {n_model} of {n} lots; on {when} a voluntary-sector prime held the contract in "
        f"{n_awarded} of {n} — {verdict} (same answer in {n_agree} of {n} lots). Could bid is not expected to win."
    )
