"""Phase 3: one large attachment up through the gateway and down through the console.

The reporter logs in with a receipt and posts the file to ``/case/files`` as a multipart
body generated on the fly from one reused 1 MiB buffer of random bytes, with an exact
``Content-Length``: the harness never holds the file, and nothing compresses. The officer
then downloads it from the console's download route and the harness counts the bytes as
they stream in. MB/s is 10^6 bytes per second of the file's size over the request's wall
time. Gateway and console VmRSS are sampled throughout; the figure is the growth of the
peak over the resident size just before the transfer.
"""

from __future__ import annotations

import os
import time

import httpx
from sqlalchemy import text

from . import web
from .harness import Run
from .office import Office
from .servers import MemorySampler, Server

BUFFER_BYTES = 1024 * 1024
BOUNDARY = "confidebench7MA4YWxkTrZu0gW"


async def measure(
    *,
    gateway: Server,
    console: Server,
    office: Office,
    receipt: str,
    console_cookie: str,
    size: int,
    interval: float,
) -> dict:
    """Upload then download ``size`` bytes; MB/s each way and memory of both processes."""
    chunk = os.urandom(BUFFER_BYTES)
    async with web.client(4, verify=gateway.verify) as http:
        token = await web.login_token(http, gateway.url)
        login = await web.log_in(http, gateway.url, receipt, token)
        if login.status != 303 or login.cookie is None:
            raise RuntimeError(f"reporter login failed with {login.status}")
        cookie = {"Cookie": f"{web.GATEWAY_COOKIE}={login.cookie}"}
        token = web.csrf_token((await http.get(f"{gateway.url}/case", headers=cookie)).text)
        headers = {
            **cookie,
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(web.multipart_length(BOUNDARY, "files", "evidence.bin", size)),
        }
        with MemorySampler([gateway, console], interval) as upload_memory:
            started = time.perf_counter()
            response = await http.post(
                f"{gateway.url}/case/files?csrf_token={token}",
                content=web.multipart_stream(BOUNDARY, "files", "evidence.bin", size, chunk),
                headers=headers,
                follow_redirects=False,
            )
            upload_seconds = time.perf_counter() - started
        if response.status_code != 303:
            raise RuntimeError(f"upload answered {response.status_code}: {response.text[:300]!r}")
        status, received, download_seconds, download_memory = await _download(
            http,
            console=console,
            sampled=[gateway, console],
            office=office,
            cookie=console_cookie,
            interval=interval,
        )
    if status != 200 or received != size:
        raise RuntimeError(f"download answered {status} with {received} of {size} bytes")
    return {
        "bytes": size,
        "upload_seconds": round(upload_seconds, 2),
        "upload_mb_per_s": round(size / 1e6 / upload_seconds, 1),
        "download_seconds": round(download_seconds, 2),
        "download_mb_per_s": round(size / 1e6 / download_seconds, 1),
        "upload_memory": upload_memory.figures(),
        "download_memory": download_memory.figures(),
    }


async def _download(
    http: httpx.AsyncClient,
    *,
    console: Server,
    sampled: list[Server],
    office: Office,
    cookie: str,
    interval: float,
) -> tuple[int, int, float, MemorySampler]:
    """Stream the largest attachment out of the console: status, bytes, seconds, memory."""
    with office.engine.connect() as connection:
        case_id, attachment_id = connection.execute(
            text("SELECT case_id, id FROM attachment ORDER BY padded_size DESC LIMIT 1")
        ).one()
    received = 0
    with MemorySampler(sampled, interval) as memory:
        started = time.perf_counter()
        async with http.stream(
            "GET",
            f"{console.url}/cases/{case_id}/files/{attachment_id}",
            headers={"Cookie": f"{web.CONSOLE_COOKIE}={cookie}"},
        ) as stream:
            status = stream.status_code
            async for piece in stream.aiter_raw():
                received += len(piece)
        seconds = time.perf_counter() - started
    return status, received, seconds, memory


async def measure_run(run: Run, receipt: str, cookie: str, size: int) -> dict:
    """:func:`measure` through the servers of ``run`` as they run now; a transfer that
    fails is recorded as :func:`failed` (every target then shows a miss)."""
    assert run.gateway is not None
    assert run.console is not None
    try:
        return await measure(
            gateway=run.gateway,
            console=run.console,
            office=run.office,
            receipt=receipt,
            console_cookie=cookie,
            size=size,
            interval=run.profile.sample_interval,
        )
    except (RuntimeError, OSError) as exc:
        return failed(size, str(exc))


def failed(size: int, reason: str) -> dict:
    """The figures of a transfer that did not complete (every target then shows a miss)."""
    memory = {
        name: {"rss_before_mib": 0, "rss_peak_mib": 0, "rss_growth_mib": 0, "hwm_mib": 0}
        for name in ("gateway", "console")
    }
    return {
        "bytes": size,
        "error": reason,
        "upload_seconds": 0,
        "upload_mb_per_s": 0,
        "download_seconds": 0,
        "download_mb_per_s": 0,
        "upload_memory": memory,
        "download_memory": memory,
    }
