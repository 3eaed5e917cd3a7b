"""SSRF guard: every internal address form is refused; public targets are pinned. No real DNS."""

import socket

import pytest

from brandkit.webhooks.ssrf import TargetRefused, resolve_target

DNS = {
    "hooks.example.com": ["93.184.215.14"],
    "v6.example.com": ["2606:4700::6810:84e5"],
    "rebind.example.com": ["10.0.0.7"],
    "metadata.example.com": ["169.254.169.254"],
    "mixed.example.com": ["93.184.215.14", "192.168.1.10"],
    "mapped.example.com": ["::ffff:169.254.169.254"],
    "ula.example.com": ["fd12:3456::1"],
    "cgnat.example.com": ["100.100.100.100"],
    "localhost": ["127.0.0.1", "::1"],
}


class FakeResolver:
    def __init__(self):
        self.calls = []

    def __call__(self, host, port, type=0, **_):
        self.calls.append(host)
        if host not in DNS:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
                for ip in DNS[host]]


REFUSED = [
    "https://169.254.169.254/latest/meta-data/",
    "https://[::ffff:169.254.169.254]/",
    "https://[::ffff:a9fe:a9fe]/",
    "https://[64:ff9b::a9fe:a9fe]/",
    "https://[2002:a9fe:a9fe::1]/",
    "https://[::a9fe:a9fe]/",
    "https://0.0.0.0/",
    "https://[::]/",
    "https://10.1.2.3/hook",
    "https://172.16.0.1/",
    "https://172.31.255.254/",
    "https://192.168.0.10/",
    "https://100.64.0.1/",
    "https://100.127.255.254/",
    "https://[fc00::1]/",
    "https://[fd00:ec2::254]/",
    "https://[fe80::1]/",
    "https://[fe80::1%25eth0]/",
    "https://[::1]/",
    "https://127.0.0.1/",
    "https://224.0.0.1/",
    "https://240.0.0.1/",
    "https://255.255.255.255/",
    "https://localhost/",
    "https://localhost./",
    "http://93.184.215.14/",
    "http://hooks.example.com/",
    "ftp://hooks.example.com/",
    "file:///etc/passwd",
    "https://rebind.example.com/",
    "https://metadata.example.com/",
    "https://mixed.example.com/",
    "https://mapped.example.com/",
    "https://ula.example.com/",
    "https://cgnat.example.com/",
    "http://2852039166/",
    "https://2852039166/",
    "https://0xa9fea9fe/",
    "https://0251.0376.0251.0376/",
    "https://169.254.43518/",
    "https://0x7f.1/",
    "https://good.com@169.254.169.254/",
    "https://user:pass@hooks.example.com/",
    "https://hooks.example.com\\@169.254.169.254/",
    "https://hooks.example.com /",
    "https:///nohost",
    "https://nxdomain.example.com/",
    "https://hooks.example.com:99999/",
    "https://under_score.example.com/",
]


@pytest.mark.parametrize("url", REFUSED)
def test_refused(url):
    with pytest.raises(TargetRefused):
        resolve_target(url, resolver=FakeResolver())


def test_corpus_is_large_and_unique():
    assert len(set(REFUSED)) == len(REFUSED) >= 20


def test_metadata_reason_names_the_embedded_address():
    with pytest.raises(TargetRefused, match=r"IPv4-mapped form of 169\.254\.169\.254: link-local"):
        resolve_target("https://[::ffff:a9fe:a9fe]/", resolver=FakeResolver())
    with pytest.raises(TargetRefused, match=r"ambiguous IPv4 form .*169\.254\.169\.254"):
        resolve_target("https://0xa9fea9fe/", resolver=FakeResolver())


def test_public_name_is_resolved_once_and_pinned():
    resolver = FakeResolver()
    target = resolve_target("https://Hooks.Example.com/brandkit?x=1#frag", resolver=resolver)
    assert resolver.calls == ["hooks.example.com"]
    assert target.ip == "93.184.215.14"
    assert target.connect_url == "https://93.184.215.14:443/brandkit?x=1"
    assert target.host_header == "hooks.example.com"
    assert target.host == "hooks.example.com"


def test_ipv6_target_and_custom_port():
    target = resolve_target("https://v6.example.com:8443/", resolver=FakeResolver())
    assert target.connect_url == "https://[2606:4700::6810:84e5]:8443/"
    assert target.host_header == "v6.example.com:8443"


def test_public_literal_needs_no_dns():
    resolver = FakeResolver()
    assert resolve_target("https://93.184.215.14/", resolver=resolver).ip == "93.184.215.14"
    assert resolver.calls == []


def test_local_flag_admits_loopback_over_http_only():
    resolver = FakeResolver()
    assert resolve_target("http://127.0.0.1:8080/h", allow_insecure_local=True, resolver=resolver).ip == "127.0.0.1"
    assert resolve_target("http://localhost:9/", allow_insecure_local=True, resolver=resolver).ip == "127.0.0.1"
    assert resolve_target("http://[::1]:9/", allow_insecure_local=True, resolver=resolver).ip == "::1"
    for url in ("http://93.184.215.14/", "http://10.0.0.1/", "http://169.254.169.254/", "http://[::ffff:127.0.0.1]/",
                "http://2130706433/"):
        with pytest.raises(TargetRefused):
            resolve_target(url, allow_insecure_local=True, resolver=resolver)
