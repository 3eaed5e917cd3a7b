"""HTTPS to a pinned address: SNI and certificate checks use the URL's host name, not the IP."""

import socket
import ssl
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from brandkit.webhooks import Endpoint, deliver, generate_secret, httpx_sender, parse_event

trustme = pytest.importorskip("trustme")

EVENT = parse_event({"type": "brand.kit.succeeded", "version": "1", "job_id": "j-1", "bucket": "kits",
                     "manifest_key": "kits/j-1/kit/manifest.json", "artifacts": 1})


@pytest.fixture
def tls_receiver():
    """An HTTPS receiver on 127.0.0.1 with a certificate for hooks.example.test only."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("hooks.example.test").configure_cert(context)
    seen = {"sni": [], "hosts": []}
    context.sni_callback = lambda sock, name, ctx: seen["sni"].append(name)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["content-length"]))
            seen["hosts"].append(self.headers["host"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    yield server.server_port, client_context, seen
    server.shutdown()
    server.server_close()


def loopback(host, port, type=0, **_):
    return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]


def test_sni_and_certificate_follow_the_host_name(tls_receiver):
    port, client_context, seen = tls_receiver
    ep = Endpoint(id="ep", url=f"https://hooks.example.test:{port}/h", secret=generate_secret())
    result = deliver(ep, EVENT, now=datetime.now(UTC), http_send=httpx_sender(client_context),
                     allow_insecure_local=True, resolver=loopback)
    assert result.reply.status == 204, result.reply.error
    assert seen["sni"] == ["hooks.example.test"] and seen["hosts"] == [f"hooks.example.test:{port}"]


def test_certificate_for_another_name_is_rejected(tls_receiver):
    port, client_context, seen = tls_receiver
    ep = Endpoint(id="ep", url=f"https://evil.example.test:{port}/h", secret=generate_secret())
    result = deliver(ep, EVENT, now=datetime.now(UTC), http_send=httpx_sender(client_context),
                     allow_insecure_local=True, resolver=loopback)
    assert result.reply.status is None and "CERTIFICATE_VERIFY_FAILED" in result.reply.error
    assert seen["hosts"] == []
