"""Keyfolio's SQLite database backend (settings ENGINE "keyfolio.core.sqlite"): Django's,
with a fair queue in front of SQLite's write lock. See `base`."""
