#!/usr/bin/env python3
"""Interrupt test of the installed Jupyter kernel (default 'ftlab'), run by ./ftlab test.

Starts the kernel through jupyter_client's KernelManager, as Jupyter does, and checks, twice:
  1. a cell in a busy Java loop (no interruption checks) is interrupted with the kernelspec's own
     interrupt mechanism (KernelManager.interrupt_kernel); the cell completes with status 'error'
     and exactly one output, an error of one line that says it was interrupted;
  2. a cell that returns a value then runs and returns it;
  3. a cell in Thread.sleep is interrupted with an interrupt_request on the control channel (the
     message mode of the protocol), which must be answered by an interrupt_reply there; same checks;
  4. interrupting the idle kernel, both ways, changes nothing: a later cell returns its value;
  5. (first round) a long ftlab library loop (LayerGramNtk's chunks) stops at the interrupt
     without the forced stop, its progress line showing 'stopped';
and at the end that a shutdown_request (answered by the launcher's own control loop) still ends
the kernel.
Every wait has a time limit, so a broken kernel fails the test instead of hanging it. Exit code 0
if everything holds, 1 otherwise, with one line per failed check.
"""
import argparse
import os
import re
import sys
import tempfile
import time
from queue import Empty

from jupyter_client.manager import KernelManager

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# "started" is printed by the snippet that then runs for minutes (a block is one JShell snippet),
# so the interrupt reaches the running loop and not the gap between two snippets
BUSY = '{\n  System.out.println("started");\n  long spins = 0;\n  while (System.nanoTime() != 0) { spins++; }\n}'
SLEEP = ('{\n  System.out.println("started");\n  Thread.sleep(600_000);\n}\n'
         'System.out.println("the rest of the cell ran");')
# the empirical NTK of MiniLM on 400 examples, all layers: minutes of work in chunks (a small
# gradient budget makes them short, so the loop's interruption checks come well within the grace
# period even on a loaded machine); its progress line appears after a second of work, which tells
# the test that the library loop is running
LIBRARY = ('System.out.println("started");\n'
           'var big = ntk("--data sst2 --n 400 --max-length 32 --layers-trained all --budget-mb 64");')


class Failed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failed(what)


class Kernel:
    def __init__(self, name, start_timeout, log):
        self.km = KernelManager(kernel_name=name)
        self.km.start_kernel(stdout=log, stderr=log)  # the kernel's own log, not the test's
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=start_timeout)
        self.mode = self.km.kernel_spec.interrupt_mode

    def shutdown(self, seconds=30):
        """Asks the kernel to shut down, as Jupyter does, and checks that it exits by itself."""
        self.km.request_shutdown()
        deadline = time.monotonic() + seconds
        while self.km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        check(not self.km.is_alive(), f"the kernel did not exit within {seconds} s of a "
              f"shutdown_request")

    def close(self):
        try:
            self.kc.stop_channels()
        finally:
            if self.km.is_alive():
                self.km.shutdown_kernel(now=True)

    def iopub_until(self, msg_id, deadline, stop, early_end=False):
        """Reads IOPub messages of msg_id into a list until stop(list) is true or the deadline;
        with early_end, an error output or the idle status before that fails the check."""
        got = []
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.05, min(1.0, deadline - time.monotonic())))
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            got.append(msg)
            if stop(got):
                return got
            if early_end and (msg["msg_type"] == "error" or (msg["msg_type"] == "status" and
                                                             msg["content"]["execution_state"] == "idle")):
                raise Failed(f"the cell ended before the interrupt: {describe(got)}")
        return None

    def shell_reply(self, msg_id, deadline):
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_shell_msg(timeout=max(0.05, min(1.0, deadline - time.monotonic())))
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        return None

    def finish(self, msg_id, seconds):
        """The cell's outputs (until its idle status) and its execute_reply, or a failure."""
        deadline = time.monotonic() + seconds
        msgs = self.iopub_until(msg_id, deadline, lambda m: m[-1]["msg_type"] == "status"
                                and m[-1]["content"]["execution_state"] == "idle")
        check(msgs is not None, f"no idle status for the cell within {seconds:.0f} s")
        reply = self.shell_reply(msg_id, deadline)
        check(reply is not None, f"no execute_reply for the cell within {seconds:.0f} s")
        outputs = [m for m in msgs if m["msg_type"] in
                   ("stream", "error", "execute_result", "display_data", "update_display_data")]
        return outputs, reply

    def value(self, code, expected, seconds=60):
        msg_id = self.kc.execute(code)
        outputs, reply = self.finish(msg_id, seconds)
        check(reply["content"]["status"] == "ok",
              f"cell {code!r} after the interrupt: status {reply['content']['status']}, outputs "
              f"{describe(outputs)}")
        # the Rapaio kernel renders a value as text/html only
        results = [o["content"]["data"].get("text/plain", o["content"]["data"].get("text/html"))
                   for o in outputs if o["msg_type"] == "execute_result"]
        check(results == [expected],
              f"cell {code!r} after the interrupt returned {results}, expected [{expected!r}]; "
              f"outputs {describe(outputs)}")

    def interrupt_by_message(self, seconds=10):
        msg = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(msg)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                reply = self.kc.get_control_msg(timeout=max(0.05, deadline - time.monotonic()))
            except Empty:
                continue
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                check(reply["msg_type"] == "interrupt_reply",
                      f"control channel answered interrupt_request with {reply['msg_type']}")
                return
        raise Failed(f"no interrupt_reply on the control channel within {seconds} s")

    def interrupt(self, how):
        if how == "message":
            self.interrupt_by_message()
        else:
            self.km.interrupt_kernel()

    def interrupted_cell(self, code, how, started_seconds, after_seconds=1.0, reply_seconds=30):
        """Runs code, waits until it printed 'started' (plus after_seconds), interrupts it and
        returns (the error line, seconds from the interrupt to the reply)."""
        msg_id = self.kc.execute(code)
        deadline = time.monotonic() + started_seconds
        started = self.iopub_until(msg_id, deadline, lambda m: m[-1]["msg_type"] == "stream"
                                   and "started" in m[-1]["content"]["text"], early_end=True)
        check(started is not None, f"cell did not start within {started_seconds} s: {code!r}")
        if code == LIBRARY:  # wait for the progress line: the NTK's chunk loop is running
            more = self.iopub_until(msg_id, time.monotonic() + started_seconds,
                                    lambda m: m[-1]["msg_type"] == "display_data", early_end=True)
            check(more is not None, "the NTK's progress line did not appear")
        time.sleep(after_seconds)
        check(self.km.is_alive(), "kernel died before the interrupt")
        t0 = time.monotonic()
        self.interrupt(how)
        outputs, reply = self.finish(msg_id, reply_seconds)
        took = time.monotonic() - t0
        check(self.km.is_alive(), "kernel died at the interrupt")
        check(reply["content"]["status"] == "error",
              f"interrupted cell replied {reply['content']['status']}, expected error")
        errors = [o for o in outputs if o["msg_type"] == "error"]
        others = [o for o in outputs if o["msg_type"] not in ("error", "display_data",
                                                              "update_display_data")]
        check(len(errors) == 1 and not others,
              f"interrupted cell: expected exactly one output, an error; got {describe(outputs)}")
        lines = [ANSI.sub("", l) for t in errors[0]["content"]["traceback"] for l in t.splitlines()]
        lines = [l for l in lines if l.strip()]
        check(len(lines) == 1 and "interrupted" in lines[0].lower(),
              f"the interrupted cell must print one line saying so, got {lines}")
        if code == LIBRARY:  # the progress line was updated in place to its last state
            shown = [str(o["content"]["data"]) for o in outputs
                     if o["msg_type"] in ("display_data", "update_display_data")]
            check(shown and " stopped" in shown[-1],
                  f"the NTK's progress line does not end 'stopped': {shown[-1:]}")
        return lines[0], took

    def idle(self, how):
        # the idle interrupt must not affect the next cell, whatever the order of arrival
        self.interrupt(how)
        time.sleep(0.5)


def describe(outputs):
    out = []
    for o in outputs:
        c = o["content"]
        if o["msg_type"] == "stream":
            out.append(f"stream:{c['text'].strip()[:80]!r}")
        elif o["msg_type"] == "error":
            out.append(f"error:{[ANSI.sub('', t)[:100] for t in c['traceback']][:3]}")
        else:
            out.append(o["msg_type"])
    return "[" + ", ".join(out) + "]"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", default="ftlab")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--no-library", action="store_true", help="skip the ftlab library loop")
    ap.add_argument("--log", default=None, help="the kernel's output goes here (default: a "
                    "temporary file, named if a check fails)")
    a = ap.parse_args()
    t_start = time.monotonic()
    log_path = a.log or tempfile.mkstemp(prefix="ftlab-interrupt-kernel-", suffix=".log")[1]
    log = open(log_path, "w")
    k = Kernel(a.kernel, start_timeout=120, log=log)
    print(f"interrupt test: kernel '{a.kernel}' started in {time.monotonic() - t_start:.1f} s, "
          f"interrupt_mode {k.mode}", flush=True)
    failures = 0
    try:
        k.value("6 * 7", "42")
        for r in range(1, a.rounds + 1):
            steps = [
                ("busy Java loop, Interrupt (kernelspec mode)",
                 lambda: k.interrupted_cell(BUSY, "kernelspec", 60)),
                ("value after it", lambda: k.value(f"40 + {r} + 1 - {r} + 1", "42")),
                ("Thread.sleep, interrupt_request message",
                 lambda: k.interrupted_cell(SLEEP, "message", 60)),
                ("value after it", lambda: k.value("\"forty-two\".length() + 33", "42")),
                ("idle kernel, Interrupt (kernelspec mode)", lambda: k.idle("kernelspec")),
                ("idle kernel, interrupt_request message", lambda: k.idle("message")),
                ("value after the idle interrupts", lambda: k.value("String.valueOf(4) + 2",
                                                                   "42")),
            ]
            if r == 1 and not a.no_library:
                steps += [
                    ("ftlab NTK chunk loop, Interrupt (kernelspec mode)",
                     lambda: k.interrupted_cell(LIBRARY, "kernelspec", 120, after_seconds=2.0)),
                    ("value after it", lambda: k.value("6 * 7", "42")),
                ]
            for what, step in steps:
                t0 = time.monotonic()
                try:
                    res = step()
                except Failed as e:
                    failures += 1
                    print(f"interrupt test: round {r}, {what}: FAILED: {e}", flush=True)
                    if not k.km.is_alive():
                        raise
                    continue
                detail = ""
                if isinstance(res, tuple):
                    line, took = res
                    detail = f": reply {took:.1f} s after the interrupt, printed {line.strip()!r}"
                    if what.startswith("ftlab") and "ignored the interrupt" in line:
                        failures += 1
                        print(f"interrupt test: round {r}, {what}: FAILED: the library loop "
                              f"ignored the interrupt and was stopped by force", flush=True)
                        continue
                print(f"interrupt test: round {r}, {what}: ok ({time.monotonic() - t0:.1f} s)"
                      f"{detail}", flush=True)
        t0 = time.monotonic()
        k.shutdown()
        print(f"interrupt test: shutdown_request: the kernel exited ({time.monotonic() - t0:.1f} s)",
              flush=True)
    except Failed as e:
        failures += 1
        print(f"interrupt test: FAILED: {e}", flush=True)
    finally:
        k.close()
        log.close()
    took = time.monotonic() - t_start
    if failures:
        print(f"interrupt test: {failures} check(s) FAILED ({took:.1f} s); the kernel's log: "
              f"{log_path}", flush=True)
        return 1
    if not a.log:
        os.unlink(log_path)
    print(f"interrupt test: all checks passed in {took:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
