"""The console's own strings: the ``console`` gettext domain (``reviewer_console/locale``).

Complete in English and French (a test holds them to it); the other four languages are
offered too and read in English wherever their catalogs are not complete yet. Python code
translates with :func:`_` while it builds a page; module constants are marked with
:func:`N_` and translated where shown.
"""

from __future__ import annotations

from pathlib import Path

from confide.web.i18n import app_domain
from intake_forms.languages import N_

CONSOLE = app_domain(Path(__file__).parent, "console")
_ = CONSOLE.gettext
ngettext = CONSOLE.ngettext

__all__ = ["CONSOLE", "N_", "_", "ngettext"]
