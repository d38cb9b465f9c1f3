"""A provider set ready to score: the load report, the reach matrix and prepared designs.

This is the unit of work the app keeps per session and the CLI builds per run: load a provider
file once, compute reach once, prepare each design once, then score as often as parameters
change.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import weakref
from dataclasses import dataclass, field

import pandas as pd

from geo.datafiles import data_dir
from geo.reach import ReachMatrix
from lotdesign.core.designs import LotDesign
from lotdesign.core.scoring import DesignContext, VcsEdges, prepare_design, vcs_edges
from lotdesign.importing.providers import ProviderLoadResult, compute_provider_reach, load_providers

#: The synthetic demo provider file shipped in the repository.
DEMO_PROVIDERS_FILE = ("providers", "demo_providers_synthetic.csv")


#: Environment variable naming a provider file that every session of a server starts with, instead
#: of the synthetic demo (set by ``lotdesign app --providers FILE``).
SHARED_PROVIDERS_ENV = "LOTDESIGN_PROVIDERS"


def shared_provider_source() -> str | None:
    """The provider file a server pre-loads for every session, or None for the synthetic demo."""
    return os.environ.get(SHARED_PROVIDERS_ENV) or None


def frame_fingerprint(frame: pd.DataFrame | pd.Series) -> str:
    """A fingerprint of a table's content: index, columns (names and order) and every value."""
    digest = hashlib.sha256(repr(list(frame.columns) if isinstance(frame, pd.DataFrame) else frame.name).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return digest.hexdigest()[:20]


#: Fingerprints of designs already seen (a design is frozen; forgotten with the design object).
_DESIGN_FINGERPRINTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def design_fingerprint(design: LotDesign) -> str:
    """A fingerprint of a design's content: every field (id, name, level, scope, ...) and its lot of every district.

    Two design objects with the same fingerprint score the same; a freed design's fingerprint
    can never be taken by a different one (as its ``id()`` can). Computed once per design object.
    """
    if design not in _DESIGN_FINGERPRINTS:
        digest = hashlib.sha256()
        for item in dataclasses.fields(design):
            value = getattr(design, item.name)
            text = frame_fingerprint(value) if isinstance(value, (pd.Series, pd.DataFrame)) else repr(value)
            digest.update(f"{item.name}={text}\x1f".encode())
        _DESIGN_FINGERPRINTS[design] = digest.hexdigest()[:20]
    return _DESIGN_FINGERPRINTS[design]


#: Fingerprints of provider sets already seen (computed once per set; forgotten with the set).
_PROVIDER_FINGERPRINTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def provider_fingerprint(provider_set: "ProviderSet") -> str:
    """A fingerprint of a provider set's accepted organisations (every column, every row), computed once per set."""
    if provider_set not in _PROVIDER_FINGERPRINTS:
        _PROVIDER_FINGERPRINTS[provider_set] = frame_fingerprint(provider_set.providers)
    return _PROVIDER_FINGERPRINTS[provider_set]


def demo_providers_path():
    """Path of the bundled synthetic demo provider file."""
    return data_dir().joinpath(*DEMO_PROVIDERS_FILE)


@dataclass(eq=False)
class ProviderSet:
    """Accepted providers with their reach, and design contexts prepared on demand."""

    load: ProviderLoadResult
    reach: ReachMatrix
    _contexts: dict = field(default_factory=dict)

    @property
    def providers(self):
        return self.load.accepted

    @property
    def synthetic(self) -> bool:
        return self.load.synthetic

    @property
    def edges(self) -> VcsEdges:
        """The VCS edge pairs shared by every design's context (computed once)."""
        if "_edges" not in self._contexts:
            self._contexts["_edges"] = vcs_edges(self.providers, self.reach)
        return self._contexts["_edges"]

    def context(self, design: LotDesign) -> DesignContext:
        """The prepared context of ``design`` (computed once per design content, see :func:`design_fingerprint`)."""
        key = (design.id, design_fingerprint(design))
        if key not in self._contexts:
            self._contexts[key] = prepare_design(self.providers, self.reach, design, edges=self.edges)
        return self._contexts[key]


def build_provider_set(load: ProviderLoadResult) -> ProviderSet:
    """Compute the reach of a load result's accepted providers."""
    return ProviderSet(load, compute_provider_reach(load.accepted))


def load_provider_set(source=None) -> ProviderSet:
    """Load a provider file (default: the bundled synthetic demo set) and compute its reach."""
    if source is None:
        load = load_providers(demo_providers_path(), source_name="synthetic demo data", synthetic=True)
    else:
        load = load_providers(source)
    return build_provider_set(load)
