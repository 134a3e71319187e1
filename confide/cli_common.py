"""What every `confide` subcommand shares: settings from the environment and a data folder."""

import os
from pathlib import Path

import click

from .settings import Settings, SettingsError


def load_settings(data_dir: Path | None, *, check: bool = True) -> Settings:
    """Settings from ``CONFIDE_*`` variables, with ``--data-dir`` taking precedence.

    Raises:
        click.ClickException: a setting is missing or unsafe (shown without a traceback).
    """
    env = dict(os.environ)
    if data_dir is not None:
        env["CONFIDE_DATA_DIR"] = str(data_dir)
    try:
        return Settings.from_env(env, check=check)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


DATA_DIR_OPTION = click.option("--data-dir", type=click.Path(path_type=Path), default=None)
