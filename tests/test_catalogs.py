"""The translation catalogs: complete in every language, placeholders intact, templates fresh.

Issue #13's definition of done: a message untranslated or fuzzy in any catalog of the six
languages (the console: English and French), or a placeholder that differs between the
source and a translation, fails here. Catalogs are read with Babel's own ``.po`` parser.
Until the translators' catalogs are merged, the languages without a catalog fail
``test_every_required_catalog_is_complete`` by design.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from confide.catalogs import DOMAINS, ROOT, CatalogDomain

PERCENT = re.compile(r"%\((\w+)\)[sdifr]|%[sdifr]")
BRACE = re.compile(r"(?<!\{)\{(\w*)(?:[:!][^{}]*)?\}(?!\})")


def placeholders(text: str) -> set[str]:
    """The named placeholders of ``text``: ``%(name)s`` (and bare ``%s``) and ``{name}``."""
    found = {f"%({m.group(1)})" if m.group(1) else m.group(0) for m in PERCENT.finditer(text)}
    return found | {"{" + m.group(1) + "}" for m in BRACE.finditer(text)}


def problems_of(message: Message) -> list[str]:
    """What is wrong with one message of a catalog (nothing for a good one)."""
    if message.fuzzy:
        return ["fuzzy"]
    sources = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    if not all(strings):
        return ["untranslated"]
    wanted = placeholders(sources[-1])
    allowed = set().union(*(placeholders(s) for s in sources))
    problems = []
    for number, string in enumerate(strings):
        found = placeholders(string)
        last = number == len(strings) - 1
        # A plural form for one thing may leave the number out ("un jour"); the last form,
        # and every form of a message without plurals, has exactly the source's placeholders.
        if (last and found != wanted) or not found <= allowed:
            problems.append(f"placeholders {sorted(found)} instead of {sorted(wanted)}")
    return problems


def read(path: Path) -> Catalog:
    """The catalog at ``path``."""
    with path.open("rb") as file:
        return read_po(file)


def required() -> list[tuple[CatalogDomain, str]]:
    """Every (domain, language) that must be complete."""
    return [(domain, code) for domain in DOMAINS for code in domain.complete]


@pytest.mark.parametrize(
    ("domain", "code"), required(), ids=[f"{d.name}-{c}" for d, c in required()]
)
def test_every_required_catalog_is_complete(domain: CatalogDomain, code: str) -> None:
    """The catalog exists, and every message in it is translated, not fuzzy, placeholders kept."""
    po = domain.po(code)
    assert po.is_file(), f"no {code} catalog for {domain.name}: run `pybabel init` (README)"
    catalog = read(po)
    template = {m.id if isinstance(m.id, str) else m.id[0] for m in read(domain.template) if m.id}

    bad = {str(m.id): problems for m in catalog if m.id and (problems := problems_of(m))}
    present = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}

    assert bad == {}
    assert template - present == set(), "run `make i18n-update`"


@pytest.mark.parametrize("domain", DOMAINS, ids=[d.name for d in DOMAINS])
def test_every_catalog_present_keeps_its_placeholders(domain: CatalogDomain) -> None:
    """Any catalog (the console's other four too): a translated message keeps its placeholders."""
    for code, po in domain.catalogs():
        wrong = {
            str(m.id): problems
            for m in read(po)
            if m.id and m.string and not m.fuzzy and (problems := problems_of(m))
        }

        assert wrong == {}, code


@pytest.mark.parametrize(
    ("source", "translation", "problem"),
    [
        ("Sent on %(date)s.", "Envoyé le %(date)s.", None),
        ("Sent on %(date)s.", "Envoyé le %(jour)s.", "placeholders"),
        ("Sent on %(date)s.", "Envoyé.", "placeholders"),
        ("At most {limit} characters.", "Au plus {limite} caractères.", "placeholders"),
        ("At most {limit} characters.", "Au plus {limit} caractères.", None),
        ("Save", "", "untranslated"),
    ],
    ids=["kept", "renamed", "dropped", "brace-renamed", "brace-kept", "empty"],
)
def test_the_check_catches_what_it_should(source: str, translation: str, problem: str | None):
    """The checker itself: renamed, dropped or empty placeholders and messages are caught."""
    found = problems_of(Message(source, translation))

    assert (found[0].split()[0] if found else None) == problem


def test_a_fuzzy_translation_is_refused() -> None:
    """A message marked fuzzy by `pybabel update` counts as untranslated."""
    assert problems_of(Message("Save", "Enregistrer", flags=["fuzzy"])) == ["fuzzy"]


def test_plural_forms_may_drop_the_number_but_not_rename_it() -> None:
    """Russian's three forms: the first may spell out "one", none may rename the number."""
    singular, plural = "%(num)s day", "%(num)s days"

    good = Message((singular, plural), ("один день", "%(num)s дня", "%(num)s дней"))
    bad = Message((singular, plural), ("%(n)s день", "%(num)s дня", "%(num)s дней"))

    assert problems_of(good) == []
    assert problems_of(bad) != []


def test_the_templates_are_up_to_date(tmp_path: Path) -> None:
    """Extracting again finds exactly the messages of the committed templates (.pot)."""
    for domain in DOMAINS:
        target = tmp_path / domain.name
        subprocess.run(
            [sys.executable, "-m", "confide.catalogs", "extract", str(target)],
            cwd=ROOT,
            check=True,
        )
        fresh = {
            m.id if isinstance(m.id, str) else tuple(m.id)
            for m in read(target / f"{domain.name}.pot")
            if m.id
        }
        committed = {
            m.id if isinstance(m.id, str) else tuple(m.id) for m in read(domain.template) if m.id
        }

        assert fresh == committed, f"run `make i18n-extract` ({domain.name})"


def test_no_compiled_catalog_is_committed() -> None:
    """.mo files are build output (the install compiles them): git tracks none."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "*.mo"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()

    assert tracked == []


@pytest.mark.parametrize("name", ["gateway", "console"])
def test_the_shared_partials_words_are_in_both_apps_catalogs(name: str) -> None:
    """The partials of ``confide/web/templates`` (the language list, the head) render in
    both apps, so their words must be extracted into each app's catalog; a source folder
    that Babel's ``**/templates/**`` pattern does not walk would leave them English."""
    from babel.messages.extract import extract_from_file

    domain = next(d for d in DOMAINS if d.name == name)
    template_ids = {message.id for message in read(domain.template) if message.id}
    shared = ROOT / "confide" / "web" / "templates"
    words = {
        message
        for path in sorted(shared.glob("_*.html"))
        for _line, message, _comments, _context in extract_from_file(
            "jinja2", path, options={"trimmed": "true"}
        )
    }

    assert "Language" in words
    assert sorted(w for w in words if w not in template_ids) == []
