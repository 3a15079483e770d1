// The review in the desk: each article's state (草稿, 待审, 已审) and its buttons on the
// article's card, comments and proofreaders' marks on its paragraphs with their answers,
// and the review bar with the sign-off (签发). Drawn over the form after every render of
// it, from GET …/review, fetched again whenever the event stream says `review`.

import { api } from './api.js';
import { h, t, clear } from './dom.js';

/**
 * The review of the open issue. `ctx`: issueId(), revision(), flush() (saves pending
 * edits first), me() (the signed-in name, or null), stale() (the revision moved on),
 * notify(text, kind).
 */
export function createReview(ctx) {
  let review = null;
  let drafts = new Map(); // `${key}:${paragraph}` → a comment being written
  let openForm = null; // the paragraph whose comment form is open
  let drawing = false;
  let trailOpen = false;
  let asked = false; // the review asked for on a desk without accounts
  const form = document.getElementById('issue-form');
  const bar = document.getElementById('review-bar');

  const observer = new MutationObserver((mutations) => {
    if (drawing || !review) return;
    const ours = (node) => node.nodeType === 1 && node.closest && node.closest('.review-ui, .presence-badge');
    const changed = mutations.some((m) => [...m.addedNodes, ...m.removedNodes].some((n) => !ours(n) && !(n.classList && n.classList.contains('review-ui'))));
    if (changed) draw();
  });
  observer.observe(form, { childList: true, subtree: true });

  async function load() {
    if (!ctx.issueId()) return;
    try {
      review = await api.review(ctx.issueId());
    } catch {
      review = null;
    }
    draw();
  }

  function reset() {
    review = null;
    asked = false;
    drafts = new Map();
    openForm = null;
    bar.hidden = true;
  }

  async function act(request) {
    await ctx.flush();
    try {
      review = await request();
      draw();
      return true;
    } catch (err) {
      if (err.code === 'stale_revision') ctx.stale();
      ctx.notify(t('notice-review-failed', { reason: err.message }), 'error');
      return false;
    }
  }

  function articleAction(key, action) {
    return act(() => api.reviewArticle(ctx.issueId(), key, { base_revision: ctx.revision(), action }));
  }

  function draw() {
    if (!review) return;
    drawing = true;
    try {
      for (const old of form.querySelectorAll('.review-ui')) old.remove();
      // On one person's desk the review shows once it is asked for or in use.
      if (!ctx.me() && review.trail.length === 0 && !asked) {
        clear(bar);
        bar.dataset.state = 'idle';
        bar.append(h('button', { type: 'button', class: 'quiet', id: 'btn-review-start', text: t('review-start'),
          on: { click: () => { asked = true; draw(); } } }));
        bar.hidden = false;
        return;
      }
      for (const article of review.articles) drawArticle(article);
      drawBar();
    } finally {
      observer.takeRecords();
      drawing = false;
    }
  }

  function stateLabel(article) {
    return article.changed_since_approval ? t('review-changed') : t(`review-state-${article.state}`);
  }

  function drawArticle(article) {
    const card = document.getElementById(`article-${article.key}`);
    if (!card) return;
    const head = card.querySelector('.article-head');
    const toolbar = head && head.querySelector('.toolbar');
    if (!head || !toolbar) return;
    const may = review.may;
    const button = (label, action, cls) => h('button', { type: 'button', class: `quiet review-action ${cls || ''}`,
      id: `review-${action}-${article.key}`, text: t(label), on: { click: (e) => { e.stopPropagation(); articleAction(article.key, action); } } });
    head.insertBefore(h('span', { class: 'review-ui review-head' },
      h('span', { class: `review-state review-state-${article.state}${article.changed_since_approval ? ' changed' : ''}`,
        id: `review-state-${article.key}`, text: stateLabel(article),
        title: article.by ? t('review-state-by', { name: article.by || t('review-someone'), at: shortTime(article.at) }) : null }),
      article.open_comments > 0 && h('span', { class: 'review-count', text: t('review-open-comments', { n: article.open_comments }) }),
      may.submit && article.state === 'draft' && button('review-submit', 'submit'),
      may.approve && article.state !== 'approved' && button('review-approve', 'approve', 'approve'),
      may.approve && article.state !== 'draft' && button('review-return', 'return'),
    ), toolbar);
    const body = document.getElementById(`article-body-${article.key}`);
    if (body) drawComments(article, body);
  }

  function drawComments(article, body) {
    const key = article.key;
    const comments = review.comments.filter((c) => c.title === article.title && !c.gone);
    const rows = document.querySelectorAll(`#paragraphs-${CSS.escape(key)} > .paragraph-row`);
    rows.forEach((row, i) => {
      const here = comments.filter((c) => c.paragraph === i);
      const button = h('button', { type: 'button', class: 'icon quiet review-ui review-comment-btn', id: `review-comment-${key}-${i}`,
        'aria-label': t('review-comment-on', { n: i + 1 }), title: t('review-comment-on', { n: i + 1 }),
        text: '✎',
        on: { click: () => { openForm = openForm === `${key}:${i}` ? null : `${key}:${i}`; draw(); } } });
      if (here.some((c) => !c.resolved)) button.classList.add('has-open');
      row.appendChild(button);
      if (openForm === `${key}:${i}`) row.after(commentForm(key, i));
    });
    if (comments.length === 0) return;
    const list = h('ol', { class: 'review-comments' });
    for (const comment of comments) list.appendChild(drawComment(comment));
    body.insertBefore(h('section', { class: 'review-ui review-thread', id: `review-thread-${key}` },
      h('h3', { text: t('review-comments-heading') }), list), body.firstChild);
  }

  function commentForm(key, paragraph) {
    const id = `${key}:${paragraph}`;
    const area = h('textarea', { rows: '2', class: 'review-text', id: `review-text-${key}-${paragraph}`,
      'aria-label': t('review-comment-on', { n: paragraph + 1 }), placeholder: t('review-comment-placeholder'),
      props: { value: drafts.get(id) || '' }, on: { input: (e) => drafts.set(id, e.target.value) } });
    const send = async (mark) => {
      const text = area.value.trim();
      if (!text) { area.focus(); return; }
      const done = await act(() => api.reviewComment(ctx.issueId(), { article: key, paragraph, text, mark }));
      if (done) { drafts.delete(id); openForm = null; draw(); }
    };
    setTimeout(() => area.focus(), 0);
    return h('div', { class: 'review-ui review-form' }, area,
      h('div', { class: 'review-form-actions' },
        review.may.comment && h('button', { type: 'button', class: 'primary', id: `review-send-${key}-${paragraph}`, text: t('review-comment-add'), on: { click: () => send(false) } }),
        review.may.mark && h('button', { type: 'button', id: `review-mark-${key}-${paragraph}`, text: t('review-mark-add'), on: { click: () => send(true) } }),
        h('button', { type: 'button', class: 'quiet', text: t('cancel'), on: { click: () => { openForm = null; draw(); } } })));
  }

  function drawComment(comment) {
    const me = ctx.me();
    const settled = !!comment.resolved;
    const reply = h('input', { type: 'text', class: 'review-reply-text', id: `review-reply-text-${comment.id}`,
      'aria-label': t('review-reply'), placeholder: t('review-reply-placeholder') });
    const mayResolve = review.may.resolve || (me && comment.by === me);
    return h('li', { class: `review-comment${comment.mark ? ' mark' : ''}${settled ? ' settled' : ''}`, id: `review-c${comment.id}` },
      h('p', { class: 'review-comment-head' },
        h('span', { class: 'review-kind', text: t(comment.mark ? 'review-mark' : 'review-comment') }),
        h('span', { text: t('review-paragraph', { n: (comment.paragraph ?? 0) + 1 }) }),
        h('span', { class: 'review-by', text: `${comment.by || t('review-someone')} · ${shortTime(comment.at)}` }),
        comment.outdated && h('span', { class: 'review-outdated', text: t('review-outdated') })),
      h('blockquote', { class: 'review-quote', text: comment.quote.length > 80 ? `${comment.quote.slice(0, 80)}…` : comment.quote }),
      h('p', { class: 'review-text-shown', text: comment.text }),
      comment.replies.length > 0 && h('ul', { class: 'review-replies' }, comment.replies.map((r) =>
        h('li', {}, h('span', { class: 'review-by', text: `${r.by || t('review-someone')}：` }), r.text))),
      settled
        ? h('p', { class: 'review-settled', text: t('review-resolved', { name: comment.resolved.by }) })
        : h('div', { class: 'review-comment-actions' }, reply,
          h('button', { type: 'button', id: `review-reply-${comment.id}`, text: t('review-reply'), on: { click: async () => {
            if (!reply.value.trim()) { reply.focus(); return; }
            await act(() => api.reviewReply(ctx.issueId(), comment.id, reply.value));
          } } }),
          mayResolve && h('button', { type: 'button', id: `review-resolve-${comment.id}`, text: t('review-resolve'),
            on: { click: () => act(() => api.reviewResolve(ctx.issueId(), comment.id)) } })));
  }

  function drawBar() {
    clear(bar);
    bar.hidden = false;
    const s = review.sign_off;
    let line;
    let kind = s.state;
    if (s.state === 'signed') line = t('review-bar-signed', { name: s.by, at: shortTime(s.at) });
    else if (s.state === 'lapsed') line = t('review-bar-lapsed', { name: s.changed_by || t('review-someone'), signer: s.by });
    else if (review.ready) { line = t('review-bar-ready'); kind = 'ready'; }
    else line = t('review-bar-open', { unapproved: review.unapproved.length, open: review.open });
    bar.dataset.state = kind;
    bar.append(h('span', { class: 'review-bar-line', id: 'review-line', text: line }));
    if (review.may.sign_off && s.state !== 'signed') {
      bar.append(h('button', { type: 'button', class: 'primary', id: 'btn-sign-off', text: t('review-sign-off'), disabled: !review.ready,
        title: review.ready ? null : t('review-bar-open', { unapproved: review.unapproved.length, open: review.open }),
        on: { click: () => act(() => api.signOff(ctx.issueId(), ctx.revision())) } }));
    }
    if (review.may.sign_off && s.state !== 'none') {
      bar.append(h('button', { type: 'button', class: 'quiet', id: 'btn-withdraw', text: t('review-withdraw'),
        on: { click: () => act(() => api.withdrawSignOff(ctx.issueId(), ctx.revision())) } }));
    }
    if (review.trail.length > 0) bar.append(drawTrail(review.trail));
  }

  /** Who did what in the review, newest first, folded away until asked for. */
  function drawTrail(trail) {
    const details = h('details', { class: 'review-trail', id: 'review-trail', props: { open: trailOpen } ,
      on: { toggle: (e) => { trailOpen = e.target.open; } } },
      h('summary', { text: t('review-trail', { n: trail.length }) }),
      h('ol', {}, trail.map((e) => h('li', {},
        h('span', { class: 'review-by', text: `${shortTime(e.at)} ${e.by || t('review-someone')}${e.role ? `（${t(`role-${e.role}`)}）` : ''}` }),
        ' ', t(`review-act-${e.act}`, { title: e.title || '', from: e.from || '', to: e.to || '', n: (e.paragraph ?? 0) + 1, comment: e.comment || '' })))));
    return details;
  }

  return { load, reset };
}

function shortTime(at) {
  if (!at) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(at);
  return m ? `${m[2]}-${m[3]} ${m[4]}:${m[5]}` : at;
}
