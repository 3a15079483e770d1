// DOM helpers and the UI's messages. Every text reaches the page through textContent or
// an attribute, never parsed as HTML: the text and the server's messages are data.

let messages = {};

/** Replaces the UI's messages (the JSON of GET /api/messages). */
export function setMessages(map) {
  messages = map || {};
}

/** The message `key` with `{$name}` placeholders filled from `args`; the key itself if missing. */
export function t(key, args) {
  const pattern = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
  if (!args) return pattern;
  return pattern.replace(/\{\s*\$([A-Za-z][\w-]*)\s*\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : whole,
  );
}

/**
 * Creates an element. `attrs`: attributes, except `class` (string), `text` (textContent),
 * `on` ({event: handler}), `dataset` ({name: value}), `props` (set as properties).
 * Children: nodes, strings (text nodes), null/false (skipped) or arrays of these.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') el.className = value;
      else if (name === 'text') el.textContent = value;
      else if (name === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
      else if (name === 'dataset') Object.assign(el.dataset, value);
      else if (name === 'props') Object.assign(el, value);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Removes every child of `el`. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/**
 * Fills the static markup's texts: `data-i18n="key"` sets textContent,
 * `data-i18n-attr="aria-label:key; title:key2"` sets attributes.
 */
export function applyMessages(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

/** A short random id, for this tab and for the keys of new sections and articles. */
export function randomId(prefix) {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return prefix + Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

/** Says `text` to screen readers and shows it briefly in the notice area. */
export function notify(text, kind = 'info', action = null) {
  const area = document.getElementById('notices');
  const item = h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { text }),
    action && h('button', { type: 'button', class: 'link', text: action.label, on: { click: () => { item.remove(); action.run(); } } }),
    h('button', { type: 'button', class: 'notice-close', 'aria-label': t('notice-close'), text: '×', on: { click: () => item.remove() } }),
  );
  area.appendChild(item);
  if (!action && kind !== 'error') setTimeout(() => item.remove(), 6000);
  return item;
}
