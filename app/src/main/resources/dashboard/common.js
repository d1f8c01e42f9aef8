// bouncewatch pages — what the dashboard, the mailbox page and the domain page share: DOM and
// formatting helpers, the API client and its token, the evidence of a change in words, and the
// operator action dialog. Vanilla ES2020 module, no build step, no dependencies.
//
// SECURITY: every string that comes from the API is inserted with textContent / text nodes /
// setAttribute. Nothing in this file assigns innerHTML.

/* ------------------------------------------------------------------ constants */

export const OPERATOR_KEY = 'bouncewatch.operator';
export const TOKEN_KEY = 'bouncewatch.token';

export const DEFAULT_RULES = {
  domainWarningRatio: 0.3, domainPauseRatio: 0.5, pauseBounces: 5, warningBounces: 3,
  minSends: 60, pauseBounceRate: 0.03, warningBounceRate: 0.02, windowMaxSends: 100, probationSends: 60,
  recoveryRate: 0.015, recoverySends: 50,
};

export const SEVERITY = { PAUSED: 2, WARNING: 1, HEALTHY: 0 };
export const STATUSES = ['HEALTHY', 'WARNING', 'PAUSED'];
// A route (a mailbox towards one mailbox provider) is OK, slowed down or blocked by that provider.
export const ROUTE_STATUSES = ['OK', 'SLOW_DOWN', 'BLOCKED'];
const PROVIDER_LABELS = { google: 'Gmail', microsoft: 'Microsoft', yahoo: 'Yahoo', apple: 'Apple', other: 'Other' };
export const providerLabel = (p) => PROVIDER_LABELS[p] || String(p || 'other');

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

const SUP_CATEGORY_LABELS = {
  LIST: 'Address does not exist (LIST)',
  COMPLAINT: 'Complaint',
  TRANSIENT: 'Repeated soft bounces',
  NONE: 'No category',
};
const SUP_SOURCE_LABELS = { BOUNCE: 'a bounce', COMPLAINT: 'a complaint', OPERATOR: 'an operator', IMPORT: 'an import' };

export const categoryLabel = (c) => (c ? SUP_CATEGORY_LABELS[c] || String(c) : SUP_CATEGORY_LABELS.NONE);
export const sourceLabel = (s) => (s ? SUP_SOURCE_LABELS[s] || String(s) : '—');

/* ------------------------------------------------------------------ DOM helpers */

export const $ = (id) => document.getElementById(id);

/** Creates an element. Strings and numbers among children become text nodes. */
export function h(tag, props, ...children) {
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

export function setText(el, text) {
  const s = String(text);
  if (el.textContent !== s) el.textContent = s;
}

/** The name a page is about, from its address (/mailboxes/{name}); as written when not decodable. */
export function pageName(prefix) {
  const raw = location.pathname.slice(prefix.length + 2);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The address of a mailbox's or a domain's page. */
export const mailboxPath = (mailbox) => `/mailboxes/${encodeURIComponent(mailbox)}`;
export const domainPath = (domain) => `/domains/${encodeURIComponent(domain)}`;

/* ------------------------------------------------------------------ formatting */

export const nf2 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
export const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
export const nf0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const num = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : (Number.isFinite(Number(x)) && x !== null && x !== '' ? Number(x) : 0));
export const fmt2 = (x) => nf2.format(num(x));
export const fmtInt = (x) => nf0.format(num(x));
export const fmtPct = (ratio, nf = nf2) => `${nf.format(num(ratio) * 100)}%`;
const pad2 = (n) => String(n).padStart(2, '0');

export function parseTime(s) {
  if (s == null || s === '') return NaN;
  if (typeof s === 'number') return Number.isFinite(s) ? s : NaN;   // epoch millis, just in case
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : (/^\d{10,}$/.test(s) ? Number(s) : NaN);
}

export function clockTime(ms) {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Date and time on the viewer's clock, short: "12-05 14:14:28". */
export function dayTime(ms) {
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${clockTime(ms)}`;
}

export function fullTime(ms) {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${clockTime(ms)} (local) · ${d.toISOString()}`;
}

export function relTime(ms, now = Date.now()) {
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

export function durationClock(ms) {
  let s = Math.max(0, Math.ceil(ms / 1000));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hh = Math.floor(s / 3600); s -= hh * 3600;
  const mm = Math.floor(s / 60); s -= mm * 60;
  const clock = `${pad2(hh)}:${pad2(mm)}:${pad2(s)}`;
  return d > 0 ? `${d}d ${clock}` : clock;
}

/** A duration in words, to the largest two units: "2h 5m", "45s", "1d 3h". */
export function durationWords(seconds) {
  let s = Math.max(0, Math.round(num(seconds)));
  const units = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  const parts = [];
  for (const [name, size] of units) {
    if (s >= size && parts.length < 2) {
      parts.push(`${Math.floor(s / size)}${name}`);
      s %= size;
    } else if (parts.length) break;
  }
  return parts.length ? parts.join(' ') : '0s';
}

export const reasonLabel = (r) => (r ? REASON_LABELS[r] || String(r) : '—');

export function badge(status, small = false) {
  const s = STATUSES.includes(status) || ROUTE_STATUSES.includes(status) ? status : String(status || 'UNKNOWN');
  return h('span', { class: small ? 'badge badge-sm' : 'badge', 'data-tone': s }, s);
}

function riskLevel(score) {
  if (score >= 70) return 'high';
  if (score >= 40) return 'mid';
  return 'low';
}

export function riskBar(score, label) {
  const v = Math.max(0, Math.min(100, num(score)));
  return h('span', { class: 'risk', role: 'img', 'aria-label': `${label} ${fmt2(v)} of 100` },
    h('span', { class: 'risk-track', 'aria-hidden': 'true' },
      h('span', { class: 'risk-fill', 'data-level': riskLevel(v), style: { width: `${v}%` } })),
    h('span', { class: 'risk-val', 'aria-hidden': 'true' }, nf0.format(v)));
}

/* ------------------------------------------------------------------ evidence in words */

const count = (x) => fmt2(x);
const plural = (n, one, many = `${one}s`) => `${count(n)} ${num(n) === 1 ? one : many}`;

/** What happened to a mailbox or a domain, in a word or two, from its statuses and reason. */
function outcome(c) {
  const operator = c.reason === 'OPERATOR';
  if (c.to === 'PAUSED') return 'Paused';
  if (c.from === 'PAUSED') {
    if (operator) return c.to === 'HEALTHY' && c.entity === 'MAILBOX' ? 'Reset' : 'Resumed';
    if (c.entity === 'MAILBOX') return 'Resumed on probation';
  }
  if (operator && c.to === 'HEALTHY' && c.entity === 'MAILBOX') return 'Reset';
  if (c.to === 'WARNING') return c.from === 'HEALTHY' ? 'Warning' : 'Down to warning';
  return 'Healthy again';
}

/** The rule's measure in words for a mailbox or a domain change, or null when unknown. */
function entityRuleText(c, e) {
  const t = e.threshold;
  const v = e.value;
  const up = c.to !== 'HEALTHY';
  switch (e.rule) {
    case 'BOUNCE_COUNT':
      return `${plural(v, 'bounce')} in the window ≥ ${count(t)}`;
    case 'BOUNCE_RATE':
      return `window bounce rate ${fmtPct(v)} ${up ? '≥' : '<'} ${fmtPct(t)} after ${plural(c.windowSends, 'send')}`;
    case 'COMPLAINTS':
      return up
        ? `${plural(v, 'complaint')} in the window ≥ ${count(t)}`
        : `window complaints ${count(v)} fell below ${count(t)}`;
    case 'EARLY_WARNING':
      return `${plural(v, 'bounce')} in the window ≥ ${count(t)} before the mailbox has volume`;
    case 'RECOVERY_RATE':
      return `window bounce rate ${fmtPct(v)} stayed below ${fmtPct(t)}`;
    case 'MIN_SENDS':
      return `${plural(v, 'lifetime send')} ≥ ${count(t)}: the early warning no longer applies and the rates are fine`;
    case 'PROBATION':
      return `${plural(v, 'clean send')} on probation (${count(t)} needed)`;
    case 'COOLDOWN_EXPIRED':
      return `the ${durationWords(t)} cooldown ran out after ${durationWords(v)} paused`;
    case 'UNHEALTHY_RATIO':
      return c.totalMailboxes != null
        ? `${fmtInt(c.unhealthyMailboxes)} of ${fmtInt(c.totalMailboxes)} mailboxes unhealthy, ${fmtPct(v, nf1)} ${up ? '≥' : '<'} ${fmtPct(t, nf1)}`
        : `unhealthy share ${fmtPct(v, nf1)} ${up ? '≥' : '<'} ${fmtPct(t, nf1)}`;
    case 'MIN_MAILBOXES':
      return `only ${plural(v, 'mailbox', 'mailboxes')}, the ratio rules need ${count(t)}`;
    case 'CONFIG_FAILURE':
      return `${plural(v, 'config failure')} in the last hour ≥ ${count(t)}`;
    case 'CONFIG_COOLDOWN':
      return `no config failure for ${durationWords(v)} (cooldown ${durationWords(t)})`;
    default:
      return null;
  }
}

/** A route change in words: "Gmail route blocked: 2 reputation bounces ≥ 2, until 14:20:00". */
function routeText(c, e) {
  const provider = providerLabel(c.provider);
  const until = parseTime(c.until);
  const untilText = Number.isFinite(until) && c.to !== 'OK' ? `, until ${dayTime(until)}` : '';
  switch (e && e.rule) {
    case 'RATE_LIMITED':
      return `${provider} route slowed down: the provider throttled this mailbox${untilText}`;
    case 'BLOCKED':
      return `${provider} route blocked: ${plural(e.value, 'reputation bounce')} ≥ ${count(e.threshold)}${untilText}`;
    case 'EXPIRED':
      return `${provider} route OK again: its ${c.from === 'BLOCKED' ? 'block' : 'slow-down'} ran its ${durationWords(e.threshold)}`;
    default:
      return `${provider} route ${String(c.from)} → ${String(c.to)}${c.reason ? ` (${reasonLabel(c.reason)})` : ''}${untilText}`;
  }
}

/**
 * The evidence of a status change in words, as a newcomer reads it: "Paused: window bounce rate
 * 4.2% ≥ 3% after 72 sends", "Resumed by ops@acme.io: “list cleaned”", "Gmail route blocked: 2
 * reputation bounces ≥ 2". The cause bounce is apart, in causeText.
 */
export function evidenceText(c) {
  if (!c || typeof c !== 'object') return '';
  const e = c.evidence && typeof c.evidence === 'object' ? c.evidence : null;
  if (c.entity === 'ROUTE') return routeText(c, e);
  const what = outcome(c);
  if (c.reason === 'OPERATOR' || (e && e.rule === 'OPERATOR')) {
    const who = c.operator ? ` by ${c.operator}` : ' by an operator';
    return `${what}${who}${c.note ? `: “${c.note}”` : ''}`;
  }
  const rule = e && e.threshold != null && e.value != null ? entityRuleText(c, e) : null;
  return `${what}: ${rule || reasonLabel(c.reason).toLowerCase()}`;
}

/** The bounce that caused a change, in words, or '' when none did. */
export function causeText(c) {
  if (!c || !c.causeCategory) return '';
  return `after a ${String(c.causeCategory)} bounce${c.causeDiagnostic ? `: ${String(c.causeDiagnostic)}` : ''}`;
}

/* ------------------------------------------------------------------ API */

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(path, options = {}) {
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

export function pickNumbers(obj) {
  const out = {};
  for (const k of Object.keys(DEFAULT_RULES)) {
    if (typeof obj[k] === 'number' && Number.isFinite(obj[k])) out[k] = obj[k];
  }
  return out;
}

// The program prints the dashboard's address with ?token=... once at start (as notebook servers
// do): keep the token for this tab and take it out of the address bar, the history and any
// bookmark. Writes send it; when a write answers 401 without one, the dialog asks for it.
export function adoptTokenFromAddress() {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (token === null) return;
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  params.delete('token');
  const query = params.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
}

/* ------------------------------------------------------------------ normalisation */

export function normMailbox(m) {
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

export function normDomain(d) {
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

/* ------------------------------------------------------------------ toasts */

export function toast(text, kind = 'ok', timeout = 6000) {
  let box = $('toasts');
  if (!box) {
    box = h('div', { class: 'toasts', id: 'toasts', 'aria-live': 'polite' });
    document.body.append(box);
  }
  const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss' }, '×');
  const el = h('div', { class: 'toast', 'data-kind': kind, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-text' }, text), close);
  const remove = () => el.remove();
  close.addEventListener('click', remove);
  box.append(el);
  while (box.children.length > 4) box.firstElementChild.remove();
  setTimeout(remove, timeout);
}

/* ------------------------------------------------------------------ operator actions */

const ACTION_VERBS = { pause: 'Pause', resume: 'Resume', reset: 'Reset', unsuppress: 'Removal' };

// What the page knows, for the dialog's words, and what it does once a command is accepted.
let hooks = {
  rules: () => DEFAULT_RULES,
  mailbox: () => null,        // id -> normalised mailbox, or null
  domain: () => null,         // id -> normalised domain, or null
  suppression: () => null,    // id -> the Suppression last looked up, or null
  accepted: () => {},         // ctx -> after a command was accepted
  refocus: () => null,        // ctx -> the control to focus when the trigger is gone
};
let dialogCtx = null;   // { kind, action, id, spec, returnFocus }
let dialogBusy = false;

/** The dialog's markup, made once per page. */
function dialogElement() {
  const existing = $('confirm-dialog');
  if (existing) return existing;
  const dlg = h('dialog', { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-what' },
    h('form', { method: 'dialog', id: 'confirm-form', novalidate: true },
      h('header', { class: 'dialog-head' },
        h('h2', { id: 'confirm-title' }, 'Confirm'),
        h('p', { class: 'dialog-target', id: 'confirm-target' })),
      h('div', { class: 'dialog-body' },
        h('p', { class: 'dialog-what', id: 'confirm-what' }),
        h('p', { class: 'dialog-now', id: 'confirm-now' }),
        h('label', { class: 'form-row' },
          h('span', { class: 'form-label' }, 'Reason ', h('span', { class: 'req', 'aria-hidden': 'true' }, '*')),
          h('input', {
            type: 'text', id: 'confirm-reason', name: 'reason', required: true, maxlength: 500, autocomplete: 'off',
            placeholder: 'e.g. list cleaned, DNS change', 'aria-describedby': 'confirm-reason-hint',
          }),
          h('span', { class: 'form-hint', id: 'confirm-reason-hint' }, 'Recorded with the command and shown to other operators.')),
        h('label', { class: 'form-row' },
          h('span', { class: 'form-label' }, 'Operator'),
          h('input', { type: 'text', id: 'confirm-operator', name: 'operator', maxlength: 200, autocomplete: 'email', placeholder: 'your name or email' })),
        h('label', { class: 'form-row', id: 'confirm-token-row', hidden: true },
          h('span', { class: 'form-label' }, 'Bearer token'),
          h('input', { type: 'password', id: 'confirm-token', name: 'token', autocomplete: 'off', placeholder: 'API token', 'aria-describedby': 'confirm-token-hint' }),
          h('span', { class: 'form-hint', id: 'confirm-token-hint' },
            "Changes need the API's token: http.auth.token, or the one printed at start after ?token= in the dashboard's address. " +
            'It is kept for this browser tab only.')),
        h('p', { class: 'dialog-error', id: 'confirm-error', role: 'alert', hidden: true })),
      h('footer', { class: 'dialog-foot' },
        h('button', { type: 'button', class: 'btn btn-ghost', id: 'confirm-cancel' }, 'Cancel'),
        h('button', { type: 'submit', class: 'btn btn-primary', id: 'confirm-ok' }, 'Confirm'))));
  document.body.append(dlg);
  return dlg;
}

/** Makes the page's action dialog and tells it what the page knows (see `hooks`). */
export function wireActionDialog(pageHooks) {
  hooks = { ...hooks, ...pageHooks };
  const dlg = dialogElement();
  $('confirm-form').addEventListener('submit', submitAction);
  $('confirm-cancel').addEventListener('click', () => dlg.close('cancel'));
  dlg.addEventListener('close', onDialogClose);
  $('confirm-reason').addEventListener('input', (e) => {
    if (e.target.value.trim()) { e.target.removeAttribute('aria-invalid'); hideDialogError(); }
  });
}

function describeAction(kind, action, id) {
  const r = hooks.rules();
  if (kind === 'recipient') {
    const s = hooks.suppression(id);
    return {
      title: 'Remove from the suppression list', button: 'Remove', danger: true,
      what: `Every mailbox of the fleet may send to ${id} again. The removal, with your reason, is written to the ` +
        'suppressions topic for schedulers. A new hard bounce or complaint suppresses the address again.',
      now: s ? `Now: suppressed (${categoryLabel(s.category)}, ${sourceLabel(s.source)}) since ${fullTime(parseTime(s.since))}` +
        (s.until ? ` until ${fullTime(parseTime(s.until))}` : ' until removed') : '',
    };
  }
  if (kind === 'domain') {
    const d = hooks.domain(id);
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
  const m = hooks.mailbox(id);
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

export function openActionDialog(kind, action, id, trigger) {
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
    hooks.accepted(ctx);
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
  // The page was rebuilt meanwhile: it finds the same control again.
  if (!target || !target.isConnected) target = hooks.refocus(ctx);
  if (target && target.isConnected) target.focus();
}

/* ------------------------------------------------------------------ the pages' shared views */

/** A page's list of status changes, newest first: when, from → to, the evidence in words. */
export function timeline(changes, empty) {
  const list = h('ol', { class: 'timeline' });
  for (const c of changes) {
    const at = parseTime(c.at);
    const operator = c.reason === 'OPERATOR';
    const cause = causeText(c);
    const item = h('li', {
      class: operator ? 'tl-item tl-operator' : 'tl-item',
      'data-entity': String(c.entity || ''), 'data-to': String(c.to ?? ''), 'data-reason': String(c.reason ?? ''),
    },
    h('time', { class: 'tl-time', datetime: c.at ? String(c.at) : null, title: fullTime(at) }, dayTime(at)),
    h('div', { class: 'tl-body' },
      h('div', { class: 'tl-head' },
        c.entity === 'ROUTE' ? h('span', { class: 'tl-kind' }, `${providerLabel(c.provider)} route`) : null,
        badge(c.from, true), h('span', { class: 'feed-arrow', 'aria-label': 'to' }, '→'), badge(c.to, true)),
      h('p', { class: 'tl-words' }, evidenceText(c)),
      cause ? h('p', { class: 'tl-cause' }, cause) : null,
      c.causeEventId && !operator ? h('p', { class: 'tl-event muted' }, `event ${String(c.causeEventId)}`) : null));
    list.append(item);
  }
  if (!changes.length) list.append(h('li', { class: 'placeholder' }, empty));
  return list;
}

/** The changes an operator made, prominently: who, what and why. */
export function operatorActions(changes, empty) {
  const mine = changes.filter((c) => c.reason === 'OPERATOR');
  const list = h('ul', { class: 'op-list' });
  for (const c of mine) {
    const at = parseTime(c.at);
    list.append(h('li', { class: 'op-item', 'data-to': String(c.to ?? '') },
      h('div', { class: 'op-head' },
        h('strong', { class: 'op-who' }, c.operator ? String(c.operator) : 'an operator'),
        h('span', { class: 'op-what' }, ` ${evidenceText({ ...c, operator: null, note: null }).replace(/ by an operator$/, '').toLowerCase()} `),
        badge(c.to, true),
        h('time', { class: 'op-time muted', datetime: c.at ? String(c.at) : null, title: fullTime(at) }, dayTime(at))),
      h('p', { class: c.note ? 'op-note' : 'op-note muted' }, c.note ? `“${String(c.note)}”` : 'no reason given')));
  }
  if (!mine.length) list.append(h('li', { class: 'placeholder' }, empty));
  return list;
}

/** A page's error line above its content: shown with a message, hidden with null. */
export function showPageError(message) {
  const banner = $('banner');
  if (!message) {
    banner.hidden = true;
    return;
  }
  setText($('banner-text'), message);
  banner.dataset.kind = 'error';
  banner.hidden = false;
}

/** Writes "updated HH:MM:SS" in the page's header. */
export function stampUpdated() {
  setText($('last-update'), `updated ${clockTime(Date.now())}`);
}

/**
 * A page's refresh loop: `load` now, then `periodMs` after each load ends. A refresh asked for
 * while a load is in flight runs once more right after it; a page brought back into view loads
 * at once. `soon(ms)` moves the next load to `ms` from now (after an operator action).
 */
export function poller(load, periodMs) {
  let timer = null;
  let loading = false;
  let again = false;
  async function refresh() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    clearTimeout(timer);
    try {
      await load();
    } catch (e) {
      console.error('refresh failed', e);
    } finally {
      loading = false;
    }
    timer = setTimeout(refresh, again ? 0 : periodMs);
    again = false;
  }
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
  return {
    refresh,
    soon(ms) {
      clearTimeout(timer);
      timer = setTimeout(refresh, ms);
    },
  };
}

/**
 * The first steps of a page's load, the same on every page: adopts the rule settings once they
 * answer (`rules` is the settled read of /api/rules, null when already loaded), then reads the
 * settled read of the page's own subject. A 404 or 400 calls `notKnown` and answers false (the
 * page shows that and stops); another failure is added to `errors` under `label`.
 */
export function settleSubject(state, rules, health, notKnown, label, errors) {
  if (rules.status === 'fulfilled' && rules.value && rules.value.body) {
    state.rules = { ...DEFAULT_RULES, ...pickNumbers(rules.value.body) };
    state.rulesLoaded = true;
  }
  if (health.status === 'rejected') {
    const err = health.reason;
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
      notKnown(err.message);
      showPageError(null);
      stampUpdated();
      return false;
    }
    errors.push(`${label}: ${err.message}`);
  } else {
    document.body.classList.remove('is-unknown');
    state.health = health.value.body || {};
  }
  return true;
}
