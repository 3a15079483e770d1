// The HTTP API of docs/desk-api.md: same-origin fetch with relative URLs, and the event stream.

/** An error response of the API: `code` is what the client branches on. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || 'http_' + status;
    this.body = error;
  }
}

async function request(method, url, body, contentType) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType || 'application/json';
    init.body = contentType ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw new ApiError(0, { error: { code: 'network', message: String(err) } });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  const error = !response.ok && new ApiError(response.status, data);
  // The session ended (logged out, expired, the account removed): back to the login.
  if (error && error.code === 'unauthenticated' && !/(^|\/)login$/.test(window.location.pathname)) {
    window.location.assign('login');
  }
  if (error) throw error;
  return data;
}

const enc = encodeURIComponent;

export const api = {
  session: () => request('GET', 'api/session'),
  login: (name, password) => request('POST', 'api/login', { name, password }),
  logout: () => request('POST', 'api/logout', {}),
  messages: (lang) => request('GET', `api/messages?lang=${enc(lang)}`),
  issues: () => request('GET', 'api/issues'),
  createIssue: (id) => request('POST', 'api/issues', id ? { id } : {}),
  issue: (id) => request('GET', `api/issues/${enc(id)}`),
  status: (id) => request('GET', `api/issues/${enc(id)}/status`),
  save: (id, body) => request('PUT', `api/issues/${enc(id)}`, body),
  split: (id, body) => request('POST', `api/issues/${enc(id)}/split`, body),
  docx: (id, sectionKey, file, baseRevision, lang) =>
    request(
      'POST',
      `api/issues/${enc(id)}/sections/${enc(sectionKey)}/docx?base_revision=${enc(baseRevision)}&name=${enc(file.name)}&lang=${enc(lang)}`,
      file,
      file.type || 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ),
  exportPdf: (id, kind, revision, lang) => request('POST', `api/issues/${enc(id)}/exports`, { kind, revision, lang }),
  exports: (id) => request('GET', `api/issues/${enc(id)}/exports`),
  compare: (id, kind, lang) => request('POST', `api/issues/${enc(id)}/compare`, { kind, lang }),
  versions: (id) => request('GET', `api/issues/${enc(id)}/versions`),
  version: (id, n) => request('GET', `api/issues/${enc(id)}/versions/${enc(n)}`),
  compareVersion: (id, n) => request('POST', `api/issues/${enc(id)}/versions/${enc(n)}/compare`, {}),
  restore: (id, n, baseRevision, client) =>
    request('POST', `api/issues/${enc(id)}/versions/${enc(n)}/restore`, { base_revision: baseRevision, client }),
  presence: (id, client, article) => request('POST', `api/issues/${enc(id)}/presence`, { client, article }),
  undo: (id, baseRevision, client) => request('POST', `api/issues/${enc(id)}/undo`, { base_revision: baseRevision, client }),
  review: (id) => request('GET', `api/issues/${enc(id)}/review`),
  reviewArticle: (id, key, body) => request('POST', `api/issues/${enc(id)}/review/articles/${enc(key)}`, body),
  reviewComment: (id, body) => request('POST', `api/issues/${enc(id)}/review/comments`, body),
  reviewReply: (id, n, text) => request('POST', `api/issues/${enc(id)}/review/comments/${enc(n)}/replies`, { text }),
  reviewResolve: (id, n) => request('POST', `api/issues/${enc(id)}/review/comments/${enc(n)}/resolve`, {}),
  signOff: (id, baseRevision) => request('POST', `api/issues/${enc(id)}/review/sign-off`, { base_revision: baseRevision }),
  withdrawSignOff: (id, baseRevision) => request('POST', `api/issues/${enc(id)}/review/sign-off/withdraw`, { base_revision: baseRevision }),
};

/** The URL of page `n`'s image with fingerprint `fp`: the URL names the content, so caching is safe. */
export function pageUrl(id, n, fp, ppi) {
  return `api/issues/${enc(id)}/pages/${n}.png?fp=${enc(fp)}&ppi=${ppi}`;
}

/**
 * Opens the issue's event stream for tab `client`; `handlers` maps event names to functions of the parsed data,
 * plus `open` and `error` for the connection's state. Returns the EventSource.
 */
export function openEvents(id, lang, client, handlers) {
  const source = new EventSource(`api/issues/${enc(id)}/events?lang=${enc(lang)}&client=${enc(client)}`);
  for (const name of ['hello', 'saved', 'reloaded', 'building', 'rebuilt', 'exported', 'presence', 'archive', 'review']) {
    source.addEventListener(name, (event) => {
      if (!handlers[name]) return;
      let data = null;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      handlers[name](data);
    });
  }
  source.addEventListener('open', () => handlers.open && handlers.open());
  source.addEventListener('error', () => handlers.error && handlers.error());
  return source;
}
