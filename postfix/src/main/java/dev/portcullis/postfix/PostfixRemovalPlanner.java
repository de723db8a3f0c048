package dev.portcullis.postfix;

import dev.portcullis.MailServerSpec;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.Undo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans the removal of what Portcullis owns in Postfix, from its ownership record: each main.cf
 * key it set goes back to its original value (or away, when it was not set), each master.cf
 * service back to its original line (or away), the files it wrote are deleted, Postfix is checked
 * and reloaded (left stopped when it was stopped), the mailbox folder gets its owner before back
 * (or, created by Portcullis, is deleted while empty), the packages Portcullis installed are
 * uninstalled (Postfix last; when it is among them, its configuration is not put back first), and
 * finally its own folder goes. Keys, services
 * and files the record does not name are never touched, so an admin's later edits survive.
 */
final class PostfixRemovalPlanner {

    private PostfixRemovalPlanner() {
    }

    /**
     * @param spec the mail server being removed (names the plan; what is removed comes from the record)
     * @param s the one snapshot of the host
     * @return the removal plan; only a note when Portcullis recorded nothing here
     */
    static Plan plan(MailServerSpec spec, PostfixSnapshot s) {
        Plan.Builder plan = Plan.builder(PostfixPlanner.BACKEND, "removal of mail server " + spec.hostname() + " ("
                + spec.name() + ")");
        OwnershipRecord record = s.record();
        boolean owned = !record.isEmpty() || s.files().exists(PostfixPaths.ORIGINAL_MAIN_CF);
        if (!owned) {
            plan.note("nothing to remove: " + PostfixPaths.RECORD + " does not exist, so Portcullis set nothing here");
            return plan.build();
        }
        Map<String, String> toSet = new LinkedHashMap<>();
        List<String> toUnset = new ArrayList<>();
        record.mainKeys().forEach((k, original) -> {
            String current = s.parameters().get(k);
            if (original.isPresent() && !PostfixPlanner.same(current, original.get())) {
                toSet.put(k, original.get());
            } else if (original.isEmpty() && current != null) {
                toUnset.add(k);
            }
        });
        Map<String, String> servicesToSet = new LinkedHashMap<>();
        List<String> servicesToDelete = new ArrayList<>();
        record.services().forEach((k, original) -> {
            MasterEntry current = s.services().get(k);
            if (original.isPresent() && !MasterEntry.parse(original.get()).sameAs(current)) {
                servicesToSet.put(k, original.get());
            } else if (original.isEmpty() && current != null) {
                servicesToDelete.add(k);
            }
        });
        boolean uninstallsPostfix = PackageInstall.installedPostfix(record);
        if (uninstallsPostfix) {
            // its package goes last, and main.cf and master.cf with it: nothing to put back or reload first
            toSet.clear();
            toUnset.clear();
            servicesToSet.clear();
            servicesToDelete.clear();
            plan.note("Portcullis installed Postfix here: remove uninstalls it, its configuration with it");
        }
        List<String> files = record.files().stream().filter(s.files()::exists).toList();
        boolean configChanges = !toSet.isEmpty() || !toUnset.isEmpty() || !servicesToSet.isEmpty() || !servicesToDelete.isEmpty();

        if (configChanges || !files.isEmpty()) {
            plan.step(PostfixSteps.backup(s, files));
        }
        boolean wholeFiles = configChanges && PostfixSteps.untouchedSinceApply(s)
                && s.files().exists(PostfixPaths.ORIGINAL_MAIN_CF) && s.files().exists(PostfixPaths.ORIGINAL_MASTER_CF);
        if (wholeFiles) {
            plan.step(restoreOriginals(s));
        } else if (configChanges) {
            plan.note("main.cf or master.cf changed since Portcullis's last apply: only the keys and services it set are"
                    + " put back, so those later edits survive");
        }
        if (!wholeFiles && (!toSet.isEmpty() || !toUnset.isEmpty())) {
            plan.step(PostfixSteps.editMainCf("put back " + (toSet.size() + toUnset.size()) + " main.cf parameters as they"
                    + " were before Portcullis: " + String.join(", ", toSet.keySet())
                    + (toUnset.isEmpty() ? "" : "; remove " + String.join(", ", toUnset)), toSet, toUnset));
        }
        if (!wholeFiles && (!servicesToSet.isEmpty() || !servicesToDelete.isEmpty())) {
            plan.step(PostfixSteps.editMasterCf("put back master.cf services: " + String.join(", ", servicesToSet.keySet())
                    + (servicesToDelete.isEmpty() ? "" : "; delete " + String.join(", ", servicesToDelete)),
                    servicesToSet, servicesToDelete));
        }
        // a file of another package that Portcullis replaced goes back as it was; the rest is deleted
        // (a secret-holding file is always Portcullis's own: its "original copy" would only find its redacted twin)
        List<String> restored = files.stream()
                .filter(f -> !PostfixPaths.holdsSecret(f) && s.files().exists(PostfixPaths.originalCopy(f))).toList();
        List<String> deleted = files.stream().filter(f -> !restored.contains(f)).toList();
        if (!restored.isEmpty()) {
            plan.step(Step.of("put back the files of other packages as they were before Portcullis: " + restored,
                    StepAction.commands(restored.stream().map(f -> FileCommands.copy(PostfixPaths.originalCopy(f), f)).toList()),
                    Probe.of("the files are their originals", PostfixSnapshot.digestCommand(restored), r -> {
                        FileDigests live = FileDigests.parse(r.stdout());
                        List<String> wrong = restored.stream().filter(f -> !live.digest(f)
                                .equals(s.files().digest(PostfixPaths.originalCopy(f)))).toList();
                        return wrong.isEmpty() ? ProbeResult.ok(restored.size() + " files put back")
                                : ProbeResult.failed("not the originals: " + wrong);
                    }), PostfixSteps.restoreOrRemove(s, restored)));
        }
        if (!deleted.isEmpty()) {
            plan.step(Step.of("delete the files Portcullis wrote: " + deleted,
                    StepAction.commands(FileCommands.remove(deleted.toArray(String[]::new))),
                    Probe.of("the files are gone", dev.portcullis.exec.Command.builder("ls").args("-d", "--").args(deleted)
                            .successExitCodes(0, 2).build(), r -> {
                        List<String> listed = r.stdout().lines().map(String::strip).toList();
                        List<String> left = deleted.stream().filter(listed::contains).toList();
                        return left.isEmpty() ? ProbeResult.ok(deleted.size() + " files deleted")
                                : ProbeResult.failed("still there: " + left);
                    }), PostfixSteps.restoreOrRemove(s, deleted)));
            if (files.contains(DovecotAuth.CONFIG)) {
                plan.step(DovecotAuth.reloadAfterRemoval());
            }
        }
        if ((configChanges || !files.isEmpty()) && !uninstallsPostfix) {
            boolean restart = PostfixSettings.RESTART_KEYS.stream().anyMatch(k -> toSet.containsKey(k) || toUnset.contains(k));
            plan.step(PostfixSteps.reload(restart, false));
        }
        // after the reload: Postfix no longer delivers into the mailbox folder when it changes hands
        List<String> directories = List.copyOf(record.directories().keySet());
        MailboxBaseDirectory.removalSteps(s).forEach(plan::step);
        if (record.files().contains(OpenDkim.KEY_TABLE)) {
            OpenDkimSteps.removal().forEach(plan::step);
        }
        PackageInstall.uninstallAll(record.packages()).forEach(plan::step);
        plan.step(Step.of("delete Portcullis's own folder " + PostfixPaths.STATE_DIR + " (record, originals, rollback copies)",
                StepAction.commands(FileCommands.removeOwnDirectory(PostfixPaths.STATE_DIR)),
                Probe.of(PostfixPaths.STATE_DIR + " is gone", PostfixSnapshot.digestCommand(List.of(PostfixPaths.RECORD)),
                        r -> FileDigests.parse(r.stdout()).exists(PostfixPaths.RECORD)
                                ? ProbeResult.failed(PostfixPaths.RECORD + " is still there")
                                : ProbeResult.ok(PostfixPaths.STATE_DIR + " deleted")),
                Undo.irreversible("the record and the rollback copies are deleted; the configuration is already restored")));
        List<String> proven = new ArrayList<>(List.of(PostfixPaths.MAIN_CF, PostfixPaths.MASTER_CF));
        proven.addAll(files);
        plan.rollbackCheck(PostfixSteps.digestsUnchanged(s, proven, directories));
        return plan.build();
    }

    /** Nobody edited the files since Portcullis did: the originals go back byte for byte. */
    private static Step restoreOriginals(PostfixSnapshot s) {
        String main = s.files().digest(PostfixPaths.ORIGINAL_MAIN_CF).orElseThrow();
        String master = s.files().digest(PostfixPaths.ORIGINAL_MASTER_CF).orElseThrow();
        return Step.of("put back main.cf and master.cf byte for byte as they were before Portcullis (nobody edited them since)",
                StepAction.commands(FileCommands.copy(PostfixPaths.ORIGINAL_MAIN_CF, PostfixPaths.MAIN_CF),
                        FileCommands.copy(PostfixPaths.ORIGINAL_MASTER_CF, PostfixPaths.MASTER_CF)),
                Probe.of("main.cf and master.cf are the originals",
                        PostfixSnapshot.digestCommand(List.of(PostfixPaths.MAIN_CF, PostfixPaths.MASTER_CF)), r -> {
                            FileDigests live = FileDigests.parse(r.stdout());
                            return live.digest(PostfixPaths.MAIN_CF).equals(java.util.Optional.of(main))
                                    && live.digest(PostfixPaths.MASTER_CF).equals(java.util.Optional.of(master))
                                    ? ProbeResult.ok("both files byte-identical to the originals")
                                    : ProbeResult.failed("main.cf or master.cf differs from its original");
                        }),
                Undo.by(StepAction.commands(
                        FileCommands.copy(PostfixPaths.rollbackCopy(PostfixPaths.MAIN_CF), PostfixPaths.MAIN_CF),
                        FileCommands.copy(PostfixPaths.rollbackCopy(PostfixPaths.MASTER_CF), PostfixPaths.MASTER_CF))));
    }
}
