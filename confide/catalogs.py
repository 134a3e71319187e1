"""Building the translation catalogs: update from the templates, fill English, compile.

Four domains, each a template (``.pot``) beside its ``<lang>/LC_MESSAGES/<domain>.po``
catalogs. The Makefile drives this module (see README, "Translations"):

- ``make i18n-extract`` (``python -m confide.catalogs extract``) writes the templates:
  Babel's extractor with ``babel.cfg`` over each domain's :attr:`CatalogDomain.sources`
  for ``gateway``, ``mail`` and ``console``, and :mod:`intake_forms.i18n` for the form
  strings (they live in form definitions, not in ``_()`` calls);
- ``make i18n-update`` (``python -m confide.catalogs update``) merges each template into
  every catalog that exists (translators create theirs with ``pybabel init``), creates the
  English catalog when missing, and fills English with the source text;
- ``make i18n-compile`` (``python -m confide.catalogs compile``, also run by the install)
  compiles every ``.po`` to ``.mo``, leaving out fuzzy and untranslated messages (those
  read in English). ``.mo`` files are build output: git ignores them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from intake_forms.i18n import DOMAIN as FORMS_DOMAIN
from intake_forms.i18n import write_template
from intake_forms.languages import DEFAULT_LANGUAGE, LANGUAGES

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class CatalogDomain:
    """One gettext domain: where its catalogs live and which languages must be complete."""

    name: str
    locale_dir: Path
    complete: tuple[str, ...]
    sources: tuple[str, ...] = ()

    @property
    def template(self) -> Path:
        """The domain's ``.pot``."""
        return self.locale_dir / f"{self.name}.pot"

    def po(self, code: str) -> Path:
        """The catalog of ``code`` (it may not exist yet)."""
        return self.locale_dir / code / "LC_MESSAGES" / f"{self.name}.po"

    def catalogs(self) -> list[tuple[str, Path]]:
        """Each language that has a catalog, with its ``.po``."""
        found = sorted(self.locale_dir.glob(f"*/LC_MESSAGES/{self.name}.po"))
        return [(po.parent.parent.name, po) for po in found]


ALL = tuple(language.code for language in LANGUAGES)
# What each domain's extraction reads (paths from the repository root): the app, the
# shared templates, and the casework messages it shows (marked N_ where they are defined).
SHOWN_TO_PEOPLE_WRITING_IN = (
    "casework/channels",
    "casework/disclosure",
    "casework/people/filer_auth.py",
    "casework/referrals/consent.py",
)
DOMAINS = (
    CatalogDomain("intake_forms", ROOT / "intake_forms" / "locale", ALL),
    CatalogDomain(
        "gateway",
        ROOT / "gateway" / "locale",
        ALL,
        ("gateway", "confide/web", *SHOWN_TO_PEOPLE_WRITING_IN),
    ),
    CatalogDomain(
        "mail", ROOT / "casework" / "notifications" / "locale", ALL, ("casework/notifications",)
    ),
    # The console must be complete in English and French; the other four where possible.
    CatalogDomain(
        "console",
        ROOT / "reviewer_console" / "locale",
        ("en", "fr"),
        (
            "reviewer_console",
            # The folder above the shared templates: babel.cfg's "**/templates/**.html" is
            # matched below the folder walked, so "confide/web/templates" itself extracts
            # nothing (its _annual_figures.html has the report's CSV link).
            "confide/web",
            "intake_forms/languages.py",
            "casework/channels",
            "casework/disclosure/overview.py",
            "casework/people/principals.py",
            "casework/protection/steps.py",
            "casework/cases/workflow.py",
            "casework/cases/access_log.py",
            "casework/referrals/consent.py",
            "casework/referrals/consent_log.py",
            # The annual report: its figures (marked N_), the page, the PDF and the CSV.
            "casework/statistics",
            "casework/people/office.py",
            "confide/annual_report",
        ),
    ),
)
EXTRACT_OPTIONS = (
    "-F", "babel.cfg", "-k", "N_", "--sort-by-file", "--add-location=file", "--width=100",
    "--project=Confide", "--copyright-holder=the Confide authors",
    "--msgid-bugs-address=ethics-office",
)  # fmt: skip


def read(path: Path, code: str | None = None) -> Catalog:
    """The catalog (or template) at ``path``."""
    with path.open("rb") as file:
        return read_po(file, locale=code, domain=path.stem)


def write(path: Path, catalog: Catalog) -> None:
    """Write ``catalog`` to ``path`` as a ``.po`` (or ``.pot``), 100 columns wide."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, include_previous=True)


def fill_english(catalog: Catalog) -> None:
    """English is the source language: each message is translated by its own id."""
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            message.string = (message.id[0], message.id[1])
        else:
            message.string = message.id
        message.flags.discard("fuzzy")


def update(domain: CatalogDomain) -> None:
    """Merge the template into every catalog of ``domain``; create and fill English."""
    template = read(domain.template)
    english = domain.po(DEFAULT_LANGUAGE)
    if not english.exists():
        fresh = Catalog(locale=DEFAULT_LANGUAGE, domain=domain.name, project="Confide")
        write(english, fresh)
    for code, po in domain.catalogs():
        catalog = read(po, code)
        catalog.update(template, update_header_comment=False)
        if code == DEFAULT_LANGUAGE:
            fill_english(catalog)
            catalog.obsolete.clear()
        write(po, catalog)


def extract(domain: CatalogDomain, target: Path) -> None:
    """Write ``domain``'s template (``<name>.pot``) into the folder ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    output = target / f"{domain.name}.pot"
    if domain.name == FORMS_DOMAIN:
        write_template(output)
        return
    command = ["pybabel", "-q", "extract", *EXTRACT_OPTIONS, "-o", str(output), *domain.sources]
    CommandLineInterface().run(command)  # type: ignore[no-untyped-call]


def compile_domain(domain: CatalogDomain) -> int:
    """Compile every catalog of ``domain``; the number of catalogs written."""
    count = 0
    for code, po in domain.catalogs():
        catalog = read(po, code)
        with po.with_suffix(".mo").open("wb") as file:
            write_mo(file, catalog, use_fuzzy=False)
        count += 1
    return count


def main(argv: list[str]) -> int:
    """``extract [folder]``, ``update`` or ``compile`` every domain (run from the root)."""
    command, *rest = argv or [""]
    if command not in ("extract", "update", "compile") or (rest and command != "extract"):
        sys.stderr.write("usage: python -m confide.catalogs extract [folder]|update|compile\n")
        return 2
    for domain in DOMAINS:
        if command == "extract":
            extract(domain, Path(rest[0]) if rest else domain.locale_dir)
        elif command == "update":
            update(domain)
        else:
            compile_domain(domain)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
