// Brandkit's web page: write a brief, follow the job live, show and download the kit.
// Plain ES module, no build step. Briefs and model-written text are untrusted: everything that came from a
// person, the API or the kit goes into the page through textContent / setAttribute, never as HTML.

const config = window.BRANDKIT_CONFIG || {};
const API_BASE = String(config.apiBase || "").replace(/\/+$/, "");
const API_KEY_STORAGE = "brandkit.apiKey";
const POLL_MS = 1000;
const MAX_BACKOFF_MS = 15000;
const FIELDS = ["company_name", "industry", "description", "values", "style", "primary_color", "audience", "language",
  "existing_logo"];
const HEX = /^#[0-9A-Fa-f]{6}$/;
const JOB_ID = /^[A-Za-z0-9_-]{1,80}$/;
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const RTL_LANGUAGES = new Set(["ar", "he", "fa", "ur"]);

// --- the page's language ---------------------------------------------------------------------------------
// The page's own text comes from the gettext catalogues the API and the kit use (context "web page"):
// `scripts/i18n.py compile` writes web/i18n/<tag>.json from them; English is the source and needs none. The
// reader's language is the first of navigator.languages that has a catalogue, the rule the API applies to the
// Accept-Language every call sends, so the API's messages arrive in the same language as the page's.
const READER_LANGUAGES = [...(navigator.languages || []), navigator.language || "en"].filter((tag) => LANGUAGE_TAG.test(tag));
const ACCEPT_LANGUAGE = [...new Set(READER_LANGUAGES)].slice(0, 9)
  .map((tag, i) => (i ? `${tag};q=${(1 - i / 10).toFixed(1)}` : tag)).join(", ");
const CATALOGUE = await readerCatalogue();

async function readerCatalogue() {
  const english = { language: "en", dir: "ltr", messages: {} };
  try {
    const index = await (await fetch("i18n/index.json", { cache: "no-cache" })).json();
    for (const tag of READER_LANGUAGES) {
      const primary = tag.split("-")[0].toLowerCase();
      if (primary === index.source) return english;
      if (index.languages[primary]) return await (await fetch(`i18n/${index.languages[primary]}.json`, { cache: "no-cache" })).json();
    }
  } catch {
    /* no catalogue could be read: the page stays in English */
  }
  return english;
}

/** A message in the reader's language with its {named} placeholders filled; the English message when untranslated. */
function pgettext(context, message, values = {}) {
  const text = (CATALOGUE.messages[context] || {})[message] || message;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** index.html's own text: the first text of each element marked data-i18n, and the attributes named in its
 * data-i18n-attrs, in the reader's language (the same whitespace-collapsed msgids web_catalogues extracts). */
function translatePage() {
  document.documentElement.setAttribute("lang", CATALOGUE.language);
  document.documentElement.setAttribute("dir", CATALOGUE.dir);
  const say = (text) => pgettext("web page", text.trim().replace(/\s+/g, " "));
  for (const node of document.querySelectorAll("[data-i18n]")) {
    const text = [...node.childNodes].find((child) => child.nodeType === Node.TEXT_NODE && child.textContent.trim());
    if (text) text.textContent = text.textContent.replace(text.textContent.trim(), say(text.textContent));
  }
  for (const node of document.querySelectorAll("[data-i18n-attrs]")) {
    for (const name of node.dataset.i18nAttrs.split(/\s+/)) {
      if (node.hasAttribute(name)) node.setAttribute(name, say(node.getAttribute(name)));
    }
  }
}

const STAGE_LABELS = {
  ValidateBrief: pgettext("web page", "Check the brief"), Logo: pgettext("web page", "Logo"),
  Palette: pgettext("web page", "Palette"), WriteRationale: pgettext("web page", "Rationale"),
  RenderAssets: pgettext("web page", "Render assets"), CompileGuidelines: pgettext("web page", "Guidelines PDF"),
  PublishManifest: pgettext("web page", "Package the kit"), NotifySuccess: pgettext("web page", "Notify"),
};
const STATUS_LABELS = {
  queued: pgettext("web page", "Queued"), running: pgettext("web page", "Running"), succeeded: pgettext("web page", "Done"),
  failed: pgettext("web page", "Failed"), pending: pgettext("web page", "Waiting"),
};

// The API's 422 entries carry a msg in the reader's language (brandkit.field_errors); these say what each type
// means when an entry comes without one.
const TYPE_MESSAGES = {
  missing: pgettext("web page", "Required."), value_error: pgettext("web page", "Not accepted."),
  string_too_long: pgettext("web page", "Too long."), string_too_short: pgettext("web page", "Too short."),
  too_long: pgettext("web page", "Too many items."), too_short: pgettext("web page", "Too few items."),
  string_type: pgettext("web page", "Must be text."), list_type: pgettext("web page", "Must be a list of words."),
  extra_forbidden: pgettext("web page", "Not a brief field."), string_pattern_mismatch: pgettext("web page", "Wrong format."),
  json_invalid: pgettext("web page", "Not valid JSON."), model_type: pgettext("web page", "Must be a JSON object."),
  dict_type: pgettext("web page", "Must be a JSON object."), int_parsing: pgettext("web page", "Must be a whole number."),
  int_type: pgettext("web page", "Must be a whole number."), greater_than_equal: pgettext("web page", "Too small."),
  less_than_equal: pgettext("web page", "Too large."), control_character: pgettext("web page", "Contains a control character."),
  blank: pgettext("web page", "Must not be blank."), hex_colour: pgettext("web page", "Must be a hex colour like #1F6FEB."),
  undrawable_name: pgettext("web page", "The kit's typefaces cannot draw this name; write it in another script."),
  language_tag: pgettext("web page", "Must be a language tag such as en, pt-BR or zh-Hant."),
  logo_reference: pgettext("web page", "Not a usable file path."), logo_file_type: pgettext("web page", "Must name an .svg or .png file."),
  option_not_offered: pgettext("web page", "Not one of the options this version offers."),
  revision_empty: pgettext("web page", "A new version must change something."),
  revision_concept_and_more: pgettext("web page", "Choose a concept or ask for more, not both."),
  revision_palette_and_colour: pgettext("web page", "Choose a palette or a primary colour, not both."),
  upload_id_expected: pgettext("web page", "Not a usable upload id."),
  upload_missing: pgettext("web page", "The uploaded logo was not found; choose the file again."),
  upload_type: pgettext("web page", "The uploaded file is not a PNG or SVG image."),
  upload_size: pgettext("web page", "The uploaded file is too large."),
};
const FIELD_HINTS = {
  company_name: pgettext("web page", "Give the brand's name: 1 to 100 characters, no control characters."),
  industry: pgettext("web page", "Give the industry in plain words: 1 to 100 characters."),
  description: pgettext("web page", "Up to 2000 characters."),
  values: pgettext("web page", "Up to 10 comma-separated words of 1 to 40 characters each."),
  style: pgettext("web page", "Up to 10 comma-separated words of 1 to 40 characters each."),
  primary_color: pgettext("web page", "Use a hex colour like #1F6FEB or #1F6, or leave it empty."),
  audience: pgettext("web page", "Up to 500 characters."),
  language: pgettext("web page", "Use a language tag such as en, pt-BR or zh-Hant."),
  existing_logo: pgettext("web page", "Choose a PNG or SVG file of at most 5 MB, or none."),
};
const SERVER_PROBLEM = pgettext("web page", "The server had a problem");
const HTTP_REASONS = {
  400: pgettext("web page", "The request was malformed"), 403: pgettext("web page", "Forbidden: the API key is missing or wrong"),
  404: pgettext("web page", "Not found"), 409: pgettext("web page", "Conflict"), 413: pgettext("web page", "The brief is too large"),
  415: pgettext("web page", "The request was not sent as JSON"), 429: pgettext("web page", "Too many requests"),
  500: SERVER_PROBLEM, 502: SERVER_PROBLEM, 503: pgettext("web page", "The service is unavailable"),
  504: pgettext("web page", "The server took too long"),
};

const $ = (id) => document.getElementById(id);

/** Build an element; text goes in as textContent and attributes through setAttribute, so nothing is parsed as HTML. */
function el(tag, { text, cls, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Only http(s) links from the API are used: a javascript: or data: URL would run or render in our origin. */
function safeUrl(value) {
  try {
    const url = new URL(String(value), window.location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function formatBytes(bytes) {
  const n = Number(bytes);
  if (!Number.isFinite(n) || n < 0) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// --- API key (this tab only) ---------------------------------------------------------------------------

function storedApiKey() {
  try {
    return sessionStorage.getItem(API_KEY_STORAGE) || "";
  } catch {
    return ""; // storage can be disabled; the field still works for this page view
  }
}

function storeApiKey(value) {
  try {
    if (value) sessionStorage.setItem(API_KEY_STORAGE, value);
    else sessionStorage.removeItem(API_KEY_STORAGE);
  } catch {
    /* storage disabled: nothing to keep */
  }
}

// --- Sign-in: the tenant's API token (this tab only) ------------------------------------------------------
// The token says which tenant calls (docs/AUTH.md); it goes out as Authorization: Bearer on every API request.
// A local server in development mode needs none, so a page without a token keeps working there.

const API_TOKEN_STORAGE = "brandkit.apiToken";
const SIGN_IN_MESSAGE = pgettext("web page", "Sign in with your API token (HTTP 401).");

let apiToken = "";  // the signed-in token; mirrored to sessionStorage so a reload of the tab keeps it

function storedApiToken() {
  try {
    return sessionStorage.getItem(API_TOKEN_STORAGE) || "";
  } catch {
    return ""; // storage can be disabled: the token then lasts this page view
  }
}

function keepApiToken(value) {
  apiToken = value;
  try {
    if (value) sessionStorage.setItem(API_TOKEN_STORAGE, value);
    else sessionStorage.removeItem(API_TOKEN_STORAGE);
  } catch {
    /* storage disabled: nothing to keep */
  }
}

function authorizationHeader() {
  return apiToken ? { Authorization: `Bearer ${apiToken}` } : {};
}

function showSignIn() {
  const signedIn = Boolean(apiToken);
  $("sign-out").hidden = !signedIn;
  $("sign-in-submit").hidden = signedIn;
  $("api_token").disabled = signedIn;
  $("sign-in-state").textContent = signedIn
    ? pgettext("web page", "Signed in with an API token (this tab only).")
    : pgettext("web page", "Not signed in. Needed when the API asks for a token.");
}

function askToSignIn() {
  keepApiToken("");
  $("api_token").disabled = false;
  showSignIn();
  $("sign-in-state").textContent = SIGN_IN_MESSAGE;
  $("sign-in").scrollIntoView({ block: "nearest" });
  $("api_token").focus();
}

function startSignIn() {
  apiToken = storedApiToken();
  showSignIn();
  $("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const token = $("api_token").value.trim();
    if (!token) {
      $("sign-in-state").textContent = pgettext("web page", "Paste your API token first.");
      return;
    }
    keepApiToken(token);
    $("api_token").value = "";
    showSignIn();
  });
  $("sign-out").addEventListener("click", () => {
    keepApiToken("");
    $("api_token").value = "";
    showSignIn();
  });
}

// --- HTTP ----------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message, data) {
    super(message);
    this.status = status;
    this.data = data;
  }
}

function describeFailure(status, data) {
  const said = data && typeof data.message === "string" ? data.message : "";
  const reason = HTTP_REASONS[status] || (status >= 500 ? SERVER_PROBLEM : pgettext("web page", "The request failed"));
  const text = pgettext("web page", "{reason} (HTTP {status}).", { reason: said || reason, status });
  if (status !== 429 && status < 500) return text;
  return `${text} ${pgettext("web page", "Try again in a moment; a retry of the same brief reuses the same submission.")}`;
}

async function api(method, path, { body, headers = {} } = {}) {
  const all = { Accept: "application/json", "Accept-Language": ACCEPT_LANGUAGE, ...headers };
  const key = $("api_key").value.trim() || storedApiKey();
  if (key) all["X-Api-Key"] = key;
  Object.assign(all, authorizationHeader());
  if (body !== undefined) all["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(API_BASE + path, { method, headers: all, body, cache: "no-store" });
  } catch {
    throw new ApiError(0, pgettext("web page", "Could not reach the Brandkit API (network error). Check the connection and try again."), null);
  }
  const data = await response.json().catch(() => null);
  if (response.status === 401) {
    askToSignIn();
    throw new ApiError(401, SIGN_IN_MESSAGE, data);
  }
  if (!response.ok) throw new ApiError(response.status, describeFailure(response.status, data), data);
  return data;
}

/** Kit files live behind presigned S3 URLs: no API key, no cookies. */
async function fetchKitFile(file, as = "json") {
  const url = file && safeUrl(file.url);
  if (!url) throw new Error(pgettext("web page", "the kit does not list {path}", { path: file ? file.path : "?" }));
  const response = await fetch(url, { credentials: "omit", cache: "no-store" });
  if (!response.ok) throw new Error(`${file.path}: HTTP ${response.status}`);
  return as === "json" ? response.json() : response.arrayBuffer();
}

// --- status area ----------------------------------------------------------------------------------------

function setStatus(text, kind = "info", details = []) {
  const box = $("status");
  box.replaceChildren();
  box.dataset.kind = kind;
  if (!text) return;
  box.append(el("p", { text }));
  if (details.length) box.append(el("ul", {}, details.map((line) => el("li", { text: line }))));
}

// --- the brief ------------------------------------------------------------------------------------------

function words(id) {
  return $(id).value.split(/[,\n]/).map((w) => w.trim()).filter(Boolean);
}

function readBrief() {
  const text = (id) => $(id).value.trim();
  const brief = {
    company_name: text("company_name"),
    industry: text("industry"),
    values: words("values"),
    style: words("style"),
    language: $("language").value,
  };
  for (const optional of ["description", "audience", "primary_color"]) {
    if (text(optional)) brief[optional] = text(optional);
  }
  return brief;
}

function clearFieldErrors() {
  for (const field of FIELDS) {
    const box = $(`${field}-error`);
    box.replaceChildren();
    box.hidden = true;
    $(field).removeAttribute("aria-invalid");
  }
}

/** The brief field a Powertools error is about: the last element of loc that names a field (list items end in an index). */
function fieldOf(loc) {
  if (!Array.isArray(loc)) return null;
  for (let i = loc.length - 1; i >= 0; i -= 1) {
    if (typeof loc[i] === "string" && FIELDS.includes(loc[i])) return loc[i];
  }
  return null;
}

function errorMessage(entry) {
  let message = typeof entry.msg === "string" && entry.msg ? entry.msg.replace(/^Value error, /, "") : "";
  // the API's msg is a clause ("must be text"): a sentence of the reader's language, its full stop included
  message = message ? pgettext("web page", "{clause}.", { clause: `${message.charAt(0).toUpperCase()}${message.slice(1)}` })
    : TYPE_MESSAGES[entry.type] || TYPE_MESSAGES.value_error;
  const index = Array.isArray(entry.loc) ? entry.loc[entry.loc.length - 1] : null;
  return Number.isInteger(index) ? pgettext("web page", "Word {number}: {message}", { number: index + 1, message }) : message;
}

/** Put 422 errors beside their fields; returns the lines that belong to no field. */
function showFieldErrors(detail) {
  const byField = new Map();
  const elsewhere = [];
  for (const entry of Array.isArray(detail) ? detail : []) {
    const field = fieldOf(entry && entry.loc);
    if (field) {
      if (!byField.has(field)) byField.set(field, []);
      byField.get(field).push(errorMessage(entry));
    } else if (entry) {
      const where = Array.isArray(entry.loc) ? entry.loc.join(" › ") : pgettext("web page", "request");
      elsewhere.push(`${where}: ${errorMessage(entry)}`);
    }
  }
  for (const [field, messages] of byField) {
    const box = $(`${field}-error`);
    box.textContent = `${[...new Set(messages)].join(" ")} ${FIELD_HINTS[field]}`;
    box.hidden = false;
    $(field).setAttribute("aria-invalid", "true");
  }
  const first = FIELDS.find((field) => byField.has(field));
  if (first) $(first).focus();
  return { placed: byField.size, elsewhere };
}

// One Idempotency-Key per submission: a retry of the same brief (after a network error, 429 or 5xx) sends the
// same key, so the API returns the first job instead of starting a second one. A changed brief is a new submission.
let pendingSubmission = null;

function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function idempotencyKeyFor(body) {
  if (!pendingSubmission || pendingSubmission.body !== body) pendingSubmission = { body, key: newIdempotencyKey() };
  return pendingSubmission.key;
}

async function submitBrief(event) {
  event.preventDefault();
  const form = $("brief-form");
  if (form.getAttribute("aria-busy") === "true") return;
  clearFieldErrors();
  const brief = readBrief();
  form.setAttribute("aria-busy", "true");
  $("submit").disabled = true;
  try {
    const logo = await uploadChosenLogo();
    if (logo) brief.existing_logo = logo;
    const body = JSON.stringify(brief);
    const key = idempotencyKeyFor(body);
    setStatus(pgettext("web page", "Sending the brief…"));
    const accepted = await api("POST", "/brands", { body, headers: { "Idempotency-Key": key } });
    pendingSubmission = null;
    if (!accepted || !JOB_ID.test(String(accepted.job_id))) throw new ApiError(0, pgettext("web page", "The API accepted the brief but gave no job id."), accepted);
    setStatus(pgettext("web page", "Brief accepted; building the kit."));
    watch(accepted.job_id, brief.company_name);
  } catch (err) {
    if (err instanceof LogoError) {
      showLogoError(err.message);
      setStatus(pgettext("web page", "Please correct the marked fields."), "error");
    } else if (err.status === 422 && err.data && Array.isArray(err.data.detail)) {
      const { placed, elsewhere } = showFieldErrors(err.data.detail);
      setStatus(placed ? pgettext("web page", "Please correct the marked fields.") : pgettext("web page", "The request was refused."),
                "error", elsewhere);
    } else {
      setStatus(err.message, "error");
    }
  } finally {
    form.removeAttribute("aria-busy");
    $("submit").disabled = false;
  }
}

// --- logo upload (issue 16) -------------------------------------------------------------------------------
// The chosen file is checked here (type from its first bytes and its name, size), shown through an <img> from an
// object URL (an SVG in <img> runs no script and loads nothing), then sent straight to S3 with the presigned POST
// that POST /uploads hands out. The brief names the upload id. One upload per chosen file: a retry reuses it.

const LOGO_MAX_BYTES = 5 * 1024 * 1024;
const LOGO_TYPES = { png: "image/png", svg: "image/svg+xml" };
let chosenLogo = { file: null, type: null, uploadId: null, previewUrl: null };

class LogoError extends Error {}

/** "png", "svg" or null, from the file's first bytes: the PNG signature, or markup (SVG is XML text). */
async function sniffLogo(file) {
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((byte, i) => head[i] === byte)) return "png";
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, "").trimStart();
  return text.startsWith("<") && /<svg[\s>]/i.test(text) ? "svg" : null;
}

/** Why the file cannot be a logo, or null. */
async function logoProblem(file) {
  const named = (/\.([A-Za-z]+)$/.exec(file.name) || [])[1];
  const extension = named ? named.toLowerCase() : "";
  if (!(extension in LOGO_TYPES)) return pgettext("web page", "Choose a .png or .svg file.");
  if (file.size < 1) return pgettext("web page", "The file is empty.");
  if (file.size > LOGO_MAX_BYTES) return pgettext("web page", "The file is {size}; the limit is 5 MB.", { size: formatBytes(file.size) });
  const kind = await sniffLogo(file);
  if (kind !== extension) {
    return pgettext("web page", "The file is named .{extension} but is not a {type} image.",
                    { extension, type: extension.toUpperCase() });
  }
  return null;
}

function showLogoError(message) {
  const box = $("existing_logo-error");
  box.textContent = message;
  box.hidden = !message;
  if (message) $("existing_logo").setAttribute("aria-invalid", "true");
  else $("existing_logo").removeAttribute("aria-invalid");
}

function clearLogoPreview() {
  if (chosenLogo.previewUrl) URL.revokeObjectURL(chosenLogo.previewUrl);
  chosenLogo = { file: null, type: null, uploadId: null, previewUrl: null };
  $("logo-preview-img").removeAttribute("src");
  $("logo-preview-name").textContent = "";
  $("logo-preview").hidden = true;
}

async function chooseLogo() {
  const file = $("existing_logo").files[0];
  clearLogoPreview();
  showLogoError("");
  if (!file) return;
  const problem = await logoProblem(file);
  if (problem) {
    showLogoError(problem);
    return;
  }
  const extension = file.name.split(".").pop().toLowerCase();
  chosenLogo = { file, type: LOGO_TYPES[extension], uploadId: null, previewUrl: URL.createObjectURL(file) };
  $("logo-preview-img").setAttribute("src", chosenLogo.previewUrl);
  $("logo-preview-name").textContent = `${file.name} (${formatBytes(file.size)})`;
  $("logo-preview").hidden = false;
}

/** S3 answers a refused POST with XML: its Message, else the status. */
async function s3Refusal(response) {
  const text = await response.text().catch(() => "");
  const xml = new DOMParser().parseFromString(text, "application/xml");
  const message = xml.querySelector("Message");
  return message && message.textContent ? message.textContent : `HTTP ${response.status}`;
}

/** The upload id of the chosen logo, uploading it first if needed; null when no logo is chosen. */
async function uploadChosenLogo() {
  const file = $("existing_logo").files[0];
  if (!file) return null;
  if (chosenLogo.file !== file) await chooseLogo();
  if (chosenLogo.file !== file) throw new LogoError($("existing_logo-error").textContent || pgettext("web page", "Choose another file."));
  if (chosenLogo.uploadId) return chosenLogo.uploadId;
  setStatus(pgettext("web page", "Uploading the logo…"));
  const form = await api("POST", "/uploads", { body: JSON.stringify({ content_type: chosenLogo.type, bytes: file.size }) });
  const url = form && safeUrl(form.url);
  if (!url || !form.fields || !/^up_[0-9a-f]{32}$/.test(String(form.upload_id))) {
    throw new LogoError(pgettext("web page", "The API gave no usable upload form."));
  }
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, String(value));
  body.append("file", file); // S3 reads the fields first: the file must come last
  let response;
  try {
    response = await fetch(url, { method: "POST", body, credentials: "omit" });
  } catch {
    throw new LogoError(pgettext("web page", "Could not reach the storage to upload the logo (network error)."));
  }
  if (!response.ok) throw new LogoError(pgettext("web page", "The upload was refused: {reason}", { reason: await s3Refusal(response) }));
  chosenLogo.uploadId = form.upload_id;
  return chosenLogo.uploadId;
}

// --- following a job ------------------------------------------------------------------------------------

let watchToken = 0; // a newer watch() makes older polling loops stop

let shown = { jobId: null, version: null }; // the version on the page; null: the brand's current one

/** The API path of the brand, or of one of its versions. */
function brandPath(jobId, version, suffix = "") {
  const base = `/brands/${encodeURIComponent(jobId)}`;
  return (version ? `${base}/versions/${encodeURIComponent(version)}` : base) + suffix;
}

function watch(jobId, companyName, version = null) {
  const token = ++watchToken;
  shown = { jobId, version };
  for (const id of ["failure", "result"]) $(id).hidden = true;
  $("progress").hidden = false;
  $("progress-company").textContent = companyName || jobId;
  $("job-id").textContent = jobId;
  $("job-status").textContent = STATUS_LABELS.queued;
  $("stage-list").replaceChildren();
  $("progress-bar").removeAttribute("value");
  $("progress-text").textContent = "";
  history.replaceState(null, "", `#job=${encodeURIComponent(jobId)}`);
  poll(token, jobId, 0);
}

async function poll(token, jobId, failures) {
  if (token !== watchToken) return;
  let job;
  try {
    job = await api("GET", brandPath(jobId, shown.version));
  } catch (err) {
    if (token !== watchToken) return;
    if (err.status === 404 || err.status === 403 || err.status === 401 || err.status === 400) {
      setStatus(err.message, "error");
      return;
    }
    const delay = Math.min(POLL_MS * 2 ** (failures + 1), MAX_BACKOFF_MS);
    setStatus(pgettext("web page", "{problem} Checking again in {seconds} s.", { problem: err.message, seconds: Math.round(delay / 1000) }), "error");
    setTimeout(() => poll(token, jobId, failures + 1), delay);
    return;
  }
  if (token !== watchToken) return;
  if (failures) setStatus(pgettext("web page", "Back in touch with the API."));
  renderProgress(job);
  if (job.status === "succeeded") {
    showKit(token, jobId, job);
  } else if (job.status === "failed") {
    showFailure(job);
  } else {
    setTimeout(() => poll(token, jobId, 0), POLL_MS);
  }
}

function renderProgress(job) {
  $("job-status").textContent = STATUS_LABELS[job.status] || String(job.status);
  const progress = job.progress;
  const bar = $("progress-bar");
  if (!progress || !Array.isArray(progress.stages)) {
    if (job.status === "succeeded") bar.value = bar.max;
    else bar.removeAttribute("value"); // no stage detail from this API: an indeterminate bar
    $("progress-text").textContent = STATUS_LABELS[job.status] || "";
    return;
  }
  const total = Number(progress.total) || progress.stages.length || 1;
  const done = Math.min(Number(progress.done) || 0, total);
  bar.max = total;
  bar.value = done;
  $("progress-text").textContent = pgettext("web page", "{done} of {total} stages done", { done, total });
  renderStages(progress.stages, progress.current);
}

function renderStages(stages, current) {
  const list = $("stage-list");
  const existing = new Map([...list.children].map((li) => [li.dataset.stage, li]));
  const rows = stages.map((stage) => {
    const name = String(stage.name);
    let li = existing.get(name);
    if (!li) {
      li = el("li", { cls: "stage", attrs: { "data-testid": "stage", "data-stage": name } }, [
        el("span", { cls: "stage-name", text: STAGE_LABELS[name] || name }),
        el("span", { cls: "stage-status", attrs: { "data-testid": "stage-status" } }),
        el("span", { cls: "stage-seconds", attrs: { "data-testid": "stage-seconds" } }),
      ]);
    }
    const status = String(stage.status || "pending");
    li.dataset.status = status;
    li.querySelector(".stage-status").textContent = STATUS_LABELS[status] || status;
    const seconds = Number(stage.seconds);
    li.querySelector(".stage-seconds").textContent =
      stage.seconds !== null && stage.seconds !== undefined && Number.isFinite(seconds) ? `${seconds.toFixed(1)} s` : "";
    if (name === current) li.setAttribute("aria-current", "step");
    else li.removeAttribute("aria-current");
    return li;
  });
  list.replaceChildren(...rows);
}

function showFailure(job) {
  const error = (job && job.error) || {};
  const unknown = pgettext("web page", "unknown");
  $("failure-stage").textContent = STAGE_LABELS[error.stage] ? `${STAGE_LABELS[error.stage]} (${error.stage})` : error.stage || unknown;
  $("failure-error").textContent = error.error || pgettext("web page", "error");
  $("failure-cause").textContent = error.cause || pgettext("web page", "No cause was given.");
  $("failure").hidden = false;
  setStatus(pgettext("web page", "The kit failed at stage {stage}.", { stage: error.stage || unknown }), "error");
  $("failure").focus();
}

// --- the finished kit -----------------------------------------------------------------------------------

let links = { jobId: null, expiresAt: 0 }; // presigned URLs expire: links are renewed on click when stale

async function showKit(token, jobId, job) {
  const kit = job.kit;
  if (!kit || !Array.isArray(kit.files)) {
    setStatus(pgettext("web page", "The job succeeded, but the API did not list the kit's files."), "error");
    return;
  }
  const files = new Map(kit.files.filter((f) => f && typeof f.path === "string").map((f) => [f.path, f]));
  links = { jobId, version: job.version || null, expiresAt: Date.now() + ((Number(kit.expires_in) || 900) - 30) * 1000 };
  $("result").hidden = false;
  setPdfLink(files.get("guidelines.pdf"));
  renderConcepts(files);
  renderChoices(jobId, job);
  const results = await Promise.allSettled([
    renderPalette(files), renderRationale(files.get("rationale.json")), refreshZipLink(jobId, links.version),
    renderVersions(jobId, job),
  ]);
  if (token !== watchToken) return;
  const problems = results.filter((r) => r.status === "rejected").map((r) => String(r.reason && r.reason.message || r.reason));
  if (problems.length) setStatus(pgettext("web page", "The kit is ready, but some parts could not be shown."), "error", problems);
  else setStatus(pgettext("web page", "Your brand kit is ready."), "success");
  $("result-heading").focus();
}

function setPdfLink(file) {
  const link = $("download-pdf");
  const url = file && safeUrl(file.url);
  if (url) {
    link.setAttribute("href", url);
    link.removeAttribute("aria-disabled");
    link.textContent = file.bytes ? pgettext("web page", "Guidelines (PDF, {size})", { size: formatBytes(file.bytes) })
      : pgettext("web page", "Guidelines (PDF)");
  } else {
    link.removeAttribute("href");
    link.setAttribute("aria-disabled", "true");
  }
}

async function refreshZipLink(jobId, version) {
  const link = $("download-zip");
  link.removeAttribute("href");
  link.setAttribute("aria-disabled", "true");
  const zip = await api("GET", brandPath(jobId, version, "/kit"));
  const url = zip && safeUrl(zip.url);
  if (!url) throw new Error(pgettext("web page", "the API gave no link to the zip"));
  link.setAttribute("href", url);
  link.removeAttribute("aria-disabled");
  link.textContent = zip.bytes ? pgettext("web page", "Whole kit (zip, {size})", { size: formatBytes(zip.bytes) })
    : pgettext("web page", "Whole kit (zip)");
  link.dataset.expiresAt = String(Date.now() + ((Number(zip.expires_in) || 900) - 30) * 1000);
  return url;
}

/** A stale signed link is renewed first, then followed. */
async function followFresh(event, kind) {
  const link = event.currentTarget;
  const expiresAt = Number(kind === "zip" ? link.dataset.expiresAt : links.expiresAt) || 0;
  if (link.getAttribute("href") && Date.now() < expiresAt) return;
  event.preventDefault();
  if (!links.jobId) return;
  try {
    if (kind === "zip") {
      window.location.assign(await refreshZipLink(links.jobId, links.version));
    } else {
      const job = await api("GET", brandPath(links.jobId, links.version));
      const files = new Map(((job.kit && job.kit.files) || []).map((f) => [f.path, f]));
      links.expiresAt = Date.now() + ((Number(job.kit && job.kit.expires_in) || 900) - 30) * 1000;
      setPdfLink(files.get("guidelines.pdf"));
      const url = $("download-pdf").getAttribute("href");
      if (url) window.location.assign(url);
    }
  } catch (err) {
    setStatus(pgettext("web page", "Could not renew the download link: {problem}", { problem: err.message }), "error");
  }
}

function conceptName(path) {
  return path.replace(/^.*\//, "").replace(/\.svg$/i, "").replace(/[-_]+/g, " ");
}

function renderConcepts(files) {
  const shown = [];
  const primary = files.get("logo/master.svg");
  if (primary) shown.push({ file: primary, caption: pgettext("web page", "Primary logo"), primary: true });
  for (const file of [...files.values()].filter((f) => /^logo\/concepts\/[^/]+\.svg$/i.test(f.path)).sort((a, b) => a.path.localeCompare(b.path))) {
    shown.push({ file, caption: pgettext("web page", "Concept: {name}", { name: conceptName(file.path) }), primary: false });
  }
  const items = shown.map(({ file, caption, primary: isPrimary }) => {
    const url = safeUrl(file.url);
    const img = el("img", { attrs: { alt: caption, decoding: "async", "data-testid": "concept-img" } });
    const figcaption = el("figcaption", { text: caption });
    img.addEventListener("error", () => figcaption.append(el("span", { cls: "muted", text: ` ${pgettext("web page", "(could not load)")}` })));
    if (url) img.setAttribute("src", url);
    return el("li", { cls: isPrimary ? "concept primary" : "concept", attrs: { "data-testid": "concept", "data-path": file.path } }, [
      el("figure", {}, [el("div", { cls: "concept-frame" }, [img]), figcaption]),
    ]);
  });
  $("concepts").replaceChildren(...items);
  if (!items.length) $("concepts").append(el("li", { cls: "muted", text: pgettext("web page", "The kit has no logo files.") }));
}

// --- choosing and revising (issue 15) --------------------------------------------------------------------

const CHOICE_TEXT = {
  use: pgettext("web page", "Use this"), more: pgettext("web page", "More like this"), inUse: pgettext("web page", "In this version"),
};

function choiceButton(label, changes, name, testid) {
  const button = el("button", { text: label, attrs: { type: "button", "data-testid": testid, "aria-label": `${label}: ${name}` } });
  button.addEventListener("click", () => revise(changes));
  return button;
}

function inUse() {
  return el("span", { cls: "muted", text: CHOICE_TEXT.inUse, attrs: { "data-testid": "in-use" } });
}

/** "Use this" and "More like this" on each concept, and the palette and font options with "Use this". */
function renderChoices(jobId, job) {
  const concepts = Array.isArray(job.concepts) ? job.concepts : [];
  for (const li of $("concepts").children) {
    const path = li.dataset.path || "";
    const concept = path === "logo/master.svg" ? concepts.find((c) => c.chosen)
      : concepts.find((c) => `logo/concepts/${c.id}.svg` === path);
    if (!concept) continue;
    const name = String(concept.label || concept.id);
    li.dataset.concept = String(concept.id);
    li.append(el("p", { cls: "choice-actions" }, [
      concept.chosen ? inUse() : choiceButton(CHOICE_TEXT.use, { concept: concept.id }, name, "use-concept"),
      choiceButton(CHOICE_TEXT.more, { more: concept.id }, name, "more-concept"),
    ]));
  }
  $("more-different").hidden = !concepts.length;
  const palettes = (Array.isArray(job.palette_options) ? job.palette_options : []).map((o) => {
    const chips = Object.values(o.colors || {}).map((hex) => swatch({ hex, role: "" }).querySelector(".chip"));
    return el("li", { cls: "option", attrs: { "data-testid": "palette-option", "data-option": String(o.id) } }, [
      el("span", { cls: "chips" }, chips), el("span", { text: `${o.id}: ${o.reason || ""}` }),
      o.chosen ? inUse() : choiceButton(CHOICE_TEXT.use, { palette: o.id }, String(o.id), "use-palette"),
    ]);
  });
  $("palette-options").replaceChildren(...palettes);
  const fonts = (Array.isArray(job.font_options) ? job.font_options : []).map((o) =>
    el("li", { cls: "option", attrs: { "data-testid": "font-option", "data-option": String(o.id) } }, [
      el("span", { text: `${o.heading} / ${o.body}: ${o.reason || ""}` }),
      o.chosen ? inUse() : choiceButton(CHOICE_TEXT.use, { fonts: o.id }, `${o.heading} / ${o.body}`, "use-fonts"),
    ]));
  $("font-options").replaceChildren(...fonts);
}

/** The brand's versions, each a switch to show that version (its kit and downloads). */
async function renderVersions(jobId, job) {
  const brand = Array.isArray(job.versions) ? job : await api("GET", brandPath(jobId, null));
  const showing = Number(job.version) || Number(brand.current_version) || 1;
  const items = (brand.versions || []).map((v) => {
    const changes = Object.entries(v.changes || {}).map(([k, val]) => `${k}: ${val}`).join(", ");
    const version = pgettext("web page", "Version {number}", { number: v.number });
    const label = `${version}${changes ? ` (${changes})` : ""}: ${STATUS_LABELS[v.status] || v.status}`;
    const button = el("button", { text: label, attrs: { type: "button", "data-testid": "version", "data-version": String(v.number),
                                                         "aria-pressed": String(v.number === showing) } });
    button.addEventListener("click", () => watch(jobId, $("progress-company").textContent, v.number));
    return el("li", {}, [button]);
  });
  $("versions").replaceChildren(...items);
}

async function revise(changes) {
  const jobId = shown.jobId;
  if (!jobId) return;
  setStatus(pgettext("web page", "Starting a new version…"));
  try {
    const accepted = await api("POST", `/brands/${encodeURIComponent(jobId)}/revisions`, {
      body: JSON.stringify(changes), headers: { "Content-Type": "application/json", "Idempotency-Key": newIdempotencyKey() },
    });
    watch(jobId, $("progress-company").textContent, accepted.version);
  } catch (err) {
    setStatus(err.message, "error");
  }
}

function swatch(color) {
  const hex = String(color.hex || "");
  const chip = el("span", { cls: "chip", attrs: { "aria-hidden": "true" } });
  if (HEX.test(hex)) chip.style.backgroundColor = hex; // CSSOM, not a style attribute: allowed by the page's CSP
  return el("li", { cls: "swatch", attrs: { "data-testid": "swatch", "data-role": String(color.role || "") } }, [
    chip,
    el("span", { cls: "swatch-meta" }, [
      el("strong", { cls: "swatch-role", text: color.role || "" }),
      el("span", { cls: "swatch-name", text: color.name || "" }),
      el("code", { cls: "swatch-hex", text: hex, attrs: { "data-testid": "swatch-hex" } }),
    ]),
  ]);
}

function textPairRow(pair) {
  const ratio = Number(pair.ratio);
  const required = Number(pair.required) || (pair.large_text ? 3 : 4.5);
  const passes = typeof pair.passes === "boolean" ? pair.passes : ratio >= required;
  const sample = el("span", { cls: "pair-sample", text: "Aa", attrs: { "aria-hidden": "true" } });
  if (HEX.test(pair.foreground_hex)) sample.style.color = pair.foreground_hex;
  if (HEX.test(pair.background_hex)) sample.style.backgroundColor = pair.background_hex;
  const mark = el("span", {
    cls: passes ? "mark pass" : "mark fail",
    text: passes ? pgettext("web page", "✓ Pass") : pgettext("web page", "✗ Fail"),
    attrs: { "data-testid": "contrast-mark", "data-pass": String(passes) },
  });
  return el("tr", { attrs: { "data-testid": "text-pair" } }, [
    el("td", {}, [sample]),
    el("td", { text: pgettext("web page", "{foreground} on {background}", { foreground: pair.foreground, background: pair.background }) }),
    el("td", { cls: "ratio", text: Number.isFinite(ratio) ? `${ratio.toFixed(2)}:1` : "?", attrs: { "data-testid": "contrast-ratio" } }),
    el("td", {}, [mark, el("span", { cls: "muted small", text: pair.large_text
      ? pgettext("web page", "needs {ratio}:1 (large text)", { ratio: required }) : pgettext("web page", "needs {ratio}:1", { ratio: required }) })]),
    el("td", { text: pair.usage || "" }),
  ]);
}

async function renderPalette(files) {
  const palette = await fetchKitFile(files.get("palette/palette.json"));
  $("swatches").replaceChildren(...(palette.colors || []).map(swatch));
  $("text-pairs").tBodies[0].replaceChildren(...(palette.text_pairs || []).map(textPairRow));
  await renderFonts(palette.fonts || [], files);
}

/** A font's own file from the kit, loaded from bytes under a name we chose (no CSS text built from kit data). */
async function loadFontFace(family, index, files) {
  const folder = `fonts/${String(family).replace(/\s+/g, "-")}/`;
  const candidates = [...files.values()].filter((f) => f.path.startsWith(folder) && /\.(ttf|otf|woff2?)$/i.test(f.path));
  const file = candidates.find((f) => /regular/i.test(f.path)) || candidates[0];
  if (!file || typeof FontFace === "undefined") return null;
  const face = new FontFace(`brandkit-font-${index}`, await fetchKitFile(file, "bytes"));
  document.fonts.add(await face.load());
  return face.family;
}

async function renderFonts(fonts, files) {
  const company = $("progress-company").textContent;
  const items = fonts.map((font, index) => {
    const sample = el("p", { cls: "font-sample", text: `${company} — The quick brown fox jumps over the lazy dog` });
    loadFontFace(font.family, index, files)
      .then((name) => { if (name) sample.style.fontFamily = `"${name}", system-ui, sans-serif`; })
      .catch(() => sample.classList.add("font-missing")); // the sample stays in the default face
    const facts = [font.role, font.classification, font.licence].filter(Boolean).join(" · ");
    return el("li", { cls: "font", attrs: { "data-testid": "font", "data-role": String(font.role || "") } }, [
      el("strong", { cls: "font-family", text: font.family || "" }),
      el("span", { cls: "muted", text: facts }),
      sample,
    ]);
  });
  $("fonts").replaceChildren(...items);
}

async function renderRationale(file) {
  const rationale = await fetchKitFile(file);
  const section = $("rationale");
  const language = String(rationale.language || "");
  if (LANGUAGE_TAG.test(language)) {
    section.setAttribute("lang", language);
    section.setAttribute("dir", RTL_LANGUAGES.has(language.split("-")[0].toLowerCase()) ? "rtl" : "ltr");
  }
  for (const part of ["summary", "logo", "typography", "voice"]) {
    $(`rationale-${part}`).textContent = typeof rationale[part] === "string" ? rationale[part] : "";
  }
  const examples = Array.isArray(rationale.voice_examples) ? rationale.voice_examples : [];
  $("rationale-voice-examples").replaceChildren(...examples.map((line) => el("li", { text: line })));
}

// --- start ----------------------------------------------------------------------------------------------

function start() {
  translatePage();
  $("api-docs").setAttribute("href", `${API_BASE}/openapi.json`);
  startSignIn();
  const apiKey = $("api_key");
  apiKey.value = storedApiKey();
  apiKey.addEventListener("input", () => storeApiKey(apiKey.value.trim()));

  const colour = $("primary_color");
  const picker = $("primary_color_picker");
  picker.addEventListener("input", () => { colour.value = picker.value.toUpperCase(); });
  colour.addEventListener("input", () => {
    if (HEX.test(colour.value.trim())) picker.value = colour.value.trim().toLowerCase();
  });

  $("brief-form").addEventListener("submit", submitBrief);
  $("existing_logo").addEventListener("change", chooseLogo);
  $("submit").disabled = false; // disabled in the HTML until now: a brief sent before this would leave the page
  $("download-zip").addEventListener("click", (event) => followFresh(event, "zip"));
  $("download-pdf").addEventListener("click", (event) => followFresh(event, "pdf"));
  $("more-different").addEventListener("click", () => revise({ more: "different" }));

  // A page reload keeps following the job named in the address (#job=<id>).
  const resumed = /^#job=([A-Za-z0-9_-]{1,80})$/.exec(window.location.hash);
  if (resumed) watch(resumed[1], "");
}

start();
