package io.addralloc.hostile;

import io.addralloc.engine.FileChecker;
import io.addralloc.result.FileResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Example domains of the project and seeded mutations of them, for property and fuzz tests. */
final class Domains {
    private Domains() {}

    /** Every example domain in the repository (some clean, some with findings on purpose). */
    static List<byte[]> examples() {
        List<byte[]> out = new ArrayList<>();
        for (String d : List.of("src/it/assign/src/main/resources/vms", "src/it/assign/expected",
                "src/it/verify-clean/src/main/resources/vms", "src/it/verify-broken/src/main/resources/vms",
                "examples/infra-repo/vms")) {
            Path dir = Path.of(d);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
                    out.add(Files.readAllBytes(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static boolean clean(String path, byte[] content) {
        FileResult r = new FileChecker().check(path, content);
        return !r.hasErrors();
    }

    /** Devices a mutation may add; each is valid on its own in a pc or q35 domain. */
    static final List<String> NEW_DEVICES = List.of(
            "<interface type='network'>\n      <source network='default'/>\n      <model type='virtio'/>\n    </interface>",
            "<interface type='network'>\n      <source network='default'/>\n      <model type='e1000'/>\n    </interface>",
            "<input type='tablet' bus='usb'/>",
            "<controller type='scsi' model='virtio-scsi'/>",
            "<controller type='virtio-serial'/>",
            "<controller type='usb' model='qemu-xhci'/>",
            "<rng model='virtio'>\n      <backend model='random'>/dev/urandom</backend>\n    </rng>",
            "<watchdog model='i6300esb'/>",
            "<sound model='ich9'/>",
            "<memballoon model='virtio'/>",
            "<console type='pty'>\n      <target type='virtio'/>\n    </console>",
            "<channel type='unix'>\n      <target type='virtio' name='org.example.%d'/>\n    </channel>",
            "<disk type='file' device='disk'>\n      <source file='/img/%d.qcow2'/>\n      <target dev='vd%s' bus='virtio'/>\n    </disk>",
            "<disk type='file' device='disk'>\n      <source file='/img/%d.qcow2'/>\n      <target dev='sd%s' bus='scsi'/>\n    </disk>",
            "<disk type='file' device='cdrom'>\n      <source file='/img/%d.iso'/>\n      <target dev='hd%s' bus='ide'/>\n    </disk>",
            "<disk type='file' device='cdrom'>\n      <source file='/img/%d.iso'/>\n      <target dev='sd%s' bus='sata'/>\n    </disk>",
            "<hub type='usb'/>",
            "<redirdev bus='usb' type='spicevmc'/>");

    private static final Pattern ADDRESS = Pattern.compile("\\s*<address [^>]*/>");
    private static final Pattern ADDRESS_ATTR = Pattern.compile(" (slot|function|bus|unit|port|controller|target)='[^']*'");
    private static final Pattern CONTROLLER = Pattern.compile("\\s*<controller [^>]*?(/>|>.*?</controller>)", Pattern.DOTALL);

    /**
     * Applies one random mutation to {@code text}; appends a short description to {@code log}
     * so a failure can be read without rerunning.
     */
    static String mutate(String text, java.util.Random r, List<String> log) {
        int kind = r.nextInt(7);
        switch (kind) {
            case 0 -> {
                List<int[]> spans = spans(ADDRESS, text);
                if (spans.isEmpty()) {
                    return text;
                }
                int[] s = spans.get(r.nextInt(spans.size()));
                log.add("remove address at " + s[0]);
                return text.substring(0, s[0]) + text.substring(s[1]);
            }
            case 1 -> {
                List<int[]> spans = spans(ADDRESS, text);
                if (spans.isEmpty()) {
                    return text;
                }
                int[] s = spans.get(r.nextInt(spans.size()));
                String addr = text.substring(s[0], s[1]);
                List<int[]> attrs = spans(ADDRESS_ATTR, addr);
                if (attrs.isEmpty()) {
                    return text;
                }
                int[] a = attrs.get(r.nextInt(attrs.size()));
                log.add("remove attribute " + addr.substring(a[0], a[1]).trim() + " at " + s[0]);
                return text.substring(0, s[0]) + addr.substring(0, a[0]) + addr.substring(a[1]) + text.substring(s[1]);
            }
            case 2 -> {
                List<int[]> spans = spans(CONTROLLER, text);
                if (spans.isEmpty()) {
                    return text;
                }
                int[] s = spans.get(r.nextInt(spans.size()));
                log.add("remove controller at " + s[0]);
                return text.substring(0, s[0]) + text.substring(s[1]);
            }
            case 3, 4 -> {
                int id = r.nextInt(1000);
                String dev = NEW_DEVICES.get(r.nextInt(NEW_DEVICES.size()));
                dev = String.format(dev, id, letters(r));
                int at = text.lastIndexOf("</devices>");
                if (at < 0) {
                    return text;
                }
                log.add("add " + dev.lines().findFirst().orElse(dev));
                return text.substring(0, at) + "  " + dev + "\n  " + text.substring(at);
            }
            case 5 -> {
                log.add("line endings to CRLF");
                return text.replace("\r\n", "\n").replace("\n", "\r\n");
            }
            default -> {
                log.add("comment, processing instruction and CDATA");
                return text.replace("<devices>", "<devices>\n    <!-- kept <as> is -->\n    <?keep me?>")
                        .replaceFirst("</name>", "</name>\n  <description><![CDATA[a < b && c]]></description>");
            }
        }
    }

    private static String letters(java.util.Random r) {
        // far from the a..d the examples use, so added disks rarely collide
        return String.valueOf((char) ('e' + r.nextInt(20))) + (r.nextBoolean() ? "" : String.valueOf((char) ('a' + r.nextInt(26))));
    }

    private static List<int[]> spans(Pattern p, String text) {
        List<int[]> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    /** Whether {@code small} can be obtained from {@code big} by deleting characters. */
    static boolean isSubsequence(String small, String big) {
        return io.addralloc.libvirt.corpus.Scorecard.isSubsequence(small, big);
    }
}
