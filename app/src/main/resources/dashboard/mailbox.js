// bouncewatch mailbox page — one mailbox: its state, routes, timeline with the evidence in words,
// operator actions, bounces and window over time. Reads GET /api/mailboxes/{m}, its /history and
// GET /api/rules. Vanilla ES2020 module; every API string goes in as text, never as HTML.

import {
  $, h, setText, api, adoptTokenFromAddress, normMailbox, DEFAULT_RULES,
  num, nf2, fmt2, fmtInt, fmtPct, parseTime, dayTime, fullTime, relTime, durationClock,
  reasonLabel, providerLabel, badge, riskBar, evidenceText, causeText, domainPath, wireActionDialog, pageName,
  openActionDialog, timeline, operatorActions, showPageError, stampUpdated, poller, settleSubject,
} from './common.js';
import { lineChart } from './charts.js';

const REFRESH_MS = 10000;
const CATEGORIES = ['LIST', 'REPUTATION', 'CONFIG', 'THROTTLE', 'TRANSIENT', 'IGNORE', 'UNKNOWN'];
const CATEGORY_HINTS = {
  LIST: 'the address does not exist: counts, suppresses the recipient',
  REPUTATION: 'blocklisted or low reputation: counts, strikes the route',
  CONFIG: 'SPF, DKIM, DMARC, reverse DNS, TLS: blames the domain setup',
  THROTTLE: 'rate limited: slows the route down',
  TRANSIENT: 'mailbox full, busy, network: soft',
  IGNORE: 'auto-replies and delivery notices: no bounce',
  UNKNOWN: 'nothing matched',
};

const mailbox = pageName('mailboxes');
const state = { rules: { ...DEFAULT_RULES }, rulesLoaded: false, health: null, historyText: null, window: [] };
let poll = null;

/* ------------------------------------------------------------------ state */

function renderState(m, latest) {
  const r = state.rules;
  setText($('title'), m.mailbox);
  $('status').replaceChildren(badge(m.status));
  document.title = `${m.mailbox} · ${m.status} · bouncewatch`;
  const crumb = $('crumb-domain');
  crumb.hidden = false;
  setText(crumb, m.domain);
  crumb.href = domainPath(m.domain);

  const why = $('why');
  why.replaceChildren();
  if (latest) {
    why.append(h('strong', null, evidenceText(latest)));
    const cause = causeText(latest);
    if (cause) why.append(h('span', { class: 'muted' }, ` — ${cause}`));
    why.append(h('span', { class: 'muted', title: fullTime(parseTime(latest.at)) }, ` (${relTime(parseTime(latest.at))})`));
  } else {
    why.append(m.reason ? `Last change: ${reasonLabel(m.reason)}` : 'Its status never changed.');
  }

  const now = Date.now();
  let sending;
  if (m.blockedBy === 'DOMAIN') sending = h('span', { class: 'blocked', 'data-by': 'DOMAIN' }, `blocked: its domain ${m.domain} is paused`);
  else if (!m.sendingAllowed) sending = h('span', { class: 'blocked', 'data-by': 'MAILBOX' }, 'blocked: the mailbox is paused');
  else sending = h('span', { class: 'ok-text' }, 'allowed');

  let cooldown = '—';
  if (Number.isFinite(m._cool)) {
    cooldown = m._cool > now ? `ends ${dayTime(m._cool)} (in ${durationClock(m._cool - now)})` : 'ended, resuming…';
  } else if (m.status === 'PAUSED') {
    cooldown = 'none: held until an operator resumes it';
  } else if (m.probationSendsRemaining > 0) {
    cooldown = `on probation: ${fmt2(m.probationSendsRemaining)} more clean sends before HEALTHY`;
  }

  const rateClass = m.bounceRate >= r.pauseBounceRate ? 'rate-pause' : m.bounceRate >= r.warningBounceRate ? 'rate-warn' : '';
  const facts = [
    ['Sending', sending],
    ['Cooldown', cooldown],
    ['Window', h('span', null,
      h('strong', { 'data-field': 'window' }, `${fmt2(m.windowBounces)} bounces / ${fmt2(m.windowSends)} sends`),
      ' · ', h('strong', { class: rateClass, 'data-field': 'rate' }, fmtPct(m.bounceRate)),
      m.windowComplaints > 0 ? ` · ${fmt2(m.windowComplaints)} complaints` : '')],
    ['Bounce rate', `bounces that count ÷ sends in the window; warning at ${fmtPct(r.warningBounceRate)}, pause at ${fmtPct(r.pauseBounceRate)}` +
      (m.totalSends < r.minSends ? ` once it has ${fmtInt(r.minSends)} lifetime sends (now ${fmtInt(m.totalSends)})` : '')],
    ['Risk', riskBar(m.riskScore, 'Risk score')],
    ['Lifetime', `${fmtInt(m.totalSends)} sends · ${fmtInt(m.totalBounces)} bounces · ${fmtInt(m.totalComplaints)} complaints`],
    ['Last event', h('span', { title: fullTime(m._last) }, Number.isFinite(m._last) ? `${dayTime(m._last)} (${relTime(m._last, now)})` : '—')],
  ];
  if (state.health.operator) {
    facts.push(['Last command', `by ${state.health.operator}${state.health.note ? `: “${state.health.note}”` : ''}`]);
  }
  const dl = $('facts');
  dl.replaceChildren();
  for (const [name, value] of facts) {
    dl.append(h('div', { class: 'fact' }, h('dt', null, name),
      h('dd', { 'data-fact': name.toLowerCase().replace(/ /g, '-') }, value)));
  }

  const actions = $('actions');
  actions.replaceChildren(
    m.status === 'PAUSED'
      ? h('button', { type: 'button', class: 'btn btn-act-resume', 'data-action': 'resume' }, 'Resume…')
      : h('button', { type: 'button', class: 'btn btn-act-pause', 'data-action': 'pause' }, 'Pause…'),
    h('button', { type: 'button', class: 'btn btn-act-reset', 'data-action': 'reset' }, 'Reset window…'));
}

function renderRoutes(m) {
  const box = $('routes');
  if (!m.routes.length) {
    box.replaceChildren(h('p', { class: 'placeholder' }, 'Every provider takes its mail: all routes are OK.'));
    return;
  }
  const body = h('tbody');
  for (const r of m.routes) {
    const until = parseTime(r.until);
    body.append(h('tr', { 'data-provider': r.provider, 'data-status': r.status },
      h('td', null, providerLabel(r.provider)),
      h('td', null, badge(r.status, true)),
      h('td', null, reasonLabel(r.reason)),
      h('td', { title: fullTime(until) }, Number.isFinite(until) ? `${dayTime(until)} (in ${durationClock(until - Date.now())})` : '—')));
  }
  box.replaceChildren(h('table', { class: 'data-table' },
    h('thead', null, h('tr', null, h('th', null, 'Provider'), h('th', null, 'Status'), h('th', null, 'Reason'), h('th', null, 'Until'))),
    body));
}

function renderCategories(health) {
  const by = health.bouncesByCategory && typeof health.bouncesByCategory === 'object' ? health.bouncesByCategory : {};
  const max = Math.max(1, ...CATEGORIES.map((c) => num(by[c])));
  $('categories').replaceChildren(...CATEGORIES.map((c) => h('li', { class: 'cat-bar', 'data-category': c, title: CATEGORY_HINTS[c] },
    h('span', { class: 'cat-name' }, c),
    h('span', { class: 'cat-track', 'aria-hidden': 'true' },
      h('span', { class: 'cat-fill', style: { width: `${(100 * num(by[c])) / max}%` } })),
    h('b', { class: 'cat-count' }, fmtInt(by[c])))));
}

function renderBounces(bounces) {
  const box = $('bounces');
  if (!bounces.length) {
    box.replaceChildren(h('p', { class: 'placeholder' }, 'No counted bounce kept yet.'));
    return;
  }
  // A bounce is two rows: what and where, then the start of its reply across the whole width.
  const rows = bounces.map((b) => {
    const at = parseTime(b.at);
    return h('tbody', { class: 'bounce', 'data-category': String(b.category ?? '') },
      h('tr', null,
        h('td', { class: 'nowrap', title: fullTime(at) }, dayTime(at)),
        h('td', { class: 'mono wrap' }, String(b.recipient ?? '—')),
        h('td', null, h('span', { class: 'cat-chip', 'data-category': String(b.category ?? '') }, String(b.category ?? '—'))),
        h('td', { class: 'mono' }, b.class == null ? '—' : String(b.class)),
        h('td', null, b.provider == null ? '—' : providerLabel(b.provider))),
      h('tr', { class: 'reply-row' },
        h('td', { colspan: 5, class: 'diag', title: b.eventId ? `event ${b.eventId}` : null },
          b.diagnostic == null ? 'no reply text' : String(b.diagnostic))));
  });
  box.replaceChildren(h('table', { class: 'data-table bounce-table' },
    h('thead', null, h('tr', null, h('th', null, 'When'), h('th', null, 'Recipient'), h('th', null, 'Category'),
      h('th', null, 'Class'), h('th', null, 'Provider'))),
    ...rows));
}

/** The kept samples, then the window as it is now: it holds until the next event changes it. */
function renderWindow(kept, m) {
  const r = state.rules;
  const samples = [...kept, { at: Date.now(), bounceRate: m.bounceRate, windowSends: m.windowSends, windowBounces: m.windowBounces }];
  const times = samples.map((s) => parseTime(s.at));
  const constant = (v) => samples.map(() => v);
  lineChart($('chart-rate'), {
    times,
    series: [
      { name: 'Bounce rate', values: samples.map((s) => num(s.bounceRate) * 100), color: 'var(--brand)' },
      { name: 'Warning at', values: constant(r.warningBounceRate * 100), color: 'var(--warning-solid)', dash: true },
      { name: 'Pause at', values: constant(r.pauseBounceRate * 100), color: 'var(--paused-solid)', dash: true },
    ],
    format: (v) => `${nf2.format(v)}%`,
    height: 170,
    label: 'Window bounce rate over time, with the warning and pause rates',
    empty: 'No window sample yet: one is kept at most every 10 minutes of event time and at each status change.',
  });
  lineChart($('chart-sends'), {
    times,
    series: [
      { name: 'Window sends', values: samples.map((s) => num(s.windowSends)), color: 'var(--healthy-solid)' },
      { name: 'Window bounces', values: samples.map((s) => num(s.windowBounces)), color: 'var(--paused-solid)' },
    ],
    format: (v) => fmt2(v),
    height: 130,
    label: 'Window sends and bounces over time',
    empty: ' ',
  });
}

/* ------------------------------------------------------------------ loading */

function notKnown(message) {
  setText($('title'), mailbox);
  const at = mailbox.lastIndexOf('@');
  const crumb = $('crumb-domain');
  crumb.hidden = at < 0;
  if (at >= 0) {
    setText(crumb, mailbox.slice(at + 1));
    crumb.href = domainPath(mailbox.slice(at + 1));
  }
  $('status').replaceChildren(h('span', { class: 'badge', 'data-tone': 'UNKNOWN' }, 'NOT KNOWN'));
  $('why').replaceChildren(h('strong', null, `This mailbox is not known: ${message}.`),
    ' No send, bounce or command has named it, or it was removed.');
  $('facts').replaceChildren();
  $('actions').replaceChildren();
  for (const id of ['timeline', 'operator', 'routes', 'bounces', 'chart-rate', 'chart-sends']) $(id).replaceChildren();
  $('categories').replaceChildren();
  document.body.classList.add('is-unknown');
}

async function load() {
  const [health, history, rules] = await Promise.allSettled([
    api(`/api/mailboxes/${encodeURIComponent(mailbox)}`),
    api(`/api/mailboxes/${encodeURIComponent(mailbox)}/history`),
    state.rulesLoaded ? Promise.resolve(null) : api('/api/rules'),
  ]);
  const errors = [];
  if (!settleSubject(state, rules, health, notKnown, 'the mailbox', errors)) return;
  let hist = null;
  if (history.status === 'fulfilled' && history.value.body && typeof history.value.body === 'object') {
    hist = history.value.body;
  } else if (history.status === 'rejected') {
    errors.push(`its history: ${history.reason.message}`);
  }
  if (state.health) {
    const m = normMailbox(state.health);
    const changes = hist && Array.isArray(hist.changes) ? hist.changes.filter((c) => c && typeof c === 'object') : null;
    const last = changes ? changes.find((c) => c.entity !== 'ROUTE') : null;
    // The two reads may straddle a change: its words only once the state shows it too.
    const latest = last && last.to === m.status ? last : null;
    renderState(m, latest);
    renderRoutes(m);
    renderCategories(state.health);
    if (hist) state.window = Array.isArray(hist.window) ? hist.window.filter((s) => s && typeof s === 'object') : [];
    renderWindow(state.window, m);
    if (hist && history.value.text !== state.historyText) {
      state.historyText = history.value.text;
      $('timeline').replaceChildren(timeline(changes, 'No status change kept yet.'));
      $('operator').replaceChildren(operatorActions(changes, 'No operator has paused, resumed or reset this mailbox.'));
      renderBounces(Array.isArray(hist.bounces) ? hist.bounces.filter((b) => b && typeof b === 'object') : []);
    } else if (!hist && state.historyText === null) {
      for (const id of ['timeline', 'operator', 'bounces']) {
        $(id).replaceChildren(h('p', { class: 'placeholder' }, 'The history is not available now.'));
      }
    }
  }
  showPageError(errors.length ? `Cannot load ${errors.join('; ')}. Retrying…` : null);
  stampUpdated();
}

function start() {
  adoptTokenFromAddress();
  setText($('title'), mailbox);
  wireActionDialog({
    rules: () => state.rules,
    mailbox: (id) => (state.health && id === mailbox ? normMailbox(state.health) : null),
    accepted: () => poll.soon(1000),
    refocus: (ctx) => $('actions').querySelector(`button[data-action="${ctx.action}"]`) || $('actions').querySelector('button'),
  });
  $('actions').addEventListener('click', (e) => {
    const btn = e.target.closest('button[data-action]');
    if (btn) openActionDialog('mailbox', btn.dataset.action, mailbox, btn);
  });
  poll = poller(load, REFRESH_MS);
  poll.refresh();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
