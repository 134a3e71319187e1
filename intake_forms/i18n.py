"""Translatable labels: gettext catalogs for every form string.

Labels, help texts, choice labels, country names and validation messages are English source
strings used as gettext message ids. Catalogs live in ``locale/<lang>/LC_MESSAGES/``
as ``intake_forms.po`` (edited by translators) and ``intake_forms.mo`` (loaded at run time
by the standard library's :mod:`gettext`). English is complete; the other UN languages
are added by dropping in a catalog.

The ``.mo`` files are compiled by :func:`compile_po` (a small reimplementation of
CPython's ``Tools/i18n/msgfmt.py``, which is not installed with Python) so no extra
dependency is needed. Run ``python -m intake_forms.i18n`` after editing a form: it adds
new message ids to the English catalog and recompiles every catalog; a test checks that
the catalogs are complete and up to date.
"""

from __future__ import annotations

import ast
import gettext
import struct
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from .countries import countries
from .currencies import currencies
from .display import DISPLAY_WORDS
from .registry import all_forms, form_versions
from .validation import ERROR_MESSAGES

DOMAIN = "intake_forms"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "en"
_MO_MAGIC = 0x950412DE


def message_ids() -> list[str]:
    """Every translatable string of every form, without duplicates, in a stable order."""
    seen: dict[str, None] = {}
    for form in (v for f in all_forms() for v in form_versions(f.id)):
        for text in (form.title, form.intro):
            seen.setdefault(text)
        for section in form.sections:
            seen.setdefault(section.title)
            seen.setdefault(section.intro)
        for form_field in (*form.fields, *(m for f in form.fields for m in f.fields)):
            for text in (form_field.label, form_field.help, *(c.label for c in form_field.choices)):
                seen.setdefault(text)
    for message in (*ERROR_MESSAGES, *DISPLAY_WORDS):
        seen.setdefault(message)
    for _code, name in (*countries(), *currencies()):
        seen.setdefault(name)
    seen.pop("", None)
    return list(seen)


def parse_po(text: str) -> dict[str, str]:
    """Read the ``msgid``/``msgstr`` pairs of a ``.po`` file (no plurals, no contexts)."""
    catalog: dict[str, str] = {}
    current: dict[str, list[str]] = {}
    key = ""

    def flush() -> None:
        if "msgid" in current and "msgstr" in current:
            catalog["".join(current["msgid"])] = "".join(current["msgstr"])
        current.clear()

    for raw_line in (*text.splitlines(), ""):
        line = raw_line.strip()
        if line.startswith("msgid "):
            flush()
            key = "msgid"
            current[key] = [ast.literal_eval(line[6:])]
        elif line.startswith("msgstr "):
            key = "msgstr"
            current[key] = [ast.literal_eval(line[7:])]
        elif line.startswith('"') and key:
            current[key].append(ast.literal_eval(line))
        elif (not line or line.startswith("#")) and "msgstr" in current:
            flush()
    flush()
    return catalog


def compile_po(text: str) -> bytes:
    """Compile ``.po`` text into the GNU ``.mo`` format :mod:`gettext` reads."""
    catalog = {k: v for k, v in parse_po(text).items() if v}
    keys = sorted(catalog)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(catalog[k].encode() + b"\0" for k in keys)
    header = 7 * 4
    key_table = header
    value_table = key_table + len(keys) * 8
    ids_start = value_table + len(keys) * 8
    strs_start = ids_start + len(ids)
    offsets: list[int] = []
    position = 0
    for k in keys:
        offsets += [len(k.encode()), ids_start + position]
        position += len(k.encode()) + 1
    position = 0
    for k in keys:
        offsets += [len(catalog[k].encode()), strs_start + position]
        position += len(catalog[k].encode()) + 1
    head = struct.pack("<7I", _MO_MAGIC, 0, len(keys), key_table, value_table, 0, 0)
    return head + struct.pack(f"<{len(offsets)}I", *offsets) + ids + strs


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def english_po() -> str:
    """The complete English catalog (every message id translated to itself)."""
    lines = [
        "# Confide intake forms: English (the source language).",
        'msgid ""',
        'msgstr "Content-Type: text/plain; charset=UTF-8\\n"',
        "",
    ]
    for message in message_ids():
        lines += [f"msgid {_quote(message)}", f"msgstr {_quote(message)}", ""]
    return "\n".join(lines)


def catalogs() -> Iterator[tuple[str, Path]]:
    """Each language that has a catalog, with the path of its ``.po`` file."""
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        yield po.parent.parent.name, po


@cache
def translations(language: str = DEFAULT_LANGUAGE) -> gettext.NullTranslations:
    """The translations for ``language``, falling back to the English source strings."""
    return gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[language, DEFAULT_LANGUAGE], fallback=True
    )


def main() -> None:
    """Regenerate the English catalog and compile every catalog."""
    english = LOCALE_DIR / DEFAULT_LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po"
    english.parent.mkdir(parents=True, exist_ok=True)
    english.write_text(english_po(), encoding="utf-8")
    for _language, po in catalogs():
        po.with_suffix(".mo").write_bytes(compile_po(po.read_text(encoding="utf-8")))


if __name__ == "__main__":
    main()
