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
 * definitions get their password here, at apply time: the {@link SecretRef} is resolved, the value
 * goes into the file through standard input marked sensitive (never rendered, never logged) and the
 * file is 0640 root:postfix. Beside each MySQL map a redacted twin (password replaced by the
 * reference) is kept, whose digest lets the next plan see whether the map is current without ever
 * reading the secret back.
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
                context.run(FileCommands.writeSecret(f.path(), "0640", "postfix", f.withPassword(secret)));
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
        return value;
    }

    private static List<Command> plain(MapFile f) {
        List<Command> c = new ArrayList<>();
        c.add(FileCommands.write(f.path(), "0644", "root", f.content()));
        if (f.postmapType() != null) {
            c.add(Command.of("postmap", f.postmapType() + ":" + f.path()));
        }
        return c;
    }

    @Override
    public List<Command> commands() {
        List<Command> shown = new ArrayList<>();
        for (MapFile f : files) {
            if (f.secret()) {
                // shown with the reference in place of the password, and redacted all the same
                shown.add(FileCommands.writeSecret(f.path(), "0640", "postfix", f.redacted()));
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
