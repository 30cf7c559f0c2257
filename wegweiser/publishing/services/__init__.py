"""Writes of the publishing domain: editions (create, change, build, release) and distribution."""
