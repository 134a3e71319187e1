"""The six languages, the language of the request being served, and loading catalogs.

Confide speaks English, French, Spanish, Arabic (right to left), Chinese (Simplified) and
Russian. A language has a *code* (the catalog folder: ``zh_Hans``), a *tag* for HTML's
``lang`` and ``hreflang`` (BCP 47: ``zh-Hans``), its name in itself, and a direction.

The language of the request being served lives in a context variable (:func:`use`,
:func:`current`): both apps serve many requests at once on one event loop, so a language
can never be a global setting of the template environment. Code that renders for someone
else than the request (an email to a filer, a digest to an officer) sets it around the
rendering with :func:`using`.

Every translation domain keeps its catalogs in ``<locale>/<code>/LC_MESSAGES/<domain>.mo``
(compiled from the ``.po`` files by ``make i18n-compile``, at install). :func:`catalog`
loads one, with the English source strings behind it: a language without a catalog yet,
or a message a catalog lacks, reads in English. This module lives in the form engine
because everything else may import the form engine, and it imports nothing of ours.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol


@dataclass(frozen=True, slots=True)
class Language:
    """One language Confide is offered in."""

    code: str
    tag: str
    name: str
    english: str
    rtl: bool = False

    @property
    def dir(self) -> str:
        """The value of HTML's ``dir`` attribute for this language."""
        return "rtl" if self.rtl else "ltr"


def noop(message: str) -> str:
    """Mark ``message`` for extraction (``N_``) where it is defined; translate it where shown."""
    return message


N_ = noop
"""The extraction keyword (``pybabel extract -k N_``) for :func:`noop`."""

# ``name`` is the language in itself (the language list); ``english`` its English name, a
# message id for telling someone else which language a person wrote in.
LANGUAGES = (
    Language("en", "en", "English", N_("English")),
    Language("fr", "fr", "Français", N_("French")),
    Language("es", "es", "Español", N_("Spanish")),
    Language("ar", "ar", "العربية", N_("Arabic"), rtl=True),
    Language("zh_Hans", "zh-Hans", "简体中文", N_("Chinese (Simplified)")),
    Language("ru", "ru", "Русский", N_("Russian")),
)
DEFAULT_LANGUAGE = "en"
BY_CODE = {language.code: language for language in LANGUAGES}

_current: ContextVar[str] = ContextVar("confide_language", default=DEFAULT_LANGUAGE)


@cache
def number_marks(code: str) -> tuple[str, str]:
    """The decimal mark and the group mark of language ``code`` (from CLDR, through Babel)."""
    locale = Locale.parse(language(code).code)
    return get_decimal_symbol(locale), get_group_symbol(locale)


def language(code: str | None) -> Language:
    """The language with ``code``; English for anything else (an old record, a bad value)."""
    return BY_CODE.get(code or "", BY_CODE[DEFAULT_LANGUAGE])


def current() -> Language:
    """The language of the request (or the email) being rendered."""
    return BY_CODE[_current.get()]


def use(code: str) -> Token[str]:
    """Make ``code`` the current language (English when it is not one of ours)."""
    return _current.set(language(code).code)


def reset(token: Token[str]) -> None:
    """Undo :func:`use`."""
    _current.reset(token)


@contextmanager
def using(code: str | None) -> Iterator[Language]:
    """Render in ``code`` inside the block (an email to someone, not the request's reader)."""
    token = use(code or DEFAULT_LANGUAGE)
    try:
        yield current()
    finally:
        _current.reset(token)


def _tag_to_code(tag: str) -> str | None:
    """Our language for one BCP 47 tag of Accept-Language, or None."""
    parts = tag.strip().replace("_", "-").lower().split("-")
    primary = parts[0]
    if primary == "zh":
        # Simplified Chinese only: Traditional (Hant, or the regions that write it) is not
        # offered, and guessing Simplified for it would be wrong.
        rest = set(parts[1:])
        if rest & {"hant", "tw", "hk", "mo"}:
            return None
        return "zh_Hans"
    return primary if primary in BY_CODE else None


def negotiate(header: str | None, offered: frozenset[str] | None = None) -> str | None:
    """The best of our languages for an ``Accept-Language`` header, or None.

    Only a first guess: the person's own choice (the language cookie) always wins. The
    header is parsed here and never stored or logged. Weights are honoured; a malformed
    weight counts as 0 (the entry is ignored); at most 32 entries are read.

    Args:
        header: the header's value, as the browser sent it.
        offered: the codes to choose from (all six by default).

    Returns:
        A language code, or None when nothing in the header is offered.
    """
    if not header:
        return None
    offered = offered if offered is not None else frozenset(BY_CODE)
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(header[:1024].split(",")[:32]):
        tag, _, params = item.partition(";")
        weight = 1.0
        params = params.strip()
        if params:
            name, _, value = params.partition("=")
            try:
                weight = float(value) if name.strip().lower() == "q" else 0.0
            except ValueError:
                weight = 0.0
        code = _tag_to_code(tag)
        if code in offered and 0.0 < weight <= 1.0:
            ranked.append((-weight, position, code))
    return min(ranked)[2] if ranked else None


@cache
def catalog(locale_dir: Path, domain: str, code: str) -> gettext.NullTranslations:
    """The compiled catalog of ``domain`` for ``code``, the English source strings behind it.

    A language without a compiled catalog (not translated yet, or ``make i18n-compile`` not
    run) is English; so is each message its catalog lacks. Loaded once per process.
    """
    english = gettext.NullTranslations()
    path = locale_dir / language(code).code / "LC_MESSAGES" / f"{domain}.mo"
    if not path.is_file():
        return english
    with path.open("rb") as file:
        found = gettext.GNUTranslations(file)
    found.add_fallback(english)
    return found


@dataclass(frozen=True, slots=True)
class Domain:
    """One translation domain (``gateway``, ``mail``, ``console``), read in the current language.

    ``gettext`` and ``ngettext`` fill named placeholders (``%(name)s``) from keyword
    arguments; without arguments the message is returned as translated, so a message that
    takes no values may contain a bare ``%``.
    """

    locale_dir: Path
    name: str

    def translations(self, code: str | None = None) -> gettext.NullTranslations:
        """The catalog for ``code`` (the current language by default)."""
        return catalog(self.locale_dir, self.name, code or _current.get())

    def gettext(self, message: str, **values: object) -> str:
        """``message`` in the current language, its placeholders filled from ``values``."""
        # gettext("") is the catalog's header, never what an empty message should show.
        translated = self.translations().gettext(message) if message else ""
        return translated % values if values else translated

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The singular or plural form for ``n`` (``%(num)s`` is ``n`` unless given)."""
        translated = self.translations().ngettext(singular, plural, n)
        return translated % {"num": n, **values}


class ExplainedError(ValueError):
    """An error whose message a person reads: a message id (marked ``N_``) and its values.

    ``str(error)`` is the English text; an app shows :meth:`translated` with its own
    catalog, where the message id is extracted from.
    """

    def __init__(self, message: str, **values: object) -> None:
        """Keep ``message`` (a message id with ``%(name)s`` placeholders) and ``values``."""
        super().__init__(message % values if values else message)
        self.message = message
        self.values = values

    def translated(self, domain: Domain) -> str:
        """The message in the current language of ``domain``."""
        return domain.gettext(self.message, **self.values)
