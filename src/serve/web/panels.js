// The panels around the form and the pages: the problems list, the archive, the paste box,
// exports and the comparison with the last export.

import { h, t, clear } from './dom.js';

/** A short description of where a diagnostic points: 栏目 › 第N篇 › 字段. */
export function describeLocation(location, doc) {
  if (!location) return t('location-layout');
  const parts = [];
  const { section: s, article: a, paragraph: p, field: f } = location;
  if (s !== null && s !== undefined) {
    const section = doc.sections[s];
    parts.push(section && section.name ? `【${section.name}】` : t('section-number', { n: s + 1 }));
    if (a !== null && a !== undefined) {
      const article = section && section.articles[a];
      parts.push(article && article.title ? `“${article.title}”` : t('article-number', { n: a + 1 }));
    }
  } else {
    parts.push(t('issue-heading'));
  }
  if (f) {
    const fieldKey = {
      year: 'field-year', number: 'field-number', running_number: 'field-running-number', date: 'field-date',
      name: 'field-section-name', title: 'field-title', listed: 'field-listed', paragraphs: 'field-paragraphs',
      'attribution.source': 'field-source', 'attribution.compiler': 'field-compiler', 'attribution.date': 'field-attribution-date',
      publication: 'field-publication',
    }[f];
    parts.push(f === 'paragraphs' && p !== null && p !== undefined ? t('paragraph-label', { n: p + 1 }) : t(fieldKey || f));
  }
  return parts.join(' › ');
}

/** Fills the problems list; clicking an entry calls `focus(location)`. */
export function renderProblems(listEl, emptyEl, diagnostics, doc, focus) {
  clear(listEl);
  emptyEl.hidden = diagnostics.length > 0;
  const sorted = [...diagnostics].sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'error' ? -1 : 1));
  for (const d of sorted) {
    const where = describeLocation(d.location, doc);
    const file = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}${d.column ? `:${d.column}` : ''}` : '';
    listEl.appendChild(h('li', { class: `problem-item problem-${d.severity}`, dataset: { code: d.code || '' } },
      h('button', { type: 'button', class: 'problem-link', on: { click: () => focus(d.location) } },
        h('span', { class: 'problem-icon', 'aria-hidden': 'true', text: d.severity === 'error' ? '●' : '▲' }),
        h('span', { class: 'visually-hidden', text: t(d.severity === 'error' ? 'severity-error' : 'severity-warning') }),
        h('span', { class: 'problem-where', text: where }),
        h('span', { class: 'problem-message', text: d.message }),
        (d.hints || []).map((hint) => h('span', { class: 'problem-hint', text: hint })),
        file && h('span', { class: 'problem-file', text: file }),
      )));
  }
}

/** Fills the archive table; `open(id)` opens an issue. */
export function renderArchive(rows, archive, open) {
  clear(rows);
  for (const issue of archive.issues || []) {
    const name = t('issue-name', { year: issue.year, number: issue.number });
    const state = issue.ready === null || issue.ready === undefined ? '—' : t(issue.ready ? 'archive-ready' : 'archive-not-ready');
    rows.appendChild(h('tr', null,
      h('th', { scope: 'row', text: issue.running_number ? `${name} ${t('issue-running', { running: issue.running_number })}` : name }),
      h('td', { text: issue.date || '' }),
      h('td', { class: 'num', text: issue.page_count === null || issue.page_count === undefined ? '—' : String(issue.page_count) }),
      h('td', { text: state }),
      h('td', null, h('a', { class: 'button', href: `#/issues/${encodeURIComponent(issue.id)}`, 'aria-label': t('archive-open-issue', { name }), text: t('archive-open-button'),
        on: { click: (e) => { e.preventDefault(); open(issue.id); } } })),
    ));
  }
}

/** A preview of a split article, before it is added. */
export function renderSplitResult(el, result) {
  clear(el);
  if (!result) return;
  const article = result.article;
  const attribution = article.attribution || {};
  el.appendChild(h('dl', { class: 'split-preview' },
    h('dt', { text: t('field-title') }), h('dd', { class: 'split-title', text: article.title || '—' }),
    h('dt', { text: t('field-paragraphs') }), h('dd', null,
      h('span', { class: 'split-count', text: t('paste-paragraph-count', { count: article.paragraphs.length }) }),
      h('ol', { class: 'split-paragraphs' }, article.paragraphs.slice(0, 3).map((p) => h('li', { text: typeof p === 'string' ? p : JSON.stringify(p) })))),
    h('dt', { text: t('field-source') }), h('dd', { text: attribution.source || '—' }),
    h('dt', { text: t('field-compiler') }), h('dd', { text: attribution.compiler || '—' }),
    h('dt', { text: t('field-attribution-date') }), h('dd', { text: attribution.date || '—' }),
  ));
  if (result.notes && result.notes.length) {
    el.appendChild(h('ul', { class: 'split-notes' }, result.notes.map((note) => h('li', { text: note }))));
  }
}

/** The list of the last exports, with download links. */
export function renderExports(listEl, exports) {
  clear(listEl);
  for (const kind of ['print', 'screen']) {
    const item = exports && exports[kind];
    if (!item) continue;
    const when = item.exported_at ? new Date(item.exported_at).toLocaleString() : '';
    listEl.appendChild(h('li', { class: 'export-item', dataset: { kind } },
      h('span', { text: t(`export-kind-${kind}`) }),
      h('span', { class: 'export-meta', text: t('export-meta', { pages: item.page_count, size: (item.bytes / 1048576).toFixed(1), when }) }),
      h('a', { class: 'button', id: `download-${kind}`, href: item.url, download: '', text: t('export-download') }),
    ));
  }
}

/** The comparison's summary and page list; the report itself goes into the frame. */
export function renderComparison(els, result) {
  const { summary, pages, frame } = els;
  clear(pages);
  // Against an earlier version of the issue, or against the last export.
  const version = result.base && result.base.version;
  if (result.identical) {
    summary.textContent = version ? t('version-compare-identical', { n: version.n }) : t('compare-identical');
    frame.hidden = true;
    return;
  }
  summary.textContent = version
    ? t('version-compare-summary', { n: version.n, count: result.pages.length })
    : t('compare-summary', { count: result.pages.length, pages: result.base ? result.base.page_count : '?' });
  for (const page of result.pages) {
    const what = t(`compare-${page.change}`);
    const share = page.share !== undefined && page.share !== null ? ` (${(page.share * 100).toFixed(2)}%)` : '';
    pages.appendChild(h('li', { text: `${t('page-caption', { n: page.number })}: ${what}${share}` }));
  }
  frame.hidden = false;
  frame.src = result.report_url;
}
