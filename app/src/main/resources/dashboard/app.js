// bouncewatch dashboard — vanilla ES2020 module, no build step, no dependencies.
//
// SECURITY: every string that comes from the API (mailbox addresses, domains, reasons,
// error messages, command ids...) is inserted with textContent / text nodes / setAttribute.
// Nothing in this file assigns innerHTML.

import { lineChart } from './charts.js';

/* ------------------------------------------------------------------ constants */

const PERIODIC_REFRESH_MS = 5000;   // full refresh of the lists
const MIN_REFRESH_GAP_MS = 2000;    // change events trigger at most one full refresh per 2 s
const RETRY_REFRESH_MS = 2500;      // after an error (503 while rebalancing...)
const HIDDEN_REFRESH_MS = 20000;    // when the tab is in the background
const POLL_CHANGES_MS = 5000;       // fallback when the event stream is down
const STREAM_RETRY_MS = 10000;      // re-open a closed EventSource
const FEED_MAX = 200;
const MAILBOX_LIMIT = 10000;

const OPERATOR_KEY = 'bouncewatch.operator';
const TOKEN_KEY = 'bouncewatch.token';

const DEFAULT_RULES = {
  domainWarningRatio: 0.3, domainPauseRatio: 0.5, pauseBounces: 5, warningBounces: 3,
  minSends: 60, pauseBounceRate: 0.03, warningBounceRate: 0.02, windowMaxSends: 100, probationSends: 60,
};

const SEVERITY = { PAUSED: 2, WARNING: 1, HEALTHY: 0 };
const STATUSES = ['HEALTHY', 'WARNING', 'PAUSED'];
// A route (a mailbox towards one mailbox provider) is OK, slowed down or blocked by that provider.
const ROUTE_STATUSES = ['OK', 'SLOW_DOWN', 'BLOCKED'];
const PROVIDER_LABELS = { google: 'Gmail', microsoft: 'Microsoft', yahoo: 'Yahoo', apple: 'Apple', other: 'Other' };
const providerLabel = (p) => PROVIDER_LABELS[p] || String(p || 'other');

const REASON_LABELS = {
  BOUNCE_RATE: 'Bounce rate',
  BOUNCE_COUNT: 'Bounce count',
  EARLY_WARNING: 'Early warning',
  COMPLAINTS: 'Complaints',
  COOLDOWN_EXPIRED: 'Cooldown expired',
  RECOVERED: 'Recovered',
  OPERATOR: 'Operator',
  UNHEALTHY_RATIO: 'Unhealthy ratio',
  CONFIG_FAILURE: 'Config failures',
  RATE_LIMITED: 'Rate limited',
  BLOCKED: 'Blocked by provider',
  EXPIRED: 'Route time up',
};

// Sort keys: default direction on first click, and whether they compare text.
const SORTS = {
  mailbox: { dir: 'asc' },
  domain: { dir: 'asc' },
  status: { dir: 'desc' },
  window: { dir: 'desc' },
  rate: { dir: 'desc' },
  sends: { dir: 'desc' },
  bounces: { dir: 'desc' },
  complaints: { dir: 'desc' },
  risk: { dir: 'desc' },
  cooldown: { dir: 'asc' },
  reason: { dir: 'asc' },
  blocked: { dir: 'desc' },
  last: { dir: 'desc' },
};

/* ------------------------------------------------------------------ state */

const state = {
  rules: { ...DEFAULT_RULES },
  rulesLoaded: false,
  mailboxes: [],            // normalised MailboxHealth records
  domains: [],              // normalised DomainHealth records
  mailboxesText: null,      // raw text of the last list, to skip identical re-renders
  domainsText: null,
  loadedMailboxes: false,
  loadedDomains: false,
  lastStatus: new Map(),    // mailbox -> status of the previous refresh
  changedAt: new Map(),     // mailbox -> time its status changed (row flash)
  lastUpdate: null,         // Date of the last successful list refresh
  suppression: null,        // the Suppression last looked up, for the removal dialog
  sort: { key: 'status', dir: 'desc' },
  filter: { q: '', status: '', domain: '' },
};

/* ------------------------------------------------------------------ DOM helpers */

const $ = (id) => document.getElementById(id);

/** Creates an element. Strings and numbers among children become text nodes. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const key of Object.keys(props)) {
      const v = props[key];
      if (v == null || v === false) continue;
      if (key === 'class') el.className = v;
      else if (key === 'text') el.textContent = String(v);
      else if (key === 'dataset') Object.assign(el.dataset, v);
      else if (key === 'style') Object.assign(el.style, v);   // CSSOM, not a style attribute string
      else el.setAttribute(key, v === true ? '' : String(v));
    }
  }
  for (const c of children) {
    if (c == null || c === false) continue;
    el.append(typeof c === 'object' ? c : String(c));
  }
  return el;
}

function setText(el, text) {
  const s = String(text);
  if (el.textContent !== s) el.textContent = s;
}

/* ------------------------------------------------------------------ formatting */

const nf2 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const nf0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const num = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : (Number.isFinite(Number(x)) && x !== null && x !== '' ? Number(x) : 0));
const fmt2 = (x) => nf2.format(num(x));
const fmtInt = (x) => nf0.format(num(x));
const fmtPct = (ratio, nf = nf2) => `${nf.format(num(ratio) * 100)}%`;
const pad2 = (n) => String(n).padStart(2, '0');

function parseTime(s) {
  if (s == null || s === '') return NaN;
  if (typeof s === 'number') return Number.isFinite(s) ? s : NaN;   // epoch millis, just in case
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : (/^\d{10,}$/.test(s) ? Number(s) : NaN);
}

function clockTime(ms) {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

function fullTime(ms) {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${clockTime(ms)} (local) · ${d.toISOString()}`;
}

function relTime(ms, now = Date.now()) {
  if (!Number.isFinite(ms)) return '—';
  const s = Math.round((now - ms) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ago`;
  const hh = Math.floor(m / 60);
  if (hh < 48) return `${hh}h ago`;
  return `${Math.floor(hh / 24)}d ago`;
}

function durationClock(ms) {
  let s = Math.max(0, Math.ceil(ms / 1000));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hh = Math.floor(s / 3600); s -= hh * 3600;
  const mm = Math.floor(s / 60); s -= mm * 60;
  const clock = `${pad2(hh)}:${pad2(mm)}:${pad2(s)}`;
  return d > 0 ? `${d}d ${clock}` : clock;
}

const reasonLabel = (r) => (r ? REASON_LABELS[r] || String(r) : '—');

function badge(status, small = false) {
  const s = STATUSES.includes(status) || ROUTE_STATUSES.includes(status) ? status : String(status || 'UNKNOWN');
  return h('span', { class: small ? 'badge badge-sm' : 'badge', 'data-tone': s }, s);
}

function riskLevel(score) {
  if (score >= 70) return 'high';
  if (score >= 40) return 'mid';
  return 'low';
}

function riskBar(score, label) {
  const v = Math.max(0, Math.min(100, num(score)));
  return h('span', { class: 'risk', role: 'img', 'aria-label': `${label} ${fmt2(v)} of 100` },
    h('span', { class: 'risk-track', 'aria-hidden': 'true' },
      h('span', { class: 'risk-fill', 'data-level': riskLevel(v), style: { width: `${v}%` } })),
    h('span', { class: 'risk-val', 'aria-hidden': 'true' }, nf0.format(v)));
}

/* ------------------------------------------------------------------ API */

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), options.timeout || 15000);
  let res;
  try {
    res = await fetch(path, { method: options.method || 'GET', headers, body: options.body, signal: ctrl.signal, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, e && e.name === 'AbortError' ? 'the request timed out' : 'cannot reach the server');
  } finally {
    clearTimeout(timer);
  }
  const text = await res.text().catch(() => '');
  let body = null;
  if (text) {
    try { body = JSON.parse(text); } catch { body = null; }
  }
  if (!res.ok) {
    const msg = body && typeof body.error === 'string' && body.error
      ? body.error
      : (text && !text.trimStart().startsWith('<') ? text.trim().slice(0, 200) : (res.statusText || 'request failed'));
    throw new ApiError(res.status, msg);
  }
  return { body, text, status: res.status };
}

/* ------------------------------------------------------------------ normalisation */

function normMailbox(m) {
  const mailbox = String(m.mailbox ?? '');
  const at = mailbox.lastIndexOf('@');
  const domain = m.domain != null ? String(m.domain) : (at >= 0 ? mailbox.slice(at + 1).toLowerCase() : '');
  const status = String(m.status || 'HEALTHY');
  const rec = {
    mailbox,
    domain,
    status,
    reason: m.reason == null ? null : String(m.reason),
    windowSends: num(m.windowSends),
    windowBounces: num(m.windowBounces),
    windowComplaints: num(m.windowComplaints),
    bounceRate: num(m.bounceRate),
    totalSends: num(m.totalSends),
    totalBounces: num(m.totalBounces),
    totalComplaints: num(m.totalComplaints),
    riskScore: num(m.riskScore),
    cooldownUntil: m.cooldownUntil == null ? null : String(m.cooldownUntil),
    sendingAllowed: m.sendingAllowed !== false,
    blockedBy: m.blockedBy == null ? null : String(m.blockedBy),
    probationSendsRemaining: num(m.probationSendsRemaining),
    lastEventAt: m.lastEventAt == null ? null : String(m.lastEventAt),
    routes: Array.isArray(m.routes) ? m.routes.filter((x) => x && x.status && x.status !== 'OK').map((x) => ({
      provider: String(x.provider || 'other'),
      status: String(x.status),
      reason: x.reason == null ? null : String(x.reason),
      until: x.until == null ? null : String(x.until),
    })) : [],
  };
  rec._sev = SEVERITY[status] ?? -1;
  rec._lc = mailbox.toLowerCase();
  rec._cool = parseTime(rec.cooldownUntil);
  rec._last = parseTime(rec.lastEventAt);
  return rec;
}

function normDomain(d) {
  const status = String(d.status || 'HEALTHY');
  const total = num(d.totalMailboxes);
  const unhealthy = num(d.unhealthyMailboxes);
  return {
    domain: String(d.domain ?? ''),
    status,
    reason: d.reason == null ? null : String(d.reason),
    totalMailboxes: total,
    unhealthyMailboxes: unhealthy,
    unhealthyRatio: d.unhealthyRatio != null ? num(d.unhealthyRatio) : (total > 0 ? unhealthy / total : 0),
    averageRiskScore: num(d.averageRiskScore),
    operatorPaused: d.operatorPaused === true,
    configFailures: num(d.configFailures),
    _sev: SEVERITY[status] ?? -1,
  };
}

/* ------------------------------------------------------------------ refresh scheduling */

let refreshTimer = null;
let refreshDue = 0;
let refreshing = false;
let refreshQueued = false;
let lastRefreshStart = 0;

/** Asks for a full refresh in `delay` ms, never sooner than MIN_REFRESH_GAP_MS after the last one. */
function scheduleRefresh(delay) {
  const now = Date.now();
  const due = Math.max(now + delay, lastRefreshStart + MIN_REFRESH_GAP_MS);
  if (refreshing) {
    if (delay <= MIN_REFRESH_GAP_MS) refreshQueued = true;
    return;
  }
  if (refreshTimer && refreshDue <= due) return;
  clearTimeout(refreshTimer);
  refreshDue = due;
  refreshTimer = setTimeout(runRefresh, due - now);
}

async function runRefresh() {
  refreshTimer = null;
  if (refreshing) { refreshQueued = true; return; }
  refreshing = true;
  lastRefreshStart = Date.now();
  let ok = false;
  try {
    ok = await refreshAll();
  } catch (e) {
    console.error('refresh failed', e);
  } finally {
    refreshing = false;
  }
  if (refreshQueued) {
    refreshQueued = false;
    scheduleRefresh(0);
  }
  scheduleRefresh(!ok ? RETRY_REFRESH_MS : (document.hidden ? HIDDEN_REFRESH_MS : PERIODIC_REFRESH_MS));
}

async function refreshAll() {
  if (Date.now() - supSummaryAt >= SUP_SUMMARY_MS) refreshSuppressionSummary();
  const jobs = [
    api(`/api/mailboxes?limit=${MAILBOX_LIMIT}`),
    api('/api/domains'),
    state.rulesLoaded ? null : api('/api/rules'),
  ];
  const [mb, dom, rules] = await Promise.allSettled(jobs.map((j) => j || Promise.resolve(null)));
  const errors = [];
  let changed = false;

  if (rules.status === 'fulfilled' && rules.value && rules.value.body && typeof rules.value.body === 'object') {
    state.rules = { ...DEFAULT_RULES, ...pickNumbers(rules.value.body) };
    state.rulesLoaded = true;
    rulesVersion++;
    changed = true;
  }

  if (dom.status === 'fulfilled') {
    const { body, text } = dom.value;
    if (!Array.isArray(body)) errors.push(new ApiError(-1, 'domains: unexpected answer'));
    else if (text !== state.domainsText || !state.loadedDomains) {
      state.domainsText = text;
      state.domains = body.filter((d) => d && typeof d === 'object').map(normDomain);
      state.loadedDomains = true;
      changed = true;
    }
  } else errors.push(withWhat(dom.reason, 'domains'));

  if (mb.status === 'fulfilled') {
    const { body, text } = mb.value;
    if (!Array.isArray(body)) errors.push(new ApiError(-1, 'mailboxes: unexpected answer'));
    else if (text !== state.mailboxesText || !state.loadedMailboxes) {
      state.mailboxesText = text;
      setMailboxes(body.filter((m) => m && typeof m === 'object').map(normMailbox));
      state.loadedMailboxes = true;
      changed = true;
    }
  } else errors.push(withWhat(mb.reason, 'mailboxes'));

  if (mb.status === 'fulfilled' && dom.status === 'fulfilled') state.lastUpdate = new Date();

  if (changed) renderAll();
  else tickTimes();
  showListErrors(errors);
  return errors.length === 0;
}

function withWhat(err, what) {
  const e = err instanceof ApiError ? err : new ApiError(0, String((err && err.message) || err));
  e.what = what;
  return e;
}

function pickNumbers(obj) {
  const out = {};
  for (const k of Object.keys(DEFAULT_RULES)) {
    if (typeof obj[k] === 'number' && Number.isFinite(obj[k])) out[k] = obj[k];
  }
  return out;
}

function setMailboxes(list) {
  const now = Date.now();
  const first = !state.loadedMailboxes;
  const next = new Map();
  for (const m of list) {
    const prev = state.lastStatus.get(m.mailbox);
    if (!first && prev !== undefined && prev !== m.status) state.changedAt.set(m.mailbox, now);
    next.set(m.mailbox, m.status);
  }
  for (const [k, t] of state.changedAt) if (now - t > 4000) state.changedAt.delete(k);
  state.lastStatus = next;
  state.mailboxes = list;
}

/* ------------------------------------------------------------------ banner */

function showListErrors(errors) {
  const banner = $('banner');
  if (!errors.length) {
    banner.hidden = true;
    return;
  }
  const since = state.lastUpdate ? ` Showing the data received at ${clockTime(state.lastUpdate.getTime())}.` : '';
  const rebalancing = errors.some((e) => e.status === 503);
  let text;
  let kind = 'warn';
  if (rebalancing) {
    text = `The cluster is rebalancing (${errors.map((e) => e.message).filter(uniq).join('; ')}).${since} Retrying…`;
  } else if (errors.some((e) => e.status === 401 || e.status === 403)) {
    text = `The API refused the request (${errors[0].status}: ${errors[0].message}). A bearer token may be required.${since}`;
    kind = 'error';
  } else {
    const e = errors[0];
    text = `Cannot load ${errors.map((x) => x.what).filter(Boolean).filter(uniq).join(' and ') || 'data'}: ${e.status > 0 ? `HTTP ${e.status}, ` : ''}${e.message}.${since} Retrying…`;
    kind = 'error';
  }
  banner.dataset.kind = kind;
  setText($('banner-text'), text);
  banner.hidden = false;
}

function uniq(v, i, a) { return a.indexOf(v) === i; }

/* ------------------------------------------------------------------ rendering */

function renderAll() {
  renderSummary();
  renderDomains();
  syncDomainFilterOptions();
  renderTable();
}

function renderSummary() {
  const mbCounts = { HEALTHY: 0, WARNING: 0, PAUSED: 0 };
  let blocked = 0;
  let byDomain = 0;
  for (const m of state.mailboxes) {
    if (m.status in mbCounts) mbCounts[m.status]++;
    if (!m.sendingAllowed) blocked++;
    if (!m.sendingAllowed && m.blockedBy === 'DOMAIN') byDomain++;
  }
  const domCounts = { HEALTHY: 0, WARNING: 0, PAUSED: 0 };
  for (const d of state.domains) if (d.status in domCounts) domCounts[d.status]++;

  if (state.loadedMailboxes) {
    setText($('sum-mailboxes'), fmtInt(state.mailboxes.length));
    setText($('sum-mb-healthy'), fmtInt(mbCounts.HEALTHY));
    setText($('sum-mb-warning'), fmtInt(mbCounts.WARNING));
    setText($('sum-mb-paused'), fmtInt(mbCounts.PAUSED));
    setText($('sum-blocked'), fmtInt(blocked));
    setText($('sum-blocked-detail'), blocked === 0 ? 'mailboxes'
      : `${fmtInt(blocked - byDomain)} paused · ${fmtInt(byDomain)} by domain`);
  }
  if (state.loadedDomains) {
    setText($('sum-domains'), fmtInt(state.domains.length));
    setText($('sum-dom-healthy'), fmtInt(domCounts.HEALTHY));
    setText($('sum-dom-warning'), fmtInt(domCounts.WARNING));
    setText($('sum-dom-paused'), fmtInt(domCounts.PAUSED));
  }
  tickTimes();
}

/* ---------- domains */

function sortedDomains() {
  return [...state.domains].sort((a, b) =>
    (b._sev - a._sev) || (b.unhealthyRatio - a.unhealthyRatio) || a.domain.localeCompare(b.domain));
}

function renderDomains() {
  const grid = $('domain-grid');
  if (!state.loadedDomains) return;
  grid.removeAttribute('aria-busy');
  const domains = sortedDomains();
  if (!domains.length) {
    grid.replaceChildren(h('p', { class: 'placeholder' }, 'No domains known yet: they appear with their first mailbox event.'));
    return;
  }
  const frag = document.createDocumentFragment();
  const focusKey = focusedDomainControl();
  for (const d of domains) frag.append(domainCard(d));
  grid.replaceChildren(frag);
  restoreDomainFocus(focusKey);
}

function domainCard(d) {
  const r = state.rules;
  const selected = state.filter.domain === d.domain;
  const ratio = Math.max(0, Math.min(1, d.unhealthyRatio));
  const level = ratio >= r.domainPauseRatio ? 'PAUSED' : ratio >= r.domainWarningRatio ? 'WARNING' : 'HEALTHY';
  const warnPct = r.domainWarningRatio * 100;
  const pausePct = r.domainPauseRatio * 100;

  const head = h('div', { class: 'dc-head' },
    h('button', {
      type: 'button', class: 'dc-name', 'data-role': 'filter', 'aria-pressed': selected ? 'true' : 'false',
      title: selected ? 'Show all domains' : `Show only mailboxes of ${d.domain}`,
    }, d.domain));
  if (d.operatorPaused) {
    head.append(h('span', { class: 'flag flag-operator', title: 'Paused by an operator: stays paused until an operator resumes it' },
      h('span', { class: 'flag-icon', 'aria-hidden': 'true' }), 'OPERATOR'));
  }
  if (d.configFailures > 0) {
    head.append(h('span', {
      class: 'flag flag-config', 'data-reason': d.reason === 'CONFIG_FAILURE' ? 'CONFIG_FAILURE' : null,
      title: `${fmtInt(d.configFailures)} bounces in the last hour blamed this domain's own setup (SPF, DKIM, DMARC, reverse DNS, TLS)` +
        (d.reason === 'CONFIG_FAILURE' ? `: the domain is ${d.status} for it` : ''),
    }, `CONFIG ×${fmtInt(d.configFailures)}`));
  }

  const bar = h('div', {
    class: 'ratio-bar', role: 'img',
    'aria-label': `${fmtPct(ratio, nf1)} of mailboxes unhealthy; warning at ${fmtPct(r.domainWarningRatio, nf0)}, pause at ${fmtPct(r.domainPauseRatio, nf0)}`,
  },
  h('div', { class: 'ratio-track' },
    h('div', { class: 'ratio-fill', 'data-level': level, style: { width: `${(ratio * 100).toFixed(2)}%` } })),
  h('span', { class: 'ratio-mark', style: { left: `${warnPct}%` }, title: `WARNING at ${fmtPct(r.domainWarningRatio, nf0)}` }),
  h('span', { class: 'ratio-mark ratio-mark-pause', style: { left: `${pausePct}%` }, title: `PAUSED at ${fmtPct(r.domainPauseRatio, nf0)}` }),
  h('span', { class: 'ratio-mark-label', style: { left: `${warnPct}%` }, 'aria-hidden': 'true' }, `${nf0.format(warnPct)}%`),
  h('span', { class: 'ratio-mark-label', style: { left: `${pausePct}%` }, 'aria-hidden': 'true' }, `${nf0.format(pausePct)}%`));

  // Only the action that applies: a paused domain (by its ratio, its config failures or an
  // operator) can be resumed, any other paused.
  const actions = h('div', { class: 'dc-actions' });
  if (d.operatorPaused || d.status === 'PAUSED') {
    actions.append(h('button', {
      type: 'button', class: 'btn btn-xs btn-act-resume', 'data-action': 'resume', 'aria-label': `Resume domain ${d.domain}`,
    }, 'Resume'));
  } else {
    actions.append(h('button', {
      type: 'button', class: 'btn btn-xs btn-act-pause', 'data-action': 'pause', 'aria-label': `Pause domain ${d.domain}`,
    }, 'Pause'));
  }

  return h('article', {
    class: selected ? 'domain-card is-selected' : 'domain-card',
    'data-domain': d.domain, 'data-status': d.status,
    'aria-label': `Domain ${d.domain}: ${d.status}${d.operatorPaused ? ', paused by an operator' : ''}`,
  },
  head,
  h('div', { class: 'dc-stats' },
    badge(d.status, true),
    h('span', { class: 'dc-count', title: `${fmtInt(d.unhealthyMailboxes)} of ${fmtInt(d.totalMailboxes)} mailboxes are WARNING or PAUSED` },
      h('strong', null, fmtInt(d.unhealthyMailboxes)), '/', h('strong', null, fmtInt(d.totalMailboxes)), ' unhealthy')),
  h('div', { class: 'dc-meter' },
    bar,
    h('span', { class: 'dc-ratio', title: 'Unhealthy share (WARNING or PAUSED mailboxes)' }, fmtPct(ratio, nf1))),
  h('div', { class: 'dc-foot' },
    h('span', { class: 'dc-risk', title: 'Average risk score of its mailboxes' }, 'avg risk', riskBar(d.averageRiskScore, 'Average risk score')),
    actions));
}

function focusedDomainControl() {
  const a = document.activeElement;
  if (!a || !$('domain-grid').contains(a)) return null;
  const card = a.closest('[data-domain]');
  return card ? { domain: card.dataset.domain, action: a.dataset.action || null, role: a.dataset.role || null } : null;
}

function restoreDomainFocus(key) {
  if (!key) return;
  for (const card of $('domain-grid').children) {
    if (card.dataset.domain !== key.domain) continue;
    const target = [...card.querySelectorAll('button')].find((b) =>
      (key.action && b.dataset.action === key.action) || (key.role && b.dataset.role === key.role));
    (target || card.querySelector('button'))?.focus({ preventScroll: true });
  }
}

function syncDomainFilterOptions() {
  const select = $('domain-filter');
  const names = state.domains.map((d) => d.domain).sort((a, b) => a.localeCompare(b));
  if (state.filter.domain && !names.includes(state.filter.domain)) names.push(state.filter.domain);
  const counts = new Map(state.domains.map((d) => [d.domain, d.totalMailboxes]));
  const sig = names.map((n) => `${n}\u0000${counts.get(n) ?? ''}`).join('\u0001');
  if (select.dataset.sig !== sig) {
    const frag = document.createDocumentFragment();
    frag.append(h('option', { value: '' }, 'All domains'));
    for (const n of names) {
      const c = counts.get(n);
      frag.append(h('option', { value: n }, c != null ? `${n} (${fmtInt(c)})` : n));
    }
    select.replaceChildren(frag);
    select.dataset.sig = sig;
  }
  select.value = state.filter.domain;
}

/* ---------- mailbox table */

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function sortValue(m, key) {
  switch (key) {
    case 'status': return m._sev;
    case 'window': return m.windowBounces * 1e6 + m.windowSends;
    case 'rate': return m.bounceRate;
    case 'sends': return m.totalSends;
    case 'bounces': return m.totalBounces;
    case 'complaints': return m.totalComplaints;
    case 'risk': return m.riskScore;
    case 'last': return Number.isFinite(m._last) ? m._last : -Infinity;
    case 'cooldown': {
      if (Number.isFinite(m._cool)) return m._cool;
      if (m.status === 'PAUSED') return 8.64e15;              // held by an operator: after every cooldown
      if (m.probationSendsRemaining > 0) return 8.64e15 + m.probationSendsRemaining;
      return Infinity;
    }
    case 'blocked': return m.blockedBy === 'MAILBOX' ? 2 : m.blockedBy === 'DOMAIN' ? 1 : m.sendingAllowed ? 0 : 1.5;
    default: return 0;
  }
}

function compareMailboxes(key, dir) {
  const sign = dir === 'asc' ? 1 : -1;
  const tie = (a, b) => (b._sev - a._sev) || (b.riskScore - a.riskScore) || collator.compare(a.mailbox, b.mailbox);
  if (key === 'mailbox') return (a, b) => sign * collator.compare(a.mailbox, b.mailbox);
  if (key === 'domain') return (a, b) => sign * collator.compare(a.domain, b.domain) || collator.compare(a.mailbox, b.mailbox);
  if (key === 'reason') return (a, b) => sign * collator.compare(currentCause(a).label, currentCause(b).label) || tie(a, b);
  if (key === 'status') return (a, b) => sign * (a._sev - b._sev) || (b.riskScore - a.riskScore) || collator.compare(a.mailbox, b.mailbox);
  if (key === 'cooldown') {
    return (a, b) => {
      const va = sortValue(a, key); const vb = sortValue(b, key);
      if (va === vb) return tie(a, b);
      if (va === Infinity) return 1;   // nothing to show: always last
      if (vb === Infinity) return -1;
      return sign * (va < vb ? -1 : 1);
    };
  }
  return (a, b) => {
    const va = sortValue(a, key); const vb = sortValue(b, key);
    return va === vb ? tie(a, b) : sign * (va < vb ? -1 : 1);
  };
}

function visibleMailboxes() {
  const { q, status, domain } = state.filter;
  const needle = q.trim().toLowerCase();
  const out = state.mailboxes.filter((m) => {
    if (needle && !m._lc.includes(needle)) return false;
    if (domain && m.domain !== domain) return false;
    switch (status) {
      case '': return true;
      case 'UNHEALTHY': return m.status === 'WARNING' || m.status === 'PAUSED';
      case 'BLOCKED': return !m.sendingAllowed;
      default: return m.status === status;
    }
  });
  out.sort(compareMailboxes(state.sort.key, state.sort.dir));
  return out;
}

// Rows are kept between refreshes: a row is rebuilt only when its data changed, and rows
// that stay in place are not touched, so a refresh of 2000 mailboxes costs only what changed.
const rowCache = new Map();   // mailbox -> { sig, tr, cd: {el, until} | null, rel: {el, at} | null }
let visibleEntries = [];       // cache entries of the rows on screen, in order (for the ticker)
let rulesVersion = 0;          // part of each row signature: thresholds colour the cells
let messageRow = null;

function rowSig(m) {
  return `${rulesVersion}|${m.domain}|${m.status}|${m.reason}|${m.windowSends}|${m.windowBounces}|${m.windowComplaints}|` +
    `${m.bounceRate}|${m.totalSends}|${m.totalBounces}|${m.totalComplaints}|${m.riskScore}|${m.cooldownUntil}|` +
    `${m.sendingAllowed}|${m.blockedBy}|${m.probationSendsRemaining}|` +
    m.routes.map((x) => `${x.provider}:${x.status}:${x.until}`).join(',');
}

function renderTable() {
  const tbody = $('mailbox-body');
  const rows = visibleMailboxes();
  const total = state.mailboxes.length;
  const now = Date.now();

  // Remember which control inside the table has focus, to put it back if its row moves.
  const a = document.activeElement;
  let focusKey = null;
  if (a && tbody.contains(a)) {
    const tr = a.closest('tr');
    focusKey = tr && tr.dataset.mailbox != null ? { mailbox: tr.dataset.mailbox, action: a.dataset.action || null } : null;
  }

  let desired;
  if (!state.loadedMailboxes || !rows.length) {
    const msg = !state.loadedMailboxes ? 'Loading mailboxes…'
      : total === 0 ? 'No mailboxes known yet: they appear with their first send.'
        : 'No mailbox matches these filters.';
    if (!messageRow) messageRow = h('tr', { class: 'empty-row' }, h('td', { colspan: 12 }));
    setText(messageRow.firstChild, msg);
    desired = [messageRow];
    visibleEntries = [];
  } else {
    desired = new Array(rows.length);
    visibleEntries = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const m = rows[i];
      const sig = rowSig(m);
      let entry = rowCache.get(m.mailbox);
      if (!entry || entry.sig !== sig) {
        entry = mailboxRow(m, now);
        entry.sig = sig;
        rowCache.set(m.mailbox, entry);
      } else {
        if (entry.tr.classList.contains('changed') && !(now - (state.changedAt.get(m.mailbox) || 0) < 2500)) entry.tr.classList.remove('changed');
        if (entry.rel && entry.rel.at !== m._last) {
          entry.rel.at = m._last;
          entry.rel.el.title = fullTime(m._last);
          setText(entry.rel.el, relTime(m._last, now));
        }
      }
      desired[i] = entry.tr;
      visibleEntries[i] = entry;
    }
  }

  // Keyed reconciliation: leave rows that are already in place alone.
  let cursor = tbody.firstChild;
  for (const tr of desired) {
    if (cursor === tr) {
      cursor = cursor.nextSibling;
    } else {
      tbody.insertBefore(tr, cursor);
    }
  }
  while (cursor) {
    const next = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }

  // Forget rows of mailboxes that no longer exist.
  if (rowCache.size > state.mailboxes.length) {
    const alive = new Set(state.mailboxes.map((m) => m.mailbox));
    for (const k of rowCache.keys()) if (!alive.has(k)) rowCache.delete(k);
  }

  if (focusKey && !tbody.contains(document.activeElement)) {
    const entry = rowCache.get(focusKey.mailbox);
    if (entry && entry.tr.isConnected) {
      const target = (focusKey.action && entry.tr.querySelector(`button[data-action="${focusKey.action}"]`)) || entry.tr.querySelector('button');
      target?.focus({ preventScroll: true });
    }
  }

  const filtered = state.filter.q || state.filter.status || state.filter.domain;
  document.querySelector('.filters').classList.toggle('is-filtered', Boolean(filtered));
  setText($('result-count'), !state.loadedMailboxes ? '' : filtered
    ? `Showing ${fmtInt(rows.length)} of ${fmtInt(total)} mailboxes`
    : `${fmtInt(total)} mailboxes`);
  renderSortHeaders();
}

function mailboxRow(m, now) {
  const r = state.rules;
  const entry = { sig: '', tr: null, cd: null, rel: null };
  const tr = h('tr', { 'data-mailbox': m.mailbox, 'data-status': m.status });
  entry.tr = tr;
  const changed = state.changedAt.get(m.mailbox);
  if (changed && now - changed < 2500) tr.className = 'changed';

  // Mailbox and domain
  const at = m.mailbox.lastIndexOf('@');
  tr.append(at > 0
    ? h('td', { class: 'cell-mailbox', title: m.mailbox },
      h('span', { class: 'mb-local' }, m.mailbox.slice(0, at)), h('span', { class: 'mb-domain' }, m.mailbox.slice(at)))
    : h('td', { class: 'cell-mailbox', title: m.mailbox }, m.mailbox));

  // Status
  tr.append(h('td', { class: 'status' }, badge(m.status)));

  // Window: bounces / sends, and their ratio as a percentage
  const wClass = m.windowBounces >= r.pauseBounces ? 'hot' : m.windowBounces >= r.warningBounces ? 'warm' : '';
  let rateClass = '';
  let rateTitle = `Bounce rate ${fmtPct(m.bounceRate)}: bounces ÷ sends of the window`;
  if (m.totalSends < r.minSends) {
    rateClass = 'rate-low';
    rateTitle += `. No volume yet (${fmtInt(r.minSends)} lifetime sends): the percentage rules do not apply yet`;
  } else if (m.bounceRate >= r.pauseBounceRate) rateClass = 'rate-pause';
  else if (m.bounceRate >= r.warningBounceRate) rateClass = 'rate-warn';
  if (m.bounceRate > 1) {
    rateClass += ' rate-over';
    rateTitle += '. Above 100%: the window slid (every counter halved) and later bounces are counted against the sends still in it';
  }
  tr.append(h('td', {
    class: `num cell-window ${wClass}`,
    title: `${fmt2(m.windowBounces)} counted bounces / ${fmt2(m.windowSends)} sends in the sliding window` +
      (m.windowComplaints > 0 ? `, ${fmt2(m.windowComplaints)} complaints` : ''),
  },
  h('span', { class: 'w-b' }, fmt2(m.windowBounces)), h('span', { class: 'sep' }, ' / '), fmt2(m.windowSends),
  h('span', { class: `w-rate ${rateClass}`, title: rateTitle }, fmtPct(m.bounceRate))));

  // Lifetime totals
  tr.append(h('td', { class: 'num' }, fmtInt(m.totalSends)));
  tr.append(h('td', { class: m.totalBounces ? 'num' : 'num zero' }, fmtInt(m.totalBounces)));
  tr.append(h('td', { class: m.totalComplaints ? 'num' : 'num zero' }, fmtInt(m.totalComplaints)));

  // Risk
  tr.append(h('td', { class: 'cell-risk' }, riskBar(m.riskScore, 'Risk score')));

  // Cooldown / probation
  tr.append(h('td', { class: 'cell-cooldown' }, cooldownContent(m, now, entry)));

  // What holds the mailbox where it is now
  const cause = currentCause(m);
  tr.append(h('td', { class: 'reason', 'data-reason': cause.code, title: cause.title }, cause.label));

  // Blocked by
  const blockedTd = h('td', { class: 'cell-blocked' });
  if (m.blockedBy || !m.sendingAllowed) {
    const by = m.blockedBy || 'BLOCKED';
    blockedTd.append(h('span', {
      class: 'blocked', 'data-by': by,
      title: by === 'DOMAIN' ? `Not sending: domain ${m.domain} is paused` : 'Not sending: this mailbox is paused',
    }, by));
  } else if (!m.routes.length) blockedTd.append(h('span', { class: 'muted', title: 'Sending allowed' }, '—'));
  // A chip per route a provider slowed down or blocked: that provider's traffic only.
  if (m.routes.length) blockedTd.append(h('span', { class: 'route-chips' }, ...m.routes.map(routeChip)));
  tr.append(blockedTd);

  // Last event
  const relEl = h('span', { class: 'rel', title: fullTime(m._last) }, relTime(m._last, now));
  entry.rel = { el: relEl, at: m._last };
  tr.append(h('td', { class: 'cell-last' }, relEl));

  // Actions
  const acts = h('div', { class: 'acts' });
  if (m.status === 'PAUSED') {
    acts.append(h('button', { type: 'button', class: 'btn btn-xs btn-act-resume', 'data-action': 'resume', 'aria-label': `Resume ${m.mailbox}` }, 'Resume'));
  } else {
    acts.append(h('button', { type: 'button', class: 'btn btn-xs btn-act-pause', 'data-action': 'pause', 'aria-label': `Pause ${m.mailbox}` }, 'Pause'));
  }
  acts.append(h('button', { type: 'button', class: 'btn btn-xs btn-act-reset', 'data-action': 'reset', 'aria-label': `Reset window of ${m.mailbox}` }, 'Reset'));
  tr.append(h('td', { class: 'cell-actions' }, acts));
  return entry;
}

/**
 * What holds a mailbox at WARNING or PAUSED now: the rule that warned or paused it, an operator's
 * hold, or the probation after a resume. A healthy mailbox has none (its last reason, RECOVERED or
 * OPERATOR, is history, not a problem).
 */
function currentCause(m) {
  if (m.status === 'HEALTHY') {
    return { code: '', label: '—', title: 'Healthy: no rule holds it' + (m.reason ? ` (last change: ${reasonLabel(m.reason)})` : '') };
  }
  if (m.status === 'PAUSED' && m.reason === 'OPERATOR') {
    return { code: 'OPERATOR', label: 'Operator pause', title: 'Paused by an operator: held until an operator resumes it' };
  }
  if (m.status === 'WARNING' && (m.reason === 'OPERATOR' || m.reason === 'COOLDOWN_EXPIRED' || m.probationSendsRemaining > 0)) {
    return {
      code: 'PROBATION', label: 'Probation',
      title: `Resumed (${reasonLabel(m.reason)}): WARNING until it makes ${fmt2(m.probationSendsRemaining)} more sends with no rule matching`,
    };
  }
  return { code: m.reason || '', label: reasonLabel(m.reason), title: `${m.status} by the rule: ${reasonLabel(m.reason)}` };
}

/** A route that is not OK: which provider, what it did, until when (scheduler advice). */
function routeChip(route) {
  const until = parseTime(route.until);
  const what = route.status === 'BLOCKED' ? 'blocked' : 'slowed down';
  const title = `${providerLabel(route.provider)} ${what}` +
    (route.reason ? ` (${reasonLabel(route.reason)})` : '') +
    (Number.isFinite(until) ? ` until ${fullTime(until)}` : '') +
    `: schedulers should ${route.status === 'BLOCKED' ? 'stop' : 'slow'} this mailbox's ${providerLabel(route.provider)} traffic`;
  return h('span', { class: 'route-chip', 'data-status': route.status, 'data-provider': route.provider, title },
    `${providerLabel(route.provider)} ${route.status === 'BLOCKED' ? 'blocked' : 'slow'}`);
}

function cooldownContent(m, now, entry) {
  if (Number.isFinite(m._cool)) {
    const el = h('span', { class: 'countdown', title: `Cooldown ends ${fullTime(m._cool)}` });
    updateCountdown(el, m._cool, now);
    entry.cd = { el, until: m._cool };
    return el;
  }
  if (m.status === 'PAUSED') {
    return h('span', { class: 'hold', title: 'No automatic expiry: resumes when an operator resumes it' },
      m.reason === 'OPERATOR' ? 'held by operator' : 'until resumed');
  }
  if (m.probationSendsRemaining > 0) {
    const total = Math.max(state.rules.probationSends, m.probationSendsRemaining);
    const done = Math.max(0, total - m.probationSendsRemaining);
    return h('span', {
      class: 'probation', role: 'img',
      'aria-label': `On probation: ${fmt2(done)} of ${fmt2(total)} clean sends`,
      title: `On probation: ${fmt2(m.probationSendsRemaining)} more clean sends before HEALTHY`,
    },
    h('span', { class: 'risk-track', 'aria-hidden': 'true' },
      h('span', { class: 'risk-fill', style: { width: `${(100 * done / total).toFixed(1)}%` } })),
    h('span', { 'aria-hidden': 'true' }, `probation ${fmt2(done)}/${fmt2(total)}`));
  }
  return h('span', { class: 'muted' }, '—');
}

function updateCountdown(el, until, now) {
  const left = until - now;
  if (left > 0) {
    setText(el, `resumes in ${durationClock(left)}`);
    if (el.classList.contains('expired')) el.classList.remove('expired');
  } else {
    setText(el, 'resuming…');
    el.classList.add('expired');
  }
}

function renderSortHeaders() {
  for (const th of document.querySelectorAll('#mailbox-table thead th')) th.removeAttribute('aria-sort');
  for (const btn of document.querySelectorAll('#mailbox-table thead button[data-sort]')) {
    const active = btn.dataset.sort === state.sort.key;
    if (active) {
      btn.dataset.dir = state.sort.dir;
      btn.closest('th').setAttribute('aria-sort', state.sort.dir === 'asc' ? 'ascending' : 'descending');
    } else delete btn.dataset.dir;
  }
}

/* ---------- the 1-second ticker: countdowns, relative times, "updated" */

let tickCount = 0;

function tickTimes() {
  const now = Date.now();
  const rel = tickCount++ % 5 === 0;   // relative times change slowly: every 5 s is enough
  for (const e of visibleEntries) {
    if (e.cd) updateCountdown(e.cd.el, e.cd.until, now);
    if (rel && e.rel) setText(e.rel.el, relTime(e.rel.at, now));
  }
  const lu = $('last-update');
  if (state.lastUpdate) {
    const t = state.lastUpdate.getTime();
    setText(lu, `${clockTime(t)} · ${relTime(t, now)}`);
    lu.setAttribute('datetime', state.lastUpdate.toISOString());
    lu.title = fullTime(t);
    lu.classList.toggle('stale', now - t > 30000);
  }
}

/* ------------------------------------------------------------------ live feed */

const feedKeys = new Set();

function changeKey(c) {
  return [c.entity, c.id, c.from, c.to, c.reason, c.at, c.causeEventId].map((x) => (x == null ? '' : String(x))).join('\u0001');
}

/** Adds changes (oldest first) to the top of the feed; returns how many were new. */
function addChanges(list, fresh) {
  const feed = $('feed');
  const items = list.filter((c) => c && typeof c === 'object' && !feedKeys.has(changeKey(c)));
  if (!items.length) return 0;
  const frag = document.createDocumentFragment();
  // newest first: the list is oldest first, so build the fragment in reverse
  for (let i = items.length - 1; i >= Math.max(0, items.length - FEED_MAX); i--) {
    const c = items[i];
    feedKeys.add(changeKey(c));
    frag.append(feedItem(c, fresh));
  }
  for (const c of items.slice(0, Math.max(0, items.length - FEED_MAX))) feedKeys.add(changeKey(c));
  feed.prepend(frag);
  while (feed.children.length > FEED_MAX) {
    const last = feed.lastElementChild;
    feedKeys.delete(last.dataset.key);
    last.remove();
  }
  $('feed-empty').hidden = feed.children.length > 0;
  applyFeedLimit();
  return items.length;
}

// The feed shows its newest entries and grows on demand: the page scrolls, not the panel.
const FEED_PAGE = 8;
let feedLimit = FEED_PAGE;

function applyFeedLimit() {
  const items = $('feed').children;
  for (let i = 0; i < items.length; i++) items[i].hidden = i >= feedLimit;
  const shown = Math.min(feedLimit, items.length);
  setText($('feed-count'), `${shown} of ${items.length}`);
  const more = $('feed-more');
  more.hidden = items.length <= FEED_PAGE;
  setText(more, shown < items.length ? `Show ${Math.min(20, items.length - shown)} more` : 'Show fewer');
}

function wireFeedMore() {
  $('feed-more').addEventListener('click', () => {
    feedLimit = feedLimit < $('feed').children.length ? feedLimit + 20 : FEED_PAGE;
    applyFeedLimit();
  });
}

function feedItem(c, fresh) {
  const entity = String(c.entity || 'MAILBOX');
  const id = String(c.id ?? '');
  const at = parseTime(c.at);
  const li = h('li', {
    class: fresh ? 'fresh' : null,
    'data-entity': entity, 'data-id': id, 'data-to': String(c.to ?? ''),
  });
  li.dataset.key = changeKey(c);

  li.append(h('time', { class: 'feed-time', datetime: c.at ? String(c.at) : null, title: fullTime(at) },
    Number.isFinite(at) ? clockTime(at) : '—'));

  li.append(h('div', { class: 'feed-main' },
    h('span', { class: 'feed-entity', 'data-kind': entity }, entity),
    h('button', {
      type: 'button', class: 'feed-id', 'data-role': 'feed-target',
      title: entity === 'DOMAIN' ? `Show only mailboxes of ${id}` : `Find ${id} in the table`,
    }, id)));

  const detail = h('div', { class: 'feed-detail' },
    badge(c.from, true), h('span', { class: 'feed-arrow', 'aria-label': 'to' }, '→'), badge(c.to, true));
  li.append(detail);
  const meta = [];
  if (c.reason) meta.push(reasonLabel(String(c.reason)));
  if (entity === 'DOMAIN') {
    if (c.reason === 'CONFIG_FAILURE' && c.configFailures != null) meta.push(`${fmtInt(c.configFailures)} config failures in the last hour`);
    else if (c.totalMailboxes != null) meta.push(`${fmtInt(c.unhealthyMailboxes)} of ${fmtInt(c.totalMailboxes)} mailboxes unhealthy (${fmtPct(c.unhealthyRatio, nf1)})`);
  } else if (entity === 'ROUTE') {
    if (c.provider) meta.push(`route to ${providerLabel(String(c.provider))}`);
    const until = parseTime(c.until);
    if (Number.isFinite(until) && c.to !== 'OK') meta.push(`until ${clockTime(until)}`);
    if (c.causeDiagnostic) meta.push(String(c.causeDiagnostic));
  } else {
    if (c.windowSends != null) meta.push(`window ${fmt2(c.windowBounces)}/${fmt2(c.windowSends)} · ${fmtPct(c.bounceRate)}`);
    if (num(c.windowComplaints) > 0) meta.push(`${fmt2(c.windowComplaints)} complaints`);
    if (c.causeCategory) meta.push(`${c.causeCategory}${c.causeDiagnostic ? `: ${c.causeDiagnostic}` : ''}`);
    if (c.causeEventId) meta.push(`cause ${c.causeEventId}`);
  }
  if (meta.length) {
    const line = h('div', { class: 'feed-meta', title: meta.join(' · ') });
    if (c.reason) {
      line.append(h('span', { class: 'feed-reason', 'data-reason': String(c.reason) }, meta[0]));
      if (meta.length > 1) line.append(` · ${meta.slice(1).join(' · ')}`);
    } else line.append(meta.join(' · '));
    li.append(line);
  }
  return li;
}

/* ---------- event stream with polling fallback */

let stream = null;
let streamRetry = null;
let pollTimer = null;
let changesLoaded = false;

function setLive(stateName) {
  const el = $('live');
  el.dataset.state = stateName;
  setText($('live-label'), stateName === 'live' ? 'live' : stateName === 'reconnecting' ? 'reconnecting…' : 'connecting…');
  el.title = stateName === 'live'
    ? 'Receiving status changes as they happen'
    : stateName === 'reconnecting'
      ? `Event stream interrupted: polling every ${POLL_CHANGES_MS / 1000} s while reconnecting`
      : 'Opening the event stream';
}

function onStreamChange(ev) {
  let c;
  try { c = JSON.parse(ev.data); } catch { return; }
  if (!c || typeof c !== 'object') return;
  // The lists follow the change (debounced: at most one full refresh every 2 s); a hidden tab
  // catches up when it becomes visible again.
  if (addChanges([c], true) > 0 && !document.hidden) scheduleRefresh(0);
}

function connectStream() {
  clearTimeout(streamRetry);
  if (!('EventSource' in window)) { setLive('reconnecting'); startPolling(); return; }
  let es;
  try { es = new EventSource('/api/changes/stream'); } catch { setLive('reconnecting'); startPolling(); return; }
  stream = es;
  let wasDown = pollTimer !== null;
  es.addEventListener('open', () => {
    setLive('live');
    stopPolling();
    if (wasDown || !changesLoaded) loadChanges();   // fill the gap while the stream was down
    wasDown = false;
  });
  es.addEventListener('change', onStreamChange);
  es.addEventListener('message', onStreamChange);   // in case the server sends unnamed events
  es.addEventListener('error', () => {
    if (stream !== es) return;
    setLive('reconnecting');
    wasDown = true;
    startPolling();
    if (es.readyState === EventSource.CLOSED) {   // the browser gave up: open a new one later
      es.close();
      stream = null;
      streamRetry = setTimeout(connectStream, STREAM_RETRY_MS);
    }
  });
}

function startPolling() {
  if (pollTimer !== null) return;
  pollTimer = setInterval(loadChanges, POLL_CHANGES_MS);
  loadChanges();
}

function stopPolling() {
  if (pollTimer === null) return;
  clearInterval(pollTimer);
  pollTimer = null;
}

let loadingChanges = false;
async function loadChanges() {
  if (loadingChanges) return;
  loadingChanges = true;
  try {
    const { body } = await api('/api/changes?limit=200');
    if (Array.isArray(body)) {
      const first = !changesLoaded;
      changesLoaded = true;
      const added = addChanges(body, !first);
      if (added > 0 && !first) scheduleRefresh(0);
    }
  } catch (e) {
    if (!changesLoaded) setTimeout(loadChanges, POLL_CHANGES_MS);
  } finally {
    loadingChanges = false;
  }
}

/* ------------------------------------------------------------------ operator actions */

const ACTION_VERBS = { pause: 'Pause', resume: 'Resume', reset: 'Reset', unsuppress: 'Removal' };

let dialogCtx = null;   // { kind, action, id, returnFocus }
let dialogBusy = false;

function describeAction(kind, action, id) {
  const r = state.rules;
  if (kind === 'recipient') {
    const s = state.suppression && state.suppression.recipient === id ? state.suppression : null;
    return {
      title: 'Remove from the suppression list', button: 'Remove', danger: true,
      what: `Every mailbox of the fleet may send to ${id} again. The removal, with your reason, is written to the ` +
        'suppressions topic for schedulers. A new hard bounce or complaint suppresses the address again.',
      now: s ? `Now: suppressed (${categoryLabel(s.category)}, ${sourceLabel(s.source)}) since ${fullTime(parseTime(s.since))}` +
        (s.until ? ` until ${fullTime(parseTime(s.until))}` : ' until removed') : '',
    };
  }
  if (kind === 'domain') {
    const d = state.domains.find((x) => x.domain === id);
    const total = d ? `${fmtInt(d.totalMailboxes)} mailbox${d.totalMailboxes === 1 ? '' : 'es'}` : 'all its mailboxes';
    if (action === 'pause') {
      return {
        title: 'Pause domain', button: 'Pause domain', danger: true,
        what: `Every mailbox of ${id} (${total}) stops sending now: each is blocked by DOMAIN until an operator resumes the domain. ` +
          'The pause does not expire on its own. Mailbox windows and statuses are not changed.',
        now: d ? `Now: ${d.status}${d.operatorPaused ? ' (operator pause)' : ''} · ${fmtInt(d.unhealthyMailboxes)} of ${fmtInt(d.totalMailboxes)} mailboxes unhealthy (${fmtPct(d.unhealthyRatio, nf1)}) · average risk ${nf0.format(d.averageRiskScore)}` : '',
      };
    }
    return {
      title: 'Resume domain', button: 'Resume domain', danger: false,
      what: (d && !d.operatorPaused
        ? `${id} is paused by its own mailboxes (${reasonLabel(d.reason)}), not by an operator. Resuming forgets its config failures and hands it back to its ratio: it stays PAUSED while at least `
        : `The operator pause of ${id} is lifted and the domain follows its mailboxes again: it stays PAUSED while at least `) +
        `${fmtPct(r.domainPauseRatio, nf0)} of them are unhealthy and is WARNING from ${fmtPct(r.domainWarningRatio, nf0)}. ` +
        'Mailboxes that are paused themselves stay paused.',
      now: d ? `Now: ${d.status}${d.operatorPaused ? ' (operator pause)' : ''} · ${fmtInt(d.unhealthyMailboxes)} of ${fmtInt(d.totalMailboxes)} mailboxes unhealthy (${fmtPct(d.unhealthyRatio, nf1)})` : '',
    };
  }
  const m = state.mailboxes.find((x) => x.mailbox === id);
  const nowText = m
    ? `Now: ${m.status}${m.reason ? ` (${reasonLabel(m.reason)})` : ''} · window ${fmt2(m.windowBounces)}/${fmt2(m.windowSends)} bounces/sends · ` +
      `risk ${nf0.format(m.riskScore)}` +
      (Number.isFinite(m._cool) && m._cool > Date.now() ? ` · cooldown ends in ${durationClock(m._cool - Date.now())}` : '') +
      (m.blockedBy === 'DOMAIN' ? ` · blocked by its domain ${m.domain}` : '')
    : '';
  if (action === 'pause') {
    return {
      title: 'Pause mailbox', button: 'Pause mailbox', danger: true,
      what: `${id} stops sending now. An operator pause has no cooldown and never expires on its own: ` +
        'the mailbox stays PAUSED until someone resumes it. Its counters keep updating meanwhile.',
      now: nowText,
    };
  }
  if (action === 'resume') {
    return {
      title: 'Resume mailbox', button: 'Resume mailbox', danger: false,
      what: `${id} may send again now${m && Number.isFinite(m._cool) ? ', ending its cooldown early' : ''}. As after a cooldown, ` +
        `its window slides once (history halved) and it stays WARNING on probation until it makes ${fmt2(r.probationSends)} more ` +
        'sends with no rule matching; a rule that matches meanwhile pauses it again with a longer cooldown.' +
        (m && m.blockedBy === 'DOMAIN' ? ` Its domain ${m.domain} is paused too, so it stays blocked until the domain resumes.` : ''),
      now: nowText,
    };
  }
  return {
    title: 'Reset mailbox window', button: 'Reset window', danger: false,
    what: `The sliding window of ${id} is cleared to 0/0 and any probation ends. ` +
      (m ? `Lifetime totals (${fmtInt(m.totalSends)} sends, ${fmtInt(m.totalBounces)} bounces, ${fmtInt(m.totalComplaints)} complaints) are kept. `
        : 'Lifetime totals are kept. ') +
      'Its status is then evaluated again on the empty window.',
    now: nowText,
  };
}

function openActionDialog(kind, action, id, trigger) {
  if (!ACTION_VERBS[action]) return;
  const dlg = $('confirm-dialog');
  if (dlg.open) return;
  const spec = describeAction(kind, action, id);
  dialogCtx = { kind, action, id, spec, returnFocus: trigger || null };

  setText($('confirm-title'), spec.title);
  setText($('confirm-target'), `${kind === 'domain' ? 'Domain' : kind === 'recipient' ? 'Recipient' : 'Mailbox'} ${id}`);
  setText($('confirm-what'), spec.what);
  setText($('confirm-now'), spec.now || '');
  const ok = $('confirm-ok');
  setText(ok, spec.button);
  ok.className = spec.danger ? 'btn btn-danger' : 'btn btn-primary';
  ok.disabled = false;

  const reason = $('confirm-reason');
  reason.value = '';
  reason.removeAttribute('aria-invalid');
  $('confirm-operator').value = localStorage.getItem(OPERATOR_KEY) || '';
  const token = sessionStorage.getItem(TOKEN_KEY);
  $('confirm-token').value = token || '';
  $('confirm-token-row').hidden = !token;
  hideDialogError();

  dlg.showModal();
  reason.focus();
}

function showDialogError(text) {
  const el = $('confirm-error');
  setText(el, text);
  el.hidden = false;
}

function hideDialogError() {
  const el = $('confirm-error');
  el.hidden = true;
  el.textContent = '';
}

async function submitAction(ev) {
  ev.preventDefault();
  if (!dialogCtx || dialogBusy) return;
  const ctx = dialogCtx;
  const reasonEl = $('confirm-reason');
  const reason = reasonEl.value.trim();
  if (!reason) {
    reasonEl.setAttribute('aria-invalid', 'true');
    showDialogError('Please give a reason: it is recorded with the command.');
    reasonEl.focus();
    return;
  }
  reasonEl.removeAttribute('aria-invalid');
  const operator = $('confirm-operator').value.trim();
  if (operator) localStorage.setItem(OPERATOR_KEY, operator);
  if (!$('confirm-token-row').hidden) {
    const t = $('confirm-token').value.trim();
    if (t) sessionStorage.setItem(TOKEN_KEY, t);
    else sessionStorage.removeItem(TOKEN_KEY);
  }

  const recipient = ctx.kind === 'recipient';
  const path = recipient
    ? `/api/suppressions/${encodeURIComponent(ctx.id)}`
    : ctx.kind === 'domain'
      ? `/api/domains/${encodeURIComponent(ctx.id)}/${ctx.action}`
      : `/api/mailboxes/${encodeURIComponent(ctx.id)}/${ctx.action}`;
  const ok = $('confirm-ok');
  dialogBusy = true;
  ok.disabled = true;
  setText(ok, 'Sending…');
  hideDialogError();
  try {
    const { body } = await api(path, {
      method: recipient ? 'DELETE' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason, operator: operator || 'dashboard' }),
    });
    $('confirm-dialog').close('done');
    const cmd = body && typeof body === 'object' && body.commandId ? ` (command ${body.commandId})` : '';
    toast(`${ACTION_VERBS[ctx.action]} of ${ctx.kind} ${ctx.id} accepted${cmd}. The status updates once the command is processed.`, 'ok');
    if (recipient) watchRemoval(ctx.id);
    else scheduleRefresh(500);
  } catch (err) {
    const status = err instanceof ApiError ? err.status : 0;
    if (status === 401) {
      const had = Boolean(sessionStorage.getItem(TOKEN_KEY));
      $('confirm-token-row').hidden = false;
      showDialogError(had
        ? `The token was not accepted (401: ${err.message}). Check it and confirm again.`
        : 'This API requires a bearer token. Enter it below and confirm again.');
      $('confirm-token').focus();
    } else if (status === 403) {
      $('confirm-token-row').hidden = false;
      showDialogError(`Not allowed (403): ${err.message}`);
    } else if (status === 503) {
      showDialogError(`The cluster is rebalancing (503): ${err.message}. Nothing was changed; try again in a moment.`);
    } else if (status === 404) {
      showDialogError(`Unknown ${ctx.kind} (404): ${err.message}`);
    } else if (status > 0) {
      showDialogError(`The request was refused (${status}): ${err.message}`);
    } else {
      showDialogError(`The request failed: ${err.message}. Nothing was confirmed.`);
    }
  } finally {
    dialogBusy = false;
    if ($('confirm-dialog').open) {
      ok.disabled = false;
      setText(ok, ctx.spec.button);
    }
  }
}

function onDialogClose() {
  const ctx = dialogCtx;
  dialogCtx = null;
  if (!ctx) return;
  let target = ctx.returnFocus;
  if (!target || !target.isConnected) {
    // The table or the cards were rebuilt meanwhile: find the same control again.
    const scope = ctx.kind === 'domain' ? $('domain-grid') : ctx.kind === 'recipient' ? $('sup-result') : $('mailbox-body');
    const attr = ctx.kind === 'domain' ? 'domain' : ctx.kind === 'recipient' ? 'recipient' : 'mailbox';
    for (const el of scope.querySelectorAll(`[data-${attr}]`)) {
      if (el.dataset[attr] !== ctx.id) continue;
      target = el.querySelector(`button[data-action="${ctx.action}"]`) || el.querySelector('button[data-action]');
      break;
    }
  }
  if (target && target.isConnected) target.focus();
  else if (ctx.kind === 'recipient') $('sup-address').focus();
}

/* ------------------------------------------------------------------ suppressions */

const SUP_CATEGORY_LABELS = {
  LIST: 'Address does not exist (LIST)',
  COMPLAINT: 'Complaint',
  TRANSIENT: 'Repeated soft bounces',
  NONE: 'No category',
};
const SUP_SOURCE_LABELS = { BOUNCE: 'a bounce', COMPLAINT: 'a complaint', OPERATOR: 'an operator', IMPORT: 'an import' };
const SUP_RECHECKS = 20;   // after a removal, look the address up again once a second, at most this often
const SUP_SUMMARY_MS = 30000;   // counting the list reads every entry on every instance: not on every refresh

const categoryLabel = (c) => (c ? SUP_CATEGORY_LABELS[c] || String(c) : SUP_CATEGORY_LABELS.NONE);
const sourceLabel = (s) => (s ? SUP_SOURCE_LABELS[s] || String(s) : '—');

let supRecheck = null;
let supSummaryAt = -Infinity;

async function refreshSuppressionSummary() {
  supSummaryAt = Date.now();
  const list = $('sup-counts');
  let body;
  try {
    ({ body } = await api('/api/suppressions/summary'));
  } catch (err) {
    supSummaryAt = -Infinity;   // try again at the next refresh
    list.replaceChildren(h('li', { class: 'placeholder' }, `The list's size is not available now: ${err.message}`));
    return;
  }
  if (!body || typeof body !== 'object') return;
  setText($('sup-total'), fmtInt(body.total));
  const by = body.byCategory && typeof body.byCategory === 'object' ? body.byCategory : {};
  const keys = Object.keys(by).filter((k) => num(by[k]) > 0)
    .sort((a, b) => (num(by[b]) - num(by[a])) || a.localeCompare(b));
  if (!keys.length) {
    list.replaceChildren(h('li', { class: 'placeholder' }, 'No recipient is suppressed.'));
    return;
  }
  list.replaceChildren(...keys.map((k) =>
    h('li', { class: 'sup-count', 'data-category': k }, categoryLabel(k === 'NONE' ? null : k), h('b', null, fmtInt(by[k])))));
}

/** Looks an address up and shows the answer; true when suppressed, false when not, null on error. */
async function lookUpSuppression(address) {
  const result = $('sup-result');
  state.suppression = null;
  if (!address) {
    result.replaceChildren(h('p', { class: 'dialog-error', role: 'alert' }, 'Enter an address to look up.'));
    return null;
  }
  try {
    const { body } = await api(`/api/suppressions/${encodeURIComponent(address)}`);
    if (!body || typeof body !== 'object') throw new ApiError(-1, 'unexpected answer');
    state.suppression = body;
    result.replaceChildren(suppressionCard(body));
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      result.replaceChildren(h('div', { class: 'sup-card', 'data-suppressed': 'false', 'data-recipient': address },
        h('div', { class: 'sup-card-head' },
          h('span', { class: 'mono' }, address),
          h('span', { class: 'badge', 'data-tone': 'HEALTHY' }, 'NOT SUPPRESSED')),
        h('p', { class: 'muted' }, 'Every mailbox may send to this address.')));
      return false;
    }
    const status = err instanceof ApiError && err.status > 0 ? ` (${err.status})` : '';
    result.replaceChildren(h('p', { class: 'dialog-error', role: 'alert' }, `The lookup failed${status}: ${err.message}`));
    return null;
  }
}

function suppressionCard(s) {
  const text = (v) => (v == null || v === '' ? '—' : String(v));
  const since = parseTime(s.since);
  const until = parseTime(s.until);
  const rows = [
    ['Why', categoryLabel(s.category)],
    ['Bounce class', text(s.class)],
    ['Source', sourceLabel(s.source)],
    ['Mailbox', text(s.mailbox)],
    ['Cause event', text(s.causeEventId)],
    ['Since', Number.isFinite(since) ? fullTime(since) : '—'],
    ['Until', s.until == null ? 'until removed' : (Number.isFinite(until) ? fullTime(until) : text(s.until))],
    ['Operator', text(s.operator)],
    ['Note', text(s.note)],
  ];
  const dl = h('dl', null);
  for (const [name, value] of rows) {
    dl.append(h('dt', null, name), h('dd', { 'data-field': name.toLowerCase().replace(/ /g, '-') }, value));
  }
  return h('div', { class: 'sup-card', 'data-suppressed': 'true', 'data-recipient': String(s.recipient ?? ''), 'data-category': s.category || 'NONE' },
    h('div', { class: 'sup-card-head' },
      h('span', { class: 'mono' }, String(s.recipient ?? '')),
      h('span', { class: 'badge', 'data-tone': 'PAUSED' }, 'SUPPRESSED')),
    dl,
    h('button', { type: 'button', class: 'btn btn-xs btn-act-pause', 'data-action': 'unsuppress' }, 'Remove from the list…'));
}

/** After a removal is accepted, looks the address up until the monitor has applied it. */
function watchRemoval(address) {
  clearTimeout(supRecheck);
  let left = SUP_RECHECKS;
  const again = async () => {
    const suppressed = await lookUpSuppression(address);
    if (suppressed === false) {
      refreshSuppressionSummary();
      return;
    }
    if (--left > 0) supRecheck = setTimeout(again, 1000);
  };
  supRecheck = setTimeout(again, 500);
}

function wireSuppressions() {
  $('sup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(supRecheck);
    lookUpSuppression($('sup-address').value.trim());
  });
  $('sup-result').addEventListener('click', (e) => {
    const btn = e.target.closest('button[data-action="unsuppress"]');
    const card = btn && btn.closest('[data-recipient]');
    if (card) openActionDialog('recipient', 'unsuppress', card.dataset.recipient, btn);
  });
}

/* ------------------------------------------------------------------ fleet over time */

const SERIES_REFRESH_MS = 60000;   // the series have one point a minute
const STATUS_COLORS = { HEALTHY: 'var(--healthy-solid)', WARNING: 'var(--warning-solid)', PAUSED: 'var(--paused-solid)' };
const RANGE_WORDS = { '1h': 'the last hour', '24h': 'the last 24 hours' };

let seriesRange = '1h';
let seriesTimer = null;
let seriesSeq = 0;

const values = (list) => (Array.isArray(list) ? list.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)) : []);
const byStatus = (obj) => STATUSES.map((st) => ({
  name: st.charAt(0) + st.slice(1).toLowerCase(), values: values(obj && obj[st]), color: STATUS_COLORS[st],
}));

async function refreshSeries() {
  clearTimeout(seriesTimer);
  seriesTimer = setTimeout(refreshSeries, SERIES_REFRESH_MS);
  const seq = ++seriesSeq;
  const range = seriesRange;
  const hint = $('trends-hint');
  let body;
  try {
    ({ body } = await api(`/api/series?range=${range}`));
  } catch (err) {
    if (seq !== seriesSeq) return;
    hint.dataset.kind = 'error';
    setText(hint, `The series are not available now (${err.status > 0 ? `HTTP ${err.status}: ` : ''}${err.message}). Retrying in a minute.`);
    return;
  }
  if (seq !== seriesSeq || !body || typeof body !== 'object') return;
  const times = (Array.isArray(body.minutes) ? body.minutes : []).map(parseTime);
  const answered = num(body.instances && body.instances.answered);
  const total = num(body.instances && body.instances.total);
  hint.dataset.kind = answered < total ? 'warn' : '';
  setText(hint, `One point a minute over ${RANGE_WORDS[range]}, summed over every instance: ${fmtInt(answered)} of ${fmtInt(total)} ` +
    `instance${total === 1 ? '' : 's'} answered${answered < total ? ', so the sums leave some mailboxes out' : ''}. ` +
    'Gaps are minutes no instance recorded. Refreshed each minute.');
  const common = { times, height: 150 };
  const count = (v) => nf0.format(v);
  lineChart($('chart-events'), {
    ...common, format: (v) => nf1.format(v), empty: 'No events in this range yet.',
    series: [{ name: 'Events/s', values: values(body.eventsPerSecond), color: 'var(--brand)' }],
  });
  lineChart($('chart-rate'), {
    ...common, format: (v) => `${nf2.format(v)}%`, empty: 'No sends in this range yet.',
    series: [{ name: 'Bounce rate', values: values(body.bounceRate).map((v) => (v === null ? null : v * 100)), color: 'var(--paused-solid)' }],
  });
  lineChart($('chart-mailboxes'), { ...common, format: count, integer: true, empty: 'No mailboxes in this range yet.', series: byStatus(body.mailboxes) });
  lineChart($('chart-domains'), { ...common, format: count, integer: true, empty: 'No domains in this range yet.', series: byStatus(body.domains) });
  lineChart($('chart-changes'), {
    ...common, format: count, integer: true, empty: 'No minute recorded in this range yet.',
    series: [{ name: 'Status changes', values: values(body.statusChanges), color: 'var(--warning-solid)' }],
  });
  lineChart($('chart-dead'), {
    ...common, format: count, integer: true, empty: 'No minute recorded in this range yet.',
    series: [{ name: 'Dead letters', values: values(body.deadLetters), color: 'var(--text-2)' }],
  });
}

function wireTrends() {
  const buttons = document.querySelectorAll('.range-switch button[data-range]');
  for (const btn of buttons) {
    btn.addEventListener('click', () => {
      seriesRange = btn.dataset.range;
      for (const b of buttons) b.setAttribute('aria-pressed', b === btn ? 'true' : 'false');
      refreshSeries();
    });
  }
}

/* ------------------------------------------------------------------ dead letters and lag */

const DEAD_LIMIT = 50;
const DEAD_SHOWN = 5;   // more on demand: the page scrolls, not the panel
const DEAD_REFRESH_MS = 30000;
const LAG_REFRESH_MS = 15000;

let deadAll = false;
let deadSig = null;

async function refreshDeadLetters() {
  setTimeout(refreshDeadLetters, DEAD_REFRESH_MS);
  const list = $('dead-list');
  let body;
  try {
    ({ body } = await api(`/api/dead-letters?limit=${DEAD_LIMIT}`));
  } catch (err) {
    deadSig = null;
    list.replaceChildren(h('li', { class: 'placeholder' }, `The dead letters cannot be read now: ${err.message}`));
    return;
  }
  if (!Array.isArray(body)) return;
  const sig = JSON.stringify(body);
  if (sig === deadSig) return;   // keep what the operator opened
  deadSig = sig;
  const letters = body.filter((d) => d && typeof d === 'object');
  setText($('dead-count'), letters.length >= DEAD_LIMIT ? `latest ${fmtInt(DEAD_LIMIT)}` : fmtInt(letters.length));
  if (!letters.length) {
    list.replaceChildren(h('li', { class: 'placeholder dead-none' }, 'None: every input record could be read.'));
  } else {
    list.replaceChildren(...letters.map(deadLetterItem));
  }
  showDeadLetters();
}

function deadLetterItem(d) {
  const at = parseTime(d.at);
  const where = `${d.topic == null ? 'unknown topic' : String(d.topic)}` +
    (d.partition != null ? ` [${d.partition}]` : '') + (d.offset != null ? ` @${d.offset}` : '');
  const text = (v) => (v == null ? '(none)' : String(v));
  return h('li', { class: 'dead-item', 'data-topic': d.topic == null ? '' : String(d.topic) },
    h('details', null,
      h('summary', null,
        h('time', { class: 'dead-time', datetime: d.at ? String(d.at) : null, title: fullTime(at) }, dayAndClock(at)),
        h('span', { class: 'dead-topic mono' }, where),
        h('span', { class: 'dead-reason' }, d.reason == null ? 'no reason given' : String(d.reason))),
      h('dl', { class: 'dead-record' },
        h('dt', null, 'Key'), h('dd', { class: 'mono' }, text(d.key)),
        h('dt', null, 'Record'), h('dd', { class: 'mono' }, text(d.value)))));
}

/** The clock time, with the day when it is not today: the list is not redrawn as time passes. */
function dayAndClock(ms) {
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  return today ? clockTime(ms) : `${d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })} ${clockTime(ms)}`;
}

function showDeadLetters() {
  const items = $('dead-list').querySelectorAll('li.dead-item');
  items.forEach((li, i) => { li.hidden = !deadAll && i >= DEAD_SHOWN; });
  const more = $('dead-more');
  more.hidden = items.length <= DEAD_SHOWN;
  setText(more, deadAll ? `Show the latest ${DEAD_SHOWN}` : `Show all ${fmtInt(items.length)}`);
}

async function refreshLag() {
  setTimeout(refreshLag, LAG_REFRESH_MS);
  const topics = $('lag-topics');
  const totalEl = $('lag-total');
  let body;
  try {
    ({ body } = await api('/api/lag', { timeout: 10000 }));
  } catch (err) {
    setText(totalEl, '?');
    totalEl.dataset.level = 'unknown';
    topics.replaceChildren(h('li', { class: 'placeholder' }, `The cluster could not be asked: ${err.message}`));
    return;
  }
  if (!body || typeof body !== 'object') return;
  const total = num(body.total);
  setText(totalEl, fmtInt(total));
  totalEl.dataset.level = total === 0 ? 'ok' : total < 1000 ? 'low' : 'high';
  const at = parseTime(body.at);
  setText($('lag-at'), Number.isFinite(at) ? `at ${clockTime(at)}` : '');
  const list = Array.isArray(body.topics) ? body.topics.filter((t) => t && typeof t === 'object') : [];
  topics.replaceChildren(...list.map((t) => h('li', { 'data-topic': String(t.topic ?? '') },
    h('span', { class: 'mono' }, String(t.topic ?? '')),
    h('span', { class: 'muted' }, `${fmtInt(t.partitions)} partition${num(t.partitions) === 1 ? '' : 's'}`),
    h('b', null, fmtInt(t.lag)))));
}

function wirePipeline() {
  $('dead-more').addEventListener('click', () => {
    deadAll = !deadAll;
    showDeadLetters();
  });
}

/* ------------------------------------------------------------------ toasts */

function toast(text, kind = 'ok', timeout = 6000) {
  const box = $('toasts');
  const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss' }, '×');
  const el = h('div', { class: 'toast', 'data-kind': kind, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-text' }, text), close);
  const remove = () => el.remove();
  close.addEventListener('click', remove);
  box.append(el);
  while (box.children.length > 4) box.firstElementChild.remove();
  setTimeout(remove, timeout);
}

/* ------------------------------------------------------------------ filters, sorting, URL state */

function readHashState() {
  const p = new URLSearchParams(location.hash.replace(/^#/, ''));
  const sort = p.get('sort');
  if (sort) {
    const [key, dir] = sort.split(':');
    if (SORTS[key]) state.sort = { key, dir: dir === 'asc' ? 'asc' : 'desc' };
  }
  const status = p.get('status');
  if (status && ['HEALTHY', 'WARNING', 'PAUSED', 'UNHEALTHY', 'BLOCKED'].includes(status)) state.filter.status = status;
  state.filter.domain = p.get('domain') || '';
  state.filter.q = p.get('q') || '';
}

function writeHashState() {
  const p = new URLSearchParams();
  if (!(state.sort.key === 'status' && state.sort.dir === 'desc')) p.set('sort', `${state.sort.key}:${state.sort.dir}`);
  if (state.filter.status) p.set('status', state.filter.status);
  if (state.filter.domain) p.set('domain', state.filter.domain);
  if (state.filter.q) p.set('q', state.filter.q);
  const s = p.toString();
  const url = `${location.pathname}${location.search}${s ? `#${s}` : ''}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
}

function applyFilters({ domainsToo = false } = {}) {
  writeHashState();
  renderTable();
  if (domainsToo) {
    syncDomainFilterOptions();
    for (const card of $('domain-grid').querySelectorAll('.domain-card')) {
      const sel = card.dataset.domain === state.filter.domain;
      card.classList.toggle('is-selected', sel);
      const btn = card.querySelector('[data-role="filter"]');
      if (btn) {
        btn.setAttribute('aria-pressed', sel ? 'true' : 'false');
        btn.title = sel ? 'Show all domains' : `Show only mailboxes of ${card.dataset.domain}`;
      }
    }
  }
}

function setDomainFilter(domain) {
  state.filter.domain = domain;
  applyFilters({ domainsToo: true });
}

function wireControls() {
  const search = $('search');
  search.value = state.filter.q;
  $('status-filter').value = state.filter.status;
  let searchTimer = null;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.filter.q = search.value;
      applyFilters();
    }, 120);
  });
  $('status-filter').addEventListener('change', (e) => {
    state.filter.status = e.target.value;
    applyFilters();
  });
  $('domain-filter').addEventListener('change', (e) => setDomainFilter(e.target.value));
  $('clear-filters').addEventListener('click', () => {
    state.filter = { q: '', status: '', domain: '' };
    search.value = '';
    $('status-filter').value = '';
    applyFilters({ domainsToo: true });
    search.focus();
  });

  // Sorting
  document.querySelector('#mailbox-table thead').addEventListener('click', (e) => {
    const btn = e.target.closest('button[data-sort]');
    if (!btn || !SORTS[btn.dataset.sort]) return;
    const key = btn.dataset.sort;
    if (state.sort.key === key) state.sort.dir = state.sort.dir === 'asc' ? 'desc' : 'asc';
    else state.sort = { key, dir: SORTS[key].dir };
    applyFilters();
  });

  // Row actions and domain links (event delegation: rows are rebuilt on every refresh)
  $('mailbox-body').addEventListener('click', (e) => {
    const btn = e.target.closest('button');
    if (!btn) return;
    const tr = btn.closest('tr[data-mailbox]');
    if (!tr) return;
    if (btn.dataset.action) openActionDialog('mailbox', btn.dataset.action, tr.dataset.mailbox, btn);
  });

  // Domain cards: action buttons open the dialog, anything else toggles the domain filter
  $('domain-grid').addEventListener('click', (e) => {
    const card = e.target.closest('.domain-card');
    if (!card) return;
    const btn = e.target.closest('button[data-action]');
    if (btn) {
      openActionDialog('domain', btn.dataset.action, card.dataset.domain, btn);
      return;
    }
    if (window.getSelection && String(window.getSelection()).length > 0) return;   // selecting text
    setDomainFilter(state.filter.domain === card.dataset.domain ? '' : card.dataset.domain);
  });

  // Feed: clicking an id narrows the table to it
  $('feed').addEventListener('click', (e) => {
    const btn = e.target.closest('button[data-role="feed-target"]');
    if (!btn) return;
    const li = btn.closest('li');
    if (li.dataset.entity === 'DOMAIN') {
      setDomainFilter(li.dataset.id);
    } else {
      state.filter = { q: li.dataset.id, status: '', domain: '' };
      search.value = li.dataset.id;
      $('status-filter').value = '';
      applyFilters({ domainsToo: true });
    }
    $('mailboxes-title').scrollIntoView({ behavior: 'smooth', block: 'start' });
  });

  // Dialog
  $('confirm-form').addEventListener('submit', submitAction);
  $('confirm-cancel').addEventListener('click', () => $('confirm-dialog').close('cancel'));
  $('confirm-dialog').addEventListener('close', onDialogClose);
  $('confirm-reason').addEventListener('input', (e) => {
    if (e.target.value.trim()) { e.target.removeAttribute('aria-invalid'); hideDialogError(); }
  });

  // "/" focuses the search box
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.closest('input, select, textarea, dialog') || t.isContentEditable)) return;
    e.preventDefault();
    search.focus();
    search.select();
  });

  // Coming back to the tab: refresh now
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) scheduleRefresh(0);
  });
}

/* ------------------------------------------------------------------ start */

// The program prints the dashboard's address with ?token=... once at start (as notebook servers
// do): keep the token for this tab and take it out of the address bar, the history and any
// bookmark. Writes send it; when a write answers 401 without one, the dialog asks for it.
function adoptTokenFromAddress() {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (token === null) return;
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  params.delete('token');
  const query = params.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
}

function start() {
  adoptTokenFromAddress();
  readHashState();
  wireControls();
  wireSuppressions();
  wireFeedMore();
  wireTrends();
  wirePipeline();
  renderSortHeaders();
  setLive('connecting');
  scheduleRefresh(0);
  loadChanges();
  connectStream();
  refreshSeries();
  refreshDeadLetters();
  refreshLag();
  setInterval(tickTimes, 1000);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
