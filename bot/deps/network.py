"""Keyed hashes of client addresses: what the gateway keeps of where a request came from (bot/client_address.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from bot.client_address import NetworkKeys


async def network_keys(connection: HTTPConnection) -> NetworkKeys:
    keys: NetworkKeys = connection.app.state.network_keys
    return keys


AddressKeys = Annotated[NetworkKeys, Depends(network_keys)]
