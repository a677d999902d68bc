"""A tiny blocking SMTP server for tests: speaks just enough SMTP for smtplib and keeps the mail."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class Mailbox:
    messages: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self._reply("220 sink.test ESMTP klaar")
        sender, recipients = "", []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 sink.test")
            elif verb == "MAIL":
                sender, recipients = line.split(":", 1)[1].strip().strip("<>"), []
                self._reply("250 OK")
            elif verb == "RCPT":
                recipients.append(line.split(":", 1)[1].strip().strip("<>"))
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 Eindig met <CRLF>.<CRLF>")
                body = self._read_data()
                message = message_from_bytes(body, policy=policy.default)
                with self.server.mailbox.lock:
                    self.server.mailbox.messages.append(Received(sender, recipients, message))  # type: ignore[arg-type]
                self._reply("250 OK bewaard")
            elif verb in ("RSET", "NOOP"):
                self._reply("250 OK")
            elif verb == "QUIT":
                self._reply("221 Tot ziens")
                return
            else:
                self._reply("502 Niet ondersteund")

    def _read_data(self) -> bytes:
        lines = []
        while True:
            raw = self.rfile.readline()
            if raw in (b".\r\n", b".\n", b""):
                return b"".join(lines)
            lines.append(raw[1:] if raw.startswith(b"..") else raw)  # undo dot-stuffing


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mailbox = Mailbox()


@contextmanager
def smtp_sink() -> Iterator[tuple[int, Mailbox]]:
    """Run the sink on a free loopback port for the duration of the block."""
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], server.mailbox
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
