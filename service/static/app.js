// Staff page: score one post and show the evidence highlighted in the text.
// Posted text is only ever inserted as text nodes (never innerHTML), and evidence offsets are
// Unicode code points (as the server counts them), so emoji before a span do not shift it.
"use strict";

const KEY_STORAGE = "tppo-detect.api-key";
const FAMILY_LABEL = { illegal_recruitment: "perekrutan ilegal", online_scam: "penipuan online" };
const KIND_LABEL = {
  phone: "Telepon",
  whatsapp: "WhatsApp",
  telegram: "Telegram",
  handle: "Akun",
  email: "E-mail",
  url: "Tautan",
  bank_account: "Rekening",
  ewallet: "Dompet digital",
};

const $ = (id) => document.getElementById(id);
let lastScore = null; // {text, platform, request_id} of the shown result, for feedback
let lastDraft = null; // {masked, with_contacts} of the shown result
let pendingImage = null; // the File pasted, dropped or chosen, sent with the next check
let shownImageUrl = null; // object URL of the image shown with its boxes
const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];

function apiKey() {
  return localStorage.getItem(KEY_STORAGE) || "";
}

function showKeyState() {
  $("key-state").textContent = apiKey() ? "(tersimpan)" : "(belum diisi)";
}

function codePoints(text) {
  return Array.from(text);
}

function percent(p) {
  return `${Math.round(p * 100)}%`;
}

async function callApi(path, payload) {
  const form = payload instanceof FormData;
  // multipart bodies get their Content-Type (with the boundary) from the browser
  const headers = form ? {} : { "Content-Type": "application/json" };
  const key = apiKey();
  if (key) headers["X-API-Key"] = key;
  let response;
  try {
    const body = form ? payload : JSON.stringify(payload);
    response = await fetch(path, { method: "POST", headers, body });
  } catch (err) {
    throw new Error(`server tidak bisa dihubungi (${err.message})`);
  }
  let data = null;
  try {
    data = await response.json();
  } catch (_err) {
    data = null;
  }
  if (!response.ok) {
    throw new Error(friendlyError(response.status, data));
  }
  return data;
}

// The API's reasons are Indonesian already; the ones about keys and load are said for staff.
// A key problem: show the key box and say what to do.
function askForKey(problem) {
  $("key-box").hidden = false;
  $("key-box").open = true;
  return `${problem} Isi kunci dari admin layanan di bagian "Kunci API" di atas, tekan Simpan, ` +
    "lalu periksa lagi.";
}

function friendlyError(status, data) {
  const detail = data && typeof data.detail === "string" ? data.detail : "";
  const wrongKey = "Kunci API salah atau sudah dicabut.";
  if (status === 401) return askForKey(apiKey() ? wrongKey : "Kunci API belum diisi.");
  if (status === 403) {
    if (/salah|dicabut/.test(detail)) return askForKey(wrongKey);
    return "Kunci API ini tidak boleh melakukan tindakan itu. Minta kunci yang sesuai ke admin layanan.";
  }
  if (status === 503) return `Layanan sedang sibuk atau model belum siap; coba lagi sebentar lagi. (${detail})`;
  if (status === 504) return `Pemeriksaan terlalu lama: ${detail || "coba teks yang lebih pendek"}.`;
  if (status === 413 && /gambar/.test(detail)) return `Gambar ditolak: ${detail}.`;
  if (status === 413) return "Teks terlalu panjang untuk dikirim (lebih dari batas layanan).";
  if (status === 415 && /gambar/.test(detail)) return `Gambar ditolak: ${detail}.`;
  return detail || `Layanan menjawab dengan galat ${status}; coba lagi atau hubungi admin.`;
}

function clearResult() {
  $("result").hidden = true;
  for (const id of ["risk-level", "risk-score", "score-ir", "score-scam", "explanation", "terms",
    "meta", "contacts", "seen-before"]) {
    $(id).textContent = "";
  }
  $("seen-before").hidden = true;
  $("highlighted").replaceChildren();
  $("evidence-list").replaceChildren();
  $("image-boxes").replaceChildren();
  $("image-view").hidden = true;
  lastScore = null;
}

function setImage(file) {
  if (file && !IMAGE_TYPES.includes(file.type)) {
    showError(`Berkas ${file.name || ""} bukan gambar PNG, JPEG, atau WebP.`);
    return;
  }
  showError("");
  pendingImage = file || null;
  $("image-chosen").hidden = !pendingImage;
  $("image-name").textContent = pendingImage
    ? `Gambar: ${pendingImage.name || "dari papan klip"} (${Math.ceil(pendingImage.size / 1024).toLocaleString("id-ID")} KB)`
    : "";
  if (!pendingImage) $("image-file").value = "";
}

function imageFrom(items) {
  for (const item of items || []) {
    const file = item instanceof File ? item : item.kind === "file" ? item.getAsFile() : null;
    if (file && file.type.startsWith("image/")) return file;
  }
  return null;
}

// Boxes in percent of the image's own size: they stay on their words at any displayed size.
function renderImage(file, result) {
  if (shownImageUrl) URL.revokeObjectURL(shownImageUrl);
  shownImageUrl = URL.createObjectURL(file);
  $("image-shown").src = shownImageUrl;
  const { width, height } = result.ocr;
  const layer = $("image-boxes");
  layer.replaceChildren();
  const add = (box, kind, title) => {
    const [x, y, w, h] = box;
    const div = document.createElement("div");
    div.className = `box ${kind}`;
    div.title = title;
    div.style.left = `${(100 * x) / width}%`;
    div.style.top = `${(100 * y) / height}%`;
    div.style.width = `${(100 * w) / width}%`;
    div.style.height = `${(100 * h) / height}%`;
    layer.append(div);
  };
  for (const e of result.evidence) {
    const kind = e.family === "online_scam" ? "scam" : "ir";
    for (const box of e.boxes) add(box, kind, e.description);
  }
  for (const c of result.contacts) {
    for (const box of c.boxes) add(box, "contact", `${KIND_LABEL[c.kind] || c.kind}: ${c.text}`);
  }
  $("image-view").hidden = false;
}

function feedbackChoice(name) {
  const picked = document.querySelector(`input[name="${name}"]:checked`);
  return picked ? picked.value === "1" : null;
}

// Split the text at every evidence boundary; each piece covered by evidence becomes a <mark>.
function highlighted(text, evidence) {
  const chars = codePoints(text);
  const spans = evidence.filter((e) => e.start >= 0 && e.start < e.end && e.end <= chars.length);
  const cuts = new Set([0, chars.length]);
  for (const e of spans) {
    cuts.add(e.start);
    cuts.add(e.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = chars.slice(a, b).join("");
    const covering = spans.filter((e) => e.start <= a && e.end >= b);
    if (covering.length === 0) {
      fragment.append(document.createTextNode(piece));
      continue;
    }
    const families = new Set(covering.map((e) => e.family));
    const mark = document.createElement("mark");
    mark.className = `ev ${families.size > 1 ? "both" : families.has("online_scam") ? "scam" : "ir"}`;
    mark.dataset.signal = covering.map((e) => e.signal).join(" ");
    mark.title = covering.map((e) => e.description).join("\n");
    mark.textContent = piece;
    fragment.append(mark);
  }
  return fragment;
}

// The recruiter contacts found, and whether they already turned up in earlier submissions.
function renderContacts(contacts, seen) {
  const labels = contacts.map(
    (c) => `${KIND_LABEL[c.kind] || c.kind} ${c.value}${c.provider ? ` (${c.provider})` : ""}`,
  );
  const distinct = [...new Set(labels)];
  $("contacts").textContent = distinct.length ? `Kontak: ${distinct.join(", ")}` : "";
  const box = $("seen-before");
  if (seen && seen.submissions > 0) {
    const n = seen.submissions.toLocaleString("id-ID");
    box.textContent =
      `Kontak ini pernah muncul di ${n} kiriman sebelumnya ` +
      `(risiko tertinggi: ${seen.max_level}).`;
    box.hidden = false;
  } else {
    box.textContent = "";
    box.hidden = true;
  }
}

// Where to report and the public-warning draft (sedang/tinggi only). Contacts from the post are
// masked in the draft unless the analyst chooses to publish them as a warning.
function renderActions(result) {
  const box = $("action-box");
  const list = $("next-steps");
  list.replaceChildren();
  for (const step of result.next_steps || []) {
    const item = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = step.name;
    const how = [step.phone && `telp. ${step.phone}`, step.whatsapp && `WA ${step.whatsapp}`,
      step.email].filter(Boolean).join(" · ");
    item.append(name, how ? ` — ${how}` : "");
    if (step.url) {
      const link = document.createElement("a");
      link.href = step.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      link.textContent = step.url;
      item.append(" · ", link);
    }
    item.append(document.createElement("br"), `${step.action} (${step.reason})`);
    item.dataset.step = step.id;
    list.append(item);
  }
  lastDraft = result.draft || null;
  $("draft-contacts").checked = false;
  $("draft-text").value = lastDraft ? lastDraft.masked : "";
  $("copy-state").textContent = "";
  box.hidden = !lastDraft && list.childElementCount === 0;
}

function onDraftContacts() {
  if (!lastDraft) return;
  $("draft-text").value = $("draft-contacts").checked ? lastDraft.with_contacts : lastDraft.masked;
  $("copy-state").textContent = "";
}

async function onCopyDraft() {
  const area = $("draft-text");
  try {
    await navigator.clipboard.writeText(area.value);
  } catch (_err) {
    // No clipboard API (plain http on another host): select the text and copy the old way.
    area.select();
    if (!document.execCommand("copy")) {
      $("copy-state").textContent = "Gagal menyalin; pilih teksnya lalu tekan Ctrl+C.";
      return;
    }
  }
  $("copy-state").textContent = "Draf tersalin.";
}

function render(text, result) {
  const level = $("risk-level");
  level.textContent = result.risk_level;
  level.className = `level ${result.risk_level}`;
  $("risk-score").textContent = `skor ${result.risk_score}/100`;
  $("score-ir").textContent = percent(result.illegal_recruitment);
  $("score-scam").textContent = percent(result.online_scam);
  $("bar-ir").style.width = percent(result.illegal_recruitment);
  $("bar-scam").style.width = percent(result.online_scam);
  $("explanation").textContent = result.explanation;
  renderContacts(result.contacts || [], result.seen_before);
  $("highlighted").replaceChildren(highlighted(text, result.evidence));

  // One line per red flag (a flag can match several places): its description, its family
  // and the shortest passage that triggered it.
  const list = $("evidence-list");
  list.replaceChildren();
  const bySignal = new Map();
  for (const e of result.evidence) {
    const seen = bySignal.get(e.signal);
    if (!seen) bySignal.set(e.signal, { ...e, count: 1 });
    else {
      seen.count += 1;
      if (e.text.length < seen.text.length) seen.text = e.text;
    }
  }
  for (const e of bySignal.values()) {
    const item = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = e.description;
    const quote = document.createElement("q");
    quote.textContent = e.text;
    const times = e.count > 1 ? `, ${e.count} tempat` : "";
    item.append(name, ` (${FAMILY_LABEL[e.family] || e.family}${times}): `, quote);
    list.append(item);
  }
  if (result.evidence.length === 0) {
    const item = document.createElement("li");
    item.textContent = "Tidak ada sinyal dari daftar kata kunci yang ditemukan.";
    list.append(item);
  }
  const terms = result.top_terms.map((t) => t.term).join(", ");
  $("terms").textContent = terms ? `Kata yang paling menaikkan skor risiko: ${terms}` : "";
  $("meta").textContent = `model ${result.model_version} · permintaan ${result.request_id}`;
  renderActions(result);
  // No answer pre-selected: the analyst says it, not the model (one click must not confirm it).
  for (const input of document.querySelectorAll('#feedback-form input[type="radio"]')) {
    input.checked = false;
  }
  $("fb-state").textContent = "";
  $("result").hidden = false;
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

async function onScore(event) {
  event.preventDefault();
  const text = $("post-text").value;
  const platform = $("platform").value || null;
  showError("");
  clearResult();
  const image = pendingImage;
  if (!text.trim() && !image) {
    showError("Tempel isi unggahan atau gambarnya terlebih dahulu.");
    return;
  }
  const button = $("score-button");
  button.disabled = true;
  button.textContent = image ? "Membaca gambar…" : "Memeriksa…";
  try {
    if (image) {
      const form = new FormData();
      form.append("image", image, image.name || "tempelan.png");
      if (text.trim()) form.append("caption", text);
      if (platform) form.append("platform", platform);
      const result = await callApi("/v1/score/image", form);
      // feedback is given on the text that was scored: caption plus what OCR read
      lastScore = { text: result.scored_text, platform, request_id: result.request_id };
      render(result.scored_text, result);
      renderImage(image, result);
      return;
    }
    const payload = platform ? { text, platform } : { text };
    const result = await callApi("/v1/score", payload);
    lastScore = { text, platform, request_id: result.request_id };
    render(text, result);
  } catch (err) {
    clearResult();
    showError(err.message);
  } finally {
    button.disabled = false;
    button.textContent = "Periksa";
  }
}

async function onFeedback(event) {
  event.preventDefault();
  if (!lastScore) return;
  const ir = feedbackChoice("fb-ir");
  const scam = feedbackChoice("fb-scam");
  if (ir === null || scam === null) {
    $("fb-state").textContent = "Pilih Ya atau Tidak untuk kedua pertanyaan.";
    return;
  }
  const payload = {
    text: lastScore.text,
    illegal_recruitment: ir,
    online_scam: scam,
    note: $("fb-note").value,
    request_id: lastScore.request_id,
  };
  if (lastScore.platform) payload.platform = lastScore.platform;
  try {
    const saved = await callApi("/v1/feedback", payload);
    $("fb-state").textContent = `Tersimpan (#${saved.id}). Terima kasih.`;
  } catch (err) {
    $("fb-state").textContent = `Gagal: ${err.message}`;
  }
}

function onInput() {
  const n = codePoints($("post-text").value).length;
  const counter = $("char-count");
  counter.textContent = `${n.toLocaleString("id-ID")} / 10.000 karakter`;
  counter.classList.toggle("error", n > 10000);
}

document.addEventListener("DOMContentLoaded", () => {
  $("api-key").value = apiKey();
  showKeyState();
  // Dev mode (`make run`) needs no key: the key box stays out of the way.
  fetch("/readyz")
    .then((r) => r.json())
    .then((status) => {
      if (status && status.key_required === false) {
        $("key-box").hidden = true;
        $("dev-note").hidden = false;
      } else if (!apiKey()) {
        $("key-box").open = true;
      }
    })
    .catch(() => {
      if (!apiKey()) $("key-box").open = true;
    });
  $("save-key").addEventListener("click", () => {
    localStorage.setItem(KEY_STORAGE, $("api-key").value.trim());
    showKeyState();
  });
  $("clear-key").addEventListener("click", () => {
    localStorage.removeItem(KEY_STORAGE);
    $("api-key").value = "";
    showKeyState();
  });
  $("score-form").addEventListener("submit", onScore);
  $("feedback-form").addEventListener("submit", onFeedback);
  $("post-text").addEventListener("input", onInput);
  $("draft-contacts").addEventListener("change", onDraftContacts);
  $("copy-draft").addEventListener("click", onCopyDraft);
  // An image post: pasted anywhere on the page (Ctrl+V), dropped on the box, or chosen.
  document.addEventListener("paste", (event) => {
    const file = imageFrom(event.clipboardData && event.clipboardData.items);
    if (file) {
      event.preventDefault();
      setImage(file);
    }
  });
  const drop = $("image-drop");
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    const files = event.dataTransfer ? Array.from(event.dataTransfer.files) : [];
    const file = imageFrom(files);
    if (file) setImage(file);
    else showError("Yang diseret bukan berkas gambar PNG, JPEG, atau WebP.");
  });
  $("image-file").addEventListener("change", (event) => setImage(event.target.files[0]));
  $("image-clear").addEventListener("click", () => setImage(null));
});
