/// The page's county views (after `PageScript.source`): a county committee's task for the
/// current issue (本区县任务) and one refinement, which reviewers and the city read with the same
/// tables and decide on. Same rules as the rest of the script: text only through `el`/`t`.
enum PageRefinementScript {
  static let source = ##"""

// ---------- workflow helpers ----------
function listOf(x, key) { return Array.isArray(x) ? x : (x && Array.isArray(x[key]) ? x[key] : []); }
function pick(o, ...keys) { if (!o) return undefined; for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k]; return undefined; }
const STATUSES = ['not_started', 'draft', 'submitted', 'returned', 'approved'];
function statusBadge(status) {
  const s = status || 'not_started';
  return el('span', { class: 'badge status-' + s, 'data-status': s, text: has('st.' + s) ? t('st.' + s) : s });
}
function firstOf(o) { return pick(o, 'firstNumber', 'first', 'first_number'); }
function lastOf(o) { return pick(o, 'lastNumber', 'last', 'last_number'); }
function issueOf(scenarios) {
  // The current issue: the newest published version of all (by publishedAt, then id).
  let best = null;
  for (const s of scenarios || []) {
    const v = s.latest;
    if (!v || !v.publishedAt) continue;
    const key = [v.publishedAt, v.id];
    if (!best || key[0] > best.publishedAt || (key[0] === best.publishedAt && v.id > best.id)) best = Object.assign({ scenarioName: s.name }, v);
  }
  return best;
}
async function publishedVersions() {
  // Every published version the signed-in role may see, newest first.
  const scenarios = await api('GET', '/api/scenarios');
  const out = [];
  for (const s of scenarios) {
    let versions = [];
    try { const sc = await api('GET', '/api/scenarios/' + s.id); versions = versionsOf(sc.scenario ? Object.assign({}, sc.scenario, { versions: sc.versions }) : sc); } catch (e) { versions = s.latest ? [s.latest] : []; }
    for (const v of versions) if (v.publishedAt) out.push(Object.assign({ scenarioName: s.name }, v));
  }
  out.sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : b.id - a.id));
  return out;
}
function versionLabel(v) { return v ? (v.publishedName || v.name || '') + (v.scenarioName ? ' · ' + v.scenarioName : '') + (v.number ? ' ' + t('sc.versionN', v.number) : '') : ''; }
// A detail of an API error: the server puts them beside code and message.
function errorDetail(e, key) {
  const body = (e && e.body) || {};
  if (body[key] !== undefined) return body[key];
  return body.details ? body.details[key] : undefined;
}
function msgArea(id) { return el('div', { id, class: 'message', 'aria-live': 'polite' }); }
function okLine(text) { return el('p', { class: 'ok-line', role: 'status', text }); }
function downloadLink(href, name, note) {
  return el('li', null, el('a', { href, download: name, 'data-file': name, class: 'button', text: name }), note ? ' ' : null, note ? el('span', { class: 'muted', text: note }) : null);
}
function fileNote(name) { return has('f.' + name) ? t('f.' + name) : (has('rf.file.' + name) ? t('rf.file.' + name) : ''); }
// Sends a raw file (an upload), with the CSRF token; errors as api() gives them.
async function apiRaw(method, path, file) {
  const headers = { 'Accept': 'application/json', 'Accept-Language': S.lang, 'X-CSRF-Token': (S.me && S.me.csrf) || '', 'Content-Type': 'application/octet-stream' };
  let res;
  try { res = await fetch(path, { method, headers, credentials: 'same-origin', body: file }); } catch (e) {
    throw new ApiError(0, { code: 'network', message: S.lang === 'en' ? 'The server cannot be reached.' : '无法连接服务器。' });
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, (data && data.error) || { code: 'http_' + res.status, message: 'HTTP ' + res.status });
  return data;
}

// ---------- envelope ----------
// The district × category quotas and number ranges the city issued (and its totals).
function envelopeRows(env) { return listOf(env, 'rows').length ? listOf(env, 'rows') : listOf(env, 'envelope').length ? listOf(env, 'envelope') : listOf(env, 'districts'); }
function envelopeTable(rows, id) {
  const total = rows.reduce((s, a) => s + (Number(a.quota) || 0), 0);
  // A refinement's envelope also says what the refined plan gives each category.
  const refined = rows.some(a => typeof a.refined === 'number');
  return el('div', { class: 'scroll' }, el('table', { class: 'grid attachment narrow', id: id || 'envelope' },
    el('thead', null, el('tr', null, ['p.district', 'p.category', 'p.quota', 'p.first', 'p.last'].map(k => el('th', { text: t(k) })), refined ? el('th', { class: 'num', text: t('rf.refinedQuota') }) : null)),
    el('tbody', null, rows.map(a => el('tr', { class: a.quota ? null : 'zero' },
      el('td', { text: a.district || '' }), el('td', { text: pick(a, 'categoryName', 'category') || '' }), el('td', { class: 'num', text: fmt(a.quota) }),
      el('td', { class: 'mono', text: a.quota ? numberText(firstOf(a)) : '—' }), el('td', { class: 'mono', text: a.quota ? numberText(lastOf(a)) : '—' }),
      refined ? el('td', { class: 'num' + (typeof a.refined === 'number' && a.refined !== a.quota ? ' neg' : ''), text: typeof a.refined === 'number' ? fmt(a.refined) : '—' }) : null))),
    el('tfoot', null, el('tr', null, el('th', { text: t('p.sum') }), el('th'), el('th', { class: 'num', text: fmt(total) }), el('th'), el('th'),
      refined ? el('th', { class: 'num', text: fmt(rows.reduce((s, a) => s + (Number(a.refined) || 0), 0)) }) : null))));
}
function cityTotalsTable(env) {
  const totals = listOf(env, 'cityTotals').length ? listOf(env, 'cityTotals') : listOf(env, 'categories');
  if (!totals.length) return null;
  return el('div', { class: 'scroll' }, el('table', { class: 'grid narrow', id: 'city-totals' },
    el('thead', null, el('tr', null, el('th', { text: t('p.category') }), el('th', { class: 'num', text: t('cty.cityTotal') }))),
    el('tbody', null, totals.map(c => el('tr', null, el('td', { text: pick(c, 'name', 'categoryName', 'category') || '' }), el('td', { class: 'num', text: fmt(pick(c, 'total', 'quota')) }))))));
}

// ---------- county: 本区县任务 ----------
async function showCounty() {
  loading();
  const [scenarios, refinements] = await Promise.all([api('GET', '/api/scenarios'), api('GET', '/api/refinements')]);
  const mine = listOf(refinements, 'refinements');
  const issue = issueOf(scenarios);
  const root = clear(main());
  root.append(el('h1', null, t('cty.title'), ' ', el('span', { class: 'vnum', text: S.me.district || '' })));
  const msg = msgArea('county-message');
  root.append(msg);
  if (!issue) { root.append(el('p', { class: 'notice', id: 'no-issue', text: t('cty.noIssue') })); }
  else {
    const current = mine.find(r => r.versionId === issue.id);
    const card = el('section', { class: 'card', id: 'current-issue' },
      el('h2', { text: t('cty.issue') }),
      el('p', null, el('strong', { text: issue.publishedName || '' }), ' · ', issue.scenarioName, ' ', t('sc.versionN', issue.number), ' · ', t('cty.issuedBy', issue.publishedBy || '', when(issue.publishedAt))));
    if (current) {
      card.append(el('p', null, t('cty.yours'), ' ', statusBadge(current.status), ' ',
        el('a', { class: 'button primary-link', id: 'open-refinement', href: '#/refinement/' + current.id, text: t('cty.open') })));
    } else {
      const start = el('button', { type: 'button', class: 'primary', id: 'start-refinement', text: t('cty.start') });
      start.addEventListener('click', async () => {
        start.disabled = true;
        try {
          const made = await api('POST', '/api/versions/' + issue.id + '/refinements', {});
          location.hash = '#/refinement/' + made.id;
        } catch (e) {
          start.disabled = false;
          const existing = errorDetail(e, 'id');
          if (e.status === 409 && existing) { location.hash = '#/refinement/' + existing; return; }
          clear(msg).append(errorBox(e));
        }
      });
      card.append(el('p', { class: 'muted', text: t('cty.startHint') }), start);
    }
    root.append(card);
    root.append(el('h2', { text: t('cty.envelope', S.me.district || '') }));
    try {
      const env = await api('GET', '/api/versions/' + issue.id + '/envelope');
      root.append(envelopeTable(envelopeRows(env).filter(r => !S.me.district || !r.district || r.district === S.me.district), 'envelope'));
      const totals = cityTotalsTable(env);
      if (totals) root.append(el('h3', { text: t('cty.cityTotals') }), totals);
      // Once the city has combined the approved refinements, the county's final split is there.
      const finals = listOf(env, 'combinations');
      if (finals.length) {
        root.append(el('h3', { text: t('cty.final') }), el('p', { id: 'final-plan' },
          el('a', { class: 'button', href: '#/combination/' + finals[0].id, text: t('b.combinationN', finals[0].id) }),
          ' ', el('span', { class: 'muted', text: when(finals[0].createdAt) })));
      }
    } catch (e) { root.append(errorBox(e)); }
    root.append(el('p', null, el('a', { href: '#/version/' + issue.id, text: t('cty.cityPlan') })));
  }
  root.append(el('h2', { text: t('cty.all') }));
  if (!mine.length) root.append(el('p', { class: 'muted', text: t('cty.none') }));
  else root.append(refinementList(mine, 'my-refinements'));
}
function refinementList(rows, id) {
  return el('div', { class: 'scroll' }, el('table', { class: 'grid', id },
    el('thead', null, el('tr', null, ['p.district', 'v.version', 'rf.status', 'rf.revision', 'rf.updated', 'rf.submittedAt', 'rf.decided', 'sc.actions'].map(k => el('th', { text: t(k) })))),
    el('tbody', null, rows.map(r => el('tr', { 'data-refinement': r.id, 'data-district': r.district },
      el('td', { text: r.district }), el('td', { text: pick(r, 'versionName', 'publishedName') || ('#' + r.versionId) }), el('td', null, statusBadge(r.status)),
      el('td', { class: 'num', text: r.revision ?? '' }), el('td', { text: when(r.updatedAt) }), el('td', { text: when(r.submittedAt) }),
      el('td', { text: r.decidedAt ? when(r.decidedAt) + (r.decidedBy ? ' · ' + r.decidedBy : '') : '' }),
      el('td', null, el('a', { class: 'button', href: '#/refinement/' + r.id, text: t('sc.open') })))))));
}

// ---------- one refinement ----------
const RF_TABS = ['impact', 'pins', 'data', 'ranges', 'comments', 'files'];
async function showRefinement(id, tab) {
  if (!S.refinement || S.refinement.id !== id || !S.refinementKeep) { loading(); S.refinement = await api('GET', '/api/refinements/' + id); }
  S.refinementKeep = false;
  renderRefinement(S.refinement, RF_TABS.includes(tab) ? tab : 'impact');
}
function isCounty() { return S.me && S.me.role === 'county'; }
// The server says what the reader may do now; the statuses are the fallback.
function rfEditable(r) { return isCounty() && (typeof r.editable === 'boolean' ? r.editable : (r.status === 'draft' || r.status === 'returned')); }
// A change to the refinement: on success the answer (the new detail) is drawn; a stale
// revision, a refusal or broken rules are said in words above the tabs.
async function changeRefinement(r, method, path, body, done) {
  const msg = document.getElementById('rf-message');
  if (msg) clear(msg);
  try {
    const answer = typeof body === 'function' ? await body() : await api(method, path, body);
    // Changes of the data and pins answer with the whole detail; decisions with the row only.
    const whole = answer && answer.id === r.id && Array.isArray(answer.events) && Array.isArray(answer.impact);
    S.refinement = whole ? answer : await api('GET', '/api/refinements/' + r.id);
    S.refinementKeep = true;
    renderRefinement(S.refinement, S.rfTab);
    const after = document.getElementById('rf-message');
    if (after && done) { after.append(okLine(done)); after.scrollIntoView({ block: 'nearest' }); }
    return true;
  } catch (e) {
    const box = msg || document.getElementById('rf-message');
    if (!box) throw e;
    if (e.status === 409 && e.body && e.body.code === 'stale') {
      const now = errorDetail(e, 'currentRevision') ?? errorDetail(e, 'revision');
      box.append(el('div', { class: 'error stale', role: 'alert', id: 'stale-notice' },
        el('p', { text: now !== undefined ? t('rf.stale', now) : t('rf.staleNoNumber') }), el('p', { class: 'small', text: e.message }),
        el('button', { type: 'button', class: 'primary', id: 'stale-reload', text: t('s.reload'), onclick: () => { S.refinement = null; showRefinement(r.id, S.rfTab); } })));
    } else if (e.body && e.body.preview) {
      box.append(uploadProblems(e));
    } else {
      box.append(errorBox(e));
    }
    box.scrollIntoView({ block: 'nearest' });
    return false;
  }
}
function lastEvent(r, kind) {
  const events = listOf(r.events, 'events');
  for (let i = events.length - 1; i >= 0; i--) if (events[i].kind === kind) return events[i];
  return null;
}
function renderRefinement(r, tab) {
  S.rfTab = tab;
  const root = clear(main());
  const version = r.version || {};
  const versionName = pick(r, 'versionName', 'publishedName') || version.publishedName || version.name || ('#' + r.versionId);
  root.append(el('div', { class: 'vhead' }, el('div', null,
    el('h1', null, el('span', { id: 'refinement-district', text: r.district }), ' ', el('span', { class: 'vnum', text: t('rf.title') }), ' ', statusBadge(r.status), ' ', outcomeBadge(r.outcome)),
    el('div', { class: 'muted' }, t('rf.of', versionName), ' · ', t('rf.revisionN', r.revision),
      r.updatedAt ? ' · ' + t('rf.updatedBy', pick(r, 'updatedBy') || '', when(r.updatedAt)) : '')),
    isCounty() ? el('a', { href: '#/county', text: t('cty.back') }) : el('a', { href: S.me.role === 'city' ? '#/board/' + r.versionId : '#/review', text: t('rv.back') })));
  // A newer city version: nothing is rebased silently; the county re-confirms.
  const newer = r.newerVersion;
  if (newer) root.append(newerBox(r, newer));
  // Returned: the reviewer's comment first.
  if (r.status === 'returned') {
    const ev = lastEvent(r, 'return');
    root.append(el('div', { class: 'returned', role: 'alert', id: 'returned-comment' },
      el('h2', { text: t('rf.returnedTitle') }),
      el('p', { class: 'comment-text', text: (ev && ev.text) || '' }),
      el('p', { class: 'small muted', text: ev ? t('rf.by', pick(ev, 'userName', 'user') || '', when(ev.at)) : '' }),
      isCounty() ? el('p', { class: 'small', text: t('rf.returnedHint') }) : null));
  }
  if (r.outcome && r.outcome !== 'planned') {
    const box = el('div', { class: 'conflict', role: 'alert', id: 'refinement-conflict' }, el('h2', { text: t('rf.conflictTitle') }));
    for (const line of String(pick(r, 'message', 'outcomeMessage') || '').split('\n').filter(Boolean)) box.append(el('p', { text: line }));
    box.append(el('p', { class: 'small', text: t('rf.conflictHint') }));
    root.append(box);
  }
  root.append(actionBar(r));
  root.append(msgArea('rf-message'));
  root.append(el('nav', { class: 'tabs', role: 'tablist' }, RF_TABS.map(k => el('a', {
    href: '#/refinement/' + r.id + '/' + k, role: 'tab', id: 'rtab-' + k, class: k === tab ? 'active' : null, 'aria-selected': k === tab ? 'true' : 'false',
    text: t('rtab.' + k) + (k === 'pins' ? ' (' + listOf(r.pins, 'pins').length + ')' : k === 'comments' ? ' (' + listOf(r.events, 'events').filter(e => e.text).length + ')' : '') }))));
  const pane = el('section', { class: 'pane', id: 'rpane-' + tab });
  root.append(pane);
  ({ impact: rfImpact, pins: rfPins, data: rfData, ranges: rfRanges, comments: rfComments, files: rfFiles })[tab](pane, r);
}
function newerBox(r, newer) {
  const changes = listOf(newer.envelopeChanges, 'changes');
  const box = el('div', { class: 'newer', role: 'alert', id: 'newer-version' },
    el('h2', { text: t('rf.newerTitle') }),
    el('p', { text: t('rf.newerText', newer.name || newer.publishedName || ('#' + newer.id), when(newer.publishedAt)) }));
  if (changes.length) {
    box.append(el('table', { class: 'grid', id: 'envelope-changes' },
      el('thead', null, el('tr', null, ['p.category', 'rf.quotaBefore', 'rf.quotaAfter', 'c.delta', 'rf.firstBefore', 'rf.firstAfter'].map(k => el('th', { text: t(k) })))),
      el('tbody', null, changes.map(c => el('tr', null, el('td', { text: pick(c, 'categoryName', 'category') || '' }),
        el('td', { class: 'num', text: fmt(c.before) }), el('td', { class: 'num', text: fmt(c.after) }), deltaCell((Number(c.after) || 0) - (Number(c.before) || 0)),
        el('td', { class: 'mono', text: numberText(c.firstNumberBefore) }), el('td', { class: 'mono', text: numberText(c.firstNumberAfter) }))))));
  } else box.append(el('p', { class: 'muted', text: t('rf.newerSame') }));
  if (isCounty() && newer.refinementId) {
    box.append(el('a', { class: 'button primary-link', id: 'open-newer', href: '#/refinement/' + newer.refinementId, text: t('rf.openNewer') }));
  } else if (isCounty() && newer.districtInPlan !== false) {
    const button = el('button', { type: 'button', class: 'primary', id: 'reconfirm', text: t('rf.reconfirm') });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const made = await api('POST', '/api/versions/' + newer.id + '/refinements', { fromRefinement: r.id });
        S.refinement = null;
        location.hash = '#/refinement/' + made.id;
      } catch (e) {
        button.disabled = false;
        const existing = errorDetail(e, 'id');
        if (e.status === 409 && existing) { S.refinement = null; location.hash = '#/refinement/' + existing; return; }
        box.append(errorBox(e));
      }
    });
    box.append(el('p', { class: 'small', text: t('rf.reconfirmHint') }), button);
  }
  return box;
}
function actionBar(r) {
  const bar = el('div', { class: 'actionbar', id: 'refinement-actions' });
  const role = S.me.role;
  if (isCounty()) {
    if (r.submittable !== undefined ? (r.submittable || r.editable) : (r.status === 'draft' || r.status === 'returned')) {
      const submit = el('button', { type: 'button', class: 'primary', id: 'submit-refinement', text: t('rf.submit') });
      submit.addEventListener('click', () => changeRefinement(r, 'POST', '/api/refinements/' + r.id + '/submit', { expectedRevision: r.revision }, t('rf.submitted')));
      bar.append(submit, el('span', { class: 'muted small', text: r.outcome === 'planned' ? t('rf.submitHint') : t('rf.submitBlocked') }));
    } else if (r.withdrawable !== undefined ? r.withdrawable : r.status === 'submitted') {
      const withdraw = el('button', { type: 'button', id: 'withdraw-refinement', text: t('rf.withdraw') });
      withdraw.addEventListener('click', () => changeRefinement(r, 'POST', '/api/refinements/' + r.id + '/withdraw', { expectedRevision: r.revision }, t('rf.withdrawn')));
      bar.append(el('span', { class: 'small', text: t('rf.waiting') }), withdraw);
    } else if (r.status === 'approved') bar.append(el('span', { class: 'small', text: t('rf.approvedNote') }));
    return bar;
  }
  const canDecide = (role === 'reviewer' || role === 'city') && r.status === 'submitted';
  const canReturn = canDecide || (role === 'city' && r.status === 'approved');
  if (!canDecide && !canReturn) { bar.append(el('span', { class: 'muted small', text: t('rf.readOnly') })); return bar; }
  const comment = el('textarea', { id: 'decision-comment', rows: 2, placeholder: t('rf.commentPlaceholder') });
  const note = el('span', { class: 'form-error', id: 'decision-error' });
  bar.append(el('label', { class: 'wide' }, t('rf.decisionComment'), comment));
  if (canDecide) {
    const approve = el('button', { type: 'button', class: 'primary', id: 'approve-refinement', text: t('rf.approve') });
    approve.addEventListener('click', () => changeRefinement(r, 'POST', '/api/refinements/' + r.id + '/approve', { expectedRevision: r.revision, comment: comment.value.trim() || undefined }, t('rf.approved')));
    bar.append(approve);
  }
  const ret = el('button', { type: 'button', class: 'danger', id: 'return-refinement', text: t('rf.return') });
  ret.addEventListener('click', () => {
    note.textContent = '';
    if (!comment.value.trim()) { note.textContent = t('rf.commentRequired'); comment.focus(); return; }
    changeRefinement(r, 'POST', '/api/refinements/' + r.id + '/return', { expectedRevision: r.revision, comment: comment.value.trim() }, t('rf.returned'));
  });
  bar.append(ret, note);
  return bar;
}

// Impact: the envelope, then each school-grade against the city's split and why.
function rfImpact(pane, r) {
  const env = listOf(r.envelope, 'rows');
  if (env.length) pane.append(el('h2', { text: t('rf.envelope') }), envelopeTable(env, 'refinement-envelope'));
  const rows = listOf(r.impact, 'rows');
  pane.append(el('h2', { text: t('rf.impact') }));
  if (!rows.length) { pane.append(el('p', { class: 'muted', text: r.outcome === 'planned' ? t('rf.noImpact') : t('rf.noPlan') })); return; }
  const only = el('input', { type: 'checkbox', id: 'impact-only-changed', checked: true });
  const body = el('tbody');
  const count = el('p', { class: 'muted small', id: 'impact-count' });
  const change = x => (x.change !== undefined && x.change !== null) ? Number(x.change) : (Number(x.refinedQuota) || 0) - (Number(x.cityQuota) || 0);
  function draw() {
    clear(body);
    const shown = rows.filter(x => !only.checked || change(x) !== 0 || /pin/i.test(x.why || ''));
    for (const x of shown) body.append(el('tr', { 'data-school': x.school },
      el('td', { text: x.school }), el('td', { class: 'nowrap', text: pick(x, 'categoryName', 'category') || '' }), el('td', { class: 'num', text: x.grade ?? '' }),
      el('td', { class: 'num', text: x.cityQuota === null || x.cityQuota === undefined ? '—' : fmt(x.cityQuota) }),
      el('td', { class: 'num strong', text: x.refinedQuota === null || x.refinedQuota === undefined ? '—' : fmt(x.refinedQuota) }),
      deltaCell(change(x)), el('td', { class: 'reason', text: x.why || '' })));
    if (!shown.length) body.append(el('tr', null, el('td', { colspan: 7, class: 'muted', text: t('rf.noChange') })));
    count.textContent = t('rf.impactCount', shown.length, rows.length);
  }
  only.addEventListener('change', draw);
  pane.append(el('label', { class: 'check' }, only, t('rf.onlyChanged')), count,
    el('div', { class: 'scroll tall' }, el('table', { class: 'grid', id: 'impact-table' },
      el('thead', null, el('tr', null, ['p.school', 'p.category', 'p.grade', 'rf.cityQuota', 'rf.refinedQuota', 'c.delta', 'rf.why'].map(k => el('th', { text: t(k) })))), body)));
  draw();
}
// Pins: numbers the county has promised. Each add or remove saves the whole list and re-plans.
function schoolNames(r) {
  const names = new Set();
  for (const x of listOf(r.impact, 'rows')) if (x.school) names.add(x.school);
  for (const x of dataRows(r)) if (x.school) names.add(x.school);
  return [...names].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}
// A pin as the page edits it: min and max (an exact number is both).
function pinOf(p) {
  const min = pick(p, 'min', 'atLeast', 'exactly');
  const max = pick(p, 'max', 'atMost', 'exactly');
  return Object.assign({}, p, { min, max });
}
function pinBounds(p) {
  if (p.min !== undefined && p.min !== null && p.min === p.max) return t('pin.exactly', p.min);
  const parts = [];
  if (p.min !== undefined && p.min !== null) parts.push(t('pin.atLeast', p.min));
  if (p.max !== undefined && p.max !== null) parts.push(t('pin.atMost', p.max));
  return parts.join('，');
}
function cleanPin(p) {
  const out = { school: p.school };
  for (const k of ['district', 'category', 'grade', 'min', 'max', 'note']) if (p[k] !== undefined && p[k] !== null && p[k] !== '') out[k] = p[k];
  return out;
}
function rfPins(pane, r) {
  const pins = listOf(r.pins, 'pins').map(pinOf);
  const withCategory = pins.some(p => p.category);
  const editable = rfEditable(r);
  pane.append(el('p', { class: 'muted', text: t('pin.hint') }));
  const body = el('tbody');
  for (const [i, p] of pins.entries()) {
    const remove = editable ? el('button', { type: 'button', class: 'small remove-pin', 'data-pin': p.school, text: t('s.remove') }) : null;
    if (remove) remove.addEventListener('click', () => changeRefinement(r, 'PUT', '/api/refinements/' + r.id + '/pins',
      { expectedRevision: r.revision, pins: pins.filter((_, j) => j !== i).map(cleanPin) }, t('pin.saved')));
    body.append(el('tr', { 'data-pin': p.school }, el('td', { text: p.school }), withCategory ? el('td', { text: p.category ? (p.categoryName || catLabel(p.category)) : '' }) : null,
      el('td', { class: 'num', text: p.grade ?? t('pin.wholeSchool') }), el('td', { text: pinBounds(p) }), el('td', { text: p.note || '' }), el('td', null, remove)));
  }
  if (!pins.length) body.append(el('tr', null, el('td', { colspan: 6, class: 'muted', text: t('pin.none') })));
  pane.append(el('div', { class: 'scroll' }, el('table', { class: 'grid', id: 'pins-table' },
    el('thead', null, el('tr', null, ['p.school'].concat(withCategory ? ['p.category'] : [], ['p.grade', 'pin.bounds', 'pin.note', 'sc.actions']).map(k => el('th', { text: t(k) })))), body)));
  if (!editable) { pane.append(el('p', { class: 'muted', text: isCounty() ? t('rf.notEditable') : t('rf.readOnly') })); return; }
  const list = el('datalist', { id: 'pin-schools' }, schoolNames(r).map(n => el('option', { value: n })));
  const school = el('input', { id: 'pin-school', list: 'pin-schools', class: 'list', required: true });
  const grade = el('input', { id: 'pin-grade', type: 'number', min: 1, step: 1, class: 'numeric small-num', placeholder: t('pin.wholeSchool') });
  const min = el('input', { id: 'pin-min', type: 'number', min: 0, step: 1, class: 'numeric small-num' });
  const max = el('input', { id: 'pin-max', type: 'number', min: 0, step: 1, class: 'numeric small-num' });
  const note = el('input', { id: 'pin-note', class: 'list' });
  const err = el('p', { class: 'form-error', id: 'pin-error' });
  const form = el('form', { class: 'card inline', id: 'pin-form' }, list,
    el('label', null, t('p.school'), school), el('label', null, t('p.grade'), grade), el('label', null, t('pin.min'), min), el('label', null, t('pin.max'), max),
    el('label', null, t('pin.note'), note), el('button', { type: 'submit', class: 'primary', id: 'pin-add', text: t('pin.add') }), err);
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    err.textContent = '';
    const num = input => input.value.trim() === '' ? undefined : Number(input.value);
    const pin = cleanPin({ school: school.value.trim(), grade: num(grade), min: num(min), max: num(max), note: note.value.trim() });
    if (!pin.school) { err.textContent = t('pin.needSchool'); school.focus(); return; }
    if (pin.min === undefined && pin.max === undefined) { err.textContent = t('pin.needBound'); min.focus(); return; }
    for (const k of ['grade', 'min', 'max']) if (pin[k] !== undefined && !(Number.isInteger(pin[k]) && pin[k] >= 0)) { err.textContent = t('pin.notWhole'); return; }
    if (pin.min !== undefined && pin.max !== undefined && pin.min > pin.max) { err.textContent = t('pin.minAboveMax'); return; }
    changeRefinement(r, 'PUT', '/api/refinements/' + r.id + '/pins', { expectedRevision: r.revision, pins: pins.map(cleanPin).concat([pin]) }, t('pin.saved'));
  });
  pane.append(el('h3', { text: t('pin.addTitle') }), form, el('p', { class: 'muted small', text: t('pin.exactHint') }));
}
function catLabel(id) {
  const env = listOf((S.refinement || {}).envelope, 'rows');
  const row = env.find(x => x.category === id && x.categoryName);
  return row ? row.categoryName : (has('cat.' + id) ? t('cat.' + id) : id);
}
// The county's data: upload a whole table, or edit a school-grade's figures in place.
function dataRows(r) {
  const d = r.data || {};
  for (const x of [d.rows, d.schools, d.grades, r.schools]) if (Array.isArray(x) && x.length && typeof x[0] === 'object') return x;
  return [];
}
function rfData(pane, r) {
  const d = r.data || {};
  const rows = dataRows(r);
  const schools = new Set(rows.map(x => x.school));
  const summary = typeof d.schools === 'number' ? t('data.summary', d.schools, d.grades ?? rows.length) : rows.length ? t('data.summary', schools.size, rows.length) : '';
  if (summary) pane.append(el('p', { id: 'data-summary', text: summary }));
  const editable = rfEditable(r);
  if (editable) {
    const file = el('input', { type: 'file', id: 'data-file', accept: '.csv,.xlsx,text/csv' });
    const button = el('button', { type: 'submit', class: 'primary', id: 'data-upload', text: t('data.upload') });
    const form = el('form', { class: 'card', id: 'data-form' }, el('h2', { text: t('data.uploadTitle') }), el('p', { class: 'muted', text: t('data.uploadHint', r.district) }),
      el('label', null, t('sc.schoolsFile'), file), button);
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      if (!file.files.length) { const m = document.getElementById('rf-message'); clear(m).append(el('p', { class: 'form-error', text: t('sc.uploadNeedsFile') })); return; }
      button.disabled = true;
      const f = file.files[0];
      const q = new URLSearchParams({ filename: f.name, expectedRevision: String(r.revision) });
      await changeRefinement(r, 'PUT', '', () => apiRaw('PUT', '/api/refinements/' + r.id + '/schools?' + q.toString(), f), t('data.saved'));
      button.disabled = false;
    });
    pane.append(form);
  }
  if (!rows.length) { pane.append(el('p', { class: 'muted', text: t('data.noRows') })); return; }
  const search = el('input', { type: 'search', id: 'data-search', placeholder: t('p.search') });
  const body = el('tbody');
  const inputs = [];
  for (const x of rows) {
    const cells = ['classes', 'students', 'members'].map(k => {
      const input = el('input', { type: 'number', min: 0, step: 1, class: 'numeric cell', value: x[k] ?? '', disabled: !editable, 'aria-label': x.school + ' ' + t('p.grade.n', x.grade) + ' ' + t('p.' + k), 'data-field': k });
      inputs.push({ row: x, key: k, input });
      return el('td', { class: 'num' }, input);
    });
    body.append(el('tr', { 'data-school': x.school, 'data-grade': x.grade }, el('td', { text: x.school }), el('td', { class: 'nowrap', text: pick(x, 'categoryName') || catLabel(x.category) }),
      el('td', { class: 'num', text: x.grade }), cells));
  }
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    for (const tr of body.children) tr.hidden = !!q && !String(tr.getAttribute('data-school') || '').toLowerCase().includes(q);
  });
  pane.append(el('h2', { text: t('data.table') }), el('div', { class: 'filters' }, search),
    el('div', { class: 'scroll tall' }, el('table', { class: 'grid', id: 'data-table' },
      el('thead', null, el('tr', null, ['p.school', 'p.category', 'p.grade', 'p.classes', 'p.students', 'p.members'].map(k => el('th', { text: t(k) })))), body)));
  if (!editable) return;
  const save = el('button', { type: 'button', class: 'primary', id: 'data-save', text: t('data.save') });
  const err = el('p', { class: 'form-error', id: 'data-error' });
  save.addEventListener('click', () => {
    err.textContent = '';
    const edits = new Map();
    for (const { row, key, input } of inputs) {
      const s = input.value.trim();
      const n = Number(s);
      if (s === '' || !Number.isInteger(n) || n < 0) { err.textContent = t('data.notWhole', row.school, row.grade); input.focus(); return; }
      if (n === row[key]) continue;
      const id = row.school + '|' + row.category + '|' + row.grade;
      const e = edits.get(id) || { school: row.school, category: row.category, grade: row.grade };
      e[key] = n;
      edits.set(id, e);
    }
    if (!edits.size) { err.textContent = t('data.noEdits'); return; }
    changeRefinement(r, 'PATCH', '/api/refinements/' + r.id + '/schools', { expectedRevision: r.revision, edits: [...edits.values()] }, t('data.saved'));
  });
  pane.append(el('div', { class: 'actionbar' }, save, err));
}
// Sub-ranges: each school's numbers inside the district's ranges.
function rfRanges(pane, r) {
  const rows = listOf(r.subRanges, 'rows');
  pane.append(el('h2', { text: t('rf.subRanges') }));
  if (!rows.length) { pane.append(el('p', { class: 'muted', text: t('rf.noPlan') })); return; }
  pane.append(el('div', { class: 'scroll tall' }, el('table', { class: 'grid', id: 'sub-ranges' },
    el('thead', null, el('tr', null, ['p.category', 'p.unit', 'p.quota', 'p.first', 'p.last'].map(k => el('th', { text: t(k) })))),
    el('tbody', null, rows.map(x => el('tr', null, el('td', { class: 'nowrap', text: pick(x, 'categoryName') || catLabel(x.category) }), el('td', { text: pick(x, 'unit', 'school') }),
      el('td', { class: 'num', text: fmt(x.quota) }), el('td', { class: 'mono', text: numberText(firstOf(x)) }), el('td', { class: 'mono', text: numberText(lastOf(x)) })))))));
}
// Comments and decisions, oldest first, and a comment form.
function eventList(events, id) {
  if (!events.length) return el('p', { class: 'muted', id, text: t('rf.noEvents') });
  return el('ol', { class: 'events', id }, events.map(e => el('li', { class: 'event event-' + (e.kind || e.decision || 'comment') },
    el('span', { class: 'event-head' }, el('strong', { text: pick(e, 'userName', 'user') || '' }), ' · ', when(e.at), ' · ',
      el('span', { class: 'badge kind', text: has('ev.' + (e.kind || e.decision)) ? t('ev.' + (e.kind || e.decision)) : (e.kind || e.decision || '') }),
      e.revision !== undefined && e.revision !== null ? el('span', { class: 'muted small', text: ' ' + t('rf.revisionN', e.revision) }) : null),
    e.text ? el('p', { class: 'comment-text', text: e.text }) : null)));
}
function rfComments(pane, r) {
  pane.append(eventList(listOf(r.events, 'events'), 'events'));
  const text = el('textarea', { id: 'comment-text', rows: 3 });
  const err = el('p', { class: 'form-error' });
  const form = el('form', { class: 'card', id: 'comment-form' }, el('label', { class: 'wide' }, t('rf.addComment'), text),
    el('button', { type: 'submit', class: 'primary', id: 'comment-submit', text: t('rf.sendComment') }), err);
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    err.textContent = '';
    if (!text.value.trim()) { err.textContent = t('rf.commentEmpty'); return; }
    changeRefinement(r, 'POST', '/api/refinements/' + r.id + '/comments', { text: text.value.trim() }, t('rf.commentSaved'));
  });
  pane.append(form);
}
const RF_FILES = ['plan.xlsx', 'attachment1.xlsx', 'attachment1.csv', 'allocation.csv', 'impact.csv', 'plan.csv', 'social.csv', 'plan.json', 'report.html', 'report.md', 'refinement.json'];
function rfFiles(pane, r) {
  pane.append(el('h2', { text: t('rf.files') }));
  if (r.outcome !== 'planned') pane.append(el('p', { class: 'notice', text: t('rf.filesConflict') }));
  else {
    const names = Array.isArray(r.files) && r.files.length ? r.files.map(f => typeof f === 'string' ? f : f.name) : RF_FILES;
    pane.append(el('ul', { class: 'files', id: 'refinement-downloads' }, names.map(f => downloadLink('/api/refinements/' + r.id + '/files/' + encodeURIComponent(f), f, fileNote(f)))));
  }
  const combination = pick(r, 'combinationId', 'combination');
  const cid = combination && typeof combination === 'object' ? combination.id : combination;
  if (cid) {
    pane.append(el('h2', { text: t('rf.final') }), el('ul', { class: 'files', id: 'final-downloads' },
      ['final.xlsx', 'final.csv'].map(f => downloadLink('/api/combinations/' + cid + '/district/' + f + (isCounty() ? '' : '?district=' + encodeURIComponent(r.district)), f, t('rf.file.' + f)))));
  }
}
"""##
}
