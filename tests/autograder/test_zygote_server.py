"""The zygote refuses to fork once its imports have started threads, native ones included."""

import json
import os
import subprocess
import sys

from autograder.zygote import SERVER


def _start(preload: list[str], **env: str) -> dict:
    config = json.dumps({"preload": preload})
    process = subprocess.run(
        [sys.executable, str(SERVER), config],
        input="", capture_output=True, text=True, timeout=120, env={**os.environ, **env},
    )  # fmt: skip
    return json.loads(process.stdout.splitlines()[0])


def test_a_zygote_whose_imports_start_no_thread_is_ready():
    assert _start(["numpy"], OPENBLAS_NUM_THREADS="1") == {"ready": True}


def test_a_native_thread_started_by_an_import_stops_the_zygote():
    """OpenBLAS with two threads starts one that Python's ``threading`` does not list."""
    answer = _start(["numpy"], OPENBLAS_NUM_THREADS="2")
    assert answer == {"error": "2 threads after preloading"}
