"""What search engines read: the meta description of each page and /robots.txt.

`install(app, server, settings, monitor)` is called once from create_app, before the security setup (which
limits public mode to the routes in dashboard/security.py PUBLIC_ROUTES, /robots.txt among them).

- Meta description: Dash's index page is the same HTML for every address; the view is rendered by the
  router callback afterwards. Search engines and link previews read the description from that HTML, so it
  is added per request (a wrapper around `app.interpolate_index`, which Dash calls for every index
  request): a sentence for the map, the area profiles (with the area's name, which the public map shows
  anyway), the methodology and the open-data page, a general one for every other view. German by
  default, English for `?sprache=en` (the same parameter the router reads). Internal mode adds
  `<meta name="robots" content="noindex, nofollow">`.
- /robots.txt: public mode allows the pages and what a rendering crawler needs to lay them out (script
  bundles, assets, geometry), and disallows the callback endpoint (POST only, rate-limited by nginx: the
  server's computing time), the health check and the open-data files themselves (built on demand, large;
  the page /daten that lists them stays allowed). Internal mode disallows everything. Without this route
  the catch-all page route answered /robots.txt with the HTML index (Lighthouse: "invalid robots.txt").
"""
from __future__ import annotations

from html import escape

from flask import Flask, Response, request

from dashboard.i18n import LANGUAGE_PARAM, language_of, t

ROBOTS_PATH = "/robots.txt"
# Public mode: nothing a crawler should fetch besides the pages and what renders them.
PUBLIC_DISALLOW = ("/_dash-update-component", "/healthz", "/daten/")
PROFILE_PREFIX = "/gebiet/"  # dashboard/ui/profile.py PREFIX (not imported: that module pulls in the whole view)


def robots_txt(public: bool) -> str:
    """The robots.txt of a mode (plain text, one group for every user agent)."""
    if not public:
        return "# Interne Ansicht: nicht für Suchmaschinen.\nUser-agent: *\nDisallow: /\n"
    # everything not disallowed is allowed (no "Allow: /": parsers that take the first matching rule, such
    # as Python's urllib.robotparser, would read it as allowing everything)
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PUBLIC_DISALLOW)]
    return "\n".join(lines) + "\n"


def description(monitor, path: str, lang: str) -> str:
    """The meta description of the page at `path` in `lang` (plain text, not escaped)."""
    dataset = monitor.dataset
    site = f"{t('Quartiersmonitor', lang)} {dataset.title_for(lang)}"
    if path.startswith(PROFILE_PREFIX):
        area = monitor.area(path[len(PROFILE_PREFIX):].strip("/"))
        if area is not None:
            from dashboard.present import level_label
            return t("Gebietsprofil {name} ({level} {area_id}) im {site}: Kennzahlen des Gebiets im Vergleich zu "
                     "übergeordneten Gebieten und Gesamtstadt, mit Zeitreihen und Quellen.", lang, name=area["name"],
                     level=level_label(dataset, area["level"], lang), area_id=area["area_id"], site=site)
    if path.rstrip("/") == "/methodik":
        return t("{site} – Methodik: Definitionen, Quellen und Rechenregeln der Kennzahlen, Geheimhaltung und "
                 "häufige Fragen.", lang, site=site)
    if path.rstrip("/") == "/daten":
        return t("{site} – Offene Daten: alle veröffentlichten Werte und die Gebietsgrenzen zum Herunterladen "
                 "(CSV, Parquet, GeoPackage).", lang, site=site)
    return t("{site}: kleinräumige Kennzahlen zu sozialer Lage, Umwelt und Gesundheit auf der Karte, in "
             "Gebietsprofilen, Zeitreihen und Vergleichen – mit Methodik und offenen Daten.", lang, site=site)


def meta_tags(monitor, public: bool, path: str, lang: str) -> str:
    tags = [f'<meta name="description" content="{escape(description(monitor, path, lang), quote=True)}">']
    if not public:
        tags.append('<meta name="robots" content="noindex, nofollow">')
    return "\n      ".join(tags)


def install(app, server: Flask, settings, monitor) -> None:
    """The meta description in every index page and the /robots.txt route (see the module docstring)."""
    robots = robots_txt(settings.public)

    def robots_route() -> Response:
        response = Response(robots, mimetype="text/plain")
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    server.add_url_rule(ROBOTS_PATH, "robots_txt", robots_route, methods=["GET"])

    interpolate = app.interpolate_index  # composes with any other wrapper: the metas are extended, not replaced

    def interpolate_index(**kwargs) -> str:
        lang = language_of({LANGUAGE_PARAM: request.args.get(LANGUAGE_PARAM)}) if request else "de"
        extra = meta_tags(monitor, settings.public, request.path if request else "/", lang)
        kwargs["metas"] = f"{kwargs.get('metas', '')}\n      {extra}"
        return interpolate(**kwargs)

    app.interpolate_index = interpolate_index
