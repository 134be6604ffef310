"""LibreOffice for the slide deck: print report.pptx to report-slides.pdf, as THL
sent its summaries. Debian's ``libreoffice-impress`` is used (``soffice``); each run
gets a throw-away user profile, so that conversions running at the same time (one
per cutoff) do not share one."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from analysis.files.outputs import write_file_atomically

CANDIDATES = ("soffice", "libreoffice")
PACKAGE = "libreoffice-impress"
INSTALL = f"apt-get update && apt-get install -y {PACKAGE}"
TIMEOUT_S = 180


class OfficeMissing(RuntimeError):
    """No LibreOffice on this machine; the message says how to install it."""


def find_soffice() -> str | None:
    """LibreOffice's soffice: $RRP_SOFFICE, else the first of CANDIDATES on PATH."""
    given = os.environ.get("RRP_SOFFICE")
    if given:
        return shutil.which(given)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice() -> str:
    found = find_soffice()
    if not found:
        raise OfficeMissing(
            "LibreOffice was not found (looked for " + ", ".join(CANDIDATES) + " on PATH, or $RRP_SOFFICE). "
            f"On Debian or Ubuntu, install Debian's package {PACKAGE} as root with: {INSTALL}"
        )
    return found


def convert_to_pdf(source: Path, target: Path) -> None:
    """``source`` (report.pptx) printed to ``target`` by headless LibreOffice, atomically."""
    soffice = require_soffice()
    with tempfile.TemporaryDirectory(prefix="rrp-soffice-") as tmp:
        profile = Path(tmp) / "profile"
        done = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            env={**os.environ, "HOME": tmp},
        )
        made = Path(tmp) / f"{Path(source).stem}.pdf"
        if done.returncode != 0 or not made.is_file():
            raise RuntimeError(
                f"LibreOffice could not convert {source.name} to PDF (exit {done.returncode}): "
                f"{(done.stderr or done.stdout).strip()[-500:]}"
            )
        write_file_atomically(Path(target), lambda tmp_path: shutil.copyfile(made, tmp_path))


__all__ = ["OfficeMissing", "convert_to_pdf", "find_soffice", "require_soffice"]
