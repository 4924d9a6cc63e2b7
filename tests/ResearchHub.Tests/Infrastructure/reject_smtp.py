#!/usr/bin/env python3
"""An SMTP server that refuses every recipient with 550 (a permanent failure), for the outbox's
"mark failed, do not retry for ever" test.

usage: /usr/bin/python3 reject_smtp.py PORT
"""
import asyncio
import signal
import sys

from aiosmtpd.controller import Controller


class RejectEveryone:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 <%s>: no such mailbox here" % address

    async def handle_DATA(self, server, session, envelope):
        return "554 5.5.1 no valid recipients"


def main():
    port = int(sys.argv[1])
    controller = Controller(RejectEveryone(), hostname="127.0.0.1", port=port)
    controller.start()
    print("listening on 127.0.0.1:%d" % port, flush=True)
    stop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.call_soon_threadsafe(stop.stop))
    stop.run_forever()
    controller.stop()


if __name__ == "__main__":
    main()
