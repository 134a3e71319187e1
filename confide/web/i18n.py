"""Translated templates for both apps: gettext in Jinja, reading the request's language.

Each app installs its own domain (``gateway`` or ``console``) into its template
environment with :func:`install`. The callables read the current language from
:mod:`intake_forms.languages` at render time, never from the environment, so requests in
different languages can render at the same moment. Templates use:

- ``{{ _("Text") }}`` and ``{% trans name=value %}Text {{ name }}{% endtrans %}`` for the
  app's own strings (extracted by ``make i18n-extract``; new-style gettext, so values are
  escaped and placeholders are named ``%(name)s`` in the catalogs);
- ``{{ tr(text) }}`` for a string held in data: a form's label, help text, choice,
  country or validation message (the ``intake_forms`` domain), shown as it is otherwise;
- ``|ltr`` around a number, a date or a receipt digit group that sits inside a sentence:
  in Arabic it is isolated and kept left to right (``<bdi dir="ltr">``);
- ``current_language()`` and ``languages`` for ``<html lang dir>`` and the language list.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup, escape

from intake_forms.i18n import DOMAIN as FORMS_DOMAIN
from intake_forms.i18n import LOCALE_DIR as FORMS_LOCALE_DIR
from intake_forms.languages import BY_CODE, LANGUAGES, Domain, current


def ltr(value: object) -> Markup:
    """``value`` isolated and left to right inside right-to-left text (digits, dates).

    In a left-to-right language numbers need no isolation, and the value is only escaped.
    """
    if not current().rtl:
        return escape(str(value))
    return Markup('<bdi dir="ltr">%s</bdi>') % escape(str(value))


def _collation_key(text: str) -> str:
    """A plain sort key: accents and case set aside, as a reader of most scripts expects."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def by_translated_name(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(code, name)`` pairs (countries) in the order of their names in the current language."""
    return sorted(pairs, key=lambda pair: _collation_key(translate_form_text(pair[1])))


def translate_form_text(text: str) -> str:
    """A form string (label, help, choice, country, validation message) in the current language."""
    return FORMS.gettext(text) if text else ""


FORMS = Domain(FORMS_LOCALE_DIR, FORMS_DOMAIN)


def install(env: Environment, domain: Domain) -> None:
    """Give ``env`` gettext for ``domain``, ``tr`` for form strings, and the language helpers."""
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True

    def gettext(message: str) -> str:
        # gettext("") is the catalog's header, never what an empty label should show.
        return domain.translations().gettext(message) if message else ""

    def ngettext(singular: str, plural: str, n: int) -> str:
        return domain.translations().ngettext(singular, plural, n)

    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        current_language=current,
        languages=LANGUAGES,
        languages_by_code=BY_CODE,
        tr=translate_form_text,
        # The app's gettext without Jinja's placeholder filling, for code that formats itself
        # (a consent request's sentence around the officer's own words).
        gettext_plain=gettext,
    )
    env.filters["ltr"] = ltr
    env.filters["by_translated_name"] = by_translated_name


def app_domain(package_dir: Path, name: str) -> Domain:
    """The domain ``name`` of an app whose catalogs are in ``<package_dir>/locale``."""
    return Domain(package_dir / "locale", name)
