"""The staff page in headless Chromium: paste a scam post, see ``tinggi`` and the evidence."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import SCAM_POST, Keys, LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A 4xx the page handles is logged by Chromium as "Failed to load resource"; not a bug.
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    yield page
    context.close()
    assert not errors, f"browser errors: {errors}"


def score_on_page(page: Any, url: str, key: str, text: str) -> None:
    """Open the page, save the key, paste ``text`` and wait for the verdict."""
    page.goto(url + "/")
    page.fill("#api-key", key)
    page.click("#save-key")
    page.fill("#post-text", text)
    page.click("#score-button")
    page.locator("#risk-level").wait_for(state="visible")


def test_paste_a_scam_post_and_see_tinggi_with_highlighted_evidence(
    page: Any, live: LiveServer, keys: Keys
) -> None:
    page.goto(live.url + "/")
    page.fill("#api-key", keys.scoring)
    page.click("#save-key")
    page.fill("#post-text", SCAM_POST)
    page.click("#score-button")

    level = page.locator("#risk-level")
    level.wait_for(state="visible")
    assert level.inner_text().strip().lower() == "tinggi"
    assert "tinggi" in (level.get_attribute("class") or "")
    assert page.locator("#score-ir").inner_text().endswith("%")
    assert page.locator("#score-scam").inner_text().endswith("%")
    assert page.locator("#explanation").inner_text().strip()

    marks = page.locator("#highlighted mark.ev")
    assert marks.count() >= 1
    # The highlighted text is exactly the evidence the API returned, at the right place even
    # though emoji (two UTF-16 units each) come before the spans.
    evidence = page.evaluate(
        """async (key) => {
            const r = await fetch('/v1/score', {method: 'POST',
                headers: {'Content-Type': 'application/json', 'X-API-Key': key},
                body: JSON.stringify({text: document.getElementById('post-text').value})});
            return (await r.json()).evidence;
        }""",
        keys.scoring,
    )
    marked = [m.strip() for m in marks.all_inner_texts()]
    for ev in evidence:
        assert any(ev["text"].strip() in m or m in ev["text"] for m in marked), (ev, marked)
    # The whole post is shown, unchanged, around the marks.
    assert page.locator("#highlighted").inner_text() == SCAM_POST


def test_wrong_key_shows_a_readable_error(page: Any, live: LiveServer) -> None:
    page.goto(live.url + "/")
    page.fill("#api-key", "tppo_salah_salah")
    page.click("#save-key")
    page.fill("#post-text", SCAM_POST)
    page.click("#score-button")
    error = page.locator("#error")
    error.wait_for(state="visible")
    assert error.inner_text().startswith("Kunci API salah atau sudah dicabut. Isi kunci")
    assert page.locator("#result").is_hidden()


def test_feedback_from_the_page_is_stored(page: Any, live: LiveServer, keys: Keys) -> None:
    score_on_page(page, live.url, keys.scoring, SCAM_POST)
    page.click("#feedback-box summary")
    page.check("#fb-ir-yes")
    page.check("#fb-scam-no")
    page.fill("#fb-note", "dicek analis")
    page.click("#feedback-form button")
    state = page.locator("#fb-state")
    state.filter(has_text="Tersimpan").wait_for()
    assert state.inner_text().startswith("Tersimpan (#")


def test_contact_seen_before_is_shown(page: Any, live: LiveServer, keys: Keys) -> None:
    page.goto(live.url + "/")
    page.fill("#api-key", keys.scoring)
    page.click("#save-key")
    box = page.locator("#seen-before")

    page.fill("#post-text", "Loker admin online Kamboja, tanpa pengalaman. WA 0815-4242-9090")
    page.click("#score-button")
    page.locator("#risk-level").wait_for(state="visible")
    assert page.locator("#contacts").inner_text() == "Kontak: Telepon +6281542429090"
    assert box.is_hidden()
    first_level = page.locator("#risk-level").inner_text().strip().lower()

    page.fill("#post-text", "Info kerja Malaysia, hubungi +62 815 4242 9090")
    page.click("#score-button")
    box.wait_for(state="visible")
    assert box.inner_text() == (
        f"Kontak ini pernah muncul di 1 kiriman sebelumnya (risiko tertinggi: {first_level})."
    )

    page.fill("#post-text", "Dijual motor Beat 2019 mulus, COD area Bekasi.")
    page.click("#score-button")
    box.wait_for(state="hidden")
    assert page.locator("#contacts").inner_text() == ""


def test_copy_the_public_warning_draft_from_the_page(
    browser: Any, live: LiveServer, keys: Keys
) -> None:
    context = browser.new_context(locale="id-ID")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(live.url + "/")
        page.fill("#api-key", keys.scoring)
        page.click("#save-key")
        page.fill("#post-text", SCAM_POST)
        page.select_option("#platform", "facebook")
        page.click("#score-button")
        page.locator("#action-box").wait_for(state="visible")

        steps = page.locator("#next-steps li")
        ids = [steps.nth(i).get_attribute("data-step") for i in range(steps.count())]
        assert {"kp2mi_pengaduan", "bp3mi_wilayah", "platform_facebook"} <= set(ids), ids

        # default: the recruiter's number is masked in the draft, and that is what is copied
        page.click("#copy-draft")
        page.locator("#copy-state").filter(has_text="Draf tersalin.").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("#draft-text").input_value()
        assert copied.startswith("⚠️ WASPADA")
        assert "WhatsApp (nomor disamarkan)" in copied
        assert "6285311907264" not in copied and "1190" not in copied
        assert "Andre" not in copied
        assert "0-800-1000" in copied  # where to report

        # the analyst chooses to publish the number as a warning
        page.check("#draft-contacts")
        page.click("#copy-draft")
        page.locator("#copy-state").filter(has_text="Draf tersalin.").wait_for()
        shown = page.evaluate("navigator.clipboard.readText()")
        assert "WhatsApp 0853-1190-7264" in shown
        assert "Jangan menghubungi atau mentransfer" in shown

        # a harmless post hides the panel
        page.fill("#post-text", "Dijual motor Beat 2019 mulus, COD area Bekasi.")
        page.click("#score-button")
        page.locator("#action-box").wait_for(state="hidden")
    finally:
        context.close()
    assert not errors, errors


def test_docs_render_with_no_internet(page: Any, live: LiveServer) -> None:
    """Every request to another origin is refused: Swagger UI must still show the API."""
    outside: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(live.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(live.url + "/docs")
    page.locator(".swagger-ui .opblock-summary-path").first.wait_for(state="visible")
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert any("/v1/score" in p for p in paths), paths
    assert not outside, outside


def test_an_error_clears_the_previous_result(page: Any, live: LiveServer, keys: Keys) -> None:
    """Issue 15: after an error the previous post's verdict stayed on screen under it."""
    score_on_page(page, live.url, keys.scoring, SCAM_POST)
    page.fill("#api-key", "tppo_salah_salah")
    page.click("#save-key")
    page.fill("#post-text", "Toko roti di Singaraja cari karyawan")
    page.click("#score-button")
    page.locator("#error").wait_for(state="visible")
    assert page.locator("#result").is_hidden()
    assert page.locator("#risk-level").inner_text() == ""
    assert page.locator("#evidence-list li").count() == 0


def test_feedback_starts_unanswered(page: Any, live: LiveServer, keys: Keys) -> None:
    """Issue 15: the boxes came pre-ticked with the model's answer (one click confirmed it)."""
    score_on_page(page, live.url, keys.scoring, SCAM_POST)
    page.click("#feedback-box summary")
    radios = page.locator('#feedback-form input[type="radio"]')
    assert radios.count() == 4
    assert not any(radios.nth(i).is_checked() for i in range(4))
    page.evaluate("document.getElementById('feedback-form').noValidate = true")
    page.click("#feedback-form button")
    page.locator("#fb-state").filter(has_text="Pilih Ya atau Tidak").wait_for()


def test_dev_mode_hides_the_key_box(page: Any, models_root, tmp_path) -> None:
    """`make run` (dev mode) needs no key: the key box is not the first thing a user sees."""
    from .conftest import run_server, server_settings

    with run_server(server_settings(models_root, tmp_path, dev_mode=True)) as server:
        page.goto(server.url + "/")
        page.locator("#dev-note").wait_for(state="visible")
        assert page.locator("#key-box").is_hidden()
        page.fill("#post-text", SCAM_POST)
        page.click("#score-button")
        page.locator("#risk-level").wait_for(state="visible")
        assert page.locator("#risk-level").inner_text().strip().lower() == "tinggi"


def test_paste_an_image_and_see_the_evidence_boxes(
    page: Any, live: LiveServer, keys: Keys, tmp_path: Any
) -> None:
    import base64

    from tests.ocr.conftest import draw_known_flyer

    flyer = draw_known_flyer(tmp_path / "flyer.png")
    page.goto(live.url + "/")
    page.fill("#api-key", keys.scoring)
    page.click("#save-key")
    # Ctrl+V of an image: a paste event whose clipboard holds a PNG file
    page.evaluate(
        """(b64) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const data = new DataTransfer();
            data.items.add(new File([bytes], "flyer.png", {type: "image/png"}));
            document.getElementById("post-text").focus();
            document.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data,
                                                                bubbles: true}));
        }""",
        base64.b64encode(flyer.path.read_bytes()).decode(),
    )
    assert "flyer.png" in page.locator("#image-name").inner_text()
    page.click("#score-button")
    page.locator("#image-view").wait_for(state="visible", timeout=60_000)
    assert page.locator("#risk-level").inner_text().strip().lower() == "tinggi"
    page.wait_for_function("document.getElementById('image-shown').complete")
    boxes = page.locator("#image-boxes .box")
    assert boxes.count() >= 3
    assert page.locator("#image-boxes .box.contact").count() == 3  # 0852 3612 7190
    # drawn over the image where the number is: compare with where it was drawn, in the
    # displayed image's coordinates
    img = page.locator("#image-shown").bounding_box()
    assert img and img["width"] > 100
    scale = img["width"] / 1080
    x, y, w, _ = flyer.phone_box
    contact = [b.bounding_box() for b in page.locator("#image-boxes .box.contact").all()]
    left = min(b["x"] for b in contact) - img["x"]
    top = min(b["y"] for b in contact) - img["y"]
    right = max(b["x"] + b["width"] for b in contact) - img["x"]
    assert abs(left - x * scale) < 15 and abs(top - y * scale) < 15, (contact, img)
    assert abs(right - (x + w) * scale) < 15
    assert "0852 3612 7190" in page.locator("#highlighted").inner_text()
