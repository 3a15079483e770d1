// The pages beside the form: one image per page, replaced only when its fingerprint changes;
// a clickable box over each article title; zoom; and the copyfit bar.

import { h, t, clear } from './dom.js';
import { pageUrl } from './api.js';

const ZOOMS = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2];
const A4_WIDTH_IN = 8.2677;

/**
 * Creates the page column in `list`. `ctx`: { issueId(), ppiSteps, openArticle(key),
 * imageShown(revision, page), articleTitle(key) }.
 */
export function createPages(list, ctx) {
  const figures = new Map(); // page number → { figure, img, overlay, fingerprint }
  const visible = new Set();
  let zoom = null; // null: fit the column's width
  let status = null;

  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const n = Number(entry.target.dataset.page);
      if (entry.isIntersecting) visible.add(n);
      else visible.delete(n);
    }
  }, { root: list, rootMargin: '200px 0px' });

  function cssWidth() {
    const available = Math.max(200, list.clientWidth - 32);
    return zoom === null ? available : Math.round(595.28 * zoom);
  }

  function ppi() {
    const needed = (cssWidth() * (window.devicePixelRatio || 1)) / A4_WIDTH_IN;
    const steps = ctx.ppiSteps();
    return steps.find((p) => p >= needed) || steps[steps.length - 1];
  }

  function figureFor(n, page) {
    let entry = figures.get(n);
    if (entry) return entry;
    const img = h('img', { alt: t('page-alt', { n }), decoding: 'async', loading: 'lazy', draggable: 'false' });
    const overlay = h('div', { class: 'page-overlay' });
    const frame = h('div', { class: 'page-frame' }, img, overlay);
    const figure = h('figure', { class: 'page', id: `page-${n}`, dataset: { page: String(n) } },
      frame, h('figcaption', { text: t('page-caption', { n }) }));
    entry = { figure, frame, img, overlay, fingerprint: null, shownRevision: null };
    img.addEventListener('load', () => {
      figure.classList.remove('loading');
      if (img.dataset.revision) ctx.imageShown(img.dataset.revision, n);
    });
    img.addEventListener('error', () => figure.classList.remove('loading'));
    figures.set(n, entry);
    observer.observe(figure);
    sizeFigure(entry, page);
    return entry;
  }

  function sizeFigure(entry, page) {
    const width = cssWidth();
    const ratio = page && page.width ? page.height / page.width : 841.89 / 595.28;
    entry.frame.style.width = `${width}px`;
    entry.frame.style.height = `${Math.round(width * ratio)}px`;
  }

  /** Points page `n`'s image at `fp`; visible pages swap only once the new image is decoded. */
  function setImage(entry, n, fp, revision) {
    const url = pageUrl(ctx.issueId(), n, fp, ppi());
    entry.fingerprint = fp;
    if (entry.img.getAttribute('src') === url) return;
    if (visible.has(n) && entry.img.getAttribute('src')) {
      const next = new Image();
      next.src = url;
      next.decode().then(() => {
        if (entry.fingerprint !== fp) return; // a newer build replaced it meanwhile
        entry.img.dataset.revision = revision;
        entry.img.src = url;
      }, () => {});
    } else {
      entry.figure.classList.add('loading');
      entry.img.dataset.revision = revision;
      entry.img.src = url;
    }
  }

  function renderOverlays() {
    for (const entry of figures.values()) clear(entry.overlay);
    if (!status) return;
    for (const place of status.articles || []) {
      const rect = place.title_rect;
      if (!rect) continue;
      const entry = figures.get(rect.page);
      if (!entry) continue;
      const key = place.key || null;
      const title = ctx.articleTitle(place) || '';
      const box = h('button', { type: 'button', class: 'title-box', dataset: { key: key || '', section: place.section, article: place.article },
        'aria-label': t('page-title-link', { title }), title: t('page-title-link', { title }),
        on: { click: () => ctx.openArticle(place) } });
      box.style.left = `${rect.x * 100}%`;
      box.style.top = `${rect.y * 100}%`;
      box.style.width = `${rect.w * 100}%`;
      box.style.height = `${rect.h * 100}%`;
      entry.overlay.appendChild(box);
    }
  }

  function scrollToPage(n, smooth = true) {
    const entry = figures.get(n);
    if (entry) list.scrollTo({ top: entry.figure.offsetTop - 8, behavior: smooth ? 'smooth' : 'auto' });
  }

  function placeOf(predicate) {
    return status && (status.articles || []).find(predicate);
  }

  return {
    /** Shows the pages of a `rebuilt` status; only pages whose fingerprint changed get a new URL. */
    update(next) {
      status = next;
      const pages = next.pages || [];
      for (const page of pages) {
        const entry = figureFor(page.number, page);
        if (entry.fingerprint !== page.fingerprint) setImage(entry, page.number, page.fingerprint, next.revision);
      }
      // Pages after the last are gone: remove their figures.
      for (const [n, entry] of figures) {
        if (n > pages.length) {
          observer.unobserve(entry.figure);
          entry.figure.remove();
          figures.delete(n);
        }
      }
      const ordered = [...figures.keys()].sort((a, b) => a - b);
      ordered.forEach((n, i) => {
        const el = figures.get(n).figure;
        if (list.children[i] !== el) list.insertBefore(el, list.children[i] || null);
      });
      list.classList.toggle('stale', next.typeset === false);
      renderOverlays();
    },
    /** The fingerprints of pages changed by the newest status that are on screen (for the latency measure). */
    visibleChanged(changed) {
      return (changed || []).filter((n) => visible.has(n));
    },
    /** Scrolls to where an article's title stands and makes its box flash. */
    locate(match, smooth = true) {
      const place = placeOf(match);
      if (!place || !place.title_rect) return false;
      scrollToPage(place.title_rect.page, smooth);
      for (const box of list.querySelectorAll('.title-box.flash')) box.classList.remove('flash');
      const entry = figures.get(place.title_rect.page);
      const box = entry && [...entry.overlay.children].find((b) => Number(b.dataset.section) === place.section && Number(b.dataset.article) === place.article);
      if (box) {
        void box.offsetWidth;
        box.classList.add('flash');
      }
      return true;
    },
    /** Scrolls to the article unless one of its pages is already on screen. */
    follow(match) {
      const place = placeOf(match);
      if (!place) return;
      for (let p = place.first_page; p <= place.last_page; p++) if (visible.has(p)) return;
      this.locate(match, false);
    },
    scrollToPage,
    zoomBy(step) {
      const current = zoom === null ? cssWidth() / 595.28 : zoom;
      let i = ZOOMS.findIndex((z) => z >= current - 0.01);
      if (i < 0) i = ZOOMS.length - 1;
      if (step > 0) i = ZOOMS[i] > current + 0.01 ? i : Math.min(ZOOMS.length - 1, i + 1);
      else i = Math.max(0, ZOOMS[i] < current - 0.01 ? i : i - 1);
      zoom = ZOOMS[i];
      this.resize();
      return zoom;
    },
    zoomLabel() {
      return zoom === null ? t('zoom-fit') : `${Math.round(zoom * 100)}%`;
    },
    /** Lays the pages out again for a new width (zoom, window size) and asks for sharper images if needed. */
    resize() {
      if (!status) return;
      for (const page of status.pages || []) {
        const entry = figures.get(page.number);
        if (!entry) continue;
        sizeFigure(entry, page);
        const url = pageUrl(ctx.issueId(), page.number, page.fingerprint, ppi());
        if (entry.img.getAttribute('src') !== url) {
          entry.img.dataset.revision = '';
          entry.img.src = url;
        }
      }
    },
    reset() {
      for (const entry of figures.values()) observer.unobserve(entry.figure);
      figures.clear();
      visible.clear();
      clear(list);
      status = null;
    },
  };
}

/** Fills the copyfit bar: page count, room to the next multiple, where each article stands. */
export function renderCopyfit(els, status, doc, onPage) {
  const { summary, map, details } = els;
  clear(map);
  if (!status || !status.copyfit) {
    summary.textContent = '';
    return;
  }
  const fit = status.copyfit;
  const room = (fit.pages_to_multiple + (1 - (fit.last_page_fill ?? 1))).toFixed(1);
  const args = { pages: fit.page_count, multiple: fit.multiple, missing: fit.pages_to_multiple, room };
  if (fit.pages_to_multiple > 0) summary.textContent = t('copyfit-summary', args);
  else summary.textContent = t(Number(room) >= 0.1 ? 'copyfit-summary-exact' : 'copyfit-summary-full', args);

  const startsOn = new Map();
  const sectionOf = new Map();
  for (const place of status.articles || []) {
    const article = doc.sections[place.section]?.articles[place.article];
    const list = startsOn.get(place.first_page) || [];
    list.push(article ? article.title : '');
    startsOn.set(place.first_page, list);
    for (let p = place.first_page; p <= place.last_page; p++) if (!sectionOf.has(p)) sectionOf.set(p, place.section);
  }
  const total = fit.page_count + fit.pages_to_multiple;
  for (let n = 1; n <= total; n++) {
    const ghost = n > fit.page_count;
    const titles = startsOn.get(n) || [];
    const label = ghost ? t('copyfit-blank-page', { n }) : [t('page-caption', { n }), ...titles].join('\n');
    const cell = h('li', { class: `copyfit-page${ghost ? ' ghost' : ''}${n % fit.multiple === 0 ? ' sheet-end' : ''}${n === 1 ? ' cover' : ''}`,
      dataset: { section: sectionOf.has(n) ? String(sectionOf.get(n) % 6) : '' } },
      ghost ? h('span', { title: label, text: String(n) })
        : h('button', { type: 'button', title: label, 'aria-label': label, text: String(n), on: { click: () => onPage(n) } }));
    map.appendChild(cell);
  }

  clear(details);
  const byKey = new Map((status.articles || []).map((p) => [`${p.section}.${p.article}`, p]));
  doc.sections.forEach((section, s) => {
    const rows = section.articles.map((article, a) => {
      const place = byKey.get(`${s}.${a}`);
      const pages = place ? (place.first_page === place.last_page ? t('pages-one', { page: place.first_page }) : t('pages-range', { first: place.first_page, last: place.last_page })) : '—';
      return h('tr', null,
        h('td', { text: article.title || t('article-untitled') }),
        h('td', { class: 'num', text: pages }),
        h('td', { class: 'num', text: place && place.lines ? t('copyfit-lines', { lines: place.lines }) : '' }));
    });
    details.appendChild(h('table', { class: 'copyfit-table' },
      h('caption', { text: section.name || t('section-unnamed') }),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', text: t('copyfit-col-article') }),
        h('th', { scope: 'col', text: t('copyfit-col-pages') }),
        h('th', { scope: 'col', text: t('copyfit-col-lines') }))),
      h('tbody', null, rows)));
  });
}
