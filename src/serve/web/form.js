// The issue as forms: the issue header, sections in order, collapsible article cards.
// The form edits ctx.doc in place and tells ctx.edited(now) after each change; structural
// changes (add, move, delete) re-render the form, keeping the focus where it was.

import { h, t, clear, randomId } from './dom.js';

const DRAG_TYPE = 'application/x-desk-article';
const BLOCK_KINDS = ['subheading', 'byline', 'figure', 'table'];

/** Creates the form in `root`. `ctx`: { doc(), edited(now), openPaste(sectionKey), dropDocx(sectionKey, files), locate(articleKey) }. */
/** The article keyed `key` in `doc`: `{ s, a, article, section }`, or null. */
export function findArticleIn(doc, key) {
  const sections = doc ? doc.sections : [];
  for (let s = 0; s < sections.length; s++) {
    const a = sections[s].articles.findIndex((art) => art.key === key);
    if (a >= 0) return { s, a, article: sections[s].articles[a], section: sections[s] };
  }
  return null;
}

export function createForm(root, ctx) {
  const expanded = new Set(); // article keys whose card is open
  const collapsedSections = new Set();
  let diagnostics = [];
  let placement = { articles: new Map(), sections: new Map() };

  // ---- model helpers -------------------------------------------------------------------

  const doc = () => ctx.doc();
  const findArticle = (key) => findArticleIn(doc(), key);
  const sectionIndex = (key) => doc().sections.findIndex((sec) => sec.key === key);

  function newArticle(fields) {
    const d = doc();
    return {
      key: randomId('c-'),
      title: '',
      listed: false,
      paragraphs: [''],
      attribution: { source: null, compiler: (d.publication && d.publication.compiler) || '', date: d.date || '' },
      ...fields,
    };
  }

  // ---- structure changes -----------------------------------------------------------------

  function moveArticle(key, toSection, toIndex) {
    const from = findArticle(key);
    if (!from) return;
    const sections = doc().sections;
    sections[from.s].articles.splice(from.a, 1);
    const target = sections[toSection].articles;
    target.splice(Math.max(0, Math.min(toIndex, target.length)), 0, from.article);
    structural(true);
  }

  function moveArticleBy(key, delta) {
    const at = findArticle(key);
    const sections = doc().sections;
    if (delta < 0) {
      if (at.a > 0) moveArticle(key, at.s, at.a - 1);
      else if (at.s > 0) moveArticle(key, at.s - 1, sections[at.s - 1].articles.length);
    } else if (at.a < at.section.articles.length - 1) moveArticle(key, at.s, at.a + 1);
    else if (at.s < sections.length - 1) moveArticle(key, at.s + 1, 0);
    const button = document.getElementById(`btn-${key}-${delta < 0 ? 'up' : 'down'}`);
    if (button && !button.disabled) button.focus();
    else document.getElementById(`toggle-${key}`)?.focus();
    const now = findArticle(key);
    announce(t('announce-moved', { section: now.section.name || t('section-unnamed'), position: now.a + 1 }));
  }

  function moveSectionBy(key, delta) {
    const sections = doc().sections;
    const i = sectionIndex(key);
    const j = i + delta;
    if (j < 0 || j >= sections.length) return;
    [sections[i], sections[j]] = [sections[j], sections[i]];
    structural(true);
    document.getElementById(`btn-${key}-${delta < 0 ? 'up' : 'down'}`)?.focus();
  }

  function addArticle(sectionKey, fields) {
    const section = doc().sections[sectionIndex(sectionKey)];
    const article = newArticle(fields);
    section.articles.push(article);
    expanded.add(article.key);
    collapsedSections.delete(sectionKey);
    structural(true);
    document.getElementById(`f-${article.key}-title`)?.focus();
    return article;
  }

  function deleteArticle(key) {
    const at = findArticle(key);
    const title = at.article.title || t('article-untitled');
    if (!window.confirm(t('confirm-delete-article', { title }))) return;
    at.section.articles.splice(at.a, 1);
    expanded.delete(key);
    structural(true);
    announce(t('announce-deleted', { title }));
  }

  function addSection() {
    const section = { key: randomId('c-'), name: '', articles: [] };
    doc().sections.push(section);
    structural(true);
    document.getElementById(`f-${section.key}-name`)?.focus();
  }

  function deleteSection(key) {
    const i = sectionIndex(key);
    if (doc().sections[i].articles.length > 0) return;
    doc().sections.splice(i, 1);
    structural(true);
  }

  function structural(now) {
    render();
    ctx.edited(now);
  }

  // ---- rendering -------------------------------------------------------------------------

  let liveRegion = null;
  function announce(text) {
    if (liveRegion) liveRegion.textContent = text;
  }

  /** Rebuilds the whole form from the document, keeping focus, selection and scroll. */
  function render() {
    const active = document.activeElement;
    const activeId = active && root.contains(active) ? active.id : null;
    const selection = activeId && 'selectionStart' in active && active.type !== 'checkbox' && active.type !== 'date' && active.type !== 'number'
      ? [active.selectionStart, active.selectionEnd] : null;
    const pane = root.closest('.form-pane');
    const scroll = pane ? pane.scrollTop : 0;

    clear(root);
    const d = doc();
    liveRegion = h('div', { class: 'visually-hidden', 'aria-live': 'polite' });
    root.appendChild(liveRegion);
    root.appendChild(renderHeader(d));
    const list = h('div', { class: 'sections' });
    d.sections.forEach((section, s) => list.appendChild(renderSection(section, s, d.sections.length)));
    root.appendChild(list);
    root.appendChild(h('p', { class: 'form-end' },
      h('button', { type: 'button', id: 'btn-add-section', text: t('section-add'), on: { click: addSection } })));

    applyDiagnostics();
    applyPlacement();
    if (ctx.rendered) ctx.rendered();
    if (pane) pane.scrollTop = scroll;
    if (activeId) {
      const el = document.getElementById(activeId);
      if (el) {
        el.focus({ preventScroll: true });
        if (selection) try { el.setSelectionRange(...selection); } catch { /* not a text field */ }
      }
    }
  }

  function field(id, labelKey, input, extra) {
    input.id = id;
    input.setAttribute('aria-describedby', `${id}-problems`);
    return h('div', { class: 'field', dataset: { field: id } },
      h('label', { for: id, text: t(labelKey) }),
      input,
      extra,
      h('div', { class: 'field-problems', id: `${id}-problems` }),
    );
  }

  function textInput(value, onInput, attrs = {}) {
    return h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs, props: { value: value ?? '' }, on: { input: (e) => onInput(e.target.value) } });
  }

  function renderHeader(d) {
    const intOrNull = (v) => (v.trim() === '' || !Number.isFinite(Number(v)) ? null : Math.trunc(Number(v)));
    const set = (name, now) => (value) => { d[name] = value; ctx.edited(now); };
    const number = (id, name, label) => field(id, label,
      h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric', props: { value: d[name] ?? '' },
        on: { input: (e) => set(name, false)(intOrNull(e.target.value)) } }));
    const issueLevel = h('div', { class: 'field-problems issue-problems', id: 'issue-problems' });
    return h('section', { class: 'issue-card', id: 'issue-card', 'aria-labelledby': 'issue-card-heading' },
      h('h2', { id: 'issue-card-heading', text: t('issue-heading') }),
      h('p', { class: 'publication', text: d.publication ? `${d.publication.title} · ${d.publication.publisher}` : '' }),
      h('div', { class: 'issue-fields' },
        number('f-year', 'year', 'field-year'),
        number('f-number', 'number', 'field-number'),
        number('f-running', 'running_number', 'field-running-number'),
        field('f-date', 'field-date', h('input', { type: 'date', props: { value: d.date || '' },
          on: { input: (e) => set('date', false)(e.target.value) } })),
      ),
      issueLevel,
    );
  }

  function renderSection(section, s, count) {
    const key = section.key;
    const collapsed = collapsedSections.has(key);
    const nameId = `f-${key}-name`;
    const head = h('div', { class: 'section-head' },
      h('button', { type: 'button', class: 'icon disclosure', id: `toggle-${key}`, 'aria-expanded': String(!collapsed),
        'aria-controls': `body-${key}`, 'aria-label': t(collapsed ? 'section-expand' : 'section-collapse'),
        text: collapsed ? '▸' : '▾',
        on: { click: () => { collapsed ? collapsedSections.delete(key) : collapsedSections.add(key); render(); } } }),
      h('h2', { class: 'section-title', id: `heading-${key}` },
        h('span', { class: 'section-number', text: t('section-number', { n: s + 1 }) })),
      field(nameId, 'field-section-name', textInput(section.name, (v) => {
        section.name = v;
        ctx.edited(false);
      }, { class: 'section-name' })),
      h('span', { class: 'section-meta', id: `meta-${key}` }),
      h('span', { class: 'toolbar' },
        h('button', { type: 'button', class: 'icon', id: `btn-${key}-up`, disabled: s === 0, 'aria-label': t('section-move-up'), title: t('section-move-up'), text: '↑', on: { click: () => moveSectionBy(key, -1) } }),
        h('button', { type: 'button', class: 'icon', id: `btn-${key}-down`, disabled: s === count - 1, 'aria-label': t('section-move-down'), title: t('section-move-down'), text: '↓', on: { click: () => moveSectionBy(key, 1) } }),
        h('button', { type: 'button', class: 'icon danger', id: `btn-${key}-delete`, disabled: section.articles.length > 0,
          'aria-label': t('section-delete'), title: t(section.articles.length > 0 ? 'section-delete-not-empty' : 'section-delete'), text: '×',
          on: { click: () => deleteSection(key) } }),
      ),
    );
    const body = h('div', { class: 'section-body', id: `body-${key}`, hidden: collapsed });
    const list = h('ol', { class: 'articles', 'aria-labelledby': `heading-${key}` });
    section.articles.forEach((article, a) => list.appendChild(renderArticle(article, s, a)));
    body.appendChild(list);
    body.appendChild(h('div', { class: 'section-actions' },
      h('button', { type: 'button', id: `btn-${key}-add`, text: t('article-add'), on: { click: () => addArticle(key) } }),
      h('button', { type: 'button', id: `btn-${key}-paste`, text: t('article-paste'), on: { click: () => ctx.openPaste(key) } }),
      h('span', { class: 'drop-hint', text: t('docx-drop-hint') }),
    ));
    const el = h('section', { class: 'section-card', id: `section-${key}`, dataset: { key }, 'aria-labelledby': `heading-${key}` },
      head, h('div', { class: 'card-problems', id: `problems-${key}` }), body);
    wireSectionDrop(el, list, s, key);
    return el;
  }

  function renderArticle(article, s, a) {
    const key = article.key;
    const open = expanded.has(key);
    const sections = doc().sections;
    const moveSelect = h('select', { id: `move-${key}`, 'aria-label': t('article-move-to'), on: { change: (e) => {
      const to = sectionIndex(e.target.value);
      if (to >= 0) moveArticle(key, to, sections[to].articles.length);
      document.getElementById(`toggle-${key}`)?.focus();
    } } },
      h('option', { value: '', text: t('article-move-to') }),
      sections.map((sec, i) => i === s ? null : h('option', { value: sec.key, text: sec.name || t('section-unnamed') })),
    );
    const isFirst = s === 0 && a === 0;
    const isLast = s === sections.length - 1 && a === sections[s].articles.length - 1;
    const header = h('div', { class: 'article-head', draggable: 'true', dataset: { key } },
      h('span', { class: 'drag-handle', 'aria-hidden': 'true', title: t('article-drag'), text: '⠿' }),
      h('button', { type: 'button', class: 'article-toggle', id: `toggle-${key}`, 'aria-expanded': String(open), 'aria-controls': `article-body-${key}`,
        on: { click: () => toggleArticle(key) } },
        h('span', { class: 'article-index', text: `${a + 1}.` }),
        h('span', { class: 'article-title-preview', id: `preview-${key}`, text: article.title || t('article-untitled') }),
        article.listed && h('span', { class: 'badge', text: t('badge-listed') }),
      ),
      h('span', { class: 'article-pages', id: `pages-${key}` }),
      h('span', { class: 'problem-badge', id: `badge-${key}`, hidden: true }),
      h('span', { class: 'toolbar' },
        h('button', { type: 'button', class: 'icon', id: `btn-${key}-up`, disabled: isFirst, 'aria-label': t('article-move-up'), title: t('article-move-up'), text: '↑', on: { click: () => moveArticleBy(key, -1) } }),
        h('button', { type: 'button', class: 'icon', id: `btn-${key}-down`, disabled: isLast, 'aria-label': t('article-move-down'), title: t('article-move-down'), text: '↓', on: { click: () => moveArticleBy(key, 1) } }),
        sections.length > 1 && moveSelect,
        h('button', { type: 'button', class: 'icon', id: `btn-${key}-locate`, 'aria-label': t('article-locate'), title: t('article-locate'), text: '◎', on: { click: () => ctx.locate(key) } }),
        h('button', { type: 'button', class: 'icon danger', id: `btn-${key}-delete`, 'aria-label': t('article-delete'), title: t('article-delete'), text: '×', on: { click: () => deleteArticle(key) } }),
      ),
    );
    const card = h('li', { class: `article-card${open ? ' open' : ''}`, id: `article-${key}`, dataset: { key } },
      header,
      h('div', { class: 'card-problems', id: `problems-${key}` }),
      open && renderArticleBody(article),
    );
    wireArticleDrag(card, header, key);
    return card;
  }

  function toggleArticle(key) {
    expanded.has(key) ? expanded.delete(key) : expanded.add(key);
    render();
  }

  function renderArticleBody(article) {
    const key = article.key;
    const attribution = article.attribution;
    const titleInput = textInput(article.title, (v) => {
      article.title = v;
      const preview = document.getElementById(`preview-${key}`);
      if (preview) preview.textContent = v || t('article-untitled');
      ctx.edited(false);
    }, { class: 'title-input' });
    titleInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        document.getElementById(`f-${key}-p0`)?.focus();
      }
    });
    const listed = h('input', { type: 'checkbox', props: { checked: !!article.listed }, on: { change: (e) => {
      article.listed = e.target.checked;
      structural(true);
    } } });
    listed.id = `f-${key}-listed`;
    const paragraphs = h('div', { class: 'paragraphs', id: `paragraphs-${key}` });
    renderParagraphs(article, paragraphs);
    return h('div', { class: 'article-body', id: `article-body-${key}` },
      field(`f-${key}-title`, 'field-title', titleInput),
      h('div', { class: 'field field-check', dataset: { field: `f-${key}-listed` } },
        listed, h('label', { for: listed.id, text: t('field-listed') }),
        h('div', { class: 'field-problems', id: `f-${key}-listed-problems` })),
      h('fieldset', { class: 'paragraphs-set' },
        h('legend', { text: t('field-paragraphs') }),
        h('p', { class: 'help', id: `help-${key}-paragraphs`, text: t('paragraphs-help') }),
        paragraphs,
        h('div', { class: 'field-problems', id: `f-${key}-paragraphs-problems` }),
      ),
      h('fieldset', { class: 'attribution' },
        h('legend', { text: t('field-attribution') }),
        field(`f-${key}-source`, 'field-source', textInput(attribution.source, (v) => { attribution.source = v === '' ? null : v; ctx.edited(false); }, { placeholder: t('field-source-placeholder') })),
        field(`f-${key}-compiler`, 'field-compiler', textInput(attribution.compiler, (v) => { attribution.compiler = v; ctx.edited(false); })),
        field(`f-${key}-adate`, 'field-attribution-date', h('input', { type: 'date', props: { value: attribution.date || '' },
          on: { input: (e) => { attribution.date = e.target.value; ctx.edited(false); } } })),
      ),
    );
  }

  /** One growing text box per paragraph; Enter splits, Backspace at the start joins. */
  function renderParagraphs(article, container) {
    clear(container);
    const key = article.key;
    const rerender = (focusIndex, caret) => {
      renderParagraphs(article, container);
      applyDiagnostics();
      const el = document.getElementById(`f-${key}-p${focusIndex}`);
      if (el) {
        el.focus();
        if (caret !== undefined && el.setSelectionRange) el.setSelectionRange(caret, caret);
      }
      ctx.edited(true);
    };
    article.paragraphs.forEach((paragraph, i) => {
      const id = `f-${key}-p${i}`;
      if (typeof paragraph !== 'string') {
        container.appendChild(renderBlock(paragraph, id, i));
        return;
      }
      const area = h('textarea', { id, rows: '2', class: 'paragraph', 'aria-label': t('paragraph-label', { n: i + 1 }),
        'aria-describedby': `${id}-problems help-${key}-paragraphs`, props: { value: paragraph } });
      autoGrow(area);
      area.addEventListener('input', () => {
        article.paragraphs[i] = area.value;
        autoGrow(area);
        ctx.edited(false);
      });
      area.addEventListener('keydown', (e) => {
        if (e.isComposing || e.keyCode === 229) return; // the input method is choosing characters
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          const at = area.selectionStart;
          const text = area.value;
          article.paragraphs.splice(i, 1, text.slice(0, at).trimEnd(), text.slice(area.selectionEnd).trimStart());
          rerender(i + 1, 0);
        } else if (e.key === 'Backspace' && area.selectionStart === 0 && area.selectionEnd === 0 && i > 0
          && typeof article.paragraphs[i - 1] === 'string') {
          e.preventDefault();
          const previous = article.paragraphs[i - 1];
          article.paragraphs.splice(i - 1, 2, previous + area.value);
          rerender(i - 1, previous.length);
        }
      });
      area.addEventListener('paste', (e) => {
        const text = e.clipboardData && e.clipboardData.getData('text/plain');
        if (!text || !/\n/.test(text.trim())) return;
        e.preventDefault();
        const pieces = text.split(/\r?\n/).map((p) => p.trim()).filter((p) => p !== '');
        const before = area.value.slice(0, area.selectionStart);
        const after = area.value.slice(area.selectionEnd);
        pieces[0] = before + pieces[0];
        const last = pieces.length - 1;
        const caret = pieces[last].length;
        pieces[last] += after;
        article.paragraphs.splice(i, 1, ...pieces);
        rerender(i + last, caret);
      });
      const remove = h('button', { type: 'button', class: 'icon quiet paragraph-remove', 'aria-label': t('paragraph-delete', { n: i + 1 }),
        title: t('paragraph-delete', { n: i + 1 }), text: '×', on: { click: () => {
          article.paragraphs.splice(i, 1);
          rerender(Math.max(0, i - 1));
        } } });
      container.appendChild(h('div', { class: 'paragraph-row field', dataset: { field: id } },
        h('span', { class: 'paragraph-number', 'aria-hidden': 'true', text: String(i + 1) }),
        area, remove,
        h('div', { class: 'field-problems', id: `${id}-problems` })));
    });
    container.appendChild(h('button', { type: 'button', class: 'quiet', id: `btn-${key}-add-paragraph`, text: t('paragraph-add'), on: { click: () => {
      article.paragraphs.push('');
      rerender(article.paragraphs.length - 1);
    } } }));
  }

  /** A paragraph that is not plain text (subheading, byline, figure, table): shown, not edited yet. */
  function renderBlock(block, id, i) {
    const kind = BLOCK_KINDS.find((k) => k in block) || 'unknown';
    const value = block[kind];
    let content;
    if (kind === 'subheading' || kind === 'byline') content = h('p', { text: String(value) });
    else if (kind === 'figure') {
      content = h('p', null, h('code', { text: value.src || '' }), value.caption ? ` · ${value.caption}` : '', value.credit ? ` · ${value.credit}` : '');
    } else if (kind === 'table') {
      const rows = (value.rows || []).slice(0, 4);
      content = h('table', { class: 'block-table' }, rows.map((row) => h('tr', null, row.map((cell) => h('td', { text: String(cell) })))));
      if (value.caption) content = h('div', null, h('p', { text: value.caption }), content);
    } else content = h('p', { text: JSON.stringify(block) });
    return h('div', { class: `paragraph-row block block-${kind} field`, id, tabindex: '0', dataset: { field: id },
      'aria-describedby': `${id}-problems` },
      h('span', { class: 'paragraph-number', 'aria-hidden': 'true', text: String(i + 1) }),
      h('div', { class: 'block-content' }, h('span', { class: 'block-kind', text: t(`block-${kind}`) }), content,
        h('span', { class: 'help', text: t('block-read-only') })),
      h('div', { class: 'field-problems', id: `${id}-problems` }));
  }

  // ---- drag and drop ---------------------------------------------------------------------

  function wireArticleDrag(card, header, key) {
    header.addEventListener('dragstart', (e) => {
      e.dataTransfer.setData(DRAG_TYPE, key);
      e.dataTransfer.effectAllowed = 'move';
      card.classList.add('dragging');
    });
    header.addEventListener('dragend', () => card.classList.remove('dragging'));
    card.addEventListener('dragover', (e) => {
      if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
      e.preventDefault();
      e.stopPropagation();
      const box = card.getBoundingClientRect();
      const after = e.clientY > box.top + box.height / 2;
      card.classList.toggle('drop-before', !after);
      card.classList.toggle('drop-after', after);
    });
    card.addEventListener('dragleave', () => card.classList.remove('drop-before', 'drop-after'));
    card.addEventListener('drop', (e) => {
      const dragged = e.dataTransfer.getData(DRAG_TYPE);
      if (!dragged) return;
      e.preventDefault();
      e.stopPropagation();
      const after = card.classList.contains('drop-after');
      card.classList.remove('drop-before', 'drop-after');
      if (dragged === key) return;
      const from = findArticle(dragged);
      const to = findArticle(key);
      let index = to.a + (after ? 1 : 0);
      if (from.s === to.s && from.a < index) index -= 1;
      moveArticle(dragged, to.s, index);
    });
  }

  function wireSectionDrop(sectionEl, list, s, key) {
    sectionEl.addEventListener('dragover', (e) => {
      const types = e.dataTransfer.types;
      if (types.includes('Files') || types.includes(DRAG_TYPE)) {
        e.preventDefault();
        sectionEl.classList.add(types.includes('Files') ? 'drop-files' : 'drop-into');
      }
    });
    sectionEl.addEventListener('dragleave', (e) => {
      if (!sectionEl.contains(e.relatedTarget)) sectionEl.classList.remove('drop-files', 'drop-into');
    });
    sectionEl.addEventListener('drop', (e) => {
      sectionEl.classList.remove('drop-files', 'drop-into');
      const dragged = e.dataTransfer.getData(DRAG_TYPE);
      if (dragged) {
        e.preventDefault();
        moveArticle(dragged, sectionIndex(key), doc().sections[sectionIndex(key)].articles.length);
        return;
      }
      if (e.dataTransfer.files && e.dataTransfer.files.length) {
        e.preventDefault();
        ctx.dropDocx(key, Array.from(e.dataTransfer.files));
      }
    });
  }

  // ---- diagnostics and placement --------------------------------------------------------

  /** The id of the field a diagnostic location names, and the card it belongs to. */
  function target(location) {
    const d = doc();
    if (!location) return { field: null, holder: 'issue-problems', key: null };
    const { section: s, article: a, paragraph: p, field: f } = location;
    if (s === null || s === undefined) {
      const ids = { year: 'f-year', number: 'f-number', running_number: 'f-running', date: 'f-date' };
      return { field: ids[f] || null, holder: 'issue-problems', key: null };
    }
    const section = d.sections[s];
    if (!section) return { field: null, holder: 'issue-problems', key: null };
    if (a === null || a === undefined) {
      return { field: f === 'name' ? `f-${section.key}-name` : null, holder: `problems-${section.key}`, key: section.key };
    }
    const article = section.articles[a];
    if (!article) return { field: null, holder: `problems-${section.key}`, key: section.key };
    const k = article.key;
    const ids = {
      title: `f-${k}-title`, listed: `f-${k}-listed`,
      paragraphs: p !== null && p !== undefined ? `f-${k}-p${p}` : `f-${k}-paragraphs`,
      'attribution.source': `f-${k}-source`, 'attribution.compiler': `f-${k}-compiler`, 'attribution.date': `f-${k}-adate`,
    };
    return { field: ids[f] || null, holder: `problems-${k}`, key: k, article: true };
  }

  function problemNode(diagnostic) {
    return h('div', { class: `problem problem-${diagnostic.severity}`, role: diagnostic.severity === 'error' ? 'alert' : null, dataset: { code: diagnostic.code || '' } },
      h('span', { class: 'problem-icon', 'aria-hidden': 'true', text: diagnostic.severity === 'error' ? '●' : '▲' }),
      h('span', { class: 'visually-hidden', text: t(diagnostic.severity === 'error' ? 'severity-error' : 'severity-warning') }),
      h('span', { class: 'problem-message', text: diagnostic.message }),
      (diagnostic.hints || []).map((hint) => h('span', { class: 'problem-hint', text: hint })));
  }

  /** Shows every diagnostic beside its field (or its card, or the issue header). */
  function applyDiagnostics() {
    for (const el of root.querySelectorAll('.field-problems, .card-problems')) clear(el);
    for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const el of root.querySelectorAll('.problem-badge')) { el.hidden = true; el.textContent = ''; }
    const perCard = new Map();
    for (const diagnostic of diagnostics) {
      const where = target(diagnostic.location);
      if (where.key) {
        const count = perCard.get(where.key) || { errors: 0, warnings: 0 };
        count[diagnostic.severity === 'error' ? 'errors' : 'warnings'] += 1;
        perCard.set(where.key, count);
      }
      const holder = where.field && document.getElementById(`${where.field}-problems`);
      if (holder) {
        holder.appendChild(problemNode(diagnostic));
        const input = document.getElementById(where.field);
        if (input && diagnostic.severity === 'error') input.setAttribute('aria-invalid', 'true');
      } else {
        const card = document.getElementById(where.holder) || document.getElementById('issue-problems');
        if (card) card.appendChild(problemNode(diagnostic));
      }
    }
    for (const [key, count] of perCard) {
      const badge = document.getElementById(`badge-${key}`);
      if (!badge) continue;
      badge.hidden = false;
      badge.textContent = t('badge-problems', { count: count.errors + count.warnings });
      badge.classList.toggle('has-errors', count.errors > 0);
    }
  }

  function pageRange(first, last) {
    return first === last ? t('pages-one', { page: first }) : t('pages-range', { first, last });
  }

  function applyPlacement() {
    for (const [key, place] of placement.articles) {
      const el = document.getElementById(`pages-${key}`);
      if (el) el.textContent = pageRange(place.first_page, place.last_page);
    }
    for (const [key, place] of placement.sections) {
      const el = document.getElementById(`meta-${key}`);
      const section = doc().sections[sectionIndex(key)];
      if (el && section) {
        el.textContent = `${t('section-article-count', { count: section.articles.length })} · ${pageRange(place.first_page, place.last_page)}`;
      }
    }
  }

  return {
    render,
    addArticle,
    /** Shows diagnostics (§6 of the API) beside their fields. */
    setDiagnostics(list) {
      diagnostics = list || [];
      applyDiagnostics();
    },
    /** Shows where each article and section stands, from a `rebuilt` status. */
    setPlacement(status) {
      const d = doc();
      const articles = new Map();
      const sections = new Map();
      for (const place of status.articles || []) {
        const key = place.key || d.sections[place.section]?.articles[place.article]?.key;
        if (key) articles.set(key, place);
      }
      for (const place of status.sections || []) {
        const key = place.key || d.sections[place.section]?.key;
        if (key) sections.set(key, place);
      }
      placement = { articles, sections };
      applyPlacement();
    },
    /** Opens the card of `key` and focuses `fieldId` (or the title), scrolling it into view. */
    reveal(key, fieldId) {
      const at = findArticle(key);
      if (!at) return;
      collapsedSections.delete(at.section.key);
      if (!expanded.has(key)) {
        expanded.add(key);
        render();
      }
      const el = document.getElementById(fieldId || `f-${key}-title`) || document.getElementById(`toggle-${key}`);
      if (el) {
        el.scrollIntoView({ block: 'center' });
        el.focus({ preventScroll: true });
      }
    },
    /** Focuses the field a diagnostic location names, opening what must be opened. */
    focusLocation(location) {
      const where = target(location);
      if (where.article) {
        const exists = (id) => id && document.getElementById(id) ? id : null;
        this.reveal(where.key, null);
        const id = exists(where.field) || (where.field && where.field.endsWith('-paragraphs') ? `f-${where.key}-p0` : null);
        const el = (id && document.getElementById(id)) || document.getElementById(`toggle-${where.key}`);
        if (el) { el.scrollIntoView({ block: 'center' }); el.focus({ preventScroll: true }); }
        return;
      }
      if (where.key && collapsedSections.delete(where.key)) render();
      const el = (where.field && document.getElementById(where.field)) || document.getElementById(where.holder) || document.getElementById('issue-card');
      if (el) {
        if (!el.matches('input, textarea, select, button, [tabindex]')) el.setAttribute('tabindex', '-1');
        el.scrollIntoView({ block: 'center' });
        el.focus({ preventScroll: true });
      }
    },
    /** The key of the article the focus is in, if any. */
    focusedArticle() {
      const card = document.activeElement && document.activeElement.closest && document.activeElement.closest('.article-card');
      return card ? card.dataset.key : null;
    },
    expandAll(open) {
      for (const section of doc().sections) for (const article of section.articles) open ? expanded.add(article.key) : expanded.delete(article.key);
      render();
    },
  };
}

function autoGrow(area) {
  if (CSS.supports && CSS.supports('field-sizing', 'content')) return;
  area.style.height = 'auto';
  area.style.height = `${area.scrollHeight + 2}px`;
}
