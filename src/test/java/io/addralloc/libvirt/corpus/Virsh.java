package io.addralloc.libvirt.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A thin client for the real libvirt daemon (qemu:///system), used only by the live tests. */
final class Virsh {
    private static final String URI = "qemu:///system";

    record Result(int exit, String out, String err) {
        /** libvirt's message without the "error: " prefixes and the "Failed to define" line. */
        String message() {
            List<String> lines = new ArrayList<>();
            for (String l : err.split("\n")) {
                if (l.isBlank() || l.contains("Failed to define domain")) {
                    continue;
                }
                lines.add(l.replaceFirst("^error: ", ""));
            }
            return String.join(" ", lines);
        }
    }

    private Virsh() {}

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-q", "-c", URI));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("virsh", ".out");
        Path err = Files.createTempFile("virsh", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "virsh timed out");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Makes sure a daemon answers, starting it with the shared script beside the project if needed. */
    static void ensureDaemon() throws IOException, InterruptedException {
        try {
            if (run("version").exit() == 0) {
                return;
            }
        } catch (IOException notInstalled) {
            // fall through to the start script, which installs libvirt
        }
        Path script = Paths.get("..", "shared", "libvirt", "start-libvirtd.sh");
        Process p = new ProcessBuilder("bash", script.toString()).inheritIO().start();
        if (p.waitFor() != 0 || run("version").exit() != 0) {
            throw new IllegalStateException("no libvirt daemon answers on " + URI + " and " + script + " could not start one");
        }
    }
}
