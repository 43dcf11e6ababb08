#!/usr/bin/env python3
"""Open a review page in headless Chromium and report what the browser shows, as JSON
on stdout, for tests/integration/review.rs to check: every element with data-champ (its text, its
checkbox state, whether it is a value or a zone, its page), the warnings and page images,
the network requests made, what a hover lights, and a screenshot's non-white pixels.

Python standard library only (a small DevTools-protocol client over a websocket), so
nothing is downloaded at test time.

usage: review_browser.py CHROMIUM PAGE.html SCREENSHOT.png
"""

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib

WIDTH, HEIGHT = 1400, 1800


class DevTools:
    """A minimal websocket client speaking the Chrome DevTools protocol."""

    def __init__(self, ws_url):
        rest = ws_url[len("ws://"):]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("websocket handshake failed")
            response += chunk
        if b" 101 " not in response.split(b"\r\n")[0]:
            raise RuntimeError("websocket handshake refused: %r" % response[:200])
        self.buffer = response.split(b"\r\n\r\n", 1)[1]
        self.next_id = 0
        self.events = []

    def _recv_exact(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise RuntimeError("websocket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _send(self, text):
        payload = text.encode()
        header = bytearray([0x81])
        n = len(payload)
        if n < 126:
            header.append(0x80 | n)
        elif n < 1 << 16:
            header.append(0x80 | 126)
            header += struct.pack(">H", n)
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", n)
        mask = os.urandom(4)
        header += mask
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(bytes(header) + masked)

    def _recv(self):
        message = b""
        while True:
            b0, b1 = self._recv_exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._recv_exact(8))[0]
            data = self._recv_exact(n)
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise RuntimeError("websocket closed by the browser")
            if opcode in (0x9, 0xA):
                continue
            message += data
            if b0 & 0x80:
                return json.loads(message)

    def call(self, method, **params):
        self.next_id += 1
        ident = self.next_id
        self._send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = self._recv()
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._recv())
        raise RuntimeError(f"no {method} event")

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")


def png_pixels(data):
    """Decode an 8-bit RGB or RGBA PNG: (width, height, rows of bytes, channels)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), "unexpected PNG type"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows, channels


def dark_pixels(png, box):
    """Pixels clearly darker than white inside box (x0, y0, x1, y1), in CSS pixels."""
    width, height, rows, channels = png
    x0, y0, x1, y1 = (int(v) for v in box)
    count = 0
    for y in range(max(0, y0), min(height, y1)):
        row = rows[y]
        for x in range(max(0, x0), min(width, x1)):
            r, g, b = row[x * channels:x * channels + 3]
            if r + g + b < 600:
                count += 1
    return count


COLLECT = r"""
(() => {
  const champs = {};
  for (const e of document.querySelectorAll('[data-champ]')) {
    const c = e.getAttribute('data-champ');
    const svg = e.closest('svg[data-page]');
    (champs[c] = champs[c] || []).push({
      zone: e.classList.contains('zone'),
      text: e.textContent,
      checked: e.getAttribute('aria-checked'),
      nul: e.hasAttribute('data-null'),
      page: svg ? Number(svg.getAttribute('data-page')) : null,
      section: e.closest('section.document').id,
    });
  }
  const warnings = [...document.querySelectorAll('[data-avertissement]')].map(e => ({
    section: e.closest('section.document').id,
    pour: e.getAttribute('data-pour'),
    message: e.querySelector('.message').textContent,
  }));
  const sections = [...document.querySelectorAll('section.document')].map(s => ({
    id: s.id, fichier: s.querySelector('h2').textContent,
    pages: [...s.querySelectorAll('svg[data-page]')].map(p => Number(p.getAttribute('data-page'))),
  }));
  const index = [...document.querySelectorAll('nav.index a')].map(a => a.getAttribute('href'));
  return {champs, warnings, sections, index,
          resources: performance.getEntriesByType('resource').map(r => r.name)};
})()
"""


POINT = r"""
(sel => {
  // A point of the element that the pointer would hit (not covered by another).
  const e = document.querySelector(sel);
  if (!e) return null;
  e.scrollIntoView({block: 'center'});
  const r = e.getBoundingClientRect();
  for (const [fx, fy] of [[0.5, 0.5], [0.1, 0.5], [0.9, 0.5], [0.5, 0.15], [0.5, 0.85], [0.1, 0.15], [0.9, 0.85]]) {
    const x = r.left + r.width * fx, y = r.top + r.height * fy;
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === e || e.contains(hit))) return [x, y];
  }
  return null;
})"""


def hover(dt, from_selector, to_selector):
    """Move the mouse over the element matching from_selector; the classes of the
    element matching to_selector afterwards (null when the first cannot be pointed)."""
    point = dt.evaluate("%s(%s)" % (POINT, json.dumps(from_selector)))
    if point is None:
        return None
    dt.call("Input.dispatchMouseEvent", type="mouseMoved", x=point[0], y=point[1])
    return dt.evaluate(
        "(() => { const e = document.querySelector(%s); return e ? e.getAttribute('class') : null; })()"
        % json.dumps(to_selector)
    )


def main():
    chromium, page, screenshot = sys.argv[1:4]
    profile = tempfile.mkdtemp(prefix="review-chromium-")
    proc = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--remote-debugging-port=0",
         f"--window-size={WIDTH},{HEIGHT}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not os.path.exists(port_file) or not open(port_file).read().strip():
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError("Chromium did not start its DevTools server")
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        target = next(t for t in targets if t.get("type") == "page")
        dt = DevTools(target["webSocketDebuggerUrl"])
        dt.call("Network.enable")
        dt.call("Page.enable")
        dt.call("Runtime.enable")
        dt.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT,
                deviceScaleFactor=1, mobile=False)
        url = "file://" + os.path.abspath(page)
        dt.call("Page.navigate", url=url)
        dt.wait_event("Page.loadEventFired", timeout=60)
        report = dt.evaluate(COLLECT)
        requests = [e["params"]["request"]["url"] for e in dt.events
                    if e.get("method") == "Network.requestWillBeSent"]
        report["requests"] = [u for u in requests if u != url]
        # Hovers, both ways, on the first value that has a zone on a page (PDF), and on
        # the first that has a source paragraph (DOCX/ODT).
        probes = dt.evaluate(r"""
          (() => {
            const out = {};
            const zoneSel = z => '#' + z.closest('section.document').id + ' '
              + (z.closest('svg[data-page]') ? 'svg[data-page] ' : '.blocs ')
              + '.zone[data-champ=' + JSON.stringify(z.getAttribute('data-champ')) + ']';
            for (const z of document.querySelectorAll('svg[data-page] .zone[data-champ]')) {
              const c = z.getAttribute('data-champ');
              const v = [...z.closest('section.document').querySelectorAll('.champs [data-champ]')]
                .find(e => e.getAttribute('data-champ') === c);
              if (v && !out.page && (%s)(zoneSel(z))) out.page = [z.closest('section.document').id, c];
            }
            for (const z of document.querySelectorAll('.blocs .zone[data-champ]')) {
              const c = z.getAttribute('data-champ');
              const v = [...z.closest('section.document').querySelectorAll('.champs [data-champ]')]
                .find(e => e.getAttribute('data-champ') === c);
              if (v && !out.blocks && (%s)(zoneSel(z))) out.blocks = [z.closest('section.document').id, c];
            }
            return out;
          })()""" % (POINT, POINT))
        report["hover"] = {}
        for kind, container in (("page", "svg[data-page]"), ("blocks", ".blocs")):
            probe = probes.get(kind)
            if not probe:
                continue
            section, champ = probe
            value_sel = "#%s .champs [data-champ=%s]" % (section, json.dumps(champ))
            zone_sel = "#%s %s .zone[data-champ=%s]" % (section, container, json.dumps(champ))
            before = dt.evaluate("document.querySelector(%s).getAttribute('class')" % json.dumps(zone_sel))
            to_zone = hover(dt, value_sel, zone_sel)
            dt.call("Input.dispatchMouseEvent", type="mouseMoved", x=1, y=1)
            value_before = dt.evaluate("document.querySelector(%s).getAttribute('class')" % json.dumps(value_sel))
            to_value = hover(dt, zone_sel, value_sel)
            report["hover"][kind] = {"champ": champ, "zone_before": before, "zone_after": to_zone,
                                     "value_before": value_before, "value_after": to_value}
        dt.call("Input.dispatchMouseEvent", type="mouseMoved", x=1, y=1)
        # Screenshot of the top of the page, and where the page images are in it.
        dt.evaluate("window.scrollTo(0, 0)")
        shot = base64.b64decode(dt.call("Page.captureScreenshot", format="png")["data"])
        with open(screenshot, "wb") as f:
            f.write(shot)
        boxes = dt.evaluate(r"""
          [...document.querySelectorAll('svg[data-page], .blocs')].map(e => {
            const r = e.getBoundingClientRect();
            return [r.left, r.top, r.right, r.bottom];
          }).filter(r => r[1] < window.innerHeight && r[3] > 0)""")
        png = png_pixels(shot)
        report["screenshot"] = {
            "width": png[0], "height": png[1],
            "dark": dark_pixels(png, (0, 0, png[0], png[1])),
            "images_visible": len(boxes),
            "dark_in_images": sum(dark_pixels(png, b) for b in boxes),
        }
        json.dump(report, sys.stdout)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
