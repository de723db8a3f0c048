package dev.portcullis.postfix;

import dev.portcullis.LoginPassword;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SaslType;
import dev.portcullis.SecretRef;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import dev.portcullis.plan.Undo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Dovecot as the SASL server of the submission ports: the spec's mailbox users with a password
 * ({@link dev.portcullis.VirtualMailboxes#logins()}) become a Dovecot {@code passwd-file}, and
 * Dovecot's auth service listens at Postfix's {@code smtpd_sasl_path} ({@code private/auth} below
 * the queue directory, mode 0660 postfix:postfix).
 *
 * <p>Two files, both owned by Portcullis (backed up, recorded, proven, rolled back, removed):
 * {@value #CONFIG} (no secret; 0640 root:dovecot), picked up by Dovecot's
 * {@code !include conf.d/*.conf}, which adds one passdb and the listener; and {@value #USERS}
 * (0640 root:dovecot), one line per login with a salted hash: a password given as a
 * {@link SecretRef} is resolved and hashed ({@link DovecotPasswordHash}) in this JVM at apply time
 * and reaches the host only as sensitive standard input. Like the MySQL maps, the users file is
 * never digested; a redacted twin (references in place of hashes) tells later plans whether it is
 * current. Dovecot's own passdbs (PAM on Debian) stay as they are, after which this one is asked.
 */
final class DovecotAuth {

    /** Portcullis's Dovecot configuration: the passdb and the auth listener for Postfix. */
    static final String CONFIG = "/etc/dovecot/conf.d/99-portcullis-auth.conf";
    /** The logins, one {@code address:{SCHEME}hash} line each. */
    static final String USERS = "/etc/dovecot/portcullis-users";
    /** Postfix's queue directory on the distributions Portcullis supports; smtpd_sasl_path is below it. */
    static final String QUEUE_DIRECTORY = "/var/spool/postfix";
    /** {@code doveadm reload} when Dovecot is not running. */
    static final int NOT_RUNNING = 75;

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String specName;
    private final String socket;
    private final Map<String, LoginPassword> logins;

    private DovecotAuth(String specName, String socket, Map<String, LoginPassword> logins) {
        this.specName = specName;
        this.socket = socket;
        this.logins = Map.copyOf(logins);
    }

    /**
     * @param spec the mail server
     * @return the Dovecot setup, when the spec has submission (587 or 465) with Dovecot as the SASL
     *     server and at least one login; empty otherwise
     */
    static Optional<DovecotAuth> forSpec(MailServerSpec spec) {
        if (!(spec.submission() || spec.smtps()) || spec.postfixTuning().saslType() != SaslType.DOVECOT
                || spec.virtualMailboxes().logins().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DovecotAuth(spec.name(), saslSocket(spec), spec.virtualMailboxes().logins()));
    }

    /**
     * @param spec the mail server
     * @return where Postfix looks for the SASL server's socket: {@code smtpd_sasl_path} below the queue directory
     */
    static String saslSocket(MailServerSpec spec) {
        return QUEUE_DIRECTORY + "/" + spec.postfixTuning().saslPath();
    }

    /** @return the redacted twin of {@link #USERS} (references in place of hashes), under Portcullis's own folder */
    static String usersTwin() {
        return PostfixPaths.redactedTwin(USERS);
    }

    /** @return the files this setup writes, the twin included */
    static List<String> paths() {
        return List.of(CONFIG, USERS, usersTwin());
    }

    /** @return the text of {@value #CONFIG} */
    String config() {
        return "# Written by Portcullis for " + specName + "; re-apply overwrites it, remove deletes it.\n"
                + "# SASL for Postfix's submission ports: logins from " + USERS + ".\n"
                + "service auth {\n"
                + "  unix_listener " + socket + " {\n"
                + "    mode = 0660\n"
                + "    user = postfix\n"
                + "    group = postfix\n"
                + "  }\n"
                + "}\n"
                + "passdb {\n"
                + "  driver = passwd-file\n"
                + "  args = username_format=%u " + USERS + "\n"
                + "}\n";
    }

    /** @return the users file with each reference shown as {@code <env:NAME>}: safe to show and digest */
    String redactedUsers() {
        StringBuilder sb = new StringBuilder();
        logins.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append(e.getKey()).append(':')
                .append(e.getValue().secret().map(ref -> "<" + ref + ">").orElseGet(() -> e.getValue().hash().orElseThrow()))
                .append("::::::\n"));
        return sb.toString();
    }

    /** @return the users file to write: each reference resolved now and hashed under a fresh salt */
    private String users() {
        StringBuilder sb = new StringBuilder();
        logins.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append(e.getKey()).append(':')
                .append(e.getValue().secret().map(DovecotAuth::resolveAndHash).orElseGet(() -> e.getValue().hash().orElseThrow()))
                .append("::::::\n"));
        return sb.toString();
    }

    private static String resolveAndHash(SecretRef ref) {
        String value = ref.resolve().reveal();
        if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // the message names the reference only, never the value
            throw new IllegalStateException("secret " + ref + " is empty or holds control characters; no login can use it");
        }
        return DovecotPasswordHash.pbkdf2(value);
    }

    /**
     * @param s the snapshot
     * @return whether a file of this setup is missing or not what this spec writes
     */
    boolean stale(PostfixSnapshot s) {
        return !s.files().digest(CONFIG).equals(Optional.of(MapFile.sha256(config())))
                || !s.files().digest(usersTwin()).equals(Optional.of(MapFile.sha256(redactedUsers())));
    }

    private static Command doveadm(String verb) {
        return Command.builder("doveadm").arg(verb).timeout(TIMEOUT).successExitCodes(0, NOT_RUNNING).build();
    }

    private static Command start() {
        return Command.builder("dovecot").timeout(TIMEOUT).build();
    }

    /** @return {@code doveconf}, which parses the whole configuration and fails on any error in it */
    private static Command check() {
        return Command.builder("doveconf").args("-h", "base_dir").timeout(TIMEOUT).build();
    }

    private Command writeConfig() {
        return FileCommands.write(CONFIG, "0640", "dovecot", config());
    }

    private Command writeTwin() {
        return FileCommands.write(usersTwin(), "0600", "root", redactedUsers());
    }

    /**
     * Writes both files, checks the configuration with {@code doveconf}, and makes Dovecot serve it
     * ({@code doveadm reload}, or {@code dovecot} when it was not running). Proven by the digests of
     * the configuration and the twin, the mode and owner of the users file, and the socket being
     * there for Postfix; undone by restoring (or deleting) the files and serving them again, or
     * stopping a Dovecot this step started.
     *
     * @param s the snapshot the plan is made from
     * @return the step
     */
    Step step(PostfixSnapshot s) {
        AtomicReference<Boolean> wasRunning = new AtomicReference<>();
        StepAction action = new StepAction() {
            @Override
            public void run(StepContext context) {
                context.run(writeConfig());
                context.run(FileCommands.writeSecret(USERS, "0640", "dovecot", users()));
                context.run(writeTwin());
                context.run(check());
                boolean running = context.run(doveadm("reload")).exitCode() == 0;
                wasRunning.set(running);
                if (!running) {
                    context.run(start());
                }
            }

            @Override
            public List<Command> commands() {
                return List.of(writeConfig(), FileCommands.writeSecret(USERS, "0640", "dovecot", redactedUsers()), writeTwin(),
                        check(), doveadm("reload"), start());
            }
        };
        Command digests = PostfixSnapshot.digestCommand(List.of(CONFIG, usersTwin()));
        Command modes = Command.builder("stat").args("-c", "%n %a %U %G %F", "--", CONFIG, USERS, socket)
                .successExitCodes(0, 1).build();
        String wantConfig = MapFile.sha256(config());
        String wantTwin = MapFile.sha256(redactedUsers());
        Probe probe = new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                FileDigests live = FileDigests.parse(context.execute(digests).stdout());
                List<String> wrong = new ArrayList<>();
                if (!live.digest(CONFIG).equals(Optional.of(wantConfig))) {
                    wrong.add(CONFIG + " does not hold what was written");
                }
                if (!live.digest(usersTwin()).equals(Optional.of(wantTwin))) {
                    wrong.add(usersTwin() + " does not hold what was written");
                }
                String stat = context.execute(modes).stdout();
                for (String want : List.of(CONFIG + " 640 root dovecot regular", USERS + " 640 root dovecot regular",
                        socket + " 660 postfix postfix socket")) {
                    if (!stat.contains(want)) {
                        wrong.add("expected " + want);
                    }
                }
                return wrong.isEmpty() ? ProbeResult.ok("Dovecot serves " + logins.size() + " logins at " + socket)
                        : ProbeResult.failed(String.join("; ", wrong) + " (stat: " + stat.strip() + ")");
            }

            @Override
            public String description() {
                return "the Dovecot files hold what was written (users 0640 root:dovecot) and its auth socket is at " + socket;
            }

            @Override
            public List<Command> commands() {
                return List.of(digests, modes);
            }
        };
        List<Command> restore = PostfixSteps.restoreOrRemove(s, paths()).action().orElseThrow().commands();
        StepAction undo = new StepAction() {
            @Override
            public void run(StepContext context) {
                restore.forEach(context::run);
                Boolean before = wasRunning.get();
                if (before == null) {
                    return; // doveconf refused the files: the running Dovecot never saw them
                }
                context.run(doveadm(before ? "reload" : "stop"));
            }

            @Override
            public List<Command> commands() {
                List<Command> c = new ArrayList<>(restore);
                c.add(doveadm("reload"));
                c.add(doveadm("stop"));
                return c;
            }
        };
        return Step.of("configure Dovecot as the SASL server of the submission ports: " + logins.size() + " logins in "
                + USERS + " (passwords resolved and hashed now, never shown), auth socket at " + socket
                + "; doveconf, then reload Dovecot (start it when stopped)", action, probe, Undo.by(undo));
    }

    /**
     * @return the step of a removal that makes Dovecot drop Portcullis's files after they were
     *     deleted: a reload when it runs, nothing when it is stopped
     */
    static Step reloadAfterRemoval() {
        return Step.of("reload Dovecot, so it no longer serves the logins Portcullis set up", StepAction.commands(doveadm("reload")),
                Probe.none("Dovecot is left running or stopped, as it was"), Undo.by(StepAction.commands(doveadm("reload"))));
    }

}
