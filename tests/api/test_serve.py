"""``python -m syndata serve``: a taken port or a bad one is one clear line, exit 2."""

from __future__ import annotations

import socket

from syndata.cli import main


def test_a_taken_port_is_one_line(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--host", "127.0.0.1", "--port", str(port)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: Cannot listen on 127.0.0.1") and "--port" in error


def test_a_bad_port_is_refused(capsys):
    assert main(["serve", "--port", "99999"]) == 2
    assert "not a port number" in capsys.readouterr().err
