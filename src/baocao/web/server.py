"""Starting the server: bind the address (loopback unless told otherwise), print it, open the
browser, run uvicorn in this process (no fork, no reloader: the same on Windows)."""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import threading
import webbrowser
from pathlib import Path

import click

from .session import RoundSession

LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound now so that the address printed is the one served (port 0:
    any free port) and a port in use is said plainly."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if sys.platform != "win32":  # on Windows this option would let a second server share the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(folder: Path, output_root: Path, host: str, port: int, open_browser: bool) -> int:
    import uvicorn

    from .app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)
    if not is_loopback(host):
        click.echo(f"Cảnh báo: máy chủ mở ra địa chỉ {host}, máy khác trong mạng có thể vào trang này. "
                   "Chỉ làm vậy khi thật cần.", err=True)
    try:
        sock = bind(host, port)
    except OSError as exc:
        click.echo(f"Không mở được cổng {port} trên {host}: {exc.strerror or exc}. "
                   "Có thể baocao serve đã chạy rồi; hãy dùng --port với số khác.", err=True)
        return 2
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    allowed = sorted({host, "127.0.0.1", "localhost", "[::1]", "::1"})
    session = RoundSession(folder, output_root)
    app = create_app(session, allowed)
    click.echo(f"baocao đang phục vụ đợt {folder} tại {url}")
    click.echo("Mở địa chỉ trên trong trình duyệt. Nhấn Ctrl+C để dừng (dừng lúc nào cũng không mất dữ liệu).")
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=2, lifespan="on")
    server = uvicorn.Server(config)
    if open_browser:
        threading.Thread(target=_open_when_ready, args=(server, url), daemon=True).start()
    server.run(sockets=[sock])
    click.echo("Đã dừng máy chủ.")
    return 0


def _open_when_ready(server, url: str) -> None:
    for _ in range(600):
        if server.started:
            webbrowser.open(url)
            return
        threading.Event().wait(0.1)
