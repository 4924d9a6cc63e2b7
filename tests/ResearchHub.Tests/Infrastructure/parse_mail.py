#!/usr/bin/env python3
"""Parse RFC 5322 messages with Python's email package (policy=default) and print one JSON object
per file, one per line: what the tests assert on, so they never string-match our own output.

usage: /usr/bin/python3 parse_mail.py FILE [FILE ...]
"""
import email
import email.policy
import email.utils
import json
import sys


def parse(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)

    headers = {}
    for name, value in msg.items():
        headers.setdefault(name, []).append(str(value))

    def body(kind):
        part = msg.get_body(preferencelist=(kind,))
        return None if part is None else part.get_content()

    date = msg["Date"]
    try:
        date_iso = email.utils.parsedate_to_datetime(str(date)).isoformat() if date else None
    except (TypeError, ValueError):
        date_iso = None

    def addresses(name):
        header = msg[name]
        if header is None:
            return []
        return [a.addr_spec for a in header.addresses]

    return {
        "file": path,
        "headers": headers,
        "message_id": msg["Message-ID"] and str(msg["Message-ID"]).strip(),
        "date": date and str(date),
        "date_iso": date_iso,
        "from": addresses("From"),
        "to": addresses("To"),
        # aiosmtpd's Mailbox handler records the envelope recipients here.
        "envelope_to": [r.strip() for h in msg.get_all("X-RcptTo", []) for r in str(h).split(",") if r.strip()],
        "subject": msg["Subject"] and str(msg["Subject"]),
        "content_type": msg.get_content_type(),
        "is_multipart": msg.is_multipart(),
        "parts": [p.get_content_type() for p in msg.walk() if not p.is_multipart()],
        "text": body("plain"),
        "html": body("html"),
        "defects": [type(d).__name__ for p in msg.walk() for d in p.defects],
        "attachments": [attachment(p) for p in msg.iter_attachments()] if msg.is_multipart() else [],
    }


def attachment(part):
    content = part.get_payload(decode=True) or b""
    return {
        "filename": part.get_filename(),
        "content_type": part.get_content_type(),
        "params": {k: str(v) for k, v in part.get_params()[1:]} if part.get_params() else {},
        "text": content.decode(part.get_content_charset() or "utf-8", errors="replace") if part.get_content_maintype() == "text" else None,
        "size": len(content),
    }


def main():
    for path in sys.argv[1:]:
        print(json.dumps(parse(path)), flush=True)


if __name__ == "__main__":
    main()
