// Versions and conflicts: the versions dialog (the list by time and person, what a version
// changed article by article, restoring one) and the conflicts a merged save reports, both
// texts side by side.

import { api } from './api.js';
import { h, t, clear } from './dom.js';
import { findArticleIn } from './form.js';

const WHAT = {
  details: 'what-details', section_added: 'what-section-added', section_removed: 'what-section-removed',
  section_renamed: 'what-section-renamed', added: 'what-added', removed: 'what-removed', moved: 'what-moved',
  retitled: 'what-retitled', paragraphs: 'what-paragraphs', blocks: 'what-blocks', attribution: 'what-attribution',
  listed: 'what-listed',
};

/** A change in words: 《标题》改正文、移动. */
function changeText(change) {
  const name = change.title ? `《${change.title}》` : change.section ? `【${change.section}】` : '';
  return name + change.what.map((w) => t(WHAT[w] || w)).join(t('list-separator'));
}

/** How a version came about. */
function viaText(version) {
  return t(`via-${version.via}`, { n: version.of ?? '' });
}

function when(at) {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toLocaleString();
}

/**
 * Opens the versions dialog for issue `id`. `current()` gives the revision the desk holds,
 * `client` names this tab; `restored(revision, n)` is called after a restore.
 */
export async function openVersions(dialog, id, current, client, restored, notify, showPages) {
  const list = dialog.querySelector('#versions-list');
  const detail = dialog.querySelector('#versions-detail');
  const summary = dialog.querySelector('#versions-summary');
  clear(list);
  clear(detail);
  const data = await api.versions(id);
  summary.textContent = t('versions-summary', { count: data.versions.length, size: (data.bytes / 1024).toFixed(0) });
  let selected = null;
  for (const version of data.versions) {
    const item = h('li', null,
      h('button', {
        type: 'button', class: 'version-item', dataset: { n: String(version.n) },
        on: { click: () => show(version, item) },
      },
      h('span', { class: 'version-n', text: t('version-number', { n: version.n }) }),
      h('span', { class: 'version-at', text: when(version.at) }),
      h('span', { class: 'version-by', text: version.by || t('version-by-nobody') }),
      h('span', { class: 'version-via', text: viaText(version) }),
      h('span', { class: 'version-changes', text: version.changes.map(changeText).join('；') })),
    );
    list.append(item);
  }
  async function show(version, item) {
    if (selected) selected.classList.remove('selected');
    selected = item;
    item.classList.add('selected');
    clear(detail);
    detail.append(h('p', { class: 'loading', text: t('loading') }));
    const one = await api.version(id, version.n);
    clear(detail);
    const isCurrent = version.revision === current();
    detail.append(
      h('h3', null, t('version-number', { n: version.n }), ' · ', when(version.at), ' · ', version.by || t('version-by-nobody')),
      h('p', { class: 'version-via', text: viaText(version) }),
    );
    if (!one.changes.length) detail.append(h('p', { text: t('version-no-changes') }));
    for (const change of one.changes) {
      const block = h('section', { class: 'version-change' }, h('h4', { text: changeText(change) }));
      if (change.title_before) {
        block.append(h('p', { class: 'diff-del', text: change.title_before }), h('p', { class: 'diff-ins', text: change.title }));
      }
      for (const p of change.paragraphs || []) {
        if (p.before !== null) block.append(h('p', { class: 'diff-del', text: p.before }));
        if (p.after !== null) block.append(h('p', { class: 'diff-ins', text: p.after }));
      }
      detail.append(block);
    }
    const restore = h('button', {
      type: 'button', class: 'primary', id: 'btn-restore-version', disabled: isCurrent,
      text: isCurrent ? t('version-is-current') : t('version-restore', { n: version.n }),
      on: {
        click: async () => {
          restore.disabled = true;
          try {
            const result = await api.restore(id, version.n, current(), client);
            dialog.close();
            restored(result.revision, version.n);
          } catch (err) {
            restore.disabled = false;
            notify(t('notice-restore-failed', { reason: err.message }), 'error');
          }
        },
      },
    });
    const pagesButton = h('button', {
      type: 'button', id: 'btn-version-pages', disabled: isCurrent, text: t('version-pages'),
      on: {
        click: async () => {
          pagesButton.disabled = true;
          pagesButton.setAttribute('aria-busy', 'true');
          try {
            const result = await api.compareVersion(id, version.n);
            dialog.close();
            showPages(result);
          } catch (err) {
            notify(t('notice-version-pages-failed', { reason: err.message }), 'error');
          } finally {
            pagesButton.disabled = false;
            pagesButton.removeAttribute('aria-busy');
          }
        },
      },
    });
    detail.append(h('div', { class: 'dialog-actions' }, pagesButton, restore));
  }
  dialog.showModal();
  const first = list.querySelector('button');
  if (first) first.click();
}

const FIELD = {
  year: 'field-year', number: 'field-number', running_number: 'field-running-number', date: 'field-date',
  section_name: 'field-section-name', title: 'field-title', listed: 'field-listed', paragraphs: 'field-paragraphs',
  source: 'field-source', compiler: 'field-compiler', attribution_date: 'field-attribution-date', removed: 'conflict-removed',
};

/** Puts the incoming value of `conflict` into `doc`; false when it cannot be put back. */
function useIncoming(doc, conflict) {
  const value = conflict.incoming;
  const number = (text) => (text === '' ? null : Number(text));
  switch (conflict.field) {
    case 'year': case 'number': case 'running_number': doc[conflict.field] = number(value[0]); return true;
    case 'date': doc.date = value[0]; return true;
    case 'section_name': {
      const section = doc.sections.find((s) => s.key === conflict.id);
      if (!section) return false;
      section.name = value[0];
      return true;
    }
    default: break;
  }
  const article = findArticleIn(doc, conflict.id)?.article;
  if (!article) return false;
  switch (conflict.field) {
    case 'title': article.title = value[0]; return true;
    case 'listed': article.listed = value[0] === 'listed'; return true;
    case 'paragraphs':
      // Blocks (pictures, tables) come as their TOML text: only text is put back.
      if (article.paragraphs.some((p) => typeof p !== 'string') || value.some((p) => p.startsWith('{'))) return false;
      article.paragraphs = [...value];
      return true;
    case 'source': article.attribution.source = value[0]; return true;
    case 'compiler': article.attribution.compiler = value[0]; return true;
    case 'attribution_date': article.attribution.date = value[0]; return true;
    default: return false;
  }
}

/**
 * Shows the conflicts of a merged save in `banner`: for each, both texts side by side and a
 * button that takes the editor's own text after all (`edited()` then saves it).
 */
export function showConflicts(banner, conflicts, doc, edited) {
  clear(banner);
  banner.classList.add('conflicts');
  const close = () => { banner.hidden = true; banner.classList.remove('conflicts'); };
  banner.append(h('p', { class: 'conflicts-heading', text: t('conflicts-heading', { count: conflicts.length }) }));
  for (const conflict of conflicts) {
    const where = [conflict.section && `【${conflict.section}】`, conflict.title && `《${conflict.title}》`, t(FIELD[conflict.field] || conflict.field)]
      .filter(Boolean).join(' › ');
    const side = (label, lines, cls) => h('div', { class: `conflict-side ${cls}` },
      h('h4', { text: label }),
      lines.length ? lines.map((line) => h('p', { text: line })) : h('p', { class: 'muted', text: t('conflict-none') }));
    const take = h('button', {
      type: 'button', class: 'conflict-take',
      text: t('conflict-take-mine'),
      on: {
        click: () => {
          if (useIncoming(doc(), conflict)) {
            edited();
            item.remove();
            if (!banner.querySelector('.conflict')) close();
          }
        },
      },
    });
    const item = h('div', { class: 'conflict', dataset: { field: conflict.field } },
      h('p', { class: 'conflict-where', text: where }),
      h('div', { class: 'conflict-sides' },
        side(t('conflict-current'), conflict.current, 'current'),
        side(t('conflict-mine'), conflict.incoming, 'mine')),
      conflict.field === 'removed' ? null : take);
    banner.append(item);
  }
  banner.append(h('button', { type: 'button', class: 'quiet', id: 'btn-conflicts-close', text: t('conflicts-keep'), on: { click: close } }));
  banner.hidden = false;
}
