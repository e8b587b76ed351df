"""Screenshots of Hotel CRM's main screens, taken in headless Chromium.

Usage: screenshots.py --url URL --login LOGIN --password PASSWORD
                      --out FOLDER [--prefix PREFIX] [--size 1280x800]

Logs in as LOGIN on the running Odoo at URL (the screens are in that user's
language), opens each screen of SCREENS and saves FOLDER/PREFIXscreen.png.
The records shown (a stay, a guest) are looked up over XML-RPC as that user.
tools/screenshots.sh starts the server and runs this for each language.

Chromium is driven through the DevTools protocol (websocket-client, a
development dependency), as Odoo's own test browser does; Pillow, when
installed, reduces the PNGs to 256 colours.
"""

import argparse
import base64
import io
import itertools
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import xmlrpc.client

import websocket

CHROME_NAMES = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
)
# Ready when the action's view is there and nothing is loading.
READY_JS = """
!!document.querySelector('.o_action_manager .o_view_controller, .o_action_manager .o_form_view')
&& !document.querySelector('.o_loading_indicator, .o_blockUI')
"""

# The first line of Odoo's error dialog (a crashed view, a failed call), if any.
ERROR_JS = """
(() => {
    const dialog = document.querySelector('.o_error_dialog');
    return dialog ? (dialog.innerText.trim().split('\\n')[0] || 'error dialog') : '';
})()
"""


def _stay(rpc):
    """A stay at the front desk whose guest has banners, else any stay."""
    for domain in (
        [
            ("state", "in", ["booked", "checked_in"]),
            ("guest_allergy_summary", "!=", False),
        ],
        [("guest_allergy_summary", "!=", False)],
        [],
    ):
        ids = rpc("hotel.stay", "search", [domain], {"limit": 1})
        if ids:
            return ids[0]
    return None


def _guest(rpc):
    """A guest with an allergy, VIP if there is one."""
    for domain in (
        [("guest_allergy_summary", "!=", False), ("guest_vip", "=", True)],
        [("guest_allergy_summary", "!=", False)],
        [("is_hotel_guest", "=", True)],
    ):
        ids = rpc("res.partner", "search", [domain], {"limit": 1})
        if ids:
            return ids[0]
    return None


# (file name, path of the screen, or a function of the XML-RPC helper giving it)
SCREENS = (
    ("front_desk", "/odoo/action-hotel_crm.hotel_stay_action_in_house"),
    (
        "stay_form",
        lambda rpc: f"/odoo/action-hotel_crm.hotel_stay_action_in_house/{_stay(rpc)}",
    ),
    (
        "guest_form",
        lambda rpc: (
            f"/odoo/action-hotel_crm.res_partner_action_hotel_guest/{_guest(rpc)}"
        ),
    ),
    (
        "guests_list",
        "/odoo/action-hotel_crm.res_partner_action_hotel_guest?view_type=list",
    ),
    ("settings", "/odoo/action-hotel_crm.res_config_settings_action_hotel_crm"),
    ("membership_levels", "/odoo/action-hotel_crm.hotel_membership_level_action"),
    ("complaints", "/odoo/action-hotel_crm.hotel_complaint_action"),
    (
        "complaint_form",
        lambda rpc: (
            "/odoo/action-hotel_crm.hotel_complaint_action/"
            + str(rpc("hotel.complaint", "search", [[]], {"limit": 1})[0])
        ),
    ),
    ("stays_analysis", "/odoo/action-hotel_crm.hotel_stay_report_action"),
    ("guest_value", "/odoo/action-hotel_crm.hotel_guest_retention_action_value"),
)


def find_chrome():
    if os.environ.get("HOTEL_CRM_CHROME"):
        return os.environ["HOTEL_CRM_CHROME"]
    for name in CHROME_NAMES:
        if path := shutil.which(name):
            return path
    sys.exit("screenshots: no Chrome or Chromium on the PATH (install chromium)")


class Browser:
    """One headless Chromium page, driven over the DevTools protocol."""

    def __init__(self, width, height):
        self.profile = tempfile.mkdtemp(prefix="hotel_crm_screenshots_")
        self.proc = subprocess.Popen(
            [
                find_chrome(),
                *CHROME_FLAGS,
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = pathlib.Path(self.profile, "DevToolsActivePort")
        for _ in range(200):
            if port_file.is_file() and port_file.stat().st_size > 5:
                break
            time.sleep(0.1)
        else:
            self.close()
            sys.exit("screenshots: Chromium did not start")
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as answer:
            page = next(t for t in json.load(answer) if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.ids = itertools.count(1)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        call_id = next(self.ids)
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            if self.evaluate(expression):
                return True
            time.sleep(0.25)
        return False

    def goto(self, url):
        self.send("Page.navigate", url=url)
        time.sleep(0.5)
        self.wait_for("document.readyState === 'complete'")

    def screenshot(self, path):
        data = base64.b64decode(
            self.send("Page.captureScreenshot", format="png")["data"]
        )
        try:
            from PIL import Image  # noqa: PLC0415 (optional)
        except ImportError:
            path.write_bytes(data)
            return
        image = Image.open(io.BytesIO(data)).convert("RGB")
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
            path, optimize=True
        )

    def close(self):
        if getattr(self, "ws", None):
            self.ws.close()
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--prefix", default="")
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args()
    width, height = map(int, args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)

    common = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common")
    uid = common.authenticate(args.db, args.login, args.password, {})
    if not uid:
        sys.exit(f"screenshots: {args.login} cannot log in to {args.db}")
    models = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/object")

    def rpc(model, method, params, options=None):
        return models.execute_kw(
            args.db, uid, args.password, model, method, params, options or {}
        )

    browser = Browser(width, height)
    failed = []
    try:
        browser.goto(f"{args.url}/web/login?db={args.db}")
        browser.evaluate(
            f"""
            document.querySelector('input[name=login]').value = {json.dumps(args.login)};
            document.querySelector('input[name=password]').value = {json.dumps(args.password)};
            document.querySelector('form.oe_login_form').submit();
            """
        )
        time.sleep(1)
        if not browser.wait_for("!!document.querySelector('.o_main_navbar')"):
            sys.exit(f"screenshots: {args.login} could not log in to the web client")
        for name, screen in SCREENS:
            path = screen(rpc) if callable(screen) else screen
            browser.goto(args.url + path)
            if not browser.wait_for(READY_JS):
                failed.append(name)
                print(f"screenshots: {name} ({path}) did not load", file=sys.stderr)
                continue
            time.sleep(1.5)  # fonts, images and the last renderings
            error = browser.evaluate(ERROR_JS)
            if error:
                # a screen that crashed is no picture for the README
                failed.append(name)
                print(
                    f"screenshots: {name} ({path}) shows an error: {error}",
                    file=sys.stderr,
                )
                continue
            target = args.out / f"{args.prefix}{name}.png"
            browser.screenshot(target)
            print(f"{target} ({target.stat().st_size // 1024} KiB)")
    finally:
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
