"""Fetch a dataset over the network, only when the user gave a URL."""

from __future__ import annotations

import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from catalog.importers.records import ImportDataError

TIMEOUT = 60
ARCHIVES = (".tar.gz", ".tgz", ".zip")


def is_url(location: str) -> bool:
    return location.startswith(("https://", "http://"))


def fetch(url: str, workdir: Path) -> Path:
    """Download `url` into `workdir`; an archive is unpacked and its folder returned."""
    name = url.rsplit("/", 1)[-1].split("?", 1)[0] or "download"
    target = workdir / name
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response, target.open("wb") as out:
            shutil.copyfileobj(response, out)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ImportDataError(url, "-", f"could not download it ({error})") from None
    if not name.endswith(ARCHIVES):
        return target
    unpacked = Path(tempfile.mkdtemp(dir=workdir))
    try:
        if name.endswith(".zip"):
            with zipfile.ZipFile(target) as archive:
                archive.extractall(unpacked)
        else:
            with tarfile.open(target) as archive:
                archive.extractall(unpacked, filter="data")
    except (tarfile.TarError, zipfile.BadZipFile, OSError) as error:
        raise ImportDataError(name, "-", f"not a readable archive ({error})") from None
    entries = list(unpacked.iterdir())
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else unpacked
