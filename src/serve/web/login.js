// The login page of the desk on the office network: the name and password go to
// POST api/login, which sets the session cookie; then the desk opens. Chinese by default,
// English from the same messages the desk uses (GET api/messages).

import { api, ApiError } from './api.js';
import { h, clear, setMessages, t } from './dom.js';

const LANGUAGES = [
  ['zh-CN', '简体中文'],
  ['en', 'English'],
];

const $ = (id) => document.getElementById(id);

let lang = 'zh-CN';

async function loadMessages(wanted) {
  const data = await api.messages(wanted);
  lang = data.lang || wanted;
  setMessages(data.messages);
  document.documentElement.lang = lang;
  document.title = t('login-title');
  $('login-heading').textContent = t('login-title');
  $('login-name-label').textContent = t('login-name');
  $('login-password-label').textContent = t('login-password');
  $('login-submit').textContent = t('login-submit');
  $('login-lang-label').textContent = t('language-label');
  const select = clear($('login-lang'));
  for (const [code, name] of LANGUAGES) {
    select.appendChild(h('option', { value: code, text: name, props: { selected: code === lang } }));
  }
}

function say(text) {
  const message = $('login-message');
  message.textContent = text;
  message.hidden = !text;
}

async function submit(event) {
  event.preventDefault();
  const name = $('login-name').value.trim();
  const password = $('login-password').value;
  if (!name || !password) {
    say(t('login-missing'));
    return;
  }
  $('login-submit').disabled = true;
  try {
    await api.login(name, password);
    window.location.replace('./');
  } catch (err) {
    $('login-password').value = '';
    if (err instanceof ApiError && err.code === 'too_many_attempts') {
      say(t('login-throttled', { seconds: err.body.retry_after }));
    } else if (err instanceof ApiError && err.code === 'bad_login') {
      say(t('login-failed'));
    } else {
      say(err.message);
    }
    $('login-password').focus();
  } finally {
    $('login-submit').disabled = false;
  }
}

async function start() {
  // The form shows once this script handles it: typed into before, a password could be
  // sent by the browser's own submission or go to the name field the focus below moved to.
  $('login-form').addEventListener('submit', submit);
  // Signed in already, or a desk of one person that asks for no login: the desk opens.
  const signedIn = await api.session().then(() => true, () => false);
  if (signedIn) {
    window.location.replace('./');
    return;
  }
  const stored = localStorage.getItem('desk-lang');
  await loadMessages(LANGUAGES.some(([code]) => code === stored) ? stored : 'zh-CN');
  $('login-lang').addEventListener('change', (event) => {
    localStorage.setItem('desk-lang', event.target.value);
    loadMessages(event.target.value).catch((err) => say(err.message));
  });
  $('login-form').hidden = false;
  $('login-name').focus();
}

start().catch((err) => {
  $('login-form').hidden = false;
  say(err.message);
});
