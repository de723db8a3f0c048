# Verifies the DKIM signature of a message with dkimpy against a TXT record given as a file
# (the record Portcullis says to publish), instead of a DNS lookup. Prints True or False.
import sys

import dkim

message = open(sys.argv[1], "rb").read()
# smtpd joins lines with LF; on the wire (and for the signature) they are CRLF
message = message.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
if len(sys.argv) > 4:
    message = message.replace(sys.argv[4].encode(), sys.argv[4].encode() + b" (altered)")
name = sys.argv[2].rstrip(".").encode()
record = open(sys.argv[3], "rb").read().strip()


def lookup(query, timeout=5):
    return record if query.rstrip(b".") == name else None


print(dkim.verify(message, dnsfunc=lookup))
