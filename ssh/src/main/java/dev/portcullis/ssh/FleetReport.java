package dev.portcullis.ssh;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One {@link HostReport} per fleet member, in inventory order.
 *
 * @param hosts every member's report, attempted or not
 */
public record FleetReport(List<HostReport> hosts) {

    /** Copies the list. */
    public FleetReport {
        hosts = List.copyOf(hosts);
    }

    /** @return whether every host converged */
    public boolean allConverged() {
        return hosts.stream().allMatch(h -> h.status() == HostReport.Status.CONVERGED);
    }

    /**
     * @param status a status
     * @return the names of the hosts that ended so, in inventory order
     */
    public List<String> hostsWith(HostReport.Status status) {
        return hosts.stream().filter(h -> h.status() == status).map(HostReport::host).toList();
    }

    /**
     * A table for people: one row per host with its status and detail, then the counts.
     *
     * @return the table, lines ending in newline
     */
    public String summaryTable() {
        int width = Math.max(4, hosts.stream().mapToInt(h -> h.host().length()).max().orElse(4));
        StringBuilder b = new StringBuilder(String.format("%-" + width + "s  %-13s  %s%n", "HOST", "STATUS", "DETAIL"));
        for (HostReport h : hosts) {
            b.append(String.format("%-" + width + "s  %-13s  %s%n", h.host(), h.status(), h.detail()));
        }
        b.append(hosts.stream().collect(Collectors.groupingBy(HostReport::status, Collectors.counting())).entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey()).map(e -> e.getValue() + " " + e.getKey().name().toLowerCase()
                        .replace('_', ' ')).collect(Collectors.joining(", ", "", "\n")));
        return b.toString();
    }
}
