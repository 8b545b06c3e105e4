package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.maven.MojoHarness;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ResultCacheTest {
    @TempDir
    Path dir;

    private static final byte[] KEY = new byte[32];
    private static final byte[] OTHER_KEY = "another machine's key, 32 bytes".getBytes(StandardCharsets.UTF_8);

    /** A domain with a UUID and an interface on PCI slot 0x22, which does not exist. */
    public static final String BROKEN = MojoHarness.domain("web01", "52:54:00:00:00:01", "0x22")
            .replace("</name>", "</name>\n  <uuid>6a1c8d2e-0b7f-4c1e-9d3a-2f4b5c6d7e01</uuid>");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha(String s) {
        return ResultCache.sha256(bytes(s));
    }

    /** A cache at {@code file} holding {@code result} for {@code path} and {@code content}, made with {@code key}. */
    private static void write(Path file, byte[] key, String path, String content, FileResult result) throws IOException {
        ResultCache cache = ResultCache.open(file, "verify 1", key);
        cache.put(path, sha(content));
        cache.save(List.of(result));
    }

    @Test
    void aSavedResultComesBackEqualForTheSameBytesOnly() throws Exception {
        FileResult result = new FileChecker().check("vms/web01.xml", bytes(BROKEN));
        assertEquals(1, result.findings().size(), result.findings().toString());
        Path file = dir.resolve("cache.bin");
        write(file, KEY, "vms/web01.xml", BROKEN, result);

        ResultCache again = ResultCache.open(file, "verify 1", KEY);
        assertNull(again.warning());
        assertEquals(result, again.get("vms/web01.xml", sha(BROKEN)));
        assertEquals(1, again.hits());
        assertNull(ResultCache.open(file, "verify 1", KEY).get("vms/web01.xml", sha(BROKEN + " ")));
        assertNull(ResultCache.open(file, "verify 1", KEY).get("vms/other.xml", sha(BROKEN)));
        ResultCache otherBuild = ResultCache.open(file, "verify 2", KEY);
        assertNull(otherBuild.get("vms/web01.xml", sha(BROKEN)), "another plugin build");
        assertNull(otherBuild.warning(), "another build's cache is ignored quietly");
    }

    @Test
    void checksAcrossFilesGiveTheSameFindingsFromCachedResults() throws Exception {
        FileChecker checker = new FileChecker();
        String other = BROKEN.replace("web01", "web02").replace("0x22", "0x05");
        List<FileResult> fresh = List.of(checker.check("a.xml", bytes(BROKEN)), checker.check("b.xml", bytes(other)));
        Path file = dir.resolve("cache.bin");
        ResultCache cache = ResultCache.open(file, "s", KEY);
        cache.put("a.xml", sha(BROKEN));
        cache.put("b.xml", sha(other));
        cache.save(fresh);
        ResultCache warm = ResultCache.open(file, "s", KEY);
        List<FileResult> fromCache = List.of(warm.get("a.xml", sha(BROKEN)), warm.get("b.xml", sha(other)));
        List<String> expected = lines(CrossFileChecks.apply(fresh));
        assertEquals(expected, lines(CrossFileChecks.apply(fromCache)));
        // duplicate UUID and MAC between the files, plus the bad slot
        assertEquals(3, expected.size(), expected.toString());
        // what the accepted file leaves for hot-plugging comes back too, so the rule needs no new check
        assertNotNull(fresh.get(1).facts().hotplug());
        assertEquals(fresh.get(1).facts(), fromCache.get(1).facts());
        assertEquals(lines(HotplugCapacity.apply(fresh, 40)), lines(HotplugCapacity.apply(fromCache, 40)));
        assertEquals(1, lines(HotplugCapacity.apply(fromCache, 40)).stream()
                .filter(l -> l.contains("addralloc.pci.NoHotplugPort")).count());
    }

    @Test
    void aDamagedCacheIsIgnoredWithAWarning() throws Exception {
        Path file = dir.resolve("cache.bin");
        write(file, KEY, "a.xml", BROKEN, new FileChecker().check("a.xml", bytes(BROKEN)));
        byte[] data = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(data, data.length / 2));
        ResultCache truncated = ResultCache.open(file, "verify 1", KEY);
        assertNull(truncated.get("a.xml", sha(BROKEN)));
        assertTrue(truncated.warning().startsWith("is damaged"), truncated.warning());
        Files.write(file, bytes("garbage"));
        ResultCache garbage = ResultCache.open(file, "verify 1", KEY);
        assertNull(garbage.get("a.xml", sha(BROKEN)));
        assertEquals("is not a cache this plugin wrote", garbage.warning());
    }

    // defect 4: a forged or carried-over cache must never make a failing file pass
    @Test
    void aCacheMadeWithAnotherKeyIsIgnoredWithAWarning() throws Exception {
        Path file = dir.resolve("cache.bin");
        FileResult clean = new FileResult("vms/web01.xml", FileKind.DOMAIN, List.of());
        write(file, OTHER_KEY, "vms/web01.xml", BROKEN, clean); // "BROKEN is clean", signed elsewhere
        ResultCache cache = ResultCache.open(file, "verify 1", KEY);
        assertNull(cache.get("vms/web01.xml", sha(BROKEN)));
        assertTrue(cache.warning().startsWith("is not authentic"), cache.warning());
    }

    @Test
    void aHandMadeCacheInTheRightLayoutIsIgnored() throws Exception {
        // Everything an attacker can see in target/: the layout, the stamp, the path and the hash;
        // not the key. An entry that says the broken file is clean, with a made-up MAC:
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        FileResultCodec.write(new DataOutputStream(result), new FileResult("vms/web01.xml", FileKind.DOMAIN,
                List.of()));
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(forged);
        out.writeInt(ResultCache.MAGIC);
        out.writeInt(ResultCache.FORMAT);
        out.writeInt(bytes("verify 1").length);
        out.write(bytes("verify 1"));
        out.writeInt(1);
        out.writeUTF("vms/web01.xml");
        out.write(sha(BROKEN));
        out.writeInt(result.size());
        out.write(result.toByteArray());
        out.write(new byte[32]);
        Path file = Files.write(dir.resolve("cache.bin"), forged.toByteArray());
        ResultCache cache = ResultCache.open(file, "verify 1", KEY);
        assertNull(cache.get("vms/web01.xml", sha(BROKEN)));
        assertTrue(cache.warning().startsWith("is not authentic"), cache.warning());
        // the same bytes with this key's MAC would be accepted: the MAC is all that stands in the way
        write(file, KEY, "vms/web01.xml", BROKEN, new FileResult("vms/web01.xml", FileKind.DOMAIN, List.of()));
        assertNotNull(ResultCache.open(file, "verify 1", KEY).get("vms/web01.xml", sha(BROKEN)));
    }

    @Test
    void anEntryMovedToAnotherPathDoesNotAuthenticate() throws Exception {
        Path file = dir.resolve("cache.bin");
        write(file, KEY, "vms/a.xml", BROKEN, new FileResult("vms/a.xml", FileKind.DOMAIN, List.of()));
        byte[] data = Files.readAllBytes(file);
        String text = new String(data, StandardCharsets.ISO_8859_1).replace("vms/a.xml", "vms/b.xml");
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        ResultCache cache = ResultCache.open(file, "verify 1", KEY);
        assertNull(cache.get("vms/b.xml", sha(BROKEN)));
        assertTrue(cache.warning().startsWith("is not authentic"), cache.warning());
    }

    @Test
    void saveKeepsOnlyTheFilesOfThisRun() throws Exception {
        Path file = dir.resolve("cache.bin");
        FileResult a = saveBroken(file, "a.xml", "gone.xml").get(0);
        ResultCache next = ResultCache.open(file, "s", KEY);
        assertNotNull(next.get("a.xml", sha(BROKEN)));
        next.save(List.of(a));
        ResultCache warm = ResultCache.open(file, "s", KEY);
        assertNotNull(warm.get("a.xml", sha(BROKEN)));
        assertNull(warm.get("gone.xml", sha(BROKEN)));
    }

    @Test
    void anUnchangedCacheIsNotWrittenAgain() throws Exception {
        Path file = dir.resolve("cache.bin");
        List<FileResult> ab = saveBroken(file, "a.xml", "b.xml");

        ResultCache unchanged = ResultCache.open(file, "s", KEY);
        assertNotNull(unchanged.get("a.xml", sha(BROKEN)));
        assertNotNull(unchanged.get("b.xml", sha(BROKEN)));
        Files.delete(file);
        unchanged.save(ab);
        assertFalse(Files.exists(file), "nothing changed, so the cache file is not written");
    }

    // the key: ~/.addralloc/cache-key
    @Test
    void theKeyIsMadeOnceReadableByItsOwnerOnlyAndKept() throws Exception {
        Path key = keyInNewHome();
        byte[] first = CacheKey.load(key);
        assertEquals(32, first.length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));
        assertArrayEquals(first, CacheKey.load(key));
        try (var s = Files.list(key.getParent())) {
            assertEquals(List.of("cache-key"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aKeyOthersCanReadOrThatIsALinkIsNotUsed() throws Exception {
        Path key = keyInNewHome();
        CacheKey.load(key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        IOException open = assertThrows(IOException.class, () -> CacheKey.load(key));
        assertEquals("its key file is open to other users (mode 644; make it 600)", open.getMessage());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path elsewhere = Files.move(key, dir.resolve("planted-key"));
        Files.createSymbolicLink(key, elsewhere);
        IOException link = assertThrows(IOException.class, () -> CacheKey.load(key));
        assertEquals("its key file is not a regular file", link.getMessage());
        Files.delete(key);
        Files.setPosixFilePermissions(key.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException dirOpen = assertThrows(IOException.class, () -> CacheKey.load(key));
        assertTrue(dirOpen.getMessage().startsWith("its key directory is open to other users"), dirOpen.getMessage());
    }

    /** Caches BROKEN's result under each path, as a run over such files would; returns the results. */
    private static List<FileResult> saveBroken(Path file, String... paths) throws IOException {
        ResultCache cache = ResultCache.open(file, "s", KEY);
        List<FileResult> results = new java.util.ArrayList<>();
        for (String p : paths) {
            results.add(new FileChecker().check(p, bytes(BROKEN)));
            cache.put(p, sha(BROKEN));
        }
        cache.save(results);
        return results;
    }

    /** Where the key of a user whose home has no {@code .addralloc} yet goes. */
    private Path keyInNewHome() throws IOException {
        return Files.createDirectories(dir.resolve("home")).resolve(".addralloc/cache-key");
    }

    private static List<String> lines(List<FileResult> results) {
        return results.stream().flatMap(r -> r.findings().stream()).map(Finding::toConsoleLine).sorted().toList();
    }
}
