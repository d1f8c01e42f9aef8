// bouncewatch dashboard — vanilla ES2020 module, no build step, no dependencies.
//
// SECURITY: every string that comes from the API (mailbox addresses, domains, reasons,
// error messages, command ids...) is inserted with textContent / text nodes / setAttribute.
// Nothing in this file assigns innerHTML.

import {
  $, h, setText, api, ApiError, adoptTokenFromAddress, pickNumbers, normMailbox, normDomain, DEFAULT_RULES,
  STATUSES, nf0, nf1, nf2, fmt2, fmtInt, fmtPct, parseTime, clockTime, fullTime, relTime, durationClock, reasonLabel,
  num, providerLabel, badge, riskBar, categoryLabel, sourceLabel, wireActionDialog, openActionDialog,
  evidenceText, causeText, mailboxPath, domainPath,
} from './common.js';
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
    h('a', { class: 'dc-name', href: domainPath(d.domain), title: `Open the page of domain ${d.domain}` }, d.domain));
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
  const actions = h('div', { class: 'dc-actions' },
    h('button', {
      type: 'button', class: 'btn btn-xs btn-ghost', 'data-role': 'filter', 'aria-pressed': selected ? 'true' : 'false',
      title: selected ? 'Show all domains' : `Show only mailboxes of ${d.domain}`,
    }, selected ? 'All' : 'Filter'));
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
  const link = h('a', { class: 'mb-link', href: mailboxPath(m.mailbox), title: `Open the page of ${m.mailbox}` });
  if (at > 0) link.append(h('span', { class: 'mb-local' }, m.mailbox.slice(0, at)), h('span', { class: 'mb-domain' }, m.mailbox.slice(at)));
  else link.append(m.mailbox);
  tr.append(h('td', { class: 'cell-mailbox' }, link));

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
    h('a', {
      class: 'feed-id', href: entity === 'DOMAIN' ? domainPath(id) : mailboxPath(id),
      title: entity === 'DOMAIN' ? `Open the page of domain ${id}` : `Open the page of mailbox ${id}`,
    }, id)));

  const detail = h('div', { class: 'feed-detail' },
    badge(c.from, true), h('span', { class: 'feed-arrow', 'aria-label': 'to' }, '→'), badge(c.to, true));
  li.append(detail);
  // The evidence in words, as the mailbox and domain pages say it; the cause bounce after it.
  const words = evidenceText(c);
  const cause = causeText(c);
  const line = h('div', { class: 'feed-meta', title: [words, cause].filter(Boolean).join(' · ') },
    h('span', { class: 'feed-reason', 'data-reason': c.reason == null ? null : String(c.reason) }, words));
  if (cause) line.append(` · ${cause}`);
  li.append(line);
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
  es.addEventListener('open', () => {
    setLive('live');
    stopPolling();
    // The stream carries only what comes after it opened: load the list again, even when a load
    // is under way, which may have read it before the stream opened.
    loadChanges();
  });
  es.addEventListener('change', onStreamChange);
  es.addEventListener('message', onStreamChange);   // in case the server sends unnamed events
  es.addEventListener('error', () => {
    if (stream !== es) return;
    setLive('reconnecting');
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
let loadChangesAgain = false;   // asked for while a load was under way: load once more after it
async function loadChanges() {
  if (loadingChanges) { loadChangesAgain = true; return; }
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
    if (loadChangesAgain) {
      loadChangesAgain = false;
      loadChanges();
    }
  }
}

/* ------------------------------------------------------------------ suppressions */

const SUP_RECHECKS = 20;   // after a removal, look the address up again once a second, at most this often
const SUP_SUMMARY_MS = 30000;   // counting the list reads every entry on every instance: not on every refresh


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
        setText(btn, sel ? 'All' : 'Filter');
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

  // Domain cards: the name opens the domain's page, action buttons open the dialog, anything
  // else toggles the domain filter
  $('domain-grid').addEventListener('click', (e) => {
    const card = e.target.closest('.domain-card');
    if (!card || e.target.closest('a[href]')) return;
    const btn = e.target.closest('button[data-action]');
    if (btn) {
      openActionDialog('domain', btn.dataset.action, card.dataset.domain, btn);
      return;
    }
    if (window.getSelection && String(window.getSelection()).length > 0) return;   // selecting text
    setDomainFilter(state.filter.domain === card.dataset.domain ? '' : card.dataset.domain);
  });

  wireActionDialog({
    rules: () => state.rules,
    mailbox: (id) => state.mailboxes.find((x) => x.mailbox === id) || null,
    domain: (id) => state.domains.find((x) => x.domain === id) || null,
    suppression: (id) => (state.suppression && state.suppression.recipient === id ? state.suppression : null),
    accepted: (ctx) => (ctx.kind === 'recipient' ? watchRemoval(ctx.id) : scheduleRefresh(500)),
    refocus: refocusAfterDialog,
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

/** The same control as the one that opened the dialog, when the table or the cards were rebuilt. */
function refocusAfterDialog(ctx) {
  if (ctx.kind === 'recipient') return $('sup-result').querySelector('button[data-action]') || $('sup-address');
  const scope = ctx.kind === 'domain' ? $('domain-grid') : $('mailbox-body');
  const attr = ctx.kind === 'domain' ? 'domain' : 'mailbox';
  for (const el of scope.querySelectorAll(`[data-${attr}]`)) {
    if (el.dataset[attr] !== ctx.id) continue;
    return el.querySelector(`button[data-action="${ctx.action}"]`) || el.querySelector('button[data-action]');
  }
  return null;
}

/* ------------------------------------------------------------------ start */

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
