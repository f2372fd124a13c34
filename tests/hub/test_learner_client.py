"""The class's HTTP client behaves as a learner's browser when the proxy drops a kept-alive
connection: the request goes once more, on a new connection, and the resend is counted;
any other failure still fails (a server that is gone, a second drop)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
import requests

from tests.support.hubclass import BrowserSession

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"


@pytest.fixture
def server(request) -> Iterator[str]:
    """A server on loopback that closes its first `drops` connections without a byte."""
    drops = request.param
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    done = threading.Event()

    def serve() -> None:
        n = 0
        while n <= drops and not done.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            n += 1
            with conn:
                conn.settimeout(10)
                conn.recv(65536)
                if n > drops:
                    conn.sendall(OK)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/user/ada/api/status"
    done.set()
    thread.join(timeout=10)
    listener.close()


@pytest.mark.parametrize("server", [1], indirect=True)
def test_a_request_dropped_before_any_answer_is_sent_again_and_counted(server):
    session = BrowserSession()
    assert session.get(server, timeout=10).text == "ok"
    assert session.resent == [f"GET {server}"]


@pytest.mark.parametrize("server", [1], indirect=True)
def test_a_plain_client_would_have_failed_on_the_same_drop(server):
    with pytest.raises(requests.ConnectionError, match="without response"):
        requests.Session().get(server, timeout=10)


@pytest.mark.parametrize("server", [2], indirect=True)
def test_a_second_drop_in_a_row_is_a_failure(server):
    session = BrowserSession()
    with pytest.raises(requests.ConnectionError):
        session.get(server, timeout=10)
    assert len(session.resent) == 1


def test_a_server_that_is_gone_is_not_retried():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    session = BrowserSession()
    with pytest.raises(requests.ConnectionError):
        session.get(f"http://127.0.0.1:{port}/", timeout=10)
    assert session.resent == []
