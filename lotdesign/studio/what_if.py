""""What if there were N lots?": the best design the search finds for N lots of whole PCC areas,
named by what it is ("Best 20 lots found — locally contestable population").

A thin, quick use of :func:`lotdesign.studio.suggest.suggest_design` for live questions (the app's
first screen and presentation mode): PCC-area level, the default balance bounds, one seed, and a
time budget that keeps the answer within a few seconds for any N from 2 to 42.
"""

from __future__ import annotations

import dataclasses

from geo.reach import ReachMatrix
from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import VcsEdges
from lotdesign.errors import ValidationError
from lotdesign.studio.suggest import OBJECTIVES, Suggestion, suggest_design

#: Short names of the objectives, as they end a what-if design's name.
OBJECTIVE_SHORT_NAMES = {
    "locally_contestable_population": "locally contestable population",
    "women_prime_reach": "women reached by a prime-eligible women's specialist",
    "bame_prime_reach": "minority-ethnic residents reached by a prime-eligible BAME specialist",
    "local_fit": "VCS organisations able to bid as prime for their home lot",
}
#: PCC areas (City of London with the Metropolitan Police): the most lots of whole areas.
MAX_LOTS = 42
MIN_LOTS = 2
#: Seconds the search may take (the full re-score of the design found comes on top, about 0.1 s).
TIME_BUDGET_S = 4.0


def what_if_name(n_lots: int, objective: str = "locally_contestable_population") -> str:
    """``"Best 20 lots found — locally contestable population"``."""
    return f"Best {n_lots} lots found — {OBJECTIVE_SHORT_NAMES.get(objective, objective.replace('_', ' '))}"


def best_design_for(
    providers,
    reach: ReachMatrix,
    n_lots: int,
    params: ScoringParams,
    *,
    objective: str = "locally_contestable_population",
    edges: VcsEdges | None = None,
    design_id: str = "whatif",
    seed: int = 1,
    time_budget_s: float = TIME_BUDGET_S,
) -> Suggestion:
    """The best design of ``n_lots`` lots of whole PCC areas that the search finds, named for what it is.

    Parameters
    ----------
    providers, reach :
        Accepted providers and their reach (a :class:`lotdesign.importing.workspace.ProviderSet`'s).
    n_lots : int
        Number of lots, 2 to 42.
    params : ScoringParams
        Service and assumptions in use (the search maximises ``objective`` under them).
    objective : str
        One of :data:`lotdesign.studio.suggest.OBJECTIVES`.
    edges : VcsEdges, optional
        The provider set's shared edges (saves preparing them again).
    design_id, seed, time_budget_s :
        Id of the design returned; random seed (the same seed gives the same design unless the
        time budget stops the search); seconds the search may take.

    Returns
    -------
    Suggestion
        With ``design.name`` set by :func:`what_if_name`.

    Raises
    ------
    ValidationError
        When ``n_lots`` is outside 2–42 or ``objective`` is unknown.
    """
    if objective not in OBJECTIVES:
        raise ValidationError(f"Unknown objective '{objective}'; choose one of {', '.join(OBJECTIVES)}.")
    if not MIN_LOTS <= int(n_lots) <= MAX_LOTS:
        raise ValidationError(f"{n_lots} lots: choose {MIN_LOTS} to {MAX_LOTS} lots of whole PCC areas (there are "
                              f"{MAX_LOTS} areas); for more lots, use the design studio at district level.")
    suggestion = suggest_design(providers, reach, n_lots=int(n_lots), objective=objective, params=params, unit="pfa",
                                seed=seed, time_budget_s=time_budget_s, edges=edges, design_id=design_id, n_designs=1)
    design = dataclasses.replace(
        suggestion.design, name=what_if_name(int(n_lots), objective),
        description=suggestion.design.description + " Asked as “what if there were "
        f"{int(n_lots)} lots?”: the best design the search found, not a proven optimum.",
    )
    return dataclasses.replace(suggestion, design=design)
