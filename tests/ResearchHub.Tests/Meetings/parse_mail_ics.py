#!/usr/bin/env python3
"""Parse RFC 5322 messages with Python's email package and print, one JSON object per file and line,
their recipients, subject, plain text, one-click unsubscribe headers and attachments (file name, content type with parameters,
and the decoded content as text), so tests can hand a calendar attachment to parse_ics.py.

usage: /usr/bin/python3 parse_mail_ics.py FILE [FILE ...]
"""
import email
import email.policy
import json
import sys


def parse(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    attachments = []
    for part in msg.iter_attachments():
        attachments.append({
            "filename": part.get_filename(),
            "content_type": part.get_content_type(),
            "method": part.get_param("method"),
            "content": part.get_payload(decode=True).decode("utf-8"),
        })
    text = msg.get_body(preferencelist=("plain",))
    return {
        "file": path,
        "to": [a.addr_spec for a in msg["To"].addresses] if msg["To"] else [],
        "envelope_to": [r.strip() for h in msg.get_all("X-RcptTo", []) for r in str(h).split(",") if r.strip()],
        "subject": str(msg["Subject"]),
        "text": text.get_content() if text is not None else None,
        "attachments": attachments,
        "defects": [type(d).__name__ for p in msg.walk() for d in p.defects],
        "list_unsubscribe": str(msg["List-Unsubscribe"]) if msg["List-Unsubscribe"] else None,
        "list_unsubscribe_post": str(msg["List-Unsubscribe-Post"]) if msg["List-Unsubscribe-Post"] else None,
    }


def main():
    for path in sys.argv[1:]:
        print(json.dumps(parse(path)), flush=True)


if __name__ == "__main__":
    main()
