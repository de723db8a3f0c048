/**
 * Specs as JSON and YAML files: {@link dev.portcullis.spec.Specs} reads and writes them,
 * {@link dev.portcullis.spec.PortcullisJsonModule} teaches any Jackson mapper the same format.
 *
 * <h2>The document</h2>
 * A document is a mapping whose {@code kind} names what it describes. Field names are those of the
 * field paths in error messages, so {@code rules[1].sources[0]} in a message is
 * {@code rules → second entry → sources → first entry} in the file. Fields left out take the
 * builders' defaults; unknown fields are errors.
 *
 * <h3>{@code kind: port-policy}</h3>
 * <pre>
 * kind: port-policy
 * name: smtp-inbound              # a-z, 0-9, inner '-', at most 32
 * zone: public                    # optional (firewalld)
 * description: SMTP from partners # optional
 * rules:
 *   - action: allow               # allow (default), deny, reject
 *     protocol: tcp               # tcp (default), udp
 *     ports: ["25", "1000-2000"]  # text or numbers
 *     direction: inbound          # inbound (default), outbound
 *     sources: ["203.0.113.0/24", "2001:db8::/48"]   # optional; none means any
 *     families: [ipv4]            # optional; derived from the sources otherwise
 *     rateLimit: {count: 60, per: minute, burst: 20} # per: second, minute, hour, day; burst optional
 *     logPrefix: SMTP-IN          # optional; implies logged: true
 *     logged: true                # optional
 *     description: MX traffic     # optional
 * </pre>
 *
 * <h3>{@code kind: mail-server}</h3>
 * <pre>
 * kind: mail-server
 * hostname: mail.example.com
 * origin: example.com                        # default: the host name's parent
 * acceptedDomains: [example.com, example.org]
 * trustedNetworks: ["192.168.1.0/24"]        # 0.0.0.0/0 or ::/0 only with the override below
 * listenInterfaces: [all]                    # all (default), loopback-only, or addresses
 * ipFamilies: [ipv4, ipv6]                   # default both
 * tls:
 *   certificate: /etc/ssl/certs/mail.pem
 *   privateKey: /etc/ssl/private/mail.key
 *   selfSigned: false                        # true: generated on the host when absent
 *   minimumVersion: TLSv1.2                  # TLSv1, TLSv1.1, TLSv1.2, TLSv1.3
 *   securityLevel: may                       # may, encrypt
 *   cipherPolicy: intermediate               # modern, intermediate, opportunistic; default: the server's own
 * submission: true                           # 587, needs tls
 * smtps: false                               # 465, needs tls
 * relayHost:                                 # a smart host for outgoing mail
 *   host: email-smtp.eu-west-1.amazonaws.com
 *   port: 587                                # 587 STARTTLS, 465 implicit TLS, 25 (default)
 *   user: AKIAIOSFODNN7EXAMPLE               # optional login: then TLS only (smtp_tls_security_level=encrypt)
 *   password: file:/etc/portcullis/ses-smtp-password # a reference, never the password itself
 *   trustedCa: /etc/ssl/certs/ca-certificates.crt    # optional: verify the relay (secure)
 * maxMessageSize: 50MB                       # bytes, or KB / MB / GB (binary)
 * connectionLimits: {connectionsPerMinute: 60, concurrentConnections: 10, messagesPerMinute: 100}
 * vrfyDisabled: true
 * logRetention: 60d                          # keep the mail log this many days (rotated daily)
 * postfix:                                   # settings only the postfix backend uses
 *   sasl: {type: dovecot, path: private/auth} # dovecot or cyrus; path below the queue directory
 *   processLimit: 100                        # default_process_limit
 *   extra:                                   # main.cf parameters the model has no field for
 *     max_idle: 200s                         # a name postconf -d knows; not one the spec's fields set
 *     default_destination_concurrency_limit: 10
 * virtualMailboxes:
 *   type: static                             # none, static, mysql
 *   mailboxes:
 *     - {address: alice@example.com, mailbox: example.com/alice/}
 *     - address: bob@example.com             # password: may log in on 587/465 to send mail
 *       mailbox: example.com/bob/
 *       password: env:BOB_PASSWORD           # a reference, or a hash: "{SHA512-CRYPT}$6$..."
 *   mysql:                                   # with type: mysql
 *     host: db.example.com
 *     port: 3306
 *     database: mail
 *     user: postfix
 *     password: env:DB_PASSWORD              # or file:/run/secrets/db; never the password itself
 *     mailboxLookup: {table: mailboxes, keyColumn: email, resultColumn: maildir}
 *     domainLookup: {table: domains, keyColumn: domain, resultColumn: domain}   # optional
 *     aliasLookup: {table: aliases, keyColumn: source, resultColumn: destination} # optional
 *   baseDirectory: /var/mail/vhosts
 *   owner: {uid: 5000, gid: 5000}
 * allowOpenRelayKnowingItWillBeAbused: false
 * </pre>
 *
 * <h2>Errors</h2>
 * Every problem of a document is reported at once in a {@link dev.portcullis.spec.SpecFileException},
 * each with its line and field path: syntax errors (at Jackson's location), unknown and duplicate
 * fields, wrong types, and everything the model's builders refuse. Messages never echo control
 * characters, and never the value of a secret reference that is not one.
 */
package dev.portcullis.spec;
