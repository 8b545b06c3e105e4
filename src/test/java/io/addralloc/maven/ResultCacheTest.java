package io.addralloc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.addralloc.libvirt.CrossFileChecks;
import io.addralloc.libvirt.FileChecker;
import io.addralloc.libvirt.FileResult;
import io.addralloc.libvirt.Finding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultCacheTest {
    @TempDir
    Path dir;

    private static final String BROKEN = """
            <domain type='qemu'>
              <name>web01</name>
              <uuid>6a1c8d2e-0b7f-4c1e-9d3a-2f4b5c6d7e01</uuid>
              <memory>131072</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <interface type='network'>
                  <mac address='52:54:00:00:00:01'/>
                  <source network='lan'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x22' function='0x0'/>
                </interface>
              </devices>
            </domain>
            """;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSavedResultComesBackEqualForTheSameBytesOnly() throws Exception {
        FileResult result = new FileChecker().check("vms/web01.xml", bytes(BROKEN));
        assertEquals(1, result.findings().size(), result.findings().toString());
        Path file = dir.resolve("cache.bin");
        ResultCache cache = ResultCache.open(file, "verify 1");
        String sha = ResultCache.sha256(bytes(BROKEN));
        cache.put("vms/web01.xml", sha, result);
        cache.save(Set.of("vms/web01.xml"));

        ResultCache again = ResultCache.open(file, "verify 1");
        FileResult cached = again.get("vms/web01.xml", sha);
        assertEquals(result, cached);
        assertEquals(1, again.hits());
        assertNull(again.get("vms/web01.xml", ResultCache.sha256(bytes(BROKEN + " "))));
        assertNull(again.get("vms/other.xml", sha));
        assertNull(ResultCache.open(file, "verify 2").get("vms/web01.xml", sha), "another plugin build");
    }

    @Test
    void checksAcrossFilesGiveTheSameFindingsFromCachedResults() throws Exception {
        FileChecker checker = new FileChecker();
        String other = BROKEN.replace("web01", "web02").replace("0x22", "0x05");
        List<FileResult> fresh = List.of(checker.check("a.xml", bytes(BROKEN)), checker.check("b.xml", bytes(other)));
        Path file = dir.resolve("cache.bin");
        ResultCache cache = ResultCache.open(file, "s");
        cache.put("a.xml", "1", fresh.get(0));
        cache.put("b.xml", "2", fresh.get(1));
        cache.save(Set.of("a.xml", "b.xml"));
        ResultCache warm = ResultCache.open(file, "s");
        List<FileResult> fromCache = List.of(warm.get("a.xml", "1"), warm.get("b.xml", "2"));
        List<String> expected = lines(CrossFileChecks.apply(fresh));
        assertEquals(expected, lines(CrossFileChecks.apply(fromCache)));
        // duplicate UUID and MAC between the files, plus the bad slot
        assertEquals(3, expected.size(), expected.toString());
    }

    @Test
    void aDamagedCacheIsIgnored() throws Exception {
        Path file = dir.resolve("cache.bin");
        ResultCache cache = ResultCache.open(file, "s");
        cache.put("a.xml", "1", new FileChecker().check("a.xml", bytes(BROKEN)));
        cache.save(Set.of("a.xml"));
        byte[] data = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(data, data.length / 2));
        assertNull(ResultCache.open(file, "s").get("a.xml", "1"));
        Files.write(file, bytes("garbage"));
        assertNull(ResultCache.open(file, "s").get("a.xml", "1"));
    }

    @Test
    void saveKeepsOnlyTheFilesOfThisRun() throws Exception {
        Path file = dir.resolve("cache.bin");
        ResultCache cache = ResultCache.open(file, "s");
        FileResult r = new FileChecker().check("a.xml", bytes(BROKEN));
        cache.put("a.xml", "1", r);
        cache.put("gone.xml", "2", r);
        cache.save(Set.of("a.xml"));
        ResultCache warm = ResultCache.open(file, "s");
        assertNotNull(warm.get("a.xml", "1"));
        assertNull(warm.get("gone.xml", "2"));
    }

    @Test
    void anUnchangedCacheIsNotWrittenAgainButADroppedFileIsDropped() throws Exception {
        Path file = dir.resolve("cache.bin");
        ResultCache first = ResultCache.open(file, "s");
        FileResult r = new FileChecker().check("a.xml", bytes(BROKEN));
        first.put("a.xml", "1", r);
        first.put("b.xml", "2", r);
        first.save(Set.of("a.xml", "b.xml"));
        byte[] saved = Files.readAllBytes(file);

        ResultCache unchanged = ResultCache.open(file, "s");
        assertNotNull(unchanged.get("a.xml", "1"));
        assertNotNull(unchanged.get("b.xml", "2"));
        Files.delete(file);
        unchanged.save(Set.of("a.xml", "b.xml"));
        assertFalse(Files.exists(file), "nothing changed, so the cache file is not written");

        Files.write(file, saved);
        ResultCache fewer = ResultCache.open(file, "s");
        assertNotNull(fewer.get("a.xml", "1"));
        fewer.save(Set.of("a.xml"));
        ResultCache after = ResultCache.open(file, "s");
        assertNotNull(after.get("a.xml", "1"));
        assertNull(after.get("b.xml", "2"));
    }

    private static List<String> lines(List<FileResult> results) {
        return results.stream().flatMap(r -> r.findings().stream()).map(Finding::toConsoleLine).sorted().toList();
    }
}
