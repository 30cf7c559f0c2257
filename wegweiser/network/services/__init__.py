"""Writes of the network app (persons, bodies, members, meetings); every one audited and
checked against the actor's role in the object's district."""
