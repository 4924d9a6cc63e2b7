#!/usr/bin/env python3
"""An SMTP server (aiosmtpd) whose answers depend on the recipient, for the SMTP client's tests.
Mail it accepts goes to a Maildir, as with aiosmtpd's Mailbox handler.

  temp...@  RCPT answered 451 (transient)      perm...@  RCPT answered 550 (permanent)
  bye...@   accepted, then the server closes the connection (a relay closing an idle session)
  anything else: accepted

usage: /usr/bin/python3 scripted_smtp.py PORT MAILDIR
"""
import asyncio
import mailbox
import signal
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


class Scripted(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("temp"):
            return "451 4.3.0 <%s>: try again later" % address
        if local.startswith("perm"):
            return "550 5.1.1 <%s>: no such mailbox here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if any(r.split("@")[0].lower().startswith("bye") for r in envelope.rcpt_tos):
            loop = asyncio.get_running_loop()
            loop.call_later(0.05, server.transport.close)
        return reply


def main():
    port = int(sys.argv[1])
    controller = Controller(Scripted(sys.argv[2]), hostname="127.0.0.1", port=port)
    controller.start()
    print("listening on 127.0.0.1:%d" % port, flush=True)
    stop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.call_soon_threadsafe(stop.stop))
    stop.run_forever()
    controller.stop()


if __name__ == "__main__":
    main()
