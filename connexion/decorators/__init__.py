"""Import paths of connexion 2's ``connexion.decorators`` package, kept for users' code.

The code lives in :mod:`connexion.core`; the modules here re-export it under the old names.
"""
