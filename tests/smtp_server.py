"""A small SMTP server for tests whose mail leaves another process (a Celery worker): it keeps
every message it accepted, and can hold one connection's greeting until told to go on, so a
test can kill the sender at a known point.

    with SmtpServer(hold_connection=3) as server:   # the third connection waits
        ... EMAIL_HOST=127.0.0.1 EMAIL_PORT=server.port ...
        server.held.wait(); kill the sender; server.release()
"""

import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class Message:
    sender: str
    recipients: list[str]
    data: str


@dataclass
class _State:
    messages: list[Message] = field(default_factory=list)
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        server: SmtpServer = self.server.owner
        with server.state.lock:
            server.state.connections += 1
            number = server.state.connections
        if number == server.hold_connection:
            server.held.set()
            server.go_on.wait(60)
            return  # the sender is gone by now: close without a greeting
        self._reply("220 test ESMTP")
        sender, recipients = "", []
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 test")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                self._reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 go ahead")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data.decode())
                with server.state.lock:
                    server.state.messages.append(Message(sender, recipients, "".join(lines)))
                self._reply("250 accepted")
            elif verb == "RSET" or verb == "NOOP":
                self._reply("250 OK")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpServer:
    def __init__(self, *, hold_connection: int = 0):
        self.hold_connection = hold_connection
        self.held = threading.Event()
        self.go_on = threading.Event()
        self.state = _State()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port = self._server.server_address[1]

    @property
    def messages(self) -> list[Message]:
        with self.state.lock:
            return list(self.state.messages)

    def release(self) -> None:
        self.go_on.set()

    def __enter__(self) -> "SmtpServer":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()
