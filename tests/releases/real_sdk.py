"""The real synapse-sdk from PyPI in a Python 3.12 virtualenv, built once under a fixed cache folder
($SYNAPSE_TEST_CACHE, default ~/.cache/synapse-mcp-tests) so reruns are warm; uv when the repo's .venv has it."""

import glob
import os
import subprocess
from pathlib import Path

SDK = "synapse-sdk==2026.2.17"
REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("SYNAPSE_TEST_CACHE", Path.home() / ".cache" / "synapse-mcp-tests"))


def python312():
    found = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.12.*/bin/python3")))
    if not found:
        raise RuntimeError("no Python 3.12 under ~/.pyenv/versions: the current synapse-sdk needs >= 3.12")
    return found[-1]


def sdk_python():
    """The python of the cached SDK environment, built on first use."""
    venv = CACHE / ("sdk-py312-" + SDK.split("==")[1])
    python = venv / "bin" / "python"
    if not (venv / ".ready").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        uv = REPO / ".venv" / "bin" / "uv"
        if uv.exists():
            subprocess.run([str(uv), "venv", "-q", "--python", python312(), str(venv)], check=True)
            subprocess.run([str(uv), "pip", "install", "-q", "--python", str(python), SDK], check=True)
        else:
            subprocess.run([python312(), "-m", "venv", str(venv)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", SDK], check=True)
        (venv / ".ready").write_text(SDK)
    return str(python)
