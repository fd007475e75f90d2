// The network between the browser and Panopto, as a TCP relay that can go down: how the
// offline test takes the network away in engines whose WebDriver has no network emulation.
//
// Chromium has real offline emulation (DevTools' Network.emulateNetworkConditions, which
// playwright's setOffline uses). Firefox ESR and WebKitGTK over WebDriver have none, and a
// laptop losing Wi-Fi is two things at once, which this reproduces without touching the
// browser or the emulator: every open connection to Panopto is reset mid-request and every
// new one is reset as soon as its request line arrives (so the page gets a network error,
// as offline, and the test sees what the page tried to send), and the page gets
// `navigator.onLine === false` and an `offline` event (then `true` and `online`), as the
// browser's own network watcher would give them. Up, the relay forwards bytes unchanged,
// so the Host header the browser signs is the relay's address and the emulator verifies
// exactly that.
import net from 'node:net';

/** Relay 127.0.0.1:<port> to `target` (an http URL). `url` is what the page should use. */
export async function startLink(target) {
  const { hostname, port: targetPort } = new URL(target);
  const open = new Set();
  let down = false;
  /** Request lines the page sent while the link was down (the demo's own live list aside). */
  const refused = [];
  const relay = (client) => {
    client.on('error', () => client.destroy());
    if (down) {
      client.once('data', (chunk) => {
        const line = chunk.toString('latin1').split('\r\n')[0];
        if (!line.includes(' /_emulator/')) refused.push(line);
        client.resetAndDestroy();
      });
      return;
    }
    const upstream = net.connect(Number(targetPort), hostname);
    open.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const server = net.createServer(relay);
  await new Promise((resolve, reject) => server.on('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Every connection reset (RST, as a dropped link gives); new ones too, until `restore`. */
    down() {
      down = true;
      for (const s of open) s.resetAndDestroy();
      open.clear();
    },
    async restore() {
      down = false;
    },
    /** What the page tried to send while down (request lines). */
    get refused() { return [...refused]; },
    stop() {
      server.close();
      for (const s of open) s.destroy();
    },
  };
}

/** What the browser tells a page when the network goes away or comes back. */
export async function announceNetwork(page, online) {
  await page.evaluate((on) => {
    window.__e2eOnline = on;
    if (!window.__e2eOnLinePatched) {
      window.__e2eOnLinePatched = true;
      Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => window.__e2eOnline !== false });
    }
    window.dispatchEvent(new Event(on ? 'online' : 'offline'));
  }, online);
}
