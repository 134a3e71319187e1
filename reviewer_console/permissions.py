"""Deny by default: every console route declares who may use it, checked in one place.

Each route is a :class:`SecuredRoute`, built by :func:`route` with the roles it allows
written next to it; :meth:`SecuredRoute.handle` is the one place they are checked, before
the endpoint runs (after SecureDrop's ``_insecure_views``, inverted: there is no way to
forget a check, only to declare a route public on purpose). The checks, in order:

1. A route declared ``public=True`` is open (the short list: sign-in, invitation
   acceptance; static files are a separate mount), with a small bound on its body
   (:data:`PUBLIC_BODY_BYTES`; 413 past it).
2. Otherwise the request needs a live staff session (:mod:`reviewer_console.people.sessions`);
   without one the browser is sent to the sign-in page (htmx gets ``HX-Redirect``).
3. The principal's role must be in the route's ``roles``; otherwise 403.
4. The external reviewer is read-only: a route whose methods change anything cannot even
   be declared with the reviewer role (``route`` raises at start-up), except a route marked
   ``self_service`` (sign out, change one's own password), which touches only one's own
   account. Unsafe requests from a reviewer are refused again at run time for good measure.
5. A route with a ``{case_id}`` path parameter additionally needs a grant on that case (G3):
   nobody, the director included, reaches a case they hold no grant for (403).
6. Every route declares what it delivers (``purpose``): a ``page``; a ``download`` (an
   officer's working copy of one file, written to the access log); ``metadata`` (clear
   metadata only, such as the consent log as CSV); or an ``export`` of decrypted material
   for use outside the office, which must refuse anything without a consent-log entry
   (G4). The tests walk the table and hold every route to its declaration.

The route table itself is the specification: the authorisation tests iterate
``app.routes`` and derive each expected status from these attributes.
"""

from collections.abc import Callable, Collection
from typing import Any, Literal

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from casework.cases.envelope import get_grant
from casework.people.principals import Role
from casework.store.db import transaction
from confide.web.body_limit import bounded_receive, declared_too_large, refuse_too_large
from reviewer_console.errors import error_page
from reviewer_console.people.sessions import COOKIE_NAME, Staff, resume

Purpose = Literal["page", "download", "metadata", "export"]
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
EVERYONE = frozenset({Role.DIRECTOR, Role.OFFICER, Role.REVIEWER})
READERS = EVERYONE
CASEWORKERS = frozenset({Role.DIRECTOR, Role.OFFICER})
DIRECTOR = frozenset({Role.DIRECTOR})
LOGIN_PATH = "/login"
PUBLIC_BODY_BYTES = 16 * 1024
"""Largest body a request may send before anyone is authenticated (a sign-in form is < 1 KiB).

Requests on non-public routes are authenticated before their body is read (the endpoint
reads it), so an unauthenticated sender never gets past this bound or the app-wide one.
"""


class SecuredRoute(Route):
    """A route that carries its access rule; see the module docstring."""

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Collection[str],
        roles: Collection[Role] = (),
        public: bool = False,
        self_service: bool = False,
        purpose: Purpose = "page",
        name: str | None = None,
    ) -> None:
        """Declare a route with its methods and the roles it allows.

        Raises:
            ValueError: a route that changes something allows the reviewer (and is not
                self-service), or a non-public route allows nobody.
        """
        super().__init__(path, endpoint, methods=list(methods), name=name)
        self.roles = frozenset(roles)
        self.public = public
        self.self_service = self_service
        self.purpose = purpose
        self.needs_grant = "case_id" in self.param_convertors
        writes = bool(set(methods) & UNSAFE_METHODS)
        if writes and Role.REVIEWER in self.roles and not self_service:
            raise ValueError(f"{path}: the external reviewer is read-only")
        if not public and not self.roles:
            raise ValueError(f"{path}: declare the roles allowed, or public=True")

    def allows(self, role: Role, method: str) -> bool:
        """Whether a principal of ``role`` may make this request (grants aside)."""
        if role not in self.roles:
            return False
        return not (role is Role.REVIEWER and method in UNSAFE_METHODS and not self.self_service)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declaration, then run the endpoint with ``request.state.staff`` set."""
        if self.public or (self.methods and scope["method"] not in self.methods):
            if declared_too_large(scope, PUBLIC_BODY_BYTES):
                await refuse_too_large(scope, receive, send)
                return
            await super().handle(scope, bounded_receive(receive, PUBLIC_BODY_BYTES), send)
            return
        request = Request(scope)
        staff, granted = await run_in_threadpool(self._authenticate, request)
        if staff is None:
            await _to_sign_in(request)(scope, receive, send)
            return
        scope.setdefault("state", {})["staff"] = staff
        if not self.allows(staff.role, request.method) or (self.needs_grant and not granted):
            await forbidden(request)(scope, receive, send)
            return
        await super().handle(scope, receive, send)

    def _authenticate(self, request: Request) -> tuple[Staff | None, bool]:
        app_state = request.app.state
        with transaction(app_state.engine) as session:
            staff = resume(
                session=session,
                cookie=request.cookies.get(COOKIE_NAME),
                settings=app_state.settings,
            )
            granted = (
                staff is not None and self.needs_grant and _holds_grant(session, request, staff)
            )
        return staff, granted


def _holds_grant(session: Session, request: Request, staff: Staff) -> bool:
    case_id = str(request.path_params["case_id"])
    return get_grant(session=session, case_id=case_id, principal_id=staff.principal_id) is not None


def _to_sign_in(request: Request) -> Response:
    if request.headers.get("HX-Request"):
        return Response(status_code=401, headers={"HX-Redirect": LOGIN_PATH})
    return RedirectResponse(LOGIN_PATH, status_code=303)


def forbidden(request: Request) -> Response:
    """The one answer for every refusal: it does not say whether the thing exists."""
    return error_page(request, 403)


def route(
    path: str,
    endpoint: Callable[..., Any],
    *,
    roles: Collection[Role] = (),
    methods: Collection[str] = ("GET",),
    public: bool = False,
    self_service: bool = False,
    purpose: Purpose = "page",
) -> SecuredRoute:
    """Shorthand for :class:`SecuredRoute` (named after the endpoint)."""
    return SecuredRoute(
        path,
        endpoint,
        methods=methods,
        roles=roles,
        public=public,
        self_service=self_service,
        purpose=purpose,
    )


def staff_of(request: Request) -> Staff:
    """The principal :class:`SecuredRoute` put on the request."""
    staff: Staff = request.state.staff
    return staff
