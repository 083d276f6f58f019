"""The address of the client behind a request, read the same way wherever it counts.

Behind a reverse proxy every request arrives from the proxy, so limits keyed on REMOTE_ADDR
would lump all clients together. X-Forwarded-For names the real client, but anyone can send
that header: it is believed only when the request comes from a proxy the deployment trusts
(settings.MASAR["TRUSTED_PROXIES"]), and then only up to the first hop that proxy did not
vouch for. Walking the chain from the right and skipping trusted proxies gives the rightmost
address no trusted proxy added itself, which is the client as the outermost proxy saw it;
whatever a client wrote further left is its own claim and is ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    """Read proxies as single addresses or networks (10.0.0.0/8); a bad entry is an error,
    so a typo in the setting fails loudly instead of trusting nobody (or everybody)."""
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in trusted)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: tuple[Network, ...]
) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(meta: Mapping[str, Any], trusted: Iterable[str]) -> str:
    """Return the client's address from a request's META.

    REMOTE_ADDR is the answer unless it is a trusted proxy; then X-Forwarded-For is walked
    from the right, past trusted proxies and entries that are not addresses, and the first
    other address wins. When every hop is a trusted proxy, the furthest one is returned."""
    remote = str(meta.get("REMOTE_ADDR", "") or "")
    networks = _networks(tuple(trusted))
    remote_ip = _address(remote)
    if remote_ip is None or not _is_trusted(remote_ip, networks):
        return remote
    furthest = remote_ip
    for hop in reversed(str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")):
        address = _address(hop)
        if address is None:
            continue
        if not _is_trusted(address, networks):
            return str(address)
        furthest = address
    return str(furthest)


def request_client_address(request) -> str:
    """The client address of a Django request under the deployment's trusted proxies."""
    return client_address(request.META, settings.MASAR.get("TRUSTED_PROXIES", ()))
