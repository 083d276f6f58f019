import ipaddress

from hypothesis import given
from hypothesis import strategies as st

from masar.lib.clients import client_address

PROXIES = ["10.0.0.1", "10.0.0.2", "fd00::1"]
trusted_hop = st.sampled_from(PROXIES)
any_hop = st.one_of(
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(str),
    trusted_hop,
    st.sampled_from(["unknown", "", " ", "1.2.3.4:80", "999.1.1.1"]),
)
untrusted_hop = st.ip_addresses().map(str).filter(lambda a: a not in PROXIES)


def _meta(remote: str, chain: list[str]) -> dict[str, str]:
    return {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": ", ".join(chain)}


def test_without_trusted_proxies_the_header_is_ignored():
    meta = _meta("203.0.113.7", ["198.51.100.1"])
    assert client_address(meta, []) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client():
    meta = _meta("10.0.0.1", ["6.6.6.6", "198.51.100.1", "10.0.0.2"])
    assert client_address(meta, PROXIES) == "198.51.100.1"


def test_proxies_may_be_named_as_networks():
    meta = _meta("172.18.0.5", ["198.51.100.1"])
    assert client_address(meta, ["172.16.0.0/12"]) == "198.51.100.1"


def test_a_chain_of_trusted_proxies_only_gives_the_furthest_proxy():
    meta = _meta("10.0.0.1", ["10.0.0.2"])
    assert client_address(meta, PROXIES) == "10.0.0.2"


@given(
    remote=trusted_hop,
    client=untrusted_hop,
    spoofed=st.lists(any_hop, max_size=4),
    proxies=st.lists(st.one_of(trusted_hop, st.just("garbage")), max_size=4),
)
def test_it_never_answers_a_trusted_proxy_when_an_untrusted_address_is_in_the_chain(
    remote, client, spoofed, proxies
):
    meta = _meta(remote, [*spoofed, client, *proxies])
    found = client_address(meta, PROXIES)
    assert found not in PROXIES
    assert ipaddress.ip_address(found) == ipaddress.ip_address(client)


@given(remote=untrusted_hop, header=st.lists(any_hop, max_size=5))
def test_a_forwarded_header_from_an_untrusted_sender_is_ignored(remote, header):
    assert client_address(_meta(remote, header), PROXIES) == remote
