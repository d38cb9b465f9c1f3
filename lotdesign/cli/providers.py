"""The ``columns`` and ``demo`` commands: how a provider file is read; the synthetic demo file."""

from __future__ import annotations


def add_commands(commands) -> None:
    """Add ``columns`` and ``demo``."""
    columns = commands.add_parser("columns", help="show how a provider file's columns are read; save the mapping to re-use")
    columns.add_argument("providers", help="provider file (CSV, XLSX, GeoJSON, GPKG)")
    columns.add_argument("--columns", default=None, metavar="MAPPING.json", help="start from this column mapping")
    columns.add_argument("--out", default=None, metavar="MAPPING.json", help="write the mapping (with proposals applied) here")
    columns.set_defaults(func=_cmd_columns)

    demo = commands.add_parser("demo", help="write the synthetic demo provider file")
    demo.add_argument("--n", type=int, default=None, help="number of organisations (default ~1,450; 13,500 for benchmarks)")
    demo.add_argument("--seed", type=int, default=None, help="random seed")
    demo.add_argument("--out", default=None, help="output CSV (default: the bundled demo file)")
    demo.set_defaults(func=_cmd_demo)


def _cmd_columns(args) -> int:
    from pathlib import Path

    from lotdesign.importing.providers import ColumnMapping, prepare_import

    draft = prepare_import(args.providers, columns=ColumnMapping.read(args.columns) if args.columns else None)
    where = f"row {draft.mapping.header_row}" + (f" of sheet '{draft.mapping.sheet}'" if draft.mapping.sheet else "")
    print(f"{draft.source_name}: headings on {where}; {len(draft.table.frame):,} data rows.")
    for column, name in draft.mapping.columns.items():
        how = {"name": "matched by name", "proposed": "proposed", "chosen": "from the mapping file"}.get(draft.matched_by.get(column), "")
        samples = ", ".join(repr(v) for v in draft.samples(column))
        print(f"  {column} → {name or 'not used'}" + (f" ({how})" if name and how else "") + (f"   e.g. {samples}" if samples else ""))
    for proposal in draft.proposals:
        print(f"proposed: '{proposal.column}' → {proposal.field}: {proposal.reason}")
    _print_area_questions(draft)
    for problem in draft.problems:
        print(f"problem: {problem}")
    if args.out:
        Path(args.out).write_text(draft.mapping.to_json(), encoding="utf-8")
        print(f"Wrote the column mapping to {args.out} (use it with --columns).")
    return 1 if draft.problems else 0


def _print_area_questions(draft) -> None:
    """Each area name not understood, with its rows and suggestions, and how to decide it in the mapping."""
    from lotdesign.importing.areas import area_decisions_key, unknown_area_names

    column = draft.mapping.field_columns().get("service_area")
    if column is None:
        return
    questions = unknown_area_names(draft.table.frame[column].to_numpy(dtype=object), area_decisions_key(draft.mapping.areas))
    for name, rows, suggestions in questions.itertuples(index=False):
        shown = " or ".join(repr(s) for s in suggestions) or "no close area name"
        print(f"area: '{name}' ({rows:,} row{'s' if rows != 1 else ''}) is not a known area; suggested: {shown}")
    if len(questions):
        print('Decide each once in the mapping file\'s "areas", e.g. "areas": {"'
              + questions["name"].iat[0] + '": "' + (questions["suggestions"].iat[0] or ["an area name"])[0] + '"}.')


def _cmd_demo(args) -> int:
    from lotdesign.importing import demo

    kwargs = {k: v for k, v in (("n", args.n), ("seed", args.seed)) if v is not None}
    path = demo.write_demo_providers(args.out or demo.DEMO_PATH, **kwargs)
    print(f"Wrote synthetic demo providers to {path}")
    return 0
