// The sign-in popup's last page: give the URL (code or token, and state) to the page that
// opened it, on this origin only, then remove it from the address bar and history. The
// opener checks the state and closes this window.
(function () {
  var url = location.href;
  try {
    history.replaceState(null, '', location.pathname);
  } catch (e) {
    // Nothing to clear in a sandboxed frame.
  }
  var opener = window.opener;
  var handedBack = false;
  if (opener && !opener.closed) {
    try {
      opener.postMessage({ type: 'panopto-uploader-oauth', url: url }, location.origin);
      handedBack = true;
    } catch (e) {
      handedBack = false;
    }
  }
  url = null;
  function say() {
    var p = document.getElementById('message');
    if (!p) return;
    p.textContent = handedBack
      ? 'Signed in. This window closes by itself; you can also close it.'
      : 'This window is part of signing in to Panopto from another page, which is no longer open. Close it and sign in again from the upload page.';
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', say);
  else say();
})();
