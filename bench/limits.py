"""Physical limits of the file path, timed in the harness process on the same machine.

An upload can go no faster than one core encrypts secretstream chunks and the disk under
the blob store takes writes; a download no faster than one core decrypts them. Both are
timed here over ``size`` bytes in the chunks the gateway uses, and the disk with one
sequential write of ``size`` bytes followed by ``fsync``.
"""

from __future__ import annotations

import os
import time
from collections import deque
from pathlib import Path

from crypto import FILE_CHUNK_BYTES, decrypt_chunks, encrypt_chunks, generate_file_key


def file_limits(folder: Path, size: int) -> dict[str, float]:
    """MB/s of secretstream encryption, decryption and a sequential disk write."""
    chunk = os.urandom(FILE_CHUNK_BYTES)
    count = max(1, size // FILE_CHUNK_BYTES)
    key = generate_file_key()
    started = time.perf_counter()
    ciphertext = list(encrypt_chunks(key, (chunk for _ in range(count))))
    encrypt_s = time.perf_counter() - started
    started = time.perf_counter()
    deque(decrypt_chunks(key, iter(ciphertext)), maxlen=0)  # consume, keep nothing
    decrypt_s = time.perf_counter() - started
    path = folder / "disk-probe.bin"
    started = time.perf_counter()
    with path.open("wb") as handle:
        for piece in ciphertext:
            handle.write(piece)
        handle.flush()
        os.fsync(handle.fileno())
    write_s = time.perf_counter() - started
    path.unlink()
    total = count * FILE_CHUNK_BYTES / 1e6
    return {
        "probe_mb": round(total, 1),
        "encrypt_mb_per_s": round(total / encrypt_s, 1),
        "decrypt_mb_per_s": round(total / decrypt_s, 1),
        "disk_write_mb_per_s": round(total / write_s, 1),
    }
