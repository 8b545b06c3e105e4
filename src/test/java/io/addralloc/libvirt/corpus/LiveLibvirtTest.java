package io.addralloc.libvirt.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.FileAssigner;
import io.addralloc.engine.FileChecker;
import io.addralloc.libvirt.define.DefineSimulation;
import io.addralloc.libvirt.parse.DomainReader;
import io.addralloc.libvirt.xml.XmlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same comparisons as {@link LibvirtCorpusTest}, against a live libvirt daemon instead of
 * stored verdicts, plus the fixed-point check: libvirt accepts every file assign writes and
 * keeps every address in it. Run with {@code ./mvnw -B test -Plibvirt}.
 */
@Tag("libvirt")
class LiveLibvirtTest {
    @BeforeAll
    static void daemon() throws Exception {
        Virsh.ensureDaemon();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.addralloc.libvirt.corpus.Corpus#defaultDirs")
    void libvirtAcceptsEveryAssignedFileAndKeepsItsLayout(Path dir) throws Exception {
        Corpus corpus = Corpus.load(dir);
        FileAssigner assigner = new FileAssigner();
        FileChecker checker = new FileChecker();
        int accepted = 0;
        int kept = 0;
        int total = 0;
        int verdictAgree = 0;
        int unmodelled = 0;
        int pinnedFully = 0;
        List<String> unpinned = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Path tmp = Files.createTempDirectory("addralloc-live");
        for (Corpus.Case c : corpus.cases()) {
            String name = "addralloc-live-" + c.id();
            byte[] input = c.inputBytes();
            Virsh.run("undefine", "--nvram", name);
            String renamed = new String(input, java.nio.charset.StandardCharsets.UTF_8)
                    .replaceFirst("<name>[^<]*</name>", "<name>" + name + "</name>")
                    .replaceFirst("<uuid>[^<]*</uuid>", "");
            Path in = tmp.resolve(c.id() + ".in.xml");
            Files.writeString(in, renamed);
            Virsh.Result def = Virsh.run("define", in.toString());
            Virsh.run("undefine", "--nvram", name);
            boolean libvirtAccepts = def.exit() == 0;
            if (libvirtAccepts != checker.check(c.id(), input).hasErrors()) {
                verdictAgree++;
            }
            if (!libvirtAccepts) {
                continue;
            }
            if (!c.modelled()) {
                // A machine type addralloc does not model: assign leaves the file alone.
                unmodelled++;
                continue;
            }
            total++;
            FileAssigner.Outcome out = assigner.assign(c.id(), renamed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] pinned = out.changed() ? out.newContent() : renamed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Path pinnedFile = tmp.resolve(c.id() + ".pinned.xml");
            Files.write(pinnedFile, pinned);
            Virsh.Result again = Virsh.run("define", pinnedFile.toString());
            if (again.exit() != 0) {
                failures.add(c.id() + ": libvirt rejects the assigned file: " + again.message());
                continue;
            }
            accepted++;
            String dumped = Virsh.run("dumpxml", "--inactive", name).out();
            Virsh.run("undefine", "--nvram", name);
            Map<String, String> ours = Layout.of(DefineSimulation.run(XmlFile.parse(pinned).root()).domain());
            Map<String, String> theirs = Layout.of(DomainReader.read(
                    XmlFile.parse(dumped.getBytes(java.nio.charset.StandardCharsets.UTF_8)).root()).domain());
            if (ours.equals(theirs)) {
                kept++;
            } else {
                failures.add(c.id() + ": libvirt moved addresses of the assigned file");
            }
            List<String> added = Pinning.missing(XmlFile.parse(pinned).root(),
                    XmlFile.parse(dumped.getBytes(java.nio.charset.StandardCharsets.UTF_8)).root());
            if (added.isEmpty()) {
                pinnedFully++;
            } else {
                unpinned.add(c.id() + ": " + String.join("; ", added));
            }
        }
        System.out.printf("live: verdicts agree on %d/%d; libvirt accepts %d/%d assigned files and keeps the layout of %d;"
                + " its dumpxml adds nothing to %d; %d on machines not modelled%n", verdictAgree, corpus.cases().size(),
                accepted, total, kept, pinnedFully, unmodelled);
        unpinned.stream().limit(40).forEach(u -> System.out.println("  UNPINNED " + u));
        failures.stream().limit(40).forEach(f -> System.out.println("  LIVE " + f));
        assertTrue(failures.isEmpty(), failures.toString());
    }
}
