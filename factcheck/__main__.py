"""``python -m factcheck``: the same as the ``factcheck`` command."""

from factcheck.cli import _entry

__all__: list[str] = []

if __name__ == "__main__":
    _entry()
