"""The emails' words: the ``mail`` gettext domain (``casework/notifications/locale``).

Every email is written in its reader's language, not the request's: a filer's in the
language on their filer row (the roster's column, then their choice on the gateway), an
officer's digest in the language they chose in the console (English or French). The
composing code sets it around the composition with :func:`intake_forms.languages.using`,
and every sentence is one message with named placeholders.
"""

from __future__ import annotations

from pathlib import Path

from intake_forms.languages import Domain

MAIL = Domain(Path(__file__).parent / "locale", "mail")
_ = MAIL.gettext
ngettext = MAIL.ngettext

__all__ = ["MAIL", "_", "ngettext"]
