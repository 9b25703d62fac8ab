"""Request and response bodies of the HTTP API, with the examples shown in the OpenAPI docs.

Limits that the issue fixes (10,000 characters per post, 1,000 posts per batch) are part of
the schema, so clients and schemathesis see them in ``/openapi.json`` and the validation error
handler (:mod:`service.errors`) turns a breach into one clear Indonesian sentence.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict

from tppo_detect.labels import EXPLAIN_CHOICES, STANCE_NAMES, TARGETS, RiskLevel
from tppo_detect.text.contacts import CONTACT_KINDS
from tppo_detect.training.schema import KINDS, PLATFORMS

from .settings import MAX_BATCH, MAX_NOTE_CHARS, MAX_TEXT_CHARS

Platform = Literal[tuple(sorted(PLATFORMS))]  # type: ignore[valid-type]
Kind = Literal[tuple(sorted(KINDS))]  # type: ignore[valid-type]
Stance = Literal[tuple(STANCE_NAMES)]  # type: ignore[valid-type]
Family = Literal[TARGETS]  # type: ignore[valid-type]
Explain = Literal[EXPLAIN_CHOICES]  # type: ignore[valid-type]
ContactKind = Literal[CONTACT_KINDS]  # type: ignore[valid-type]

#: A real-looking scam-compound recruitment post (the kind the service exists to catch).
EXAMPLE_POST = (
    "🔥 LOWONGAN ADMIN ONLINE – KAMBOJA 🔥\n"
    "Dibutuhkan segera 20 org utk posisi admin chat / CS online, lokasi Phnom Penh. "
    "Gaji $1.000 – $1.300 / bulan + bonus. Tidak perlu pengalaman, usia 18–35 thn. "
    "Tiket pesawat + visa DITANGGUNG perusahaan, berangkat minggu ini pakai visa turis. "
    "Minat langsung chat Mr. Andre 👉 wa.me/6285311907264, slot terbatas!"
)

EXAMPLE_SCORE: dict[str, Any] = {
    "illegal_recruitment": 0.9731,
    "online_scam": 0.8412,
    "risk_score": 97,
    "risk_level": "tinggi",
    "evidence": [
        {
            "signal": "overseas_no_experience",
            "family": "illegal_recruitment",
            "start": 147,
            "end": 170,
            "text": "Tidak perlu pengalaman",
            "description": "kerja luar negeri tanpa syarat pengalaman",
        }
    ],
    "top_terms": [{"term": "kamboja", "family": "illegal_recruitment", "weight": 1.2345}],
    "explanation": "Risiko tinggi: indikasi perekrutan ilegal (kerja ke Kamboja tanpa prosedur).",
    "model_version": "2026.11.23-1",
    "contacts": [
        {
            "kind": "whatsapp",
            "value": "+6285311907264",
            "start": 308,
            "end": 327,
            "text": "wa.me/6285311907264",
            "domain": "wa.me",
            "provider": None,
            "free_mail": False,
            "short_link": False,
        }
    ],
    "seen_before": {"submissions": 3, "max_level": "tinggi"},
    "next_steps": [
        {
            "id": "kp2mi_pengaduan",
            "name": "Layanan pengaduan KP2MI (Kementerian Pelindungan Pekerja Migran Indonesia)",
            "scope": "nasional",
            "action": "Laporkan tawaran kerja ke luar negeri yang tidak prosedural.",
            "reason": "indikasi perekrutan ilegal/TPPO",
            "phone": "0-800-1000",
            "whatsapp": "0811-8080-141",
            "email": None,
            "url": "https://siskop2mi.bp2mi.go.id",
        }
    ],
    "draft": {
        "masked": "⚠️ WASPADA TAWARAN KERJA KE LUAR NEGERI TIDAK RESMI\n…\n"
        "• WhatsApp (nomor disamarkan)\n…",
        "with_contacts": "⚠️ WASPADA TAWARAN KERJA KE LUAR NEGERI TIDAK RESMI\n…\n"
        "• WhatsApp 0853-1190-7264\n…",
    },
}

_TEXT_DESCRIPTION = f"Isi unggahan apa adanya (1–{MAX_TEXT_CHARS:,} karakter, bukan spasi saja)."
#: "Contains a non-space character": in the schema, so generated clients know blank is invalid.
#: Spelled out as ECMAScript's ``\s`` set (what JSON Schema means) rather than ``\S``: the
#: server's regex engine counts more characters as space (U+0085, U+001C–U+001F), so ``\S``
#: rejected texts such as "\u0085" that the published schema allows.
NOT_BLANK = r"[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"


#: Field types several bodies share (one home for each limit and description).
PostText = Annotated[
    str,
    Field(
        min_length=1, max_length=MAX_TEXT_CHARS, pattern=NOT_BLANK, description=_TEXT_DESCRIPTION
    ),
]
Url = Annotated[str, Field(max_length=2048)]
Author = Annotated[str, Field(max_length=256)]
PostedAt = Annotated[str, Field(max_length=64)]
SpanStart = Annotated[
    int, Field(ge=0, description="Offset karakter (code point) awal di teks yang dikirim.")
]
SpanEnd = Annotated[int, Field(ge=0, description="Offset karakter akhir (eksklusif).")]


#: A label as the corpus writes it (0/1) or as JSON would (false/true); nothing else.
Label = Annotated[bool, Strict()] | Literal[0, 1]


class _Strict(BaseModel):
    """Input is taken exactly as the schema says: unknown fields are an error (a typo like
    ``teks`` is reported, not ignored) and nothing is coerced ("1" is not a label)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class PostIn(_Strict):
    """One post to score; only ``text`` is required, the rest is kept for context."""

    text: PostText
    platform: Platform | None = Field(
        default=None,
        description="Asal unggahan; menambah jalur lapor platform itu ke next_steps. Bila "
        "kosong, diturunkan dari url (facebook.com, tiktok.com, x.com, t.me, …).",
    )
    url: Url | None = None
    author: Author | None = None
    posted_at: PostedAt | None = Field(
        default=None, description="Waktu unggah, sebaiknya ISO 8601."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": EXAMPLE_POST,
                    "platform": "facebook",
                    "url": "https://www.facebook.com/groups/lokerluarnegeri/posts/1234567890",
                }
            ]
        },
    )


class BatchIn(_Strict):
    """Up to 1,000 posts; results come back in the same order."""

    posts: list[PostIn] = Field(min_length=1, max_length=MAX_BATCH)
    explain: Explain = Field(
        default="all",
        description="Unggahan yang diberi bukti, kata teratas, kontak, langkah lanjut dan "
        "penjelasan: all (bawaan, semua), sedang (sedang ke atas) atau tinggi. Unggahan lain "
        "hanya mendapat peluang, skor, tingkat risiko dan sikap (daftar kosong, penjelasan "
        "kosong); peluang dan tingkat risikonya sama persis. Lebih cepat untuk batch besar.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "posts": [
                        {"text": EXAMPLE_POST, "platform": "facebook"},
                        {"text": "Dijual motor Beat 2019 mulus, pajak hidup. Nego tipis, COD."},
                    ]
                }
            ]
        },
    )


class EvidenceOut(BaseModel):
    """A signal found in the post; ``text[start:end]`` of the submitted text is ``text``."""

    signal: str
    family: Family
    start: SpanStart
    end: SpanEnd
    text: str
    description: str


class TermOut(BaseModel):
    term: str
    family: Family
    weight: float


class ContactOut(BaseModel):
    """A recruiter contact in the post (``tppo_detect.text.contacts``), with its span."""

    kind: ContactKind = Field(
        description="phone, whatsapp, telegram, handle, email, url, bank_account, ewallet."
    )
    value: str = Field(
        description="Nilai yang dinormalkan: nomor E.164 (+62…), nama tanpa @, alamat/tautan "
        "huruf kecil, atau digit rekening."
    )
    start: SpanStart
    end: SpanEnd
    text: str = Field(description="Potongan teks aslinya.")
    domain: str | None = Field(default=None, description="Domain, untuk tautan dan e-mail.")
    provider: str | None = Field(default=None, description="Nama bank atau dompet digital.")
    free_mail: bool = Field(default=False, description="E-mail gratisan (gmail, yahoo, …).")
    short_link: bool = Field(default=False, description="Tautan pemendek (bit.ly, s.id, …).")


class SeenBeforeOut(BaseModel):
    """Earlier posts sent to this service that shared at least one contact with this one."""

    submissions: int = Field(
        ge=0,
        description="Jumlah kiriman sebelumnya (skor tunggal atau butir batch, termasuk butir "
        "lebih awal di batch yang sama) yang memuat salah satu kontak unggahan ini.",
    )
    max_level: RiskLevel | None = Field(
        description="Tingkat risiko tertinggi di antara kiriman itu; null bila tidak ada."
    )


class NextStepOut(BaseModel):
    """A place to report the post (``tppo_detect.model.next_steps``; sources in its registry)."""

    id: str = Field(description="Pengenal saluran, sama dengan kolom batch next_steps.")
    name: str
    scope: Literal["daerah", "nasional", "bank", "platform"]
    action: str = Field(description="Apa yang dilakukan di saluran ini.")
    reason: str = Field(description="Mengapa saluran ini dipilih untuk unggahan ini.")
    phone: str | None = None
    whatsapp: str | None = None
    email: str | None = None
    url: str | None = None


class DraftOut(BaseModel):
    """A public-warning draft built from templates (no text generation)."""

    masked: str = Field(description="Draf dengan kontak dari unggahan disamarkan (bawaan).")
    with_contacts: str = Field(
        description="Draf yang sama dengan kontak ditampilkan sebagai peringatan."
    )


class ScoreResult(BaseModel):
    """The model's verdict on one post (the core library's ``Score.to_dict()``), plus which
    earlier submissions shared one of its contacts."""

    illegal_recruitment: float = Field(ge=0, le=1, description="Peluang perekrutan ilegal.")
    online_scam: float = Field(ge=0, le=1, description="Peluang penipuan online.")
    risk_score: int = Field(ge=0, le=100)
    risk_level: RiskLevel
    evidence: list[EvidenceOut]
    top_terms: list[TermOut]
    explanation: str
    model_version: str
    contacts: list[ContactOut] = Field(
        description="Kontak perekrut di unggahan (nomor, WhatsApp, Telegram, rekening, …)."
    )
    stance: Stance | None = Field(
        default=None,
        description="Bila unggahan tidak terbaca sebagai tawaran: peringatan, berita, cerita, "
        "pertanyaan atau klarifikasi (dari isyarat konteks); null bila terbaca sebagai tawaran "
        "atau tidak ada isyarat.",
    )
    seen_before: SeenBeforeOut = Field(
        description="Kontak yang sama di kiriman sebelumnya ke layanan ini. Hanya hash kontak "
        "(HMAC) yang disimpan, tidak pernah nomornya."
    )
    next_steps: list[NextStepOut] = Field(
        description="Ke mana melapor (hanya untuk risiko sedang/tinggi; kosong bila rendah)."
    )
    draft: DraftOut | None = Field(
        description="Draf peringatan publik untuk risiko sedang/tinggi; null bila rendah."
    )


class ScoreOut(ScoreResult):
    request_id: str

    model_config = ConfigDict(
        json_schema_extra={"examples": [{**EXAMPLE_SCORE, "request_id": "9f1c2e4b7a8d4c0e"}]}
    )


#: A box on the image: x, y (top-left), width, height, in pixels of the uploaded image.
Box = Annotated[list[int], Field(min_length=4, max_length=4)]


class EvidenceImageOut(EvidenceOut):
    boxes: list[Box] = Field(
        description="Kotak kata-kata bukti ini di gambar: [x, y, lebar, tinggi] dalam piksel "
        "gambar yang diunggah; kosong bila bukti ada di keterangan (caption)."
    )


class ContactImageOut(ContactOut):
    boxes: list[Box] = Field(description="Kotak kontak ini di gambar: [x, y, lebar, tinggi].")


class OcrOut(BaseModel):
    text: str = Field(description="Teks yang dibaca OCR (Tesseract, ind+eng) dari gambar.")
    width: int = Field(ge=1, description="Lebar gambar (piksel, setelah rotasi EXIF).")
    height: int = Field(ge=1, description="Tinggi gambar (piksel).")


class ImageScoreOut(ScoreOut):
    """The score of an image post: offsets of ``evidence`` and ``contacts`` point into the
    scored text (the caption, a blank line, then ``ocr.text``; just ``ocr.text`` without a
    caption), and each item has its boxes on the image."""

    evidence: list[EvidenceImageOut]
    contacts: list[ContactImageOut]
    ocr: OcrOut
    scored_text: str = Field(description="Teks yang diskor (keterangan + teks OCR).")


class BatchOut(BaseModel):
    request_id: str
    model_version: str
    count: int
    results: list[ScoreResult]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "request_id": "9f1c2e4b7a8d4c0e",
                    "model_version": EXAMPLE_SCORE["model_version"],
                    "count": 1,
                    "results": [EXAMPLE_SCORE],
                }
            ]
        }
    )


class FeedbackIn(_Strict):
    """An analyst's verdict on a post: the true labels plus an optional note."""

    text: PostText
    illegal_recruitment: Label = Field(
        description="Benar perekrutan ilegal / TPPO? (true/false/1/0)"
    )
    online_scam: Label = Field(description="Benar penipuan online? (true/false/1/0)")
    note: str = Field(default="", max_length=MAX_NOTE_CHARS, description="Catatan analis.")
    platform: Platform | None = None
    kind: Kind | None = Field(default=None, description="Jenis unggahan (skema korpus).")
    split: Literal["train", "test"] | None = Field(
        default=None, description="Bagian korpus; kosong berarti 'train'."
    )
    url: Url | None = None
    author: Author | None = None
    posted_at: PostedAt | None = None
    request_id: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="request_id dari hasil skor yang dinilai, bila ada.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": EXAMPLE_POST,
                    "illegal_recruitment": True,
                    "online_scam": True,
                    "note": "Pola rekrutmen scam compound Kamboja, nomor WA sudah dilaporkan.",
                    "platform": "facebook",
                    "kind": "scam_compound",
                    "request_id": "9f1c2e4b7a8d4c0e",
                }
            ]
        },
    )


class FeedbackOut(BaseModel):
    id: int
    request_id: str
    model_version: str
    risk_level: RiskLevel
    risk_score: int


class ReloadIn(_Strict):
    """Optionally name a version directory inside the models dir; default: what LATEST names."""

    version: str | None = Field(
        default=None, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
    )


class ReloadOut(BaseModel):
    previous_version: str | None
    model_version: str
    request_id: str


class StatusOut(BaseModel):
    status: str
    model_version: str | None = None
    key_required: bool | None = Field(
        default=None,
        description="Apakah permintaan skor butuh kunci API (false hanya di mode pengembangan "
        "`serve --dev`, loopback); halaman staf menyembunyikan kotak kunci bila false.",
    )


class ErrorOut(BaseModel):
    """Every error the API returns: one readable sentence."""

    detail: str

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"detail": "text terlalu panjang: 12.345 karakter, maksimum 10.000"}]
        }
    )
