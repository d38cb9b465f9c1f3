"""The ``app`` command: start the web app (the Streamlit server) with one command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: Streamlit's usual port.
DEFAULT_PORT = 8501


def add_commands(commands) -> None:
    """Add ``app``."""
    app = commands.add_parser(
        "app", help="start the web app (demo data, or a provider list pre-loaded for every session)",
        description="Start the Lot Design Explorer web app with the package's server settings (uploads up "
        "to 25 MB, XSRF protection on, no usage statistics). Stop it with Ctrl-C.",
    )
    app.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    app.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for every "
                     "network interface, e.g. behind a reverse proxy on another machine)")
    app.add_argument("--base-path", default="", metavar="PATH",
                     help="serve the app under this URL path (e.g. lots for https://example.org/lots/), behind a reverse proxy")
    app.add_argument("--providers", default=None, metavar="FILE",
                     help="provider list every session starts with instead of the synthetic demo (CSV, XLSX, "
                     "GeoJSON, GPKG); each user's own uploads stay private to their session")
    app.set_defaults(func=_cmd_app)


def _check_providers(path: str) -> Path:
    """Load the pre-loaded list once now, so a bad file stops here with the loader's message."""
    from lotdesign.errors import InputFileError
    from lotdesign.importing.providers import load_providers

    source = Path(path).expanduser().resolve()
    if not source.is_file():
        raise FileNotFoundError(f"--providers: no file {path}. Give the path of a provider list (CSV, XLSX, GeoJSON, GPKG).")
    load = load_providers(source)
    if load.n_accepted == 0:
        raise InputFileError(f"--providers: no organisation in {source.name} could be used "
                             f"({load.n_rejected:,} rows rejected); see `lotdesign score --providers {path}` for the reasons.")
    warned = load.warnings["source_row"].nunique() if len(load.warnings) else 0
    print(f"Every session starts with {load.n_accepted:,} organisations from {source.name} "
          f"({load.n_rejected:,} rows rejected, {warned:,} rows with warnings).")
    return source


def _cmd_app(args) -> int:
    """Check the options and the pre-loaded list, then become the server (``python -m ui.serve``)."""
    from lotdesign import __version__
    from lotdesign.importing.workspace import SHARED_PROVIDERS_ENV

    if not 0 < args.port < 65536:
        raise SystemExit(f"lotdesign app: --port {args.port} is not a port number (1–65535).")
    if args.providers:
        os.environ[SHARED_PROVIDERS_ENV] = str(_check_providers(args.providers))
    else:
        os.environ.pop(SHARED_PROVIDERS_ENV, None)
        print("Every session starts with the synthetic demo organisations (not real organisations).")
    shown_host = "localhost" if args.host in ("127.0.0.1", "localhost") else args.host
    path = f"{args.base_path.strip('/')}/" if args.base_path.strip("/") else ""
    print(f"Lot Design Explorer {__version__}: http://{shown_host}:{args.port}/{path}  (Ctrl-C to stop)", flush=True)
    # The server replaces this process (same process id), so stopping it stops the server. The
    # web app is started as its own module: the library does not import the app's code.
    command = [sys.executable, "-m", "ui.serve", f"--server.port={args.port}", f"--server.address={args.host}",
               f"--server.baseUrlPath={args.base_path.strip('/')}"]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, command)
    return 0  # not reached
