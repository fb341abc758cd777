/// The page's script (after `PageText.script`): vanilla JavaScript that renders every view from
/// the JSON API. It never builds HTML from data: text goes in through `textContent` (the `el`
/// helper), and the only markup inserted is the server's own sweep SVG, parsed as SVG.
enum PageScript {
  static let source = ##"""
const S = {
  me: null, lang: 'zh', scenarios: [], scenario: null, version: null, plan: null, planError: null,
  nearest: null, nearestError: null, tab: 'plan',
  filter: { text: '', district: '', category: '', sort: 'quota-desc' },
  compareWith: null, compareResult: null, sweepResult: null, notice: null,
};

// ---------- small helpers ----------
function t(key, ...args) {
  const entry = TEXT[key];
  if (!entry) return key;
  let s = entry[S.lang === 'en' ? 1 : 0];
  args.forEach((a, i) => { s = s.split('{' + i + '}').join(String(a)); });
  return s;
}
function has(key) { return Object.prototype.hasOwnProperty.call(TEXT, key); }

function el(tag, attrs, ...children) {
  const n = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') n.className = v;
      else if (k === 'text') n.textContent = String(v);
      else if (k.startsWith('on') && typeof v === 'function') n.addEventListener(k.slice(2), v);
      else if (v === true) n.setAttribute(k, '');
      else n.setAttribute(k, String(v));
    }
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    n.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return n;
}
function svgEl(tag, attrs, text) {
  const n = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = String(text);
  return n;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
function fmt(n) { return (typeof n === 'number') ? n.toLocaleString(S.lang === 'en' ? 'en-US' : 'zh-CN') : (n ?? ''); }
function pct(x, digits = 2) { const v = Number(x); return Number.isFinite(v) ? (v * 100).toFixed(digits) + '%' : ''; }
function numberText(n) { return (n && Number(n) > 0) ? String(n).padStart(12, '0') : '—'; }
function when(s) { if (!s) return ''; const d = new Date(s); return isNaN(d) ? String(s) : d.toLocaleString(S.lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }); }
function outcomeBadge(outcome) {
  if (!outcome) return null;
  return el('span', { class: 'badge outcome-' + outcome, text: has('out.' + outcome) ? t('out.' + outcome) : outcome });
}
function publishedBadge(name) { return name ? el('span', { class: 'badge published', text: t('sc.published') + ' · ' + name }) : null; }
function readLang() {
  const m = document.cookie.match(/(?:^|;\s*)qp_lang=(zh|en)/);
  if (m) return m[1];
  return (document.documentElement.lang || 'zh').startsWith('en') ? 'en' : 'zh';
}
function canEdit() { return S.me && S.me.role === 'city'; }
function keyLabel(key) { return has('k.' + key) ? t('k.' + key) : key; }
function catName(id) {
  const cats = (S.version && S.version.policy && S.version.policy.categories) || [];
  const c = cats.find(x => x.id === id);
  if (c) return c.name;
  const pc = ((S.plan || S.nearest || {}).categories || []).find(x => x.id === id);
  return pc ? pc.name : id;
}
function display(v) {
  if (v === null || v === undefined) return t('s.none');
  if (Array.isArray(v)) return v.length ? v.map(display).join('、') : t('s.none');
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => keyLabel(k) + ' ' + display(x)).join('，');
  if (typeof v === 'string' && has('g.' + v)) return t('g.' + v);
  return String(v);
}

// ---------- the API ----------
class ApiError extends Error {
  constructor(status, body) { super((body && body.message) || ('HTTP ' + status)); this.status = status; this.body = body || {}; }
}
async function api(method, path, body) {
  const headers = { 'Accept': 'application/json', 'Accept-Language': S.lang };
  if (method !== 'GET') headers['X-CSRF-Token'] = (S.me && S.me.csrf) || '';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: S.lang === 'en' ? 'The server cannot be reached.' : '无法连接服务器。' });
  }
  const type = res.headers.get('content-type') || '';
  let data = null;
  if (res.status !== 204) data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const err = (data && data.error) || { code: 'http_' + res.status, message: (S.lang === 'en' ? 'The request failed (HTTP ' : '请求失败（HTTP ') + res.status + (S.lang === 'en' ? ').' : '）。') };
    if (res.status === 401 && err.code === 'sign_in_required' && path !== '/api/session') { S.me = null; showSignIn(); }
    throw new ApiError(res.status, err);
  }
  return data;
}
function errorBox(e, extra) {
  const body = (e && e.body) || {};
  const box = el('div', { class: 'error', role: 'alert' }, el('p', { text: (e && e.message) || String(e) }));
  if (Array.isArray(body.problems) && body.problems.length) box.append(problemsTable(body.problems));
  if (extra) box.append(extra);
  return box;
}
function problemsTable(problems) {
  const cols = ['file', 'row', 'column', 'setting', 'rule'].filter(c => problems.some(p => p[c] !== undefined && p[c] !== null));
  const labels = { file: t('sc.file'), row: t('sc.row'), column: t('sc.column'), setting: t('d.setting'), rule: t('sc.rule') };
  return el('table', { class: 'grid problems' },
    el('thead', null, el('tr', null, cols.map(c => el('th', { text: labels[c] })), el('th', { text: t('sc.message') }))),
    el('tbody', null, problems.map(p => el('tr', null, cols.map(c => el('td', { text: p[c] ?? '' })), el('td', { text: p.message })))));
}

// ---------- frame ----------
const main = () => document.getElementById('main');
function renderTop() {
  const top = clear(document.getElementById('top'));
  document.documentElement.lang = S.lang === 'en' ? 'en' : 'zh-CN';
  document.title = t('app.title') + ' · quotaplan';
  top.append(el('a', { class: 'brand', href: '#/', text: t('app.title') }));
  if (S.me) for (const [href, key, id] of navFor(S.me.role)) top.append(el('a', { class: 'nav', id, href, text: t(key) }));
  top.append(el('span', { class: 'spacer' }));
  if (S.me) top.append(el('span', { class: 'who', text: S.me.name + ' · ' + S.me.roleLabel + (S.me.district ? ' · ' + S.me.district : '') }));
  top.append(el('button', { class: 'link', id: 'lang-switch', type: 'button', onclick: switchLanguage, text: t('app.lang') }));
  if (S.me) top.append(el('button', { class: 'link', id: 'sign-out', type: 'button', onclick: signOut, text: t('app.signOut') }));
}
// What each role's top bar links to; the first is where the role starts.
function navFor(role) {
  const scenarios = ['#/scenarios', 'app.scenarios', 'nav-scenarios'];
  const audit = ['#/audit', 'nav.audit', 'nav-audit'];
  const password = ['#/password', 'nav.password', 'nav-password'];
  const tracking = ['#/tracking', 'nav.tracking', 'nav-tracking'];
  if (role === 'county') return [['#/county', 'nav.county', 'nav-county'], tracking, scenarios, audit, password];
  if (role === 'reviewer') return [['#/review', 'nav.review', 'nav-review'], ['#/board', 'nav.board', 'nav-board'], tracking, scenarios, audit, password];
  if (role === 'admin') return [['#/accounts', 'nav.accounts', 'nav-accounts'], audit, password];
  return [scenarios, ['#/board', 'nav.board', 'nav-board'], tracking, audit, ['#/accounts', 'nav.accounts', 'nav-accounts'], password];
}
function switchLanguage() {
  S.lang = S.lang === 'en' ? 'zh' : 'en';
  document.cookie = 'qp_lang=' + S.lang + '; path=/; SameSite=Strict; max-age=31536000';
  S.version = null; S.compareResult = null; S.sweepResult = null;
  if (S.me) S.me.roleLabel = roleLabel(S.me.role);
  renderTop();
  if (S.me) route(); else showSignIn();
}
function roleLabel(role) {
  const zh = { city: '团市委', county: '县级团委', reviewer: '审核人', admin: '管理员' };
  const en = { city: 'city committee', county: 'county committee', reviewer: 'reviewer', admin: 'administrator' };
  return (S.lang === 'en' ? en : zh)[role] || role;
}
async function signOut() {
  try { await api('DELETE', '/api/session'); } catch (e) { /* signed out either way */ }
  S.me = null; S.version = null; S.scenario = null;
  location.hash = '#/';
  showSignIn();
}
function loading() { clear(main()).append(el('p', { class: 'muted', text: t('app.loading') })); }

// ---------- sign in ----------
function showSignIn() {
  renderTop();
  const msg = el('div', { class: 'form-error', role: 'alert', 'aria-live': 'polite' });
  const name = el('input', { id: 'signin-name', name: 'name', autocomplete: 'username', required: true });
  const password = el('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = el('form', { class: 'card signin', id: 'signin-form' },
    el('h1', { text: t('signin.title') }),
    el('p', { class: 'muted', text: t('signin.hint') }),
    el('label', null, t('signin.name'), name),
    el('label', null, t('signin.password'), password),
    msg,
    el('button', { type: 'submit', class: 'primary', text: t('signin.submit') }));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(msg);
    try {
      S.me = await api('POST', '/api/session', { name: name.value, password: password.value });
      route();
    } catch (e) { msg.textContent = e.message; password.value = ''; password.focus(); }
  });
  clear(main()).append(form);
  name.focus();
}

// ---------- routing ----------
async function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (!S.me) {
    try { S.me = await api('GET', '/api/me'); } catch (e) { if (e.status === 401) return; clear(main()).append(errorBox(e)); return; }
  }
  renderTop();
  closePanel();
  const role = S.me.role;
  const home = navFor(role)[0][0].slice(2);
  const view = parts[0] || home;
  const id = Number(parts[1]);
  for (const a of document.querySelectorAll('#top a.nav')) a.classList.toggle('active', a.getAttribute('href') === '#/' + view);
  try {
    if (view === 'version' && parts[1] && role !== 'admin') await showVersion(id, parts[2] || 'plan');
    else if (view === 'county' && role === 'county') await showCounty();
    else if (view === 'refinement' && parts[1] && role !== 'admin') await showRefinement(id, parts[2] || 'impact');
    else if (view === 'review' && role === 'reviewer') await showReview();
    else if (view === 'board' && (role === 'city' || role === 'reviewer')) await showBoard(parts[1] ? id : null);
    else if (view === 'combination' && parts[1] && role !== 'admin') await showCombination(id);
    else if (view === 'tracking' && role !== 'admin') await showTracking(parts[1] ? id : null);
    else if (view === 'audit') await showAudit();
    else if (view === 'accounts' && (role === 'city' || role === 'admin')) await showAccounts();
    else if (view === 'password') showPassword();
    else if (view === 'scenarios' && role !== 'admin') await showScenarios();
    else if (home === 'scenarios') await showScenarios();
    else location.hash = '#/' + home;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    clear(main()).append(errorBox(e));
    console.error(e);
  }
}
window.addEventListener('hashchange', route);

// ---------- scenarios ----------
async function showScenarios() {
  loading();
  S.scenarios = await api('GET', '/api/scenarios');
  const root = clear(main());
  root.append(el('h1', { text: t('sc.title') }));
  if (!canEdit()) root.append(el('p', { class: 'muted', text: t('app.readOnly') }));
  if (!S.scenarios.length) root.append(el('p', { class: 'muted', text: t('sc.none') }));
  const byId = new Map(S.scenarios.map(s => [s.id, s]));
  const table = el('table', { class: 'grid scenarios', id: 'scenario-list' },
    el('thead', null, el('tr', null, ['sc.name', 'sc.caption', 'sc.base', 'sc.latest', 'sc.outcome', 'sc.actions'].map(k => el('th', { text: t(k) })))));
  const body = el('tbody');
  for (const s of S.scenarios) {
    const latest = s.latest || {};
    const row = el('tr', { 'data-scenario': s.name },
      el('td', null, el('a', { href: latest.id ? '#/version/' + latest.id : '#/', class: 'strong', text: s.name })),
      el('td', { text: s.title || '' }),
      el('td', { text: s.baseName || (s.baseId && byId.get(s.baseId) ? byId.get(s.baseId).name : '') }),
      el('td', null, latest.number ? t('sc.versionN', latest.number) : '', el('span', { class: 'muted small', text: s.versionCount ? ' · ' + t('sc.versions', s.versionCount) : '' }),
        el('div', { class: 'muted small', text: latest.createdAt ? t('v.by', latest.createdBy || '', when(latest.createdAt)) : '' })),
      el('td', null, outcomeBadge(latest.outcome), ' ', publishedBadge(latest.publishedName)),
      el('td', { class: 'actions' },
        latest.id ? el('a', { class: 'button', href: '#/version/' + latest.id, text: t('sc.open') }) : null,
        canEdit() ? el('button', { type: 'button', class: 'what-if', onclick: () => whatIfForm(row, s), text: t('sc.whatIf') }) : null));
    body.append(row);
  }
  table.append(body);
  root.append(el('div', { class: 'scroll' }, table));
  if (canEdit()) root.append(uploadForm());
}
function whatIfForm(row, scenario) {
  const next = row.nextSibling;
  if (next && next.classList && next.classList.contains('inline-form')) { next.remove(); return; }
  const name = el('input', { name: 'whatif-name', id: 'whatif-name', value: scenario.name + '-whatif' });
  const msg = el('div', { class: 'form-error', role: 'alert' });
  const form = el('form', { class: 'inline' }, el('label', null, t('sc.whatIfName'), name),
    el('button', { type: 'submit', class: 'primary', text: t('sc.create') }),
    el('button', { type: 'button', onclick: () => tr.remove(), text: t('sc.cancel') }), msg);
  const tr = el('tr', { class: 'inline-form' }, el('td', { colspan: 6 }, form));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(msg);
    if (!name.value.trim()) { msg.textContent = t('sc.needName'); return; }
    try {
      const made = await api('POST', '/api/scenarios', { name: name.value.trim(), fromScenario: scenario.id, whatIf: true });
      location.hash = '#/version/' + made.versionId + '/settings';
    } catch (e) { clear(msg).append(errorBox(e)); }
  });
  row.after(tr);
  name.focus();
  name.select();
}
function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
function uploadForm() {
  const name = el('input', { name: 'upload-name', id: 'upload-name', required: true });
  const from = el('select', { name: 'settings-from', id: 'upload-settings-from' }, S.scenarios.map(s => el('option', { value: s.id, text: s.name })), el('option', { value: '', text: t('sc.notice') }));
  const schools = el('input', { type: 'file', id: 'upload-schools', accept: '.csv,.xlsx,text/csv' });
  const social = el('input', { type: 'file', id: 'upload-social', accept: '.csv,.xlsx,text/csv' });
  const result = el('div', { id: 'upload-result' });
  const button = el('button', { type: 'submit', class: 'primary', text: t('sc.uploadSubmit') });
  const form = el('form', { class: 'card upload', id: 'upload-form' },
    el('h2', { text: t('sc.upload') }), el('p', { class: 'muted', text: t('sc.uploadHint') }),
    el('div', { class: 'row' }, el('label', null, t('sc.name'), name), el('label', null, t('sc.settingsFrom'), from)),
    el('div', { class: 'row' }, el('label', null, t('sc.schoolsFile'), schools), el('label', null, t('sc.socialFile'), social)),
    button, result);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(result);
    if (!name.value.trim()) { result.append(el('p', { class: 'form-error', text: t('sc.needName') })); return; }
    if (!schools.files.length) { result.append(el('p', { class: 'form-error', text: t('sc.uploadNeedsFile') })); return; }
    button.disabled = true;
    try {
      const body = { name: name.value.trim(), settingsFrom: from.value === '' ? null : Number(from.value), schools: { fileName: schools.files[0].name, base64: await fileToBase64(schools.files[0]) } };
      if (social.files.length) body.social = { fileName: social.files[0].name, base64: await fileToBase64(social.files[0]) };
      const made = await api('POST', '/api/scenarios/upload', body);
      location.hash = '#/version/' + made.versionId;
    } catch (e) {
      result.append(uploadProblems(e));
    } finally { button.disabled = false; }
  });
  return form;
}
function uploadProblems(e) {
  const body = e.body || {};
  const problems = Array.isArray(body.problems) ? body.problems : [];
  const box = el('div', { class: 'error', role: 'alert' }, el('p', { text: e.message }));
  if (problems.length) {
    box.append(el('p', { class: 'strong', text: t('sc.problems', problems.length) }), problemsTable(problems));
  }
  const preview = body.preview || {};
  for (const [file, table] of Object.entries(preview)) {
    const header = table.header || [];
    const mine = problems.filter(p => !p.file || p.file === file || Object.keys(preview).length === 1);
    const bad = new Set(mine.map(p => p.row + '|' + (p.column ?? '')));
    const badRows = new Set(mine.filter(p => p.column === undefined || p.column === null || !header.includes(p.column)).map(p => p.row));
    const messages = new Map();
    for (const p of mine) { const k = p.row + '|' + (p.column ?? ''); messages.set(k, (messages.get(k) ? messages.get(k) + '\n' : '') + p.message); }
    const tbl = el('table', { class: 'grid preview' },
      el('thead', null, el('tr', null, el('th', { class: 'rownum', text: '1' }), header.map(h => el('th', { text: h })))),
      el('tbody', null, (table.rows || []).map(r => el('tr', { class: badRows.has(r.row) ? 'bad-row' : null },
        el('th', { class: 'rownum', text: r.row }),
        (r.cells || []).map((c, i) => {
          const k = r.row + '|' + header[i];
          return el('td', { class: bad.has(k) ? 'bad' : null, title: messages.get(k) || null, text: c });
        })))));
    box.append(el('h3', { text: t('sc.preview', file) }), el('div', { class: 'scroll preview-scroll' }, tbl));
  }
  return box;
}

// ---------- version ----------
function versionsOf(scenario) {
  if (!scenario) return [];
  return scenario.versions || (scenario.scenario && scenario.scenario.versions) || [];
}
async function loadVersion(id) {
  if (S.version && S.version.id === id) return;
  loading();
  const version = await api('GET', '/api/versions/' + id);
  const scenario = await api('GET', '/api/scenarios/' + version.scenarioId);
  S.version = version; S.scenario = scenario.scenario ? Object.assign({}, scenario.scenario, { versions: scenario.versions }) : scenario;
  S.plan = null; S.planError = null; S.nearest = null; S.nearestError = null;
  S.compareResult = null; S.compareWith = null; S.sweepResult = null; S.notice = null;
  // A county committee starts at its own district's schools.
  S.filter = { text: '', district: S.me && S.me.role === 'county' && S.me.district ? S.me.district : '', category: '', sort: 'quota-desc' };
  try { S.plan = await api('GET', '/api/versions/' + id + '/plan'); } catch (e) {
    S.planError = e;
    // The conflict is shown at once; its nearest plan can take seconds and follows when ready.
    if (e.status === 409) loadNearest(id);
  }
  if (!S.scenarios.length) { try { S.scenarios = await api('GET', '/api/scenarios'); } catch (e) { S.scenarios = []; } }
}
async function loadNearest(id) {
  S.nearestPending = true;
  let nearest = null, error = null;
  try { nearest = await api('GET', '/api/versions/' + id + '/nearest'); } catch (e) { error = e; }
  if (!S.version || S.version.id !== id) return;
  S.nearest = nearest; S.nearestError = error; S.nearestPending = false;
  if (S.version && S.version.id === id && (S.tab === 'plan' || S.tab === 'files')) await showVersion(id, S.tab);
}
function latestNumber() {
  const vs = versionsOf(S.scenario);
  return vs.reduce((m, v) => Math.max(m, v.number || 0), S.version ? S.version.number : 0);
}
function latestVersionId() {
  const vs = versionsOf(S.scenario);
  const top = vs.reduce((m, v) => (!m || v.number > m.number) ? v : m, null);
  return top ? top.id : S.version.id;
}
async function showVersion(id, tab) {
  await loadVersion(id);
  S.tab = tab;
  const v = S.version;
  const root = clear(main());
  const history = el('select', { id: 'version-history', 'aria-label': t('v.history') },
    versionsOf(S.scenario).slice().sort((a, b) => b.number - a.number).map(x => el('option', { value: x.id, selected: x.id === v.id,
      text: t('sc.versionN', x.number) + (x.outcome ? ' · ' + (has('out.' + x.outcome) ? t('out.' + x.outcome) : x.outcome) : '') + (x.publishedName ? ' · ' + t('sc.published') : '') + (x.createdAt ? ' · ' + when(x.createdAt) : '') })));
  history.addEventListener('change', () => { location.hash = '#/version/' + history.value + '/' + S.tab; });
  const base = v.base || (S.scenario && S.scenario.baseName ? { name: S.scenario.baseName } : null);
  root.append(el('div', { class: 'vhead' },
    el('div', null,
      el('h1', null, el('span', { id: 'scenario-name', text: v.scenarioName || (S.scenario && S.scenario.name) || '' }), ' ',
        el('span', { class: 'vnum', id: 'version-number', text: t('sc.versionN', v.number) }), ' ', outcomeBadge(v.outcome), ' ', publishedBadge(v.publishedName)),
      el('div', { class: 'muted' }, (v.policy && v.policy.title) || (S.scenario && S.scenario.title) || '',
        base ? ' · ' + t('v.whatIfOf', (base.name || base.scenarioName || '') + (base.number ? ' ' + t('sc.versionN', base.number) : '')) : '',
        v.publishedAt ? ' · ' + t('v.publishedBy', v.publishedName, v.publishedBy || '', when(v.publishedAt)) : '')),
    el('label', { class: 'history' }, t('v.history'), history)));
  if (S.notice) root.append(S.notice);
  const tabs = ['plan', 'settings'].concat(base || (v.differences && v.differences.length) ? ['diff'] : [], ['compare'], canEdit() ? ['sweep'] : [], ['files', 'publish']);
  root.append(el('nav', { class: 'tabs', role: 'tablist' }, tabs.map(k => el('a', {
    href: '#/version/' + v.id + '/' + k, role: 'tab', id: 'tab-' + k, class: k === tab ? 'active' : null, 'aria-selected': k === tab ? 'true' : 'false',
    text: t('tab.' + (k === 'diff' ? 'diff' : k)) }))));
  const pane = el('section', { class: 'pane', id: 'pane-' + tab });
  root.append(pane);
  const views = { plan: planTab, settings: settingsTab, diff: diffTab, compare: compareTab, sweep: sweepTab, files: filesTab, publish: publishTab };
  await (views[tab] || planTab)(pane);
}

// ---------- plan tab ----------
function planTab(pane) {
  const v = S.version;
  if (S.plan) { renderPlan(pane, S.plan, false); return; }
  const err = S.planError;
  const conflictText = (err && err.message) || v.message || '';
  const box = el('div', { class: 'conflict', role: 'alert', id: 'conflict' }, el('h2', { text: t('p.conflictTitle') }));
  for (const line of String(conflictText).split('\n').filter(Boolean)) box.append(el('p', { text: line }));
  if (err && err.body && Array.isArray(err.body.problems) && err.body.problems.length) box.append(problemsTable(err.body.problems));
  pane.append(box);
  if (S.nearest) {
    const wrap = el('div', { class: 'nearest', id: 'nearest-plan' });
    const broken = S.nearest.broken_rules || [];
    wrap.append(el('div', { class: 'nearest-banner' }, el('h2', { text: t('p.nearestTitle') }),
      el('ul', null, broken.map(b => el('li', { text: typeof b === 'string' ? b : (b.text || b.message || b.sentence || [b.rule, b.description].filter(Boolean).join(' ') || JSON.stringify(b)) }))),
      el('p', { class: 'small', text: t('p.nearestNote') })));
    renderPlan(wrap, S.nearest, true);
    pane.append(wrap);
  } else if (S.nearestError) {
    pane.append(el('p', { class: 'muted', text: t('p.noNearest') + S.nearestError.message }));
  } else if (S.nearestPending) {
    pane.append(el('p', { class: 'notice', id: 'nearest-pending', text: t('p.nearestPending') }));
  }
}
function planRows(plan) {
  const rows = [];
  for (const s of plan.schools || []) {
    for (const g of s.grades || []) {
      rows.push({ school: s.name, district: s.district, category: s.category, grade: g.grade, classes: g.classes, students: g.students,
        members: g.members, quota: g.quota, after: g.after, ratio: g.ratio_after, reason: (g.reason && g.reason.text) || '', rule: g.reason && g.reason.rule });
    }
  }
  return rows;
}
function planDistricts(plan) {
  const fromPolicy = (S.version && S.version.policy && S.version.policy.districts) || [];
  const seen = new Set(fromPolicy);
  const out = fromPolicy.slice();
  for (const a of plan.allocation || []) if (!seen.has(a.district)) { seen.add(a.district); out.push(a.district); }
  return out;
}
function renderPlan(pane, plan, nearest) {
  const cats = plan.categories || [];
  pane.append(el('p', { class: 'headline' }, el('strong', { text: plan.title || '' }), ' · ',
    t('p.headline', fmt((plan.allocation || []).reduce((s, a) => s + (a.quota || 0), 0)), fmt(plan.total)),
    plan.proven_optimal && !nearest ? el('span', { class: 'badge ok', text: t('p.proven') }) : null));
  // Per category.
  pane.append(el('h2', { text: t('p.summary') }));
  pane.append(el('div', { class: 'scroll' }, el('table', { class: 'grid summary', id: 'category-summary' },
    el('thead', null, el('tr', null, ['p.category', 'p.total', 'p.units', 'p.closedDoor', 'p.coverage', 'p.balance', 'p.binding'].map(k => el('th', { text: t(k) })))),
    el('tbody', null, cats.map(c => el('tr', null,
      el('td', { text: c.name }), el('td', { class: 'num', text: fmt(c.total) }),
      el('td', { class: 'num', text: fmt(c.units_with_quota) + ' / ' + fmt(c.units) }),
      el('td', { class: 'num', text: c.closed_door_schools ? fmt(c.closed_door_met) + ' / ' + fmt(c.closed_door_schools) : '—' }),
      el('td', { class: 'num', text: c.coverage_grades ? fmt(c.coverage_met) + ' / ' + fmt(c.coverage_grades) : '—' }),
      el('td', { class: 'num', text: c.balance_level !== undefined && c.balance_level !== null ? pct(c.balance_level) : '—' }),
      el('td', { text: Object.entries(c.binding_caps || {}).map(([r, n]) => r + ' × ' + n).join('，') || '—' })))))));
  // Attachment 1.
  const alloc = plan.allocation || [];
  pane.append(el('h2', { text: t('p.attachment') }));
  pane.append(el('div', { class: 'scroll tall' }, el('table', { class: 'grid attachment', id: 'attachment-1' },
    el('thead', null, el('tr', null, ['p.district', 'p.category', 'p.quota', 'p.first', 'p.last'].map(k => el('th', { text: t(k) })))),
    el('tbody', null, alloc.map(a => el('tr', { class: a.quota ? null : 'zero', title: a.reason || null },
      el('td', { text: a.district }), el('td', { text: a.category }), el('td', { class: 'num', text: fmt(a.quota) }),
      el('td', { class: 'mono', text: a.quota ? numberText(a.first_number) : '—' }), el('td', { class: 'mono', text: a.quota ? numberText(a.last_number) : '—' })))),
    el('tfoot', null, el('tr', null, el('th', { text: t('p.sum') }), el('th'), el('th', { class: 'num', text: fmt(alloc.reduce((s, a) => s + (a.quota || 0), 0)) }), el('th'), el('th'))))));
  // District × category.
  const districts = planDistricts(plan);
  const catNames = cats.map(c => c.name);
  for (const a of alloc) if (!catNames.includes(a.category)) catNames.push(a.category);
  const cell = new Map(alloc.map(a => [a.district + '|' + a.category, a.quota || 0]));
  pane.append(el('h2', { text: t('p.pivot') }));
  pane.append(el('div', { class: 'scroll' }, el('table', { class: 'grid pivot', id: 'pivot' },
    el('thead', null, el('tr', null, el('th', { text: t('p.district') }), catNames.map(c => el('th', { class: 'num', text: c })), el('th', { class: 'num', text: t('p.sum') }))),
    el('tbody', null, districts.map(d => el('tr', null, el('th', { text: d }),
      catNames.map(c => el('td', { class: 'num' + ((cell.get(d + '|' + c) || 0) ? '' : ' zero'), text: fmt(cell.get(d + '|' + c) || 0) })),
      el('td', { class: 'num strong', text: fmt(catNames.reduce((s, c) => s + (cell.get(d + '|' + c) || 0), 0)) })))),
    el('tfoot', null, el('tr', null, el('th', { text: t('p.sum') }),
      catNames.map(c => el('th', { class: 'num', text: fmt(districts.reduce((s, d) => s + (cell.get(d + '|' + c) || 0), 0)) })),
      el('th', { class: 'num', text: fmt(alloc.reduce((s, a) => s + (a.quota || 0), 0)) }))))));
  // Ratio charts.
  const rows = planRows(plan);
  pane.append(el('h2', { text: t('p.charts') }));
  const charts = el('div', { class: 'charts' });
  for (const c of cats) {
    const mine = rows.filter(r => r.category === c.id);
    if (!mine.length) continue;
    charts.append(ratioChart(c.name, districts, mine));
  }
  pane.append(charts);
  // Sensitivity.
  if ((plan.sensitivity || []).length) {
    pane.append(el('h2', { text: t('p.sensitivity') }));
    pane.append(el('div', { class: 'scroll' }, el('table', { class: 'grid' },
      el('thead', null, el('tr', null, ['p.category', 'p.total', 'p.headroom', 'p.next', 'p.previous'].map(k => el('th', { text: t(k) })))),
      el('tbody', null, plan.sensitivity.map(s => el('tr', null, el('td', { text: s.category }), el('td', { class: 'num', text: fmt(s.total) }),
        el('td', { class: 'num', text: fmt(s.headroom) }),
        el('td', { text: (s.next_member || '—') + (s.next_ratio !== undefined ? ' (' + pct(s.next_ratio) + ')' : '') }),
        el('td', { text: (s.previous_member || '—') + (s.previous_ratio !== undefined ? ' (' + pct(s.previous_ratio) + ')' : '') })))))));
  }
  // Schools and grades.
  pane.append(el('h2', { text: t('p.schools') }));
  pane.append(schoolTable(rows, districts, cats, nearest));
  // Social units.
  if ((plan.social || []).length) {
    pane.append(el('h2', { text: t('p.social') }));
    pane.append(el('div', { class: 'scroll tall' }, el('table', { class: 'grid clickable', id: 'social-table' },
      el('thead', null, el('tr', null, ['p.district', 'p.unit', 'p.type', 'p.members', 'p.weight', 'p.quota', 'p.reason'].map(k => el('th', { text: t(k) })))),
      el('tbody', null, plan.social.map(u => {
        const tr = el('tr', { tabindex: 0, 'data-unit': u.name },
          el('td', { text: u.district }), el('td', { text: u.name }), el('td', { text: has('unit.' + u.type) ? t('unit.' + u.type) : (u.type || '') }),
          el('td', { class: 'num', text: fmt(u.members) }), el('td', { class: 'num', text: u.weight ?? '' }), el('td', { class: 'num strong', text: fmt(u.quota) }),
          el('td', { class: 'reason', text: (u.reason && u.reason.text) || '' }));
        const open = () => openExplain({ social: u.name, district: u.district }, u.name);
        tr.addEventListener('click', open);
        tr.addEventListener('keydown', ev => { if (ev.key === 'Enter') open(); });
        return tr;
      })))));
  }
}
function ratioChart(title, districts, rows) {
  const data = districts.map(d => {
    const mine = rows.filter(r => r.district === d);
    const students = mine.reduce((s, r) => s + (r.students || 0), 0);
    const members = mine.reduce((s, r) => s + (r.members || 0), 0);
    const quota = mine.reduce((s, r) => s + (r.quota || 0), 0);
    return { d, students, before: students ? members / students : 0, after: students ? (members + quota) / students : 0 };
  }).filter(x => x.students > 0);
  const max = Math.max(0.01, ...data.map(x => Math.max(x.before, x.after)));
  const labelW = 150, barW = 300, rowH = 26, top = 8;
  const width = labelW + barW + 120, height = top + data.length * rowH + 24;
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart', role: 'img', 'aria-label': title });
  data.forEach((x, i) => {
    const y = top + i * rowH;
    svg.append(svgEl('text', { x: labelW - 6, y: y + 15, class: 'chart-label', 'text-anchor': 'end' }, x.d));
    svg.append(svgEl('rect', { x: labelW, y: y + 3, width: Math.max(1, barW * x.before / max), height: 8, class: 'bar-before' }));
    svg.append(svgEl('rect', { x: labelW, y: y + 12, width: Math.max(1, barW * x.after / max), height: 10, class: 'bar-after' }));
    svg.append(svgEl('text', { x: labelW + barW + 6, y: y + 15, class: 'chart-value' }, pct(x.before, 1) + ' → ' + pct(x.after, 1)));
  });
  const ly = top + data.length * rowH + 10;
  svg.append(svgEl('rect', { x: labelW, y: ly - 8, width: 12, height: 8, class: 'bar-before' }));
  svg.append(svgEl('text', { x: labelW + 16, y: ly, class: 'chart-value' }, t('p.before')));
  svg.append(svgEl('rect', { x: labelW + 80, y: ly - 8, width: 12, height: 8, class: 'bar-after' }));
  svg.append(svgEl('text', { x: labelW + 96, y: ly, class: 'chart-value' }, t('p.after')));
  return el('figure', { class: 'chart-box' }, el('figcaption', { text: title }), svg);
}
const ROW_LIMIT = 800;
function schoolTable(rows, districts, cats, nearest) {
  const f = S.filter;
  const search = el('input', { type: 'search', id: 'school-search', placeholder: t('p.search'), value: f.text });
  const district = el('select', { id: 'school-district' }, el('option', { value: '', text: t('p.allDistricts') }), districts.map(d => el('option', { value: d, selected: d === f.district, text: d })));
  const category = el('select', { id: 'school-category' }, el('option', { value: '', text: t('p.allCategories') }),
    cats.filter(c => rows.some(r => r.category === c.id)).map(c => el('option', { value: c.id, selected: c.id === f.category, text: c.name })));
  const sort = el('select', { id: 'school-sort' }, [['quota-desc', 'p.sortQuotaDesc'], ['quota-asc', 'p.sortQuotaAsc'], ['none', 'p.sortNone']].map(([v, k]) => el('option', { value: v, selected: v === f.sort, text: t(k) })));
  const count = el('p', { class: 'muted small', id: 'school-count' });
  const body = el('tbody');
  const table = el('table', { class: 'grid clickable', id: 'school-table' },
    el('thead', null, el('tr', null, ['p.district', 'p.school', 'p.category', 'p.grade', 'p.classes', 'p.students', 'p.members', 'p.quota', 'p.ratioAfter', 'p.reason'].map(k => el('th', { text: t(k) })))),
    body);
  function draw() {
    f.text = search.value.trim(); f.district = district.value; f.category = category.value; f.sort = sort.value;
    const q = f.text.toLowerCase();
    let shown = rows.filter(r => (!f.district || r.district === f.district) && (!f.category || r.category === f.category) &&
      (!q || r.school.toLowerCase().includes(q) || r.district.toLowerCase().includes(q)));
    if (f.sort === 'quota-desc') shown = shown.slice().sort((a, b) => b.quota - a.quota);
    else if (f.sort === 'quota-asc') shown = shown.slice().sort((a, b) => a.quota - b.quota);
    clear(body);
    for (const r of shown.slice(0, ROW_LIMIT)) {
      const tr = el('tr', { tabindex: 0, 'data-school': r.school, class: r.quota ? null : 'zero' },
        el('td', { text: r.district }), el('td', { text: r.school }), el('td', { class: 'nowrap', text: catName(r.category) }), el('td', { class: 'num', text: r.grade }),
        el('td', { class: 'num', text: fmt(r.classes) }), el('td', { class: 'num', text: fmt(r.students) }), el('td', { class: 'num', text: fmt(r.members) }),
        el('td', { class: 'num strong', text: fmt(r.quota) }), el('td', { class: 'num', text: pct(r.ratio, 1) }), el('td', { class: 'reason', text: r.reason }));
      const open = () => openExplain({ school: r.school, district: r.district, category: r.category, grade: r.grade }, r.school + ' · ' + t('p.grade.n', r.grade));
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', ev => { if (ev.key === 'Enter') open(); });
      body.append(tr);
    }
    count.textContent = t('p.rowsShown', Math.min(shown.length, ROW_LIMIT), shown.length) + (shown.length > ROW_LIMIT ? ' ' + t('p.rowsCut', ROW_LIMIT) : '');
  }
  for (const c of [district, category, sort]) c.addEventListener('change', draw);
  search.addEventListener('input', draw);
  draw();
  return el('div', null, el('div', { class: 'filters' }, search, district, category, sort), count, el('div', { class: 'scroll tall' }, table));
}

// ---------- explanation panel ----------
async function openExplain(params, title) {
  const panel = document.getElementById('panel');
  const text = el('pre', { id: 'explain-text', text: t('app.loading') });
  clear(panel).append(el('div', { class: 'panel-head' }, el('h2', { text: t('p.explain') + '：' + title }),
    el('button', { type: 'button', id: 'panel-close', class: 'link', onclick: closePanel, text: '✕ ' + t('app.close') })), text);
  panel.hidden = false;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') query.set(k, v);
  try {
    const answer = await api('GET', '/api/versions/' + S.version.id + '/explain?' + query.toString());
    text.textContent = (answer && answer.text) || '';
  } catch (e) { clear(panel.lastChild === text ? text : text); text.textContent = e.message; text.classList.add('error-text'); }
}
function closePanel() { const panel = document.getElementById('panel'); panel.hidden = true; clear(panel); }
document.addEventListener('keydown', ev => { if (ev.key === 'Escape') closePanel(); });

// ---------- settings ----------
const FIRST_KEYS = ['name', 'title', 'year', 'total', 'firstNumber', 'districts', 'goalOrder', 'categories', 'social'];
const READ_ONLY_KEYS = new Set(['id', 'kind', 'gradeCount', 'rule', 'grade']);
// Lists of objects: when empty there is nothing to edit in the form.
const OBJECT_LISTS = ['caps', 'coverage', 'strictControl', 'categories'];
// Lists a planner may add entries to and remove entries from (per school category).
const ENTRY_LISTS = ['caps', 'coverage', 'strictControl'];
const CAP_RULES = ['R4', 'R5', 'R6', 'R7'];
// Settings the engine leaves out when unset: an empty field leaves them out.
const OPTIONAL_NUMBERS = ['total', 'lastYearTotal', 'previousYearFloor'];
// Names and lists that are the scenario's own: the notice's value says nothing about them.
const NO_DEFAULT_NOTE = ['name', 'title', 'districts', 'aliases', 'language'];
function withOptional(listKey, item) {
  if (listKey !== 'categories' || !item || typeof item !== 'object' || item.kind === 'social') return item;
  const out = Object.assign({}, item);
  for (const k of OPTIONAL_NUMBERS) if (!(k in out)) out[k] = null;
  return out;
}
// Paths as the server names settings (SettingPaths): categories by id, caps by rule
// (`R7-g1`, `R7-all` when a category has several caps of one rule), coverage by grade (`g2`),
// other lists by position.
function capKey(caps, index) {
  const cap = caps[index];
  if (caps.filter(c => c && c.rule === cap.rule).length === 1) return String(cap.rule);
  return cap.rule + '-' + (Array.isArray(cap.grades) ? 'g' + cap.grades.join('+') : 'all');
}
function segOf(listKey, list, index) {
  const item = list[index];
  if (item && typeof item === 'object' && !Array.isArray(item) && typeof item.id === 'string') return item.id;
  if (listKey === 'caps' && item && item.rule !== undefined) return capKey(list, index);
  if (listKey === 'coverage' && item && item.grade !== undefined) return 'g' + item.grade;
  return String(index);
}
function atPath(root, segs) {
  let d = root, key = null;
  for (const seg of segs) {
    if (d === undefined || d === null) return undefined;
    if (Array.isArray(d)) { const list = d; const i = list.findIndex((_, j) => segOf(key, list, j) === seg); d = i >= 0 ? list[i] : undefined; }
    else d = d[seg];
    key = seg;
  }
  return d;
}
function orderedKeys(obj) {
  const keys = Object.keys(obj);
  return FIRST_KEYS.filter(k => keys.includes(k)).concat(keys.filter(k => !FIRST_KEYS.includes(k)));
}
function capLegend(item, i) {
  if (item && typeof item === 'object' && item.rule !== undefined) {
    return item.rule + (Array.isArray(item.grades) && item.grades.length ? ' · ' + t('k.grades') + ' ' + item.grades.join('、') : '');
  }
  if (item && typeof item === 'object' && item.grade !== undefined) return t('p.grade.n', item.grade);
  if (item && typeof item === 'object' && Array.isArray(item.grades)) return t('k.grades') + ' ' + item.grades.join('、');
  return '#' + (i + 1);
}
function buildSettings(policy, defaults, editable) {
  const fields = new Map();
  const errors = [];
  function defaultNote(segs, value) {
    if (!defaults || NO_DEFAULT_NOTE.includes(segs[segs.length - 1])) return null;
    const d = atPath(defaults, segs);
    if (d === undefined || JSON.stringify(d) === JSON.stringify(value)) return null;
    return el('span', { class: 'default', text: t('s.default', display(d)) });
  }
  function leaf(key, value, segs) {
    const path = segs.join('.');
    const id = 'set-' + path.replace(/[^A-Za-z0-9_-]/g, '_');
    let input, read;
    if (READ_ONLY_KEYS.has(key)) {
      read = () => value;
      return el('div', { class: 'field readonly' }, el('span', { class: 'flabel', text: keyLabel(key) }), el('span', { class: 'value', text: has('kind.' + value) ? t('kind.' + value) : display(value) }));
    }
    if (typeof value === 'boolean') {
      input = el('input', { type: 'checkbox', id, 'data-setting': path, checked: value });
      read = () => input.checked;
    } else if (typeof value === 'number') {
      input = el('input', { type: 'number', step: 'any', id, 'data-setting': path, value: String(value), class: 'numeric' });
      read = () => {
        const s = input.value.trim();
        const n = Number(s);
        if (s === '' && OPTIONAL_NUMBERS.includes(key)) return undefined;
        if (s === '' || !Number.isFinite(n)) { errors.push({ setting: path, message: keyLabel(key) + '：' + t('s.notNumber', s) }); return value; }
        return n;
      };
    } else if (Array.isArray(value) && value.length === 0 && OBJECT_LISTS.includes(key)) {
      read = () => value;
      fields.set(path, { read, input: null });
      return el('div', { class: 'field readonly' }, el('span', { class: 'flabel', text: keyLabel(key) }), el('span', { class: 'value muted', text: t('s.none') }), defaultNote(segs, value));
    } else if (Array.isArray(value)) {
      const numeric = value.length ? value.every(x => typeof x === 'number') : ['grades', 'eligibleGrades'].includes(key);
      input = el('input', { id, 'data-setting': path, value: value.join(', '), placeholder: t('s.listHint'), class: 'list' });
      read = () => {
        const parts = input.value.split(/[,，、;；\n]+/).map(x => x.trim()).filter(Boolean);
        if (!numeric) return parts;
        return parts.map(p => { const n = Number(p); if (!Number.isFinite(n)) errors.push({ setting: path, message: keyLabel(key) + '：' + t('s.notNumber', p) }); return n; });
      };
    } else if (value === null && OPTIONAL_NUMBERS.includes(key)) {
      input = el('input', { type: 'number', step: 'any', id, 'data-setting': path, value: '', class: 'numeric', placeholder: t('s.none') });
      read = () => {
        const s = input.value.trim();
        if (s === '') return undefined;
        const n = Number(s);
        if (!Number.isFinite(n)) { errors.push({ setting: path, message: keyLabel(key) + '：' + t('s.notNumber', s) }); return undefined; }
        return n;
      };
    } else {
      input = el('input', { id, 'data-setting': path, value: value === null ? '' : String(value) });
      read = () => (value === null && input.value === '') ? undefined : input.value;
    }
    if (!editable) input.disabled = true;
    fields.set(path, { read, input });
    return el('div', { class: 'field' }, el('label', { for: id, class: 'flabel', text: keyLabel(key) }), input, defaultNote(segs, value));
  }
  function goalOrder(value, segs) {
    const path = segs.join('.');
    const list = el('ol', { class: 'order', 'data-setting': path });
    const items = value.slice();
    function draw() {
      clear(list);
      items.forEach((g, i) => list.append(el('li', { 'data-goal': g }, el('span', { text: display(g) }),
        editable ? el('button', { type: 'button', class: 'small', disabled: i === 0, 'aria-label': t('s.up'), onclick: () => { [items[i - 1], items[i]] = [items[i], items[i - 1]]; draw(); }, text: '↑' }) : null,
        editable ? el('button', { type: 'button', class: 'small', disabled: i === items.length - 1, 'aria-label': t('s.down'), onclick: () => { [items[i + 1], items[i]] = [items[i], items[i + 1]]; draw(); }, text: '↓' }) : null)));
    }
    draw();
    fields.set(path, { read: () => items.slice(), input: list });
    return el('div', { class: 'field' }, el('span', { class: 'flabel', text: keyLabel('goalOrder') }), list, defaultNote(segs, value));
  }
  function districtTotals(value, segs) {
    const path = segs.join('.');
    const districts = (policy.districts || []).concat(Object.keys(value).filter(d => !(policy.districts || []).includes(d)));
    const inputs = districts.map(d => [d, el('input', { type: 'number', step: '1', min: '0', class: 'numeric', 'data-setting': path + '.' + d, value: value[d] ?? '', disabled: !editable, 'aria-label': d })]);
    fields.set(path, { read: () => {
      const out = {};
      for (const [d, input] of inputs) {
        const s = input.value.trim();
        if (s === '') continue;
        const n = Number(s);
        if (!Number.isFinite(n)) errors.push({ setting: path + '.' + d, message: d + '：' + t('s.notNumber', s) });
        else out[d] = n;
      }
      return out;
    }, input: null });
    return el('fieldset', { class: 'group district-totals' }, el('legend', { text: keyLabel('districtTotals') }),
      el('div', { class: 'dt-grid' }, inputs.map(([d, input]) => el('label', { class: 'dt' }, el('span', { text: d }), input))), defaultNote(segs, value));
  }
  // What a category's current form says about a setting (eligible grades when adding an entry),
  // without leaving a typing error behind: the save reports those.
  function quietly(path, fallback) {
    const f = fields.get(path);
    if (!f || !f.read) return fallback;
    const before = errors.length;
    const x = f.read();
    errors.length = before;
    return x === undefined ? fallback : x;
  }
  function newEntry(key, cat, choice) {
    const catPath = 'categories.' + cat.id;
    const eligible = (quietly(catPath + '.eligibleGrades', cat.eligibleGrades) || []).filter(g => Number.isFinite(g));
    // Keys in the server's (alphabetical) order, so a new entry's fields line up with the others.
    if (key === 'caps') return { grades: eligible.length ? eligible.slice() : null, ratio: 0.3, rule: choice };
    if (key === 'coverage') return { grade: Number(choice), perClass: 1, perGrade: 0 };
    return { above: 0.4, grades: eligible.slice() };
  }
  // A category's caps, coverage goals and strict-control triggers, with Add and Remove. Entries
  // are drawn again after each change, so their paths stay the server's (a cap's key depends on
  // its siblings); what was typed into the entries that stay is kept.
  function entryList(key, value, segs, cat) {
    const path = segs.join('.');
    let entries = value.map(item => ({ item, seg: null, box: null }));
    const body = el('div', { class: 'entries' });
    let choose = null;
    if (key === 'caps') {
      // The rule the category's caps already use, else the notice's for the category, else R4.
      const own = (cat.caps || []).filter(c => c && CAP_RULES.includes(c.rule));
      const notice = ((defaults && defaults.categories) || []).filter(c => c && c.id === cat.id).flatMap(c => c.caps || []).filter(c => c && CAP_RULES.includes(c.rule));
      const usual = own.length ? own[own.length - 1].rule : notice.length ? notice[0].rule : 'R4';
      choose = el('select', { class: 'add-choice', 'data-add-choice': path, 'aria-label': t('s.newRule') }, CAP_RULES.map(r => el('option', { value: r, text: r, selected: r === usual })));
    } else if (key === 'coverage') {
      const count = Number(cat.gradeCount) || 0;
      const grades = count > 0 ? Array.from({ length: count }, (_, i) => i + 1) : (cat.eligibleGrades || []);
      const covered = new Set(value.map(x => x && x.grade));
      const first = (cat.eligibleGrades || []).find(g => !covered.has(g)) ?? (cat.eligibleGrades || [])[0] ?? grades[0];
      choose = el('select', { class: 'add-choice', 'data-add-choice': path, 'aria-label': t('s.newGrade') }, grades.map(g => el('option', { value: String(g), text: t('p.grade.n', g), selected: g === first })));
    }
    const add = el('button', { type: 'button', class: 'small add-entry', 'data-add': path, text: { caps: t('s.add.caps'), coverage: t('s.add.coverage'), strictControl: t('s.add.strictControl') }[key], onclick: () => {
      entries.push({ item: newEntry(key, cat, choose ? choose.value : null), seg: null, box: null, fresh: true });
      draw();
      const last = entries[entries.length - 1].box;
      const input = last && last.querySelector('input');
      if (input) input.focus();
    } });
    function draw() {
      // Keep what was typed: the items as the form reads them now, and the raw text of each input.
      const before = errors.length;
      for (const e of entries) if (e.box) { const x = collect(segs.concat(e.seg), e.item); if (x && typeof x === 'object') e.item = Object.assign({}, e.item, x); }
      errors.length = before;
      const typed = entries.map(e => e.box ? Array.from(e.box.querySelectorAll('input, select')).map(i => i.type === 'checkbox' ? i.checked : i.value) : null);
      for (const p of Array.from(fields.keys())) if (p.startsWith(path + '.')) fields.delete(p);
      clear(body);
      const items = entries.map(e => e.item);
      if (!entries.length) body.append(el('span', { class: 'value muted', text: t('s.none') }));
      entries.forEach((e, i) => {
        e.seg = segOf(key, items, i);
        const legend = capLegend(e.item, i);
        const box = node(null, e.item, segs.concat(e.seg), legend);
        if (e.fresh) box.classList.add('fresh');
        if (typed[i]) Array.from(box.querySelectorAll('input, select')).forEach((input, j) => {
          if (j >= typed[i].length) return;
          if (input.type === 'checkbox') input.checked = typed[i][j]; else input.value = typed[i][j];
        });
        box.append(el('button', { type: 'button', class: 'small remove-entry', 'data-remove': path + '.' + e.seg, 'aria-label': t('s.removeNamed', legend), text: t('s.remove'), onclick: () => {
          entries = entries.filter(x => x !== e);
          draw();
          add.focus();
        } }));
        e.box = box;
        body.append(box);
      });
    }
    draw();
    fields.set(path, { read: () => entries.map(e => collect(segs.concat(e.seg), e.item)) });
    return el('fieldset', { class: 'group list-of editable ' + key, 'data-setting': path }, el('legend', { text: keyLabel(key) }), body,
      el('div', { class: 'list-actions' }, choose, add), value.length ? null : defaultNote(segs, value));
  }
  function node(key, value, segs, legend) {
    if (key === 'goalOrder' && Array.isArray(value)) return goalOrder(value, segs);
    if (editable && ENTRY_LISTS.includes(key) && Array.isArray(value) && segs.length === 3 && segs[0] === 'categories') {
      const cat = (policy.categories || []).find(c => c && c.id === segs[1]);
      if (cat && cat.kind !== 'social') return entryList(key, value, segs, cat);
    }
    if (key === 'districtTotals' && value && typeof value === 'object' && !Array.isArray(value)) return districtTotals(value, segs);
    if (Array.isArray(value) && value.some(x => x && typeof x === 'object')) {
      const items = value.map((item, i) => node(null, withOptional(key, item), segs.concat(segOf(key, value, i)), item.name && item.id ? item.name : capLegend(item, i)));
      fields.set(segs.join('.'), { composite: key });
      return el('fieldset', { class: 'group list-of ' + (key || ''), 'data-setting': segs.join('.') }, el('legend', { text: keyLabel(key) }), items);
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = orderedKeys(value);
      fields.set(segs.join('.'), { object: keys });
      const isCategory = key === null && value.id && value.name;
      const children = keys.map(k => node(k, value[k], segs.concat(k)));
      return el('fieldset', { class: 'group' + (isCategory ? ' category' : ''), 'data-setting': segs.join('.') || null },
        legend !== undefined ? el('legend', { text: legend }) : (key ? el('legend', { text: keyLabel(key) }) : null), children);
    }
    return leaf(key, value, segs);
  }
  function collect(segs, value) {
    const path = segs.join('.');
    const f = fields.get(path);
    if (!f) return value;
    if (f.read) return f.read();
    if (f.composite) return value.map((item, i) => collect(segs.concat(segOf(f.composite, value, i)), withOptional(f.composite, item)));
    if (f.object) { const out = {}; for (const k of f.object) { const x = collect(segs.concat(k), value[k]); if (x !== undefined) out[k] = x; } return out; }
    return value;
  }
  const topKeys = orderedKeys(policy);
  const form = el('div', { class: 'settings-grid' });
  const general = el('fieldset', { class: 'group general' }, el('legend', { text: t('tab.settings') }));
  for (const k of topKeys) {
    const v = policy[k];
    const composite = (v && typeof v === 'object' && !(Array.isArray(v) && !v.some(x => x && typeof x === 'object'))) || k === 'goalOrder';
    if (composite && k !== 'goalOrder') form.append(node(k, v, [k]));
    else general.append(node(k, v, [k]));
  }
  form.prepend(general);
  return { form, collect: () => { errors.length = 0; const out = {}; for (const k of topKeys) { const x = collect([k], policy[k]); if (x !== undefined) out[k] = x; } return { policy: out, errors: errors.slice() }; }, fields };
}
function markProblems(container, problems) {
  for (const n of container.querySelectorAll('.bad')) n.classList.remove('bad');
  let first = null;
  for (const p of problems) {
    if (!p.setting) continue;
    let target = container.querySelector('[data-setting="' + CSS.escape(p.setting) + '"]');
    // A path may name a container (a category, a cap): mark its closest field.
    let segs = p.setting.split('.');
    while (!target && segs.length > 1) { segs = segs.slice(0, -1); target = container.querySelector('[data-setting="' + CSS.escape(segs.join('.')) + '"]'); }
    if (target) {
      target.classList.add('bad');
      const field = target.closest('.field');
      if (field) field.classList.add('bad');
      if (!first) first = target;
    }
  }
  if (first) first.scrollIntoView({ block: 'center' });
}
function settingsTab(pane) {
  const v = S.version;
  const latest = latestNumber();
  const isLatest = v.isLatest !== undefined ? v.isLatest : v.number >= latest;
  const editable = canEdit() && !v.publishedAt && isLatest;
  if (v.publishedAt) pane.append(el('p', { class: 'notice', id: 'published-note', text: t('s.published') }));
  else if (!isLatest) pane.append(el('p', { class: 'notice' }, t('s.old', latest), ' ', el('a', { href: '#/version/' + latestVersionId() + '/settings', text: t('s.openLatest') })));
  else if (!canEdit()) pane.append(el('p', { class: 'notice', text: t('app.readOnly') }));
  const built = buildSettings(v.policy || {}, v.defaults, editable);
  const msg = el('div', { id: 'settings-message', 'aria-live': 'polite' });
  const save = el('button', { type: 'submit', class: 'primary', id: 'settings-save', text: t('s.save'), disabled: !editable });
  const form = el('form', { id: 'settings-form', class: 'settings' }, msg, built.form, el('div', { class: 'savebar' }, save));
  if (v.publishedAt || !editable) form.classList.add('disabled');
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    if (!editable) return;
    clear(msg);
    const { policy, errors } = built.collect();
    if (errors.length) {
      msg.append(el('div', { class: 'error', role: 'alert' }, el('p', { text: t('s.invalid') }), el('ul', null, errors.map(p => el('li', { text: p.message })))));
      markProblems(form, errors);
      return;
    }
    save.disabled = true; save.textContent = t('s.saving');
    try {
      const saved = await api('PUT', '/api/scenarios/' + v.scenarioId + '/settings', { expectedVersion: v.number, policy });
      S.version = null;
      location.hash = '#/version/' + saved.versionId + '/plan';
    } catch (e) {
      save.disabled = false; save.textContent = t('s.save');
      if (e.status === 409) {
        const current = e.body.currentVersion ?? e.body.current ?? e.body.latest;
        const number = current && typeof current === 'object' ? current.number : current;
        const reload = el('button', { type: 'button', id: 'stale-reload', class: 'primary', text: t('s.reload'), onclick: async () => {
          const target = current && typeof current === 'object' && current.id ? current.id : null;
          S.version = null;
          if (target) location.hash = '#/version/' + target + '/settings';
          else {
            const sc = await api('GET', '/api/scenarios/' + v.scenarioId);
            S.scenario = sc.scenario ? Object.assign({}, sc.scenario, { versions: sc.versions }) : sc;
            location.hash = '#/version/' + latestVersionId() + '/settings';
          }
        } });
        msg.append(el('div', { class: 'error stale', role: 'alert', id: 'stale-notice' }, el('p', { text: number ? t('s.stale', number) : t('s.staleNoNumber') }), el('p', { class: 'small', text: e.message }), reload));
      } else if (e.status === 422) {
        const problems = e.body.problems || [];
        msg.append(el('div', { class: 'error', role: 'alert', id: 'settings-problems' }, el('p', { text: e.message }), el('p', { text: t('s.invalid') }),
          el('ul', null, problems.map(p => el('li', { text: (p.rule ? p.rule + ' ' : '') + p.message })))));
        markProblems(form, problems);
      } else {
        msg.append(errorBox(e));
      }
      msg.scrollIntoView({ block: 'start' });
    }
  });
  pane.append(form);
}

// ---------- differences ----------
function diffTab(pane) {
  const v = S.version;
  const diffs = v.differences || [];
  pane.append(el('h2', { text: t('d.title') }));
  if (!v.base && !diffs.length) { pane.append(el('p', { class: 'muted', text: t('d.noBase') })); return; }
  if (!diffs.length) pane.append(el('p', { class: 'muted', text: t('d.none') }));
  else pane.append(el('div', { class: 'scroll' }, el('table', { class: 'grid', id: 'differences' },
    el('thead', null, el('tr', null, ['d.setting', 'd.base', 'd.value'].map(k => el('th', { text: t(k) })))),
    el('tbody', null, diffs.map(d => el('tr', null, el('td', { text: d.label || d.setting }), el('td', { class: 'old', text: display(d.base) }), el('td', { class: 'new', text: '→ ' + display(d.value) })))))));
  const data = v.dataDifferences;
  if (data && typeof data === 'object' && !Array.isArray(data) && 'schoolsAdded' in data) {
    pane.append(el('h3', { text: t('d.data') }));
    const counts = ['schoolsAdded', 'schoolsRemoved', 'schoolsChanged', 'socialChanged'].filter(k => data[k]);
    if (!counts.length) pane.append(el('p', { class: 'muted', id: 'data-differences', text: t('d.sameData') }));
    else pane.append(el('div', { id: 'data-differences' }, el('ul', null, counts.map(k => el('li', { text: t('k.' + k) + '：' + fmt(data[k]) }))),
      (data.examples || []).length ? el('ul', { class: 'muted' }, data.examples.map(x => el('li', { text: x }))) : null));
  } else if (data && ((Array.isArray(data) && data.length) || (typeof data === 'object' && Object.keys(data).length) || typeof data === 'string')) {
    pane.append(el('h3', { text: t('d.data') }), generic(data));
  }
}
function generic(value) {
  if (value === null || value === undefined) return el('span', { class: 'muted', text: t('s.none') });
  if (typeof value !== 'object') return el('span', { class: 'pre-line', text: String(value) });
  if (Array.isArray(value)) {
    if (!value.length) return el('span', { class: 'muted', text: t('s.none') });
    if (value.every(x => x === null || typeof x !== 'object')) return el('ul', null, value.map(x => el('li', { text: display(x) })));
    const cols = [];
    for (const x of value) for (const k of Object.keys(x || {})) if (!cols.includes(k)) cols.push(k);
    return el('div', { class: 'scroll' }, el('table', { class: 'grid' }, el('thead', null, el('tr', null, cols.map(c => el('th', { text: keyLabel(c) })))),
      el('tbody', null, value.map(x => el('tr', null, cols.map(c => el('td', { class: typeof (x || {})[c] === 'number' ? 'num' + signClass((x || {})[c], c) : null, text: display((x || {})[c]) })))))));
  }
  return el('dl', { class: 'kv' }, Object.entries(value).map(([k, x]) => [el('dt', { text: keyLabel(k) }), el('dd', null, generic(x))]));
}
function signClass(n, col) { return /delta|change|diff/i.test(col || '') ? (n > 0 ? ' pos' : n < 0 ? ' neg' : '') : ''; }

// ---------- compare ----------
function compareCandidates() {
  const v = S.version;
  const out = [];
  for (const x of versionsOf(S.scenario)) if (x.id !== v.id) out.push({ id: x.id, label: (v.scenarioName || S.scenario.name) + ' · ' + t('sc.versionN', x.number) });
  for (const s of S.scenarios) {
    if (s.id === v.scenarioId || !s.latest || !s.latest.id) continue;
    out.push({ id: s.latest.id, label: s.name + ' · ' + t('sc.versionN', s.latest.number) });
  }
  return out;
}
function defaultCompare() {
  const v = S.version;
  const baseId = (v.base && v.base.versionId) || null;
  if (baseId) return [baseId];
  const baseScenario = S.scenario && S.scenario.baseId ? S.scenarios.find(s => s.id === S.scenario.baseId) : null;
  if (baseScenario && baseScenario.latest) return [baseScenario.latest.id];
  const older = versionsOf(S.scenario).filter(x => x.number < v.number).sort((a, b) => b.number - a.number)[0];
  if (older) return [older.id];
  const other = compareCandidates()[0];
  return other ? [other.id] : [];
}
async function compareTab(pane) {
  const chosen = S.compareWith || defaultCompare();
  const box = el('div', { class: 'pick', id: 'compare-pick' });
  const cands = compareCandidates();
  if (!cands.length) { pane.append(el('p', { class: 'muted', id: 'compare-none', text: t('c.noOther') })); return; }
  for (const c of cands) box.append(el('label', { class: 'check' }, el('input', { type: 'checkbox', value: c.id, checked: chosen.includes(c.id) }), c.label));
  const run = el('button', { type: 'button', class: 'primary', id: 'compare-run', text: t('c.run') });
  const out = el('div', { id: 'compare-result' });
  pane.append(el('p', { text: t('c.pick') }), box, run, out);
  async function go() {
    const ids = [...box.querySelectorAll('input:checked')].map(i => Number(i.value));
    S.compareWith = ids;
    clear(out);
    if (!ids.length) { out.append(el('p', { class: 'muted', text: t('c.none') })); return; }
    out.append(el('p', { class: 'muted', text: t('app.loading') }));
    try {
      const result = await api('GET', '/api/compare?versions=' + ids.concat([S.version.id]).join(','));
      S.compareResult = result;
      renderCompare(clear(out), result);
    } catch (e) { clear(out).append(errorBox(e)); }
  }
  run.addEventListener('click', go);
  if (chosen.length) await go();
}
function renderCompare(out, r) {
  const heads = r.columns || (r.versions || []).map(x => x.label);
  for (const v of r.versions || []) {
    if (v.failure) out.append(el('div', { class: 'error' }, el('p', { class: 'strong', text: v.label + '：' + (has('out.' + v.outcome) ? t('out.' + v.outcome) : v.outcome) }), el('p', { class: 'pre-line', text: v.failure })));
  }
  const kpis = r.kpiRows || [];
  if (kpis.length) {
    out.append(el('h2', { text: t('c.kpis') }));
    const isRatio = k => /ratio|balance/.test(k.key || '');
    const show = (k, x) => x === null || x === undefined ? '—' : isRatio(k) ? pct(x) : fmt(x);
    out.append(el('div', { class: 'scroll' }, el('table', { class: 'grid', id: 'compare-kpis' },
      el('thead', null, el('tr', null, el('th', { text: '' }), heads.map(h => el('th', { class: 'num', text: h })), heads.slice(1).map(h => el('th', { class: 'num', text: t('c.delta') + ' ' + h })))),
      el('tbody', null, kpis.map(k => el('tr', { class: k.differs ? 'differs' : null }, el('th', { text: k.label || k.key }),
        k.values.map(x => el('td', { class: 'num', text: show(k, x) })),
        k.values.slice(1).map(x => {
          if (x === null || x === undefined || k.values[0] === null || k.values[0] === undefined) return el('td', { class: 'num', text: '—' });
          const d = x - k.values[0];
          const cell = deltaCell(isRatio(k) ? 0 : d);
          if (isRatio(k)) { cell.textContent = (d > 0 ? '+' : '') + (d * 100).toFixed(2) + ' pp'; cell.className = 'num delta' + (d > 0 ? ' pos' : d < 0 ? ' neg' : ' nil'); }
          return cell;
        })))))));
  }
  if (Array.isArray(r.rows)) {
    const onlyChanged = el('input', { type: 'checkbox', id: 'compare-only-changed', checked: true });
    const tbody = el('tbody');
    const levels = { cell: t('c.cell'), district: t('c.districtTotal'), category: t('c.categoryTotal'), city: t('c.city') };
    // deltas has one entry per column, the reference's (always 0) first.
    const own = row => { const d = row.deltas || []; return d.length === heads.length ? d.slice(1) : d; };
    const draw = () => {
      clear(tbody);
      for (const row of r.rows) {
        const deltas = own(row);
        if (onlyChanged.checked && !(row.differs || deltas.some(d => d !== null && Number(d) !== 0))) continue;
        tbody.append(el('tr', null, el('td', { text: levels[row.level] || row.level || '' }), el('td', { text: row.district || '' }), el('td', { text: row.category || '' }),
          (row.values || []).map(x => el('td', { class: 'num', text: x === null || x === undefined ? '—' : fmt(x) })), deltas.map(d => deltaCell(d))));
      }
      if (!tbody.firstChild) tbody.append(el('tr', null, el('td', { colspan: 3 + heads.length * 2, class: 'muted', text: t('d.none') })));
    };
    onlyChanged.addEventListener('change', draw);
    const nDeltas = Math.max(0, ...r.rows.map(x => own(x).length));
    const deltaHeads = Array.from({ length: nDeltas }, (_, i) => t('c.delta') + ' ' + (heads[i + 1] || ''));
    out.append(el('h2', { text: t('c.rows') }), el('label', { class: 'check' }, onlyChanged, t('c.onlyNonZero')),
      el('div', { class: 'scroll tall' }, el('table', { class: 'grid', id: 'compare-rows' },
        el('thead', null, el('tr', null, el('th', { text: t('c.level') }), el('th', { text: t('p.district') }), el('th', { text: t('p.category') }),
          heads.map(h => el('th', { class: 'num', text: h })), deltaHeads.map(h => el('th', { class: 'num', text: h })))), tbody)));
    draw();
  }
  if (Array.isArray(r.changes)) {
    out.append(el('h2', { text: t('c.changes') }));
    if (!r.changes.length) out.append(el('p', { class: 'muted', text: t('d.none') }));
    else out.append(el('div', { class: 'scroll tall' }, el('table', { class: 'grid', id: 'compare-changes' },
      el('thead', null, el('tr', null, ['c.kind', 'c.version', 'p.unit', 'c.before', 'c.after'].map(k => el('th', { text: t(k) })))),
      el('tbody', null, r.changes.map(c => el('tr', { class: /paradox/i.test(c.kind) ? 'paradox' : null },
        el('td', { text: has('ck.' + c.kind) ? t('ck.' + c.kind) : c.kind }), el('td', { text: c.version }), el('td', { text: c.unit }),
        el('td', { class: 'old', text: c.before }), el('td', { class: 'new', text: c.after })))))));
  }
  if (r.text) out.append(el('h2', { text: t('c.text') }), el('pre', { class: 'report', id: 'compare-text', text: r.text }));
}
function deltaCell(d) {
  const n = Number(d);
  const cls = 'num delta' + (n > 0 ? ' pos' : n < 0 ? ' neg' : ' nil');
  return el('td', { class: cls, text: Number.isFinite(n) ? (n > 0 ? '+' : '') + fmt(n) : display(d) });
}

// ---------- sweep ----------
function sweepSettings(policy) {
  const out = [];
  if (typeof policy.total === 'number') out.push({ path: 'total', label: t('k.total'), value: policy.total });
  for (const c of policy.categories || []) {
    if (typeof c.total === 'number') out.push({ path: 'categories.' + c.id + '.total', label: c.name + ' · ' + t('k.total'), value: c.total });
    (c.caps || []).forEach((cap, i) => out.push({ path: 'categories.' + c.id + '.caps[' + i + '].ratio', label: c.name + ' · ' + t('k.caps') + ' ' + capLegend(cap, i), value: cap.ratio }));
    if (typeof c.previousYearFloor === 'number') out.push({ path: 'categories.' + c.id + '.previous_year_floor', label: c.name + ' · ' + t('k.previousYearFloor'), value: c.previousYearFloor });
    (c.strictControl || []).forEach((s, i) => out.push({ path: 'categories.' + c.id + '.strict_control[' + i + '].above', label: c.name + ' · ' + t('k.strictControl') + ' ' + capLegend(s, i), value: s.above }));
  }
  const social = policy.social || {};
  for (const [k, key] of [['densityExponent', 'density_exponent'], ['outflowBoost', 'outflow_boost'], ['outflowResidentShareBelow', 'outflow_resident_share_below'], ['outflowMemberRatioBelow', 'outflow_member_ratio_below']]) {
    if (typeof social[k] === 'number') out.push({ path: 'social.' + key, label: t('k.social') + ' · ' + t('k.' + k), value: social[k] });
  }
  return out;
}
function sweepTab(pane) {
  const choices = sweepSettings(S.version.policy || {});
  const setting = el('select', { id: 'sweep-setting' }, choices.map(c => el('option', { value: c.path, text: c.label })));
  const from = el('input', { type: 'number', step: 'any', id: 'sweep-from', class: 'numeric' });
  const to = el('input', { type: 'number', step: 'any', id: 'sweep-to', class: 'numeric' });
  const step = el('input', { type: 'number', step: 'any', id: 'sweep-step', class: 'numeric' });
  const out = el('div', { id: 'sweep-result' });
  function defaults() {
    const c = choices.find(x => x.path === setting.value);
    if (!c) return;
    if (c.value <= 1) { from.value = Math.max(0, +(c.value - 0.1).toFixed(2)); to.value = Math.min(1, +(c.value + 0.1).toFixed(2)); step.value = 0.02; }
    else { const s = Math.max(1, Math.round(c.value / 20)); from.value = Math.max(0, c.value - 5 * s); to.value = c.value + 5 * s; step.value = s; }
  }
  setting.addEventListener('change', defaults);
  defaults();
  const run = el('button', { type: 'submit', class: 'primary', id: 'sweep-run', text: t('w.run') });
  const form = el('form', { class: 'inline sweep' }, el('label', null, t('w.setting'), setting), el('label', null, t('w.from'), from), el('label', null, t('w.to'), to), el('label', null, t('w.step'), step), run);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(out).append(el('p', { class: 'muted', text: t('w.running') }));
    run.disabled = true;
    try {
      const q = new URLSearchParams({ setting: setting.value, from: from.value, to: to.value, step: step.value });
      const r = await api('GET', '/api/versions/' + S.version.id + '/sweep?' + q.toString());
      clear(out);
      const charts = Array.isArray(r.charts) && r.charts.length ? r.charts : (r.svg ? [{ title: '', svg: r.svg }] : []);
      const box = el('div', { class: 'charts' });
      for (const c of charts) {
        const doc = new DOMParser().parseFromString(c.svg, 'image/svg+xml');
        const svg = doc.documentElement;
        if (!svg || svg.nodeName.toLowerCase() !== 'svg') continue;
        for (const bad of svg.querySelectorAll('script, foreignObject')) bad.remove();
        for (const n of [svg, ...svg.querySelectorAll('*')]) for (const a of [...n.attributes]) if (/^on/i.test(a.name) || a.name === 'style') n.removeAttribute(a.name);
        box.append(el('figure', { class: 'chart-box sweep-chart' }, c.title ? el('figcaption', { text: c.title }) : null, document.importNode(svg, true)));
      }
      out.append(box, el('h2', { text: t('w.points') }), sweepTable(r.points || [], (choices.find(x => x.path === setting.value) || {}).label));
    } catch (e) { clear(out).append(errorBox(e)); } finally { run.disabled = false; }
  });
  pane.append(form, out);
}

function sweepTable(points, label) {
  const cats = [];
  for (const p of points) for (const c of (p.kpis && p.kpis.categories) || []) if (!cats.some(x => x.id === c.id)) cats.push({ id: c.id, name: c.name });
  return el('div', { class: 'scroll tall' }, el('table', { class: 'grid', id: 'sweep-points' },
    el('thead', null, el('tr', null, el('th', { class: 'num', text: label || t('c.value') }), el('th', { class: 'wide', text: t('sc.outcome') }), el('th', { class: 'num', text: t('p.total') }),
      cats.map(c => el('th', { class: 'num', text: c.name + ' ' + t('p.balance') })), el('th', { class: 'num', text: t('p.binding') }))),
    el('tbody', null, points.map(p => el('tr', null, el('td', { class: 'num', text: p.value }),
      el('td', { title: p.failure || null }, outcomeBadge(p.outcome), p.failure ? el('div', { class: 'small muted pre-line', text: p.failure }) : null),
      el('td', { class: 'num', text: p.total ?? '—' }),
      cats.map(c => { const k = ((p.kpis && p.kpis.categories) || []).find(x => x.id === c.id); return el('td', { class: 'num', text: k && k.balanceLevel !== null && k.balanceLevel !== undefined ? pct(k.balanceLevel) : '—' }); }),
      el('td', { class: 'num', text: p.kpis ? fmt((p.kpis.categories || []).reduce((s, c) => s + (c.bindingCaps || 0), 0)) : '—' }))))));
}

// ---------- downloads ----------
const FILES = ['plan.xlsx', 'attachment1.xlsx', 'attachment1.csv', 'plan.csv', 'allocation.csv', 'social.csv', 'plan.json', 'report.html', 'report.md', 'scenario.json'];
function filesTab(pane) {
  const v = S.version;
  pane.append(el('h2', { text: t('f.title') }));
  const nearest = !S.plan && !!S.nearest;
  if (nearest) pane.append(el('p', { class: 'notice', text: t('f.conflict') }));
  else if (!S.plan) { pane.append(el('p', { class: 'notice', text: (S.planError && S.planError.message) || t('u.cannot') })); return; }
  const files = nearest ? FILES.concat(['BROKEN_RULES.txt']) : FILES;
  pane.append(el('ul', { class: 'files', id: 'downloads' }, files.map(f => el('li', null,
    el('a', { href: '/api/versions/' + v.id + '/files/' + f + (nearest ? '?nearest=1' : ''), download: f, 'data-file': f, class: 'button', text: f }), ' ', el('span', { class: 'muted', text: t('f.' + f) })))));
}

// ---------- publish ----------
function publishTab(pane) {
  const v = S.version;
  if (v.publishedAt) {
    pane.append(el('div', { class: 'published-box', id: 'published' }, el('p', { class: 'strong', text: t('u.done') }),
      el('p', { text: t('v.publishedBy', v.publishedName, v.publishedBy || '', when(v.publishedAt)) })));
    return;
  }
  if (!canEdit()) { pane.append(el('p', { class: 'muted', text: t('u.onlyCity') })); return; }
  if (v.outcome !== 'planned') { pane.append(el('p', { class: 'notice', text: t('u.cannot') })); return; }
  const name = el('input', { id: 'publish-name', value: (v.policy && v.policy.year ? v.policy.year + ' ' : '') + (S.lang === 'en' ? 'final' : '正式版') });
  const msg = el('div', { id: 'publish-message' });
  const form = el('form', { class: 'card', id: 'publish-form' }, el('p', { class: 'muted', text: t('u.hint') }), el('label', null, t('u.name'), name),
    el('button', { type: 'submit', class: 'primary', id: 'publish-submit', text: t('u.submit') }), msg);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(msg);
    if (!name.value.trim()) { msg.append(el('p', { class: 'form-error', text: t('u.needName') })); return; }
    try {
      await api('POST', '/api/versions/' + v.id + '/publish', { name: name.value.trim() });
      S.version = null;
      await showVersion(v.id, 'publish');
    } catch (e) { msg.append(errorBox(e)); }
  });
  pane.append(form);
}

// ---------- start ----------
S.lang = readLang();
document.addEventListener('DOMContentLoaded', () => { renderTop(); route(); });
"""##
}
