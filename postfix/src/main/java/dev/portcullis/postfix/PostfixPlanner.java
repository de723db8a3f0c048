package dev.portcullis.postfix;

import dev.portcullis.MailServerSpec;
import dev.portcullis.Tls;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans an apply as a pure function of (spec, snapshot): only the main.cf keys and master.cf
 * services that differ, only the map files that are stale. Steps, in order: back up and record what
 * is about to change (one step), generate a self-signed certificate, install the missing packages
 * and enable their services (see {@link PackageInstall}, {@link ServiceStart}; on a host without
 * Postfix these two come first, before the backup, which needs main.cf), write map files, create or take over the
 * mailbox folder (see {@link MailboxBaseDirectory}), ONE {@code postconf -e}, ONE {@code postconf -M}, then {@code postfix check} and
 * reload. Each is proven by reading the host back and undone by restoring the rollback copies;
 * the final check is the SMTP probe, and after a rollback every touched file is proven
 * byte-identical to the snapshot. Every value set before Portcullis that the plan replaces is
 * named in a warning note, old and new (see {@link ReplacedValues}).
 */
final class PostfixPlanner {

    static final String BACKEND = "postfix";

    private PostfixPlanner() {
    }

    /**
     * @param spec the mail server
     * @return every file whose state the plan depends on
     */
    static List<String> watchedPaths(MailServerSpec spec) {
        List<String> p = new ArrayList<>(List.of(PostfixPaths.MAIN_CF, PostfixPaths.MASTER_CF, PostfixPaths.ORIGINAL_MAIN_CF,
                PostfixPaths.ORIGINAL_MASTER_CF, PostfixPaths.RECORD, PostfixPaths.APPLIED_DIGESTS, PostfixPaths.STATIC_MAILBOX_MAP,
                PostfixPaths.STATIC_MAILBOX_MAP + ".db", LogRetentionPolicy.POLICY_FILE));
        for (String m : PostfixPaths.SECRET_FILES) {
            p.add(PostfixPaths.redactedTwin(m)); // the map itself is never digested
        }
        p.add(DovecotAuth.CONFIG); // watched whatever the spec: a removal deletes it when the record says so
        spec.tls().ifPresent(t -> {
            p.add(t.certificate().toString());
            p.add(t.privateKey().toString());
        });
        // fixed paths, so that remove finds them whatever spec it is given
        p.addAll(List.of(OpenDkim.CONF, OpenDkim.KEY_TABLE, OpenDkim.SIGNING_TABLE, OpenDkim.TRUSTED_HOSTS,
                PostfixPaths.originalCopy(OpenDkim.CONF), PolicydSpf.CONF));
        spec.dkim().ifPresent(d -> p.add(OpenDkim.publicFile(d)));
        p.addAll(PackageInstall.watchedFiles(spec)); // components that are no program: is their file there?
        return p;
    }

    /**
     * @param spec the mail server
     * @return every directory whose owner the plan depends on: the virtual mailbox base, if any
     */
    static List<String> watchedDirectories(MailServerSpec spec) {
        VirtualMailboxes vm = spec.virtualMailboxes();
        List<String> d = new ArrayList<>();
        if (vm.kind() != VirtualMailboxes.Kind.NONE) {
            d.add(vm.baseDirectory());
        }
        if (SaslServer.mustBeSeen(spec)) {
            d.add(DovecotAuth.saslSocket(spec)); // stat tells a socket apart from nothing
        }
        return d;
    }

    /**
     * @param current a value from postconf -n, or null when the key is not set
     * @param wanted the wanted value
     * @return whether Postfix would behave the same (list separators ignored; unset equals empty)
     */
    static boolean same(String current, String wanted) {
        if (current == null) {
            return wanted.isBlank();
        }
        return PostconfOutput.normalize(current).equals(PostconfOutput.normalize(wanted));
    }

    /**
     * @param spec the desired mail server
     * @param s the one snapshot of the host
     * @param probe where the final SMTP probe connects
     * @return the plan; empty when the host has converged
     */
    static Plan plan(MailServerSpec spec, PostfixSnapshot s, ProbeTarget probe) {
        return plan(spec, s, probe, null, Map.of());
    }

    /**
     * @param spec the desired mail server
     * @param s the one snapshot of the host
     * @param probe where the final SMTP probe connects
     * @param manager the host's package manager ("apt-get", "dnf"), when packages are missing
     * @param missing packages to install first, by the program they bring (see {@link PackageInstall})
     * @return the plan; empty when the host has converged
     */
    static Plan plan(MailServerSpec spec, PostfixSnapshot s, ProbeTarget probe, String manager, Map<String, String> missing) {
        Plan.Builder plan = Plan.builder(BACKEND, "mail server " + spec.hostname() + " (" + spec.name() + ")");
        OwnershipRecord record = s.record();
        VirtualMailboxes vm = spec.virtualMailboxes();
        if (vm.kind() != VirtualMailboxes.Kind.NONE) {
            MailboxBaseDirectory.check(vm, s);
        }
        SaslServer.check(spec, s);
        Optional<DovecotAuth> dovecot = DovecotAuth.forSpec(spec).filter(d -> d.stale(s));

        Map<String, String> desired = PostfixSettings.mainCf(spec);
        Map<String, String> toSet = new LinkedHashMap<>();
        List<String> toUnset = new ArrayList<>();
        desired.forEach((k, v) -> {
            if (!same(s.parameters().get(k), v)) {
                toSet.put(k, v);
            }
        });
        // keys Portcullis set earlier that this spec no longer wants go back to what they were
        record.mainKeys().forEach((k, original) -> {
            if (desired.containsKey(k)) {
                return;
            }
            String current = s.parameters().get(k);
            if (original.isPresent() && !same(current, original.get())) {
                toSet.put(k, original.get());
            } else if (original.isEmpty() && current != null) {
                toUnset.add(k);
            }
        });

        Map<String, MasterEntry> desiredServices = PostfixSettings.masterCf(spec, s.services());
        Map<String, String> servicesToSet = new LinkedHashMap<>();
        List<String> servicesToDelete = new ArrayList<>();
        desiredServices.forEach((k, e) -> {
            if (!e.sameAs(s.services().get(k))) {
                servicesToSet.put(k, e.line());
            }
        });
        record.services().forEach((k, original) -> {
            if (desiredServices.containsKey(k)) {
                return;
            }
            MasterEntry current = s.services().get(k);
            if (original.isPresent() && !MasterEntry.parse(original.get()).sameAs(current)) {
                servicesToSet.put(k, original.get());
            } else if (original.isEmpty() && current != null) {
                servicesToDelete.add(k);
            }
        });

        List<MapFile> staleMaps = PostfixSettings.mapFiles(spec).stream().filter(m -> stale(m, s)).toList();
        boolean generateCertificate = needsCertificate(spec, s);
        boolean generateKey = spec.dkim().isPresent() && !s.files().exists(OpenDkim.publicFile(spec.dkim().get()));
        List<String> dkimFiles = staleMaps.stream().map(MapFile::path).filter(OpenDkim::isOwnFile).toList();
        boolean keepOpenDkimConf = dkimFiles.contains(OpenDkim.CONF) && s.files().exists(OpenDkim.CONF)
                && !s.files().exists(PostfixPaths.originalCopy(OpenDkim.CONF));
        List<String> keyPaths = generateKey
                ? List.of(OpenDkim.keyFile(spec.dkim().get()), OpenDkim.publicFile(spec.dkim().get())) : List.of();

        OwnershipRecord newRecord = record;
        for (String k : toSet.keySet()) {
            if (desired.containsKey(k)) {
                newRecord = newRecord.withMainKey(k, Optional.ofNullable(s.parameters().get(k)));
            }
        }
        for (String k : servicesToSet.keySet()) {
            if (desiredServices.containsKey(k)) {
                newRecord = newRecord.withService(k, Optional.ofNullable(s.services().get(k)).map(MasterEntry::line));
            }
        }
        List<String> mapPaths = new ArrayList<>();
        for (MapFile m : staleMaps) {
            mapPaths.add(m.path());
            newRecord = newRecord.withFile(m.path());
            if (m.postmapType() != null) {
                mapPaths.add(m.path() + ".db");
                newRecord = newRecord.withFile(m.path() + ".db");
            }
            if (m.secret()) {
                mapPaths.add(PostfixPaths.redactedTwin(m.path()));
            }
        }
        if (dovecot.isPresent()) {
            newRecord = newRecord.withFile(DovecotAuth.CONFIG).withFile(DovecotAuth.USERS);
        }
        for (String pkg : missing.values()) {
            newRecord = newRecord.withPackage(manager, pkg);
        }
        boolean mailboxFolder = vm.kind() != VirtualMailboxes.Kind.NONE && MailboxBaseDirectory.needsChange(vm, s);
        if (mailboxFolder) {
            newRecord = newRecord.withDirectory(vm.baseDirectory(), MailboxBaseDirectory.ownerBefore(vm, s));
        }
        List<String> certPaths = new ArrayList<>();
        if (generateCertificate) {
            Tls tls = spec.tls().orElseThrow();
            certPaths.add(tls.certificate().toString());
            certPaths.add(tls.privateKey().toString());
            newRecord = newRecord.withFile(tls.certificate().toString()).withFile(tls.privateKey().toString());
        }

        boolean installsPostfix = !s.postfixInstalled();
        if (installsPostfix && !missing.containsKey("postconf")) {
            throw new IllegalStateException("Postfix is not installed (no postconf on PATH) and this plan does not install it");
        }
        if (installsPostfix) {
            plan.note("Postfix is not installed: the plan installs it first (on Debian with \"No configuration\", then an"
                    + " empty main.cf: Postfix's built-in defaults) and sets every main.cf key of the spec, computed against"
                    + " that empty configuration; on RHEL the package's own main.cf stays underneath for the keys the spec"
                    + " does not set");
        }
        spec.tls().filter(Tls::selfSigned).ifPresent(t -> plan.note("WARNING: TLS uses a self-signed certificate ("
                + t.certificate() + "): mail clients will not trust it and other servers encrypt without"
                + " authenticating; replace it with a CA-issued certificate for production"));
        if (generateCertificate) {
            plan.note("WARNING: a self-signed certificate for " + spec.hostname() + " is generated on the host with openssl");
        }
        ReplacedValues.notes(desired, toSet, desiredServices, servicesToSet, s).forEach(plan::note);
        SaslServer.notes(spec).forEach(plan::note);
        TlsCipherSettings.notes(spec).forEach(plan::note);
        if (mailboxFolder) {
            MailboxBaseDirectory.ownerBefore(vm, s).ifPresent(before -> plan.note("WARNING: takes over the existing folder "
                    + vm.baseDirectory() + " as the mailbox folder: owner " + before + " -> " + vm.uid() + ":" + vm.gid()
                    + " (recorded; rollback and remove give it back)"));
        }
        DnsRecords.forSpec(spec, s.dkimPublicKey()).asNotes().forEach(plan::note);
        if (probe.address().isEmpty()) {
            plan.note(probe.reason());
        }

        boolean changes = !toSet.isEmpty() || !toUnset.isEmpty() || !servicesToSet.isEmpty() || !servicesToDelete.isEmpty()
                || !staleMaps.isEmpty() || generateCertificate || mailboxFolder || dovecot.isPresent()
                || generateKey || !missing.isEmpty();
        if (!changes) {
            return plan.build();
        }
        boolean configEdits = !toSet.isEmpty() || !toUnset.isEmpty() || !servicesToSet.isEmpty() || !servicesToDelete.isEmpty();
        // Only while the files are exactly as Portcullis left them (or on the first apply) may
        // remove later restore the originals byte for byte; after an admin's edit it restores keys.
        boolean firstApply = !s.files().exists(PostfixPaths.ORIGINAL_MAIN_CF);
        boolean rememberDigests = configEdits && (firstApply || PostfixSteps.untouchedSinceApply(s));
        List<String> written = new ArrayList<>(List.of(PostfixPaths.RECORD, PostfixPaths.APPLIED_DIGESTS));
        written.addAll(mapPaths);
        written.addAll(certPaths);
        if (dovecot.isPresent()) {
            written.addAll(DovecotAuth.paths());
        }
        written.addAll(keyPaths);

        if (installsPostfix) {
            // main.cf and master.cf to back up exist only once Postfix is installed
            installAndStart(plan, manager, missing, s);
        }
        plan.step(PostfixSteps.backup(s, written, newRecord.equals(record) ? Optional.empty() : Optional.of(newRecord),
                installsPostfix));
        if (generateCertificate) {
            plan.step(certificateStep(spec, s));
        }
        if (!missing.isEmpty() && !installsPostfix) {
            // after the record is written: a remove then knows the packages whatever happens next
            installAndStart(plan, manager, missing, s);
        }
        if (keepOpenDkimConf) {
            plan.step(OpenDkimSteps.keepOriginalConf(s));
        }
        if (generateKey) {
            plan.step(OpenDkimSteps.generateKey(spec.dkim().get()));
        }
        if (!staleMaps.isEmpty()) {
            plan.step(mapStep(staleMaps, mapPaths, s));
        }
        if (spec.dkim().isPresent() && (generateKey || !dkimFiles.isEmpty())) {
            plan.step(OpenDkimSteps.serve(s, dkimFiles));
        }
        if (mailboxFolder) {
            plan.step(MailboxBaseDirectory.applyStep(vm, s));
        }
        // before Postfix's edits: the submission services find the auth socket as soon as they are served
        dovecot.ifPresent(d -> plan.step(d.step(s)));
        if (!toSet.isEmpty() || !toUnset.isEmpty()) {
            plan.step(PostfixSteps.editMainCf("set " + (toSet.size() + toUnset.size()) + " main.cf parameters: "
                    + String.join(", ", toSet.keySet()) + (toUnset.isEmpty() ? "" : "; remove " + String.join(", ", toUnset)),
                    toSet, toUnset));
        }
        if (!servicesToSet.isEmpty() || !servicesToDelete.isEmpty()) {
            plan.step(PostfixSteps.editMasterCf("set master.cf services: " + String.join(", ", servicesToSet.keySet())
                    + (servicesToDelete.isEmpty() ? "" : "; delete " + String.join(", ", servicesToDelete)),
                    servicesToSet, servicesToDelete));
        }
        if (rememberDigests) {
            plan.step(PostfixSteps.rememberDigests(s));
        }
        boolean restart = PostfixSettings.RESTART_KEYS.stream().anyMatch(k -> toSet.containsKey(k) || toUnset.contains(k));
        plan.step(PostfixSteps.reload(restart, true));

        probe.probe(spec).ifPresent(p -> plan.finalCheck(p.asPlanProbe()));
        List<String> proven = new ArrayList<>(List.of(PostfixPaths.MAIN_CF, PostfixPaths.MASTER_CF));
        proven.addAll(written);
        plan.rollbackCheck(PostfixSteps.digestsUnchanged(s, proven, mailboxFolder ? List.of(vm.baseDirectory()) : List.of()));
        return plan.build();
    }

    private static void installAndStart(Plan.Builder plan, String manager, Map<String, String> missing, PostfixSnapshot s) {
        plan.step(PackageInstall.install(manager, missing, !s.files().exists(PostfixPaths.MAIN_CF)));
        List<String> services = PackageInstall.services(missing);
        if (!services.isEmpty()) {
            plan.step(ServiceStart.step(services));
        }
    }

    private static boolean stale(MapFile m, PostfixSnapshot s) {
        if (!s.files().digest(m.digestPath()).map(m.expectedDigest()::equals).orElse(false)) {
            return true;
        }
        if (m.secret() && !s.files().exists(m.path())) {
            return true;
        }
        return m.postmapType() != null && !s.files().exists(m.path() + ".db");
    }

    private static boolean needsCertificate(MailServerSpec spec, PostfixSnapshot s) {
        if (spec.tls().isEmpty()) {
            return false;
        }
        Tls tls = spec.tls().get();
        boolean cert = s.files().exists(tls.certificate().toString());
        boolean key = s.files().exists(tls.privateKey().toString());
        if (cert && key) {
            return false;
        }
        if (tls.selfSigned() && !cert && !key) {
            return true;
        }
        throw new IllegalStateException("TLS " + (tls.selfSigned() ? "(self-signed) " : "") + "needs both files on the host: "
                + tls.certificate() + (cert ? " exists" : " is missing") + ", " + tls.privateKey()
                + (key ? " exists" : " is missing") + (tls.selfSigned() ? "; remove the other one to have both generated" : ""));
    }

    private static Step certificateStep(MailServerSpec spec, PostfixSnapshot s) {
        Tls tls = spec.tls().orElseThrow();
        String cert = tls.certificate().toString();
        String key = tls.privateKey().toString();
        String host = spec.hostname().value();
        Set<String> parents = new LinkedHashSet<>();
        for (Path p : List.of(tls.certificate(), tls.privateKey())) {
            parents.add(p.getParent().toString());
        }
        List<Command> c = new ArrayList<>();
        c.add(FileCommands.mkdirs(parents.toArray(String[]::new)));
        c.add(Command.builder("openssl").args("req", "-x509", "-newkey", "rsa:2048", "-sha256", "-days", "825", "-nodes",
                "-subj", "/CN=" + host, "-addext", "subjectAltName=DNS:" + host, "-keyout", key, "-out", cert).build());
        c.add(Command.of("chmod", "0600", key));
        c.add(Command.of("chmod", "0644", cert));
        Probe probe = Probe.of("the certificate is for " + host, Command.of("openssl", "x509", "-noout", "-subject", "-in", cert),
                r -> r.isSuccess() && r.stdout().contains(host) ? ProbeResult.ok(r.stdout().strip())
                        : ProbeResult.failed("certificate " + cert + ": " + r.stdout().strip() + r.stderr().strip()));
        return Step.of("generate a self-signed certificate for " + host + " (" + cert + ", " + key + ")",
                StepAction.commands(c), probe, PostfixSteps.restoreOrRemove(s, List.of(cert, key)));
    }

    private static Step mapStep(List<MapFile> maps, List<String> paths, PostfixSnapshot s) {
        Map<String, String> want = new LinkedHashMap<>();
        List<String> mustExist = new ArrayList<>();
        for (MapFile m : maps) {
            want.put(m.digestPath(), m.expectedDigest());
            if (m.secret()) {
                mustExist.add(m.path());
            }
            if (m.postmapType() != null) {
                mustExist.add(m.path() + ".db");
            }
        }
        Map<String, String> secretStats = new LinkedHashMap<>(); // path -> what stat prints when mode and owner are right
        for (MapFile m : maps) {
            if (m.secret()) {
                secretStats.put(m.path(), m.statLine(m.path()));
                if (m.postmapType() != null) {
                    secretStats.put(m.path() + ".db", m.statLine(m.path() + ".db"));
                }
            }
        }
        List<String> secrets = List.copyOf(secretStats.keySet());
        List<String> read = new ArrayList<>(want.keySet());
        read.addAll(mustExist);
        Command digests = PostfixSnapshot.digestCommand(read);
        // mode and owner of the secret-holding files, without reading them
        Command modes = Command.builder("stat").args("-c", "%n %a %U %G", "--").args(secrets).successExitCodes(0, 1).build();
        Probe probe = new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                FileDigests live = FileDigests.parse(context.execute(digests).stdout());
                List<String> wrong = new ArrayList<>();
                want.forEach((p, d) -> {
                    if (!live.digest(p).map(d::equals).orElse(false)) {
                        wrong.add(p + " does not hold what was written");
                    }
                });
                mustExist.stream().filter(p -> !PostfixPaths.holdsSecret(p) && !live.exists(p))
                        .forEach(p -> wrong.add(p + " is missing"));
                if (!secrets.isEmpty()) {
                    String stat = context.execute(modes).stdout();
                    secretStats.forEach((p, line) -> {
                        if (!stat.lines().anyMatch(line::equals)) {
                            wrong.add(p + " is missing or not " + line.substring(p.length() + 1));
                        }
                    });
                }
                return wrong.isEmpty() ? ProbeResult.ok(maps.size() + " map files current")
                        : ProbeResult.failed(String.join("; ", wrong));
            }

            @Override
            public String description() {
                return "the map files are written (and compiled), secret ones with their narrow mode and owner";
            }

            @Override
            public List<Command> commands() {
                return secrets.isEmpty() ? List.of(digests) : List.of(digests, modes);
            }
        };
        return Step.of("write map files " + maps.stream().map(MapFile::path).toList()
                + (maps.stream().anyMatch(MapFile::secret) ? " (passwords resolved now, never shown)" : ""),
                new WriteMapFilesAction(maps), probe, PostfixSteps.restoreOrRemove(s, paths));
    }
}
