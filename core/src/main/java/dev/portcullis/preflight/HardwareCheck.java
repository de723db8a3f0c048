package dev.portcullis.preflight;

import dev.portcullis.DataSize;
import dev.portcullis.exec.Command;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The hardware baseline: logical cores ({@code nproc}, which honours cgroup and affinity limits,
 * else {@code /proc/cpuinfo}), memory ({@code /proc/meminfo}) and free space on the filesystem
 * the mail spool lives on ({@code df -P}). Below a threshold is a warning, never a refusal: a
 * small relay runs fine on less.
 */
final class HardwareCheck implements Check {

    /**
     * MemTotal excludes what firmware and kernel reserve, so a 16 GiB machine reports about
     * 15.5 GiB; the memory threshold counts as met from this share of it.
     */
    static final double MEMORY_TOLERANCE = 0.9;

    @Override
    public String id() {
        return "hardware";
    }

    @Override
    public String title() {
        return "Hardware baseline (cores, memory, free spool space)";
    }

    @Override
    public PreflightCheck run(PreflightContext ctx) {
        Findings f = new Findings(this);
        PreflightOptions o = ctx.options();
        f.detail("minimumCores", o.minimumCores()).detail("minimumMemoryBytes", o.minimumMemory().bytes())
                .detail("minimumSpoolFreeBytes", o.minimumSpoolFree().bytes());
        Optional<Integer> cores;
        OptionalLong memory;
        OptionalLong spoolFree;
        Optional<HostReadings> host = ctx.hostReadings();
        if (host.isPresent()) {
            HostReadings w = host.get();
            f.evidence(w.evidence());
            w.failure().ifPresent(why -> f.warn("could not read the hardware: " + why));
            cores = w.logicalProcessors();
            memory = w.totalMemoryBytes().map(OptionalLong::of).orElse(OptionalLong.empty());
            spoolFree = w.spoolFreeBytes().map(OptionalLong::of).orElse(OptionalLong.empty());
            w.spoolRoot().ifPresent(root -> f.detail("spoolFilesystem", root));
        } else {
            cores = linuxCores(ctx, f);
            Reading meminfo = ctx.read("cat", "/proc/meminfo");
            f.read(meminfo);
            memory = meminfo.ok() ? MemInfo.totalBytes(meminfo.stdout()) : OptionalLong.empty();
            spoolFree = linuxSpoolFree(ctx, f);
        }
        judgeCores(f, cores, o.minimumCores());
        judgeMemory(f, memory, o.minimumMemory());
        judgeSpool(f, spoolFree, o.minimumSpoolFree());
        return f.build();
    }

    private static Optional<Integer> linuxCores(PreflightContext ctx, Findings f) {
        Reading nproc = ctx.read("nproc");
        f.read(nproc);
        if (nproc.ok() && nproc.stdout().strip().matches("[0-9]+")) {
            return Optional.of(Integer.parseInt(nproc.stdout().strip()));
        }
        Reading cpuinfo = ctx.read("cat", "/proc/cpuinfo");
        f.read(cpuinfo);
        if (!cpuinfo.ok()) {
            return Optional.empty();
        }
        int n = (int) cpuinfo.stdout().lines().filter(l -> l.matches("processor\\s*:.*")).count();
        return n > 0 ? Optional.of(n) : Optional.empty();
    }

    private static OptionalLong linuxSpoolFree(PreflightContext ctx, Findings f) {
        String spool = ctx.options().spoolPath().filter(p -> p.startsWith("/")).orElse(PreflightOptions.DEFAULT_LINUX_SPOOL);
        f.detail("spoolPath", spool);
        // df skips the paths that do not exist (exit 1): the first line is the deepest existing one,
        // so a spool that is not created yet is measured on the filesystem it will be created on
        List<String> paths = DiskFree.pathAndAncestors(spool);
        Reading df = ctx.read(Command.builder("df").arg("-P").args(paths).timeout(PreflightContext.READ_TIMEOUT)
                .successExitCodes(0, 1).build());
        f.read(df);
        Optional<DiskFree.Filesystem> fs = df.ran() ? DiskFree.first(df.stdout()) : Optional.empty();
        fs.ifPresent(x -> f.detail("spoolFilesystem", x.mountedOn()));
        return fs.map(x -> OptionalLong.of(x.availableBytes())).orElse(OptionalLong.empty());
    }

    private static void judgeCores(Findings f, Optional<Integer> cores, int minimum) {
        if (cores.isEmpty()) {
            f.warn("could not read the number of cores");
            return;
        }
        f.detail("cores", cores.get());
        if (cores.get() < minimum) {
            f.warn(cores.get() + " cores, fewer than the " + minimum + " recommended");
        } else {
            f.note(cores.get() + " cores");
        }
    }

    private static void judgeMemory(Findings f, OptionalLong memory, DataSize minimum) {
        if (memory.isEmpty()) {
            f.warn("could not read the memory size");
            return;
        }
        f.detail("memoryBytes", memory.getAsLong());
        if (memory.getAsLong() < minimum.bytes() * MEMORY_TOLERANCE) {
            f.warn(gib(memory.getAsLong()) + " of memory, less than the " + gib(minimum.bytes()) + " recommended");
        } else {
            f.note(gib(memory.getAsLong()) + " of memory");
        }
    }

    private static void judgeSpool(Findings f, OptionalLong free, DataSize minimum) {
        if (free.isEmpty()) {
            f.warn("could not read the free space of the spool's filesystem");
            return;
        }
        f.detail("spoolFreeBytes", free.getAsLong());
        if (free.getAsLong() < minimum.bytes()) {
            f.warn(gib(free.getAsLong()) + " free for the mail spool, less than the " + gib(minimum.bytes())
                    + " recommended");
        } else {
            f.note(gib(free.getAsLong()) + " free for the mail spool");
        }
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
