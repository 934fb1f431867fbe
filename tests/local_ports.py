"""A free TCP port on the loopback address, for the local peers and servers the tests start (bound, then released:
nothing listens on it until the caller starts something there)."""

import socket


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
