// The demo storefront: what a shop's page does with Aisle, in plain browser JavaScript.
// Anonymous: pick a segment from the CDN's segments/index.json using only the visitor's own
// context, then show segments/<id>.json. Signed in: GET /recommendations and /similar from the api.
const CDN = "/cdn/v1/";
const API = "/api/";
const $ = (id) => document.getElementById(id);

// Same rule as dev.aisle.segment.SegmentIndex: first rule whose every entry matches, else the fallback.
export function pickSegment(index, context) {
  const norm = (v) => (v == null ? "" : String(v).trim().toLowerCase());
  const rule = index.rules.find((r) => Object.entries(r.match).every(([k, v]) => norm(context[k]) === v));
  return rule ? rule.segment : index.fallback;
}

// Same file names as dev.aisle.precompute.CdnPaths: plain ids as they are, others as ~base64url(UTF-8).
export function fileName(id) {
  if (/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/.test(id)) return id;
  const bytes = new TextEncoder().encode(id);
  return "~" + btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

// The api returns ids and scores; the CDN's similar/<id>.json carries each item's title and price.
const details = new Map();
function itemDetails(itemId) {
  if (!details.has(itemId)) {
    details.set(itemId, getJson(`${CDN}similar/${fileName(itemId)}.json`).catch(() => ({ itemId })));
  }
  return details.get(itemId);
}

async function withDetails(items) {
  return Promise.all(items.map(async (item) =>
    (item.title ? item : { ...pick(await itemDetails(item.itemId), ["title", "category", "price"]), ...item })));
}

function pick(object, keys) {
  return Object.fromEntries(keys.filter((k) => object[k] != null).map((k) => [k, object[k]]));
}

function render(list, items) {
  list.replaceChildren(...items.map((item) => {
    const li = document.createElement("li");
    li.className = "product";
    li.dataset.itemId = item.itemId;
    const title = document.createElement("strong");
    title.textContent = item.title ?? item.itemId;
    const meta = document.createElement("span");
    meta.textContent = [item.category, item.price != null ? `${Number(item.price).toFixed(2)} €` : null]
      .filter(Boolean).join(" · ");
    li.append(title, meta);
    return li;
  }));
}

function visitorContext() {
  return { country: $("country").value, device: $("device").value, channel: $("channel").value };
}

function guessContext() {
  const region = (navigator.language.split("-")[1] ?? "").toLowerCase();
  const utm = new URLSearchParams(location.search);
  $("country").value = utm.get("country") ?? region;
  $("device").value = utm.get("device") ?? (matchMedia("(max-width: 700px)").matches ? "mobile" : "desktop");
  $("channel").value = utm.get("utm_source") ?? "direct";
}

async function showAnonymous() {
  let segment = "popular";
  let items;
  try {
    const index = await getJson(`${CDN}segments/index.json`);
    segment = pickSegment(index, visitorContext());
    // Each run's lists sit under a prefix of their own that the index names (kept for hours after
    // the index moves on), so a cached index always finds its own lists; older indexes have none.
    const lists = index.lists ?? "segments/";
    items = (await getJson(`${CDN}${lists}${fileName(segment)}.json`)).items;
  } catch (e) {
    // No segments published yet: popular is the fallback.
    items = (await getJson(`${CDN}popular.json`)).items;
    segment = "popular";
  }
  $("segment-label").textContent = `(segment ${segment})`;
  render($("anonymous-items"), items);
}

async function showPopular() {
  render($("popular-items"), (await getJson(`${CDN}popular.json`)).items);
}

async function signIn(userId) {
  const recs = await getJson(`${API}recommendations?userId=${encodeURIComponent(userId)}&k=8`);
  $("shopper-name").textContent = userId;
  $("personal-source").textContent = `(${recs.source}, model ${recs.modelVersion})`;
  render($("personal-items"), await withDetails(recs.items));
  $("personal").hidden = false;
  if (recs.items.length > 0) {
    await showSimilar(recs.items[0].itemId);
  }
}

async function showSimilar(itemId) {
  const item = await itemDetails(itemId);
  $("similar-to").textContent = item.title ?? itemId;
  let items;
  try {
    items = (await getJson(`${API}similar?itemId=${encodeURIComponent(itemId)}&k=6`)).items;
  } catch (e) {
    items = item.items ?? []; // the precomputed list when the api cannot answer
  }
  render($("similar-items"), await withDetails(items));
}

function report(error) {
  $("status").textContent = error.message;
  console.error(error);
}

$("context").addEventListener("submit", (event) => {
  event.preventDefault();
  showAnonymous().catch(report);
});
$("shopper-form").addEventListener("submit", (event) => {
  event.preventDefault();
  $("status").textContent = "";
  signIn($("shopper-id").value.trim()).catch(report);
});
$("personal-items").addEventListener("click", (event) => {
  const product = event.target.closest(".product");
  if (product) showSimilar(product.dataset.itemId).catch(report);
});

guessContext();
Promise.all([showAnonymous(), showPopular()]).catch(report);
