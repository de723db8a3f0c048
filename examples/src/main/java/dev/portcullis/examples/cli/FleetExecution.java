package dev.portcullis.examples.cli;

import dev.portcullis.ssh.Fleet;
import dev.portcullis.ssh.FleetReport;
import dev.portcullis.ssh.HostReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Runs a spec command as picocli would, except with {@code --inventory}: then once per inventory
 * host, under the fleet's canary, batches, parallelism and failure limit, each host's output kept
 * apart and printed in inventory order, followed by a summary table. The exit code is 0 when every
 * host converged, otherwise the worst exit code a host returned. A {@code --host} connection is
 * closed when the command ends.
 */
final class FleetExecution implements CommandLine.IExecutionStrategy {

    @Override
    public int execute(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (!(last.commandSpec().userObject() instanceof SpecCommand command)) {
            return new CommandLine.RunLast().execute(parsed);
        }
        if (!command.remote.isFleet()) {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally {
                command.remote.close();
            }
        }
        CommandLine cl = last.commandSpec().commandLine();
        Fleet fleet;
        try {
            command.spec(); // a bad spec is one error, not one per host
            fleet = command.remote.fleet();
        } catch (RuntimeException e) {
            throw new CommandLine.ExecutionException(cl, e.getMessage(), e);
        }
        Map<String, String> outputs = new ConcurrentHashMap<>();
        Map<String, Integer> codes = new ConcurrentHashMap<>();
        FleetReport report = fleet.run((name, p) -> {
            StringWriter buffer = new StringWriter();
            int code;
            String detail;
            try (PrintWriter out = new PrintWriter(buffer)) {
                try {
                    code = RemoteOptions.on(p.runner(), out, command::call);
                    detail = lastLine(buffer.toString());
                } catch (Exception e) {
                    code = ExitCode.INTERNAL_ERROR.code();
                    detail = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
                    out.println("portcullis " + cl.getCommandName() + ": " + detail);
                }
            }
            outputs.put(name, buffer.toString());
            codes.put(name, code);
            return new HostReport(name, code == 0 ? HostReport.Status.CONVERGED : HostReport.Status.FAILED, detail, List.of());
        });
        int exit = report.allConverged() ? 0 : codes.values().stream().mapToInt(Integer::intValue).max()
                .orElse(ExitCode.INTERNAL_ERROR.code());
        PrintWriter out = cl.getOut();
        if (command.options.json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("spec", command.options.spec.toString());
            root.put("exitCode", exit);
            root.put("hosts", report.hosts().stream().map(h -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", h.host());
                m.put("status", h.status().name());
                m.put("detail", h.detail());
                String o = outputs.getOrDefault(h.host(), "").strip();
                if (!o.isEmpty() && o.startsWith("{")) {
                    m.put("result", SpecCommand.parse(o));
                }
                return m;
            }).toList());
            command.printJson(root);
            return exit;
        }
        for (HostReport h : report.hosts()) {
            out.println("======== " + h.host() + ": " + h.status());
            out.print(outputs.getOrDefault(h.host(), h.detail() + "\n"));
        }
        out.println();
        out.print(report.summaryTable());
        out.flush();
        return exit;
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
