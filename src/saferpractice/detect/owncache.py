"""Cache files only this user could have written: read them, and write them privately.

Both caches (the risk lexicons as a pickle, and the compiled Hyperscan database) are keyed by
a digest of public files, so anyone who can write to the cache folder could plant a file under
the right name: a pickle runs code when loaded, and a planted database could match nothing
and hide every lexicon finding. So a cache file is read only when its folder and the file
belong to this user and nobody else can write to them. Without POSIX owners (Windows) no
cache is read; each only saves start-up time.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


def own_cache_bytes(path: Path) -> bytes | None:
    """The file's bytes if only this user could have written it, else None.

    The folder is opened first and checked through its descriptor, so it cannot be swapped
    after the check; neither the folder nor the file is followed if it is a link.
    Raises OSError when the file cannot be opened (a missing cache, for instance).
    """
    if not hasattr(os, "getuid") or os.open not in os.supports_dir_fd:
        return None
    me = os.getuid()
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        info = os.fstat(folder)
        if info.st_uid != me or info.st_mode & _OTHERS_WRITE:
            return None
        fd = os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder)
    finally:
        os.close(folder)
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != me or info.st_mode & _OTHERS_WRITE:
            return None
        return file.read()


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` in a folder made private to this user, atomically.

    Raises OSError (a read-only or full disk); no temporary file is left behind."""
    if not hasattr(os, "getuid"):
        return  # never read back there (see own_cache_bytes)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.parent.stat().st_uid == os.getuid():
        path.parent.chmod(0o700)  # one made looser by an older version or a umask of 002
    written: Path | None = None
    try:
        # Write then rename, so a parallel process never reads half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            written = Path(tmp.name)
            tmp.write(data)
        written.replace(path)
    except OSError:
        if written is not None:
            written.unlink(missing_ok=True)
        raise
