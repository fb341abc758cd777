/// The page's tracking view (issue #15, after `PageReviewScript.source`): a published plan's
/// register snapshots. The city uploads the whole city's register and sees every district; a
/// county uploads and sees its own district only (the API narrows it); reviewers read. Districts
/// behind pace come first; problems are grouped by district and code for follow-up; the files
/// are the library's. Same rules as the rest of the script: text only through `el`/`t`.
enum PageTrackingScript {
  static let source = ##"""

// ---------- tracking (#15) ----------
function trackingStatusBadge(status) {
  // The existing badge colours: met green, on track blue, behind amber, missed red.
  const s = status || 'met';
  const look = { met: 'ok', on_track: 'published', behind: 'outcome-failed', missed: 'outcome-conflict' }[s] || '';
  return el('span', { class: 'badge ' + look, 'data-status': s, text: has('tr.st.' + s) ? t('tr.st.' + s) : s });
}
function rateCell(x) { return el('td', { class: 'num', text: (x === null || x === undefined) ? '—' : pct(x, 1) }); }
function trackingFileLink(versionId, name, district) {
  const q = district ? '?district=' + encodeURIComponent(district) : '';
  return downloadLink('/api/versions/' + versionId + '/tracking/files/' + name + q, (district ? district + '-' : '') + name, has('tr.file.' + name) ? t('tr.file.' + name) : '');
}
async function showTracking(versionId) {
  loading();
  const versions = await publishedVersions();
  const root = clear(main());
  root.append(el('h1', { text: t('tr.title') }), el('p', { class: 'muted', text: t('tr.intro') }));
  if (!versions.length) { root.append(el('p', { class: 'notice', text: t('tr.noIssue') })); return; }
  const v = versions.find(x => x.id === versionId) || versions[0];
  const picker = el('select', { id: 'tracking-version' }, versions.map(x => el('option', { value: x.id, selected: x.id === v.id, text: versionLabel(x) })));
  picker.addEventListener('change', () => { location.hash = '#/tracking/' + picker.value; });
  root.append(el('label', { class: 'inline' }, t('tr.version'), ' ', picker));
  const view = await api('GET', '/api/versions/' + v.id + '/tracking');
  const milestones = (view.milestones || []).map(m => m.day + ' ≥ ' + pct(m.target, 0)).join(S.lang === 'en' ? '; ' : '；');
  if (milestones) root.append(el('p', { class: 'muted', id: 'tracking-milestones', text: t('tr.milestones', milestones) }));
  if (S.me.role === 'city' || S.me.role === 'county') root.append(trackingUpload(v, view));
  root.append(trackingDistricts(view), trackingProblems(view), trackingHistory(view), trackingFiles(v, view));
}
function trackingUpload(v, view) {
  const msg = msgArea('tracking-upload-msg');
  const file = el('input', { id: 'tracking-file', type: 'file', accept: '.csv,.xlsx,text/csv', required: true });
  const today = new Date().toISOString().slice(0, 10);
  const year = String(view.year || today.slice(0, 4));
  const asOf = el('input', { id: 'tracking-asof', type: 'date', required: true, min: year + '-01-01', max: year + '-12-31', value: today.startsWith(year) ? today : year + '-06-30' });
  const form = el('form', { class: 'card', id: 'tracking-upload' },
    el('h2', { text: S.me.role === 'county' ? t('tr.uploadOwn', S.me.district || '') : t('tr.uploadCity') }),
    el('p', { class: 'muted', text: t('tr.uploadHint') }),
    el('label', null, t('tr.file'), file),
    el('label', null, t('tr.asOf'), asOf),
    msg,
    el('button', { type: 'submit', class: 'primary', text: t('tr.upload') }));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(msg);
    const f = file.files && file.files[0];
    if (!f) { msg.append(el('p', { class: 'form-error', text: t('tr.chooseFile') })); return; }
    try {
      const done = await apiRaw('POST', '/api/versions/' + v.id + '/tracking' + '?asOf=' + encodeURIComponent(asOf.value) + '&filename=' + encodeURIComponent(f.name), f);
      S.notice = t('tr.uploaded', done.asOf, fmt(done.records), fmt(done.problems));
      await showTracking(v.id);
      main().prepend(okLine(S.notice));
      S.notice = null;
    } catch (e) { msg.append(errorBox(e)); }
  });
  return form;
}
function trackingDistricts(view) {
  const box = el('section', { id: 'tracking-districts' }, el('h2', { text: t('tr.districts') }));
  const rows = view.districts || [];
  if (!rows.length) { box.append(el('p', { class: 'muted', text: t('tr.none') })); return box; }
  const head = ['p.district', 'tr.asOf', 'tr.source', 'p.quota', 'tr.entered', 'tr.useRate', 'tr.completeness', 'tr.effectiveRate', 'tr.target', 'tr.status', 'tr.pace', 'tr.problems'];
  box.append(el('div', { class: 'scroll' }, el('table', { class: 'grid', id: 'tracking-table' },
    el('thead', null, el('tr', null, head.map(k => el('th', { text: t(k) })))),
    el('tbody', null, rows.map(d => {
      const r = d.rates || {};
      return el('tr', { 'data-district': d.district, 'data-status': r.status },
        el('td', null, el('details', null, el('summary', { text: d.district }),
          el('table', { class: 'grid narrow' },
            el('thead', null, el('tr', null, ['p.category', 'p.quota', 'tr.entered', 'tr.useRate', 'tr.completeness', 'tr.status'].map(k => el('th', { text: t(k) })))),
            el('tbody', null, (d.categories || []).map(c => el('tr', null, el('td', { text: c.category || '' }), el('td', { class: 'num', text: fmt(c.quota) }),
              el('td', { class: 'num', text: fmt(c.entered) }), rateCell(c.useRate), rateCell(c.completeness), el('td', null, trackingStatusBadge(c.status)))))))),
        el('td', { text: d.asOf }), el('td', { text: t('tr.src.' + d.source) }), el('td', { class: 'num', text: fmt(r.quota) }), el('td', { class: 'num', text: fmt(r.entered) }),
        rateCell(r.useRate), rateCell(r.completeness), rateCell(r.effectiveRate), el('td', { class: 'num', text: pct(r.target, 0) }),
        el('td', null, trackingStatusBadge(r.status)),
        el('td', { class: 'num', title: r.pace ? t('tr.paceTitle', r.pace.milestone, pct(r.pace.target, 0), fmt(r.pace.needed)) : null, text: r.pace ? t('tr.perDay', r.pace.perDay.toFixed(1)) : '—' }),
        el('td', { class: 'num', text: fmt(d.problems) }));
    })))));
  if ((view.untracked || []).length) box.append(el('p', { class: 'muted', id: 'tracking-untracked', text: t('tr.untracked', view.untracked.join(S.lang === 'en' ? ', ' : '、')) }));
  return box;
}
function trackingProblems(view) {
  const box = el('section', { id: 'tracking-problems' }, el('h2', { text: t('tr.problemsTitle') }));
  const groups = view.problems || [];
  if (!groups.length) { box.append(el('p', { class: 'muted', text: t('tr.noProblems') })); return box; }
  let district = null;
  for (const g of groups) {
    if (g.district !== district) { district = g.district; box.append(el('h3', { text: district })); }
    box.append(el('details', { class: 'problem-group', 'data-district': g.district, 'data-code': g.code },
      el('summary', null, el('span', { class: 'mono', text: g.code }), ' ', g.title, ' · ', fmt(g.count)),
      el('div', { class: 'scroll' }, el('table', { class: 'grid' },
        el('thead', null, el('tr', null, ['sc.row', 'tr.number', 'tr.unit', 'tr.maskedId', 'sc.message'].map(k => el('th', { text: t(k) })))),
        el('tbody', null, (g.items || []).map(p => el('tr', null, el('td', { class: 'num', text: p.row ?? '' }), el('td', { class: 'mono', text: p.memberNumber || '' }),
          el('td', { text: p.unit || '' }), el('td', { class: 'mono', text: p.maskedId || '' }), el('td', { text: p.sentence || '' })))))),
      (g.items || []).length < g.count ? el('p', { class: 'muted', text: t('tr.more', fmt(g.count - g.items.length)) }) : null));
  }
  return box;
}
function trackingHistory(view) {
  const box = el('section', { id: 'tracking-history' }, el('h2', { text: t('tr.history') }));
  const items = view.history || [];
  if (!items.length) { box.append(el('p', { class: 'muted', text: t('tr.none') })); return box; }
  box.append(el('div', { class: 'scroll' }, el('table', { class: 'grid narrow' },
    el('thead', null, el('tr', null, ['tr.asOf', 'tr.scope', 'tr.file', 'tr.records', 'tr.problems', 'tr.by'].map(k => el('th', { text: t(k) })))),
    el('tbody', null, items.map(h => el('tr', null, el('td', { text: h.asOf }), el('td', { text: h.district || t('tr.city') }), el('td', { text: h.fileName || '' }),
      el('td', { class: 'num', text: fmt(h.records) }), el('td', { class: 'num', text: fmt(h.problems) }), el('td', { text: (h.uploadedBy || '') + ' · ' + when(h.uploadedAt) })))))));
  const progress = (view.progress || []).filter(p => (p.points || []).length > 1);
  if (progress.length) {
    box.append(el('h3', { text: t('tr.progress') }), el('ul', { id: 'tracking-progress' }, progress.map(p => el('li', null, el('strong', { text: p.district }), ' ',
      p.points.map(x => x.asOf.slice(5) + ' ' + (x.useRate === null || x.useRate === undefined ? '—' : pct(x.useRate, 1))).join(' → ')))));
  }
  return box;
}
function trackingFiles(v, view) {
  const box = el('section', { id: 'tracking-files' }, el('h2', { text: t('tr.files') }));
  if (!(view.districts || []).length) { box.append(el('p', { class: 'muted', text: t('tr.none') })); return box; }
  if (S.me.role === 'county') {
    box.append(el('ul', { class: 'files' }, (view.files || []).map(n => trackingFileLink(v.id, n, null))));
    return box;
  }
  if (view.cityFiles) box.append(el('h3', { text: t('tr.city') }), el('ul', { class: 'files' }, (view.files || []).map(n => trackingFileLink(v.id, n, null))));
  const pickDistrict = el('select', { id: 'tracking-file-district' }, (view.districts || []).map(d => el('option', { value: d.district, text: d.district })));
  const list = el('ul', { class: 'files', id: 'tracking-district-files' });
  const fill = () => { clear(list).append(...(view.files || []).map(n => trackingFileLink(v.id, n, pickDistrict.value))); };
  pickDistrict.addEventListener('change', fill);
  fill();
  box.append(el('label', { class: 'inline' }, t('tr.oneDistrict'), ' ', pickDistrict), list);
  return box;
}
"""##
}
