// bouncewatch domain page — one domain: its state and why, its mailboxes, its unhealthy share over
// time, its config failures, its timeline and operator actions. Reads GET /api/domains/{d}, its
// /history, GET /api/mailboxes?domain= and GET /api/rules. Vanilla ES2020 module; every API
// string goes in as text, never as HTML.

import {
  $, h, setText, api, adoptTokenFromAddress, normMailbox, normDomain, DEFAULT_RULES,
  nf1, fmt2, fmtInt, fmtPct, parseTime, dayTime, fullTime, relTime, reasonLabel, badge, riskBar,
  evidenceText, mailboxPath, wireActionDialog, pageName, openActionDialog, timeline, operatorActions, showPageError,
  stampUpdated, poller, settleSubject,
} from './common.js';
import { lineChart } from './charts.js';

const REFRESH_MS = 10000;

const domain = pageName('domains');
const state = { rules: { ...DEFAULT_RULES }, rulesLoaded: false, health: null, mailboxes: [], historyText: null, ratio: [] };
let poll = null;

/* ------------------------------------------------------------------ views */

/** The one action that applies, as on the dashboard: a paused domain can be resumed, any other paused. */
function domainAction(d) {
  return d.operatorPaused || d.status === 'PAUSED' ? 'resume' : 'pause';
}

function renderState(d, latest) {
  const r = state.rules;
  const name = d.domain || domain;
  setText($('title'), name);
  $('status').replaceChildren(badge(d.status));
  document.title = `${name} · ${d.status} · bouncewatch`;

  const why = $('why');
  why.replaceChildren();
  if (latest) {
    why.append(h('strong', null, evidenceText(latest)),
      h('span', { class: 'muted', title: fullTime(parseTime(latest.at)) }, ` (${relTime(parseTime(latest.at))})`));
  } else {
    why.append(d.reason ? `Last change: ${reasonLabel(d.reason)}` : 'Its status never changed.');
  }
  if (d.status === 'PAUSED' && !d.operatorPaused && d.reason === 'UNHEALTHY_RATIO') {
    why.append(h('span', { class: 'ph-note' },
      ` It resumes by itself once fewer than ${fmtPct(r.domainPauseRatio, nf1)} of its mailboxes are unhealthy.`));
  }

  const ratioClass = d.unhealthyRatio >= r.domainPauseRatio ? 'rate-pause' : d.unhealthyRatio >= r.domainWarningRatio ? 'rate-warn' : '';
  const facts = [
    ['Mailboxes', h('span', null,
      h('strong', { 'data-field': 'unhealthy' }, `${fmtInt(d.unhealthyMailboxes)} of ${fmtInt(d.totalMailboxes)} unhealthy`),
      ' · ', h('strong', { class: ratioClass }, fmtPct(d.unhealthyRatio, nf1)))],
    ['Ratio rules', `WARNING from ${fmtPct(r.domainWarningRatio, nf1)}, PAUSED from ${fmtPct(r.domainPauseRatio, nf1)} of its active mailboxes`],
    ['Held', d.operatorPaused ? h('span', { class: 'blocked', 'data-by': 'MAILBOX' }, 'paused by an operator until resumed') : 'no'],
    ['Config failures', `${fmtInt(d.configFailures)} in the last hour`],
    ['Average risk', riskBar(d.averageRiskScore, 'Average risk score')],
  ];
  if (state.health.operator) {
    facts.push(['Last command', `by ${state.health.operator}${state.health.note ? `: “${state.health.note}”` : ''}`]);
  }
  const dl = $('facts');
  dl.replaceChildren();
  for (const [label, value] of facts) {
    dl.append(h('div', { class: 'fact' }, h('dt', null, label),
      h('dd', { 'data-fact': label.toLowerCase().replace(/ /g, '-') }, value)));
  }

  const action = domainAction(d);
  $('actions').replaceChildren(action === 'resume'
    ? h('button', { type: 'button', class: 'btn btn-act-resume', 'data-action': 'resume' }, 'Resume domain…')
    : h('button', { type: 'button', class: 'btn btn-act-pause', 'data-action': 'pause' }, 'Pause domain…'));
}

function renderMailboxes(list) {
  const box = $('mailboxes');
  if (!list.length) {
    box.replaceChildren(h('p', { class: 'placeholder' }, 'No mailbox of this domain is known.'));
    return;
  }
  const rows = [...list].sort((a, b) => (b._sev - a._sev) || (b.bounceRate - a.bounceRate) || a.mailbox.localeCompare(b.mailbox));
  const body = h('tbody');
  for (const m of rows) {
    body.append(h('tr', { 'data-mailbox': m.mailbox, 'data-status': m.status },
      h('td', { class: 'wrap' }, h('a', { href: mailboxPath(m.mailbox) }, m.mailbox)),
      h('td', null, badge(m.status, true)),
      h('td', { class: 'num', title: 'bounces that count / sends in the window' }, `${fmt2(m.windowBounces)} / ${fmt2(m.windowSends)}`),
      h('td', { class: 'num' }, fmtPct(m.bounceRate)),
      h('td', null, reasonLabel(m.reason)),
      h('td', null, m.sendingAllowed ? 'allowed' : h('span', { class: 'blocked', 'data-by': m.blockedBy || 'MAILBOX' }, m.blockedBy || 'BLOCKED'))));
  }
  box.replaceChildren(h('table', { class: 'data-table' },
    h('thead', null, h('tr', null, h('th', null, 'Mailbox'), h('th', null, 'Status'),
      h('th', { class: 'num', title: 'bounces that count / sends in the window' }, 'Bounces / sends'),
      h('th', { class: 'num' }, 'Bounce rate'), h('th', null, 'Last change'), h('th', null, 'Sending'))),
    body));
}

/** The kept samples, then the ratio as it is now: it holds until the counts change. */
function renderRatio(kept, d) {
  const r = state.rules;
  const samples = [...kept, { at: Date.now(), unhealthyRatio: d.unhealthyRatio }];
  const constant = (v) => samples.map(() => v);
  lineChart($('chart-ratio'), {
    times: samples.map((s) => parseTime(s.at)),
    series: [
      { name: 'Unhealthy share', values: samples.map((s) => (s.unhealthyRatio == null ? null : Number(s.unhealthyRatio) * 100)), color: 'var(--brand)', step: true },
      { name: 'Warning at', values: constant(r.domainWarningRatio * 100), color: 'var(--warning-solid)', dash: true },
      { name: 'Pause at', values: constant(r.domainPauseRatio * 100), color: 'var(--paused-solid)', dash: true },
    ],
    format: (v) => `${nf1.format(v)}%`,
    yMax: 100,
    height: 180,
    label: 'Unhealthy share of the domain over time, with the warning and pause ratios',
    empty: 'No sample yet: one is kept whenever its counts change, at most one a minute.',
  });
}

function renderConfig(d, failures) {
  const box = $('config');
  box.replaceChildren(h('p', { class: 'config-count' },
    h('strong', { 'data-field': 'config-hour' }, fmtInt(d.configFailures)), ' in the last hour'));
  if (!failures.length) {
    box.append(h('p', { class: 'placeholder' }, 'No config failure kept.'));
    return;
  }
  box.append(h('h3', { class: 'sub-head' }, 'Latest'));
  const list = h('ul', { class: 'plain-list' });
  for (const f of failures) {
    const at = parseTime(f.at);
    list.append(h('li', null,
      h('time', { class: 'muted', title: fullTime(at) }, dayTime(at)), ' ',
      f.mailbox ? h('a', { href: mailboxPath(String(f.mailbox)) }, String(f.mailbox)) : '—',
      f.eventId ? h('span', { class: 'muted' }, ` · event ${String(f.eventId)}`) : null));
  }
  box.append(list);
}

function notKnown(message) {
  setText($('title'), domain);
  $('status').replaceChildren(h('span', { class: 'badge', 'data-tone': 'UNKNOWN' }, 'NOT KNOWN'));
  $('why').replaceChildren(h('strong', null, `This domain is not known: ${message}.`),
    ' None of its mailboxes has sent, bounced or been named by a command yet.');
  for (const id of ['facts', 'actions', 'mailboxes', 'operator', 'config', 'timeline', 'chart-ratio']) $(id).replaceChildren();
  document.body.classList.add('is-unknown');
}

/* ------------------------------------------------------------------ loading */

async function load() {
  const path = encodeURIComponent(domain);
  const [health, history, mailboxes, rules] = await Promise.allSettled([
    api(`/api/domains/${path}`),
    api(`/api/domains/${path}/history`),
    api(`/api/mailboxes?domain=${path}&limit=10000`),
    state.rulesLoaded ? Promise.resolve(null) : api('/api/rules'),
  ]);
  const errors = [];
  if (!settleSubject(state, rules, health, notKnown, 'the domain', errors)) return;
  if (mailboxes.status === 'fulfilled' && Array.isArray(mailboxes.value.body)) {
    state.mailboxes = mailboxes.value.body.filter((m) => m && typeof m === 'object').map(normMailbox);
  } else if (mailboxes.status === 'rejected') {
    errors.push(`its mailboxes: ${mailboxes.reason.message}`);
  }
  let hist = null;
  if (history.status === 'fulfilled' && history.value.body && typeof history.value.body === 'object') hist = history.value.body;
  else if (history.status === 'rejected') errors.push(`its history: ${history.reason.message}`);

  if (state.health) {
    const d = normDomain(state.health);
    const changes = hist && Array.isArray(hist.changes) ? hist.changes.filter((c) => c && typeof c === 'object') : null;
    // The two reads may straddle a change: its words only once the state shows it too.
    renderState(d, changes && changes.length && changes[0].to === d.status ? changes[0] : null);
    renderMailboxes(state.mailboxes);
    if (hist) state.ratio = Array.isArray(hist.ratio) ? hist.ratio.filter((s) => s && typeof s === 'object') : [];
    renderRatio(state.ratio, d);
    if (hist && history.value.text !== state.historyText) {
      state.historyText = history.value.text;
      $('timeline').replaceChildren(timeline(changes, 'No status change kept yet.'));
      $('operator').replaceChildren(operatorActions(changes, 'No operator has paused or resumed this domain.'));
    }
    renderConfig(d, hist && Array.isArray(hist.configFailures) ? hist.configFailures.filter((f) => f && typeof f === 'object') : []);
    if (!hist && state.historyText === null) {
      for (const id of ['timeline', 'operator']) $(id).replaceChildren(h('p', { class: 'placeholder' }, 'The history is not available now.'));
    }
  }
  showPageError(errors.length ? `Cannot load ${errors.join('; ')}. Retrying…` : null);
  stampUpdated();
}

function start() {
  adoptTokenFromAddress();
  setText($('title'), domain);
  wireActionDialog({
    rules: () => state.rules,
    domain: (id) => (state.health && id === domain ? normDomain(state.health) : null),
    accepted: () => poll.soon(1000),
    refocus: () => $('actions').querySelector('button'),
  });
  $('actions').addEventListener('click', (e) => {
    const btn = e.target.closest('button[data-action]');
    if (btn) openActionDialog('domain', btn.dataset.action, domain, btn);
  });
  poll = poller(load, REFRESH_MS);
  poll.refresh();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
