package io.addralloc.libvirt.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden corpus made by tools/libvirt-corpus: inputs, libvirt 9.0's verdict and message,
 * and libvirt's own output for accepted inputs. {@code -Daddralloc.corpus=DIR} points the tests
 * at another corpus (e.g. a fresh one generated with a new seed).
 */
public record Corpus(Path dir, List<Case> cases) {

    /** One case of the manifest. */
    public record Case(String id, String machine, String kind, String fault, boolean accepted, String message,
            Path input, Path output) {
        public byte[] inputBytes() {
            try {
                return Files.readAllBytes(input);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Whether addralloc models the input's machine; verify only warns about the others and
         * assign leaves them alone, so they have no layout to compare.
         */
        public boolean modelled() {
            try {
                return io.addralloc.libvirt.parse.DomainReader.read(
                        io.addralloc.libvirt.xml.XmlFile.parse(inputBytes()).root()).domain() != null;
            } catch (io.addralloc.libvirt.xml.XmlSyntaxError e) {
                throw new IllegalStateException(id + ": the corpus input is not XML", e);
            }
        }

        public byte[] outputBytes() {
            try {
                return Files.readAllBytes(output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The corpora the tests compare against: the one {@code -Daddralloc.corpus} names, else the
     * x86 corpus and the one for s390x, ppc64 and aarch64.
     */
    public static List<Path> defaultDirs() {
        String override = System.getProperty("addralloc.corpus");
        Path resources = Paths.get("src", "test", "resources", "libvirt");
        return override != null && !override.isBlank() ? List.of(Paths.get(override))
                : List.of(resources.resolve("corpus"), resources.resolve("corpus-arch"));
    }

    /** The cases libvirt accepted whose machine addralloc models, in manifest order. */
    public List<Case> acceptedModelled() {
        return cases.stream().filter(c -> c.accepted() && c.modelled()).toList();
    }

    /** How many accepted cases are on machines addralloc does not model. */
    public long acceptedUnmodelled() {
        return cases.stream().filter(c -> c.accepted() && !c.modelled()).count();
    }

    public static Path defaultDir() {
        String override = System.getProperty("addralloc.corpus");
        return override != null && !override.isBlank() ? Paths.get(override)
                : Paths.get("src", "test", "resources", "libvirt", "corpus");
    }

    public static Corpus load(Path dir) throws IOException {
        List<Case> cases = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("manifest.tsv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Path caseDir = dir.resolve("cases").resolve(f[0]);
            cases.add(new Case(f[0], f[1], f[2], f[3], "accepted".equals(f[4]), f.length > 5 ? f[5] : "",
                    caseDir.resolve("input.xml"), caseDir.resolve("output.xml")));
        }
        return new Corpus(dir, cases);
    }
}
