#!/usr/bin/env python3
"""Boots the image scripts/vm-test made under QEMU and checks the installed panel end to end,
through the serial console (a root shell) and QMP (screendump, touch through the tablet).

    vm-test.py --qemu Q --kernel K --initrd I --image IMG --refs DIR --work DIR --arch amd64

DIR holds `roomsign screenshot` PNGs of the demo room at the fixed time the guest runs it
(home, book, confirm, result, booked). Prints one line per check; exits 1 at the first that fails.
Writes the measured figures as KEY=VALUE lines to WORK/figures."""

import argparse
import json
import os
import re
import socket
import struct
import subprocess
import sys
import time
import zlib

WIDTH, HEIGHT = 800, 480
# Where to tap on the 800x480 demo room (Home, the Book sheet): Book now, Book.
TAP_BOOK_NOW = (110, 412)
TAP_BOOK = (673, 377)
# A screendump matches a reference when fewer than this share of pixels differ visibly.
MATCH_SHARE = 0.02


class Failed(Exception):
    pass


def fail(what):
    raise Failed(what)


def ok(what):
    print(f"  ok: {what}", flush=True)


# ---------------------------------------------------------------- images


def read_png(path):
    """8-bit RGB or RGBA, non-interlaced (what `roomsign screenshot` writes) -> RGB bytes."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                fail(f"{path}: PNG kind not read here (depth {depth}, colour {colour})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    out = bytearray()
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if f == 1:
                line[x] = (line[x] + a) & 0xFF
            elif f == 2:
                line[x] = (line[x] + b) & 0xFF
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 0xFF
        prev = line
        if channels == 3:
            out += line
        else:
            for x in range(0, stride, 4):
                out += line[x : x + 3]
    return width, height, bytes(out)


def read_ppm(path):
    data = open(path, "rb").read()
    fields = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    if not fields:
        fail(f"{path} is not a P6 PPM")
    width, height = int(fields.group(1)), int(fields.group(2))
    return width, height, data[fields.end() : fields.end() + width * height * 3]


def differing_share(a, b):
    """Share of pixels where some channel differs by more than 48 (anti-aliasing and a pointer
    cursor stay under the limit; another screen is far over it)."""
    if a[0] != b[0] or a[1] != b[1]:
        return 1.0
    pa, pb = a[2], b[2]
    width, height = a[0], a[1]
    differ = n = 0
    # Every second pixel of every second row: a quarter of the work, the same verdict.
    for y in range(0, height, 2):
        row = y * width * 3
        for i in range(row, row + width * 3, 6):
            n += 1
            if (
                abs(pa[i] - pb[i]) > 48
                or abs(pa[i + 1] - pb[i + 1]) > 48
                or abs(pa[i + 2] - pb[i + 2]) > 48
            ):
                differ += 1
    return differ / n


# ---------------------------------------------------------------- the guest


class Serial:
    """A root shell on the guest's first serial port."""

    def __init__(self, path, log):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.sock.settimeout(1)
        self.buf = b""
        self.log = open(log, "ab")

    def read_until(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.buf)
            if m:
                self.buf = self.buf[m.end() :]
                return m
            if time.monotonic() > deadline:
                return None
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                fail("the guest's serial console closed")
            self.log.write(chunk)
            self.log.flush()
            self.buf += chunk

    def run(self, command, timeout=60):
        """Runs a shell command in the guest: (exit status, output)."""
        self.buf = b""
        self.sock.sendall(
            f"{{ {command}; }} 2>&1 | sed 's/^/|/'; printf '@@%s=%s@@\\n' rc \"${{PIPESTATUS[0]}}\"\n".encode()
        )
        m = self.read_until(rb"@@rc=(\d+)@@", timeout)
        if not m:
            fail(f"no answer from the guest within {timeout} s to: {command}")
        text = self.log_text(m.string[: m.start()])
        return int(m.group(1)), text

    @staticmethod
    def log_text(raw):
        lines = raw.decode("utf-8", "replace").replace("\r", "").split("\n")
        return "\n".join(l[1:] for l in lines if l.startswith("|"))

    def must(self, command, timeout=60):
        rc, out = self.run(command, timeout)
        if rc != 0:
            fail(f"`{command}` exited {rc}: {out.strip()[-800:]}")
        return out


class Qmp:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.file = self.sock.makefile("rwb")
        json.loads(self.file.readline())
        self.call("qmp_capabilities")

    def call(self, command, **arguments):
        self.file.write(json.dumps({"execute": command, "arguments": arguments}).encode() + b"\n")
        self.file.flush()
        while True:
            answer = json.loads(self.file.readline())
            if "return" in answer:
                return answer["return"]
            if "error" in answer:
                fail(f"QMP {command}: {answer['error']}")

    def tap(self, x, y):
        """A touch on the tablet at pixel (x, y) of the WIDTHxHEIGHT screen."""
        ax = x * 0x7FFF // (WIDTH - 1)
        ay = y * 0x7FFF // (HEIGHT - 1)
        move = [
            {"type": "abs", "data": {"axis": "x", "value": ax}},
            {"type": "abs", "data": {"axis": "y", "value": ay}},
        ]
        self.call("input-send-event", events=move)
        time.sleep(0.2)
        self.call("input-send-event", events=[{"type": "btn", "data": {"down": True, "button": "left"}}])
        time.sleep(0.15)
        self.call("input-send-event", events=[{"type": "btn", "data": {"down": False, "button": "left"}}])


class Guest:
    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.refs = {
            name: read_png(os.path.join(args.refs, f"{name}.png"))
            for name in ("home", "book", "confirm", "result", "booked")
        }
        self.shots = 0
        self.figures = {}

    def boot(self):
        a = self.args
        serial = os.path.join(self.work, "serial.sock")
        qmp = os.path.join(self.work, "qmp.sock")
        machine = {
            "amd64": ["-machine", "q35", "-cpu", "max"],
            "arm64": ["-machine", "virt", "-cpu", "max"],
        }[a.arch]
        console = "ttyS0" if a.arch == "amd64" else "ttyAMA0"
        command = (
            [a.qemu]
            + (["-L", a.firmware] if a.firmware else [])
            + machine
            + ["-accel", "tcg", "-smp", "2", "-m", "1024", "-nic", "none", "-snapshot"]
            + ["-kernel", a.kernel, "-initrd", a.initrd]
            + ["-append", f"root=/dev/vda rw console={console} quiet systemd.show_status=0"]
            + ["-drive", f"file={a.image},format=raw,if=virtio"]
            + ["-device", f"virtio-vga,xres={WIDTH},yres={HEIGHT}" if a.arch == "amd64" else f"virtio-gpu-pci,xres={WIDTH},yres={HEIGHT}"]
            + ["-device", "virtio-tablet-pci", "-device", "virtio-keyboard-pci"]
            + ["-display", "none", "-vga", "none"] * (1 if a.arch == "amd64" else 0)
            + ["-serial", f"unix:{serial},server=on,wait=off"]
            + ["-qmp", f"unix:{qmp},server=on,wait=off"]
        )
        if a.arch != "amd64":
            command += ["-display", "none"]
        self.qemu = subprocess.Popen(command, stdout=open(os.path.join(self.work, "qemu.log"), "wb"), stderr=subprocess.STDOUT)
        self.started = time.monotonic()
        for _ in range(100):
            if os.path.exists(serial) and os.path.exists(qmp):
                break
            if self.qemu.poll() is not None:
                fail("QEMU did not start: " + open(os.path.join(self.work, "qemu.log")).read()[-2000:])
            time.sleep(0.1)
        self.serial = Serial(serial, os.path.join(self.work, "serial.log"))
        self.qmp = Qmp(qmp)
        if not self.serial.read_until(rb"root@roomsign-vm", a.boot_timeout):
            fail(f"no root shell on the serial console {a.boot_timeout} s after QEMU started")
        self.serial.sock.sendall(b"stty -echo cols 500; export PS1= PROMPT_COMMAND= SYSTEMD_PAGER= SYSTEMD_COLORS=0\n")
        time.sleep(1)
        ok(f"guest up, root shell on the serial console ({time.monotonic() - self.started:.0f} s after QEMU started)")

    def show(self, prop):
        return self.serial.must(f"systemctl show -p {prop} --value roomsign.service").strip()

    def wait_active(self, timeout, old_pid=None):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.show("ActiveState")
            pid = self.show("MainPID")
            if state == "active" and pid != "0" and pid != old_pid:
                return int(pid)
            time.sleep(1)
        status = self.serial.run("systemctl status --no-pager -n 20 roomsign.service")[1]
        fail(f"roomsign.service is not active (again) within {timeout} s:\n{status}")

    def screendump(self, name):
        self.shots += 1
        path = os.path.join(self.work, f"screen-{self.shots:02d}-{name}.ppm")
        self.qmp.call("screendump", filename=path)
        return read_ppm(path), path

    def expect_screen(self, want, accept=None, timeout=20):
        """Waits until the screen matches the reference `want` (or one of `accept`) best of all
        references and closely enough."""
        names = [want] + (accept or [])
        deadline = time.monotonic() + timeout
        while True:
            shot, path = self.screendump(want)
            shares = {name: differing_share(shot, ref) for name, ref in self.refs.items()}
            best = min(shares, key=shares.get)
            if best in names and shares[best] < MATCH_SHARE:
                return best, shares[best]
            if time.monotonic() > deadline:
                fail(
                    f"the screen is not `{want}` (closest: {best}, {shares[best]:.1%} of pixels differ; "
                    f"vs {want}: {shares[want]:.1%}); see {path}"
                )
            time.sleep(1)

    def check(self):
        s = self.serial
        g = self.args.groups.split(",")

        # 1. The unit came up by itself: READY=1 (Type=notify: active), as roomsign with its groups.
        pid = self.wait_active(90)
        ready = int(self.show("ActiveEnterTimestampMonotonic")) / 1e6
        self.figures["boot_to_ready_s"] = f"{ready:.1f}"
        ok(f"roomsign.service active (READY=1 after the first frame), {ready:.1f} s after the kernel started")
        startup = s.run("systemd-analyze time | head -1")[1].strip()
        ok(f"systemd-analyze time: {startup}")
        online = int(s.must("systemctl show -p ActiveEnterTimestampMonotonic --value network-online.target").strip() or 0) / 1e6
        if 0 < online < ready:
            fail(f"the panel was ready only after network-online.target ({online:.1f} s after the kernel started)")
        ok("ready before network-online.target (the wait-online service waits out its timeout: no network)")
        limit = self.args.ready_limit
        if ready > limit:
            fail(f"the panel was ready {ready:.1f} s after the kernel started, over {limit} s without a network")
        ok(f"network-less boot: the panel is on screen within {limit} s of the kernel start")
        who = s.must(f"ps -o user=,group=,supgrp= -p {pid}").split()
        if len(who) < 3 or who[0] != "roomsign" or who[1] != "roomsign":
            fail(f"the panel runs as {who}, not roomsign:roomsign")
        missing = [x for x in g if x not in who[2].split(",")]
        if missing:
            fail(f"the panel lacks the groups {missing}: {who[2]}")
        ok(f"runs as roomsign:roomsign with the groups {who[2]}")
        after = s.must("systemctl show -p After,Wants --value roomsign.service")
        if "network-online.target" in after:
            fail(f"roomsign.service waits for network-online.target: {after.strip()}")
        ok("not ordered after network-online.target")

        # 2. The panel on screen, as `roomsign screenshot` draws it.
        name, share = self.expect_screen("home", timeout=30)
        ok(f"screendump shows Home as `roomsign screenshot` draws it ({share:.2%} of pixels differ)")

        # Idle memory (PSS) of the panel on Home.
        time.sleep(5)
        pss = int(s.must(f"awk '/^Pss:/ {{print $2}}' /proc/{pid}/smaps_rollup").strip())
        self.figures["pss_kib"] = str(pss)
        ok(f"PSS of the idle panel on Home: {pss / 1024:.1f} MiB")

        # 3. Book now -> Book -> "Booked until 08:30": the sheet opens with 30 min chosen (the
        # `book` and `confirm` references are the same picture), so booking takes two taps.
        self.qmp.tap(*TAP_BOOK_NOW)
        self.expect_screen("confirm", accept=["book"])
        ok("tap on Book now: the Book sheet, 30 min already chosen")
        self.qmp.tap(*TAP_BOOK)
        self.expect_screen("result")
        ok("tap on Book: \"Booked until 08:30\"")
        line = s.must("journalctl -o cat -u roomsign.service | grep 'door booking' | tail -1")
        if "accepted" not in line or "Demo room" not in line:
            fail(f"no info-level journal line for the booking: {line!r}")
        ok(f"journal: {line.strip()[:140]}")

        # 4. The unit's exposure as systemd rates it.
        score = s.must("systemd-analyze security roomsign.service | tail -1")
        m = re.search(r"level for roomsign.service: ([0-9.]+)", score)
        if m:
            self.figures["security_exposure"] = m.group(1)
            ok(f"systemd-analyze security in the guest: {m.group(1)}")

        # 5. A hung panel (SIGSTOP) is killed by the watchdog and comes back.
        before = float(s.must("cut -d' ' -f1 /proc/uptime"))
        s.must(f"kill -STOP {pid}")
        pid2 = self.wait_active(120, old_pid=str(pid))
        back = int(self.show("ActiveEnterTimestampMonotonic")) / 1e6
        self.figures["watchdog_recovery_s"] = f"{back - before:.1f}"
        result = s.must("systemctl show -p NRestarts --value roomsign.service").strip()
        watchdog = s.run("journalctl -o cat -u roomsign.service | grep -ci watchdog")[1].strip()
        if watchdog in ("", "0"):
            fail("the panel restarted, but the journal does not name the watchdog")
        name, share = self.expect_screen("home", accept=["booked"], timeout=30)
        ok(f"kill -STOP: the watchdog restarted the panel ({result} restart), back on screen ({name}) {back - before:.1f} s after the stop")

        # 6. The package's life: upgrade, remove, install again, purge.
        v2 = self.args.upgrade_deb
        s.must("echo '# kept through the upgrade' >> /etc/roomsign/config.toml")
        s.must(f"DEBIAN_FRONTEND=noninteractive apt-get install -y -q /root/debs/{v2}", timeout=300)
        version = s.must("dpkg-query -W -f='${Version}' roomsign").strip()
        if version != self.args.upgrade_version:
            fail(f"after the upgrade dpkg has roomsign {version}")
        s.must("grep -q 'kept through the upgrade' /etc/roomsign/config.toml")
        pid3 = self.wait_active(60, old_pid=str(pid2))
        ok(f"upgrade to {version}: the configuration kept, the panel restarted (pid {pid2} -> {pid3})")
        s.must("DEBIAN_FRONTEND=noninteractive apt-get remove -y -q roomsign", timeout=300)
        state = s.run("systemctl is-active roomsign.service")[1].strip()
        if state == "active":
            fail("after apt remove the panel still runs")
        s.must("grep -q 'kept through the upgrade' /etc/roomsign/config.toml")
        s.must("test ! -e /usr/bin/roomsign")
        ok(f"remove: the panel stopped ({state}), the configuration kept")
        s.must(f"DEBIAN_FRONTEND=noninteractive apt-get install -y -q /root/debs/{v2}", timeout=300)
        self.wait_active(60)
        self.expect_screen("home", accept=["booked"], timeout=30)
        ok("install after remove: the panel runs and is on screen again")
        s.must("DEBIAN_FRONTEND=noninteractive apt-get purge -y -q roomsign", timeout=300)
        left = s.run(
            "for p in /etc/roomsign /var/lib/roomsign /usr/bin/roomsign; do test -e $p && echo $p; done; "
            "getent passwd roomsign; getent group roomsign; true"
        )[1].strip()
        if left:
            fail(f"after apt purge these are left: {left}")
        ok("purge: the user, the state and the configuration are gone")

    def close(self):
        try:
            self.qmp.call("quit")
        except Exception:
            pass
        try:
            self.qemu.wait(10)
        except Exception:
            self.qemu.kill()


def main():
    p = argparse.ArgumentParser()
    for name in ("qemu", "kernel", "initrd", "image", "refs", "work", "upgrade-deb", "upgrade-version"):
        p.add_argument(f"--{name}", required=True)
    p.add_argument("--firmware")
    p.add_argument("--arch", default="amd64")
    p.add_argument("--groups", default="video,render,input")
    p.add_argument("--boot-timeout", type=int, default=240)
    p.add_argument("--ready-limit", type=float, default=30)
    args = p.parse_args()
    guest = Guest(args)
    try:
        guest.boot()
        guest.check()
    except Failed as e:
        print(f"vm-test: FAILED: {e}", file=sys.stderr, flush=True)
        print(f"(serial console log: {args.work}/serial.log)", file=sys.stderr)
        return 1
    finally:
        with open(os.path.join(args.work, "figures"), "w") as f:
            for k, v in guest.figures.items():
                f.write(f"{k}={v}\n")
        if hasattr(guest, "qemu"):
            guest.close()
    print("vm-test: all checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
