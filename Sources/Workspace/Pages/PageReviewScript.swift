/// The page's reviewer and city views (after `PageRefinementScript.source`): the review queue and
/// published plans to approve or return, the status board of a published version with
/// combining, a combined plan's downloads, the audit log, accounts and one's own password.
enum PageReviewScript {
  static let source = ##"""

// ---------- reviewer: the queue and published plans ----------
async function showReview() {
  loading();
  const [refinements, versions] = await Promise.all([api('GET', '/api/refinements'), publishedVersions()]);
  const rows = listOf(refinements, 'refinements').slice();
  const order = { submitted: 0, returned: 1, draft: 2, approved: 3 };
  rows.sort((a, b) => (order[a.status] ?? 9) - (order[b.status] ?? 9) || String(a.submittedAt || '').localeCompare(String(b.submittedAt || '')) || a.id - b.id);
  const root = clear(main());
  root.append(el('h1', { text: t('rv.title') }));
  const waiting = rows.filter(r => r.status === 'submitted');
  root.append(el('p', { id: 'queue-count', class: waiting.length ? 'notice' : 'muted', text: t('rv.waiting', waiting.length) }));
  if (rows.length) root.append(refinementList(rows, 'review-queue'));
  root.append(el('h2', { text: t('rv.plans') }));
  if (!versions.length) { root.append(el('p', { class: 'muted', text: t('rv.noPlans') })); return; }
  for (const v of versions) root.append(await planReviewCard(v));
}
async function planReviewCard(v) {
  const card = el('section', { class: 'card plan-review', 'data-version': v.id },
    el('h3', null, el('a', { href: '#/version/' + v.id, text: versionLabel(v) }), ' ', publishedBadge(v.publishedName)),
    el('p', { class: 'muted small', text: t('v.publishedBy', v.publishedName || '', v.publishedBy || '', when(v.publishedAt)) }));
  let reviews = [];
  try { const board = await api('GET', '/api/versions/' + v.id + '/board'); reviews = listOf(board.reviews, 'reviews'); } catch (e) { /* shown without its reviews */ }
  card.append(eventList(reviews, 'reviews-' + v.id));
  const decision = el('select', { class: 'review-decision' }, ['comment', 'approve', 'return'].map(d => el('option', { value: d, text: t('ev.' + d) })));
  const text = el('textarea', { class: 'review-text', rows: 2 });
  const msg = el('div', { class: 'review-message', 'aria-live': 'polite' });
  const form = el('form', { class: 'inline review-form' }, el('label', null, t('rv.decision'), decision), el('label', { class: 'wide' }, t('rv.reason'), text),
    el('button', { type: 'submit', class: 'primary', text: t('rv.send') }), msg);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(msg);
    if (decision.value !== 'approve' && !text.value.trim()) { msg.append(el('p', { class: 'form-error', text: t('rv.reasonRequired') })); return; }
    try {
      await api('POST', '/api/versions/' + v.id + '/reviews', { decision: decision.value, text: text.value.trim() });
      card.replaceWith(await planReviewCard(v));
    } catch (e) { msg.append(errorBox(e)); }
  });
  card.append(form);
  return card;
}

// ---------- city: the status board of a published version ----------
async function showBoard(versionId) {
  loading();
  const versions = await publishedVersions();
  const root = clear(main());
  root.append(el('h1', { text: t('b.title') }));
  if (!versions.length) { root.append(el('p', { class: 'notice', text: t('rv.noPlans') })); return; }
  const v = versions.find(x => x.id === versionId) || versions[0];
  const choose = el('select', { id: 'board-version', 'aria-label': t('v.version') }, versions.map(x => el('option', { value: x.id, selected: x.id === v.id, text: versionLabel(x) + ' · ' + when(x.publishedAt) })));
  choose.addEventListener('change', () => { location.hash = '#/board/' + choose.value; });
  root.append(el('div', { class: 'filters' }, el('label', null, t('v.version'), choose), el('a', { class: 'button', href: '#/version/' + v.id, text: t('b.openPlan') })));
  const board = await api('GET', '/api/versions/' + v.id + '/board');
  const districts = listOf(board.districts, 'districts');
  const counts = {};
  for (const d of districts) counts[d.status || 'not_started'] = (counts[d.status || 'not_started'] || 0) + 1;
  root.append(el('p', { id: 'board-counts' }, STATUSES.filter(s => counts[s]).map(s => el('span', { class: 'count' }, statusBadge(s), ' ' + counts[s] + '　'))));
  root.append(el('div', { class: 'scroll' }, el('table', { class: 'grid', id: 'status-board' },
    el('thead', null, el('tr', null, ['p.district', 'rf.status', 'rf.revision', 'rf.updated', 'rf.submittedAt', 'rf.decided', 'b.lastComment', 'sc.actions'].map(k => el('th', { text: t(k) })))),
    el('tbody', null, districts.map(d => {
      const last = d.lastComment;
      const lastText = last && typeof last === 'object' ? (pick(last, 'userName', 'user') ? pick(last, 'userName', 'user') + '：' : '') + (last.text || '') : (last || '');
      return el('tr', { 'data-district': d.district, 'data-status': d.status || 'not_started' },
        el('th', { text: d.district }), el('td', null, statusBadge(d.status)), el('td', { class: 'num', text: d.revision ?? '' }),
        el('td', { text: when(d.updatedAt) }), el('td', { text: when(d.submittedAt) }),
        el('td', { text: d.decidedAt ? when(d.decidedAt) + (d.decidedBy ? ' · ' + d.decidedBy : '') : '' }),
        el('td', { class: 'reason', text: lastText }),
        el('td', null, d.refinementId ? el('a', { class: 'button', href: '#/refinement/' + d.refinementId, text: t('sc.open') }) : null));
    })))));
  root.append(el('p', { class: 'muted small', text: t('b.hint') }));
  const msg = msgArea('board-message');
  if (S.me.role === 'city') {
    const approved = districts.filter(d => d.status === 'approved').length;
    const combine = el('button', { type: 'button', class: 'primary', id: 'combine', text: t('b.combine', approved) });
    combine.addEventListener('click', async () => {
      clear(msg);
      combine.disabled = true;
      try {
        const made = await api('POST', '/api/versions/' + v.id + '/combine', {});
        location.hash = '#/combination/' + pick(made, 'combinationId', 'id');
      } catch (e) { combine.disabled = false; msg.append(errorBox(e)); }
    });
    root.append(el('div', { class: 'actionbar' }, combine, el('span', { class: 'muted small', text: t('b.combineHint') })), msg);
  }
  const combos = listOf(board.combinations, 'combinations');
  root.append(el('h2', { text: t('b.combinations') }));
  if (!combos.length) root.append(el('p', { class: 'muted', text: t('b.noCombinations') }));
  else root.append(el('ul', { class: 'files', id: 'combinations' }, combos.map(c => el('li', null,
    el('a', { class: 'button', href: '#/combination/' + c.id, text: t('b.combinationN', c.id) }), ' ',
    el('span', { class: 'muted', text: when(c.createdAt) + (c.createdBy ? ' · ' + c.createdBy : '') + ' · ' + t('b.taken', listOf(c.refinements, 'refinements').map(x => x.district).join('、') || '—') })))));
  root.append(el('h2', { text: t('b.reviews') }), eventList(listOf(board.reviews, 'reviews'), 'board-reviews'));
}

// ---------- a combined plan ----------
const COMBINED_FILES = ['plan.xlsx', 'attachment1.xlsx', 'attachment1.csv', 'allocation.csv', 'plan.csv', 'social.csv', 'plan.json', 'report.html', 'report.md'];
async function showCombination(id) {
  loading();
  const c = await api('GET', '/api/combinations/' + id);
  const root = clear(main());
  root.append(el('h1', null, t('b.combinationN', c.id ?? id), ' ', outcomeBadge(c.outcome)));
  root.append(el('p', { class: 'muted', text: t('cb.of', pick(c, 'versionName', 'publishedName') || ('#' + c.versionId), pick(c, 'createdBy') || '', when(c.createdAt)) }));
  if (c.outcome && c.outcome !== 'planned') {
    const box = el('div', { class: 'conflict', role: 'alert' }, el('h2', { text: t('p.conflictTitle') }));
    for (const line of String(pick(c, 'message', 'outcomeMessage') || '').split('\n').filter(Boolean)) box.append(el('p', { text: line }));
    root.append(box);
  }
  const refined = listOf(c.refinements, 'refinements');
  root.append(el('h2', { text: t('cb.refined') }));
  if (!refined.length) root.append(el('p', { class: 'muted', text: t('cb.noneRefined') }));
  else root.append(el('table', { class: 'grid narrow', id: 'combined-refinements' },
    el('thead', null, el('tr', null, ['p.district', 'rf.revision', 'sc.actions'].map(k => el('th', { text: t(k) })))),
    el('tbody', null, refined.map(x => el('tr', null, el('td', { text: x.district }), el('td', { class: 'num', text: x.revision ?? '' }),
      el('td', null, pick(x, 'refinementId', 'id') && S.me.role !== 'county' ? el('a', { href: '#/refinement/' + pick(x, 'refinementId', 'id'), text: t('sc.open') }) : null))))));
  const county = S.me.role === 'county';
  // Downloads first: they are what the city and each district come for.
  if (!county) {
    root.append(el('h2', { text: t('cb.files') }), el('ul', { class: 'files', id: 'combined-downloads' },
      (Array.isArray(c.files) && c.files.length ? c.files : COMBINED_FILES).map(f => downloadLink('/api/combinations/' + id + '/files/' + encodeURIComponent(f), f, fileNote(f)))));
  }
  const alloc = listOf(c.allocation, 'rows');
  const districts = county ? [S.me.district] : [...new Set(alloc.map(a => a.district).filter(Boolean))];
  const names = districts.length ? districts : refined.map(x => x.district);
  root.append(el('h2', { text: t('cb.districtFiles') }), el('div', { class: 'scroll' }, el('table', { class: 'grid narrow', id: 'district-downloads' },
    el('tbody', null, names.map(d => el('tr', { 'data-district': d }, el('th', { text: d }),
      el('td', null, refined.some(x => x.district === d) ? statusBadge('approved') : el('span', { class: 'muted small', text: t('cb.citySplit') })),
      ['final.xlsx', 'final.csv'].map(f => el('td', null, el('a', { class: 'button', download: d + '-' + f, 'data-file': f,
        href: '/api/combinations/' + id + '/district/' + f + (county ? '' : '?district=' + encodeURIComponent(d)), text: f })))))))));
  const totals = listOf(c.categories, 'categories');
  if (totals.length) root.append(el('h2', { text: t('cty.cityTotals') }), el('table', { class: 'grid narrow', id: 'combined-totals' },
    el('tbody', null, totals.map(x => el('tr', null, el('th', { text: pick(x, 'name', 'categoryName', 'category') || '' }), el('td', { class: 'num', text: fmt(pick(x, 'total', 'quota')) }))))));
  if (alloc.length) {
    const table = envelopeTable(alloc, 'combined-allocation');
    table.classList.add('tall');
    root.append(el('h2', { text: county ? t('cb.ownAllocation', S.me.district || '') : t('p.attachment') }), table);
  }
}

// ---------- audit log ----------
async function showAudit() {
  loading();
  const f = S.auditFilter || (S.auditFilter = { version: '', district: '', target: '' });
  let versions = [], districts = [];
  if (S.me.role !== 'admin') { try { versions = await publishedVersions(); districts = await knownDistricts(); } catch (e) { versions = versions || []; } }
  const root = clear(main());
  root.append(el('h1', { text: t('a.title') }), el('p', { class: 'muted', text: t('a.hint') }));
  const version = el('select', { id: 'audit-version' }, el('option', { value: '', text: t('a.allPlans') }), versions.map(v => el('option', { value: v.id, selected: String(v.id) === String(f.version), text: versionLabel(v) })));
  const district = el('input', { id: 'audit-district', value: S.me.role === 'county' ? (S.me.district || '') : f.district, disabled: S.me.role === 'county', list: 'audit-districts', placeholder: t('p.allDistricts') });
  const target = el('input', { id: 'audit-target', value: f.target, placeholder: 'version:3/district:宝应县' });
  const run = el('button', { type: 'submit', class: 'primary', id: 'audit-run', text: t('a.show') });
  const exportLink = el('a', { class: 'button', id: 'audit-export', download: 'audit.csv', text: t('a.export') });
  const out = el('div', { id: 'audit-result' });
  const form = el('form', { class: 'inline', id: 'audit-form' }, el('label', null, t('a.plan'), version), el('label', null, t('p.district'), district),
    el('label', null, t('a.target'), target), run, exportLink);
  root.append(form, el('datalist', { id: 'audit-districts' }, districts.map(d => el('option', { value: d }))), out);
  const query = extra => {
    const q = new URLSearchParams();
    if (version.value) q.set('version', version.value);
    if (district.value.trim() && S.me.role !== 'county') q.set('district', district.value.trim());
    if (target.value.trim()) q.set('target', target.value.trim());
    for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
    return q.toString();
  };
  async function load() {
    f.version = version.value; f.district = district.value.trim(); f.target = target.value.trim();
    exportLink.setAttribute('href', '/api/audit?' + query({ format: 'csv' }));
    clear(out).append(el('p', { class: 'muted', text: t('app.loading') }));
    try {
      const entries = listOf(await api('GET', '/api/audit?' + query()), 'entries');
      clear(out).append(el('p', { class: 'muted small', id: 'audit-count', text: t('a.count', entries.length) }),
        el('div', { class: 'scroll tall' }, el('table', { class: 'grid', id: 'audit-table' },
          el('thead', null, el('tr', null, ['a.at', 'a.user', 'a.action', 'a.target', 'p.district', 'c.before', 'c.after', 'a.comment'].map(k => el('th', { text: t(k) })))),
          el('tbody', null, entries.map(e => el('tr', { 'data-action': e.action },
            el('td', { class: 'nowrap', text: when(e.at) }), el('td', { text: e.user || '' }),
            el('td', { class: 'nowrap', text: has('act.' + e.action) ? t('act.' + e.action) : e.action }), el('td', { class: 'small', text: e.target || '' }), el('td', { class: 'nowrap', text: e.district || '' }),
            el('td', { class: 'small old', text: e.before || '' }), el('td', { class: 'small', text: e.after || '' }), el('td', { text: e.comment || '' })))))));
    } catch (e) { clear(out).append(errorBox(e)); }
  }
  form.addEventListener('submit', ev => { ev.preventDefault(); load(); });
  version.addEventListener('change', load);
  await load();
}

// ---------- accounts ----------
const ROLES = ['city', 'county', 'reviewer', 'admin'];
async function knownDistricts() {
  if (S.districts) return S.districts;
  let out = [];
  try {
    const scenarios = await api('GET', '/api/scenarios');
    const issue = issueOf(scenarios) || (scenarios[0] && scenarios[0].latest);
    if (issue) { const v = await api('GET', '/api/versions/' + issue.id); out = (v.policy && v.policy.districts) || []; }
  } catch (e) { out = []; }
  S.districts = out;
  return out;
}
async function showAccounts() {
  loading();
  const [users, districts] = await Promise.all([api('GET', '/api/users'), knownDistricts()]);
  const root = clear(main());
  root.append(el('h1', { text: t('acc.title') }));
  const msg = msgArea('accounts-message');
  root.append(msg);
  const list = listOf(users, 'users');
  const body = el('tbody');
  for (const u of list) {
    const disabled = u.disabled === true || u.active === false || !!u.disabledAt;
    // One's own account is not disabled from here (the server refuses it too).
    const own = S.me && S.me.name === u.name;
    const toggle = own ? null : el('button', { type: 'button', class: 'small ' + (disabled ? '' : 'danger'), 'data-toggle': u.name, text: disabled ? t('acc.enable') : t('acc.disable') });
    if (toggle) toggle.addEventListener('click', async () => {
      clear(msg);
      const action = disabled ? 'enable' : 'disable';
      try { await api('POST', '/api/users/' + u.id + '/' + action, {}); await showAccounts(); document.getElementById('accounts-message').append(okLine(disabled ? t('acc.enabled', u.name) : t('acc.disabled', u.name))); }
      catch (e) { msg.append(errorBox(e)); }
    });
    const reset = el('button', { type: 'button', class: 'small', 'data-reset': u.name, text: t('acc.reset') });
    const row = el('tr', { 'data-user': u.name, class: disabled ? 'zero' : null },
      el('td', { text: u.name }), el('td', { text: roleLabel(u.role) }), el('td', { text: u.district || '' }),
      el('td', { text: disabled ? t('acc.isDisabled') : u.locked ? t('acc.isLocked') : t('acc.isActive') }), el('td', { text: when(u.createdAt) }), el('td', { class: 'actions' }, toggle, reset));
    reset.addEventListener('click', () => {
      const next = row.nextSibling;
      if (next && next.classList && next.classList.contains('inline-form')) { next.remove(); return; }
      const pw = el('input', { type: 'password', autocomplete: 'new-password', id: 'reset-password', minlength: 10 });
      const m = el('span', { class: 'form-error' });
      const form = el('form', { class: 'inline' }, el('label', null, t('acc.newPassword', u.name), pw), el('button', { type: 'submit', class: 'primary', text: t('acc.reset') }), m);
      form.addEventListener('submit', async ev => {
        ev.preventDefault();
        m.textContent = '';
        if (pw.value.length < 10) { m.textContent = t('pw.short'); return; }
        try { await api('POST', '/api/users/' + u.id + '/password', { password: pw.value }); tr.remove(); clear(msg).append(okLine(t('acc.resetDone', u.name))); }
        catch (e) { m.textContent = e.message; }
      });
      const tr = el('tr', { class: 'inline-form' }, el('td', { colspan: 6 }, form));
      row.after(tr);
      pw.focus();
    });
    body.append(row);
  }
  root.append(el('div', { class: 'scroll' }, el('table', { class: 'grid', id: 'accounts' },
    el('thead', null, el('tr', null, ['signin.name', 'acc.role', 'p.district', 'acc.state', 'acc.created', 'sc.actions'].map(k => el('th', { text: t(k) })))), body)));
  // Add an account.
  const name = el('input', { id: 'new-user-name', autocomplete: 'off', required: true });
  const role = el('select', { id: 'new-user-role' }, ROLES.map(r => el('option', { value: r, text: roleLabel(r) })));
  const district = el('select', { id: 'new-user-district' }, el('option', { value: '', text: t('acc.noDistrict') }), districts.map(d => el('option', { value: d, text: d })));
  const districtText = el('input', { id: 'new-user-district-text', placeholder: t('acc.districtName') });
  const password = el('input', { id: 'new-user-password', type: 'password', autocomplete: 'new-password', minlength: 10, required: true });
  const err = el('div', { class: 'form-error', id: 'new-user-error' });
  const districtBox = el('label', null, t('p.district'), districts.length ? district : districtText);
  const sync = () => { districtBox.hidden = role.value !== 'county'; };
  role.addEventListener('change', sync);
  sync();
  const form = el('form', { class: 'card', id: 'new-user-form' }, el('h2', { text: t('acc.add') }), el('p', { class: 'muted', text: t('acc.addHint') }),
    el('div', { class: 'row' }, el('label', null, t('signin.name'), name), el('label', null, t('acc.role'), role), districtBox, el('label', null, t('signin.password'), password)),
    el('button', { type: 'submit', class: 'primary', id: 'new-user-submit', text: t('acc.addButton') }), err);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(err);
    const d = districts.length ? district.value : districtText.value.trim();
    if (!name.value.trim()) { err.textContent = t('sc.needName'); return; }
    if (role.value === 'county' && !d) { err.textContent = t('acc.needDistrict'); return; }
    if (password.value.length < 10) { err.textContent = t('pw.short'); return; }
    try {
      await api('POST', '/api/users', { name: name.value.trim(), role: role.value, district: role.value === 'county' ? d : undefined, password: password.value });
      const who = name.value.trim();
      await showAccounts();
      document.getElementById('accounts-message').append(okLine(t('acc.added', who)));
    } catch (e) { err.append(errorBox(e)); }
  });
  root.append(form);
}

// ---------- own password ----------
function showPassword() {
  const root = clear(main());
  const current = el('input', { type: 'password', id: 'pw-current', autocomplete: 'current-password', required: true });
  const next = el('input', { type: 'password', id: 'pw-new', autocomplete: 'new-password', minlength: 10, required: true });
  const again = el('input', { type: 'password', id: 'pw-again', autocomplete: 'new-password', minlength: 10, required: true });
  const msg = el('div', { id: 'pw-message', 'aria-live': 'polite' });
  const form = el('form', { class: 'card signin', id: 'password-form' }, el('h1', { text: t('pw.title') }), el('p', { class: 'muted', text: t('pw.hint') }),
    el('label', null, t('pw.current'), current), el('label', null, t('pw.new'), next), el('label', null, t('pw.again'), again), msg,
    el('button', { type: 'submit', class: 'primary', id: 'pw-submit', text: t('pw.submit') }));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(msg);
    if (next.value.length < 10) { msg.append(el('p', { class: 'form-error', text: t('pw.short') })); return; }
    if (next.value !== again.value) { msg.append(el('p', { class: 'form-error', text: t('pw.mismatch') })); return; }
    try {
      await api('POST', '/api/me/password', { current: current.value, new: next.value });
      current.value = next.value = again.value = '';
      msg.append(okLine(t('pw.done')));
    } catch (e) { msg.append(el('p', { class: 'form-error', text: e.message })); }
  });
  root.append(form);
  current.focus();
}
"""##
}
