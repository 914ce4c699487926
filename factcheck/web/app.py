"""The review app: a small Starlette application over the verdict store, server-rendered with Jinja2.

Every page needs a logged-in user; a visitor without a session is sent to the login form and sees
nothing else. Sessions are signed cookies (HttpOnly, SameSite=Lax, Secure with ``serve.https_only``)
holding the user name and a fingerprint of the password hash; every form carries the session's CSRF
token and a POST without it (or from another origin) is refused. Logins are rate-limited per client
address and per user name. Every response carries a Content-Security-Policy that allows no script at
all, so a hostile evidence page shown as text stays inert.

Review actions append one event to the claim's audit trail, naming the version of the review state
the page showed: when someone else acted in between, the action is refused with a 409 page saying
who did what.
"""

from __future__ import annotations

import contextlib
import logging
import math
import secrets
import time
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factcheck.config import Settings
from factcheck.errors import InputError, NotFoundError, ReviewConflictError
from factcheck.models import LABELS
from factcheck.report._links import host_of, safe_http_url
from factcheck.report.archived import body_as_text
from factcheck.report.data import LABEL_TITLES, format_utc
from factcheck.report.i18n import (
    Translator,
    negotiate_language,
    translate_rationale,
    translator,
)
from factcheck.store import (
    REVIEW_ACTIONS,
    ReviewRequest,
    Store,
    StoredVerdict,
    UserInfo,
)
from factcheck.store.queue import QUEUE_REASONS, RunCache, load_queue
from factcheck.web.auth import (
    LoginLimiter,
    check_login,
    new_csrf_token,
    password_fingerprint,
    same_token,
)
from factcheck.web.texts import (
    MAX_SHOWN_CHARS,
    Segment,
    excerpt,
    highlight_quote,
    highlight_spans,
    load_article,
)

__all__ = ["CONTENT_SECURITY_POLICY", "REASON_TITLES", "create_app"]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")
_TEMPLATES = Path(__file__).with_name("templates")
_REPORT_TEMPLATES = Path(__file__).resolve().parent.parent / "report" / "templates"
_SESSION_COOKIE = "factcheck_session"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
"""No script of any kind, styles only from the app's own stylesheet, forms only to the app."""

REASON_TITLES: dict[str, str] = {
    "refuted": "Refuted",
    "disagrees": "Machine now disagrees",
    "mixed": "Mixed",
    "flipped": "Flipped since last run",
    "needs_review": "Needs review",
    "pending": "Waiting for second approval",
    "text_changed": "Text changed since review",
    "errored": "Could not be checked",
    "new": "New",
    "open": "Open",
    "reviewed": "Reviewed",
}
"""Queue reasons → English titles (translated by the catalogue)."""

_STATUS_TITLES = {**LABEL_TITLES, "unverified": "Unverified", "errored": "Could not be checked"}


class _LoginRequired(Exception):
    """Raised by handlers when the request has no valid session."""


class _Refused(Exception):
    """Raised by handlers to answer with an error page (status, message)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class _AppState:
    settings: Settings
    store: Store
    limiter: LoginLimiter
    env: jinja2.Environment
    root: Path
    run_cache: RunCache | None = None


async def _db(fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """Run a blocking store call off the event loop."""
    return await run_in_threadpool(partial(fn, *args, **kwargs))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(str(_TEMPLATES)),
                jinja2.FileSystemLoader(str(_REPORT_TEMPLATES)),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_http_url
    env.filters["host"] = host_of
    env.filters["utc"] = format_utc
    env.filters["urlquote"] = lambda value: urllib.parse.quote(str(value), safe="")
    env.globals["LABELS"] = LABELS
    env.globals["REASONS"] = QUEUE_REASONS
    return env


class _SecurityHeaders:
    """Adds the CSP and friends, and Server-Timing (handler time) to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                elapsed_ms = (time.perf_counter() - started) * 1000
                headers += [
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cache-control", b"no-store"),
                    (b"server-timing", f"app;dur={elapsed_ms:.2f}".encode()),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _state(request: Request) -> _AppState:
    state: _AppState = request.app.state.factcheck
    return state


def _lang(request: Request) -> Translator:
    wanted = request.query_params.get("lang")
    if wanted in ("en", "zh"):
        request.session["lang"] = wanted
    chosen = request.session.get("lang")
    if chosen in ("en", "zh"):
        return translator(chosen)
    setting = _state(request).settings.report.language
    if setting in ("en", "zh"):
        return translator(setting)
    return translator(negotiate_language(request.headers.get("accept-language")))


def _csrf(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = new_csrf_token()
        request.session["csrf"] = token
    return token


async def _current_user(request: Request) -> UserInfo | None:
    name = request.session.get("user")
    if not isinstance(name, str) or not name:
        return None
    user = await _db(_state(request).store.get_user, name)
    if (
        user is None
        or user.disabled
        or password_fingerprint(user) != request.session.get("pw")
        or time.time() > float(request.session.get("expires", 0))
    ):
        request.session.clear()
        return None
    return user


async def _require_user(request: Request) -> UserInfo:
    user = await _current_user(request)
    if user is None:
        raise _LoginRequired
    return user


async def _checked_form(request: Request) -> dict[str, str]:
    """The POSTed form after the CSRF and origin checks (raises :class:`_Refused` with 403)."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if urllib.parse.urlsplit(origin).netloc != host:
            raise _Refused(403, "Cross-origin form refused.")
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    if not same_token(request.session.get("csrf"), values.get("csrf")):
        raise _Refused(
            403, "Your session expired or the form is stale; reload the page and try again."
        )
    return values


def _render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    user: UserInfo | None = None,
) -> HTMLResponse:
    t = _lang(request)
    env = _state(request).env

    def label_title(label: str | None) -> str:
        return t(_STATUS_TITLES.get(label or "", label or "—"))

    def lang_url(lang: str) -> str:
        query = dict(request.query_params)
        query["lang"] = lang
        return request.url.path + "?" + urllib.parse.urlencode(query)

    html = env.get_template(template).render(
        _=t,
        lang=t.lang,
        label_title=label_title,
        reason_title=lambda reason: t(REASON_TITLES.get(reason) or str(reason)),
        rationale=lambda text: translate_rationale(text, t.lang),
        user=user,
        csrf=_csrf(request),
        lang_url=lang_url,
        path=request.url.path,
        flash=request.session.pop("flash", None),
        **context,
    )
    return HTMLResponse(html, status_code=status)


# -- login ---------------------------------------------------------------------------------------


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


async def login_page(request: Request) -> Response:
    if await _current_user(request) is not None:
        return RedirectResponse(_safe_next(request.query_params.get("next")), 303)
    return _render(
        request,
        "login.html.j2",
        {"next": _safe_next(request.query_params.get("next")), "error": None},
    )


async def login(request: Request) -> Response:
    state = _state(request)
    form = await _checked_form(request)
    name = form.get("name", "").strip()
    password = form.get("password", "")
    client = request.client.host if request.client else "unknown"
    keys = (f"addr:{client}", f"user:{name.casefold()}")
    next_url = _safe_next(form.get("next"))
    t = _lang(request)
    wait = state.limiter.retry_after_s(*keys)
    if wait > 0:
        seconds = math.ceil(wait)
        response = _render(
            request,
            "login.html.j2",
            {
                "next": next_url,
                "error": t("Too many failed logins; try again in {s} seconds.", s=seconds),
            },
            status=429,
        )
        response.headers["retry-after"] = str(seconds)
        return response
    user = await _db(check_login, state.store, name, password)
    if user is None:
        state.limiter.failed(*keys)
        logger.warning("failed login for %r from %s", name[:64], client)
        return _render(
            request,
            "login.html.j2",
            {"next": next_url, "error": t("Wrong user name or password.")},
            status=401,
        )
    state.limiter.succeeded(keys[1])
    lang = request.session.get("lang")
    request.session.clear()  # a new session on login: no fixation
    request.session.update(
        {
            "user": user.name,
            "pw": password_fingerprint(user),
            "csrf": new_csrf_token(),
            "expires": time.time() + state.settings.serve.session_max_age_s,
        }
    )
    if lang in ("en", "zh"):
        request.session["lang"] = lang
    logger.info("login: %s", user.name)
    return RedirectResponse(next_url, 303)


async def logout(request: Request) -> Response:
    await _checked_form(request)
    request.session.clear()
    return RedirectResponse("/login", 303)


# -- queue ---------------------------------------------------------------------------------------


def _status_of(item: Any) -> str:
    """What the main badge says: the standing review's label, unverified, errored or the label."""
    review = item.state.review
    if review is not None:
        return str(review.label)
    if item.label is None:
        return "errored"
    if item.needs_review:
        return "unverified"
    return str(item.label)


async def queue_page(request: Request) -> Response:
    user = await _require_user(request)
    state = _state(request)
    q = request.query_params
    run_id = _int(q.get("run"))
    queue = await _db(load_queue, state.store, run_id, cache=state.run_cache)
    assignee = q.get("assignee") or None
    if assignee == "me":
        assignee = user.name
    items = queue.filter(
        reason=q.get("state") or None,
        label=q.get("label") or None,
        article=q.get("article") or None,
        assignee=assignee,
        text=q.get("q") or None,
    )
    size = state.settings.serve.page_size
    pages = max(1, math.ceil(len(items) / size))
    page = min(max(_int(q.get("page")) or 1, 1), pages)
    shown = items[(page - 1) * size : page * size]
    articles = sorted({i.article_id for i in queue.items if i.article_id})
    filters = {k: q.get(k, "") for k in ("state", "label", "article", "assignee", "q", "run")}

    def page_url(n: int) -> str:
        query = {k: v for k, v in filters.items() if v}
        query["page"] = str(n)
        return "/?" + urllib.parse.urlencode(query)

    def state_url(reason: str) -> str:
        query = {k: v for k, v in filters.items() if v and k != "page"}
        query["state"] = reason
        return "/?" + urllib.parse.urlencode(query)

    return _render(
        request,
        "queue.html.j2",
        {
            "queue": queue,
            "items": shown,
            "matching": len(items),
            "page": page,
            "pages": pages,
            "page_url": page_url,
            "state_url": state_url,
            "filters": filters,
            "articles": articles,
            "status_of": _status_of,
        },
        user=user,
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


# -- claim page ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ClaimView:
    claim_id: str
    record: Any
    latest: StoredVerdict | None
    timeline: list[Any]
    events: list[Any]
    state: Any
    documents: dict[str, Any]
    errors_run: int | None
    errors: list[Any]
    context: list[Segment]
    article: Any
    users: list[UserInfo]


def _load_claim(state: _AppState, claim_id: str) -> _ClaimView:
    store = state.store
    record = store.claim_record(claim_id)
    if record is None:
        raise NotFoundError(f"claim {claim_id!r} is not in the verdict store")
    timeline = store.claim_timeline(claim_id)
    checked = [t for t in timeline if t.verdict is not None]
    latest = checked[-1].verdict if checked else None
    touched = [t for t in timeline if t.verdict is not None or t.errors]
    last = touched[-1] if touched else None
    documents = (
        {d.id: d for d in store.documents([e.document_id for e in latest.evidence])}
        if latest
        else {}
    )
    article = (
        load_article(record.file, record.article_id, root=state.root) if record.article_id else None
    )
    context: list[Segment] = []
    span = record.payload.get("span")
    if article is not None and article.text and isinstance(span, list) and len(span) == 2:
        context = excerpt(article.text, (int(span[0]), int(span[1])))
    return _ClaimView(
        claim_id=claim_id,
        record=record,
        latest=latest,
        timeline=timeline,
        events=store.review_events(claim_id),
        state=store.review_state(claim_id),
        documents=documents,
        errors_run=last.run.id if last is not None and last.errors else None,
        errors=last.errors if last is not None else [],
        context=context,
        article=article,
        users=[u for u in store.users() if not u.disabled and u.role != "viewer"],
    )


async def claim_page(request: Request) -> Response:
    user = await _require_user(request)
    claim_id = request.path_params["claim_id"]
    try:
        view = await _db(_load_claim, _state(request), claim_id)
    except NotFoundError as exc:
        raise _Refused(404, str(exc)) from exc
    return _render(
        request,
        "claim.html.j2",
        {
            "view": view,
            "can_act": user.role in ("editor", "admin"),
            "require_second": _state(request).settings.review.require_second,
        },
        user=user,
    )


async def claim_act(request: Request) -> Response:
    user = await _require_user(request)
    form = await _checked_form(request)
    state = _state(request)
    claim_id = request.path_params["claim_id"]
    if user.role not in ("editor", "admin"):
        raise _Refused(403, "You can read but not review (viewer).")
    action = form.get("action", "")
    if action not in REVIEW_ACTIONS:
        raise _Refused(400, f"unknown action {action!r}")
    review = ReviewRequest(
        claim_id=claim_id,
        action=action,  # type: ignore[arg-type]
        actor=user.name,
        expected_version=_int(form.get("version")),
        label=form.get("label") or None,
        note=form.get("note", ""),
        assignee=form.get("assignee"),
        require_second=state.settings.review.require_second,
    )
    if review.expected_version is None:
        raise _Refused(400, "the form does not say which version of the claim it was made on")
    try:
        await _db(state.store.act_on_review, review, machine_run_id=_int(form.get("run_id")))
    except ReviewConflictError:
        events = await _db(state.store.review_events, claim_id, limit=1)
        return _render(
            request,
            "conflict.html.j2",
            {"claim_id": claim_id, "event": events[0] if events else None},
            status=409,
            user=user,
        )
    except NotFoundError as exc:
        raise _Refused(404, str(exc)) from exc
    except InputError as exc:
        request.session["flash"] = ["error", str(exc)]
        return RedirectResponse(f"/claims/{urllib.parse.quote(claim_id)}#act", 303)
    request.session["flash"] = ["ok", "Your change was saved."]
    return RedirectResponse(f"/claims/{urllib.parse.quote(claim_id)}", 303)


def _load_document(state: _AppState, claim_id: str, n: int) -> dict[str, Any]:
    from factcheck.evidence import EvidenceArchive

    store = state.store
    latest = store.latest_verdict(claim_id)
    if latest is None or not (0 <= n < len(latest.evidence)):
        raise NotFoundError(f"claim {claim_id!r} has no evidence passage {n}")
    ref = latest.evidence[n]
    docs = store.documents([ref.document_id])
    doc = docs[0] if docs else None
    body = None
    if doc is not None and doc.content_sha256:
        body = EvidenceArchive(state.settings.evidence_dir).read_body(doc.content_sha256)
    segments: list[Segment] = []
    found = False
    cut = False
    if body is not None:
        text = body_as_text(body)
        if len(text) > MAX_SHOWN_CHARS:
            text, cut = text[:MAX_SHOWN_CHARS], True
        segments, found = highlight_quote(text, ref.quote)
    return {
        "claim_id": claim_id,
        "claim_text": latest.claim_text,
        "ref": ref,
        "doc": doc,
        "segments": segments,
        "archived": body is not None,
        "found": found,
        "cut": cut,
    }


async def evidence_page(request: Request) -> Response:
    user = await _require_user(request)
    claim_id = request.path_params["claim_id"]
    try:
        data = await _db(_load_document, _state(request), claim_id, request.path_params["n"])
    except NotFoundError as exc:
        raise _Refused(404, str(exc)) from exc
    return _render(request, "document.html.j2", data, user=user)


def _load_article_page(state: _AppState, article_id: str) -> dict[str, Any]:
    claims = state.store.article_claims(article_id)
    if not claims:
        raise NotFoundError(f"no claim of article {article_id!r} in the verdict store")
    article = None
    for record in claims:
        article = load_article(record.file, article_id, root=state.root)
        if article is not None:
            break
    segments: list[Segment] = []
    if article is not None and article.text:
        spans = []
        for record in claims:
            span = record.payload.get("span")
            if isinstance(span, list) and len(span) == 2:
                spans.append((int(span[0]), int(span[1]), record.claim_id))
        segments = highlight_spans(article.text, spans)
    states = state.store.review_states([c.claim_id for c in claims])
    return {
        "article_id": article_id,
        "article": article,
        "claims": claims,
        "segments": segments,
        "states": states,
    }


async def article_page(request: Request) -> Response:
    user = await _require_user(request)
    try:
        data = await _db(_load_article_page, _state(request), request.path_params["article_id"])
    except NotFoundError as exc:
        raise _Refused(404, str(exc)) from exc
    return _render(request, "article.html.j2", data, user=user)


async def audit_page(request: Request) -> Response:
    user = await _require_user(request)
    before = _int(request.query_params.get("before"))
    events = await _db(_state(request).store.review_events, limit=100, before_id=before)
    return _render(request, "audit.html.j2", {"events": events}, user=user)


def _load_runs(state: _AppState, run_id: int | None) -> dict[str, Any]:
    runs = state.store.runs(limit=50)
    chosen = (
        next((r for r in runs if r.id == run_id), None) if run_id else (runs[0] if runs else None)
    )
    if run_id and chosen is None:
        chosen = state.store.get_run(run_id)
    errored = state.store.errored_claims(chosen.id) if chosen is not None else []
    return {"runs": runs, "chosen": chosen, "errored": errored}


async def runs_page(request: Request) -> Response:
    user = await _require_user(request)
    data = await _db(_load_runs, _state(request), _int(request.query_params.get("run")))
    return _render(request, "runs.html.j2", data, user=user)


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


async def stylesheet(request: Request) -> Response:
    css = (_REPORT_TEMPLATES / "_base.css").read_text(encoding="utf-8")
    css += (_TEMPLATES / "app.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css; charset=utf-8")


# -- errors --------------------------------------------------------------------------------------


async def _on_login_required(request: Request, exc: Exception) -> Response:
    if request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login?" + urllib.parse.urlencode({"next": target}), 303)
    return _render(request, "error.html.j2", {"message": "Forbidden"}, status=403)


async def _on_refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, _Refused)
    user = await _current_user(request)
    return _render(request, "error.html.j2", {"message": exc.message}, status=exc.status, user=user)


async def _on_not_found(request: Request, exc: Exception) -> Response:
    return _render(request, "error.html.j2", {"message": "Not found"}, status=404)


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    secret_key: str | None = None,
    root: Path | None = None,
    queue_cache: bool = True,
) -> Starlette:
    """The review app over ``store`` (default: opened from ``settings.database_url``).

    ``secret_key`` signs the session cookies (default: ``serve.secret_key``, else a random key: the
    sessions then end when the app restarts). ``root`` is the folder claim files and article sources
    are read from (default: the working folder). ``queue_cache`` keeps the queue's part of finished
    runs in memory between requests (review states are always read fresh).
    """
    own_store = store is None
    store = store or Store.open(settings.database_url)
    key = secret_key or (
        settings.serve.secret_key.get_secret_value() if settings.serve.secret_key else None
    )
    if not key:
        key = secrets.token_urlsafe(48)
        logger.warning(
            "serve.secret_key is not set: sessions are signed with a random key and end when the "
            "app restarts (set FACTCHECK_SERVE__SECRET_KEY to keep them)"
        )
    state = _AppState(
        settings=settings,
        store=store,
        limiter=LoginLimiter(settings.serve.login_attempts, settings.serve.login_window_s),
        env=_environment(),
        root=root or Path.cwd(),
        run_cache=RunCache() if queue_cache else None,
    )
    routes = [
        Route("/", queue_page),
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/claims/{claim_id}", claim_page, methods=["GET"]),
        Route("/claims/{claim_id}", claim_act, methods=["POST"]),
        Route("/claims/{claim_id}/evidence/{n:int}", evidence_page),
        Route("/articles/{article_id}", article_page),
        Route("/audit", audit_page),
        Route("/runs", runs_page),
        Route("/static/app.css", stylesheet),
        Route("/favicon.ico", favicon),
    ]
    middleware = [
        Middleware(_SecurityHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=key,
            session_cookie=_SESSION_COOKIE,
            max_age=settings.serve.session_max_age_s,
            same_site="lax",
            https_only=settings.serve.https_only,
        ),
    ]
    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        _LoginRequired: _on_login_required,
        _Refused: _on_refused,
        404: _on_not_found,
    }

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if own_store:
                store.close()

    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers=handlers,
        lifespan=lifespan,
        max_body_size=1_000_000,  # forms are small; a huge body is refused before parsing
    )
    app.state.factcheck = state
    return app
