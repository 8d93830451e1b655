"""The web app: Starlette routes over a RoundSession, Jinja pages, a watcher, server-sent events.

Every state-changing request is a POST that carries the server's token (made at start, put in
each page's forms): another site open in the same browser cannot make the office's page act. The
Host header must be the server's own (a rebinding attack names another). Uploads are limited in
size before they are read, and checked as untrusted files (``uploads``) before the library opens them.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import OrderedDict
from contextlib import asynccontextmanager
from datetime import datetime
from functools import wraps
from pathlib import Path
from urllib.parse import quote

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .session import Outcome, RoundSession
from .uploads import MAX_UPLOAD, megabytes
from .watch import watch_round

log = logging.getLogger("baocao.serve")
HERE = Path(__file__).parent
PARTIAL_HEADER = "x-baocao-phan"  # the page's script asks for the live part only
HEARTBEAT = 15.0  # seconds between keep-alive comments on the event stream
MAX_FIELDS = 50


class Hub:
    """Tells open pages that the round changed (one event per change)."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def notify(self) -> None:
        self.event.set()
        self.event = asyncio.Event()


class Outcomes:
    """Results of actions, kept for the page the browser is sent to after a POST."""

    def __init__(self, size: int = 50) -> None:
        self.items: OrderedDict[str, Outcome] = OrderedDict()
        self.size = size

    def put(self, outcome: Outcome) -> str:
        key = secrets.token_hex(6)
        self.items[key] = outcome
        while len(self.items) > self.size:
            self.items.popitem(last=False)
        return key

    def get(self, key: str | None) -> Outcome | None:
        return self.items.get(key) if key else None


def create_app(session: RoundSession, allowed_hosts: list[str], watch: bool = True) -> Starlette:
    token = secrets.token_urlsafe(32)
    pages = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                               undefined=jinja2.StrictUndefined)
    pages.filters["url"] = lambda value: quote(str(value))
    pages.filters["time"] = shown_time
    outcomes = Outcomes()

    def page(request: Request, name: str, status: int = 200, **values) -> HTMLResponse:
        view = session.view
        outcome = outcomes.get(request.query_params.get("tb"))
        template = pages.get_template(name)
        context = dict(view=view, token=token, outcome=outcome, active=name, max_upload=megabytes(MAX_UPLOAD), **values)
        if request.headers.get(PARTIAL_HEADER):
            # Only the live part: the script swaps it in, leaving forms being filled alone.
            return HTMLResponse("".join(template.blocks["song"](template.new_context(context))), status)
        return HTMLResponse(template.render(context), status)

    def action(handler):
        """A POST: size limited, the token checked, the form parsed; the handler returns an
        Outcome and the page to show it on."""

        @wraps(handler)
        async def guarded(request: Request) -> Response:
            length = request.headers.get("content-length")
            if length is None or not length.isdigit() or int(length) > MAX_UPLOAD + 64 * 1024:
                shown = f"{megabytes(int(length))}" if length and length.isdigit() else "không rõ dung lượng"
                log.warning("Từ chối yêu cầu quá lớn (%s) tới %s", shown, request.url.path)
                return _refusal(pages, token, session, f"Tệp gửi lên quá lớn ({shown}); mỗi lần chỉ nhận tối đa "
                                f"{megabytes(MAX_UPLOAD)}. Không có gì bị thay đổi.", 413)
            async with request.form(max_files=MAX_FIELDS, max_fields=MAX_FIELDS) as form:
                if not secrets.compare_digest(str(form.get("_token", "")), token):
                    log.warning("Từ chối yêu cầu không có mã của trang tới %s", request.url.path)
                    return _refusal(pages, token, session, "Yêu cầu không đến từ trang của baocao (thiếu mã bảo vệ); "
                                    "không có gì bị thay đổi. Hãy mở lại trang rồi làm lại.", 403)
                outcome, target = await handler(request, form)
            request.app.state.hub.notify()
            return RedirectResponse(f"{target}?tb={outcomes.put(outcome)}", status_code=303)

        return guarded

    async def overview(request: Request) -> Response:
        return page(request, "tong-quan.html")

    async def problems(request: Request) -> Response:
        return page(request, "van-de.html")

    async def forms(request: Request) -> Response:
        return page(request, "bieu-mau.html")

    async def documents(request: Request) -> Response:
        return page(request, "van-ban.html")

    @action
    async def upload(request: Request, form) -> tuple[Outcome, str]:
        uploads = []
        for item in form.getlist("tep"):
            if hasattr(item, "read"):
                uploads.append((item.filename or "bieu-mau.xlsx", await item.read(MAX_UPLOAD + 1)))
        if not uploads or not any(data for _, data in uploads):
            return Outcome(problems=["Chưa chọn biểu mẫu nào để tải lên."]), "/bieu-mau"
        return await run_in_threadpool(session.import_uploads, uploads), "/bieu-mau"

    @action
    async def confirm(request: Request, form) -> tuple[Outcome, str]:
        return await run_in_threadpool(session.confirm, str(form.get("id", "")), form.get("thay") == "1"), "/bieu-mau"

    @action
    async def render(request: Request, form) -> tuple[Outcome, str]:
        draft = form.get("loai") != "chinh-thuc"
        pdf = form.get("pdf") == "1"
        return await run_in_threadpool(session.render, draft, str(form.get("ly_do", "")), pdf), "/van-ban"

    async def blank_forms(request: Request) -> Response:
        made = await run_in_threadpool(session.blank_forms_zip)
        if made is None:
            return _refusal(pages, token, session, "Chưa lập được biểu mẫu: đợt đánh giá chưa đọc được hoặc chưa có đơn vị nào.", 409)
        return _download(*made)

    async def download(request: Request) -> Response:
        kind = request.path_params["kind"]
        unit = request.query_params.get("don_vi")
        if kind not in ("tat-ca", "pdf", "don-vi") or (kind == "don-vi" and unit not in session.unit_keys()):
            raise HTTPException(404)
        made = await run_in_threadpool(session.documents_zip, {"tat-ca": "all", "pdf": "pdf", "don-vi": "unit"}[kind],
                                       unit if kind == "don-vi" else None)
        if made is None:
            return _refusal(pages, token, session, "Chưa có văn bản nào để tải: hãy lập văn bản trước.", 409)
        return _download(*made)

    async def events(request: Request) -> Response:
        hub: Hub = request.app.state.hub

        async def stream():
            yield f"data: {session.view.version}\n\n"
            while not await request.is_disconnected():
                waiting = hub.event
                try:
                    await asyncio.wait_for(waiting.wait(), HEARTBEAT)
                    yield f"data: {session.view.version}\n\n"
                except asyncio.TimeoutError:
                    yield ": con song\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        text = {404: "Không có trang hoặc tệp này.", 405: "Trang này không nhận yêu cầu kiểu đó."}.get(status, "Yêu cầu không hợp lệ.")
        log.warning("%s %s: %s", request.method, request.url.path, text)
        return _refusal(pages, token, session, text, status)

    async def failed(request: Request, exc: Exception) -> Response:
        log.exception("Lỗi khi xử lý %s", request.url.path)
        return _refusal(pages, token, session, f"Lỗi nội bộ của baocao ({type(exc).__name__}: {exc}). Không có tệp nào bị ghi dở; "
                        "máy chủ vẫn chạy. Hãy báo lỗi kèm thư mục dữ liệu.", 500)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.hub = Hub()
        await run_in_threadpool(session.clear_stale_uploads)
        await run_in_threadpool(session.refresh)
        stop = asyncio.Event()
        task = asyncio.create_task(watch_round(session, app.state.hub, stop)) if watch else None
        try:
            yield
        finally:
            stop.set()
            if task is not None:
                task.cancel()

    routes = [
        Route("/", overview),
        Route("/van-de", problems),
        Route("/bieu-mau", forms),
        Route("/bieu-mau/tai-len", upload, methods=["POST"]),
        Route("/bieu-mau/xac-nhan", confirm, methods=["POST"]),
        Route("/bieu-mau/mau-trong.zip", blank_forms),
        Route("/van-ban", documents),
        Route("/van-ban/lap", render, methods=["POST"]),
        Route("/van-ban/tai/{kind}", download),
        Route("/su-kien", events),
        Mount("/tinh", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(OwnHostOnly, allowed_hosts=allowed_hosts)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={HTTPException: not_found, Exception: failed})
    app.state.token = token
    return app


class OwnHostOnly(TrustedHostMiddleware):
    """Requests must name this server's own host (a DNS-rebinding page names another); the
    refusal is said in Vietnamese."""

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = _host_name(Headers(scope=scope).get("host", ""))
            if host not in self.allowed_hosts:
                log.warning("Từ chối yêu cầu gửi tới tên máy lạ: %s", host)
                response = PlainTextResponse("Yêu cầu gửi tới tên máy không phải máy chủ baocao này; đã từ chối.", status_code=400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _host_name(value: str) -> str:
    """'127.0.0.1:8765' → '127.0.0.1'; '[::1]:8765' → '[::1]'."""
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0]


def shown_time(stamp: str | None) -> str:
    """The manifest's ISO time as an office reads it: 05/12/2026 07:58."""
    try:
        return datetime.fromisoformat(stamp).strftime("%d/%m/%Y %H:%M") if stamp else ""
    except ValueError:
        return stamp or ""


def _refusal(pages: jinja2.Environment, token: str, session: RoundSession, message: str, status: int) -> HTMLResponse:
    html = pages.get_template("loi.html").render(view=session.view, token=token, outcome=Outcome(problems=[message]),
                                                 active="loi.html", max_upload=megabytes(MAX_UPLOAD))
    return HTMLResponse(html, status)


def _download(name: str, data: bytes) -> Response:
    # RFC 6266: an ASCII fallback and the real (Vietnamese-free anyway) name.
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"})
