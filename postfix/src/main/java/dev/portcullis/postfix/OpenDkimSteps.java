package dev.portcullis.postfix;

import dev.portcullis.DkimSigning;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import dev.portcullis.plan.Undo;
import java.time.Duration;
import java.util.List;

/**
 * The steps DKIM signing adds to an apply: generate the key, keep the package's
 * {@value OpenDkim#CONF} before it is replaced, and make OpenDKIM serve the new files; each proven
 * on the host and undone. The key is made by {@code openssl} on the host and only its public half
 * is ever read back.
 */
final class OpenDkimSteps {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private OpenDkimSteps() {
    }

    /**
     * @param signing the selector and key size
     * @return the step that generates the key in a folder only {@code opendkim} may enter, 0600
     *     owned by {@code opendkim}, proven by its mode and owner and by deriving its public half
     */
    static Step generateKey(DkimSigning signing) {
        String key = OpenDkim.keyFile(signing);
        List<Command> c = List.of(
                Command.builder("install").args("-d", "-m", "0700", "-o", OpenDkim.USER, "-g", OpenDkim.USER, OpenDkim.DIR)
                        .timeout(TIMEOUT).build(),
                // written inside that folder, so no other account can read it even before the chmod
                Command.builder("openssl").args("genpkey", "-algorithm", "RSA", "-pkeyopt",
                        "rsa_keygen_bits:" + signing.keyBits(), "-out", key).timeout(TIMEOUT).build(),
                Command.of("chmod", "0600", key),
                Command.of("chown", OpenDkim.USER + ":" + OpenDkim.USER, key),
                Command.builder("openssl").args("pkey", "-in", key, "-pubout", "-out", OpenDkim.publicFile(signing))
                        .timeout(TIMEOUT).build(),
                Command.of("chmod", "0644", OpenDkim.publicFile(signing)));
        Command stat = Command.builder("stat").args("-c", "%a %U %G", "--", key).successExitCodes(0, 1).build();
        // the public half derived again from the key: proves the key is one, and the file holds its half
        Command pub = Command.builder("openssl").args("pkey", "-in", key, "-pubout").successExitCodes(0, 1).build();
        Command saved = OpenDkim.readPublicKey(signing);
        Probe probe = new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                String modes = context.execute(stat).stdout().strip();
                if (!modes.equals("600 " + OpenDkim.USER + " " + OpenDkim.USER)) {
                    return ProbeResult.failed(key + " is not 0600 " + OpenDkim.USER + ":" + OpenDkim.USER + " (" + modes + ")");
                }
                var r = context.execute(pub);
                if (r.exitCode() != 0 || !r.stdout().contains("PUBLIC KEY")) {
                    return ProbeResult.failed(key + " holds no RSA key: " + r.stderr().strip());
                }
                if (!context.execute(saved).stdout().equals(r.stdout())) {
                    return ProbeResult.failed(OpenDkim.publicFile(signing) + " does not hold the public half of " + key);
                }
                return ProbeResult.ok(signing.keyBits() + "-bit key " + key + " (0600 opendkim); publish "
                        + signing.selector() + "._domainkey TXT " + OpenDkim.txtValue(r.stdout()));
            }

            @Override
            public String description() {
                return key + " is 0600 " + OpenDkim.USER + " and holds an RSA key";
            }

            @Override
            public List<Command> commands() {
                return List.of(stat, pub, saved);
            }
        };
        return Step.of("generate the " + signing.keyBits() + "-bit RSA DKIM key of selector " + signing.selector() + " ("
                + key + ", never shown)", StepAction.commands(c), probe, Undo.by(StepAction.commands(
                        FileCommands.remove(key, OpenDkim.publicFile(signing)),
                        Command.builder("rmdir").args("--ignore-fail-on-non-empty", "--", OpenDkim.DIR).timeout(TIMEOUT).build())));
    }

    /**
     * @param s the snapshot: {@value OpenDkim#CONF} exists and no original is kept yet
     * @return the step that keeps the package's file until remove puts it back
     */
    static Step keepOriginalConf(PostfixSnapshot s) {
        String copy = PostfixPaths.originalCopy(OpenDkim.CONF);
        String digest = s.files().digest(OpenDkim.CONF).orElseThrow();
        return Step.of("keep " + OpenDkim.CONF + " as the package left it in " + PostfixPaths.ORIGINALS_DIR
                + " (remove puts it back)",
                StepAction.commands(FileCommands.makeDirectories("0700", PostfixPaths.ORIGINALS_DIR),
                        FileCommands.copyBelow(List.of(OpenDkim.CONF), PostfixPaths.ORIGINALS_DIR)),
                Probe.of("the kept copy is byte-identical to " + OpenDkim.CONF, PostfixSnapshot.digestCommand(List.of(copy)),
                        r -> FileDigests.parse(r.stdout()).digest(copy).map(digest::equals).orElse(false)
                                ? ProbeResult.ok(OpenDkim.CONF + " kept") : ProbeResult.failed(copy + " differs or is missing")),
                Undo.by(StepAction.commands(FileCommands.remove(copy))));
    }

    /**
     * @param s the snapshot the plan was made from
     * @param files the OpenDKIM files this plan writes
     * @return the step that checks the configuration and restarts OpenDKIM on it
     */
    static Step serve(PostfixSnapshot s, List<String> files) {
        OpenDkimService action = new OpenDkimService(files, s);
        return Step.of("opendkim -n, then restart OpenDKIM (systemctl, or its pid file where systemd does not run)",
                action, OpenDkimService.probe(), Undo.by(action.undo()));
    }

    /**
     * @return for remove: OpenDKIM restarted on the configuration put back, when it runs; then
     *     Portcullis's OpenDKIM folder deleted with the keys it generated
     */
    static List<Step> removal() {
        // Portcullis's own folder, a fixed path: the keys and tables it generated, nothing else
        Command rmdir = Command.builder("rm").args("-rf", "--", OpenDkim.DIR).timeout(TIMEOUT).build();
        return List.of(Step.of("restart OpenDKIM, when it runs, on the configuration put back; delete " + OpenDkim.DIR
                + " with the keys Portcullis generated", new StepAction() {
                    @Override
                    public void run(StepContext context) {
                        OpenDkimService.restartIfRunning().run(context);
                        context.run(rmdir);
                    }

                    @Override
                    public List<Command> commands() {
                        List<Command> c = new java.util.ArrayList<>(OpenDkimService.restartIfRunning().commands());
                        c.add(rmdir);
                        return c;
                    }
                }, Probe.of(OpenDkim.DIR + " is gone", Command.builder("test").args("-e", OpenDkim.DIR)
                        .successExitCodes(0, 1).build(), r -> r.exitCode() == 1 ? ProbeResult.ok(OpenDkim.DIR + " deleted")
                                : ProbeResult.failed(OpenDkim.DIR + " is still there")),
                Undo.irreversible("the keys are deleted; the configuration is already restored")));
    }
}
