"""Repeating groups without JavaScript: entries in input names, add and remove as buttons.

Entry ``n`` of group ``assets`` sends its fields as ``assets.<n>.<field>``, and the page
sends ``assets.entries`` (how many entries it showed) so that an entry left blank is still
shown again. "Add another" and "Remove" are submit buttons named :data:`ACTION` with the
value ``add:<group>`` or ``remove:<group>:<n>``: the server applies the action to what was
sent (:func:`apply_action`) and shows the form again with nothing lost and nothing
submitted. With JavaScript the same buttons work unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .fields import Field, Form

ACTION = "_action"
_ENTRY_KEY = re.compile(r"([a-z0-9_]+)\.(\d{1,3})\.([a-z0-9_.]+)")


def entry_key(group: str, index: int, name: str) -> str:
    """The input name of field ``name`` in entry ``index`` of ``group``."""
    return f"{group}.{index}.{name}"


def field_at(form: Form, key: str) -> tuple[Field, Field | None, int]:
    """The field an input name belongs to: ``(field, its group or None, entry number)``.

    Raises:
        KeyError: no field of the form has this input name.
    """
    match = _ENTRY_KEY.fullmatch(key)
    if match is None:
        return form.field(key), None, 0
    group = form.field(match[1])
    return group.member(match[3]), group, int(match[2])


def entry_indices(group: Field, data: Mapping[str, Sequence[str]]) -> list[int]:
    """The entry numbers sent for ``group``, in order (at most its ``max_entries``)."""
    found = set()
    for key in data:
        match = _ENTRY_KEY.fullmatch(key)
        if match and match[1] == group.name:
            found.add(int(match[2]))
    return sorted(found)[: group.max_entries]


def entries_shown(group: Field, data: Mapping[str, Sequence[str]]) -> int:
    """How many entries the page shows: what was sent, at least ``min_entries`` and one."""
    sent = data.get(f"{group.name}.entries", ("",))[0]
    declared = int(sent) if sent.isdigit() else 0
    indices = entry_indices(group, data)
    shown = max(declared, (indices[-1] + 1) if indices else 0, group.min_entries, 1)
    return min(shown, group.max_entries)


def _renumbered(group: Field, data: dict[str, list[str]], drop: int | None) -> None:
    """Entries of ``group`` numbered 0, 1, ... again, without entry ``drop``."""
    moved: dict[str, list[str]] = {}
    kept = [i for i in range(entries_shown(group, data)) if i != drop]
    for new, old in enumerate(kept):
        for member in group.fields:
            for suffix in ("", ".amount", ".currency", ".from", ".to"):
                value = data.pop(entry_key(group.name, old, member.name) + suffix, None)
                if value is not None:
                    moved[entry_key(group.name, new, member.name) + suffix] = value
    for key in [k for k in data if k.startswith(f"{group.name}.")]:
        del data[key]
    data.update(moved)
    data[f"{group.name}.entries"] = [str(len(kept))]


def apply_action(form: Form, data: Mapping[str, Sequence[str]]) -> dict[str, list[str]] | None:
    """Apply an add or remove button to what was sent; None when no such button was pressed.

    Unknown groups, numbers out of range and a group already at its limit leave the
    entries as they are (the form is shown again either way).
    """
    action = next(iter(data.get(ACTION, ())), "")
    if not action:
        return None
    result = {k: list(v) for k, v in data.items() if k != ACTION}
    verb, _, rest = action.partition(":")
    name, _, number = rest.partition(":")
    group = next((g for g in form.group_fields if g.name == name), None)
    if group is None:
        return result
    shown = entries_shown(group, result)
    if verb == "add" and shown < group.max_entries:
        _renumbered(group, result, None)
        result[f"{group.name}.entries"] = [str(shown + 1)]
    elif verb == "remove" and number.isdigit() and int(number) < shown:
        _renumbered(group, result, int(number))
    return result
