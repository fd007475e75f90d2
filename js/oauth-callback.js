// The sign-in's last page (register its URL on the Panopto API client). It hands the
// answer (code or token, and state) back to the page that asked, on this origin only,
// and removes it from the address bar and history:
// - a redirect sign-in (sign-in="redirect"): this tab's sessionStorage holds the round
//   trip for this state; the page that asked is loaded again with the answer in its
//   fragment, which the element reads and removes at once;
// - a popup: the answer is posted to the opener and on a BroadcastChannel named for the
//   state. An identity provider that sends Cross-Origin-Opener-Policy (Microsoft Entra ID
//   does) leaves this window without an opener; the channel still reaches the page. The
//   page answers "heard" on the channel: only then does this window say "Signed in", and
//   close itself (the page cannot close a window it was cut off from).
(function () {
  var TYPE = 'panopto-uploader-oauth';
  var HEARD = 'panopto-uploader-oauth-heard';
  var TRIP = 'panopto-uploader-sign-in';
  var url = location.href;
  var params = new URLSearchParams(location.search + '&' + location.hash.replace(/^#/, ''));
  var state = params.get('state') || '';
  try {
    history.replaceState(null, '', location.pathname);
  } catch (e) {
    // Nothing to clear in a sandboxed frame.
  }
  var trip = null;
  try {
    trip = JSON.parse(sessionStorage.getItem(TRIP) || 'null');
  } catch (e) {
    trip = null; // storage blocked: not a redirect sign-in of this tab
  }
  if (trip && state && trip.state === state && typeof trip.return_to === 'string') {
    location.replace(trip.return_to.split('#')[0] + '#' + TRIP + '=' + encodeURIComponent(url));
    return;
  }
  var heard = false;
  var channel = null;
  function say(text) {
    var p = document.getElementById('message');
    if (p) p.textContent = text;
  }
  function whenReady(f) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', f);
    else f();
  }
  if (state && typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel('panopto-uploader-sign-in:' + state);
    channel.onmessage = function (e) {
      if (!e.data || e.data.type !== HEARD || heard) return;
      heard = true;
      channel.close();
      whenReady(function () { say('Signed in. This window closes by itself; you can also close it.'); });
      setTimeout(function () { window.close(); }, 300);
    };
    channel.postMessage({ type: TYPE, url: url });
  }
  var opener = window.opener;
  if (opener && !opener.closed) {
    try {
      opener.postMessage({ type: TYPE, url: url }, location.origin);
    } catch (e) {
      // The channel has it too.
    }
  }
  url = null;
  setTimeout(function () {
    if (!heard) {
      whenReady(function () {
        say('This window is part of signing in to Panopto from another page, which did not answer: it may be closed. Close this window and sign in again from the upload page.');
      });
    }
  }, 10000);
})();
