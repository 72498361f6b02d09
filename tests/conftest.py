"""Test session set-up: Qt offscreen, and no test may open a network connection."""

import os
import socket

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")


class NetworkConnectionAttempt(AssertionError):
    """Raised when code under test tries to reach the network."""


_INET = (socket.AF_INET, socket.AF_INET6)


def _refuse(what: str):
    def refuse(*args, **kwargs):
        raise NetworkConnectionAttempt(f"a test tried to open a network connection ({what})")

    return refuse


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Fails any test whose code connects to a network address or resolves a host name."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self, address):
        if self.family in _INET:
            _refuse(f"connect to {address!r}")()
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in _INET:
            _refuse(f"connect to {address!r}")()
        return real_connect_ex(self, address)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        patch.setattr(socket, "getaddrinfo", _refuse("getaddrinfo"))
        patch.setattr(socket, "gethostbyname", _refuse("gethostbyname"))
        yield
