"""The Neptune side of the knowledge graph without a server: the Gremlin it sends (by translation of its
bytecode), the loader's requests, the endpoint and IAM SigV4 headers, and one connection per process."""

import re

import pytest
from botocore.credentials import Credentials
from gremlin_python.process.graph_traversal import GraphTraversalSource
from gremlin_python.process.translator import Translator
from gremlin_python.process.traversal import TraversalStrategies
from gremlin_python.structure.graph import Graph

from brandkit import bkg
from brandkit.bkg import dataset as ds
from brandkit.bkg.loader import BATCH_SIZE, gremlin_script, main, merge_edge, merge_vertex, prune_traversals
from brandkit.bkg.neptune import (
    Endpoint,
    NeptuneGraph,
    SharedConnection,
    decode_props,
    encode_props,
    facts_traversal,
    sigv4_headers,
    symbols_traversal,
    vertices_traversal,
)

g = GraphTraversalSource(Graph(), TraversalStrategies())


def gremlin(t) -> str:
    return Translator("g").translate(t.bytecode)


def test_vertices_traversal_text():
    assert gremlin(vertices_traversal(g, "Industry")) == "g.V().hasLabel('Industry').elementMap()"


def test_facts_traversal_text():
    text = gremlin(facts_traversal(g, ["trait:calm", "trait:daring"], "associates_with"))
    assert text == ("g.V('trait:calm','trait:daring').outE('associates_with')"
                    ".project('subject','object','weight','source')"
                    ".by(__.outV().id()).by(__.inV().id()).by('weight').by('source')")


def test_symbols_traversal_text_is_one_round_trip():
    text = gremlin(symbols_traversal(g, ["industry:coffee"]))
    assert text == ("g.V('industry:coffee').outE('depicted_by')"
                    ".project('subject','object','weight','source','symbol')"
                    ".by(__.outV().id()).by(__.inV().id()).by('weight').by('source').by(__.inV().elementMap())")


def test_vertex_upsert_text_is_keyed_by_id_and_sets_single_values():
    v = ds.Vertex("trait:calm", "Trait", {"name": "Calm", "synonyms": ["serene", "zen"], "tone": [0.1, -0.35]})
    text = gremlin(merge_vertex(g, v))
    assert text == ("g.mergeV([(T.id):'trait:calm',(T.label):'Trait'])"
                    ".option(Merge.onCreate,['name':'Calm','synonyms':'[\"serene\", \"zen\"]','tone':'[0.1, -0.35]'])"
                    ".option(Merge.onMatch,['name':'Calm','synonyms':'[\"serene\", \"zen\"]','tone':'[0.1, -0.35]'],"
                    "Cardinality.single)")


def test_edge_upsert_text_is_keyed_by_id_and_both_ends():
    e = ds.Edge("evokes:industry:tea->trait:calm", "evokes", "industry:tea", "trait:calm", 0.9, "Brandkit curation")
    text = gremlin(merge_edge(g, e))
    assert text == ("g.mergeE([(T.id):'evokes:industry:tea->trait:calm',(T.label):'evokes',"
                    "(Direction.OUT):'industry:tea',(Direction.IN):'trait:calm'])"
                    ".option(Merge.onCreate,['weight':0.9d,'source':'Brandkit curation'])"
                    ".option(Merge.onMatch,['weight':0.9d,'source':'Brandkit curation'])")


def test_the_load_script_upserts_every_element_once_vertices_first_and_never_adds_blindly():
    script = gremlin_script(prune=False)
    data = ds.dataset()
    text = "\n".join(script)
    assert "addV(" not in text and "addE(" not in text
    vertex_ids = re.findall(r"mergeV\(\[\(T\.id\):'([^']+)'", text)
    edge_ids = re.findall(r"mergeE\(\[\(T\.id\):'([^']+)'", text)
    assert sorted(vertex_ids) == sorted(v.id for v in data.vertices)
    assert sorted(edge_ids) == sorted(e.id for e in data.edges)
    first_edge = next(i for i, line in enumerate(script) if "mergeE" in line)
    assert all("mergeE" not in line for line in script[:first_edge])
    assert all("mergeV" not in line for line in script[first_edge:])
    assert all(line.count("mergeV") + line.count("mergeE") <= BATCH_SIZE for line in script)
    assert script == gremlin_script(prune=False)  # the same requests every time


def test_prune_drops_only_our_labels_and_only_what_the_dataset_lacks():
    edges, vertices = (gremlin(t) for t in prune_traversals(g))
    assert edges.startswith("g.E().hasLabel('evokes',") and edges.endswith("']))).drop()")
    assert "not(__.hasId(within([" in edges and "'evokes:industry:coffee->trait:down-to-earth'" in edges
    assert vertices.startswith("g.V().hasLabel('Industry','Trait','ColourFamily','Font','Style','Harmony','Symbol')")
    assert "'font:noto-sans'" in vertices and vertices.endswith(".drop()")


def test_dry_run_prints_the_requests(capsys):
    assert main(["--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == gremlin_script()


def test_list_properties_travel_as_json_text_and_come_back():
    props = {"name": "Tea", "synonyms": ["tea", "茶館"], "centre": [0.5, 0.1, 150], "body": True}
    encoded = encode_props(props)
    assert encoded["synonyms"] == '["tea", "茶館"]' and encoded["body"] is True
    assert decode_props(encoded) == props
    assert decode_props({"name": "[not json"}) == {"name": "[not json"}  # only list-valued keys are decoded


@pytest.mark.parametrize("text,host,port", [
    ("db.cluster-abc.eu-west-1.neptune.amazonaws.com", "db.cluster-abc.eu-west-1.neptune.amazonaws.com", 8182),
    ("db.cluster-abc.eu-west-1.neptune.amazonaws.com:8183", "db.cluster-abc.eu-west-1.neptune.amazonaws.com", 8183),
    ("wss://h.example:8182/gremlin", "h.example", 8182),
    ("https://h.example", "h.example", 8182),
])
def test_endpoint_forms(text, host, port):
    endpoint = Endpoint.parse(text)
    assert (endpoint.host, endpoint.port) == (host, port)
    assert endpoint.websocket_url == f"wss://{host}:{port}/gremlin"


@pytest.mark.parametrize("bad", ["", "   ", "http://h.example", "ftp://h"])
def test_bad_endpoints_are_refused(bad):
    with pytest.raises(ValueError):
        Endpoint.parse(bad)


def test_region_comes_from_the_environment_or_the_host(monkeypatch):
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    assert Endpoint.parse("db.cluster-abc.ap-southeast-2.neptune.amazonaws.com").region() == "ap-southeast-2"
    with pytest.raises(ValueError):
        Endpoint.parse("graph.internal").region()
    monkeypatch.setenv("AWS_REGION", "us-east-2")
    assert Endpoint.parse("graph.internal").region() == "us-east-2"


def test_sigv4_headers_sign_the_handshake_for_neptune_db():
    endpoint = Endpoint.parse("db.cluster-abc.eu-west-1.neptune.amazonaws.com")
    headers = sigv4_headers(endpoint, Credentials("AKIDEXAMPLE", "secret", "session-token"), "eu-west-1")
    assert headers["Host"] == "db.cluster-abc.eu-west-1.neptune.amazonaws.com:8182"
    assert headers["X-Amz-Security-Token"] == "session-token"
    assert re.fullmatch(r"\d{8}T\d{6}Z", headers["X-Amz-Date"])
    auth = headers["Authorization"]
    assert auth.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/eu-west-1/neptune-db/aws4_request" in auth
    assert "SignedHeaders=host;x-amz-date;x-amz-security-token" in auth
    assert re.search(r"Signature=[0-9a-f]{64}$", auth)
    other = sigv4_headers(endpoint, Credentials("AKIDEXAMPLE", "other-secret", "session-token"), "eu-west-1")
    if other["X-Amz-Date"] == headers["X-Amz-Date"]:
        assert other["Authorization"] != auth  # the signature depends on the secret


class Remote:
    """What a DriverRemoteConnection is to SharedConnection: something that can be closed."""

    def __init__(self):
        self.closed = False

    def close(self):
        self.closed = True


def test_one_connection_per_endpoint_is_reused_until_it_fails():
    opened = []
    connections = SharedConnection(opener=lambda endpoint: opened.append(Remote()) or opened[-1])
    endpoint = Endpoint.parse("h.example")
    first = connections.traversal_source(endpoint)
    second = connections.traversal_source(endpoint)
    assert len(opened) == 1
    assert first.remote_connection is second.remote_connection is opened[0]
    connections.discard(endpoint)
    assert opened[0].closed
    connections.traversal_source(endpoint)
    assert len(opened) == 2


def test_a_dead_connection_is_reopened_once(monkeypatch):
    opened = []
    connections = SharedConnection(opener=lambda endpoint: opened.append(Remote()) or opened[-1])
    graph = NeptuneGraph("h.example", connections=connections)
    calls = []

    def build(source):
        calls.append(source.remote_connection)
        if len(calls) == 1:
            raise ConnectionError("socket closed while the environment was frozen")

        class Done:
            def to_list(self):
                return ["ok"]
        return Done()

    assert graph._run(build) == ["ok"]
    assert len(opened) == 2 and opened[0].closed and calls == opened


def test_default_graph_is_embedded_unless_neptune_is_configured(monkeypatch):
    monkeypatch.delenv("NEPTUNE_ENDPOINT", raising=False)
    assert bkg.default_graph() is bkg.embedded_graph()
    monkeypatch.setenv("NEPTUNE_ENDPOINT", "  ")
    assert bkg.default_graph() is bkg.embedded_graph()
    monkeypatch.setenv("NEPTUNE_ENDPOINT", "db.cluster-abc.eu-west-1.neptune.amazonaws.com")
    graph = bkg.default_graph()
    assert isinstance(graph, NeptuneGraph) and graph is bkg.default_graph()
    assert graph.endpoint.host == "db.cluster-abc.eu-west-1.neptune.amazonaws.com"


def test_the_websocket_handshake_carries_the_sigv4_headers(monkeypatch):
    """A loopback websocket server stands where Neptune would and records the real handshake."""
    import asyncio
    import threading

    from aiohttp import web

    from brandkit.bkg.neptune import open_remote

    seen: dict[str, str] = {}
    ready = threading.Event()
    port_box: list[int] = []

    async def gremlin_endpoint(request):
        seen.update(request.headers)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.close()  # no Gremlin here: the client's request fails after the handshake
        return ws

    def serve():
        loop = asyncio.new_event_loop()
        app = web.Application()
        app.router.add_get("/gremlin", gremlin_endpoint)
        runner = web.AppRunner(app)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        port_box.append(site._server.sockets[0].getsockname()[1])
        ready.set()
        loop.run_until_complete(asyncio.sleep(3))
        loop.run_until_complete(runner.cleanup())

    threading.Thread(target=serve, daemon=True).start()
    assert ready.wait(2)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "session-token")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    remote = open_remote(Endpoint.parse(f"ws://127.0.0.1:{port_box[0]}"))
    try:
        from gremlin_python.process.anonymous_traversal import traversal
        with pytest.raises(RuntimeError):  # gremlinpython's report of the closed socket
            traversal().with_remote(remote).V().limit(1).to_list()
    finally:
        remote.close()
    assert seen["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/eu-west-1/neptune-db/aws4_request" in seen["Authorization"]
    assert seen["X-Amz-Security-Token"] == "session-token" and seen["X-Amz-Date"]


def test_plain_websockets_only_for_this_machine():
    assert Endpoint.parse("ws://localhost:8182/gremlin").websocket_url == "ws://localhost:8182/gremlin"
    with pytest.raises(ValueError):
        Endpoint.parse("ws://db.cluster-abc.eu-west-1.neptune.amazonaws.com:8182/gremlin")


def test_an_ipv6_endpoint_is_bracketed_in_its_url():
    assert Endpoint("fd00::12", 8182).websocket_url == "wss://[fd00::12]:8182/gremlin"
