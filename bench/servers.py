"""The apps under test: uvicorn processes on 127.0.0.1, and their memory, sampled from /proc.

Each app runs the way ``confide serve`` runs it (:func:`confide.cli.uvicorn_command`): its
own ``python -m uvicorn --factory`` process built by ``from_environment`` from ``CONFIDE_*``
variables, with the access log off and proxy headers ignored. A server speaks plain HTTP on
loopback, or HTTPS when given a certificate and key (the self-signed pair ``confide serve``
makes, see :func:`confide.provision.ensure_tls`); the harness then trusts exactly that
certificate (:attr:`Server.verify`), so the TLS figures include a real handshake and real
certificate checks.

Memory is read from ``/proc/<pid>/status``: ``VmRSS`` (resident now) sampled by a
background thread every few tens of milliseconds for the peak during a phase, and
``VmHWM`` (the kernel's own high-water mark since the process started).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from confide.cli import uvicorn_command

READY_TIMEOUT_SECONDS = 60
ROOT = Path(__file__).resolve().parents[1]


PORTS_VARIABLE = "CONFIDE_BENCH_PORTS"
"""``LOW-HIGH``: the ports the servers may listen on (when several runs share a machine)."""


def port_range(text: str) -> range:
    """Parse ``LOW-HIGH`` (inclusive) into a range of ports."""
    low, _, high = text.partition("-")
    ports = range(int(low), int(high or low) + 1)
    if not ports or ports.start < 1 or ports.stop > 65536:
        raise ValueError(f"{PORTS_VARIABLE} must be LOW-HIGH within 1-65535, got {text!r}")
    return ports


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port() -> int:
    """A TCP port nobody listens on right now.

    With ``CONFIDE_BENCH_PORTS=LOW-HIGH`` set, a free port of that range, tried from a
    random starting point so that two runs sharing the range rarely race for the same one;
    otherwise one the kernel assigns.
    """
    wanted = os.environ.get(PORTS_VARIABLE)
    if not wanted:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])
    ports = port_range(wanted)
    start = secrets.randbelow(len(ports))
    for offset in range(len(ports)):
        port = ports[(start + offset) % len(ports)]
        if _bindable(port):
            return port
    raise RuntimeError(f"no free port in {PORTS_VARIABLE}={wanted}")


def proc_status_kib(pid: int, key: str) -> int:
    """One ``Vm*`` line of /proc/<pid>/status, in KiB (0 if the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return 0


@dataclass
class Server:
    """One uvicorn process serving one app."""

    name: str
    factory: str
    env: dict[str, str]
    log: Path
    tls: tuple[Path, Path] | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The base URL."""
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def verify(self) -> ssl.SSLContext | bool:
        """What an HTTP client checks the server's certificate against."""
        if self.tls is None:
            return True
        return ssl.create_default_context(cafile=str(self.tls[0]))

    @property
    def pid(self) -> int:
        """The uvicorn process id."""
        assert self.process is not None
        return self.process.pid

    def start(self, probe: str) -> None:
        """Start uvicorn and wait until ``probe`` answers."""
        command = uvicorn_command(self.factory, "127.0.0.1", self.port, self.tls)
        handle = self.log.open("ab")
        # The servers import the same checkout as the harness, not whatever is installed.
        env = {**self.env, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=handle, stderr=handle)
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log}")
            try:
                if httpx.get(self.url + probe, timeout=2, verify=self.verify).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)  # not listening yet
                continue
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start within {READY_TIMEOUT_SECONDS} s")

    def rss_kib(self) -> int:
        """Resident memory now."""
        return proc_status_kib(self.pid, "VmRSS")

    def hwm_kib(self) -> int:
        """Peak resident memory since the process started."""
        return proc_status_kib(self.pid, "VmHWM")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if uvicorn does not finish within 15 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()


class MemorySampler:
    """Samples VmRSS of some servers in a thread; ``with`` it around a phase."""

    def __init__(self, servers: list[Server], interval: float) -> None:
        """Watch ``servers`` every ``interval`` seconds."""
        self.servers = servers
        self.interval = interval
        self.baseline = {s.name: s.rss_kib() for s in servers}
        self.peak = dict(self.baseline)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for server in self.servers:
                self.peak[server.name] = max(self.peak[server.name], server.rss_kib())
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def figures(self) -> dict[str, dict[str, float]]:
        """Baseline, peak and growth of VmRSS per server, and VmHWM now, in MiB."""
        return {
            s.name: {
                "rss_before_mib": round(self.baseline[s.name] / 1024, 1),
                "rss_peak_mib": round(self.peak[s.name] / 1024, 1),
                "rss_growth_mib": round((self.peak[s.name] - self.baseline[s.name]) / 1024, 1),
                "hwm_mib": round(s.hwm_kib() / 1024, 1),
            }
            for s in self.servers
        }
