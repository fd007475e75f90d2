// The sign-in window and Panopto's pages, in every engine: act in the popup a click in the
// element opens (Chromium: playwright's page; Firefox and WebKit: a WebDriver window of the
// same session), or in the page itself after a redirect sign-in. Selectors here are CSS in
// the document (Panopto's pages have no shadow root).

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Document-level actions on a WebDriver session's current window. */
function onDocument(session, engine) {
  const find = async (css, timeout = 30_000) => {
    const until = Date.now() + timeout;
    for (;;) {
      const [el] = await session.findAll(css).catch(() => []);
      if (el) return el;
      if (Date.now() > until) throw new Error(`[${engine}] ${css} is not in the window`);
      await sleep(100);
    }
  };
  return {
    click: async (css) => session.click(await find(css)),
    text: async (css) => session.text(await find(css)),
    url: () => session.call('GET', '/url'),
    close: () => session.call('DELETE', '/window'),
  };
}

/** Document-level actions on a playwright page. */
function onPlaywright(p) {
  return {
    click: (css) => p.locator(css).click(),
    text: (css) => p.locator(css).textContent(),
    url: async () => p.url(),
    close: () => p.close(),
  };
}

/**
 * Click `selector` in the element, then `act(popup)` in the window it opens (`popup.click`,
 * `popup.text`, `popup.url`, `popup.close`); afterwards the page is the current window again.
 */
export async function inPopup(page, selector, act) {
  if (page.engine === 'chromium') {
    const [popup] = await Promise.all([page.page.context().waitForEvent('page'), page.click(selector)]);
    return act(onPlaywright(popup), popup);
  }
  const s = page.session;
  const main = await s.call('GET', '/window');
  const before = await s.call('GET', '/window/handles');
  await page.click(selector);
  let handle;
  for (let i = 0; i < 200 && !handle; i++) {
    handle = (await s.call('GET', '/window/handles')).find((h) => !before.includes(h));
    if (!handle) await sleep(100);
  }
  if (!handle) throw new Error(`[${page.engine}] no sign-in window opened`);
  await s.call('POST', '/window', { handle });
  try {
    return await act(onDocument(s, page.engine));
  } finally {
    await s.call('POST', '/window', { handle: main });
  }
}

/** The page's own document (Panopto's sign-in page, during a redirect sign-in). */
export function inDocument(page) {
  return page.engine === 'chromium' ? onPlaywright(page.page) : onDocument(page.session, page.engine);
}

/** Wait until `popup` is gone (the element, or the callback page, closed it). */
export async function popupClosed(page, timeout = 10_000) {
  const until = Date.now() + timeout;
  for (;;) {
    const open = page.engine === 'chromium'
      ? page.page.context().pages().length
      : (await page.session.call('GET', '/window/handles')).length;
    if (open === 1) return;
    if (Date.now() > until) throw new Error(`[${page.engine}] the sign-in window is still open`);
    await sleep(100);
  }
}
