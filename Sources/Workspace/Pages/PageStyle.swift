/// The page's style sheet (`/app.css`): plain, dense tables a planner who lives in Excel can
/// read at 1366×768, Chinese fonts first.
enum PageStyle {
  static let css = ##"""
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --head: #f3f5f7; --accent: #b4232a; --accent-soft: #fbeaea;
  --ok: #1a7f37; --ok-soft: #dafbe1; --warn: #9a6700; --warn-soft: #fff8c5; --bad: #cf222e; --bad-soft: #ffebe9;
  --blue: #0b5cad; --blue-soft: #ddf4ff;
}
* { box-sizing: border-box; }
html { font-size: 14px; }
body {
  margin: 0; color: var(--ink); background: #fafbfc;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Hiragino Sans GB", system-ui, sans-serif;
  line-height: 1.5;
}
a { color: var(--blue); }
h1 { font-size: 1.45rem; margin: 0.4rem 0; }
h2 { font-size: 1.15rem; margin: 1.2rem 0 0.4rem; }
h3 { font-size: 1rem; margin: 0.8rem 0 0.3rem; }
.topbar {
  display: flex; align-items: center; gap: 1rem; padding: 0.45rem 1.2rem; background: var(--accent); color: #fff;
  position: sticky; top: 0; z-index: 20;
}
.topbar a, .topbar button.link { color: #fff; }
.topbar .brand { font-weight: 700; font-size: 1.05rem; text-decoration: none; }
.topbar .nav { text-decoration: none; opacity: 0.92; }
.topbar .spacer { flex: 1; }
.topbar .who { opacity: 0.92; }
main { padding: 0.6rem 1.2rem 3rem; max-width: 1600px; }
button, .button {
  font: inherit; padding: 0.3rem 0.8rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; color: var(--ink);
  cursor: pointer; text-decoration: none; display: inline-block; line-height: 1.4;
}
button:hover, .button:hover { background: var(--head); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.primary:hover { background: #951c22; }
button:disabled { opacity: 0.5; cursor: not-allowed; }
button.link { background: none; border: none; text-decoration: underline; padding: 0 0.2rem; }
button.small { padding: 0 0.45rem; margin-left: 0.3rem; }
input, select { font: inherit; padding: 0.25rem 0.4rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
input.numeric { width: 9em; text-align: right; }
input.list { width: 18em; }
input:disabled, select:disabled { background: #f0f1f2; color: var(--muted); }
label { display: inline-flex; flex-direction: column; gap: 0.15rem; margin: 0 0.8rem 0.5rem 0; }
label.check { flex-direction: row; align-items: center; gap: 0.35rem; }
.muted { color: var(--muted); }
.small { font-size: 0.86rem; }
.strong { font-weight: 700; }
.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem; margin: 1rem 0; }
.signin { max-width: 360px; margin: 3rem auto; display: flex; flex-direction: column; }
.signin label { margin-right: 0; }
.row { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.form-error { color: var(--bad); min-height: 1.2em; margin: 0.3rem 0; white-space: pre-line; }
.error { background: var(--bad-soft); border: 1px solid #ffb3b8; border-left: 4px solid var(--bad); padding: 0.5rem 0.8rem; border-radius: 4px; margin: 0.6rem 0; }
.error p { margin: 0.2rem 0; }
.error-text { color: var(--bad); }
.notice { background: var(--warn-soft); border: 1px solid #e9d38a; padding: 0.45rem 0.8rem; border-radius: 4px; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 10px; font-size: 0.82rem; font-weight: 600; vertical-align: middle; white-space: nowrap; }
.badge.outcome-planned, .badge.ok { background: var(--ok-soft); color: var(--ok); }
.badge.outcome-conflict { background: var(--bad-soft); color: var(--bad); }
.badge.outcome-failed { background: var(--warn-soft); color: var(--warn); }
.badge.published { background: var(--blue-soft); color: var(--blue); }
.badge.ok { margin-left: 0.5rem; }
.scroll { overflow: auto; max-width: 100%; border: 1px solid var(--line); background: #fff; }
.scroll.tall { max-height: 430px; }
table.grid { border-collapse: collapse; width: 100%; font-size: 0.93rem; }
table.grid th, table.grid td { border-bottom: 1px solid #e6e9ec; border-right: 1px solid #eef0f2; padding: 0.25rem 0.55rem; text-align: left; vertical-align: top; }
table.grid thead th { background: var(--head); position: sticky; top: 0; z-index: 1; white-space: nowrap; border-bottom: 1px solid var(--line); }
table.grid tfoot th { background: var(--head); position: sticky; bottom: 0; }
table.grid tbody tr:nth-child(even) { background: #fbfcfd; }
table.grid .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.grid tr.zero td, table.grid td.zero { color: #9aa1a8; }
table.grid td.reason { color: var(--muted); font-size: 0.86rem; min-width: 18em; }
table.clickable tbody tr { cursor: pointer; }
table.clickable tbody tr:hover, table.clickable tbody tr:focus { background: var(--blue-soft); outline: none; }
table.scenarios td.actions { white-space: nowrap; }
table.scenarios td.actions > * { margin-right: 0.4rem; }
tr.inline-form td { background: var(--head); }
form.inline { display: flex; align-items: flex-end; flex-wrap: wrap; gap: 0.4rem; }
td.pos, .delta.pos { color: var(--ok); background: #eefbf1; font-weight: 600; }
td.neg, .delta.neg { color: var(--bad); background: #fff1f0; font-weight: 600; }
.delta.nil { color: #9aa1a8; }
td.bad, .preview td.bad { background: #ffc9c9; outline: 2px solid var(--bad); outline-offset: -2px; font-weight: 700; }
tr.bad-row th.rownum { background: #ffc9c9; color: var(--bad); }
th.rownum { color: var(--muted); text-align: right; width: 3.5em; background: var(--head); }
.preview-scroll { max-height: 320px; }
.vhead { display: flex; align-items: flex-end; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.vhead .vnum { font-weight: 400; color: var(--muted); font-size: 1.1rem; }
.vhead label.history { margin: 0; }
.tabs { display: flex; gap: 0.2rem; border-bottom: 2px solid var(--line); margin: 0.6rem 0 0.8rem; flex-wrap: wrap; }
.tabs a { padding: 0.4rem 1rem; text-decoration: none; color: var(--ink); border: 1px solid transparent; border-bottom: none; border-radius: 5px 5px 0 0; margin-bottom: -2px; }
.tabs a.active { background: #fff; border-color: var(--line); border-bottom: 2px solid #fff; font-weight: 700; color: var(--accent); }
.headline { font-size: 1.05rem; margin: 0.2rem 0; }
.filters { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.3rem 0; align-items: flex-end; }
.filters input[type=search] { width: 22em; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 0.8rem; }
.chart-box { background: #fff; border: 1px solid var(--line); border-radius: 4px; margin: 0; padding: 0.4rem 0.6rem; }
.chart-box figcaption { font-weight: 700; }
svg.chart { max-width: 100%; height: auto; }
.chart-label, .chart-value { font-size: 12px; fill: var(--ink); font-family: inherit; }
.bar-before { fill: #b9c1c9; }
.bar-after { fill: var(--accent); }
.panel {
  position: fixed; top: 0; right: 0; bottom: 0; width: min(620px, 48vw); background: #fff; border-left: 3px solid var(--blue);
  box-shadow: -6px 0 18px rgba(0,0,0,0.15); z-index: 30; display: flex; flex-direction: column; padding: 0.6rem 1rem;
}
.panel[hidden] { display: none; }
.panel-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 1rem; }
.panel-head h2 { margin: 0.3rem 0; }
.panel pre { flex: 1; overflow: auto; white-space: pre-wrap; word-break: break-word; font-family: inherit; font-size: 0.95rem; background: #f6f8fa; padding: 0.7rem; border-radius: 4px; margin: 0.4rem 0 0; }
pre.report { white-space: pre-wrap; background: #fff; border: 1px solid var(--line); padding: 0.7rem; font-family: inherit; max-height: 420px; overflow: auto; }
.conflict { background: var(--bad-soft); border: 2px solid var(--bad); border-radius: 6px; padding: 0.6rem 1rem; margin-bottom: 1rem; }
.conflict h2 { color: var(--bad); margin-top: 0.2rem; }
.conflict p { margin: 0.25rem 0; font-size: 1.02rem; }
.nearest { border: 3px dashed #d4a72c; background: #fffdf3; padding: 0 1rem 1rem; border-radius: 6px; }
.nearest-banner { background: #d4a72c; color: #1f2328; margin: 0 -1rem 0.6rem; padding: 0.4rem 1rem; }
.nearest-banner h2 { margin: 0.2rem 0; }
.nearest-banner ul { margin: 0.2rem 0; }
.settings-grid { display: flex; flex-direction: column; gap: 0.6rem; }
fieldset.group { border: 1px solid var(--line); border-radius: 5px; background: #fff; padding: 0.4rem 0.8rem 0.6rem; margin: 0; display: flex; flex-wrap: wrap; gap: 0.2rem 1.4rem; align-items: flex-start; }
fieldset.group > legend { font-weight: 700; padding: 0 0.3rem; }
fieldset.group fieldset.group { background: #fbfcfd; }
fieldset.category { flex-basis: 100%; border-left: 4px solid var(--accent); }
fieldset.category > legend { color: var(--accent); font-size: 1.05rem; }
fieldset.list-of, fieldset.district-totals { flex-basis: 100%; }
fieldset.list-of.categories { display: flex; flex-direction: column; }
.entries { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; flex-basis: 100%; align-items: flex-start; }
.entries > .muted { padding: 0.25rem 0; }
.list-actions { flex-basis: 100%; display: flex; gap: 0.4rem; align-items: center; padding-top: 0.3rem; }
.list-actions button.small { margin-left: 0; }
button.remove-entry { align-self: flex-end; color: var(--bad); margin-bottom: 0.2rem; }
fieldset.group.fresh:not(.bad) { border-style: dashed; border-color: var(--accent); }
.field { display: flex; flex-direction: column; gap: 0.1rem; min-width: 10em; padding: 0.15rem 0; }
.field .flabel { font-size: 0.88rem; color: var(--muted); }
.field.readonly .value { padding: 0.25rem 0; }
.field .default { font-size: 0.8rem; color: var(--warn); }
.field.bad .flabel { color: var(--bad); font-weight: 700; }
input.bad, .order.bad { border: 2px solid var(--bad); background: var(--bad-soft); }
fieldset.bad { border: 2px solid var(--bad); }
.dt-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 0.2rem 0.8rem; }
label.dt { margin: 0; font-size: 0.88rem; }
ol.order { margin: 0.1rem 0; padding-left: 1.4rem; }
ol.order li { padding: 0.1rem 0; }
.savebar { position: sticky; bottom: 0; background: rgba(250,251,252,0.95); padding: 0.6rem 0; border-top: 1px solid var(--line); margin-top: 0.6rem; }
form.disabled fieldset.group { background: #f6f7f8; }
ul.files { list-style: none; padding: 0; }
ul.files li { margin: 0.45rem 0; }
ul.files a.button { min-width: 9em; }
.published-box { background: var(--blue-soft); border: 1px solid #8cc8f0; padding: 0.6rem 1rem; border-radius: 6px; }
.pick { display: flex; flex-wrap: wrap; gap: 0 1rem; margin-bottom: 0.5rem; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; }
.pre-line { white-space: pre-line; }
.nowrap, table.grid td.nowrap { white-space: nowrap; }
table.grid th.wide { min-width: 26em; }
.sweep-chart svg { max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); }
td.old { color: var(--muted); }
td.new { font-weight: 700; }
tr.paradox td { background: var(--warn-soft); }
tr.differs th { color: var(--accent); }
[hidden] { display: none !important; }
.card > h1:first-child, .card > h2:first-child, .card > h3:first-child { margin-top: 0; }
/* The workflow: statuses, a returned refinement's comment, a newer city version, actions. */
.topbar .nav.active { font-weight: 700; text-decoration: underline; opacity: 1; }
.badge.status-not_started { background: #eef0f2; color: var(--muted); }
.badge.status-draft { background: var(--warn-soft); color: var(--warn); }
.badge.status-submitted { background: var(--blue-soft); color: var(--blue); }
.badge.status-returned { background: var(--bad-soft); color: var(--bad); }
.badge.status-approved { background: var(--ok-soft); color: var(--ok); }
.badge.kind { background: #eef0f2; color: var(--ink); font-weight: 400; }
.returned { background: var(--bad-soft); border: 2px solid var(--bad); border-radius: 6px; padding: 0.5rem 1rem; margin: 0.6rem 0; }
.returned h2 { color: var(--bad); margin: 0.2rem 0; }
.returned .comment-text { font-size: 1.1rem; font-weight: 600; }
.newer { background: var(--warn-soft); border: 2px solid #d4a72c; border-radius: 6px; padding: 0.5rem 1rem; margin: 0.6rem 0; }
.newer h2 { margin: 0.2rem 0; color: var(--warn); }
.newer table.grid { width: auto; margin: 0.4rem 0; background: #fff; }
.actionbar { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.6rem; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.8rem; margin: 0.6rem 0; }
.actionbar label { margin-bottom: 0; }
label.wide { flex: 1 1 26em; }
textarea { font: inherit; padding: 0.3rem 0.4rem; border: 1px solid var(--line); border-radius: 4px; width: 100%; resize: vertical; }
button.danger { background: #fff; border-color: var(--bad); color: var(--bad); }
button.danger:hover { background: var(--bad-soft); }
a.button.primary-link { background: var(--accent); border-color: var(--accent); color: #fff; }
.ok-line { color: var(--ok); background: var(--ok-soft); border: 1px solid #aceebb; padding: 0.35rem 0.8rem; border-radius: 4px; margin: 0.4rem 0; }
.message:empty { display: none; }
ol.events { list-style: none; padding: 0; margin: 0.4rem 0; }
ol.events li { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 4px; padding: 0.35rem 0.8rem; margin: 0.35rem 0; }
ol.events li.event-return { border-left-color: var(--bad); }
ol.events li.event-approve { border-left-color: var(--ok); }
ol.events li.event-submit { border-left-color: var(--blue); }
ol.events .comment-text { margin: 0.2rem 0 0; white-space: pre-line; }
table.grid.narrow { width: auto; min-width: 24em; }
.scroll:has(> table.narrow) { width: fit-content; }
table.grid td input.cell { width: 6em; }
input.small-num { width: 6em; }
.plan-review h3 { margin-top: 0; }
#board-counts .count { margin-right: 0.8rem; }
"""##
}
