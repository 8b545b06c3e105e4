package io.addralloc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.ResultCache;
import io.addralloc.engine.ResultCacheTest;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 4 of issue 19, on the whole goal: no cache file in {@code target/} (hand-made, or
 * carried over from another checkout or machine) can turn a failing build into a passing one.
 */
class CacheTrustTest {
    @TempDir
    Path tmp;

    private static final String BAD = ResultCacheTest.BROKEN;
    private static final String GOOD = BAD.replace("0x22", "0x05");

    private MojoHarness project(String name, String content) throws Exception {
        MojoHarness h = new MojoHarness(Files.createDirectories(tmp.resolve(name)));
        h.write("vms/web01.xml", content);
        return h;
    }

    @Test
    void theCacheServesAnUnchangedFileAndNeverHidesAnError() throws Exception {
        MojoHarness h = project("p", BAD);
        assertNotNull(h.run(h.verify()));
        assertNotNull(h.run(h.verify()), "the cached result is the same failure");
        assertTrue(h.logText().contains("1 of 1 files unchanged since the last run"), h.logText());
        assertTrue(h.logText().contains("slot 0x22 is out of range"), h.logText());
    }

    @Test
    void aCacheSignedWithAnotherKeyIsIgnoredAndTheBuildStillFails() throws Exception {
        MojoHarness h = project("p", BAD);
        // "vms/web01.xml with these bytes is clean", as another machine (another key) would sign it
        Path cache = h.reports().resolve("cache-verify.bin");
        Files.createDirectories(h.reports());
        h.verify(); // the key file of this "user" is made on first use below; the forger's is another
        ResultCache forged = ResultCache.open(cache, stamp(h), "x".repeat(32).getBytes(StandardCharsets.UTF_8));
        forged.put("src/main/resources/vms/web01.xml", ResultCache.sha256(BAD.getBytes(StandardCharsets.UTF_8)));
        forged.save(List.of(new FileResult("src/main/resources/vms/web01.xml", FileKind.DOMAIN, List.of())));
        String failure = h.run(h.verify());
        assertNotNull(failure, h.logText());
        assertTrue(h.logText().contains("[WARNING] addralloc: the cache target/addralloc/cache-verify.bin is not"
                + " authentic"), h.logText());
        assertTrue(h.logText().contains("slot 0x22 is out of range"), h.logText());
    }

    @Test
    void aCacheCarriedOverFromAnotherCheckoutCannotPassADifferentFile() throws Exception {
        MojoHarness clean = project("clean", GOOD);
        assertNull(clean.run(clean.verify()), clean.logText());
        MojoHarness bad = new MojoHarness(Files.createDirectories(tmp.resolve("bad")));
        bad.write("vms/web01.xml", BAD);
        Files.createDirectories(bad.reports());
        Files.copy(clean.reports().resolve("cache-verify.bin"), bad.reports().resolve("cache-verify.bin"),
                StandardCopyOption.REPLACE_EXISTING);
        VerifyMojo verify = bad.configure(new VerifyMojo());
        verify.cacheKeyFile = clean.keyFile; // the same user on the same machine: the entries authenticate
        assertNotNull(bad.run(verify), bad.logText());
        assertTrue(bad.logText().contains("slot 0x22 is out of range"), bad.logText());
    }

    @Test
    void withoutAUsableKeyTheCacheIsOffAndEveryFileChecked() throws Exception {
        MojoHarness h = project("p", BAD);
        Files.writeString(h.keyFile.getParent(), "a file where the key directory should be");
        assertNotNull(h.run(h.verify()));
        assertTrue(h.logText().contains("[WARNING] addralloc: the cache is off, because its key directory is not a"
                + " directory; every file is checked"), h.logText());
        assertTrue(h.logText().contains("slot 0x22 is out of range"), h.logText());
        assertEquals(false, Files.exists(h.reports().resolve("cache-verify.bin")));
    }

    /** The stamp the mojo writes, read back from a cache it made. */
    private static String stamp(MojoHarness h) throws Exception {
        MojoHarness probe = new MojoHarness(Files.createDirectories(h.base.resolveSibling("probe")));
        probe.write("vms/x.xml", GOOD);
        probe.run(probe.verify());
        byte[] data = Files.readAllBytes(probe.reports().resolve("cache-verify.bin"));
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(data));
        in.readInt();
        in.readInt();
        byte[] stamp = new byte[in.readInt()];
        in.readFully(stamp);
        return new String(stamp, StandardCharsets.UTF_8);
    }
}
