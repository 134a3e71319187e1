"""structlog, configured once per app factory, with a processor that drops identifying keys.

Events are JSON when stderr is not a terminal and human-readable on one. Whatever a call
site binds, keys that could identify a person or carry a secret (addresses, user agents,
referrers, headers, receipts, passwords, bodies) are removed before rendering (G2).
"""

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

FORBIDDEN_KEYS = frozenset(
    {
        "client",
        "ip",
        "remote_addr",
        "addr",
        "host",
        "user_agent",
        "ua",
        "referer",
        "referrer",
        "headers",
        "forwarded",
        "x_forwarded_for",
        "receipt",
        "password",
        "totp",
        "code",
        "body",
        "text",
        "content",
        "plaintext",
        "key",
        "seed",
        "cookie",
        "token",
        "answers",
        "identity",
        "filename",
    }
)


def drop_identifying_keys(
    _logger: Any, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Remove every forbidden key from an event."""
    for key in list(event):
        if key.lower() in FORBIDDEN_KEYS:
            del event[key]
    return event


def configure_logging(*, level: int = logging.INFO) -> None:
    """Configure structlog and the standard library's root logger."""
    renderer: Any = (
        structlog.dev.ConsoleRenderer()
        if sys.stderr.isatty()
        else structlog.processors.JSONRenderer()
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            drop_identifying_keys,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )
    # uvicorn's access log names client addresses: it stays off (G2), whatever the CLI says.
    logging.getLogger("uvicorn.access").disabled = True
