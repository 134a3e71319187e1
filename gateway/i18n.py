"""The gateway's own strings: the ``gateway`` gettext domain (``gateway/locale``).

Python code translates with :func:`_` when it builds what a page shows (the request's
language is current then); a message defined ahead of time (a module constant) is marked
with :func:`N_` for extraction and translated with :func:`_` where it is used. Templates
get the same domain through :func:`confide.web.i18n.install`.
"""

from __future__ import annotations

from pathlib import Path

from confide.web.i18n import app_domain
from intake_forms.languages import N_

GATEWAY = app_domain(Path(__file__).parent, "gateway")
_ = GATEWAY.gettext
ngettext = GATEWAY.ngettext
__all__ = ["GATEWAY", "N_", "_", "ngettext"]
