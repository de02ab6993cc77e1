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

    burden = sub.add_parser("burden", help="Mehrfachbelastung je Gebiet nach einer Regel des Datensatzes ausgeben")
    burden.add_argument("--data", required=True, help="Datensatz-Ordner")
    burden.add_argument("--year", type=int, required=True)
    burden.add_argument("--rule", help="id der Regel (Standard: die offizielle)")
    burden.add_argument("--format", choices=("csv",), default="csv")

    index = sub.add_parser("index", help="Status-/Dynamik-Index aus den Rohindikatoren berechnen und ausgeben")
    index.add_argument("index_id", help="id des Index im Datensatz, z. B. mss")
    index.add_argument("--data", required=True, help="Datensatz-Ordner")
    index.add_argument("--year", type=int, required=True)
    index.add_argument("--format", choices=("csv",), default="csv")

    audit = sub.add_parser("audit", help="Geheimhaltung prüfen: lässt sich aus der öffentlichen Ansicht ein zurückgehaltener Wert ableiten?")
    audit.add_argument("--data", required=True, help="Datensatz-Ordner")
    audit.add_argument("--workers", type=int, default=2, help="Prozesse für die linearen Programme (Standard: 2)")
    audit.add_argument("--alle", action="store_true", help="jede geschützte Zelle mit ihrem Intervall ausgeben, nicht nur offengelegte")

    opendata = sub.add_parser("opendata", help="Offene Daten (Downloads unter /daten) in einen leeren Ordner schreiben")
    opendata.add_argument("--data", required=True, help="Datensatz-Ordner")
    opendata.add_argument("--mode", choices=("public", "internal"), default="public",
                          help="public: nur, was die öffentliche Ansicht zeigt (Standard)")
    opendata.add_argument("--out", required=True, help="Zielordner (leer)")

    measures = sub.add_parser("measures", help="Maßnahmen eines bestehenden Datensatzes ersetzen (CSV/XLSX, docs/ingest.md „Maßnahmen“)")
    measures.add_argument("--data", required=True, help="Datensatz-Ordner, z. B. data/berlin")
    measures.add_argument("--file", required=True, help="Maßnahmentabelle (.csv oder .xlsx) mit den Standard-Spaltennamen")
    measures.add_argument("--sheet", help="Blatt der XLSX-Datei (nötig bei mehreren Blättern)")
    measures.add_argument("--source", default="", help="Quelle der Tabelle (erscheint unter der Tabelle im Profil)")
    measures.add_argument("--stand", default="", help="Stand der Tabelle, z. B. 01.03.2025")

    args = parser.parse_args(argv)
    if args.command == "measures":
        return _measures(args)
    if args.command == "audit":
        return _audit(args)
    if args.command == "opendata":
        return _opendata(args)
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
    if args.command in ("burden", "index"):
        return _report(args)
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


def _measures(args) -> int:
    """Validate a measures table and swap it into an existing dataset folder (new release id); nothing changes on error."""
    from dashboard.ingest import measures
    from dashboard.ingest.build import IngestError

    try:
        raw = measures.read_table(measures.spec_for_file(Path(args.file), args.sheet, args.source, args.stand))
        folder, release, changed = measures.replace_measures(Path(args.data), raw)
    except IngestError as exc:
        print(f"Maßnahmen nicht übernommen: {exc}", file=sys.stderr)
        print("Der bisherige Datensatz ist unverändert.", file=sys.stderr)
        return 1
    if not changed:
        print(f"Maßnahmen unverändert (gleiche Tabelle); Datenstand {release} bleibt.")
        return 0
    print(f"Maßnahmen übernommen: {len(raw.rows)} Zeilen in {folder}, neuer Datenstand {release}. "
          "Laufende Server lesen den Ordner nur beim Start: bitte neu starten (z. B. gunicorn mit HUP neu laden).")
    return 0


def _audit(args) -> int:
    """Exit 0 when no protected cell can be narrowed below the rule from what public mode publishes, else 1."""
    from dashboard.audit import print_report, run_audit
    from dashboard.catalog import load_dataset
    from dashboard.monitor import Monitor
    from dashboard.store import Store

    dataset = load_dataset(Path(args.data))
    monitor = Monitor(dataset, Store(dataset.path), public=True)
    result = run_audit(monitor, workers=max(1, args.workers))
    print_report(result, dataset.id, verbose=args.alle)
    return 1 if len(result.exposed) or result.inconsistent or result.switches else 0


def _opendata(args) -> int:
    """Write the open-data files of a dataset and mode (what /daten serves; the app runs this in a process of its
    own, at lower priority, so serving stays responsive)."""
    from dashboard.catalog import load_dataset
    from dashboard.monitor import Monitor
    from dashboard.opendata import write_build
    from dashboard.store import Store

    os.nice(10)
    dataset = load_dataset(Path(args.data))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    files = write_build(Monitor(dataset, Store(dataset.path), public=args.mode == "public"), out)
    print(f"Offene Daten geschrieben: {len(files)} Dateien in {out}")
    return 0


def _report(args) -> int:
    """burden / index: read the dataset as staff do (internal mode) and print CSV to stdout."""
    import csv

    from dashboard.catalog import RegistryError, load_dataset
    from dashboard.monitor import Monitor
    from dashboard.store import Store

    try:
        dataset = load_dataset(Path(args.data))
    except RegistryError as exc:
        print(f"Datensatz nicht lesbar: {exc}", file=sys.stderr)
        return 1
    monitor = Monitor(dataset, Store(dataset.path))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    if args.command == "burden":
        rules = monitor.burden_rules()
        rule = monitor.burden_rule(args.rule) if args.rule else (rules[0] if rules else None)
        if rule is None:
            known = ", ".join(r.id for r in rules) or "keine"
            print(f"Regel {args.rule!r} gibt es in {dataset.path} nicht (vorhanden: {known}).", file=sys.stderr)
            return 1
        if args.year not in monitor.burden_years(rule):
            print(f"Für {args.year} fehlen Werte der Regel {rule.id!r} (Jahre: {monitor.burden_years(rule)}).", file=sys.stderr)
            return 1
        table = monitor.burden(rule, args.year).sort_index()
        writer.writerow(["area_id", "name", "burden_count", "burdens"])
        for area_id, row in table.iterrows():
            writer.writerow([area_id, row["name"], int(row["burden_count"]), ";".join(row["burdens"])])
        return 0
    definition = monitor.index_definition(args.index_id)
    if definition is None:
        print(f"Index {args.index_id!r} gibt es in {dataset.path} nicht (vorhanden: {', '.join(d.id for d in dataset.indices) or 'keiner'}).", file=sys.stderr)
        return 1
    if args.year not in monitor.index_years(definition):
        print(f"Für {args.year} fehlen Werte des Index {definition.id!r} (Jahre: {monitor.index_years(definition)}).", file=sys.stderr)
        return 1
    from dashboard.present import DYNAMIC_TEXTS

    table = monitor.index_classes(definition, args.year).sort_index()
    writer.writerow(["area_id", "status_class", "dynamic_class", "status_dynamic"])
    for area_id, row in table[table["valid"]].iterrows():
        # the dynamics as the MSS publishes it (positiv/stabil/negativ), so the output compares with the source
        writer.writerow([area_id, int(row["status_class"]), DYNAMIC_TEXTS[int(row["dynamic_class"])], row["status_dynamic"]])
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        sys.stderr.close()
        sys.exit(0)
