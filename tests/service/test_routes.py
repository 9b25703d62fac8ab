"""Every route answers as documented, over real HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from .conftest import BENIGN_POST, SCAM_POST, LiveServer

SCORE_KEYS = {
    "illegal_recruitment",
    "online_scam",
    "risk_score",
    "risk_level",
    "stance",
    "evidence",
    "top_terms",
    "explanation",
    "model_version",
    "contacts",
    "seen_before",
    "next_steps",
    "draft",
}


def test_score_one_post_with_spans_into_the_submitted_text(scoring_client: httpx.Client) -> None:
    r = scoring_client.post("/v1/score", json={"text": SCAM_POST, "platform": "facebook"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == SCORE_KEYS | {"request_id"}
    assert body["risk_level"] == "tinggi"
    assert 0 <= body["illegal_recruitment"] <= 1 and 0 <= body["online_scam"] <= 1
    assert body["evidence"], "a scam-compound post must come with evidence"
    for ev in body["evidence"]:
        assert SCAM_POST[ev["start"] : ev["end"]] == ev["text"]
    assert body["explanation"]
    assert r.headers["x-request-id"] == body["request_id"]


def test_next_steps_and_draft_follow_the_platform_or_the_url(
    scoring_client: httpx.Client,
) -> None:
    by_field = scoring_client.post("/v1/score", json={"text": SCAM_POST, "platform": "tiktok"})
    by_url = scoring_client.post(
        "/v1/score", json={"text": SCAM_POST, "url": "https://www.tiktok.com/@loker/video/1"}
    )
    both = scoring_client.post(
        "/v1/score",
        json={"text": SCAM_POST, "platform": "x", "url": "https://www.tiktok.com/@a/video/1"},
    )
    ids = [[s["id"] for s in r.json()["next_steps"]] for r in (by_field, by_url, both)]
    assert "platform_tiktok" in ids[0] and ids[0] == ids[1]
    assert "platform_x" in ids[2] and "platform_tiktok" not in ids[2]  # the field wins
    assert "kp2mi_pengaduan" in ids[0] and "bp3mi_wilayah" in ids[0]
    draft = by_field.json()["draft"]
    assert "6285311907264" not in draft["masked"] and "(nomor disamarkan)" in draft["masked"]
    assert "0853-1190-7264" in draft["with_contacts"]

    benign = scoring_client.post("/v1/score", json={"text": BENIGN_POST, "platform": "tiktok"})
    assert benign.json()["next_steps"] == [] and benign.json()["draft"] is None


def test_caller_request_id_is_kept(scoring_client: httpx.Client) -> None:
    r = scoring_client.post(
        "/v1/score", json={"text": BENIGN_POST}, headers={"X-Request-ID": "gateway-123"}
    )
    assert r.status_code == 200
    assert r.json()["request_id"] == "gateway-123"


def test_batch_keeps_order_and_matches_single_scores(scoring_client: httpx.Client) -> None:
    posts = [SCAM_POST, BENIGN_POST, SCAM_POST + " ", "Info loker pabrik di Cikarang, gratis."]
    r = scoring_client.post("/v1/score/batch", json={"posts": [{"text": t} for t in posts]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == len(posts) == len(body["results"])
    for text, result in zip(posts, body["results"], strict=True):
        single = scoring_client.post("/v1/score", json={"text": text}).json()
        assert set(result) == SCORE_KEYS
        assert result["risk_score"] == single["risk_score"]
        assert result["evidence"] == single["evidence"]
    assert body["results"][0]["risk_level"] == "tinggi"


def test_batch_explain_sedang_explains_only_risky_posts(scoring_client: httpx.Client) -> None:
    posts = [{"text": SCAM_POST}, {"text": BENIGN_POST + " WA 0812-3456-7890"}]
    full = scoring_client.post("/v1/score/batch", json={"posts": posts}).json()["results"]
    r = scoring_client.post("/v1/score/batch", json={"posts": posts, "explain": "sedang"})
    assert r.status_code == 200, r.text
    staged = r.json()["results"]
    assert staged[0] == full[0]  # tinggi: everything, as without the field
    assert full[1]["risk_level"] == staged[1]["risk_level"] == "rendah"
    assert full[1]["explanation"] and full[1]["contacts"]
    assert staged[1]["explanation"] == "" and staged[1]["contacts"] == []
    same = ("illegal_recruitment", "online_scam", "risk_score", "stance", "model_version")
    assert all(staged[1][k] == full[1][k] for k in same)
    bad = scoring_client.post("/v1/score/batch", json={"posts": posts, "explain": "semua"})
    assert bad.status_code == 422


def test_batch_of_exactly_1000(scoring_client: httpx.Client) -> None:
    posts = [{"text": f"{BENIGN_POST} #{i}"} for i in range(1000)]
    r = scoring_client.post("/v1/score/batch", json={"posts": posts})
    assert r.status_code == 200, r.text
    assert r.json()["count"] == 1000


def test_text_of_exactly_10000_characters_is_accepted(scoring_client: httpx.Client) -> None:
    text = ("Lowongan kerja " * 1000)[:9_999] + "🔥"  # 10,000 code points, emoji last
    assert len(text) == 10_000
    assert scoring_client.post("/v1/score", json={"text": text}).status_code == 200


def test_model_card(scoring_client: httpx.Client) -> None:
    card = scoring_client.get("/v1/model").json()
    assert card["version"]
    assert "thresholds" in card and "loaded_at" in card
    assert "path" not in card, "the server's file layout is not shown to clients"


def test_model_card_hides_paths_and_package_versions_from_scoring_keys(
    scoring_client: httpx.Client, admin_client: httpx.Client
) -> None:
    """Issue 14 #16: a scoring key saw the absolute training-data path and package versions."""
    raw = scoring_client.get("/v1/model").text
    card = scoring_client.get("/v1/model").json()
    assert "packages" not in card and "scikit-learn" not in raw
    assert [d["path"] for d in card["data"]] == ["posts.csv"]
    admin = admin_client.get("/v1/model").json()
    assert admin["packages"]["scikit-learn"]
    assert Path(admin["data"][0]["path"]).is_absolute()
    assert Path(admin["path"]).is_dir()
    assert {
        k: v for k, v in admin.items() if k not in ("packages", "path", "signature", "data")
    } == {k: v for k, v in card.items() if k != "data"}


def test_health_and_readiness(anon_client: httpx.Client) -> None:
    assert anon_client.get("/healthz").json() == {"status": "ok"}
    ready = anon_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready" and ready.json()["model_version"]


def test_metrics_count_requests_by_route_status_and_levels(
    anon_client: httpx.Client, scoring_client: httpx.Client
) -> None:
    scoring_client.post("/v1/score", json={"text": SCAM_POST})
    scoring_client.post("/v1/score", json={"text": ""})
    anon_client.get("/no/such/page")
    text = anon_client.get("/metrics").text

    def value(pattern: str) -> float:
        match = re.search(pattern + r" ([0-9.e+]+)$", text, re.M)
        assert match, f"{pattern} not in /metrics"
        return float(match.group(1))

    ok = r'tppo_http_requests_total\{method="POST",route="/v1/score",status="200"\}'
    bad = r'tppo_http_requests_total\{method="POST",route="/v1/score",status="422"\}'
    assert value(ok) >= 1
    assert value(bad) >= 1
    assert value(r'tppo_http_requests_total\{method="GET",route="<unmatched>",status="404"\}') >= 1
    assert value(r'tppo_posts_scored_total\{risk_level="tinggi"\}') >= 1
    assert 'tppo_http_request_duration_seconds_bucket{le="0.015"' in text or re.search(
        r'tppo_http_request_duration_seconds_bucket\{.*le="0.015"', text
    )
    assert re.search(r'tppo_model_info\{version="[^"]+"\} 1\.0', text)


def test_unknown_route_is_json_404(anon_client: httpx.Client) -> None:
    r = anon_client.get("/v1/nothing")
    assert r.status_code == 404
    assert r.json() == {"detail": "alamat tidak ditemukan"}


def test_wrong_method_is_json_405(scoring_client: httpx.Client) -> None:
    r = scoring_client.get("/v1/score")
    assert r.status_code == 405
    assert "tidak diizinkan" in r.json()["detail"]


def test_page_and_assets_are_served(anon_client: httpx.Client, live: LiveServer) -> None:
    page = anon_client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'lang="id"' in page.text and "Periksa" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    js = anon_client.get("/static/app.js")
    assert js.status_code == 200 and "highlighted" in js.text
    assert anon_client.get("/static/style.css").status_code == 200


def test_the_page_under_static_carries_the_security_headers(anon_client: httpx.Client) -> None:
    """Issue 14 #7: /static/index.html served the staff page without its headers (framable)."""
    for path in ("/", "/static/index.html", "/static/app.js", "/static/style.css"):
        r = anon_client.get(path)
        assert r.status_code == 200, path
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
        assert r.headers["x-frame-options"] == "DENY", path
        assert r.headers["x-content-type-options"] == "nosniff", path


def test_docs_load_swagger_ui_from_this_server_only(anon_client: httpx.Client) -> None:
    """Issue 14 #8: /docs pulled an unpinned Swagger UI from a CDN (blank offline)."""
    r = anon_client.get("/docs")
    assert r.status_code == 200
    assert "http://" not in r.text and "https://" not in r.text, "no third-party URL"
    sources = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert sources and all(u.startswith("/docs-static/") for u in sources), sources
    for url in sources:
        asset = anon_client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 100, url
    csp = r.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in csp and "frame-ancestors 'none'" in csp
    assert anon_client.get("/redoc").status_code == 404  # the CDN-only page is gone


def test_openapi_documents_limits_examples_and_key(anon_client: httpx.Client) -> None:
    spec = anon_client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert schemas["PostIn"]["properties"]["text"]["maxLength"] == 10_000
    assert schemas["BatchIn"]["properties"]["posts"]["maxItems"] == 1_000
    assert "KAMBOJA" in schemas["PostIn"]["examples"][0]["text"]
    assert spec["components"]["securitySchemes"]["ApiKey"]["name"] == "X-API-Key"
    score_422 = spec["paths"]["/v1/score"]["post"]["responses"]["422"]
    assert score_422["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    assert anon_client.get("/docs").status_code == 200
