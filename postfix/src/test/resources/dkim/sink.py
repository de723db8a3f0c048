# A client-side SMTP sink for the DKIM test: every message it receives is written, as received,
# to <folder>/<n>.eml. Python 3.11's smtpd (deprecated but shipped in Debian 12); test use only.
import asyncore
import itertools
import os
import smtpd
import sys

host, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(folder, exist_ok=True)
counter = itertools.count()


class Sink(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        path = os.path.join(folder, "%d.eml" % next(counter))
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.rename(path + ".tmp", path)


Sink((host, port), None, decode_data=False)
asyncore.loop()
