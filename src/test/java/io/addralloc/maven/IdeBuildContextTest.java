package io.addralloc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.build.incremental.BuildContext;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/** In Eclipse (m2e's build context) findings are markers on their files; in plain Maven nothing changes. */
class IdeBuildContextTest {
    @TempDir
    Path tmp;

    /** An IDE's build context that records what it is told. */
    static BuildContext ide(List<String> calls, boolean incremental, boolean delta) {
        return (BuildContext) Proxy.newProxyInstance(BuildContext.class.getClassLoader(),
                new Class<?>[] {BuildContext.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "isIncremental" -> incremental;
                    case "hasDelta" -> delta;
                    case "addMessage" -> {
                        calls.add("marker " + Path.of(args[0].toString()).getFileName() + ":" + args[1] + ":" + args[2]
                                + " " + (((Integer) args[4]) == BuildContext.SEVERITY_ERROR ? "error" : "warning")
                                + " " + args[3]);
                        yield null;
                    }
                    case "removeMessages" -> {
                        calls.add("clear " + Path.of(args[0].toString()).getFileName());
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private MojoHarness project() throws Exception {
        MojoHarness h = new MojoHarness(tmp.resolve("p"));
        h.write("vms/bad.xml", MojoHarness.domain("bad", "52:54:00:00:00:01", "0x22"));
        h.write("vms/good.xml", MojoHarness.domain("good", "52:54:00:00:00:02", null));
        return h;
    }

    /** Runs verify under an IDE's context; returns what the context was told. */
    private static List<String> runInIde(MojoHarness h, boolean incremental, boolean delta) throws Exception {
        List<String> calls = new ArrayList<>();
        VerifyMojo mojo = h.verify();
        mojo.buildContext = ide(calls, incremental, delta);
        assertNull(h.run(mojo)); // markers instead of a failed build: m2e would show one marker on the pom
        return calls;
    }

    @Test
    void inTheIdeFindingsAreMarkersOnTheirFileAndLineAndTheBuildGoesOn() throws Exception {
        assertEquals(List.of("clear bad.xml", "marker bad.xml:9:7 error PCI slot 0x22 is out of range; a slot must be at"
                + " most 0x1f (31) [addralloc.pci.OutOfRange]", "clear good.xml", "marker good.xml:5:3 warning not pinned:"
                + " assign would add 4 addresses and 3 elements, starting here; libvirt fills these in on define,"
                + " differently as hosts and versions differ. Run mvn addralloc:assign and commit the result"
                + " [addralloc.pin.Unpinned]"), runInIde(project(), false, true));
    }

    @Test
    void anIncrementalBuildThatChangedNoScannedFileChecksNothing() throws Exception {
        MojoHarness h = project();
        assertEquals(List.of(), runInIde(h, true, false));
        assertTrue(h.logText().isEmpty(), h.logText());
        assertTrue(runInIde(h, true, true).contains("clear bad.xml")); // a domain file changed
    }

    @Test
    void mavensOwnBuildContextChangesNothing() throws Exception {
        MojoHarness h = project();
        VerifyMojo plain = h.verify();
        String failure = h.run(plain);
        String log = h.logText();
        VerifyMojo withDefault = h.verify();
        withDefault.buildContext = new DefaultBuildContext();
        assertEquals(failure, h.run(withDefault));
        assertTrue(failure.startsWith("addralloc found 1 error in 1 file"), failure);
        // The same lines, the cache's note aside (the second run reads the first one's results).
        assertEquals(log.lines().filter(l -> !l.contains("cache")).toList(),
                h.logText().lines().filter(l -> !l.contains("cache")).toList());
    }
}
