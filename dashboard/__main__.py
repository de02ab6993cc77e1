"""Command line: python -m dashboard serve|demo."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Quartiersmonitor")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="App starten (Entwicklungsserver; für den Betrieb: make serve / gunicorn)")
    serve.add_argument("--data", help="Datensatz-Ordner (sonst QM_DATA)")
    serve.add_argument("--mode", choices=("internal", "public"), help="Betriebsart (sonst QM_MODE)")
    serve.add_argument("--port", type=int, help="Port (sonst QM_PORT)")

    demo = sub.add_parser("demo", help="Demo-Datensatz Musterstadt neu erzeugen (deterministisch)")
    demo.add_argument("--out", default="data/demo", help="Zielordner (Standard: data/demo)")
    demo.add_argument("--seed", type=int, default=2024)

    berlin = sub.add_parser("import-berlin", help="Berliner Datensätze (LOR 2021 und LOR 2006) aus den offenen Daten bauen")
    berlin.add_argument("--source", required=True, help="Ordner mit den Berliner Quelldateien (z. B. ../shared/data/berlin)")
    berlin.add_argument("--out", default="data", help="Zielordner; darin entstehen berlin/ und berlin-lor2006/")

    ingest = sub.add_parser("ingest", help="Eigene Dateien einer Stadt nach einer Konfiguration (TOML) einlesen")
    ingest.add_argument("--config", required=True, help="Konfigurationsdatei, siehe docs/ingest.md")

    args = parser.parse_args(argv)
    if args.command == "serve":
        if args.data:
            os.environ["QM_DATA"] = args.data
        if args.mode:
            os.environ["QM_MODE"] = args.mode
        if args.port:
            os.environ["QM_PORT"] = str(args.port)
        from dashboard import create_app
        from dashboard.settings import Settings

        settings = Settings.from_env()
        app = create_app(settings)
        print(f"Quartiersmonitor: http://{settings.host}:{settings.port}/  (Datensatz {settings.data_dir}, Modus {settings.mode})")
        app.run(host=settings.host, port=settings.port, debug=settings.debug)
        return 0
    if args.command == "demo":
        from dashboard.ingest.demo import build_demo

        path = build_demo(Path(args.out), seed=args.seed)
        print(f"Demo-Datensatz geschrieben: {path}")
        return 0
    if args.command in ("import-berlin", "ingest"):
        from dashboard.ingest.build import IngestError

        try:
            if args.command == "import-berlin":
                from dashboard.ingest.berlin import import_berlin

                paths = import_berlin(Path(args.source), Path(args.out))
            else:
                from dashboard.ingest.generic import ingest_from_config

                paths = [ingest_from_config(Path(args.config))]
        except (IngestError, FileNotFoundError) as exc:
            print(f"Import fehlgeschlagen: {exc}", file=sys.stderr)
            print("Der bisherige Datensatz ist unverändert.", file=sys.stderr)
            return 1
        for path in paths:
            print(f"Datensatz geschrieben: {path}")
        return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
