"""Residents' personal data: how long it is kept, what a resident can see of it and how it is erased."""
