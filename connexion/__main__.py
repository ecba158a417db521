"""``python -m connexion``: the same command line as the ``connexion`` script."""

from __future__ import annotations

from connexion.cli import main

if __name__ == "__main__":
    main()
