#!/usr/bin/env python3
"""Make docs/revue.png, the README's screenshot of a review page: the review of the Corse
PDF sample in headless Chromium, its page 3 beside the introduction, a value pointed.

usage: scripts/review_screenshot.py [BIN] (BIN: the restitution binary, default
target/debug/restitution); writes docs/revue.png (8-bit palette through ImageMagick's
`convert` when it is installed).
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
from review_browser import DevTools  # noqa: E402

WIDTH, HEIGHT = 1400, 900


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/debug/restitution")
    work = tempfile.mkdtemp(prefix="review-shot-")
    page = os.path.join(work, "revue.html")
    subprocess.run([binary, "review", os.path.join(ROOT, "fixtures/samples/corse-w14.pdf"),
                    "-o", page], check=True)
    profile = os.path.join(work, "profile")
    proc = subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--remote-debugging-port=0",
         "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        while not os.path.exists(port_file) or not open(port_file).read().strip():
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        dt = DevTools(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        dt.call("Page.enable")
        dt.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT,
                deviceScaleFactor=1, mobile=False)
        dt.call("Page.navigate", url="file://" + page)
        dt.wait_event("Page.loadEventFired")
        # The introduction at the top of the window, page 3 at the top of its column.
        point = dt.evaluate("""(() => {
          document.querySelector('[data-partie=introduction]').scrollIntoView();
          const p3 = document.querySelector('svg[data-page="3"]').closest('figure');
          const src = p3.closest('.source');
          src.scrollTop += p3.getBoundingClientRect().top - src.getBoundingClientRect().top;
          const v = document.querySelector('.champs [data-champ="session.atelier"]');
          const r = v.getBoundingClientRect(); return [r.left + 10, r.top + r.height / 2];
        })()""")
        dt.call("Input.dispatchMouseEvent", type="mouseMoved", x=point[0], y=point[1])
        shot = base64.b64decode(dt.call("Page.captureScreenshot", format="png")["data"])
        out = os.path.join(ROOT, "docs/revue.png")
        raw = os.path.join(work, "raw.png")
        with open(raw, "wb") as f:
            f.write(shot)
        if shutil.which("convert"):
            subprocess.run(["convert", raw, "-colors", "128", "PNG8:" + out], check=True)
        else:
            shutil.copy(raw, out)
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
