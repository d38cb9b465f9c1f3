"""The notebook entry points: ``import lotdesign`` is enough to score and compare designs."""

import pydoc

import lotdesign


def test_help_lists_the_entry_points():
    text = pydoc.render_doc(lotdesign, renderer=pydoc.plaintext)
    for name in ("get_design", "load_provider_set", "score_design", "compare_designs", "ScoringParams",
                 "ValidationError", "LotDesignError"):
        assert name in text, name


def test_entry_points_compare_the_two_headline_designs():
    provider_set = lotdesign.load_provider_set(None)
    designs = [lotdesign.get_design("pcc42"), lotdesign.get_design("regions12")]
    comparison = lotdesign.compare_designs(provider_set.providers, provider_set.reach, designs,
                                           lotdesign.ScoringParams(service="women"))
    assert comparison.table.loc["pcc42", "n_lots"] == 42
    assert comparison.table.loc["regions12", "n_lots"] == 12


def test_an_unknown_entry_point_says_so():
    try:
        lotdesign.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("expected AttributeError")
