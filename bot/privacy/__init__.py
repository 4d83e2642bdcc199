"""Residents' personal data: personal numbers masked before anything keeps or shows them."""
