// The console's page: plain JavaScript over the JSON API, no build step.
// Countdowns run against the server's clock: each answer carries "now", and
// the page keeps the offset between it and the browser's clock.
"use strict";

const state = { role: "merchant", actor: "", parties: [], caseId: "", offset: 0, deadline: null, timer: null };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

async function api(method, path, body) {
  const opts = { method, headers: { "X-Role": state.role, "X-Actor": state.actor, "Accept-Language": "zh-CN" } };
  if (body !== undefined) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
  const resp = await fetch(path, opts);
  const data = await resp.json();
  if (data.now) state.offset = Date.parse(data.now) - Date.now();
  return { ok: resp.ok, status: resp.status, data };
}

function serverNow() { return Date.now() + state.offset; }

function fmt(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
}

const roles = { buyer: "买家", merchant: "商家", platform: "平台", system: "系统" };

function yuan(m) { return m ? "¥" + (m.amount / 100).toFixed(2) : ""; }

function left(ms) {
  const s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
    m = Math.floor(s % 3600 / 60), sec = s % 60, pad = n => String(n).padStart(2, "0");
  return (d > 0 ? d + " 天 " : "") + pad(h) + ":" + pad(m) + ":" + pad(sec);
}

function tick() {
  document.getElementById("clock").textContent = "服务器时间 " + fmt(new Date(serverNow()).toISOString());
  const cd = document.getElementById("countdown");
  if (!cd || !state.deadline) return;
  const ms = state.deadline - serverNow();
  cd.className = ms >= 0 ? "countdown" : "countdown late";
  cd.textContent = ms >= 0 ? "剩余 " + left(ms) : "已超过截止时间";
}

// The body each action posts; the API refuses any other field.
function bodyFor(action) {
  switch (action) {
    case "approve": case "approve_refund": case "decide_for_buyer": case "decide_for_merchant": case "decide_refund":
      return { reason: "同意" };
    case "cancel": return { reason: "不需要了" };
    case "reject": {
      const reason = prompt("拒绝理由", "商品无质量问题");
      if (reason === null) return null;
      return { reason, conversation: prompt("沟通记录编号", "chat-1") || "", evidence: [prompt("凭证编号", "photo-1") || ""] };
    }
    case "escalate": case "resubmit": return { reason: prompt("说明", "") || "", evidence: ["photo-1"] };
    case "ship_back": case "ship_replacement": {
      const waybill = prompt("运单号", "SF");
      return waybill === null ? null : { waybill };
    }
    case "rate": return { stars: 5, note: "" };
  }
  return {};
}

function renderCase(c, error) {
  const box = document.getElementById("case-body");
  box.className = "";
  state.deadline = c && c.next_deadline ? Date.parse(c.next_deadline.at) : null;
  box.replaceChildren();
  if (!c) return;
  box.append(
    el("div", {}, c.kind_label + " · 订单 " + c.order_id.slice(0, 8) + " · 买家 " + c.buyer_id),
    el("div", {}, "状态：", el("span", { id: "case-state", class: "state", "data-state": c.state }, c.state_label)),
  );
  if (c.next_deadline) {
    box.append(el("div", { class: "muted" }, "截止 " + fmt(c.next_deadline.at) + "，逾期系统将自动" + c.next_deadline.action_label + "（→ " + c.next_deadline.to_label + "）"),
      el("div", { id: "countdown", class: "countdown" }));
  }
  box.append(el("div", { id: "case-message", class: error ? "message error" : "message" }, error || c.message));
  const actions = el("div", { id: "actions" });
  for (const a of c.actions) {
    actions.append(el("button", { class: "action", "data-action": a.action, onclick: () => act(a.action) }, a.label));
  }
  if (c.actions.length === 0) actions.append(el("span", { class: "muted" }, "当前身份无可执行的操作"));
  box.append(actions);
  if (c.trail) {
    const rows = c.trail.map(e => el("tr", {}, el("td", {}, fmt(e.at)), el("td", {}, roles[e.role] || e.role), el("td", {}, e.action_label), el("td", {}, e.reason || "")));
    box.append(el("h2", {}, "操作记录"), el("table", {}, el("tbody", {}, ...rows)));
  }
  tick();
}

async function openCase(id) {
  state.caseId = id;
  const r = await api("GET", "/api/cases/" + id);
  if (!r.ok) { renderCase(null); document.getElementById("case-body").append(el("div", { id: "case-message", class: "message error" }, r.data.message)); return; }
  renderCase(r.data);
}

async function act(action) {
  const body = bodyFor(action);
  if (body === null) return;
  const r = await api("POST", "/api/cases/" + state.caseId + "/actions/" + action, body);
  if (!r.ok) {
    const again = await api("GET", "/api/cases/" + state.caseId);
    renderCase(again.ok ? again.data : null, r.data.message);
    return;
  }
  renderCase(r.data);
  loadLists();
}

function fill(id, rows) {
  document.getElementById(id).replaceChildren(...rows);
}

async function loadLists() {
  const cases = await api("GET", "/api/cases");
  fill("cases", cases.ok ? cases.data.items.map(c => el("tr", { class: "pick", "data-case": c.id, onclick: () => openCase(c.id) },
    el("td", {}, c.kind_label), el("td", {}, c.state_label), el("td", {}, fmt(c.opened_at)), el("td", {}, fmt(c.deadline)))) :
    [el("tr", {}, el("td", { colspan: "4", class: "muted" }, cases.data.message))]);
  if (state.role === "buyer") {
    for (const id of ["orders", "waiting", "statements"]) fill(id, [el("tr", {}, el("td", { colspan: "5", class: "muted" }, "仅商家和平台可见"))]);
    return;
  }
  const orders = await api("GET", "/api/orders");
  fill("orders", orders.ok ? orders.data.items.map(o => el("tr", {}, el("td", {}, o.number), el("td", {}, o.state_label), el("td", {}, o.total_text))) : []);
  const waiting = await api("GET", "/api/conversations/waiting");
  fill("waiting", waiting.ok ? waiting.data.items.map(c => el("tr", {}, el("td", {}, c.customer_id), el("td", {}, c.first_message), el("td", {}, fmt(c.enqueued_at)))) : []);
  const sts = await api("GET", "/api/statements");
  fill("statements", sts.ok ? sts.data.items.map(s => el("tr", {}, el("td", {}, fmt(s.period.start).split(" ")[0] + " 起"),
    el("td", {}, yuan(s.paid)), el("td", {}, yuan(s.commission)), el("td", {}, yuan(s.net)), el("td", {}, fmt(s.payout_due)))) : []);
}

function pickRole(role) {
  const p = state.parties.find(x => x.role === role) || state.parties[0];
  state.role = p.role; state.actor = p.actor;
  document.getElementById("role").value = p.role;
}

async function start() {
  const params = new URLSearchParams(location.search);
  const day = await (await fetch("/api/day")).json();
  state.parties = day.parties;
  state.offset = Date.parse(day.now) - Date.now();
  const select = document.getElementById("role");
  for (const p of day.parties) select.append(el("option", { value: p.role }, p.label));
  pickRole(params.get("role") || "merchant");
  select.addEventListener("change", () => { pickRole(select.value); loadLists(); if (state.caseId) openCase(state.caseId); });
  await loadLists();
  if (params.get("case")) await openCase(params.get("case"));
  state.timer = setInterval(tick, 1000);
  document.body.setAttribute("data-ready", "1");
}

start();
