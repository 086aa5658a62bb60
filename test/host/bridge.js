/* global window, document */
// The test host's stand-in for the preload: the same `window.perkdesk` shape
// (src/shared/bridge.ts), but invoke() POSTs to the host's /rpc, which runs the very
// same core dispatcher. Served as a same-origin file so the page's CSP
// (script-src 'self'; connect-src 'self') holds unmodified.
(() => {
  'use strict';
  let lastToken = null;
  // What print() was asked, with the page's print mode (body classes) at that moment.
  const prints = [];
  async function invoke(channel, envelope) {
    const token = envelope && typeof envelope.token === 'string' ? envelope.token : null;
    if (token) lastToken = token;
    const res = await fetch('/rpc', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel, token, input: envelope ? envelope.input : undefined }),
    });
    return res.json();
  }
  Object.defineProperty(window, 'perkdesk', {
    value: Object.freeze({
      host: 'test-host',
      invoke,
      print: async () => {
        prints.push(document.body.className);
        return { ok: true };
      },
      chooseFolder: async () => null,
    }),
  });
  // Test-host only: lets a spec make a direct call with the signed-in staff member's token.
  Object.defineProperty(window, '__perkdeskTest', {
    value: Object.freeze({ lastToken: () => lastToken, prints: () => prints.slice() }),
  });
})();
