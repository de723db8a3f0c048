package dev.portcullis.postfix;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.Undo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The folder under which virtual mailboxes (Maildirs) live: the one directory whose owner
 * Portcullis changes, so the one it guards most.
 *
 * <p>Refused outright, before any command exists: the system's own trees and everything below
 * them ({@link #REFUSED_TREES}: {@code /etc}, {@code /usr}, {@code /root}, Postfix's queue
 * {@code /var/spool/postfix}...), and a few folders that may hold mailbox folders but must never
 * become one themselves ({@link #REFUSED_FOLDERS}: {@code /}, {@code /home}, {@code /var},
 * {@code /var/mail}...). Refused after a look at the host (the snapshot's {@code stat}): a
 * symbolic link ({@code chown} would follow it), something that is not a directory, and an
 * existing directory owned by another account than root or the mailbox owner (a user's home, a
 * database's data). A missing folder is created; an existing root-owned one is taken over with a
 * warning. Either way the owner before is recorded, and both rollback and {@code remove} give it
 * back: a folder Portcullis created is deleted again while it is empty, a folder it took over gets
 * its old owner back.
 */
final class MailboxBaseDirectory {

    /** Refused, and every folder below them: the system's own trees, temporary space and Postfix's own folders. */
    static final List<String> REFUSED_TREES = List.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64",
            "/libx32", "/proc", "/root", "/run", "/sbin", "/sys", "/tmp", "/usr", "/var/lib/postfix", "/var/log",
            "/var/spool/postfix", "/var/tmp");
    /** Refused themselves; a folder below them is fine ({@code /var/mail/vhosts}, {@code /home/vmail}, {@code /srv/mail}). */
    static final List<String> REFUSED_FOLDERS = List.of("/", "/home", "/media", "/mnt", "/opt", "/srv", "/var",
            "/var/lib", "/var/mail", "/var/spool");

    static final String FIELD = "virtualMailboxes.baseDirectory";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private MailboxBaseDirectory() {
    }

    /**
     * @param path an absolute path
     * @return why it can never be a mailbox base, or empty when it may be one
     */
    static Optional<String> systemDirectoryProblem(String path) {
        String p = normalize(path);
        if (REFUSED_FOLDERS.contains(p)) {
            return Optional.of(p + " is a system folder; mailboxes belong in a folder of their own below it"
                    + " (for example /var/mail/vhosts), since Portcullis gives the base folder to the mailbox owner");
        }
        for (String tree : REFUSED_TREES) {
            if (p.equals(tree) || p.startsWith(tree + "/")) {
                return Optional.of(p + " is " + (p.equals(tree) ? "" : "below ") + tree + ", which belongs to the system"
                        + (tree.contains("postfix") ? " and to Postfix itself" : "")
                        + "; Portcullis never gives such a folder to the mailbox owner (refused: " + String.join(", ", REFUSED_TREES)
                        + " and everything below them)");
            }
        }
        return Optional.empty();
    }

    private static String normalize(String path) {
        String p = path.replaceAll("/{2,}", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /**
     * Refuses a base folder Portcullis must not take: a system folder, a symbolic link, a file, or
     * a directory another account owns.
     *
     * @param vm the virtual mailboxes of the spec
     * @param s the snapshot, holding the folder's owner when it exists
     * @throws InvalidSpecException naming {@value #FIELD} and the reason
     */
    static void check(VirtualMailboxes vm, PostfixSnapshot s) {
        String base = vm.baseDirectory();
        systemDirectoryProblem(base).ifPresent(reason -> {
            throw new InvalidSpecException(FIELD, reason);
        });
        Optional<DirectoryState> now = s.directory(base);
        if (now.isEmpty()) {
            return;
        }
        DirectoryState d = now.get();
        if (!d.isDirectory()) {
            throw new InvalidSpecException(FIELD, base + " is a " + d.type() + ", not a directory"
                    + (d.type().equals("symbolic link") ? "; chown would follow it: give the real folder" : ""));
        }
        String owner = vm.uid() + ":" + vm.gid();
        if (d.uid() != 0 && !d.owner().equals(owner) && !s.record().directories().containsKey(base)) {
            throw new InvalidSpecException(FIELD, base + " exists and belongs to uid " + d.uid() + " (gid " + d.gid()
                    + "), not to the mailbox owner " + owner + ": Portcullis does not take over another account's folder;"
                    + " choose a new folder, or chown it yourself if it really is the mail folder");
        }
    }

    /**
     * @param vm the virtual mailboxes of the spec, already {@link #check checked}
     * @param s the snapshot
     * @return whether the folder is missing or has another owner than the mailbox owner
     */
    static boolean needsChange(VirtualMailboxes vm, PostfixSnapshot s) {
        return s.directory(vm.baseDirectory()).map(d -> !d.owner().equals(vm.uid() + ":" + vm.gid())).orElse(true);
    }

    /**
     * @param vm the virtual mailboxes of the spec, already {@link #check checked}
     * @param s the snapshot
     * @return the owner to record as the original ("uid:gid"), empty when the folder is created
     */
    static Optional<String> ownerBefore(VirtualMailboxes vm, PostfixSnapshot s) {
        return s.directory(vm.baseDirectory()).map(DirectoryState::owner);
    }

    /**
     * @param vm the virtual mailboxes of the spec, already {@link #check checked}
     * @param s the snapshot
     * @return the step that creates the folder or gives it to the mailbox owner, undone by deleting
     *     the created folder (while empty) or by giving it back to its owner before
     */
    static Step applyStep(VirtualMailboxes vm, PostfixSnapshot s) {
        String base = vm.baseDirectory();
        String owner = vm.uid() + ":" + vm.gid();
        Optional<String> before = ownerBefore(vm, s);
        if (before.isEmpty()) {
            return Step.of("create the mailbox folder " + base + " owned by " + owner + " (deleted again on rollback)",
                    StepAction.commands(Command.builder("mkdir").args("-p", "--", base).timeout(TIMEOUT).build(), chown(owner, base)),
                    ownedBy(base, owner), Undo.by(StepAction.commands(rmdir(base))));
        }
        return Step.of("give the mailbox folder " + base + " to " + owner + " (owner before: " + before.get()
                + ", given back on rollback and by remove)", StepAction.commands(chown(owner, base)), ownedBy(base, owner),
                Undo.by(StepAction.commands(chown(before.get(), base))));
    }

    /**
     * @param s the snapshot of a host Portcullis changed
     * @return a step per recorded folder that is not as it was: a created one is deleted while
     *     empty (one holding mail is kept and said so), a taken-over one gets its owner back
     */
    static List<Step> removalSteps(PostfixSnapshot s) {
        return s.record().directories().entrySet().stream().<Step>mapMulti((e, steps) -> {
            String dir = e.getKey();
            Optional<DirectoryState> now = s.directory(dir);
            if (now.isEmpty()) {
                return;
            }
            if (e.getValue().isEmpty()) {
                steps.accept(removeCreated(dir, now.get()));
            } else if (!now.get().owner().equals(e.getValue().get())) {
                String original = e.getValue().get();
                steps.accept(Step.of("give the mailbox folder " + dir + " back to its owner before Portcullis, " + original,
                        StepAction.commands(chown(original, dir)), ownedBy(dir, original),
                        Undo.by(StepAction.commands(chown(now.get().owner(), dir)))));
            }
        }).toList();
    }

    private static Step removeCreated(String dir, DirectoryState now) {
        Command remove = Command.builder("rmdir").args("--ignore-fail-on-non-empty", "--", dir).timeout(TIMEOUT).build();
        Command list = Command.builder("ls").args("-A", "--", dir).timeout(TIMEOUT).successExitCodes(0, 2).build();
        Probe probe = Probe.of(dir + " is gone, or kept because it holds mail", list, r -> {
            if (r.exitCode() != 0) {
                return ProbeResult.ok(dir + " deleted");
            }
            long entries = r.stdout().lines().filter(l -> !l.isBlank()).count();
            return entries > 0 ? ProbeResult.ok(dir + " kept: it holds " + entries + " entries (mail is never deleted)")
                    : ProbeResult.failed(dir + " is empty but still there");
        });
        return Step.of("delete the mailbox folder " + dir + " Portcullis created, if it is empty (mail is never deleted)",
                StepAction.commands(remove), probe, Undo.by(StepAction.commands(
                        Command.builder("mkdir").args("-p", "--", dir).timeout(TIMEOUT).build(), chown(now.owner(), dir))));
    }

    private static Command chown(String owner, String dir) {
        // -h: never through a symbolic link, even one swapped in after the snapshot
        return Command.builder("chown").args("-h", owner, "--", dir).timeout(TIMEOUT).build();
    }

    private static Command rmdir(String dir) {
        return Command.builder("rmdir").args("--", dir).timeout(TIMEOUT).build();
    }

    private static Probe ownedBy(String dir, String owner) {
        return Probe.of(dir + " is a directory owned by " + owner, PostfixSnapshot.statCommand(List.of(dir)), r -> {
            Optional<DirectoryState> d = Optional.ofNullable(DirectoryState.parse(r.stdout()).get(dir));
            return d.filter(DirectoryState::isDirectory).map(DirectoryState::owner).filter(owner::equals).isPresent()
                    ? ProbeResult.ok(dir + " owned by " + owner)
                    : ProbeResult.failed(dir + ": " + d.map(x -> x.type() + " owned by " + x.owner()).orElse("missing"));
        });
    }
}
