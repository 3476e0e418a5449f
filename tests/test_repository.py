"""The repository stands alone: a clone with nothing beside it installs, runs and tests itself."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Written in two parts so that this file does not match itself.
OUTSIDE = ("../" + "shared", '/ "' + "shared" + '"', '"' + "shared" + "/")


def _code_files():
    for folder in ("journeys", "frictionlog", "tests", "scripts", "bench", ".ci"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {"", ".py", ".sh", ".conf", ".json", ".toml"}:
                yield path
    yield ROOT / "Makefile"


def test_no_code_test_or_script_reads_a_folder_beside_the_clone():
    offenders = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in _code_files()
        for needle in OUTSIDE
        if needle in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []
