"""Rendering pages: one template per page, named blocks as htmx fragments.

Every page is a full HTML document that works with JavaScript off. When htmx asks
(``HX-Request: true``) the same template renders only the named block the request targets
(jinja2-fragments), so there is one source of truth per page; every response says
``Vary: HX-Request`` so no cache confuses the two. Pages are in the request's language
(:mod:`confide.web.i18n`): the gateway's own words come from the ``gateway`` catalog, form
labels (gettext message ids) from the ``intake_forms`` one.

The fields of an empty form are the same for every reporter (nothing in them depends on the
request: the CSRF token sits in the form's action, outside them), and rendering them is most
of the event loop's work for the form page, which every report starts with. So
:meth:`Pages.blank_fields` renders each section of each form once, with the same macro, and
keeps the markup, keyed by language, form, version and section (the same form reads
differently in each language); a form shown again with answers or errors is rendered in
full.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from casework.channels.registry import all_policies
from casework.channels.report.policy import ACKNOWLEDGE_WITHIN_DAYS, FEEDBACK_WITHIN_MONTHS
from casework.disclosure.overview import STATE_LABELS
from confide.settings import Settings
from confide.web.i18n import install, translate_form_text
from confide.web.rendering import make_templates, render
from intake_forms import Audience, Form, all_forms, is_active
from intake_forms.countries import countries
from intake_forms.currencies import currencies
from intake_forms.groups import entries_shown, field_at
from intake_forms.languages import current

from .i18n import GATEWAY, _

TEMPLATES = Path(__file__).parent / "templates"
BLANK_FIELDS = (
    '{% from "_fields.html" import field %}'
    "{% for f in form.in_section(section) %}{{ field(form, f, {}, {}) }}\n{% endfor %}"
)


def anonymous_forms() -> list[Form]:
    """The forms anyone may fill in at the gateway: the channels the landing page lists."""
    registered = {policy.id for policy in all_policies()}
    return [f for f in all_forms() if f.audience is Audience.ANONYMOUS and f.id in registered]


def input_label(form: Form, key: str) -> str:
    """The question an input belongs to, with its entry number inside a group."""
    member, group, index = field_at(form, key)
    label = translate_form_text(member.label)
    if group is None:
        return label
    return _(
        "%(group)s, entry %(number)s: %(label)s",
        group=translate_form_text(group.label),
        number=index + 1,
        label=label,
    )


def kind_labels(form: Form, kinds: list[str]) -> str:
    """The disclosed kinds (group names of the disclosure form) as their labels, in a list."""
    names = {f.name: f.label for f in form.fields}
    return _(", ").join(translate_form_text(names[k]) if k in names else k for k in kinds if k)


def pages(request: Request) -> Pages:
    """The app's :class:`Pages` (typed access to ``app.state.pages``)."""
    found: Pages = request.app.state.pages
    return found


class Pages:
    """The gateway's templates and how to turn them into responses."""

    def __init__(self, settings: Settings) -> None:
        """Load the templates for ``settings``."""
        self.templates = make_templates(
            TEMPLATES,
            onion_address=settings.onion_address,
            anonymous_forms=anonymous_forms,
            countries=countries(),
            currencies=currencies(),
            entries_shown=entries_shown,
            input_label=input_label,
            kind_labels=kind_labels,
            state_labels=STATE_LABELS,
            is_active=is_active,
            acknowledge_days=ACKNOWLEDGE_WITHIN_DAYS,
            feedback_months=FEEDBACK_WITHIN_MONTHS,
            max_file_mib=settings.max_file_bytes // (1024 * 1024),
            blank_fields=self.blank_fields,
            session_minutes=settings.reporter_session_seconds // 60,
            htmx_swapped_4xx="00|03|09|22",
        )
        install(self.templates.env, GATEWAY)
        self._blank_template = self.templates.env.from_string(BLANK_FIELDS)
        self._blank: dict[tuple[str, str, int, str], Markup] = {}

    def blank_fields(self, form: Form, section: str) -> Markup:
        """The fields of ``section`` of an empty ``form`` in the current language, kept."""
        key = (current().code, form.id, form.version, section)
        markup = self._blank.get(key)
        if markup is None:
            html = self._blank_template.render(form=form, section=section)
            markup = Markup(html)  # noqa: S704 - our own template's autoescaped output  # nosec B704
            self._blank[key] = markup
        return markup

    def render(
        self,
        request: Request,
        name: str,
        context: Mapping[str, Any] | None = None,
        *,
        status_code: int = 200,
        fragment: str = "main",
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """Render ``name``, or only its ``fragment`` block for htmx requests."""
        return render(
            self.templates,
            request,
            name,
            context or {},
            block=fragment,
            status_code=status_code,
            headers=headers,
        )

    def render_plain(self, name: str, context: Mapping[str, Any], status_code: int) -> Response:
        """Render a page without a request (for responses built before any request)."""
        html = self.templates.env.get_template(name).render(request=None, **context)
        return HTMLResponse(html, status_code=status_code, headers={"Vary": "HX-Request"})
