"""The review app over HTTP (uvicorn on loopback, httpx as the browser): access, CSRF, rate limit,
the queue's order, review actions with version check, second approval, audit trail, languages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from factcheck.config import load_settings
from factcheck.errors import InputError
from factcheck.web import CONTENT_SECURITY_POLICY, is_loopback, serve

from .conftest import PASSWORD, LiveServer, World

CLAIM_TEXTS = ("北京深度求索公司成立于2023年7月", "中关村有超过1万家高新技术企业", "The Moon")


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "every form carries a CSRF token"
    return match.group(1)


def _version(html: str) -> str:
    match = re.search(r'name="version" value="(\d+)"', html)
    assert match
    return match.group(1)


def _login(client: httpx.Client, name: str = "ana", password: str = PASSWORD) -> httpx.Response:
    token = _csrf(client.get("/login").text)
    return client.post(
        "/login", data={"csrf": token, "name": name, "password": password, "next": "/"}
    )


@pytest.fixture
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, follow_redirects=True, timeout=30) as c:
        yield c


def _client(live: LiveServer) -> httpx.Client:
    return httpx.Client(base_url=live.url, follow_redirects=True, timeout=30)


def test_a_visitor_without_a_session_sees_nothing(live: LiveServer, client: httpx.Client) -> None:
    for path in (
        "/",
        "/claims/zgc-c001",
        "/claims/zgc-c001/evidence/0",
        "/articles/zgc",
        "/audit",
        "/runs",
    ):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
        page = client.get(path)
        assert page.url.path == "/login"
        assert not any(text in page.text for text in CLAIM_TEXTS), path
        assert "Refuted" not in page.text
        assert 'id="q-' not in page.text
    refused = client.post("/claims/zgc-c001", data={"action": "approve", "version": "0"})
    assert refused.status_code == 403
    assert live.store.review_events() == []


def test_security_headers_and_cookie_flags(client: httpx.Client) -> None:
    page = client.get("/login")
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src" not in CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert "app;dur=" in page.headers["server-timing"]
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "<script" not in page.text


def test_login_is_rate_limited(client: httpx.Client) -> None:
    for _ in range(3):
        assert _login(client, password="wrong password!").status_code == 401
    refused = _login(client)
    assert refused.status_code == 429, "the right password is refused too while limited"
    assert int(refused.headers["retry-after"]) > 0
    assert "Too many failed logins" in refused.text
    assert _login(client, name="bo").status_code == 429, "same address, another name"


def test_unknown_user_and_disabled_user_cannot_log_in(
    live: LiveServer, client: httpx.Client
) -> None:
    assert _login(client, name="nobody").status_code == 401
    assert _login(client).url.path == "/"
    live.store.update_user("ana", disabled=True)
    assert client.get("/").url.path == "/login", "a disabled user's session ends at once"
    assert _login(client).status_code == 401


def test_queue_shows_refuted_and_needs_review_first(client: httpx.Client) -> None:
    page = _login(client)
    assert page.status_code == 200
    order = re.findall(r'id="q-([^"]+)" data-reason="([^"]+)"', page.text)
    assert order[:2] == [("zgc-c001", "refuted"), ("zgc-c002", "needs_review")]
    assert ("zgc-c005", "errored") in order
    assert re.search(r'id="count-refuted"[^>]*>[^<]*<b>1</b>', page.text)
    filtered = client.get("/", params={"state": "needs_review"})
    assert re.findall(r'id="q-([^"]+)"', filtered.text) == ["zgc-c002"]
    assert 'value="needs_review"' in filtered.text, "filters are kept in the URL and the form"
    assert re.findall(r'id="q-([^"]+)"', client.get("/", params={"q": "moon"}).text) == ["zgc-c003"]


def test_override_with_a_note_is_audited(live: LiveServer, client: httpx.Client) -> None:
    _login(client)
    page = client.get("/claims/zgc-c001")
    token, version = _csrf(page.text), _version(page.text)
    done = client.post(
        "/claims/zgc-c001",
        data={
            "csrf": token,
            "version": version,
            "run_id": "2",
            "action": "override",
            "label": "supported",
            "note": "The registry says July 2023.",
        },
    )
    assert done.status_code == 200
    assert "Your change was saved." in done.text
    assert 'id="review-note">The registry says July 2023.' in done.text
    [event] = live.store.review_events("zgc-c001")
    assert (event.action, event.actor, event.after.label) == ("override", "ana", "supported")
    assert (event.machine_label, event.machine_run_id) == ("refuted", 2)
    audit = client.get("/audit").text
    assert "The registry says July 2023." in audit
    assert "ana" in audit


def test_override_without_a_note_is_refused(live: LiveServer, client: httpx.Client) -> None:
    _login(client)
    page = client.get("/claims/zgc-c001")
    done = client.post(
        "/claims/zgc-c001",
        data={
            "csrf": _csrf(page.text),
            "version": _version(page.text),
            "action": "override",
            "label": "supported",
            "note": " ",
        },
    )
    assert "an override needs a note" in done.text
    assert live.store.review_events("zgc-c001") == []


def test_forged_posts_are_refused(live: LiveServer, client: httpx.Client) -> None:
    _login(client)
    form = {"version": "0", "action": "approve", "run_id": "2"}
    assert client.post("/claims/zgc-c001", data=form).status_code == 403
    assert client.post("/claims/zgc-c001", data={**form, "csrf": "guess"}).status_code == 403
    with _client(live) as other:
        _login(other, name="bo")
        foreign = _csrf(other.get("/").text)
    assert client.post("/claims/zgc-c001", data={**form, "csrf": foreign}).status_code == 403
    token = _csrf(client.get("/claims/zgc-c001").text)
    cross = client.post(
        "/claims/zgc-c001",
        data={**form, "csrf": token},
        headers={"origin": "https://evil.example"},
    )
    assert cross.status_code == 403
    assert live.store.review_events("zgc-c001") == []
    assert client.post("/claims/zgc-c001", data={**form, "csrf": token}).status_code == 200
    assert len(live.store.review_events("zgc-c001")) == 1


def test_concurrent_edit_is_detected_and_explained(live: LiveServer, client: httpx.Client) -> None:
    _login(client)
    with _client(live) as bo:
        _login(bo, name="bo")
        mine = client.get("/claims/zgc-c001").text
        theirs = bo.get("/claims/zgc-c001").text
        assert _version(mine) == _version(theirs) == "0"
        first = bo.post(
            "/claims/zgc-c001",
            data={"csrf": _csrf(theirs), "version": "0", "action": "approve", "note": "ok"},
        )
        assert first.status_code == 200
    late = client.post(
        "/claims/zgc-c001",
        data={
            "csrf": _csrf(mine),
            "version": "0",
            "action": "override",
            "label": "mixed",
            "note": "partly",
        },
    )
    assert late.status_code == 409
    assert "Someone else changed this claim" in late.text
    assert "bo did “approve”" in late.text
    assert [e.actor for e in live.store.review_events("zgc-c001")] == ["bo"]


def test_a_viewer_reads_but_cannot_act(live: LiveServer, client: httpx.Client) -> None:
    _login(client, name="vic")
    page = client.get("/claims/zgc-c001")
    assert page.status_code == 200
    assert 'id="form-override"' not in page.text
    refused = client.post(
        "/claims/zgc-c001", data={"csrf": _csrf(page.text), "version": "0", "action": "approve"}
    )
    assert refused.status_code == 403
    assert live.store.review_events() == []


def test_second_approval_and_assignment(world: World) -> None:
    settings = world.settings.model_copy(
        update={"review": world.settings.review.model_copy(update={"require_second": True})}
    )
    with LiveServer(world, settings) as live, _client(live) as ana, _client(live) as bo:
        _login(ana)
        _login(bo, name="bo")
        page = ana.get("/claims/zgc-c002").text
        ana.post(
            "/claims/zgc-c002",
            data={"csrf": _csrf(page), "version": "0", "action": "approve"},
        )
        state = live.store.review_state("zgc-c002")
        assert (state.status, state.decided_by) == ("pending", "ana")
        page = ana.get("/claims/zgc-c002").text
        assert 'id="form-confirm"' not in page, "nobody confirms their own decision"
        page = bo.get("/claims/zgc-c002").text
        bo.post(
            "/claims/zgc-c002",
            data={"csrf": _csrf(page), "version": _version(page), "action": "confirm"},
        )
        review = live.store.review_for("zgc-c002")
        assert review is not None
        assert (review.by, review.confirmed_by) == ("ana", "bo")
        page = bo.get("/claims/zgc-c003").text
        bo.post(
            "/claims/zgc-c003",
            data={
                "csrf": _csrf(page),
                "version": "0",
                "action": "assign",
                "assignee": "ana",
            },
        )
        mine = ana.get("/", params={"assignee": "me"}).text
        assert re.findall(r'id="q-([^"]+)"', mine) == ["zgc-c003"]


def test_claim_page_shows_context_evidence_errors_and_history(client: httpx.Client) -> None:
    _login(client)
    page = client.get("/claims/zgc-c001").text
    assert "<mark>北京深度求索公司成立于2023年7月，比杭州公司早两个月。</mark>" in page
    assert "&lt;script&gt;window.__pwned=6&lt;/script&gt;" in page
    assert "javascript:" not in page.replace("<span>javascript:window.__pwned=5</span>", ""), (
        "a javascript: URL is never a link"
    )
    assert 'href="/claims/zgc-c001/evidence/0"' in page
    assert re.search(r'<table id="timeline">.*#1 completed.*#2 partial', page, re.S)
    errored = client.get("/claims/zgc-c005").text
    assert "connection refused" in errored
    assert "Fetch errors in run 2" in errored
    runs = client.get("/runs").text
    assert "partial" in runs
    assert "connection refused" in runs


def test_archived_copy_is_inert_text_with_the_quote_marked(client: httpx.Client) -> None:
    _login(client)
    page = client.get("/claims/zgc-c001/evidence/0").text
    assert '<mark id="quote">Registry: the company was registered in July 2023.</mark>' in page
    assert "<script" not in page
    assert "onerror" not in page
    assert "&lt;script&gt;window.__pwned=4&lt;/script&gt; is shown as text." in page
    assert client.get("/claims/zgc-c001/evidence/9").status_code == 404


def test_article_view_highlights_claim_spans(client: httpx.Client) -> None:
    _login(client)
    page = client.get("/articles/zgc").text
    assert page.count("<mark>") == 3
    assert (
        'href="/claims/zgc-c002" title="zgc-c002"><mark>中关村有超过1万家高新技术企业。</mark>'
        in page
    )
    assert client.get("/articles/nope").status_code == 404


def test_chinese_and_english(client: httpx.Client) -> None:
    _login(client)
    zh = client.get("/", params={"lang": "zh"}).text
    assert '<html lang="zh-CN">' in zh
    assert "复核队列" in zh
    assert "不实" in zh
    assert "待复核" in zh
    claim = client.get("/claims/zgc-c001").text
    assert "机器结论" in claim, "the choice is kept in the session"
    assert "不实（置信度 0.88）" in claim, "the rationale in Chinese"
    en = client.get("/", params={"lang": "en"}).text
    assert '<html lang="en">' in en
    assert "Review queue" in en
    assert "Refuted" in en


def test_accept_language_picks_chinese(live: LiveServer) -> None:
    with httpx.Client(base_url=live.url, headers={"accept-language": "zh-CN,zh;q=0.9"}) as c:
        assert "登录" in c.get("/login").text


def test_serve_refuses_the_network_without_users(tmp_path: object) -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("::1")
    assert is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
    assert not is_loopback("192.168.1.5")
    settings = load_settings(
        environ={}, overrides={"database_url": f"sqlite:///{tmp_path}/empty.db"}
    )
    with pytest.raises(InputError, match="no user can log in yet"):
        serve(settings, host="0.0.0.0", port=8765)
