// The desk: loads the session and the messages, opens an issue, saves every edit (debounced,
// one request in flight, each naming the revision it is based on), follows the event stream,
// and keeps the form, the pages, the copyfit bar and the problems list in step.

import { api, openEvents } from './api.js';
import { h, t, setMessages, applyMessages, randomId, notify, clear } from './dom.js';
import { createForm, findArticleIn } from './form.js';
import { createPages, renderCopyfit } from './pages.js';
import { renderProblems, renderArchive, renderSplitResult, renderExports, renderComparison } from './panels.js';
import { openVersions, showConflicts } from './versions.js';
import { createReview } from './review.js';

const $ = (id) => document.getElementById(id);

const state = {
  session: null,
  lang: 'zh-CN',
  clientId: randomId('tab-'),
  instance: null, // the server process's id, from `hello`
  issueId: null,
  doc: null,
  revision: null, // the saved revision the document is based on
  dirty: false, // edits not yet sent
  inFlight: null, // the PUT on its way
  timer: null,
  lastEditAt: 0,
  conflict: false,
  offline: false,
  status: null, // the last `rebuilt` applied
  exports: { print: null, screen: null },
  events: null,
  archive: null,
  people: [], // the tabs on this issue: { client, name, article }
  inArticle: null, // the article this tab last said it is in
};

// ---- latency: from the edit leaving the browser to the changed page's image shown ----------

const measures = []; // { sentAt, lastEditAt, revision, builtAt }
const metrics = []; // finished: { revision, sendToShownMs, editToShownMs, kind }
const rebuiltAt = new Map(); // revision → { at, visibleChanged }
const shownAt = new Map(); // revision → time the first changed image of it loaded

function finishMeasure(measure, at, kind) {
  const built = rebuiltAt.get(measure.revision);
  const entry = {
    revision: measure.revision,
    sendToRebuiltMs: built ? Math.round(built.at - measure.sentAt) : null,
    sendToShownMs: Math.round(at - measure.sentAt),
    editToShownMs: Math.round(at - measure.lastEditAt),
    kind,
  };
  metrics.push(entry);
  try {
    performance.measure('desk:edit-to-page', { start: measure.sentAt, end: at, detail: entry });
  } catch { /* older browsers */ }
  measures.splice(measures.indexOf(measure), 1);
}

function settleMeasures() {
  for (const measure of [...measures]) {
    if (!measure.revision) continue;
    // A revision can come back (same contents): only what happened after this edit was sent counts.
    const built = rebuiltAt.get(measure.revision);
    if (!built || built.at < measure.sentAt) continue;
    const shown = shownAt.get(measure.revision);
    if (built.visibleChanged === 0) finishMeasure(measure, built.at, 'no-visible-change');
    else if (shown !== undefined && shown >= measure.sentAt) finishMeasure(measure, shown, 'image');
  }
}

window.__desk = { state, metrics, measures };

// Revisions are opaque, and equal contents give equal revisions, so a revision can come back.
// The order in which this tab last heard of each (from its saves and from the event stream,
// which delivers `saved` before that revision's `rebuilt`) tells a late, older build from a new one.
const revisionOrder = [];
function learn(revision) {
  if (!revision) return;
  const at = revisionOrder.indexOf(revision);
  if (at >= 0) revisionOrder.splice(at, 1);
  revisionOrder.push(revision);
  if (revisionOrder.length > 500) revisionOrder.splice(0, 250);
}

// ---- messages and language -----------------------------------------------------------------

async function loadMessages(lang) {
  const data = await api.messages(lang);
  state.lang = data.lang || lang;
  setMessages(data.messages);
  document.documentElement.lang = state.lang;
  applyMessages(document);
}

function fillLanguages() {
  const select = $('lang');
  clear(select);
  for (const language of state.session.languages) {
    select.appendChild(h('option', { value: language.code, text: language.name, props: { selected: language.code === state.lang } }));
  }
}

async function switchLanguage(lang) {
  localStorage.setItem('desk-lang', lang);
  await loadMessages(lang);
  if (state.doc) {
    form.render();
    pages.reset();
    connectEvents();
    showHeader();
    renderExports($('export-list'), state.exports);
  }
  $('zoom-level').textContent = pages.zoomLabel();
  showUser();
  if (!$('archive').hidden) await showArchive();
  updateSaveState();
}

// ---- the form, the pages --------------------------------------------------------------------

const keyOf = (place) => place.key || state.doc?.sections[place.section]?.articles[place.article]?.key;
const matchKey = (key) => (place) => keyOf(place) === key;

const form = createForm($('issue-form'), {
  doc: () => state.doc,
  edited,
  openPaste,
  dropDocx,
  locate: (key) => {
    if (!pages.locate(matchKey(key))) notify(t('notice-not-placed'));
  },
  // The review draws itself over every render of the form (review.js watches it).
  rendered: () => showPresence(),
});

const review = createReview({
  issueId: () => state.issueId,
  revision: () => state.revision,
  flush: () => flush(),
  me: () => (state.session && state.session.user ? state.session.user.name : null),
  stale: () => { state.conflict = true; showConflict(); },
  notify,
});

const pages = createPages($('page-list'), {
  issueId: () => state.issueId,
  ppiSteps: () => state.session.page_ppi,
  articleTitle: (place) => state.doc?.sections[place.section]?.articles[place.article]?.title,
  openArticle: (place) => {
    const key = keyOf(place);
    if (key) form.reveal(key);
  },
  imageShown: (revision) => {
    shownAt.set(revision, performance.now());
    settleMeasures();
  },
});

$('issue-form').addEventListener('focusin', () => {
  if (!$('follow').checked) return;
  const key = form.focusedArticle();
  if (key) pages.follow(matchKey(key));
});

// ---- saving -----------------------------------------------------------------------------------

// An input method (pinyin, wubi, zhuyin) composes each character from several keys; what
// the field shows until the editor chooses is not text yet, so nothing is saved while it
// composes, and a save waiting when composition starts waits for its end.
document.addEventListener('compositionstart', () => {
  state.composing = true;
  clearTimeout(state.timer);
  state.timer = null;
}, true);
document.addEventListener('compositionend', () => {
  state.composing = false;
  if (state.dirty) edited(false);
}, true);

/** The form changed the document: save it after the debounce, or at once (`now`). */
function edited(now) {
  state.dirty = true;
  state.lastEditAt = performance.now();
  updateSaveState();
  clearTimeout(state.timer);
  state.timer = null;
  if (state.composing) return;
  state.timer = setTimeout(() => {
    state.timer = null;
    flush();
  }, now ? 0 : state.session.save_debounce_ms);
}

/** Sends the unsent edits (one request at a time); resolves when nothing is left to send. */
async function flush() {
  clearTimeout(state.timer);
  state.timer = null;
  while (state.inFlight) await state.inFlight.catch(() => {});
  if (!state.dirty || state.conflict || !state.doc) return;
  state.dirty = false;
  const issueId = state.issueId;
  const measure = { sentAt: performance.now(), lastEditAt: state.lastEditAt, revision: null };
  performance.mark('desk:edit-sent');
  const body = { base_revision: state.revision, client: state.clientId, lang: state.lang, issue: state.doc };
  state.inFlight = api.save(issueId, body);
  updateSaveState();
  let refused = false;
  try {
    const result = await state.inFlight;
    if (state.issueId !== issueId) return;
    state.offline = false;
    learn(result.revision);
    // Saved on an earlier revision: merged with what others saved since. With edits made
    // meanwhile the base is kept, so that the next save is merged again with them.
    const adopt = !result.merged || !state.dirty;
    if (result.merged && adopt) {
      state.doc = result.issue;
      form.render();
      showHeader();
    }
    if (adopt && result.revision !== state.revision) {
      state.revision = result.revision;
      measure.revision = result.revision;
      measures.push(measure);
      settleMeasures();
    }
    if (result.merged && result.conflicts.length) {
      showConflicts($('banner'), result.conflicts, () => state.doc, () => edited(true));
    }
  } catch (err) {
    if (err.code === 'stale_revision') {
      state.conflict = true;
      showConflict();
    } else {
      state.dirty = true;
      state.offline = err.status === 0;
      notify(t('notice-save-failed', { reason: err.message }), 'error');
      // A refusal (a file too large, say) stays one until the editor changes something:
      // only a lost connection or a server error is tried again by itself.
      refused = !state.offline && err.status < 500;
      if (!refused) setTimeout(() => state.dirty && !state.timer && flush(), 3000);
    }
  } finally {
    state.inFlight = null;
    updateSaveState();
  }
  if (state.dirty && !refused && !state.timer && !state.conflict && !state.composing) edited(true);
}

function showConflict() {
  const banner = $('banner');
  clear(banner);
  banner.append(
    h('span', { text: t('conflict-message') }),
    h('button', { type: 'button', class: 'primary', id: 'btn-reload', text: t('conflict-reload'), on: { click: () => reloadDocument('notice-reloaded') } }),
  );
  banner.hidden = false;
}

/** Takes the saved document from the server, dropping unsent edits. */
async function reloadDocument(noticeKey) {
  const data = await api.issue(state.issueId);
  learn(data.revision);
  state.doc = data.issue;
  state.revision = data.revision;
  state.dirty = false;
  state.conflict = false;
  clearTimeout(state.timer);
  state.timer = null;
  $('banner').hidden = true;
  form.render();
  review.load();
  showHeader();
  if (data.status) applyStatus(data.status);
  updateSaveState();
  if (noticeKey) notify(t(noticeKey));
}

window.addEventListener('beforeunload', (e) => {
  if (state.dirty || state.inFlight) {
    flush();
    e.preventDefault();
    e.returnValue = '';
  }
});

// ---- the save state, the top bar ---------------------------------------------------------------

function updateSaveState() {
  const pill = $('save-state');
  const status = state.status;
  const current = status && status.revision === state.revision;
  const errors = current && status.counts ? status.counts.errors : 0;
  let key = 'save-saved';
  let name = 'saved';
  if (!state.doc) { key = 'loading'; name = 'loading'; }
  else if (state.conflict) { key = 'save-conflict'; name = 'conflict'; }
  else if (state.offline) { key = 'save-offline'; name = 'offline'; }
  else if (state.dirty || state.inFlight) { key = 'save-saving'; name = 'saving'; }
  else if (errors > 0) { key = 'save-not-ready'; name = 'not-ready'; }
  pill.textContent = t(key, { count: errors });
  pill.dataset.state = name;
  pill.title = t(name === 'not-ready' ? 'save-not-ready-help' : 'problems-toggle');
  const exportable = current && status.ready && !state.dirty && !state.inFlight && !state.conflict;
  for (const id of ['btn-export-print', 'btn-export-screen']) {
    const button = $(id);
    button.disabled = !exportable;
    button.title = exportable ? '' : t(errors > 0 ? 'export-disabled-errors' : 'export-disabled-saving');
  }
  $('btn-compare').disabled = !state.doc;
}

function showHeader() {
  const d = state.doc;
  $('pub-title').textContent = d.publication ? d.publication.title : '';
  const name = t('issue-name', { year: d.year ?? '?', number: d.number ?? '?' });
  $('issue-name').textContent = d.running_number ? `${name} ${t('issue-running', { running: d.running_number })}` : name;
  document.title = `${name} · ${t('app-title')}`;
}

// ---- builds: the `rebuilt` payload --------------------------------------------------------------

function applyStatus(status) {
  const rank = (revision) => revisionOrder.indexOf(revision);
  if (state.status && rank(status.revision) >= 0 && rank(status.revision) < rank(state.status.revision)) return; // an older build, arriving late
  state.status = status;
  pages.update(status);
  form.setDiagnostics(status.diagnostics);
  form.setPlacement(status);
  renderCopyfit({ summary: $('copyfit-summary'), map: $('copyfit-map'), details: $('copyfit-details') }, status, state.doc, (n) => pages.scrollToPage(n));
  renderProblems($('problem-list'), $('problems-empty'), status.diagnostics || [], state.doc, (location) => form.focusLocation(location));
  $('page-count').textContent = t('pages-count', { count: status.page_count });
  $('build-state').textContent = status.typeset === false ? t('build-failed') : t('build-time', { ms: status.build_ms ?? '?' });
  updateSaveState();
  rebuiltAt.set(status.revision, { at: performance.now(), visibleChanged: pages.visibleChanged(status.changed_pages).length });
  settleMeasures();
}

// ---- the event stream ---------------------------------------------------------------------------

function connectEvents() {
  if (state.events) state.events.close();
  const issueId = state.issueId;
  state.events = openEvents(issueId, state.lang, state.clientId, {
    open: () => {
      if (state.offline) { state.offline = false; updateSaveState(); }
    },
    error: () => {
      state.offline = true;
      updateSaveState();
    },
    hello: (data) => {
      learn(data.revision);
      state.offline = false;
      const restarted = state.instance && data.instance && data.instance !== state.instance;
      state.instance = data.instance || state.instance;
      if ((restarted || data.revision !== state.revision) && !state.dirty && !state.inFlight) reloadDocument(restarted ? null : 'notice-reloaded-disk');
    },
    saved: (data) => {
      learn(data.revision);
      if (data.client === state.clientId || data.revision === state.revision) return;
      if (!state.dirty && !state.inFlight) reloadDocument('notice-saved-elsewhere');
    },
    reloaded: (data) => {
      learn(data.revision);
      if (data.revision === state.revision) return;
      if (!state.dirty && !state.inFlight) reloadDocument('notice-reloaded-disk');
      else notify(t('notice-disk-changed-unsaved'), 'error');
    },
    building: () => { $('build-state').textContent = t('build-running'); },
    rebuilt: (status) => applyStatus(status),
    presence: (data) => {
      state.people = data.people || [];
      showPresence();
    },
    exported: (item) => {
      state.exports[item.kind] = item;
      renderExports($('export-list'), state.exports);
      $('exports').hidden = false;
    },
    review: () => review.load(),
    archive: (data) => {
      state.archive = data;
      if (!$('archive').hidden) renderArchive($('archive-rows'), data, openIssue);
    },
  });
}

// ---- views: the desk and the archive ------------------------------------------------------------

async function openIssue(id) {
  if (state.doc && state.issueId !== id) await flush();
  if (location.hash !== `#/issues/${encodeURIComponent(id)}`) history.replaceState(null, '', `#/issues/${encodeURIComponent(id)}`);
  const data = await api.issue(id);
  learn(data.revision);
  state.issueId = id;
  state.doc = data.issue;
  state.revision = data.revision;
  state.status = null;
  state.dirty = false;
  state.conflict = false;
  $('loading').hidden = true;
  $('archive').hidden = true;
  $('desk').hidden = false;
  document.body.dataset.view = 'issue';
  showHeader();
  pages.reset();
  form.render();
  if (data.status) applyStatus(data.status);
  updateSaveState();
  connectEvents();
  review.reset();
  review.load();
  try {
    state.exports = await api.exports(id);
    renderExports($('export-list'), state.exports);
    $('exports').hidden = !(state.exports.print || state.exports.screen);
  } catch { /* no exports yet */ }
}

async function showArchive() {
  if (state.doc) await flush();
  const archive = await api.issues();
  state.archive = archive;
  $('loading').hidden = true;
  $('desk').hidden = true;
  $('archive').hidden = false;
  document.body.dataset.view = 'archive';
  renderArchive($('archive-rows'), archive, (id) => { location.hash = `#/issues/${encodeURIComponent(id)}`; });
  const button = $('btn-new-issue');
  if (archive.next) {
    button.textContent = t('archive-new', { name: t('issue-name', { year: archive.next.year, number: archive.next.number }) });
    button.disabled = false;
    button.dataset.id = archive.next.id;
  } else {
    button.textContent = t('archive-new-none');
    button.disabled = true;
  }
  document.title = `${t('archive-heading')} · ${t('app-title')}`;
}

function route() {
  const match = /^#\/issues\/([^/]+)$/.exec(location.hash);
  if (match) return openIssue(decodeURIComponent(match[1])).catch(failed);
  if (location.hash === '#/archive') return showArchive().catch(failed);
  if (state.session.open_issue) return openIssue(state.session.open_issue).catch(failed);
  return showArchive().catch(failed);
}

function failed(err) {
  notify(t('notice-load-failed', { reason: err.message }), 'error');
}

// ---- paste an article, drop Word files --------------------------------------------------------

let pasteTarget = null;
let pasteResult = null;
let pastedHtml = '';

function openPaste(sectionKey) {
  const section = state.doc.sections.find((s) => s.key === sectionKey);
  pasteTarget = sectionKey;
  pasteResult = null;
  pastedHtml = '';
  $('paste-heading').textContent = t('paste-heading', { section: section.name || t('section-unnamed') });
  $('paste-text').value = '';
  renderSplitResult($('paste-result'), null);
  const add = $('paste-add');
  add.disabled = true;
  add.textContent = t('paste-add', { section: section.name || t('section-unnamed') });
  $('paste-dialog').showModal();
  $('paste-text').focus();
}

$('paste-text').addEventListener('paste', (e) => {
  pastedHtml = (e.clipboardData && e.clipboardData.getData('text/html')) || '';
});
$('paste-text').addEventListener('input', () => {
  pasteResult = null;
  $('paste-add').disabled = true;
});

$('paste-split').addEventListener('click', async () => {
  const text = $('paste-text').value;
  if (!text.trim()) {
    $('paste-text').focus();
    return;
  }
  try {
    pasteResult = await api.split(state.issueId, { text, html: pastedHtml || null, lang: state.lang });
    renderSplitResult($('paste-result'), pasteResult);
    $('paste-add').disabled = false;
    $('paste-add').focus();
  } catch (err) {
    clear($('paste-result')).appendChild(h('p', { class: 'problem problem-error', role: 'alert', text: err.message }));
  }
});

$('paste-add').addEventListener('click', () => {
  if (!pasteResult) return;
  const article = pasteResult.article;
  $('paste-dialog').close();
  form.addArticle(pasteTarget, {
    title: article.title,
    listed: !!article.listed,
    paragraphs: article.paragraphs.length ? article.paragraphs : [''],
    attribution: { source: article.attribution.source || null, compiler: article.attribution.compiler || '', date: article.attribution.date || '' },
  });
  notify(t('notice-article-added', { title: article.title || t('article-untitled') }));
});

async function dropDocx(sectionKey, files) {
  const docx = files.filter((f) => /\.docx$/i.test(f.name));
  if (docx.length < files.length) notify(t('notice-docx-only'), 'error');
  for (const file of docx) {
    await flush();
    if (state.conflict) return;
    try {
      const result = await api.docx(state.issueId, sectionKey, file, state.revision, state.lang);
      learn(result.revision);
      state.doc = result.issue;
      state.revision = result.revision;
      form.render();
      if (result.added) form.reveal(result.added.article);
      notify(t('notice-docx-added', { name: file.name }));
    } catch (err) {
      if (err.code === 'stale_revision') {
        state.conflict = true;
        showConflict();
        return;
      }
      const details = (err.body.diagnostics || []).map((d) => d.message).join('；');
      notify(t('notice-docx-failed', { name: file.name, reason: details || err.message }), 'error');
    }
  }
  updateSaveState();
}

// ---- export and comparison --------------------------------------------------------------------------

async function exportPdf(kind) {
  await flush();
  if (state.conflict) return;
  const button = $(kind === 'print' ? 'btn-export-print' : 'btn-export-screen');
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    const item = await api.exportPdf(state.issueId, kind, state.revision, state.lang);
    state.exports[kind] = item;
    renderExports($('export-list'), state.exports);
    $('exports').hidden = false;
    notify(t('notice-exported', { kind: t(`export-kind-${kind}`), pages: item.page_count }));
    $(`download-${kind}`)?.click();
  } catch (err) {
    notify(t('notice-export-failed', { reason: err.message }), 'error');
  } finally {
    button.removeAttribute('aria-busy');
    updateSaveState();
  }
}

// ---- who is signed in (on the office network) ------------------------------------------------------

function showUser() {
  const user = state.session && state.session.user;
  $('user').hidden = !user;
  $('btn-logout').hidden = !user;
  if (user) $('user').textContent = t('signed-in-as', { name: user.name, role: t(`role-${user.role}`) });
}

$('btn-logout').addEventListener('click', async () => {
  await flush();
  try {
    await api.logout();
  } finally {
    window.location.assign('login');
  }
});

// ---- who else is in the issue, and where ----------------------------------------------------------

/** Shows the other tabs on this issue: a line in the top bar, a badge on the articles they are in. */
function showPresence() {
  const own = state.people.find((p) => p.client === state.clientId);
  const others = state.people.filter((p) => p.client !== state.clientId);
  const label = (p) => (own && p.name === own.name ? t('presence-other-tab') : p.name || t('presence-other-tab'));
  const titleOf = (key) => findArticleIn(state.doc, key)?.article.title;
  const line = $('presence');
  line.hidden = others.length === 0;
  line.textContent = others.length === 0 ? '' : t('presence-line', {
    people: others.map((p) => {
      const title = p.article && titleOf(p.article);
      return title ? t('presence-in', { name: label(p), title }) : label(p);
    }).join(t('list-separator')),
  });
  for (const badge of document.querySelectorAll('.presence-badge')) badge.remove();
  for (const p of others) {
    if (!p.article) continue;
    const head = document.querySelector(`#article-${CSS.escape(p.article)} .article-head`);
    if (head) head.insertBefore(h('span', { class: 'presence-badge', text: label(p), title: t('presence-editing', { name: label(p) }) }), head.querySelector('.toolbar'));
  }
}

let presenceTimer = null;
$('issue-form').addEventListener('focusin', (e) => {
  const card = e.target.closest('.article-card');
  const key = card ? card.dataset.key : null;
  if (key === state.inArticle || !state.issueId) return;
  state.inArticle = key;
  clearTimeout(presenceTimer);
  presenceTimer = setTimeout(() => api.presence(state.issueId, state.clientId, key).catch(() => {}), 200);
});

// ---- versions and undo --------------------------------------------------------------------------

$('btn-undo').addEventListener('click', async () => {
  await flush();
  if (state.conflict || !state.doc) return;
  try {
    const result = await api.undo(state.issueId, state.revision, state.clientId);
    learn(result.revision);
    await reloadDocument(null);
    notify(t('notice-undone', { n: result.undone }));
    if (result.conflicts.length) showConflicts($('banner'), result.conflicts, () => state.doc, () => edited(true));
  } catch (err) {
    if (err.code === 'stale_revision') {
      state.conflict = true;
      showConflict();
    } else if (err.code === 'nothing_to_undo') {
      notify(err.message);
    } else {
      notify(t('notice-undo-failed', { reason: err.message }), 'error');
    }
  }
});

$('btn-versions').addEventListener('click', async () => {
  await flush();
  if (!state.doc) return;
  try {
    await openVersions($('versions-dialog'), state.issueId, () => state.revision, state.clientId, async (revision, n) => {
      learn(revision);
      await reloadDocument(null);
      notify(t('notice-restored', { n }));
    }, notify, (result) => {
      $('compare-heading').textContent = t('version-compare-heading', { n: result.base.version.n });
      renderComparison({ summary: $('compare-summary'), pages: $('compare-pages'), frame: $('compare-frame') }, result);
      $('compare-dialog').showModal();
    });
  } catch (err) {
    notify(t('notice-versions-failed', { reason: err.message }), 'error');
  }
});

$('btn-export-print').addEventListener('click', () => exportPdf('print'));
$('btn-export-screen').addEventListener('click', () => exportPdf('screen'));

$('btn-compare').addEventListener('click', async () => {
  await flush();
  try {
    const result = await api.compare(state.issueId, 'print', state.lang);
    $('compare-heading').textContent = t('compare-heading');
    renderComparison({ summary: $('compare-summary'), pages: $('compare-pages'), frame: $('compare-frame') }, result);
    $('compare-dialog').showModal();
  } catch (err) {
    notify(err.code === 'not_found' ? t('compare-no-export') : t('notice-compare-failed', { reason: err.message }), 'error');
  }
});

// ---- the rest of the top bar ----------------------------------------------------------------------

$('save-state').addEventListener('click', () => {
  const panel = $('problems');
  panel.hidden = !panel.hidden;
  $('save-state').setAttribute('aria-expanded', String(!panel.hidden));
  if (!panel.hidden) panel.querySelector('button')?.focus();
});
$('btn-archive').addEventListener('click', () => { location.hash = '#/archive'; });
$('btn-new-issue').addEventListener('click', async (e) => {
  try {
    const created = await api.createIssue(e.target.dataset.id);
    location.hash = `#/issues/${encodeURIComponent(created.id)}`;
  } catch (err) {
    notify(t('notice-new-failed', { reason: err.message }), 'error');
  }
});
$('btn-copyfit-details').addEventListener('click', (e) => {
  const details = $('copyfit-details');
  details.hidden = !details.hidden;
  e.target.setAttribute('aria-expanded', String(!details.hidden));
});
$('lang').addEventListener('change', (e) => switchLanguage(e.target.value));
$('zoom-in').addEventListener('click', () => { pages.zoomBy(1); $('zoom-level').textContent = pages.zoomLabel(); });
$('zoom-out').addEventListener('click', () => { pages.zoomBy(-1); $('zoom-level').textContent = pages.zoomLabel(); });
let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => pages.resize(), 150);
});
window.addEventListener('hashchange', route);

// ---- start ------------------------------------------------------------------------------------------

async function start() {
  state.session = await api.session();
  const stored = localStorage.getItem('desk-lang');
  const known = state.session.languages.map((l) => l.code);
  await loadMessages(known.includes(stored) ? stored : state.session.default_language);
  fillLanguages();
  showUser();
  $('zoom-level').textContent = pages.zoomLabel();
  updateSaveState();
  await route();
}

start().catch((err) => {
  $('loading').textContent = `${err.message}`;
});
