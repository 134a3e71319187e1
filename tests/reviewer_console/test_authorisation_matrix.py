"""The authorisation matrix: every console route x every kind of visitor.

The routes come from the console's own route table, and each expected answer is derived
from what the route declares (public, roles, self-service, needs a grant), so a new route
is covered the moment it is added; nothing is listed here by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from consolekit import BASE_URL, Console, TestClient

from casework.cases.attachments import store_attachment
from casework.cases.messages import Author
from casework.disclosure.cycles import open_cycle
from casework.disclosure.rules import QualificationRules
from casework.people.office import create_office
from casework.people.principals import Role
from casework.people.principals_auth import enrol
from casework.people.second_factor import new_totp_secret
from casework.people.sessions import SessionKind, store_session
from casework.store.blobs import BlobStore
from casework.store.db import make_engine, transaction
from casework.store.migrate import upgrade
from confide.settings import Settings
from crypto import (
    TEST_KDF,
    generate_office_salt,
    generate_pepper,
    seal_session,
    session_lookup_id,
)
from crypto.seedwrap import generate_recovery
from reviewer_console.app import create_app, route_table
from reviewer_console.people.sessions import encode_key
from reviewer_console.permissions import SecuredRoute
from tests.factories import receipt_secrets, submit

PASSWORD = "correct horse battery staple"
REPORTER_COOKIE = "__Host-confide-r"
ACTORS = [
    "no session",
    "reporter cookie",
    "officer without grant",
    "officer with grant",
    "reviewer",
    "director",
]
ROLE_OF = {
    "officer without grant": Role.OFFICER,
    "officer with grant": Role.OFFICER,
    "reviewer": Role.REVIEWER,
    "director": Role.DIRECTOR,
}
HOLDS_GRANT = {"officer with grant", "reviewer"}


@dataclass
class Person:
    """A principal of the matrix office."""

    id: str
    username: str
    role: Role
    password: str = PASSWORD


@dataclass
class World:
    """One office, one case, one of each actor, one running console."""

    console: Console
    people: dict[str, Person]
    params: dict[str, str]
    reporter_cookie: str


def _enrol(engine, recovery_public: bytes, username: str, role: Role) -> Person:
    with transaction(engine) as session:
        principal = enrol(
            session=session,
            username=username,
            role=role,
            password=PASSWORD,
            params=TEST_KDF,
            recovery_public=recovery_public,
            totp_secret=new_totp_secret(),
        )
        return Person(principal.id, username, role)


def _settings(folder: Path) -> Settings:
    """Demo settings with the cheap KDF on a SQLite file in ``folder``."""
    return Settings(
        data_dir=folder,
        database_url=f"sqlite:///{folder / 'confide.sqlite3'}",
        pepper=generate_pepper(),
        demo=True,
        receipt_kdf=TEST_KDF,
        password_kdf=TEST_KDF,
        https=False,
    ).check()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Built once for the whole matrix: requests only ever use fresh sessions."""
    settings = _settings(tmp_path_factory.mktemp("matrix"))
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    _code, recovery_public = generate_recovery()
    salt = generate_office_salt()
    with transaction(engine) as session:
        create_office(
            session=session, name="Matrix", office_salt=salt, recovery_public=recovery_public
        )
    people = {
        actor: _enrol(engine, recovery_public, actor.replace(" ", "-"), role)
        for actor, role in ROLE_OF.items()
    }
    target = _enrol(engine, recovery_public, "target", Role.OFFICER)
    _receipt, secrets = receipt_secrets(salt, settings.pepper)
    case_id, key = submit(
        engine,
        secrets,
        channel="speak-up",
        answers={"what": "x"},
        identity={"name": "R"},
        recipients=[people[a].id for a in HOLDS_GRANT],
    )
    with transaction(engine) as session:
        attachment = store_attachment(
            session=session,
            blobs=BlobStore(settings.blob_dir),
            case_id=case_id,
            case_key=key,
            author=Author.REPORTER,
            name="a.pdf",
            content_type="application/pdf",
            chunks=[b"%PDF"],
        )
        reporter_key, half = seal_session(secrets.seed)
        store_session(
            session=session,
            lookup_id=session_lookup_id(reporter_key),
            kind=SessionKind.REPORTER,
            server_half=half,
            lifetime=timedelta(hours=1),
            case_id=case_id,
        )
    with transaction(engine) as session:
        cycle = open_cycle(
            session=session,
            year=2026,
            deadline=date(2099, 1, 1),
            reminder_days=(7,),
            rules=QualificationRules(),
            opened_by=people["director"].id,
            today=date(2026, 1, 1),
        )
    params = {
        "cycle_id": cycle.id,
        "case_id": case_id,
        "attachment_id": attachment.id,
        "referral_id": "0" * 32,
        "principal_id": target.id,
        "token": "not-a-token",
        "code": "fr",
        "figure_id": "matters",
    }
    with TestClient(create_app(settings), base_url=BASE_URL) as client:
        yield World(Console(client, settings, engine), people, params, encode_key(reporter_key))
    engine.dispose()


def _cases() -> Iterator[object]:
    for entry in route_table():
        if not isinstance(entry, SecuredRoute):
            continue
        for method in sorted(entry.methods or ()):
            for actor in ACTORS:
                yield pytest.param(entry, method, actor, id=f"{method} {entry.path} [{actor}]")


def expected(entry: SecuredRoute, method: str, actor: str) -> str:
    """What the declaration says this visitor gets: ``ok``, ``sign in`` or ``forbidden``."""
    if entry.public:
        return "ok"
    if actor not in ROLE_OF:
        return "sign in"
    if not entry.allows(ROLE_OF[actor], method):
        return "forbidden"
    if entry.needs_grant and actor not in HOLDS_GRANT:
        return "forbidden"
    return "ok"


def test_the_route_table_is_the_app_s_and_every_route_is_secured(world: World) -> None:
    """The app serves exactly the table the matrix iterates; only static files are unsecured."""
    app_routes = world.console.client.app.routes  # type: ignore[attr-defined]

    declared = [(r.path, sorted(r.methods)) for r in route_table() if isinstance(r, SecuredRoute)]
    served = [(r.path, sorted(r.methods)) for r in app_routes if isinstance(r, SecuredRoute)]
    others = [r.path for r in app_routes if not isinstance(r, SecuredRoute)]

    assert served == declared
    assert others == ["/static"]
    assert all(r.public or r.roles for r in app_routes if isinstance(r, SecuredRoute))


@pytest.mark.parametrize(("entry", "method", "actor"), list(_cases()))
def test_matrix(world: World, entry: SecuredRoute, method: str, actor: str) -> None:
    """Each visitor gets exactly what the route declares, whatever the route."""
    console = world.console
    console.act_as(world.people.get(actor))  # type: ignore[arg-type]
    if actor == "reporter cookie":
        console.client.cookies.set(REPORTER_COOKIE, world.reporter_cookie)
    url = entry.path_format.format(**{name: world.params[name] for name in entry.param_convertors})

    response = console.client.request(
        method,
        url,
        data={} if method == "POST" else None,
        headers=console.headers(),
        follow_redirects=False,
    )

    outcome = expected(entry, method, actor)
    if outcome == "sign in":
        assert response.status_code == 303
        assert response.headers["location"] == "/login"
    elif outcome == "forbidden":
        assert response.status_code == 403
    else:
        # A public form may also answer a failed sign-in (401) or an unknown invitation (404).
        assert response.status_code in {200, 303, 400} | ({401, 404} if entry.public else set())
        assert response.headers.get("location") != "/login"


def test_a_reviewer_cannot_be_given_a_writing_route() -> None:
    """Declaring a route that changes something for the reviewer fails at start-up."""

    async def endpoint(_request: object) -> None:
        return None

    with pytest.raises(ValueError, match="read-only"):
        SecuredRoute("/x", endpoint, methods=["POST"], roles=[Role.REVIEWER])
    with pytest.raises(ValueError, match="declare the roles"):
        SecuredRoute("/y", endpoint, methods=["GET"])
