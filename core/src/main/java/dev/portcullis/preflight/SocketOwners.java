package dev.portcullis.preflight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps socket inodes to processes without {@code ss}: {@code find /proc ... -lname 'socket:[N]'
 * -printf '%p %l\n'} names the file descriptors that point at each socket, and
 * {@code head -v -n 1 /proc/PID/comm ...} names the processes.
 */
final class SocketOwners {

    private static final Pattern FD_LINE = Pattern.compile("^/proc/(\\d+)/fd/\\d+ socket:\\[(\\d+)\\]$");
    private static final Pattern HEAD_NAME = Pattern.compile("^==> /proc/(\\d+)/comm <==$");

    private SocketOwners() {
    }

    /** @return the {@code find} arguments that name the descriptors pointing at these inodes */
    static List<String> findArguments(List<Long> inodes) {
        List<String> args = new ArrayList<>(List.of("/proc", "-mindepth", "3", "-maxdepth", "3", "-path",
                "/proc/[0-9]*/fd/*", "("));
        for (int i = 0; i < inodes.size(); i++) {
            if (i > 0) {
                args.add("-o");
            }
            args.add("-lname");
            // brackets are pattern characters for find: escape them to match literally
            args.add("socket:\\[" + inodes.get(i) + "\\]");
        }
        args.addAll(List.of(")", "-printf", "%p %l\\n"));
        return args;
    }

    /** @return inode to the pids whose descriptors point at it */
    static Map<Long, List<Long>> parseFind(String text) {
        Map<Long, List<Long>> map = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = FD_LINE.matcher(line.strip());
            if (m.matches()) {
                long pid = Long.parseLong(m.group(1));
                List<Long> pids = map.computeIfAbsent(Long.parseLong(m.group(2)), k -> new ArrayList<>());
                if (!pids.contains(pid)) {
                    pids.add(pid);
                }
            }
        }
        return map;
    }

    /** @return pid to command name, from {@code head -v -n 1 /proc/PID/comm ...} */
    static Map<Long, String> parseComm(String text) {
        Map<Long, String> names = new LinkedHashMap<>();
        Long pid = null;
        for (String line : text.split("\n")) {
            Matcher m = HEAD_NAME.matcher(line.strip());
            if (m.matches()) {
                pid = Long.parseLong(m.group(1));
            } else if (pid != null && !line.isBlank()) {
                names.put(pid, line.strip());
                pid = null;
            }
        }
        return names;
    }
}
