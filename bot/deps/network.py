"""Keyed hashes of client addresses: what the gateway keeps of where a request came from (bot/client_address.py)."""

from __future__ import annotations

from typing import Annotated

from bot.client_address import NetworkKeys
from bot.deps.state import from_state

AddressKeys = Annotated[NetworkKeys, from_state("network_keys")]
