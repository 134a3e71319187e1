"""What the cycle page says after an action: one whole translated sentence per code.

The actions redirect with ``?done=<code>[:<count>...]`` (``invited:3``, ``reminded:5:1``);
:func:`done_notice` turns the code into the sentence, so that no English code reaches a
page. An unknown or malformed code shows nothing rather than the raw code.
"""

from reviewer_console.i18n import _, ngettext


def _counts(parts: list[str], wanted: int) -> list[int] | None:
    if len(parts) != wanted or not all(p.isdigit() for p in parts):
        return None
    return [int(p) for p in parts]


def done_notice(code: str) -> str:
    """The sentence for ``code`` in the current language ("" when the code is unknown)."""
    name, *rest = code.split(":")
    if name == "added" and not rest:
        return _("The filer was added.")
    if name == "closed" and not rest:
        return _("The cycle is closed.")
    if name == "reminded" and (pair := _counts(rest, 2)):
        sent, failed = pair
        reminded = ngettext("%(num)s reminder sent.", "%(num)s reminders sent.", sent)
        if not failed:
            return reminded
        return (
            reminded
            + " "
            + ngettext(
                "%(num)s reminder could not be sent.",
                "%(num)s reminders could not be sent.",
                failed,
            )
        )
    counted = _counts(rest, 1)
    if counted is None:
        return ""
    n = counted[0]
    if name == "invited":
        return ngettext("%(num)s invitation sent.", "%(num)s invitations sent.", n)
    if name == "drafts":
        return ngettext("%(num)s draft given back.", "%(num)s drafts given back.", n)
    if name == "imported":
        return ngettext(
            "Roster imported: %(num)s filer added.", "Roster imported: %(num)s filers added.", n
        )
    return ""
