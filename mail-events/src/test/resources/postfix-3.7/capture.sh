#!/bin/sh
# Produces postfix.log in this folder: real Postfix 3.7 log lines (maillog_file) from the project's
# test image, driven by swaks from a second container on a private Docker network.
# Run from the repository root after scripts/build-test-images.sh:
#   sh mail-events/src/test/resources/postfix-3.7/capture.sh
# Test traffic stays on the Docker network this script creates.
set -eu
OUT=$(cd "$(dirname "$0")" && pwd)/maillog
IMG=portcullis-testhost:latest
NET=evcap-net
docker network create "$NET" >/dev/null
trap 'docker rm -f evcap-host evcap-client >/dev/null 2>&1; docker network rm "$NET" >/dev/null 2>&1' EXIT
docker run -d --name evcap-host --hostname testhost.portcullis.test --network "$NET" "$IMG" >/dev/null
docker run -d --name evcap-client --hostname client.portcullis.test --network "$NET" "$IMG" >/dev/null
HOST_IP=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' evcap-host)
CLIENT_IP=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' evcap-client)
h() { docker exec evcap-host "$@"; }
c() { docker exec evcap-client "$@" >/dev/null 2>&1 || true; }

# DNS for the RBL check (dnsmasq answers every name under rbl.portcullis.test with 127.0.0.2),
# and an SPF record that fails every sender of spf-fail.portcullis.test.
h sh -c "printf 'nameserver 127.0.0.1\n' > /etc/resolv.conf"
h dnsmasq --no-resolv --address=/rbl.portcullis.test/127.0.0.2 \
  --txt-record=spf-fail.portcullis.test,"v=spf1 -all" --address=/spf-fail.portcullis.test/192.0.2.1
# TLS, SASL through Dovecot, a 20 kB size limit, RBL and SPF checks, a connection rate limit.
h openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=testhost.portcullis.test \
  -keyout /etc/ssl/private/evcap.key -out /etc/ssl/certs/evcap.pem
h sh -c "cat > /etc/dovecot/local.conf <<'D'
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN /etc/dovecot/evcap.passwd
}
userdb {
  driver = static
  args = uid=mail gid=mail home=/var/empty
}
service auth {
  unix_listener /var/spool/postfix/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
protocols =
D
printf 'alice:{PLAIN}wonderland\n' > /etc/dovecot/evcap.passwd"
h dovecot
h postconf -e "smtpd_tls_cert_file=/etc/ssl/certs/evcap.pem" "smtpd_tls_key_file=/etc/ssl/private/evcap.key" \
  "smtpd_tls_security_level=may" "smtpd_tls_loglevel=1" \
  "smtpd_sasl_auth_enable=yes" "smtpd_sasl_type=dovecot" "smtpd_sasl_path=private/auth" \
  "message_size_limit=20000" "smtpd_client_connection_rate_limit=12" "anvil_rate_time_unit=60s" \
  "smtpd_client_event_limit_exceptions=" "anvil_status_update_time=5s" \
  "smtpd_recipient_restrictions=permit_mynetworks permit_sasl_authenticated reject_unauth_destination check_policy_service unix:private/policyd-spf" \
  "policyd-spf_time_limit=3600" "maximal_queue_lifetime=1h" "bounce_queue_lifetime=1h" \
  "smtp_host_lookup=dns" "disable_dns_lookups=no"
h postconf -F smtp/inet/chroot=n
h postconf -M "policyd-spf/unix=policyd-spf unix - n n - 0 spawn user=nobody argv=/usr/bin/policyd-spf"
h postconf -M "submission/inet=submission inet n - n - - smtpd -o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes"
# a port whose restrictions refuse plaintext sessions: Postfix logs that refusal as a reject line
h postconf -M "2525/inet=2525 inet n - n - - smtpd -o smtpd_recipient_restrictions=reject_plaintext_session,permit_mynetworks,reject_unauth_destination"
h postfix start
for i in $(seq 50); do h sh -c 'printf "" | nc -w1 127.0.0.1 25 | grep -q 220' && break; sleep 0.2; done

S="swaks --server $HOST_IP --helo client.portcullis.test --timeout 10"
# swaks in the image has neither Net::SSLeay nor Authen::SASL: STARTTLS and AUTH go through python3's smtplib
py() { docker exec evcap-client python3 -c "import smtplib,sys; s=smtplib.SMTP('$HOST_IP',${2:-25},'client.portcullis.test'); $1" >/dev/null 2>&1 || true; }
MSG="'Subject: test\\r\\n\\r\\nhello\\r\\n'"
# accepted and delivered locally (no TLS), then one over STARTTLS
c $S --from sender@client.portcullis.test --to root@testhost.portcullis.test
py "s.starttls(); s.ehlo('client.portcullis.test'); s.sendmail('sender@client.portcullis.test',['root@testhost.portcullis.test'],$MSG); s.quit()"
# relay denied, unknown user
c $S --from sender@client.portcullis.test --to someone@elsewhere.example
c $S --from sender@client.portcullis.test --to nosuchuser@testhost.portcullis.test
# oversized: 30 kB over a 20 kB limit, without the SIZE announcement (swaks) and with it (smtplib sends SIZE)
c $S --from sender@client.portcullis.test --to root@testhost.portcullis.test --body "$(head -c 30000 /dev/zero | tr '\0' x)"
py "s.sendmail('sender@client.portcullis.test',['root@testhost.portcullis.test'],'Subject: big\\r\\n\\r\\n'+'x'*30000)"
# SASL: success (then relay as the authenticated user) and a failure
py "s.starttls(); s.ehlo('client.portcullis.test'); s.login('alice','wonderland'); s.sendmail('alice@client.portcullis.test',['friend@elsewhere.example'],$MSG); s.quit()"
py "s.starttls(); s.ehlo('client.portcullis.test'); s.login('alice','wrong')"
# TLS required: submission (587, encrypt) and port 2525 (reject_plaintext_session) without STARTTLS
c $S --port 587 --from alice@client.portcullis.test --to root@testhost.portcullis.test
c $S --port 2525 --from sender@client.portcullis.test --to root@testhost.portcullis.test
# SPF fail and RBL: the client's address is listed by the test RBL from here on
c $S --from someone@spf-fail.portcullis.test --to root@testhost.portcullis.test
h postconf -e "smtpd_recipient_restrictions=permit_mynetworks permit_sasl_authenticated reject_unauth_destination reject_rbl_client rbl.portcullis.test=127.0.0.2"
h postfix reload
c $S --from sender@client.portcullis.test --to root@testhost.portcullis.test
# local submissions: a deferred relay (no route), a bounce to an unknown local user, then expire the deferred one
h sh -c 'printf "Subject: deferred\n\nhello\n" | sendmail -f root@testhost.portcullis.test user@unreachable.invalid'
h sh -c 'printf "Subject: bounce\n\nhello\n" | sendmail -f root@testhost.portcullis.test ghost@testhost.portcullis.test'
sleep 3
h postconf -e "maximal_queue_lifetime=0" "bounce_queue_lifetime=0"
h postfix reload
sleep 1
h postqueue -f
# rate limit: more than 12 connections in the minute from the client
for i in $(seq 14); do c sh -c "printf 'QUIT\r\n' | nc -w2 $HOST_IP 25"; done
sleep 7
h postfix stop
sleep 1
h cat /var/log/postfix.log > "$OUT"
echo "wrote $OUT (host $HOST_IP, client $CLIENT_IP)"
