package dev.portcullis.postfix;

import dev.portcullis.exec.Command;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.Undo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The steps (with their probes and undos) that apply and remove plans are made of. */
final class PostfixSteps {

    private PostfixSteps() {
    }

    /**
     * Copies main.cf, master.cf and every existing file the plan will overwrite into the rollback
     * folder; on the first apply also keeps main.cf and master.cf as they were before Portcullis.
     *
     * @param s the snapshot the plan is made from
     * @param overwritten files the later steps write or delete
     * @return the step
     */
    static Step backup(PostfixSnapshot s, List<String> overwritten) {
        return backup(s, overwritten, Optional.empty());
    }

    /**
     * Backs up like {@link #backup(PostfixSnapshot, List)}, then writes the ownership record in the
     * same step (before any edit, so remove always knows): one read-back proves both the copies
     * and the record, one process less than a step of its own.
     *
     * @param s the snapshot the plan is made from
     * @param overwritten files the later steps write or delete (including the record)
     * @param record the record to write, when it changes
     * @return the step
     */
    static Step backup(PostfixSnapshot s, List<String> overwritten, Optional<OwnershipRecord> record) {
        return backup(s, overwritten, record, false);
    }

    /**
     * Backs up like {@link #backup(PostfixSnapshot, List, Optional)}; after an install of Postfix in
     * the same plan, main.cf and master.cf did not exist when the snapshot was taken: they are copied
     * as the install left them, and their copies proven equal to the live files.
     *
     * @param s the snapshot the plan is made from
     * @param overwritten files the later steps write or delete (including the record)
     * @param record the record to write, when it changes
     * @param afterPostfixInstall whether an earlier step of the plan installs Postfix
     * @return the step
     */
    static Step backup(PostfixSnapshot s, List<String> overwritten, Optional<OwnershipRecord> record,
            boolean afterPostfixInstall) {
        FileDigests files = s.files();
        List<String> installed = new ArrayList<>();
        for (String cf : List.of(PostfixPaths.MAIN_CF, PostfixPaths.MASTER_CF)) {
            if (!files.exists(cf) && afterPostfixInstall) {
                installed.add(cf);
            } else if (!files.exists(cf)) {
                throw new IllegalStateException(cf + " does not exist on this host: is Postfix installed?");
            }
        }
        List<Command> c = new ArrayList<>();
        c.add(FileCommands.removeOwnDirectory(PostfixPaths.ROLLBACK_DIR));
        c.add(FileCommands.makeDirectories("0700", PostfixPaths.STATE_DIR, PostfixPaths.ROLLBACK_DIR));
        if (!files.exists(PostfixPaths.ORIGINAL_MAIN_CF)) {
            c.add(FileCommands.copy(PostfixPaths.MAIN_CF, PostfixPaths.ORIGINAL_MAIN_CF));
        }
        if (!files.exists(PostfixPaths.ORIGINAL_MASTER_CF)) {
            c.add(FileCommands.copy(PostfixPaths.MASTER_CF, PostfixPaths.ORIGINAL_MASTER_CF));
        }
        Set<String> copied = new LinkedHashSet<>(List.of(PostfixPaths.MAIN_CF, PostfixPaths.MASTER_CF));
        overwritten.stream().filter(files::exists).forEach(copied::add);
        c.add(FileCommands.copyBelow(copied, PostfixPaths.ROLLBACK_DIR));
        Optional<String> recordDigest = record.map(r -> MapFile.sha256(r.render()));
        record.ifPresent(r -> c.add(FileCommands.write(PostfixPaths.RECORD, "0600", "root", r.render())));

        List<String> read = new ArrayList<>(copied.stream().map(PostfixPaths::rollbackCopy).toList());
        read.addAll(installed);
        record.ifPresent(r -> read.add(PostfixPaths.RECORD));
        Probe probe = Probe.of("the rollback copies are byte-identical to the live files"
                + (record.isPresent() ? " and the record holds what was written" : ""),
                PostfixSnapshot.digestCommand(read), r -> {
                    FileDigests live = FileDigests.parse(r.stdout());
                    for (String p : copied) {
                        if (PostfixPaths.holdsSecret(p)) {
                            continue; // cp succeeded; its content is never digested
                        }
                        // what the install just left is compared with the live file, the rest with the snapshot
                        String want = (installed.contains(p) ? live.digest(p) : files.digest(p)).orElse("(missing)");
                        if (!live.digest(PostfixPaths.rollbackCopy(p)).map(want::equals).orElse(false)) {
                            return ProbeResult.failed("rollback copy of " + p + " differs from it or is missing");
                        }
                    }
                    if (recordDigest.isPresent() && !live.digest(PostfixPaths.RECORD).equals(recordDigest)) {
                        return ProbeResult.failed(PostfixPaths.RECORD + " does not hold the record just written");
                    }
                    return ProbeResult.ok("backed up " + copied.size() + " files to " + PostfixPaths.ROLLBACK_DIR
                            + (record.isPresent() ? "; " + PostfixPaths.RECORD + " holds the record" : ""));
                });
        boolean firstTime = !files.exists(PostfixPaths.ORIGINAL_MAIN_CF) && !files.exists(PostfixPaths.RECORD);
        List<Command> undo = new ArrayList<>();
        if (!firstTime && record.isPresent()) {
            // the record goes back before the rollback folder that holds its copy goes
            undo.addAll(restoreOrRemove(s, List.of(PostfixPaths.RECORD)).action().orElseThrow().commands());
        }
        undo.add(FileCommands.removeOwnDirectory(firstTime ? PostfixPaths.STATE_DIR : PostfixPaths.ROLLBACK_DIR));
        return Step.of("back up main.cf, master.cf and the files this plan changes to " + PostfixPaths.ROLLBACK_DIR
                + (record.isPresent() ? ", then record what Portcullis sets and what was there before in " + PostfixPaths.RECORD
                        : ""), StepAction.commands(c), probe, Undo.by(StepAction.commands(undo)));
    }

    /**
     * @param s the snapshot
     * @param paths files a step writes or deletes
     * @return what puts them back: the rollback copy where the file existed, deletion where it did not
     */
    static Undo restoreOrRemove(PostfixSnapshot s, List<String> paths) {
        List<Command> c = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String p : new LinkedHashSet<>(paths)) {
            if (s.files().exists(p)) {
                c.add(FileCommands.copy(PostfixPaths.rollbackCopy(p), p));
            } else {
                absent.add(p);
            }
        }
        if (!absent.isEmpty()) {
            c.add(FileCommands.remove(absent.toArray(String[]::new)));
        }
        return Undo.by(StepAction.commands(c));
    }

    /**
     * @param toSet parameters to set
     * @param toUnset parameters to remove
     * @return ONE {@code postconf -e} (and one {@code -X} when keys go), proven by one {@code postconf -n}
     */
    static Step editMainCf(String description, Map<String, String> toSet, List<String> toUnset) {
        List<Command> c = new ArrayList<>();
        if (!toSet.isEmpty()) {
            c.add(PostconfCommand.set(toSet));
        }
        if (!toUnset.isEmpty()) {
            c.add(PostconfCommand.unset(toUnset));
        }
        Probe probe = Probe.of("postconf -n shows every value set" + (toUnset.isEmpty() ? "" : " and the removed keys gone"),
                Command.of("postconf", "-n"), r -> {
                    if (!r.isSuccess()) {
                        return ProbeResult.failed("postconf -n failed: " + r);
                    }
                    Map<String, String> live = PostconfOutput.parseParameters(r.stdout());
                    List<String> wrong = new ArrayList<>();
                    toSet.forEach((k, v) -> {
                        if (!PostfixPlanner.same(live.get(k), v)) {
                            wrong.add(k + " is " + live.get(k) + ", not " + v);
                        }
                    });
                    toUnset.stream().filter(live::containsKey).forEach(k -> wrong.add(k + " is still set"));
                    return wrong.isEmpty() ? ProbeResult.ok("main.cf has the " + (toSet.size() + toUnset.size()) + " changes")
                            : ProbeResult.failed("main.cf: " + String.join("; ", wrong));
                });
        Undo undo = Undo.by(StepAction.commands(
                FileCommands.copy(PostfixPaths.rollbackCopy(PostfixPaths.MAIN_CF), PostfixPaths.MAIN_CF)));
        return Step.of(description, StepAction.commands(c), probe, undo);
    }

    /**
     * @param toSet service key to complete line
     * @param toDelete services to delete
     * @return ONE {@code postconf -M} (and one {@code -MX} when services go), proven by one {@code postconf -M}
     */
    static Step editMasterCf(String description, Map<String, String> toSet, List<String> toDelete) {
        List<Command> c = new ArrayList<>();
        if (!toSet.isEmpty()) {
            c.add(PostconfCommand.setServices(toSet));
        }
        if (!toDelete.isEmpty()) {
            c.add(PostconfCommand.deleteServices(toDelete));
        }
        Probe probe = Probe.of("postconf -M shows every service as set", Command.of("postconf", "-M"), r -> {
            if (!r.isSuccess()) {
                return ProbeResult.failed("postconf -M failed: " + r);
            }
            Map<String, MasterEntry> live = PostconfOutput.parseServices(r.stdout());
            List<String> wrong = new ArrayList<>();
            toSet.forEach((k, line) -> {
                if (!MasterEntry.parse(line).sameAs(live.get(k))) {
                    wrong.add(k + " is " + live.get(k));
                }
            });
            toDelete.stream().filter(live::containsKey).forEach(k -> wrong.add(k + " still exists"));
            return wrong.isEmpty() ? ProbeResult.ok("master.cf has the " + (toSet.size() + toDelete.size()) + " changes")
                    : ProbeResult.failed("master.cf: " + String.join("; ", wrong));
        });
        Undo undo = Undo.by(StepAction.commands(
                FileCommands.copy(PostfixPaths.rollbackCopy(PostfixPaths.MASTER_CF), PostfixPaths.MASTER_CF)));
        return Step.of(description, StepAction.commands(c), probe, undo);
    }

    /**
     * @param restart stop and start instead of reload
     * @param startWhenStopped start a stopped Postfix (apply) or leave it stopped (remove)
     * @return the step that checks and serves the new configuration
     */
    static Step reload(boolean restart, boolean startWhenStopped) {
        ReloadAction action = new ReloadAction(restart, startWhenStopped);
        Probe probe = startWhenStopped
                ? Probe.of("Postfix is running", ReloadAction.status(), r -> r.exitCode() == 0
                        ? ProbeResult.ok("Postfix is running") : ProbeResult.failed("Postfix is not running: " + r.stderr().strip()))
                : Probe.none("Postfix is left running or stopped, as it was");
        String what = restart ? "stop and start Postfix (listening addresses changed)" : "reload Postfix";
        return Step.of("postfix check, then " + what + (startWhenStopped ? " (start it when stopped)" : ""),
                action, probe, Undo.by(action.undo()));
    }

    /**
     * @param s the snapshot the plan was made from
     * @param paths files that must be exactly as they were
     * @return a check that re-reads their digests and proves them unchanged (or still absent)
     */
    static Probe digestsUnchanged(PostfixSnapshot s, List<String> paths) {
        return digestsUnchanged(s, paths, List.of());
    }

    /**
     * @param s the snapshot the plan was made from
     * @param paths files that must be exactly as they were
     * @param directories directories whose owner must be as it was (or that must still be absent)
     * @return a check that re-reads digests and owners and proves them unchanged
     */
    static Probe digestsUnchanged(PostfixSnapshot s, List<String> paths, List<String> directories) {
        List<String> unique = List.copyOf(new LinkedHashSet<>(paths));
        List<String> plain = unique.stream().filter(p -> !PostfixPaths.holdsSecret(p)).toList();
        List<String> secret = unique.stream().filter(PostfixPaths::holdsSecret).toList();
        Command digests = PostfixSnapshot.digestCommand(plain);
        Command stat = directories.isEmpty() ? null : PostfixSnapshot.statCommand(directories);
        return new Probe() {
            @Override
            public ProbeResult check(dev.portcullis.plan.StepContext context) {
                FileDigests now = FileDigests.parse(context.execute(digests).stdout());
                List<String> differ = new ArrayList<>();
                for (String p : plain) {
                    if (!now.digest(p).equals(s.files().digest(p))) {
                        differ.add(p + (s.files().exists(p) ? (now.exists(p) ? " changed" : " is gone") : " appeared"));
                    }
                }
                // secret-holding files are compared with their rollback copies by cmp, never digested
                for (String p : secret) {
                    if (s.files().exists(p)) {
                        int cmp = context.execute(secretCompare(p)).exitCode();
                        // No copy to compare with (exit 2) means the backup's own undo dropped the rollback
                        // folder, which it does last, after every later step was undone: then the redacted
                        // twin, restored by the same undo as the file, stands witness.
                        boolean witnessed = cmp == 2 && plain.contains(PostfixPaths.redactedTwin(p))
                                && now.digest(PostfixPaths.redactedTwin(p)).equals(s.files().digest(PostfixPaths.redactedTwin(p)));
                        if (cmp != 0 && !witnessed) {
                            differ.add(p + " differs from its copy taken before the apply");
                        }
                    } else if (context.execute(Command.builder("test").args("-e", p).successExitCodes(0, 1).build())
                            .exitCode() == 0) {
                        differ.add(p + " appeared");
                    }
                }
                if (stat != null) {
                    java.util.Map<String, DirectoryState> dirs = DirectoryState.parse(context.execute(stat).stdout());
                    for (String d : directories) {
                        java.util.Optional<DirectoryState> before = s.directory(d);
                        java.util.Optional<DirectoryState> after = java.util.Optional.ofNullable(dirs.get(d));
                        if (!before.equals(after)) {
                            differ.add(d + " is " + after.map(x -> "owned by " + x.owner()).orElse("gone")
                                    + ", was " + before.map(x -> "owned by " + x.owner()).orElse("absent"));
                        }
                    }
                }
                return differ.isEmpty() ? ProbeResult.ok(unique.size() + " files byte-identical to before"
                        + (directories.isEmpty() ? "" : ", " + directories.size() + " folders as before"))
                        : ProbeResult.failed(String.join("; ", differ));
            }

            @Override
            public String description() {
                return "main.cf, master.cf and every touched file are byte-identical to before"
                        + (directories.isEmpty() ? "" : ", every touched folder has its owner before (or is still absent)");
            }

            @Override
            public List<Command> commands() {
                List<Command> c = new ArrayList<>(List.of(digests));
                secret.forEach(p -> c.add(secretCompare(p)));
                if (stat != null) {
                    c.add(stat);
                }
                return c;
            }
        };
    }

    private static Command secretCompare(String path) {
        return Command.builder("cmp").args("-s", "--", PostfixPaths.rollbackCopy(path), path).successExitCodes(0, 1, 2).build();
    }

    /**
     * @param files digests of main.cf and master.cf
     * @return the digest {@value PostfixPaths#APPLIED_DIGESTS} has when it describes exactly these files
     */
    static String appliedDigestsFor(FileDigests files) {
        return MapFile.sha256(files.digest(PostfixPaths.MAIN_CF).orElse("-") + "  " + PostfixPaths.MAIN_CF + "\n"
                + files.digest(PostfixPaths.MASTER_CF).orElse("-") + "  " + PostfixPaths.MASTER_CF + "\n");
    }

    /**
     * @param s a snapshot
     * @return whether main.cf and master.cf are exactly as Portcullis's last apply left them
     */
    static boolean untouchedSinceApply(PostfixSnapshot s) {
        return s.files().digest(PostfixPaths.APPLIED_DIGESTS).map(appliedDigestsFor(s.files())::equals).orElse(false);
    }

    /**
     * @param s the snapshot
     * @return the step that remembers the digests of main.cf and master.cf after the edits
     */
    static Step rememberDigests(PostfixSnapshot s) {
        Command digest = PostfixSnapshot.digestCommand(List.of(PostfixPaths.MAIN_CF, PostfixPaths.MASTER_CF)).toBuilder()
                .successExitCodes(0).build();
        StepAction action = new StepAction() {
            @Override
            public void run(dev.portcullis.plan.StepContext context) {
                String digests = context.run(digest).stdout();
                context.run(FileCommands.write(PostfixPaths.APPLIED_DIGESTS, "0600", "root", digests));
            }

            @Override
            public List<Command> commands() {
                return List.of(digest, FileCommands.write(PostfixPaths.APPLIED_DIGESTS, "0600", "root",
                        "(the output of sha256sum above, read at apply time)\n"));
            }
        };
        Probe probe = Probe.of(PostfixPaths.APPLIED_DIGESTS + " describes main.cf and master.cf",
                PostfixSnapshot.digestCommand(List.of(PostfixPaths.MAIN_CF, PostfixPaths.MASTER_CF, PostfixPaths.APPLIED_DIGESTS)),
                r -> {
                    FileDigests live = FileDigests.parse(r.stdout());
                    return live.digest(PostfixPaths.APPLIED_DIGESTS).map(appliedDigestsFor(live)::equals).orElse(false)
                            ? ProbeResult.ok("digests of the edited files remembered")
                            : ProbeResult.failed(PostfixPaths.APPLIED_DIGESTS + " does not describe the files");
                });
        return Step.of("remember the sha256 of main.cf and master.cf as edited, so remove can tell whether anyone"
                + " edited them since", action, probe, restoreOrRemove(s, List.of(PostfixPaths.APPLIED_DIGESTS)));
    }
}
