"""All runtime settings in one place: each QM_* variable with its default and help text.

The README documents every setting; tests/unit/test_settings.py checks that it does.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("QM_DATA", "data/demo", "Datensatz-Ordner, den die App zeigt (relativ zum Projektordner oder absolut)."),
    Setting("QM_MODE", "internal", "Betriebsart: 'internal' (alle Indikatoren, Verwaltung) oder 'public' (nur öffentliche Indikatoren, kleine Fallzahlen unterdrückt)."),
    Setting("QM_HOST", "127.0.0.1", "Adresse, an die der Server bindet."),
    Setting("QM_PORT", "8050", "Port des Servers (make run, make serve)."),
    Setting("QM_WORKERS", "2", "Anzahl der gunicorn-Worker für make serve."),
    Setting("QM_CACHE_DIR", "auto", "Ordner für den Dateicache (flask-caching FileSystemCache, je Datenstand ein Unterordner). "
            "'auto' = eigener Ordner je Instanz außerhalb des Projektordners ($XDG_RUNTIME_DIR bzw. Temp-Ordner/"
            "quartiersmonitor-<uid>-<modus>-<datensatz>, Rechte 0700); leer = Cache im Arbeitsspeicher je Prozess. "
            "Der Server startet nicht, wenn der Ordner einem anderen Benutzer gehört, für Gruppe oder alle beschreibbar "
            "ist oder der anderen Betriebsart (internal/public) gehört: aus ihm werden Pickle-Dateien gelesen."),
    Setting("QM_REDIS_URL", "", "Gemeinsamer Cache mehrerer App-Hosts in Redis (flask-caching RedisCache), z. B. "
            "'redis://:passwort@10.0.0.5:6379/0' oder 'unix:///run/redis/redis.sock'; leer = kein Redis (Cache nach "
            "QM_CACHE_DIR). Jeder Schlüssel beginnt mit Betriebsart, Datensatz, Datenstand und Build, eine neue Release "
            "liest nie Einträge einer alten. Der Cache enthält Pickles: Redis nur für die App-Hosts erreichbar, mit "
            "Passwort, nie von einer internen und einer öffentlichen Instanz geteilt (docs/betrieb.md)."),
    Setting("QM_TILE_URL", "", "Optionale Hintergrundkarte als Kachel-URL (z. B. eines eigenen Kachelservers); leer = keine Kacheln, offline-tauglich."),
    Setting("QM_TILE_ATTRIBUTION", "", "Quellenangabe zur Hintergrundkarte aus QM_TILE_URL."),
    Setting("QM_DEBUG", "0", "1 = Dash-Debugmodus (nur lokal; im Modus 'public' immer aus)."),
    Setting("QM_OPERATOR", "", "Betreiber für Impressum und Datenschutzhinweis (/impressum, /datenschutz), z. B. 'Stadt Musterstadt, Amt für Statistik, Musterstraße 1, 12345 Musterstadt'; leer = Platzhalter."),
    Setting("QM_CONTACT", "", "Kontakt des Betreibers für Impressum und Datenschutzhinweis (E-Mail-Adresse oder Telefon); leer = Platzhalter."),
)


def _env(name: str, environ: dict[str, str]) -> str:
    default = next(s.default for s in SETTINGS if s.name == name)
    return environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    mode: str = "internal"
    host: str = "127.0.0.1"
    port: int = 8050
    workers: int = 2
    cache_dir: Path | None = None  # None: see cache_auto
    cache_auto: bool = False  # QM_CACHE_DIR=auto: a per-instance folder (dashboard/cache_dir.py); else None = memory
    redis_url: str = ""  # QM_REDIS_URL: the cache of several app hosts in one Redis (dashboard/cache_dir.py)
    tile_url: str = ""
    tile_attribution: str = ""
    debug: bool = False
    operator: str = ""
    contact: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def public(self) -> bool:
        return self.mode == "public"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        mode = _env("QM_MODE", env).strip().lower()
        if mode not in ("internal", "public"):
            raise ValueError(f"QM_MODE={mode!r} ist ungültig: erlaubt sind 'internal' oder 'public'.")
        data_dir = Path(_env("QM_DATA", env))
        if not data_dir.is_absolute():
            candidate = Path.cwd() / data_dir
            data_dir = candidate if candidate.exists() else PROJECT_ROOT / data_dir
        cache = _env("QM_CACHE_DIR", env).strip()
        cache_dir, cache_auto = None, cache.lower() == "auto"
        if cache and not cache_auto:
            cache_dir = Path(cache) if Path(cache).is_absolute() else PROJECT_ROOT / cache
        try:
            port = int(_env("QM_PORT", env))
            workers = int(_env("QM_WORKERS", env))
        except ValueError as exc:
            raise ValueError(f"QM_PORT und QM_WORKERS müssen ganze Zahlen sein ({exc}).") from None
        return cls(
            data_dir=data_dir,
            mode=mode,
            host=_env("QM_HOST", env),
            port=port,
            workers=workers,
            cache_dir=cache_dir,
            cache_auto=cache_auto,
            redis_url=_env("QM_REDIS_URL", env).strip(),
            tile_url=_env("QM_TILE_URL", env).strip(),
            tile_attribution=_env("QM_TILE_ATTRIBUTION", env).strip(),
            debug=_env("QM_DEBUG", env) == "1" and mode != "public",
            operator=_env("QM_OPERATOR", env).strip(),
            contact=_env("QM_CONTACT", env).strip(),
        )
