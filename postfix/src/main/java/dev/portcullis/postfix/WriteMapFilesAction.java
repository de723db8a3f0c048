package dev.portcullis.postfix;

import dev.portcullis.SecretRef;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes lookup table files. Static maps are written and compiled with {@code postmap}; MySQL map
 * definitions and the relay's login get their password here, at apply time: the {@link SecretRef} is
 * resolved, the value goes into the file through standard input marked sensitive (never rendered,
 * never logged), the file has its narrow mode (0640 root:postfix for MySQL maps, 0600 root for the
 * relay's login, whose {@code .db} postmap compiles with the same mode). Beside each a redacted twin
 * (password replaced by the reference) is kept, whose digest lets the next plan see whether the map
 * is current without ever reading the secret back.
 */
final class WriteMapFilesAction implements StepAction {

    private final List<MapFile> files;

    WriteMapFilesAction(List<MapFile> files) {
        this.files = List.copyOf(files);
    }

    @Override
    public void run(StepContext context) {
        Map<SecretRef, String> resolved = new HashMap<>();
        for (MapFile f : files) {
            if (f.secret()) {
                SecretRef ref = f.password().orElseThrow();
                String secret = resolved.computeIfAbsent(ref, WriteMapFilesAction::resolve);
                context.run(FileCommands.writeSecret(f.path(), f.mode(), f.group(), f.withPassword(secret)));
                if (f.postmapType() != null) {
                    context.run(postmap(f)); // the .db takes the source's mode and owner
                }
                context.run(FileCommands.write(PostfixPaths.redactedTwin(f.path()), "0600", "root", f.redacted()));
            } else {
                for (Command c : plain(f)) {
                    context.run(c);
                }
            }
        }
    }

    private static String resolve(SecretRef ref) {
        String value = ref.resolve().reveal();
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            // the message names the reference only, never the value
            throw new IllegalStateException("secret " + ref + " contains a line break or NUL; Postfix map files cannot hold it");
        }
        if (value.isEmpty()) {
            throw new IllegalStateException("secret " + ref + " is empty");
        }
        if (!value.equals(value.strip())) {
            throw new IllegalStateException("secret " + ref + " begins or ends with white space, which Postfix's map files drop");
        }
        return value;
    }

    private static Command postmap(MapFile f) {
        return Command.of("postmap", f.postmapType() + ":" + f.path());
    }

    private static List<Command> plain(MapFile f) {
        List<Command> c = new ArrayList<>();
        c.add(FileCommands.write(f.path(), f.mode(), f.group(), f.content()));
        if (f.postmapType() != null) {
            c.add(postmap(f));
        }
        return c;
    }

    @Override
    public List<Command> commands() {
        List<Command> shown = new ArrayList<>();
        for (MapFile f : files) {
            if (f.secret()) {
                // shown with the reference in place of the password, and redacted all the same
                shown.add(FileCommands.writeSecret(f.path(), f.mode(), f.group(), f.redacted()));
                if (f.postmapType() != null) {
                    shown.add(postmap(f));
                }
                shown.add(FileCommands.write(PostfixPaths.redactedTwin(f.path()), "0600", "root", f.redacted()));
            } else {
                shown.addAll(plain(f));
            }
        }
        return shown;
    }

    @Override
    public String toString() {
        return "write " + files.stream().map(MapFile::path).toList();
    }
}
